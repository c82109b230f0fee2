//! Resolving: the compiled plan rendered against one record, with the diagnostics of what
//! is missing, too large or not allowed.

use super::compile::{PlanBlock, PlanKind, PlanTable};
use super::errors::{diag_for_name, locate_part, shift, template_diagnostic};
use super::links::{allowed_scheme, link_ok};
use super::markdown::{self, RichText};
use super::{
    CELL_SEP, Compiled, Engine, Field, MAX_FIELD_BYTES, ROW_SEP, Recipients, ResolveOptions,
    Resolved, ResolvedBlock, ResolvedMessage, SAW_UNDEFINED, Table,
};

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Channel, MessageKind, Record};
use minijinja::Value;

impl Engine {
    /// Resolves every template for one record.
    /// Resolves every template for one record, in the language it gets.
    pub fn resolve(&self, record: &Record, options: ResolveOptions) -> ResolvedMessage {
        let (index, note) = self.chooser.choose(record);
        let lang = &self.languages[index];
        let mut diagnostics = self.common_diagnostics.clone();
        diagnostics.extend(lang.diagnostics.iter().cloned());
        diagnostics.extend(note);
        let mut cx = Resolver {
            lang,
            record,
            options,
            diagnostics,
        };
        let mut blocks = Vec::new();
        cx.blocks(&lang.plan, &mut blocks);
        let m = &lang.message;
        let wants = |c| options.channels.contains(c);
        let line_if = |cx: &mut Resolver, want: bool, f: &Field| {
            if want {
                one_line(&cx.plain(f, &record.value))
            } else {
                String::new()
            }
        };
        // Subject and preheader belong to email (and the letter's subject line).
        let subject = line_if(
            &mut cx,
            wants(Channel::Email) || wants(Channel::Print),
            &m.subject,
        );
        let preheader = line_if(&mut cx, wants(Channel::Email), &m.preheader);
        // A missing address is routing's to report (`no-address`: nothing is sent on that
        // channel), not a gap in a message: the recipients may lack what they print.
        let before = cx.diagnostics.len();
        let mut recipients = Recipients {
            email: line_if(&mut cx, wants(Channel::Email), &m.email_to),
            email_name: line_if(&mut cx, wants(Channel::Email), &m.email_name),
            phone: line_if(&mut cx, wants(Channel::Sms), &m.sms_to),
            chat: line_if(&mut cx, wants(Channel::Chat), &m.chat_to),
        };
        let said = cx.diagnostics.split_off(before);
        cx.diagnostics.extend(
            said.into_iter()
                .filter(|d| d.code != Code::UndefinedVariable),
        );

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
            // A template may give several lines (`postal(…)`): each is a line of the address.
            let address = m
                .postal_address
                .iter()
                .flat_map(|f| {
                    let text = cx.plain(f, &record.value);
                    text.split('\n')
                        .map(|l| collapse_spaces(&one_line(l)))
                        .collect::<Vec<_>>()
                })
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
            language: lang.tag.clone(),
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

pub(super) struct Resolver<'a> {
    pub(super) lang: &'a Compiled,
    pub(super) record: &'a Record,
    pub(super) options: ResolveOptions,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn blocks(&mut self, plan: &[PlanBlock], out: &mut Vec<ResolvedBlock>) {
        for b in plan {
            if b.reach.intersect(self.options.channels).is_empty() {
                continue;
            }
            match &b.kind {
                PlanKind::Group { when, blocks } => {
                    if self.condition(when) {
                        self.blocks(blocks, out);
                    }
                    continue;
                }
                PlanKind::Snippet(blocks) => {
                    self.blocks(blocks, out);
                    continue;
                }
                _ => {}
            }
            // Channels asked for that show this block's own content (not an override of it).
            let shown = b.channels.intersect(self.options.channels);
            let needs_content = shown
                .iter()
                .any(|c| b.overrides.iter().all(|(o, _)| *o != c));
            let ctx = &self.record.value;
            let mut content = match &b.kind {
                _ if !needs_content => placeholder(&b.kind),
                PlanKind::Group { .. } | PlanKind::Snippet(_) => {
                    unreachable!("groups and snippets are resolved above")
                }
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
                .lang
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
            // A missing list is an error like any missing value: the record is not sent with
            // an empty table in its place.
            (None, _) => Some((
                Severity::Error,
                Code::UndefinedVariable,
                format!("this record has no `{source}` list"),
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
        let Ok(tmpl) = self.lang.env.get_template(&f.name) else {
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
                    // Never sent with a gap: a field that may be missing says so with
                    // `| default(…)` in its template.
                    let severity = Severity::Error;
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
}

/// Empty content of a block's kind, for a block every requested channel overrides:
/// the override keeps the block's role (a legal override is still legal text).
fn placeholder(kind: &PlanKind) -> Resolved {
    match kind {
        PlanKind::Heading(_) => Resolved::Heading(String::new()),
        PlanKind::Text(_) | PlanKind::Group { .. } | PlanKind::Snippet(_) => {
            Resolved::Text(RichText::default())
        }
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

impl Resolver<'_> {
    /// Keeps the text of a link whose target is not https, mailto or tel, but not the link.
    pub(super) fn drop_unsafe_links(&mut self, text: &mut RichText, f: &Field) {
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

    pub(super) fn check_link(
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
