//! Typed edits of a project: what the editor's widgets send. The designer applies each one
//! to its project and records the state before it for undo, so the window never builds a
//! project itself. Typing into one field is one undo step: edits with the same
//! [`Edit::merge_key`] close together are merged (see `history`).

use super::blocks;
use crate::model::{Align, Block, BlockField, BlockKind, Brand, Channel, Column, Project};
use std::fmt;

/// A text the editor binds to a widget: the message's subject or preheader, or a template
/// field of a block.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TextField {
    /// The email's subject.
    Subject,
    /// The email's preheader.
    Preheader,
    /// A template field of the block `id`.
    Block {
        /// The block's id.
        id: String,
        /// Which of its fields.
        field: BlockField,
    },
}

impl TextField {
    /// A block's field.
    pub fn of_block(id: &str, field: BlockField) -> TextField {
        TextField::Block {
            id: id.to_owned(),
            field,
        }
    }

    /// The text, if the project has the field.
    pub fn get<'a>(&self, p: &'a Project) -> Option<&'a String> {
        match self {
            TextField::Subject => Some(&p.content.subject),
            TextField::Preheader => Some(&p.content.preheader),
            TextField::Block { id, field } => blocks::find(p, id)?.template(field),
        }
    }

    fn get_mut<'a>(&self, p: &'a mut Project) -> Option<&'a mut String> {
        match self {
            TextField::Subject => Some(&mut p.content.subject),
            TextField::Preheader => Some(&mut p.content.preheader),
            TextField::Block { id, field } => blocks::find_mut(p, id)?.template_mut(field),
        }
    }

    /// The block and the field name a diagnostic about this text carries.
    pub fn diagnostic_place(&self) -> (Option<&str>, String) {
        match self {
            TextField::Subject => (None, "subject".into()),
            TextField::Preheader => (None, "preheader".into()),
            TextField::Block { id, field } => (Some(id), field.to_string()),
        }
    }
}

/// `subject`, `preheader` or `<block>/<field>`: the widget's id and the undo merge key.
impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextField::Subject => f.write_str("subject"),
            TextField::Preheader => f.write_str("preheader"),
            TextField::Block { id, field } => write!(f, "{id}/{field}"),
        }
    }
}

listed_enum! {
/// One of the brand's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrandColour {
    /// Buttons, links, the header band.
    Primary,
    /// Text on the primary colour.
    OnPrimary,
    /// Body text.
    Text,
    /// The message's background.
    Background,
    /// Around the message.
    Canvas,
}
}

impl BrandColour {
    /// The colour as `#rrggbb`.
    pub fn get(self, b: &Brand) -> &String {
        match self {
            BrandColour::Primary => &b.primary,
            BrandColour::OnPrimary => &b.on_primary,
            BrandColour::Text => &b.text,
            BrandColour::Background => &b.background,
            BrandColour::Canvas => &b.canvas,
        }
    }

    fn get_mut(self, b: &mut Brand) -> &mut String {
        match self {
            BrandColour::Primary => &mut b.primary,
            BrandColour::OnPrimary => &mut b.on_primary,
            BrandColour::Text => &mut b.text,
            BrandColour::Background => &mut b.background,
            BrandColour::Canvas => &mut b.canvas,
        }
    }
}

listed_enum! {
/// One of the sender's single-line fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenderField {
    /// The company's name.
    Company,
    /// The From address.
    Email,
    /// The From display name.
    EmailName,
    /// The SMS sender id.
    SmsSenderId,
    /// The chat business name.
    ChatBusinessName,
}
}

impl SenderField {
    /// The field's value.
    pub fn get(self, b: &Brand) -> &String {
        let s = &b.sender;
        match self {
            SenderField::Company => &s.company,
            SenderField::Email => &s.email,
            SenderField::EmailName => &s.email_name,
            SenderField::SmsSenderId => &s.sms_sender_id,
            SenderField::ChatBusinessName => &s.chat_business_name,
        }
    }

    fn get_mut(self, b: &mut Brand) -> &mut String {
        let s = &mut b.sender;
        match self {
            SenderField::Company => &mut s.company,
            SenderField::Email => &mut s.email,
            SenderField::EmailName => &mut s.email_name,
            SenderField::SmsSenderId => &mut s.sms_sender_id,
            SenderField::ChatBusinessName => &mut s.chat_business_name,
        }
    }
}

/// A change to the project's content or settings.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Replace a text.
    SetText(TextField, String),
    /// Put `{{ path }}` into a text before the character at `at_char` (or at its end).
    InsertVariable {
        /// The text.
        field: TextField,
        /// Where, in characters from the start.
        at_char: usize,
        /// The record field's dotted path.
        path: String,
    },
    /// Set a brand colour (`#rrggbb`).
    SetBrandColour(BrandColour, String),
    /// Set the logo (a path relative to the project's folder), or take it away.
    SetLogo(Option<String>),
    /// Set one of the sender's fields.
    SetSender(SenderField, String),
    /// Set the sender's postal address, a line each.
    SetSenderAddress(Vec<String>),
    /// Show another image file in an image block.
    SetImage {
        /// The image block.
        block: String,
        /// The file, relative to the project's folder.
        asset: String,
    },
    /// Align a table column.
    SetColumnAlign {
        /// The table block.
        block: String,
        /// The column, from 0.
        column: usize,
        /// How its cells are aligned.
        align: Align,
    },
    /// Add a column at the end of a table.
    AddColumn {
        /// The table block.
        block: String,
    },
    /// Remove a table column.
    RemoveColumn {
        /// The table block.
        block: String,
        /// The column, from 0.
        column: usize,
    },
    /// Choose the channels that show a block.
    SetChannels {
        /// The block.
        block: String,
        /// `None`: every channel.
        channels: Option<Vec<Channel>>,
    },
    /// Give a block its own wording on a channel (empty at first), or take it away.
    SetOverride {
        /// The block.
        block: String,
        /// The channel.
        channel: Channel,
        /// Whether the block has its own wording there.
        on: bool,
    },
    /// Mark a block as required on every channel, or not.
    SetRequired {
        /// The block.
        block: String,
        /// Whether it is required.
        required: bool,
    },
    /// Set a text's translation into a language (`None`: take it away), as translating the
    /// source the text has now: also how a stale translation is marked reviewed.
    SetTranslation {
        /// The language.
        language: String,
        /// The text's key (`subject`, `intro:text`; see `model::translation`).
        key: String,
        /// The translation.
        text: Option<String>,
    },
}

impl Edit {
    /// Whether the edit changes the brand (colours, logo, sender).
    pub fn brand(&self) -> bool {
        matches!(
            self,
            Edit::SetBrandColour(..)
                | Edit::SetLogo(_)
                | Edit::SetSender(..)
                | Edit::SetSenderAddress(_)
        )
    }

    /// The block the edit changes, if it changes one (a locked block refuses it).
    pub fn block(&self) -> Option<&str> {
        match self {
            Edit::SetText(field, _) | Edit::InsertVariable { field, .. } => match field {
                TextField::Block { id, .. } => Some(id),
                _ => None,
            },
            Edit::SetImage { block, .. }
            | Edit::SetColumnAlign { block, .. }
            | Edit::AddColumn { block }
            | Edit::RemoveColumn { block, .. }
            | Edit::SetChannels { block, .. }
            | Edit::SetOverride { block, .. }
            | Edit::SetRequired { block, .. } => Some(block),
            // A locked block's translations are locked with it.
            Edit::SetTranslation { key, .. } => key.split_once(':').map(|(b, _)| b),
            Edit::SetBrandColour(..)
            | Edit::SetLogo(_)
            | Edit::SetSender(..)
            | Edit::SetSenderAddress(_) => None,
        }
    }

    /// Edits of the same thing in quick succession are one undo step: this names the thing.
    pub fn merge_key(&self) -> String {
        match self {
            Edit::SetText(field, _) | Edit::InsertVariable { field, .. } => field.to_string(),
            Edit::SetBrandColour(c, _) => format!("brand/{c:?}"),
            Edit::SetLogo(_) => "brand/logo".into(),
            Edit::SetSender(f, _) => format!("sender/{f:?}"),
            Edit::SetSenderAddress(_) => "sender/address".into(),
            Edit::SetImage { block, .. } => format!("{block}/asset"),
            Edit::SetColumnAlign { block, .. } => format!("{block}/align"),
            Edit::AddColumn { block } | Edit::RemoveColumn { block, .. } => {
                format!("{block}/columns")
            }
            Edit::SetChannels { block, .. } => format!("{block}/channels"),
            Edit::SetOverride { block, channel, .. } => {
                format!("{block}/override.{}", channel.name())
            }
            Edit::SetRequired { block, .. } => format!("{block}/required"),
            Edit::SetTranslation { language, key, .. } => format!("translation/{language}/{key}"),
        }
    }

    /// Makes the change; `false` when its target is not there (a block removed since).
    pub fn apply(&self, p: &mut Project) -> bool {
        match self {
            Edit::SetText(field, text) => field.get_mut(p).map(|s| s.clone_from(text)).is_some(),
            Edit::InsertVariable {
                field,
                at_char,
                path,
            } => field
                .get_mut(p)
                .map(|s| {
                    let byte = s.char_indices().nth(*at_char).map_or(s.len(), |(i, _)| i);
                    s.insert_str(byte, &format!("{{{{ {path} }}}}"));
                })
                .is_some(),
            Edit::SetBrandColour(c, hex) => {
                c.get_mut(&mut p.brand).clone_from(hex);
                true
            }
            Edit::SetLogo(logo) => {
                p.brand.logo.clone_from(logo);
                true
            }
            Edit::SetSender(f, value) => {
                f.get_mut(&mut p.brand).clone_from(value);
                true
            }
            Edit::SetSenderAddress(lines) => {
                p.brand.sender.address.clone_from(lines);
                true
            }
            Edit::SetImage { block, asset: new } => match blocks::find_mut(p, block) {
                Some(Block {
                    kind: BlockKind::Image { asset, .. },
                    ..
                }) => {
                    asset.clone_from(new);
                    true
                }
                _ => false,
            },
            Edit::SetColumnAlign {
                block,
                column,
                align,
            } => table_columns(p, block)
                .and_then(|cs| cs.get_mut(*column))
                .map(|c| c.align = *align)
                .is_some(),
            Edit::AddColumn { block } => table_columns(p, block)
                .map(|cs| {
                    cs.push(Column {
                        header: "Header".into(),
                        value: "{{ item.name }}".into(),
                        align: Align::Left,
                    })
                })
                .is_some(),
            Edit::RemoveColumn { block, column } => match table_columns(p, block) {
                Some(cs) if *column < cs.len() => {
                    cs.remove(*column);
                    true
                }
                _ => false,
            },
            Edit::SetChannels { block, channels } => blocks::find_mut(p, block)
                .map(|b| b.channels.clone_from(channels))
                .is_some(),
            Edit::SetOverride { block, channel, on } => blocks::find_mut(p, block)
                .map(|b| {
                    if *on {
                        b.overrides.entry(*channel).or_default();
                    } else {
                        b.overrides.remove(channel);
                    }
                })
                .is_some(),
            Edit::SetRequired { block, required } => blocks::find_mut(p, block)
                .map(|b| b.required = *required)
                .is_some(),
            Edit::SetTranslation {
                language,
                key,
                text,
            } => {
                let texts = crate::model::translation::project_texts(p);
                let Some(source) = texts.iter().find(|t| &t.key == key) else {
                    return false;
                };
                let map = p.translations.entry(language.clone()).or_default();
                match text {
                    Some(text) => {
                        map.insert(
                            key.clone(),
                            crate::model::translation::Translated {
                                source: crate::model::translation::source_hash(&source.text),
                                text: text.clone(),
                            },
                        );
                    }
                    None => {
                        map.remove(key);
                    }
                }
                if map.is_empty() {
                    p.translations.remove(language);
                }
                true
            }
        }
    }
}

fn table_columns<'a>(p: &'a mut Project, block: &str) -> Option<&'a mut Vec<Column>> {
    match blocks::find_mut(p, block)? {
        Block {
            kind: BlockKind::Table { columns, .. },
            ..
        } => Some(columns),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice() -> Project {
        let path = std::path::Path::new("projects/invoice.ron");
        crate::model::parse_project(&std::fs::read_to_string(path).unwrap(), path).unwrap()
    }

    #[test]
    fn text_fields_are_named_as_diagnostics_name_them() {
        let mut p = invoice();
        let table = p
            .all_blocks()
            .into_iter()
            .find(|b| matches!(b.kind, BlockKind::Table { .. }))
            .unwrap()
            .id
            .clone();
        let cell = TextField::of_block(&table, BlockField::ColumnValue(0));
        assert!(Edit::SetText(cell.clone(), "{% if %}".into()).apply(&mut p));
        assert_eq!(cell.get(&p).unwrap(), "{% if %}");
        // The engine reports the broken template under the same block and field name.
        let engine = crate::template::Engine::new(&p);
        let records =
            crate::model::load_records(&p.data, None, std::path::Path::new("projects")).unwrap();
        let msg = engine.resolve(
            &records[0],
            crate::template::ResolveOptions {
                channels: crate::model::ChannelSet::ALL,
            },
        );
        let d = msg
            .diagnostics
            .iter()
            .find(|d| d.code == crate::diag::Code::TemplateSyntax)
            .unwrap();
        let (block, field) = cell.diagnostic_place();
        assert_eq!(
            (d.block.as_deref(), d.field.as_deref()),
            (block, Some(&*field))
        );
        assert_eq!(BlockField::parse(&field), Some(BlockField::ColumnValue(0)));
        // A field the block does not have, or a block that is not there, is no edit.
        let missing = TextField::of_block(&table, BlockField::Override(Channel::Sms));
        assert!(!Edit::SetText(missing, "x".into()).apply(&mut p));
        let gone = TextField::of_block("nope", BlockField::Text);
        assert!(!Edit::SetText(gone, "x".into()).apply(&mut p));
    }

    #[test]
    fn a_variable_goes_in_at_a_character_not_a_byte() {
        let mut p = invoice();
        p.content.subject = "Grüße an".into();
        let edit = Edit::InsertVariable {
            field: TextField::Subject,
            at_char: 3,
            path: "x".into(),
        };
        assert!(edit.apply(&mut p));
        assert_eq!(p.content.subject, "Grü{{ x }}ße an");
    }

    #[test]
    fn every_field_name_reads_back() {
        for f in [
            BlockField::Text,
            BlockField::Label,
            BlockField::Url,
            BlockField::Alt,
            BlockField::When,
            BlockField::Source,
            BlockField::Empty,
            BlockField::ColumnHeader(2),
            BlockField::ColumnValue(0),
            BlockField::Footer(1),
            BlockField::Override(Channel::Chat),
        ] {
            assert_eq!(BlockField::parse(&f.to_string()), Some(f));
        }
        assert_eq!(BlockField::parse("column0.value"), None);
        assert_eq!(BlockField::parse("column1.nope"), None);
    }
}
