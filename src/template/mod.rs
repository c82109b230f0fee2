//! Templating: compiles every text of a project once, then resolves it against records.

pub mod filters;
pub mod markdown;
mod resolved;

pub use resolved::{ChannelSet, Recipients, Resolved, ResolvedBlock, ResolvedMessage, Table, View};

use crate::diag::{Code, Diagnostic, Severity, TemplatePos};
use crate::model::{Align, Block, BlockKind, Channel, ImageWidth, MessageKind, Project, Record};
use crate::routing::Router;
use markdown::RichText;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use std::cell::Cell;

/// Work one template render may do (instructions and ~64-byte units of data):
/// enough for any real message field, small enough that an endless loop ends in milliseconds.
const FUEL: u64 = 200_000;
const RECURSION_LIMIT: usize = 64;
/// Largest text one field may produce.
pub const MAX_FIELD_BYTES: usize = 256 * 1024;
/// Template names ending so are inline Markdown: customer values are escaped for it.
const MARKDOWN_SUFFIX: &str = ".md";
/// Template names ending so are table rows: separators are removed from customer values.
const CELLS_SUFFIX: &str = ".cells";
const CELL_SEP: char = '\u{1f}';
const ROW_SEP: char = '\u{1e}';
/// Conditions are compiled as `{% if (EXPR) %}1{% endif %}`; positions skip this prefix.
const CONDITION_PREFIX: &str = "{% if (";

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

/// One text field of the project, compiled.
struct Field {
    /// `block:field` (or `message:subject`, `email:to`…), plus a suffix naming its escaping.
    name: String,
    /// Text without template syntax needs no rendering: the text itself (Markdown pre-parsed).
    literal: Option<(String, RichText)>,
    /// Characters the compiled source has before the author's text (conditions).
    prefix: usize,
    /// Whether it compiled; a broken one was reported once and renders empty.
    ok: bool,
}

/// A project with all its templates compiled; cheap to resolve against many records.
pub struct Engine {
    env: Environment<'static>,
    plan: Vec<PlanBlock>,
    message: MessageFields,
    /// Template syntax errors, reported with every resolved message.
    compile_diagnostics: Vec<Diagnostic>,
    /// The routing policy: who gets which channel.
    pub router: Router,
    kind: MessageKind,
    language: String,
}

struct MessageFields {
    subject: Field,
    preheader: Field,
    /// Recipient address templates: email, email name, phone, chat id.
    email_to: Field,
    email_name: Field,
    sms_to: Field,
    chat_to: Field,
    unsubscribe_url: Option<Field>,
    unsubscribe_mailto: Option<Field>,
    quick_replies: Vec<Field>,
    /// The letter's address lines and information block (label, value).
    postal_address: Vec<Field>,
    info: Vec<(String, Field)>,
}

struct PlanBlock {
    id: String,
    required: bool,
    channels: ChannelSet,
    /// Channels seen through this block at all: its own plus its overrides' and children's.
    reach: ChannelSet,
    kind: PlanKind,
    overrides: Vec<(Channel, Field)>,
}

enum PlanKind {
    Heading(Field),
    Text(Field),
    Button {
        label: Field,
        url: Field,
    },
    Image {
        asset: String,
        alt: Field,
        url: Option<Field>,
        width: ImageWidth,
    },
    Table(PlanTable),
    Divider,
    Signature(Field),
    Legal(Field),
    Group {
        when: Field,
        blocks: Vec<PlanBlock>,
    },
}

struct PlanTable {
    source: String,
    headers: Vec<Field>,
    align: Vec<Align>,
    /// All rows in one template: `{% for item in SOURCE %}cell␟cell␞{% endfor %}`.
    rows: Field,
    /// Where each column's template starts in `rows`, to point errors at the column.
    column_starts: Vec<usize>,
    footer: Vec<Field>,
    empty: Field,
}

fn is_literal(source: &str) -> bool {
    !source.contains("{{") && !source.contains("{%") && !source.contains("{#")
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
            } else if name.ends_with(CELLS_SUFFIX) {
                AutoEscape::Custom("cells".into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        let lang = project.meta.language.clone();
        env.add_filter("date", move |v: &Value| filters::date(&lang, v));
        env.add_filter("country", filters::country);
        let lang = project.meta.language.clone();
        env.add_filter("money", move |v: &Value, c: Option<&Value>| {
            filters::money(&lang, v, c)
        });
        let mut c = Compiler {
            env,
            diagnostics: Vec::new(),
        };
        let ch = &project.channels;
        let meta = &project.meta;
        let message = MessageFields {
            subject: c.plain("message:subject", &project.content.subject),
            preheader: c.plain("message:preheader", &project.content.preheader),
            email_to: c.plain("email:to", &ch.email.to),
            email_name: c.plain("email:to_name", &ch.email.to_name),
            sms_to: c.plain("sms:to", &ch.sms.to),
            chat_to: c.plain("chat:to", &ch.chat.to),
            unsubscribe_url: meta
                .unsubscribe_url
                .as_ref()
                .map(|u| c.plain("message:unsubscribe_url", u)),
            unsubscribe_mailto: meta
                .unsubscribe_mailto
                .as_ref()
                .map(|u| c.plain("message:unsubscribe_mailto", u)),
            quick_replies: ch
                .chat
                .quick_replies
                .iter()
                .enumerate()
                .map(|(i, q)| c.plain(&format!("chat:quick_reply{}", i + 1), q))
                .collect(),
            postal_address: ch
                .print
                .address
                .iter()
                .enumerate()
                .map(|(i, a)| c.plain(&format!("print:address{}", i + 1), a))
                .collect(),
            info: ch
                .print
                .info
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    (
                        l.label.clone(),
                        c.plain(&format!("print:info{}", i + 1), &l.value),
                    )
                })
                .collect(),
        };
        let plan = c.blocks(&project.content.blocks, ChannelSet::ALL);
        let router = Router::new(project);
        for (field, message) in router.errors() {
            c.diagnostics.push(
                Diagnostic::error(Code::TemplateSyntax, format!("{field}: {message}"))
                    .at_field(field),
            );
        }
        if project.meta.kind == MessageKind::Marketing {
            for ch in Channel::ALL {
                let basis = project.routing.consent.contains_key(&ch)
                    || (ch == Channel::Email && project.routing.existing_customer.is_some());
                if !basis {
                    c.diagnostics.push(
                        Diagnostic::warning(
                            Code::NoConsentCheck,
                            format!("a marketing message with no consent condition for {ch}: it is sent to nobody there"),
                        )
                        .on(ch)
                        .at_field(&format!("routing.consent.{ch}")),
                    );
                }
            }
        }
        Engine {
            env: c.env,
            plan,
            message,
            router,
            compile_diagnostics: c.diagnostics,
            kind: project.meta.kind,
            language: project.meta.language.clone(),
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
        let m = &self.message;
        let wants = |c| options.channels.contains(c);
        let mut line_if = |want: bool, f: &Field| {
            if want {
                one_line(&cx.plain(f, &record.value))
            } else {
                String::new()
            }
        };
        let mut recipients = Recipients {
            email: line_if(wants(Channel::Email), &m.email_to),
            email_name: line_if(wants(Channel::Email), &m.email_name),
            phone: line_if(wants(Channel::Sms), &m.sms_to),
            chat: line_if(wants(Channel::Chat), &m.chat_to),
        };
        // Subject and preheader belong to email (and the letter's subject line).
        let subject = line_if(wants(Channel::Email) || wants(Channel::Print), &m.subject);
        let preheader = line_if(wants(Channel::Email), &m.preheader);

        let route = self.router.decide(record);
        // Export and the previews address the number routing checked, in E.164.
        if !route.addresses[Channel::Sms as usize].is_empty() {
            recipients.phone = route.addresses[Channel::Sms as usize].clone();
        }
        let unsubscribe_url = m.unsubscribe_url.as_ref().and_then(|f| {
            let u = cx.plain(f, &record.value).trim().to_owned();
            cx.check_link(&u, "https only", |s| s == "https", f)
                .then_some(u)
        });
        let unsubscribe_mailto = m.unsubscribe_mailto.as_ref().and_then(|f| {
            let u = cx.plain(f, &record.value).trim().to_owned();
            cx.check_link(&u, "mailto only", |s| s == "mailto", f)
                .then_some(u)
        });
        if self.kind == MessageKind::Marketing
            && unsubscribe_url.is_none()
            && unsubscribe_mailto.is_none()
        {
            cx.diagnostics.push(Diagnostic::error(
                Code::NoUnsubscribe,
                "a marketing message needs an unsubscribe link (meta.unsubscribe_url or unsubscribe_mailto)",
            ));
        }
        let quick_replies = if wants(Channel::Chat) {
            m.quick_replies
                .iter()
                .map(|f| one_line(&cx.plain(f, &record.value)))
                .collect()
        } else {
            Vec::new()
        };
        let (postal_address, info) = if wants(Channel::Print) {
            let address = m
                .postal_address
                .iter()
                .map(|f| collapse_spaces(&one_line(&cx.plain(f, &record.value))))
                .filter(|l| !l.is_empty())
                .collect();
            let info = m
                .info
                .iter()
                .map(|(label, f)| (label.clone(), one_line(&cx.plain(f, &record.value))))
                .collect();
            (address, info)
        } else {
            (Vec::new(), Vec::new())
        };
        ResolvedMessage {
            record_id: record.id.clone(),
            language: self.language.clone(),
            subject,
            preheader,
            blocks,
            recipients,
            route,
            unsubscribe_url,
            unsubscribe_mailto,
            quick_replies,
            postal_address,
            info,
            diagnostics: cx.diagnostics,
        }
    }
}

/// Builds the environment and the plan, collecting compile errors.
struct Compiler {
    env: Environment<'static>,
    diagnostics: Vec<Diagnostic>,
}

impl Compiler {
    fn field(&mut self, name: String, source: &str, prefix: usize, markdown: bool) -> Field {
        if prefix == 0 && is_literal(source) {
            let parsed = if markdown {
                markdown::parse(source)
            } else {
                RichText::default()
            };
            return Field {
                name,
                literal: Some((source.to_owned(), parsed)),
                prefix,
                ok: true,
            };
        }
        let ok = match self.env.add_template_owned(name.clone(), source.to_owned()) {
            Ok(()) => true,
            Err(e) => {
                let mut d = template_diagnostic(&name, &e, source, Severity::Error);
                shift(&mut d, prefix);
                self.diagnostics.push(d);
                false
            }
        };
        Field {
            name,
            literal: None,
            prefix,
            ok,
        }
    }

    fn plain(&mut self, name: &str, source: &str) -> Field {
        self.field(name.to_owned(), source, 0, false)
    }

    fn markdown(&mut self, name: &str, source: &str) -> Field {
        self.field(format!("{name}{MARKDOWN_SUFFIX}"), source, 0, true)
    }

    fn condition(&mut self, name: &str, expr: &str) -> Field {
        let source = format!("{CONDITION_PREFIX}{expr}) %}}1{{% endif %}}");
        self.field(name.to_owned(), &source, CONDITION_PREFIX.len(), false)
    }

    fn blocks(&mut self, blocks: &[Block], parent: ChannelSet) -> Vec<PlanBlock> {
        blocks.iter().map(|b| self.block(b, parent)).collect()
    }

    fn block(&mut self, b: &Block, parent: ChannelSet) -> PlanBlock {
        let id = &b.id;
        let channels = b
            .channels
            .as_deref()
            .map_or(ChannelSet::ALL, ChannelSet::of)
            .intersect(parent);
        let n = |field: &str| format!("{id}:{field}");
        let kind = match &b.kind {
            BlockKind::Heading { text } => PlanKind::Heading(self.plain(&n("text"), text)),
            BlockKind::Text { text } => PlanKind::Text(self.markdown(&n("text"), text)),
            BlockKind::Signature { text } => PlanKind::Signature(self.markdown(&n("text"), text)),
            BlockKind::Legal { text } => PlanKind::Legal(self.markdown(&n("text"), text)),
            BlockKind::Button { label, url } => PlanKind::Button {
                label: self.plain(&n("label"), label),
                url: self.plain(&n("url"), url),
            },
            BlockKind::Image {
                asset,
                alt,
                url,
                width,
            } => PlanKind::Image {
                asset: asset.clone(),
                alt: self.plain(&n("alt"), alt),
                url: url.as_ref().map(|u| self.plain(&n("url"), u)),
                width: *width,
            },
            BlockKind::Table {
                source,
                columns,
                footer,
                empty,
            } => {
                // Each column alone first: a broken one is reported at its own position.
                let mut all_ok = true;
                for (i, c) in columns.iter().enumerate() {
                    let name = n(&format!("column{}.value", i + 1));
                    if !is_literal(&c.value) {
                        all_ok &= self
                            .env
                            .template_from_str(&c.value)
                            .map_err(|e| {
                                self.diagnostics.push(template_diagnostic(
                                    &name,
                                    &e,
                                    &c.value,
                                    Severity::Error,
                                ));
                            })
                            .is_ok();
                    }
                }
                let mut rows_source = format!("{{% for item in {source} %}}");
                let mut column_starts = Vec::new();
                for (i, c) in columns.iter().enumerate() {
                    if i > 0 {
                        rows_source.push(CELL_SEP);
                    }
                    column_starts.push(rows_source.len());
                    rows_source.push_str(&c.value);
                }
                rows_source.push(ROW_SEP);
                rows_source.push_str("{% endfor %}");
                let rows = if all_ok {
                    self.field(n(&format!("rows{CELLS_SUFFIX}")), &rows_source, 0, false)
                } else {
                    Field {
                        name: n("rows"),
                        literal: None,
                        prefix: 0,
                        ok: false,
                    }
                };
                PlanKind::Table(PlanTable {
                    source: source.clone(),
                    headers: columns
                        .iter()
                        .enumerate()
                        .map(|(i, c)| self.plain(&n(&format!("column{}.header", i + 1)), &c.header))
                        .collect(),
                    align: columns.iter().map(|c| c.align).collect(),
                    rows,
                    column_starts,
                    footer: footer
                        .iter()
                        .enumerate()
                        .map(|(i, f)| self.plain(&n(&format!("footer{}", i + 1)), f))
                        .collect(),
                    empty: self.markdown(&n("empty"), empty),
                })
            }
            BlockKind::Divider => PlanKind::Divider,
            BlockKind::Group { when, blocks } => PlanKind::Group {
                when: self.condition(&n("when"), when),
                blocks: self.blocks(blocks, channels),
            },
        };
        let overrides: Vec<(Channel, Field)> = b
            .overrides
            .iter()
            .map(|(c, text)| (*c, self.markdown(&n(&format!("override.{c}")), text)))
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
}

/// Subjects, names and cells are single lines whatever a record holds.
fn one_line(s: &str) -> String {
    if !s.contains(|c: char| c.is_control()) {
        return s.trim().to_owned();
    }
    s.split(|c: char| c.is_control())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

/// "Frau  Dr.  Erika" → "Frau Dr. Erika": address templates leave gaps for empty fields.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The formatter: Markdown fields get customer values escaped, table cells lose separators,
/// and undefined values are noted.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        SAW_UNDEFINED.with(|s| s.set(true));
        return Ok(());
    }
    let write = |out: &mut minijinja::Output, s: &str| {
        out.write_str(s)
            .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "write failed"))
    };
    match state.auto_escape() {
        AutoEscape::Custom(n) if n == "markdown" && !value.is_safe() => {
            let mut escaped = String::new();
            match value.as_str() {
                Some(s) => markdown::escape_markdown(s, &mut escaped),
                None => markdown::escape_markdown(&value.to_string(), &mut escaped),
            }
            write(out, &escaped)
        }
        AutoEscape::Custom(n) if n == "cells" => {
            let text = value.to_string();
            if text.contains([CELL_SEP, ROW_SEP]) {
                write(out, &text.replace([CELL_SEP, ROW_SEP], " "))
            } else {
                write(out, &text)
            }
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
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
            if let PlanKind::Group { when, blocks } = &b.kind {
                if self.condition(when) {
                    self.blocks(blocks, out);
                }
                continue;
            }
            // Channels asked for that show this block's own content (not an override of it).
            let shown = b.channels.intersect(self.options.channels);
            let needs_content = shown
                .iter()
                .any(|c| b.overrides.iter().all(|(o, _)| *o != c));
            let ctx = &self.record.value;
            let mut content = match &b.kind {
                _ if !needs_content => placeholder(&b.kind),
                PlanKind::Group { .. } => unreachable!("groups are resolved above"),
                PlanKind::Heading(t) => Resolved::Heading(one_line(&self.plain(t, ctx))),
                PlanKind::Text(t) => Resolved::Text(self.rich(t, ctx)),
                PlanKind::Signature(t) => Resolved::Signature(self.rich(t, ctx)),
                PlanKind::Legal(t) => Resolved::Legal(self.rich(t, ctx)),
                PlanKind::Button { label, url } => {
                    let link = self.plain(url, ctx).trim().to_owned();
                    let ok = self.check_link(&link, "https, mailto or tel", allowed_scheme, url);
                    Resolved::Button {
                        label: one_line(&self.plain(label, ctx)),
                        url: ok.then_some(link),
                    }
                }
                PlanKind::Image {
                    asset,
                    alt,
                    url,
                    width,
                } => {
                    let url = url.as_ref().and_then(|f| {
                        let u = self.plain(f, ctx).trim().to_owned();
                        self.check_link(&u, "https", |s| s == "https", f)
                            .then_some(u)
                    });
                    Resolved::Image {
                        asset: asset.clone(),
                        alt: one_line(&self.plain(alt, ctx)),
                        url,
                        width: *width,
                    }
                }
                PlanKind::Table(t) => Resolved::Table(Table {
                    headers: t
                        .headers
                        .iter()
                        .map(|h| one_line(&self.plain(h, ctx)))
                        .collect(),
                    align: t.align.clone(),
                    rows: self.table_rows(&b.id, t),
                    footer: (!t.footer.is_empty()).then(|| {
                        t.footer
                            .iter()
                            .map(|f| one_line(&self.plain(f, ctx)))
                            .collect()
                    }),
                    empty: self.rich(&t.empty, ctx).plain(),
                }),
                PlanKind::Divider => Resolved::Divider,
            };
            let mut overrides = Vec::new();
            for (c, f) in &b.overrides {
                if self.options.channels.contains(*c) {
                    let mut text = self.rich(f, ctx);
                    self.drop_unsafe_links(&mut text, f);
                    overrides.push((*c, text));
                }
            }
            if let (
                Resolved::Text(t) | Resolved::Signature(t) | Resolved::Legal(t),
                PlanKind::Text(f) | PlanKind::Signature(f) | PlanKind::Legal(f),
            ) = (&mut content, &b.kind)
            {
                self.drop_unsafe_links(t, f);
            }
            out.push(ResolvedBlock {
                id: b.id.clone(),
                required: b.required,
                channels: shown,
                content,
                overrides,
            });
        }
    }

    fn table_rows(&mut self, block: &str, t: &PlanTable) -> Vec<Vec<String>> {
        if !self.table_source_ok(block, &t.source) {
            return Vec::new();
        }
        let text = self.render(&t.rows, &self.record.value, &t.column_starts);
        text.split(ROW_SEP)
            .filter(|r| !r.is_empty())
            .map(|row| row.split(CELL_SEP).map(one_line).collect())
            .collect()
    }

    /// Is the table's source a list in this record? Says why not, as a diagnostic.
    fn table_source_ok(&mut self, block: &str, source: &str) -> bool {
        let is_path = source
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'));
        // A plain path is looked up in the record's data; anything else is evaluated.
        let found: Option<Value> = if is_path {
            self.record
                .get(source)
                .filter(|v| !v.is_null())
                .map(|_| Value::from(true))
        } else {
            match self
                .engine
                .env
                .compile_expression(source)
                .and_then(|e| e.eval(&self.record.value))
            {
                Ok(v) if v.is_undefined() || v.is_none() => None,
                Ok(v) => Some(v),
                Err(e) => {
                    let d = template_diagnostic("", &e, source, Severity::Error);
                    self.diagnostics.push(Diagnostic {
                        block: Some(block.to_owned()),
                        field: Some("source".into()),
                        ..d
                    });
                    return false;
                }
            }
        };
        let problem = match (&found, is_path) {
            (None, _) => Some((
                if self.options.strict {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                Code::UndefinedVariable,
                format!("this record has no `{source}` list; the table stays empty"),
            )),
            (Some(_), true) if !self.record.get(source).is_some_and(|v| v.is_array()) => Some((
                Severity::Error,
                Code::TableSource,
                format!("`{source}` is not a list"),
            )),
            (Some(v), false) if v.try_iter().is_err() => Some((
                Severity::Error,
                Code::TableSource,
                format!("`{source}` is a {}, not a list", v.kind()),
            )),
            _ => None,
        };
        match problem {
            Some((severity, code, message)) => {
                self.diagnostics.push(
                    Diagnostic::new(severity, code, message)
                        .at_block(block)
                        .at_field("source"),
                );
                false
            }
            None => true,
        }
    }

    /// Renders one field; errors become diagnostics and an empty result.
    /// `parts` are where the columns start in a table's row template, to point at the right one.
    fn render(&mut self, f: &Field, ctx: &Value, parts: &[usize]) -> String {
        if let Some((text, _)) = &f.literal {
            // Text without template syntax is capped like a template's output: a 50 MB
            // subject would otherwise go on to layout and shaping.
            if text.len() > MAX_FIELD_BYTES {
                self.diagnostics.push(diag_for_name(
                    &f.name,
                    Severity::Error,
                    Code::TemplateLimit,
                    format!(
                        "text of {} bytes exceeds the limit of {MAX_FIELD_BYTES}",
                        text.len()
                    ),
                ));
                return String::new();
            }
            return text.clone();
        }
        if !f.ok {
            return String::new(); // it failed to compile: already reported
        }
        let Ok(tmpl) = self.engine.env.get_template(&f.name) else {
            return String::new();
        };
        SAW_UNDEFINED.with(|s| s.set(false));
        let result = tmpl.render(ctx);
        let saw_undefined = SAW_UNDEFINED.with(|s| s.replace(false));
        match result {
            Ok(text) if text.len() > MAX_FIELD_BYTES => {
                self.diagnostics.push(diag_for_name(
                    &f.name,
                    Severity::Error,
                    Code::TemplateLimit,
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
                    let severity = if self.options.strict {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    let message = if missing.is_empty() {
                        "prints a value this record does not have".to_owned()
                    } else {
                        let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                        format!("this record has no {}", names.join(", "))
                    };
                    self.diagnostics.push(diag_for_name(
                        &f.name,
                        severity,
                        Code::UndefinedVariable,
                        message,
                    ));
                }
                text
            }
            Err(e) => {
                let mut d = template_diagnostic(&f.name, &e, tmpl.source(), Severity::Error);
                shift(&mut d, f.prefix);
                locate_part(&mut d, &e, tmpl.source(), parts);
                self.diagnostics.push(d);
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

    fn plain(&mut self, f: &Field, ctx: &Value) -> String {
        self.render(f, ctx, &[])
    }

    fn rich(&mut self, f: &Field, ctx: &Value) -> RichText {
        match &f.literal {
            Some((_, parsed)) => parsed.clone(),
            None => markdown::parse(&self.render(f, ctx, &[])),
        }
    }

    /// Evaluates a condition; a broken one counts as false.
    fn condition(&mut self, f: &Field) -> bool {
        let ctx = self.record.value.clone();
        self.render(f, &ctx, &[]) == "1"
    }

    /// Keeps the text of a link whose target is not https, mailto or tel, but not the link.
    fn drop_unsafe_links(&mut self, text: &mut RichText, f: &Field) {
        for span in text.paragraphs.iter_mut().flatten() {
            if let Some(link) = span.link.take_if(|l| !link_ok(l, allowed_scheme)) {
                self.diagnostics.push(diag_for_name(
                    &f.name,
                    Severity::Error,
                    Code::UnsafeLink,
                    format!("link `{link}` is not https, mailto or tel; it is left out"),
                ));
            }
        }
    }

    fn check_link(
        &mut self,
        url: &str,
        allowed: &str,
        ok: impl Fn(&str) -> bool,
        f: &Field,
    ) -> bool {
        if link_ok(url, ok) {
            return true;
        }
        self.diagnostics.push(diag_for_name(
            &f.name,
            Severity::Error,
            Code::UnsafeLink,
            format!("link `{url}` is not allowed ({allowed}); it is left out"),
        ));
        false
    }
}

/// Empty content of a block's kind, for a block every requested channel overrides:
/// the override keeps the block's role (a legal override is still legal text).
fn placeholder(kind: &PlanKind) -> Resolved {
    match kind {
        PlanKind::Heading(_) => Resolved::Heading(String::new()),
        PlanKind::Text(_) | PlanKind::Group { .. } => Resolved::Text(RichText::default()),
        PlanKind::Signature(_) => Resolved::Signature(RichText::default()),
        PlanKind::Legal(_) => Resolved::Legal(RichText::default()),
        PlanKind::Button { .. } => Resolved::Button {
            label: String::new(),
            url: None,
        },
        PlanKind::Image { asset, width, .. } => Resolved::Image {
            asset: asset.clone(),
            alt: String::new(),
            url: None,
            width: *width,
        },
        PlanKind::Table(t) => Resolved::Table(Table {
            headers: Vec::new(),
            align: t.align.clone(),
            rows: Vec::new(),
            footer: None,
            empty: String::new(),
        }),
        PlanKind::Divider => Resolved::Divider,
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

/// A diagnostic for the field a template name stands for (`block:field.md` → block, field).
fn diag_for_name(name: &str, severity: Severity, code: Code, message: String) -> Diagnostic {
    let (owner, field) = name.split_once(':').unwrap_or(("", name));
    let field = field
        .strip_suffix(MARKDOWN_SUFFIX)
        .or_else(|| field.strip_suffix(CELLS_SUFFIX))
        .unwrap_or(field);
    let d = Diagnostic::new(severity, code, message).at_field(field);
    match owner {
        "" => d,
        "message" => Diagnostic {
            field: Some(if matches!(field, "subject" | "preheader") {
                field.to_owned()
            } else {
                format!("meta.{field}")
            }),
            ..d
        },
        "email" | "sms" | "chat" | "print" => Diagnostic {
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
        ErrorKind::SyntaxError => Code::TemplateSyntax,
        ErrorKind::OutOfFuel => Code::TemplateLimit,
        ErrorKind::UndefinedError => Code::UndefinedVariable,
        _ => Code::TemplateError,
    };
    let message = if e.kind() == ErrorKind::OutOfFuel {
        "the template does too much work (endless or huge loop?) and was stopped".to_owned()
    } else {
        match e.detail() {
            Some(d) => format!("{}: {d}", e.kind()),
            None => e.kind().to_string(),
        }
    };
    let mut d = diag_for_name(name, severity, code, message);
    d.pos = position(e, source).map(|(line, col, _)| TemplatePos { line, col });
    d
}

/// Line, column (1-based, in characters) and byte offset of an error in its source.
fn position(e: &minijinja::Error, source: &str) -> Option<(usize, usize, usize)> {
    let start = e.range()?.start.min(source.len());
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col, start))
}

/// Moves a position on line 1 back by the characters a wrapper added in front.
fn shift(d: &mut Diagnostic, prefix: usize) {
    if let Some(p) = &mut d.pos
        && p.line == 1
        && prefix > 0
    {
        p.col = p.col.saturating_sub(prefix).max(1);
    }
}

/// Points an error in a table's row template at its column, or at the table's source.
fn locate_part(d: &mut Diagnostic, e: &minijinja::Error, source: &str, parts: &[usize]) {
    let Some((_, _, offset)) = position(e, source) else {
        return;
    };
    let Some(first) = parts.first() else { return };
    if offset < *first {
        d.field = Some("source".into());
        d.pos = None;
        return;
    }
    let i = parts.iter().rposition(|s| *s <= offset).unwrap_or(0);
    let local = &source[parts[i]..offset];
    d.field = Some(format!("column{}.value", i + 1));
    d.pos = Some(TemplatePos {
        line: local.matches('\n').count() + 1,
        col: local.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    });
}
