//! Audience routing: one decision per record, computed once and used by every channel,
//! export, the report and the designer. Which channels the record gets, and for every channel
//! it does not get, why (a reason code), the fallback taken and the legal basis relied on.
//!
//! Per channel, in this order of precedence: `Single` never uses it (not in the policy's
//! order); the record opted out; its id is on the suppression list; a marketing message has no
//! legal basis (explicit consent, or for email the existing-customer exception of UWG §7(3));
//! the channel's address is suppressed, missing or not valid; the frequency cap is reached.
//! The channels left are eligible. The cheap checks come first, so that addresses (phone
//! numbers above all) are parsed only where they decide something. `All` sends on each of them;
//! `Single` on the preferred one when eligible, else on the first eligible one in the
//! policy's order.

mod expr;
pub mod frequency;
pub mod log;
pub mod reach;
pub mod suppress;

use crate::diag::Code;
use crate::model::ChannelSet;
use crate::model::{Channel, MessageKind, Project, Record, Strategy};
use expr::{Expr, Exprs};
use reach::Reach;
use serde::{Deserialize, Serialize};
pub use suppress::Suppression;

/// Why a channel is not used for a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The record opted out of the channel.
    OptedOut,
    /// The record's id, or its address on the channel, is on the suppression list.
    Suppressed,
    /// A marketing message without a legal basis on the channel (consent, or for email
    /// UWG §7(3)).
    NoConsent,
    /// The record has no address for the channel.
    NoAddress,
    /// The record's address for the channel cannot be used (the decision's notes say why).
    InvalidAddress,
    /// The record already got as many marketing messages as the frequency cap allows.
    FrequencyCap,
    /// Eligible, but `Single` chose another channel.
    NotPreferred,
    /// Eligible, but not in the policy's order (so `Single` never uses it).
    NotInOrder,
}

impl Reason {
    /// Every reason, in the order reports list them.
    pub const ALL: [Reason; 8] = [
        Reason::OptedOut,
        Reason::Suppressed,
        Reason::NoConsent,
        Reason::NoAddress,
        Reason::InvalidAddress,
        Reason::FrequencyCap,
        Reason::NotPreferred,
        Reason::NotInOrder,
    ];

    /// The stable kebab-case code the manifest, the routing log and diagnostics use.
    pub fn code(self) -> &'static str {
        Code::from(self).as_str()
    }

    /// A few words for headers and reports: "no consent for SMS".
    pub fn describe(self, c: Channel) -> String {
        let name = c.noun();
        match self {
            Reason::OptedOut => format!("opted out of {name}"),
            Reason::Suppressed => "on the suppression list".into(),
            Reason::NoConsent => format!("no consent for {name}"),
            Reason::NoAddress => format!("no {}", address_name(c)),
            Reason::InvalidAddress => format!("invalid {}", address_name(c)),
            Reason::FrequencyCap => "frequency cap reached".into(),
            Reason::NotPreferred => "another channel was chosen".into(),
            Reason::NotInOrder => format!("{name} is not in the routing order"),
        }
    }

    /// The reason whose [`Reason::code`] this is, if any.
    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The reason a diagnostic of this code reports, if it is one.
    pub fn of_code(code: Code) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| Code::from(*r) == code)
    }
}

impl From<Reason> for Code {
    fn from(r: Reason) -> Code {
        match r {
            Reason::OptedOut => Code::OptedOut,
            Reason::Suppressed => Code::Suppressed,
            Reason::NoConsent => Code::NoConsent,
            Reason::NoAddress => Code::NoAddress,
            Reason::InvalidAddress => Code::InvalidAddress,
            Reason::FrequencyCap => Code::FrequencyCap,
            Reason::NotPreferred => Code::NotPreferred,
            Reason::NotInOrder => Code::NotInOrder,
        }
    }
}

fn address_name(c: Channel) -> &'static str {
    match c {
        Channel::Email => "email address",
        Channel::Sms => "mobile number",
        Channel::Chat => "chat id",
        Channel::Print => "complete postal address",
    }
}

/// What was decided for one record. It is read back from an export's manifest when the
/// export is resumed or merged, and written again exactly as it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The channels it gets.
    #[serde(serialize_with = "serialize_set", deserialize_with = "deserialize_set")]
    pub chosen: ChannelSet,
    /// Per channel (indexed by `Channel as usize`): why it is not used, `None` when chosen.
    pub reasons: [Option<Reason>; 4],
    /// The record's preferred channel, when it names one.
    pub preferred: Option<Channel>,
    /// `Single` could not use the preferred channel: what it fell back to and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    /// Per chosen channel: the legal basis relied on (consent with its date and source,
    /// UWG §7(3), or "not needed" for transactional messages); empty for the others.
    pub evidence: [String; 4],
    /// Per channel: the address, normalised (E.164 phone, lower-case email domain).
    pub addresses: [String; 4],
    /// Per channel: details of an invalid address, for the report.
    #[serde(skip)]
    pub notes: [String; 4],
}

fn deserialize_set<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ChannelSet, D::Error> {
    let names: Vec<String> = serde::Deserialize::deserialize(d)?;
    let mut set = ChannelSet::default();
    for n in names {
        let c = Channel::parse(&n)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown channel `{n}`")))?;
        set = set.with(c);
    }
    Ok(set)
}

fn serialize_set<S: serde::Serializer>(set: &ChannelSet, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(None)?;
    for c in set.iter() {
        seq.serialize_element(c.name())?;
    }
    seq.end()
}

impl Decision {
    /// Why `c` is not used for the record; `None` when it is chosen.
    pub fn reason(&self, c: Channel) -> Option<Reason> {
        self.reasons[c as usize]
    }

    /// "email" / "sms+print" / "" for nothing.
    pub fn chosen_names(&self) -> String {
        self.chosen
            .iter()
            .map(Channel::name)
            .collect::<Vec<_>>()
            .join("+")
    }

    /// Why `c` is not used, in words: "no consent for SMS", "goes by email instead".
    pub fn explain(&self, c: Channel) -> Option<String> {
        let r = self.reason(c)?;
        Some(match r {
            Reason::NotPreferred | Reason::NotInOrder if !self.chosen.is_empty() => {
                let by: Vec<&str> = self.chosen.iter().map(Channel::noun).collect();
                format!("goes by {} instead", by.join(" and "))
            }
            _ => r.describe(c),
        })
    }

    /// One line for a preview header: "sent", "not sent: no consent for SMS", or for the
    /// channel a fallback chose, "sent (fallback: preferred email: no email address; …)".
    pub fn summary(&self, c: Channel) -> String {
        match self.explain(c) {
            Some(why) => format!("not sent: {why}"),
            None => match (&self.fallback, self.preferred) {
                (Some(why), Some(p)) if p != c => format!("sent (fallback: {why})"),
                _ => "sent".into(),
            },
        }
    }
}

/// What the routing of an export knows besides the records: the suppression list and the
/// marketing messages each customer got from earlier exports within the cap's window.
#[derive(Debug, Default, Clone)]
pub struct Context {
    /// Contacts that must never be reached.
    pub suppression: Suppression,
    /// Marketing messages per record id from earlier exports within the cap's window.
    pub sent_before: frequency::Counts,
}

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

/// Records counted by the channels they get and by the reasons channels were left out: of a
/// plan (`prism route`, the Audience window: what routing chose) or of an export (what was
/// written; see [`Tally::add_export`]).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Records counted.
    pub records: usize,
    /// Per channel (`Channel as usize`): records that get it: chosen in a plan, sent (written)
    /// in an export.
    pub chosen: [usize; 4],
    /// Records that get nothing at all.
    pub unreached: usize,
    /// Per channel and reason: records that do not get that channel for that reason.
    pub reasons: std::collections::BTreeMap<(Channel, Reason), usize>,
    /// Per channel, in an export: records routing chose it for whose artefact failed.
    pub failed: [usize; 4],
    /// Per channel, in an export: records routing chose it for that the export left out.
    pub not_exported: [usize; 4],
    /// Whether it counts an export's cells rather than a plan's decisions.
    pub exported: bool,
}

impl Tally {
    /// Counts one record's decision (a plan).
    pub fn add(&mut self, d: &Decision) {
        self.records += 1;
        if d.chosen.is_empty() {
            self.unreached += 1;
        }
        for c in Channel::ALL {
            match d.reason(c) {
                None => self.chosen[c as usize] += 1,
                Some(r) => *self.reasons.entry((c, r)).or_insert(0) += 1,
            }
        }
    }

    /// Counts what one record's export did per channel: a record reached on no channel is
    /// one with nothing written.
    pub fn add_export(&mut self, cells: &[log::Cell; 4]) {
        self.exported = true;
        self.records += 1;
        if !cells.contains(&log::Cell::Sent) {
            self.unreached += 1;
        }
        for c in Channel::ALL {
            let i = c as usize;
            match cells[i] {
                log::Cell::Sent => self.chosen[i] += 1,
                log::Cell::NotSent(r) => *self.reasons.entry((c, r)).or_insert(0) += 1,
                log::Cell::Failed => self.failed[i] += 1,
                log::Cell::NotExported => self.not_exported[i] += 1,
            }
        }
    }

    /// Records not getting `c` for reason `r`.
    pub fn count(&self, c: Channel, r: Reason) -> usize {
        self.reasons.get(&(c, r)).copied().unwrap_or(0)
    }
}

impl std::fmt::Display for Tally {
    /// Two lines per channel at most: how many get it, and why the others do not.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, got, none) = match self.exported {
            true => ("routing", "sent", "reached on no channel (nothing written)"),
            false => ("routing plan", "chosen", "reached on no channel"),
        };
        writeln!(
            f,
            "  {what}: {} records, {} {none}",
            self.records, self.unreached
        )?;
        for c in Channel::ALL {
            let i = c as usize;
            let mut why: Vec<String> = Reason::ALL
                .iter()
                .filter_map(|r| {
                    let n = self.count(c, *r);
                    (n > 0).then(|| format!("{} {n}", r.code()))
                })
                .collect();
            for (n, code) in [
                (self.failed[i], "failed"),
                (self.not_exported[i], "not-exported"),
            ] {
                if n > 0 {
                    why.push(format!("{code} {n}"));
                }
            }
            writeln!(
                f,
                "    {:<6} {:>7} {got:<7}  {}",
                c.name(),
                self.chosen[i],
                why.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Where routing's context comes from: the files `prism export --suppress … --history …`
/// names, or the designer's Audience window.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Inputs {
    /// Contacts never to reach: email addresses, phone numbers or record ids, one a line.
    pub suppress: Option<std::path::PathBuf>,
    /// Earlier exports (their folders or `routing.csv`), for the frequency cap.
    pub history: Vec<std::path::PathBuf>,
}

impl Context {
    /// The suppression list and the earlier exports' logs for a policy's frequency cap.
    pub fn load(project: &Project, inputs: &Inputs) -> Result<Context, String> {
        let (suppress, history) = (inputs.suppress.as_deref(), &inputs.history);
        let suppression = match suppress {
            Some(p) => Suppression::load(p)?,
            None => Suppression::default(),
        };
        let sent_before = match project.routing.frequency_cap {
            Some(cap) if !history.is_empty() => {
                frequency::Counts::load(history, frequency::today(), cap.days)?
            }
            _ => frequency::Counts::default(),
        };
        Ok(Context {
            suppression,
            sent_before,
        })
    }
}

/// The kind of message as manifests and routing logs write it: `transactional`,
/// `service` or `marketing`.
pub fn kind_name(k: MessageKind) -> &'static str {
    match k {
        MessageKind::Transactional => "transactional",
        MessageKind::Service => "service",
        MessageKind::Marketing => "marketing",
    }
}

/// A channel as records name it: `email`, `sms`, `chat`, `print`, `letter`, `post`, any case.
pub fn parse_channel(s: &str) -> Option<Channel> {
    match s.trim().to_ascii_lowercase().as_str() {
        "letter" | "post" | "mail" => Some(Channel::Print),
        other => Channel::parse(other),
    }
}
