//! Compiling a project: every text field becomes a template once (or stays literal text
//! when it has no template syntax), and the blocks become a plan that resolving walks.

use super::errors::{shift, template_diagnostic};
use super::markdown::{self, RichText};
use super::{
    CELL_SEP, CELLS_SUFFIX, CONDITION_PREFIX, ChannelSet, Compiled, Engine, Field, MARKDOWN_SUFFIX,
    ROW_SEP, is_literal,
};
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::translation;
use crate::model::{Align, Block, BlockKind, Channel, ImageWidth, MessageKind, Project};
use crate::routing::Router;
use minijinja::Environment;

pub(super) struct MessageFields {
    pub(super) subject: Field,
    pub(super) preheader: Field,
    /// Recipient address templates: email, email name, phone, chat id.
    pub(super) email_to: Field,
    pub(super) email_name: Field,
    pub(super) sms_to: Field,
    pub(super) chat_to: Field,
    pub(super) unsubscribe_url: Option<Field>,
    pub(super) unsubscribe_mailto: Option<Field>,
    pub(super) quick_replies: Vec<Field>,
    /// The letter's address lines and information block (label, value).
    pub(super) postal_address: Vec<Field>,
    pub(super) info: Vec<(String, Field)>,
}

pub(super) struct PlanBlock {
    pub(super) id: String,
    pub(super) required: bool,
    pub(super) channels: ChannelSet,
    /// Channels seen through this block at all: its own plus its overrides' and children's.
    pub(super) reach: ChannelSet,
    pub(super) kind: PlanKind,
    pub(super) overrides: Vec<(Channel, Field)>,
}

pub(super) enum PlanKind {
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
    /// A library snippet's blocks, always shown in its place.
    Snippet(Vec<PlanBlock>),
}

pub(super) struct PlanTable {
    pub(super) source: String,
    pub(super) headers: Vec<Field>,
    pub(super) align: Vec<Align>,
    /// All rows in one template: `{% for item in SOURCE %}cell␟cell␞{% endfor %}`.
    pub(super) rows: Field,
    /// Where each column's template starts in `rows`, to point errors at the column.
    pub(super) column_starts: Vec<usize>,
    pub(super) footer: Vec<Field>,
    pub(super) empty: Field,
}

impl Engine {
    /// Compiles every text of `project` (linked) and its routing once, in each of its
    /// languages. It never fails: errors become diagnostics that every message it resolves
    /// carries.
    pub fn new(project: &Project) -> Engine {
        let tags = project.languages();
        let mut gaps = Vec::new();
        let languages = tags
            .iter()
            .enumerate()
            .map(|(i, tag)| {
                if i == 0 {
                    return Compiled::new(project, tag);
                }
                let (translated, missing) = translation::translate(project, tag);
                gaps.extend(missing);
                let mut c = Compiled::new(&translated, tag);
                for d in &mut c.diagnostics {
                    d.message = format!("in the {tag} translation: {}", d.message);
                }
                c
            })
            .collect();
        let mut common = Vec::new();
        for p in &project.linked.problems {
            let d = Diagnostic::error(Code::Library, p.message.clone());
            common.push(match &p.block {
                Some(b) => d.at_block(b),
                None => d.at_field("brand"),
            });
        }
        let router = Router::new(project);
        for (field, message) in router.errors() {
            common.push(
                Diagnostic::error(Code::TemplateSyntax, format!("{field}: {message}"))
                    .at_field(field),
            );
        }
        if project.meta.kind == MessageKind::Marketing {
            for ch in Channel::ALL {
                let basis = project.routing.consent.contains_key(&ch)
                    || (ch == Channel::Email && project.routing.existing_customer.is_some());
                if !basis {
                    common.push(
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
            languages,
            chooser: super::language::Chooser::new(&tags, &project.meta.language_field),
            common_diagnostics: common,
            gaps,
            router,
            kind: project.meta.kind,
        }
    }
}

impl Compiled {
    /// The texts of `project` (already in language `tag`) compiled, with Prism's filters
    /// writing dates and amounts in that language.
    fn new(project: &Project, tag: &str) -> Compiled {
        let mut c = Compiler {
            env: super::environment::environment(project, tag),
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
                .map(|(i, q)| c.plain(&format!("chat:quick_replies (reply {})", i + 1), q))
                .collect(),
            postal_address: ch
                .print
                .address
                .iter()
                .enumerate()
                .map(|(i, a)| c.plain(&format!("print:address (line {})", i + 1), a))
                .collect(),
            info: ch
                .print
                .info
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    (
                        l.label.clone(),
                        c.plain(&format!("print:info (line {})", i + 1), &l.value),
                    )
                })
                .collect(),
        };
        let plan = c.blocks(&project.content.blocks, ChannelSet::ALL);
        Compiled {
            tag: tag.to_owned(),
            env: c.env,
            plan,
            message,
            diagnostics: c.diagnostics,
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
            BlockKind::Snippet(s) => PlanKind::Snippet(self.blocks(&s.blocks, channels)),
        };
        // A channel the block's group or snippet leaves out stays out, wording of its own or not.
        let overrides: Vec<(Channel, Field)> = b
            .overrides
            .iter()
            .filter(|(c, _)| parent.contains(**c))
            .map(|(c, text)| (*c, self.markdown(&n(&format!("override.{c}")), text)))
            .collect();
        let mut reach = channels;
        for (c, _) in &overrides {
            reach = reach.with(*c);
        }
        if let PlanKind::Group { blocks, .. } | PlanKind::Snippet(blocks) = &kind {
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
