//! Templating: compiles every text of a project once, then resolves it against records.

mod filters;
pub mod markdown;
mod resolved;

pub use resolved::{ChannelSet, Recipients, Resolved, ResolvedBlock, ResolvedMessage, Table, View};

use crate::diag::{Diagnostic, Severity, TemplatePos};
use crate::model::{Align, Block, BlockKind, Channel, ImageWidth, MessageKind, Project, Record};
use markdown::RichText;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use std::cell::Cell;

/// Work one template render may do (instructions and ~64-byte units of data):
/// enough for any real message field, small enough that an endless loop ends in milliseconds.
const FUEL: u64 = 200_000;
const RECURSION_LIMIT: usize = 64;
/// Largest text one field may produce.
pub const MAX_FIELD_BYTES: usize = 256 * 1024;
const MARKDOWN_SUFFIX: &str = ".md";

thread_local! {
    /// Set by the formatter when a template prints an undefined (missing) value.
    static SAW_UNDEFINED: Cell<bool> = const { Cell::new(false) };
}

/// How to resolve.
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions {
    /// Only blocks shown on these channels are resolved.
    pub channels: ChannelSet,
    /// Missing record fields are errors (for `prism check`) instead of warnings.
    pub strict: bool,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            channels: ChannelSet::ALL,
            strict: false,
        }
    }
}

/// A project with all its templates compiled; cheap to resolve against many records.
pub struct Engine {
    env: Environment<'static>,
    plan: Vec<PlanBlock>,
    /// Template syntax errors, reported with every resolved message.
    compile_diagnostics: Vec<Diagnostic>,
    kind: MessageKind,
    language: String,
    consent: [Option<String>; 4],
}

/// A template's name in the environment: `block:field`, plus `.md` for inline Markdown.
type Name = String;

struct PlanBlock {
    id: String,
    required: bool,
    channels: ChannelSet,
    /// Channels seen through this block at all: its own plus its overrides'.
    reach: ChannelSet,
    kind: PlanKind,
    overrides: Vec<(Channel, Name)>,
}

enum PlanKind {
    Heading(Name),
    Text(Name),
    Button {
        label: Name,
        url: Name,
    },
    Image {
        asset: String,
        alt: Name,
        url: Option<Name>,
        width: ImageWidth,
    },
    Table {
        source: String,
        headers: Vec<Name>,
        values: Vec<Name>,
        align: Vec<Align>,
        footer: Vec<Name>,
        empty: Name,
    },
    Divider,
    Signature(Name),
    Legal(Name),
    Group {
        when: String,
        blocks: Vec<PlanBlock>,
    },
}

impl Engine {
    pub fn new(project: &Project) -> Engine {
        let mut env = Environment::new();
        env.set_fuel(Some(FUEL));
        // Debug info clones the template source into every error: too slow for batch export.
        env.set_debug(false);
        env.set_recursion_limit(RECURSION_LIMIT);
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(MARKDOWN_SUFFIX) {
                AutoEscape::Custom("markdown".into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        let lang = project.meta.language.clone();
        env.add_filter("date", move |v: &Value| filters::date(&lang, v));
        let lang = project.meta.language.clone();
        env.add_filter("money", move |v: &Value, c: Option<&Value>| {
            filters::money(&lang, v, c)
        });
        let mut engine = Engine {
            env,
            plan: Vec::new(),
            compile_diagnostics: Vec::new(),
            kind: project.meta.kind,
            language: project.meta.language.clone(),
            consent: [
                project.channels.email.consent.clone(),
                project.channels.sms.consent.clone(),
                project.channels.chat.consent.clone(),
                project.channels.print.consent.clone(),
            ],
        };
        let c = &project.content;
        engine.add("message:subject", &c.subject);
        engine.add("message:preheader", &c.preheader);
        let ch = &project.channels;
        engine.add("email:to", &ch.email.to);
        engine.add("email:to_name", &ch.email.to_name);
        engine.add("sms:to", &ch.sms.to);
        engine.add("chat:to", &ch.chat.to);
        for (i, q) in ch.chat.quick_replies.iter().enumerate() {
            engine.add(&format!("chat:quick_reply_{}", i + 1), q);
        }
        if let Some(u) = &project.meta.unsubscribe_url {
            engine.add("message:unsubscribe_url", u);
        }
        if let Some(u) = &project.meta.unsubscribe_mailto {
            engine.add("message:unsubscribe_mailto", u);
        }
        engine.plan = engine.plan_blocks(&c.blocks, ChannelSet::ALL);
        engine
    }

    /// Adds a template; a syntax error becomes a diagnostic and the field renders empty.
    fn add(&mut self, name: &str, source: &str) -> Name {
        if let Err(e) = self
            .env
            .add_template_owned(name.to_owned(), source.to_owned())
        {
            self.compile_diagnostics
                .push(template_diagnostic(name, &e, source, Severity::Error));
        }
        name.to_owned()
    }

    fn plan_blocks(&mut self, blocks: &[Block], parent: ChannelSet) -> Vec<PlanBlock> {
        blocks.iter().map(|b| self.plan_block(b, parent)).collect()
    }

    fn plan_block(&mut self, b: &Block, parent: ChannelSet) -> PlanBlock {
        let id = &b.id;
        let channels = b
            .channels
            .as_deref()
            .map_or(ChannelSet::ALL, ChannelSet::of)
            .intersect(parent);
        let md = |field: &str| format!("{id}:{field}{MARKDOWN_SUFFIX}");
        let plain = |field: &str| format!("{id}:{field}");
        let kind = match &b.kind {
            BlockKind::Heading { text } => PlanKind::Heading(self.add(&plain("text"), text)),
            BlockKind::Text { text } => PlanKind::Text(self.add(&md("text"), text)),
            BlockKind::Button { label, url } => PlanKind::Button {
                label: self.add(&plain("label"), label),
                url: self.add(&plain("url"), url),
            },
            BlockKind::Image {
                asset,
                alt,
                url,
                width,
            } => PlanKind::Image {
                asset: asset.clone(),
                alt: self.add(&plain("alt"), alt),
                url: url.as_ref().map(|u| self.add(&plain("url"), u)),
                width: *width,
            },
            BlockKind::Table {
                source,
                columns,
                footer,
                empty,
            } => PlanKind::Table {
                source: source.clone(),
                headers: columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.add(&plain(&format!("column{}.header", i + 1)), &c.header))
                    .collect(),
                values: columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.add(&plain(&format!("column{}.value", i + 1)), &c.value))
                    .collect(),
                align: columns.iter().map(|c| c.align).collect(),
                footer: footer
                    .iter()
                    .enumerate()
                    .map(|(i, f)| self.add(&plain(&format!("footer{}", i + 1)), f))
                    .collect(),
                empty: self.add(&md("empty"), empty),
            },
            BlockKind::Divider => PlanKind::Divider,
            BlockKind::Signature { text } => PlanKind::Signature(self.add(&md("text"), text)),
            BlockKind::Legal { text } => PlanKind::Legal(self.add(&md("text"), text)),
            BlockKind::Group { when, blocks } => PlanKind::Group {
                when: when.clone(),
                blocks: self.plan_blocks(blocks, channels),
            },
        };
        let overrides: Vec<(Channel, Name)> = b
            .overrides
            .iter()
            .map(|(c, text)| (*c, self.add(&md(&format!("override.{c}")), text)))
            .collect();
        let mut reach = channels;
        for (c, _) in &overrides {
            reach = reach.with(*c);
        }
        if let PlanKind::Group { blocks, .. } = &kind {
            reach = blocks.iter().fold(reach, |r, child| r.union(child.reach));
        }
        PlanBlock {
            id: id.clone(),
            required: b.required,
            channels,
            reach,
            kind,
            overrides,
        }
    }

    /// Resolves every template for one record.
    pub fn resolve(&self, record: &Record, options: ResolveOptions) -> ResolvedMessage {
        let mut cx = Resolver {
            engine: self,
            record,
            options,
            diagnostics: self.compile_diagnostics.clone(),
        };
        let mut blocks = Vec::new();
        cx.blocks(&self.plan, &mut blocks);
        let subject = cx.plain("message:subject", &record.value);
        let preheader = cx.plain("message:preheader", &record.value);
        let wants = |c| options.channels.contains(c);
        let recipients = Recipients {
            email: if wants(Channel::Email) {
                one_line(&cx.plain("email:to", &record.value))
            } else {
                String::new()
            },
            email_name: if wants(Channel::Email) {
                one_line(&cx.plain("email:to_name", &record.value))
            } else {
                String::new()
            },
            phone: if wants(Channel::Sms) {
                one_line(&cx.plain("sms:to", &record.value))
            } else {
                String::new()
            },
            chat: if wants(Channel::Chat) {
                one_line(&cx.plain("chat:to", &record.value))
            } else {
                String::new()
            },
        };
        let mut consent = ChannelSet::NONE;
        for c in options.channels.iter() {
            let given = match &self.consent[c as usize] {
                Some(expr) => cx.condition(expr, &format!("channels.{c}.consent"), None),
                None => {
                    if self.kind == MessageKind::Marketing {
                        cx.diagnostics.push(
                            Diagnostic::warning(
                                "no-consent-check",
                                "a marketing message without a consent expression for this channel",
                            )
                            .on(c)
                            .at_field(&format!("channels.{c}.consent")),
                        );
                    }
                    true
                }
            };
            if given {
                consent = consent.with(c);
            }
        }
        let unsubscribe_url = self
            .env
            .get_template("message:unsubscribe_url")
            .ok()
            .map(|_| cx.plain("message:unsubscribe_url", &record.value));
        let unsubscribe_mailto = self
            .env
            .get_template("message:unsubscribe_mailto")
            .ok()
            .map(|_| cx.plain("message:unsubscribe_mailto", &record.value));
        let unsubscribe_url = unsubscribe_url.filter(|u| {
            cx.check_link(u, "https only", |s| s == "https", "meta", "unsubscribe_url")
        });
        let unsubscribe_mailto = unsubscribe_mailto.filter(|u| {
            cx.check_link(
                u,
                "mailto only",
                |s| s == "mailto",
                "meta",
                "unsubscribe_mailto",
            )
        });
        if self.kind == MessageKind::Marketing
            && unsubscribe_url.is_none()
            && unsubscribe_mailto.is_none()
        {
            cx.diagnostics.push(Diagnostic::error(
                "no-unsubscribe",
                "a marketing message needs an unsubscribe link (meta.unsubscribe_url or unsubscribe_mailto)",
            ));
        }
        let quick_replies = if wants(Channel::Chat) {
            (1..)
                .map(|i| format!("chat:quick_reply_{i}"))
                .take_while(|n| self.env.get_template(n).is_ok())
                .map(|n| cx.plain(&n, &record.value))
                .collect()
        } else {
            Vec::new()
        };
        ResolvedMessage {
            record_id: record.id.clone(),
            language: self.language.clone(),
            subject: one_line(&subject),
            preheader: one_line(&preheader),
            blocks,
            recipients,
            consent,
            unsubscribe_url,
            unsubscribe_mailto,
            quick_replies,
            diagnostics: cx.diagnostics,
        }
    }
}

/// Subjects and preheaders are single lines whatever a record holds.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_control())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

/// The formatter: Markdown fields get customer values escaped; undefined values are noted.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        SAW_UNDEFINED.with(|s| s.set(true));
        return Ok(());
    }
    if matches!(state.auto_escape(), AutoEscape::Custom(n) if n == "markdown") && !value.is_safe() {
        let mut escaped = String::new();
        match value.as_str() {
            Some(s) => markdown::escape_markdown(s, &mut escaped),
            None => markdown::escape_markdown(&value.to_string(), &mut escaped),
        }
        return out
            .write_str(&escaped)
            .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "write failed"));
    }
    minijinja::escape_formatter(out, state, value)
}

struct Resolver<'a> {
    engine: &'a Engine,
    record: &'a Record,
    options: ResolveOptions,
    diagnostics: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn blocks(&mut self, plan: &[PlanBlock], out: &mut Vec<ResolvedBlock>) {
        for b in plan {
            if b.reach.intersect(self.options.channels).is_empty() {
                continue;
            }
            let ctx = &self.record.value;
            let content = match &b.kind {
                PlanKind::Group { when, blocks } => {
                    if self.condition(when, "when", Some(&b.id)) {
                        self.blocks(blocks, out);
                    }
                    continue;
                }
                PlanKind::Heading(t) => Resolved::Heading(one_line(&self.plain(t, ctx))),
                PlanKind::Text(t) => Resolved::Text(self.rich(t, ctx)),
                PlanKind::Signature(t) => Resolved::Signature(self.rich(t, ctx)),
                PlanKind::Legal(t) => Resolved::Legal(self.rich(t, ctx)),
                PlanKind::Button { label, url } => {
                    let url = self.plain(url, ctx).trim().to_owned();
                    let ok =
                        self.check_link(&url, "https, mailto or tel", allowed_scheme, &b.id, "url");
                    Resolved::Button {
                        label: one_line(&self.plain(label, ctx)),
                        url: ok.then_some(url),
                    }
                }
                PlanKind::Image {
                    asset,
                    alt,
                    url,
                    width,
                } => {
                    let url = url.as_ref().map(|u| self.plain(u, ctx).trim().to_owned());
                    let url =
                        url.filter(|u| self.check_link(u, "https", |s| s == "https", &b.id, "url"));
                    Resolved::Image {
                        asset: asset.clone(),
                        alt: one_line(&self.plain(alt, ctx)),
                        url,
                        width: *width,
                    }
                }
                PlanKind::Table {
                    source,
                    headers,
                    values,
                    align,
                    footer,
                    empty,
                } => Resolved::Table(Table {
                    headers: headers
                        .iter()
                        .map(|h| one_line(&self.plain(h, ctx)))
                        .collect(),
                    align: align.clone(),
                    rows: self.table_rows(&b.id, source, values),
                    footer: (!footer.is_empty()).then(|| {
                        footer
                            .iter()
                            .map(|f| one_line(&self.plain(f, ctx)))
                            .collect()
                    }),
                    empty: self.rich(empty, ctx).plain(),
                }),
                PlanKind::Divider => Resolved::Divider,
            };
            let mut overrides = Vec::new();
            for (c, name) in &b.overrides {
                if self.options.channels.contains(*c) {
                    overrides.push((*c, self.rich(name, ctx)));
                }
            }
            let mut content = content;
            if let Resolved::Text(t) | Resolved::Signature(t) | Resolved::Legal(t) = &mut content {
                self.drop_unsafe_links(t, &b.id, "text");
            }
            for (c, t) in &mut overrides {
                self.drop_unsafe_links(t, &b.id, &format!("override.{c}"));
            }
            out.push(ResolvedBlock {
                id: b.id.clone(),
                required: b.required,
                channels: b.channels,
                content,
                overrides,
            });
        }
    }

    fn table_rows(&mut self, block: &str, source: &str, values: &[Name]) -> Vec<Vec<String>> {
        let list = match self.eval(source, block, "source") {
            Some(v) => v,
            None => return Vec::new(),
        };
        if list.is_undefined() || list.is_none() {
            let sev = if self.options.strict {
                Severity::Error
            } else {
                Severity::Warning
            };
            self.diagnostics.push(
                Diagnostic::new(
                    sev,
                    "undefined-variable",
                    format!("this record has no `{source}` list; the table stays empty"),
                )
                .at_block(block)
                .at_field("source"),
            );
            return Vec::new();
        }
        let Ok(items) = list.try_iter() else {
            self.diagnostics.push(
                Diagnostic::error(
                    "table-source",
                    format!("`{source}` is a {}, not a list", list.kind()),
                )
                .at_block(block)
                .at_field("source"),
            );
            return Vec::new();
        };
        items
            .map(|item| {
                let ctx = minijinja::context! { item => item, ..self.record.value.clone() };
                values
                    .iter()
                    .map(|v| one_line(&self.plain(v, &ctx)))
                    .collect()
            })
            .collect()
    }

    /// Renders one template; errors become diagnostics and an empty result.
    fn render(&mut self, name: &str, ctx: &Value) -> String {
        let Ok(tmpl) = self.engine.env.get_template(name) else {
            return String::new(); // it failed to compile: already reported
        };
        SAW_UNDEFINED.with(|s| s.set(false));
        let result = tmpl.render(ctx);
        let saw_undefined = SAW_UNDEFINED.with(|s| s.replace(false));
        match result {
            Ok(text) if text.len() > MAX_FIELD_BYTES => {
                self.diagnostics.push(diag_for_name(
                    name,
                    Severity::Error,
                    "template-limit",
                    format!(
                        "output of {} bytes exceeds the limit of {MAX_FIELD_BYTES}",
                        text.len()
                    ),
                ));
                String::new()
            }
            Ok(text) => {
                if saw_undefined {
                    let missing = self.missing_fields(&tmpl);
                    let sev = if self.options.strict {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    let message = if missing.is_empty() {
                        "prints a value this record does not have".to_owned()
                    } else {
                        format!(
                            "this record has no {}",
                            missing
                                .iter()
                                .map(|m| format!("`{m}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    self.diagnostics
                        .push(diag_for_name(name, sev, "undefined-variable", message));
                }
                text
            }
            Err(e) => {
                self.diagnostics.push(template_diagnostic(
                    name,
                    &e,
                    tmpl.source(),
                    Severity::Error,
                ));
                String::new()
            }
        }
    }

    /// The record fields a template printed but the record lacks, each named by its first
    /// missing part (`address`, not `address.city`, when there is no `address`).
    fn missing_fields(&self, tmpl: &minijinja::Template) -> Vec<String> {
        let mut names: Vec<String> = tmpl
            .undeclared_variables(true)
            .into_iter()
            .filter(|n| n != "item" && !n.starts_with("item."))
            .filter_map(|n| {
                let mut prefix = String::new();
                for part in n.split('.') {
                    if !prefix.is_empty() {
                        prefix.push('.');
                    }
                    prefix.push_str(part);
                    if self.record.get(&prefix).is_none_or(|v| v.is_null()) {
                        return Some(prefix);
                    }
                }
                None
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    fn plain(&mut self, name: &str, ctx: &Value) -> String {
        self.render(name, ctx)
    }

    fn rich(&mut self, name: &str, ctx: &Value) -> RichText {
        markdown::parse(&self.render(name, ctx))
    }

    fn eval(&mut self, expr: &str, block: &str, field: &str) -> Option<Value> {
        let result = self
            .engine
            .env
            .compile_expression(expr)
            .and_then(|e| e.eval(&self.record.value));
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                let d = template_diagnostic("", &e, expr, Severity::Error);
                self.diagnostics.push(Diagnostic {
                    block: Some(block.to_owned()),
                    field: Some(field.to_owned()),
                    ..d
                });
                None
            }
        }
    }

    /// Evaluates a condition; a broken one counts as false.
    fn condition(&mut self, expr: &str, field: &str, block: Option<&str>) -> bool {
        let result = self
            .engine
            .env
            .compile_expression(expr)
            .and_then(|e| e.eval(&self.record.value));
        match result {
            Ok(v) => v.is_true(),
            Err(e) => {
                let d = template_diagnostic("", &e, expr, Severity::Error);
                self.diagnostics.push(Diagnostic {
                    block: block.map(str::to_owned),
                    field: Some(field.to_owned()),
                    ..d
                });
                false
            }
        }
    }

    /// Keeps the text of a link whose target is not https, mailto or tel, but not the link.
    fn drop_unsafe_links(&mut self, text: &mut RichText, block: &str, field: &str) {
        for span in text.paragraphs.iter_mut().flatten() {
            if let Some(link) = span.link.take_if(|l| !link_ok(l, allowed_scheme)) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "unsafe-link",
                        format!("link `{link}` is not https, mailto or tel; it is left out"),
                    )
                    .at_block(block)
                    .at_field(field),
                );
            }
        }
    }

    fn check_link(
        &mut self,
        url: &str,
        allowed: &str,
        ok: impl Fn(&str) -> bool,
        block: &str,
        field: &str,
    ) -> bool {
        if link_ok(url, ok) {
            return true;
        }
        let d = Diagnostic::error(
            "unsafe-link",
            format!("link `{url}` is not allowed ({allowed}); it is left out"),
        )
        .at_field(field);
        self.diagnostics.push(if block == "meta" {
            d
        } else {
            d.at_block(block)
        });
        false
    }
}

fn allowed_scheme(s: &str) -> bool {
    matches!(s, "https" | "mailto" | "tel")
}

/// Is `url` absolute with an allowed scheme and free of spaces and control characters?
pub fn link_ok(url: &str, ok: impl Fn(&str) -> bool) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && ok(&scheme.to_ascii_lowercase())
}

fn diag_for_name(
    name: &str,
    severity: Severity,
    code: &'static str,
    message: String,
) -> Diagnostic {
    let (owner, field) = name.split_once(':').unwrap_or(("", name));
    let field = field.strip_suffix(MARKDOWN_SUFFIX).unwrap_or(field);
    let d = Diagnostic::new(severity, code, message).at_field(field);
    match owner {
        "message" | "" => d,
        "email" | "sms" | "chat" => Diagnostic {
            field: Some(format!("channels.{owner}.{field}")),
            ..d
        },
        block => d.at_block(block),
    }
}

/// A minijinja error as a diagnostic, with the position inside the template text.
fn template_diagnostic(
    name: &str,
    e: &minijinja::Error,
    source: &str,
    severity: Severity,
) -> Diagnostic {
    let code = match e.kind() {
        ErrorKind::SyntaxError => "template-syntax",
        ErrorKind::OutOfFuel => "template-limit",
        ErrorKind::UndefinedError => "undefined-variable",
        _ => "template-error",
    };
    let mut message = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    if e.kind() == ErrorKind::OutOfFuel {
        message = "the template does too much work (endless or huge loop?) and was stopped".into();
    }
    let mut d = diag_for_name(name, severity, code, message);
    d.pos = position(e, source);
    d
}

fn position(e: &minijinja::Error, source: &str) -> Option<TemplatePos> {
    if let Some(range) = e.range() {
        let start = range.start.min(source.len());
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Some(TemplatePos { line, col });
    }
    e.line().map(|line| TemplatePos { line, col: 1 })
}
