//! A project's routing policy compiled once, and applied to a record.

use super::expr::{Expr, Exprs};
use super::reach::Reach;
use super::*;
use crate::model::ChannelSet;
use crate::model::{Channel, MessageKind, Project, Record, Strategy};

/// What a channel's legal basis rests on.
#[derive(Debug, Clone, Copy)]
enum Basis {
    Consent,
    ExistingCustomer,
    /// Transactional and service messages.
    NotNeeded,
}

struct ConsentExprs {
    given: Expr,
    at: Expr,
    source: Expr,
}

/// A project's routing policy, compiled once and applied to any number of records.
pub struct Router {
    exprs: Exprs,
    kind: MessageKind,
    strategy: Strategy,
    order: Vec<Channel>,
    preferred: Expr,
    opt_out: [Expr; 4],
    consent: [Option<ConsentExprs>; 4],
    existing_customer: Option<[Expr; 4]>,
    country: Expr,
    home_country: String,
    postal: [Expr; 4],
    /// Email address, phone number and chat id templates of the channels.
    to: [Expr; 3],
    cap: Option<crate::model::FrequencyCap>,
    /// The suppression list and earlier sends that decisions take into account; empty until
    /// set (see [`Context::load`]).
    pub context: Context,
}

impl Router {
    /// Compiles the project's routing policy; expressions that do not compile are listed
    /// by [`Router::errors`].
    pub fn new(project: &Project) -> Router {
        let r = &project.routing;
        let mut x = Exprs::new();
        let per = |x: &mut Exprs, c: Channel, what: &str, src: Option<&String>| match src {
            Some(s) => x.condition(&format!("routing.{what}.{c}"), s),
            None => Expr::Empty,
        };
        let opt_out = Channel::ALL.map(|c| per(&mut x, c, "opt_out", r.opt_out.get(&c)));
        let consent = Channel::ALL.map(|c| {
            r.consent.get(&c).map(|k| ConsentExprs {
                given: x.condition(&format!("routing.consent.{c}.given"), &k.given),
                at: x.value(
                    &format!("routing.consent.{c}.at"),
                    k.at.as_deref().unwrap_or(""),
                ),
                source: x.value(
                    &format!("routing.consent.{c}.source"),
                    k.source.as_deref().unwrap_or(""),
                ),
            })
        });
        let existing_customer = r.existing_customer.as_ref().map(|e| {
            [
                ("from_sale", &e.from_sale),
                ("similar_goods", &e.similar_goods),
                ("not_objected", &e.not_objected),
                ("informed", &e.informed),
            ]
            .map(|(n, s)| x.condition(&format!("routing.existing_customer.{n}"), s))
        });
        let p = &r.postal;
        let postal = [
            ("name", &p.name),
            ("street", &p.street),
            ("postal_code", &p.postal_code),
            ("city", &p.city),
        ]
        .map(|(n, s)| x.value(&format!("routing.postal.{n}"), s));
        let ch = &project.channels;
        let to = [
            x.template("email.to", &ch.email.to),
            x.template("sms.to", &ch.sms.to),
            x.template("chat.to", &ch.chat.to),
        ];
        Router {
            preferred: x.value("routing.preferred", &r.preferred),
            country: x.value("routing.country", &r.country),
            exprs: x,
            kind: project.meta.kind,
            strategy: r.strategy_for(project.meta.kind),
            order: r.order(),
            opt_out,
            consent,
            existing_customer,
            home_country: r.home_country.clone(),
            postal,
            to,
            cap: r.frequency_cap,
            context: Context::default(),
        }
    }

    /// Expressions of the policy that do not compile: field and message.
    pub fn errors(&self) -> &[(String, String)] {
        &self.exprs.errors
    }

    /// Whether the policy sends on every eligible channel or on one, for the project's
    /// kind of message.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// The legal basis for `c`, or `None` when there is none.
    fn basis(&self, c: Channel, record: &Record) -> Option<Basis> {
        if self.kind != MessageKind::Marketing {
            return Some(Basis::NotNeeded);
        }
        if let Some(k) = &self.consent[c as usize]
            && self.exprs.holds(&k.given, record)
        {
            return Some(Basis::Consent);
        }
        if c == Channel::Email
            && let Some(conditions) = &self.existing_customer
            && conditions.iter().all(|e| self.exprs.holds(e, record))
        {
            return Some(Basis::ExistingCustomer);
        }
        None
    }

    /// The evidence of a basis, in words; the consent's date and source are read only here,
    /// for the channels chosen.
    fn evidence(&self, c: Channel, basis: Basis, record: &Record) -> String {
        match basis {
            Basis::NotNeeded => format!("not needed ({})", kind_name(self.kind)),
            Basis::ExistingCustomer => "existing customer, UWG §7(3)".into(),
            Basis::Consent => {
                let mut s = "consent".to_owned();
                if let Some(k) = &self.consent[c as usize] {
                    let at = self.exprs.text(&k.at, record);
                    let source = self.exprs.text(&k.source, record);
                    if !at.is_empty() {
                        s.push_str(&format!(" of {at}"));
                    }
                    if !source.is_empty() {
                        s.push_str(&format!(" via {source}"));
                    }
                }
                s
            }
        }
    }

    fn reach(&self, c: Channel, record: &Record, country: &str) -> Reach {
        let x = &self.exprs;
        match c {
            Channel::Email => reach::email(&x.text(&self.to[0], record)),
            Channel::Sms => reach::phone(&x.text(&self.to[1], record), country),
            Channel::Chat => reach::chat(&x.text(&self.to[2], record)),
            Channel::Print => {
                let parts = self.postal.each_ref().map(|e| x.text(e, record));
                reach::postal(
                    parts.each_ref().map(String::as_str),
                    country,
                    &self.home_country,
                )
            }
        }
    }

    /// The channels whose address `record` has but in a form that cannot be used, with why,
    /// whatever its consent: what `check` reports, as export would not use those channels.
    pub fn invalid_addresses(&self, record: &Record) -> Vec<(Channel, String)> {
        let country = self.exprs.text(&self.country, record);
        Channel::ALL
            .into_iter()
            .filter_map(|c| match self.reach(c, record, &country) {
                Reach::Invalid(why) => Some((c, why)),
                _ => None,
            })
            .collect()
    }

    /// The decision for one record.
    pub fn decide(&self, record: &Record) -> Decision {
        let x = &self.exprs;
        let country = x.text(&self.country, record);
        let mut d = Decision {
            chosen: ChannelSet::NONE,
            reasons: [None; 4],
            preferred: parse_channel(&x.text(&self.preferred, record)),
            fallback: None,
            evidence: Default::default(),
            addresses: Default::default(),
            notes: Default::default(),
        };
        let capped = self.kind == MessageKind::Marketing
            && self
                .cap
                .is_some_and(|cap| self.context.sent_before.count(&record.id) >= cap.messages);
        let suppressed_id = self.context.suppression.contains(&record.id);
        let mut eligible = ChannelSet::NONE;
        let mut bases = [None; 4];
        for c in Channel::ALL {
            let i = c as usize;
            // The cheap checks first: an address (a phone number above all) is only parsed
            // for a channel nothing else has ruled out.
            let reason = if self.strategy == Strategy::Single && !self.order.contains(&c) {
                Some(Reason::NotInOrder)
            } else if x.holds(&self.opt_out[i], record) {
                Some(Reason::OptedOut)
            } else if suppressed_id {
                Some(Reason::Suppressed)
            } else if let Some(basis) = self.basis(c, record) {
                bases[i] = Some(basis);
                let reach = self.reach(c, record, &country);
                match reach {
                    Reach::Ok(a) if self.context.suppression.contains(&a) => {
                        d.addresses[i] = a;
                        Some(Reason::Suppressed)
                    }
                    Reach::Ok(a) => {
                        d.addresses[i] = a;
                        capped.then_some(Reason::FrequencyCap)
                    }
                    Reach::Missing => Some(Reason::NoAddress),
                    Reach::Invalid(why) => {
                        d.notes[i] = why;
                        Some(Reason::InvalidAddress)
                    }
                }
            } else {
                Some(Reason::NoConsent)
            };
            d.reasons[i] = reason;
            if reason.is_none() {
                eligible = eligible.with(c);
            }
        }
        let chosen = match self.strategy {
            Strategy::All => eligible,
            Strategy::Single => {
                let pick = d
                    .preferred
                    .filter(|p| eligible.contains(*p) && self.order.contains(p))
                    .or_else(|| self.order.iter().copied().find(|c| eligible.contains(*c)));
                if let (Some(p), Some(c)) = (d.preferred, pick)
                    && p != c
                {
                    let why = d.reasons[p as usize]
                        .map_or_else(|| "not in the routing order".to_owned(), |r| r.describe(p));
                    d.fallback = Some(format!(
                        "preferred {}: {why}; {} instead",
                        p.noun(),
                        c.noun()
                    ));
                }
                pick.map_or(ChannelSet::NONE, |c| ChannelSet::of(&[c]))
            }
        };
        for c in eligible.iter().filter(|c| !chosen.contains(*c)) {
            let in_order = self.order.contains(&c) || d.preferred == Some(c);
            d.reasons[c as usize] = Some(if in_order {
                Reason::NotPreferred
            } else {
                Reason::NotInOrder
            });
        }
        for c in chosen.iter() {
            if let Some(b) = bases[c as usize] {
                d.evidence[c as usize] = self.evidence(c, b, record);
            }
        }
        d.chosen = chosen;
        d
    }
}
