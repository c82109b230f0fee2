//! The routing policy: who gets the message on which channel, and on what legal basis.
//! Every field that reads the record is an expression over it (minijinja syntax; a plain
//! dotted path such as `consent.email` is read directly, without a template engine).

use super::{Channel, MessageKind, PerChannel};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Routing {
    /// `None`: the message kind's default, `Single` for marketing and `All` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// The fallback order of `Single` after the preferred channel; channels not listed are
    /// not used by it. Empty: email, SMS, chat, letter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<Channel>,
    /// The record's preferred channel: `email`, `sms`, `chat`, `print` (or `letter`).
    pub preferred: String,
    /// Per channel: true when the record has opted out of it (respected for every kind).
    #[serde(skip_serializing_if = "PerChannel::is_empty")]
    pub opt_out: PerChannel<String>,
    /// Per channel: the explicit consent a marketing message needs there.
    #[serde(skip_serializing_if = "PerChannel::is_empty")]
    pub consent: PerChannel<Consent>,
    /// Email marketing without consent to an existing customer (UWG §7(3)): all four
    /// conditions must hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_customer: Option<ExistingCustomer>,
    /// The record's country (ISO 3166 alpha-2), for phone numbers without a `+` and for
    /// addresses abroad.
    pub country: String,
    /// Where the sender is: addresses elsewhere need a country.
    pub home_country: String,
    /// What makes a postal address complete.
    pub postal: PostalFields,
    /// At most this many marketing messages per customer in a window of days, counted from
    /// the routing logs of earlier exports (`--history`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_cap: Option<FrequencyCap>,
}

impl Default for Routing {
    fn default() -> Self {
        Routing {
            strategy: None,
            order: Vec::new(),
            preferred: "preferred_channel".into(),
            opt_out: PerChannel::new(),
            consent: PerChannel::new(),
            existing_customer: None,
            country: "country".into(),
            home_country: "DE".into(),
            postal: PostalFields::default(),
            frequency_cap: None,
        }
    }
}

impl Routing {
    pub fn strategy_for(&self, kind: MessageKind) -> Strategy {
        self.strategy.unwrap_or(match kind {
            MessageKind::Marketing => Strategy::Single,
            MessageKind::Transactional | MessageKind::Service => Strategy::All,
        })
    }

    /// The fallback order of `Single`.
    pub fn order(&self) -> Vec<Channel> {
        if self.order.is_empty() {
            Channel::ALL.to_vec()
        } else {
            self.order.clone()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    /// One channel per customer: the preferred one when eligible, else the first eligible
    /// one in `order`.
    Single,
    /// Every eligible channel.
    All,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// True when the record consented.
    pub given: String,
    /// When it was given (evidence for the report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Where it was given: a form, a call, a shop (evidence for the report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// UWG §7(3): the address came from a sale of goods or services, the advertising is for the
/// seller's own similar goods or services, the customer has not objected, and was told at
/// collection and in every message that they may object at any time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistingCustomer {
    pub from_sale: String,
    pub similar_goods: String,
    pub not_objected: String,
    pub informed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostalFields {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

impl Default for PostalFields {
    fn default() -> Self {
        PostalFields {
            name: "company or last_name".into(),
            street: "street".into(),
            postal_code: "postal_code".into(),
            city: "city".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrequencyCap {
    pub messages: u32,
    pub days: u32,
}
