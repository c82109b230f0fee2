//! The routing policy: who gets the message on which channel, and on what legal basis.
//! Every field that reads the record is an expression over it (minijinja syntax; a plain
//! dotted path such as `consent.email` is read directly, without a template engine).

use super::{Channel, MessageKind, PerChannel};
use serde::{Deserialize, Serialize};

/// Who gets the message on which channel, e.g.
/// `routing: (strategy: Some(Single), order: [Email, Print])`; every field has a default.
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
    /// The strategy in force for a message of `kind`: the one set, else the kind's default.
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

/// How many channels one customer gets the message on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    /// One channel per customer: the preferred one when eligible, else the first eligible
    /// one in `order`.
    Single,
    /// Every eligible channel.
    All,
}

/// A channel's consent condition for marketing, with its evidence; each field is an expression
/// over the record, e.g. `(given: "consent.email", at: Some("consent_at.email"))`.
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
    /// True when the address came from a sale of goods or services to the customer.
    pub from_sale: String,
    /// True when the message advertises the seller's own similar goods or services.
    pub similar_goods: String,
    /// True when the customer has not objected to such advertising.
    pub not_objected: String,
    /// True when the customer was told, at collection and in every message, that they may object.
    pub informed: String,
}

/// Expressions for the four parts of a complete postal address; a letter goes only to
/// records that have all of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostalFields {
    /// The recipient's name; `company or last_name` by default.
    pub name: String,
    /// Street and house number; `street` by default.
    pub street: String,
    /// Postal code; `postal_code` by default.
    pub postal_code: String,
    /// City; `city` by default.
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

/// Most marketing messages per customer in a window of days, e.g. `(messages: 2, days: 30)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrequencyCap {
    /// How many marketing messages a customer may get within the window; further ones are not sent.
    pub messages: u32,
    /// Length of the window in days, today included.
    pub days: u32,
}
