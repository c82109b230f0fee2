use super::{Channel, PerChannel};
use serde::{Deserialize, Serialize};

/// One block of the content source. Every text in it is a minijinja template
/// over the customer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Stable name, unique in the project; diagnostics and the editor refer to it.
    pub id: String,
    /// What the block is and its texts, e.g. `kind: Text(text: "…")`.
    pub kind: BlockKind,
    /// The channels that show this block; `None` means every channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channel>>,
    /// Replacement wording (inline Markdown template) for one channel, e.g. a short SMS text.
    #[serde(default, skip_serializing_if = "PerChannel::is_empty")]
    pub overrides: PerChannel<String>,
    /// Must appear in every channel's output (legal notices).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Only a reviewer may change it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub locked: bool,
}

/// A template field of a block, as diagnostics and the editor name it: `text`, `label`,
/// `url`, `alt`, `when`, `source`, `empty`, `override.<channel>`, `column<n>.header`,
/// `column<n>.value`, `footer<n>` (n counts from 1 in names, from 0 here).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BlockField {
    /// The text of a heading, text, signature or legal block.
    Text,
    /// A button's label.
    Label,
    /// A button's link, or an image's link.
    Url,
    /// An image's alternative text.
    Alt,
    /// A group's condition.
    When,
    /// A table's list in the record.
    Source,
    /// What a table shows when its list is empty.
    Empty,
    /// A table column's header.
    ColumnHeader(usize),
    /// A table column's cell.
    ColumnValue(usize),
    /// A table's footer cell.
    Footer(usize),
    /// The block's own wording on a channel.
    Override(Channel),
}

impl BlockField {
    /// The field a name stands for (see the type's description).
    pub fn parse(name: &str) -> Option<BlockField> {
        if let Some(c) = name.strip_prefix("override.") {
            return Channel::parse(c).map(BlockField::Override);
        }
        // `column2.value` → (1, "value"); `footer1` → (0, "").
        let indexed = |prefix: &str| {
            let rest = name.strip_prefix(prefix)?;
            let (n, part) = rest.split_once('.').unwrap_or((rest, ""));
            Some((n.parse::<usize>().ok()?.checked_sub(1)?, part))
        };
        Some(match name {
            "text" => BlockField::Text,
            "label" => BlockField::Label,
            "url" => BlockField::Url,
            "alt" => BlockField::Alt,
            "when" => BlockField::When,
            "source" => BlockField::Source,
            "empty" => BlockField::Empty,
            _ if name.starts_with("footer") => match indexed("footer")? {
                (i, "") => BlockField::Footer(i),
                _ => return None,
            },
            _ if name.starts_with("column") => match indexed("column")? {
                (i, "header") => BlockField::ColumnHeader(i),
                (i, "value") => BlockField::ColumnValue(i),
                _ => return None,
            },
            _ => return None,
        })
    }
}

impl std::fmt::Display for BlockField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BlockField::Text => f.write_str("text"),
            BlockField::Label => f.write_str("label"),
            BlockField::Url => f.write_str("url"),
            BlockField::Alt => f.write_str("alt"),
            BlockField::When => f.write_str("when"),
            BlockField::Source => f.write_str("source"),
            BlockField::Empty => f.write_str("empty"),
            BlockField::ColumnHeader(i) => write!(f, "column{}.header", i + 1),
            BlockField::ColumnValue(i) => write!(f, "column{}.value", i + 1),
            BlockField::Footer(i) => write!(f, "footer{}", i + 1),
            BlockField::Override(c) => write!(f, "override.{}", c.name()),
        }
    }
}

impl Block {
    /// The template of one of the block's fields; `None` when the block has no such field.
    pub fn template(&self, field: &BlockField) -> Option<&String> {
        use BlockField as F;
        match (&self.kind, field) {
            (_, F::Override(c)) => self.overrides.get(c),
            (
                BlockKind::Heading { text }
                | BlockKind::Text { text }
                | BlockKind::Signature { text }
                | BlockKind::Legal { text },
                F::Text,
            ) => Some(text),
            (BlockKind::Button { label, .. }, F::Label) => Some(label),
            (BlockKind::Button { url, .. }, F::Url) => Some(url),
            (BlockKind::Image { alt, .. }, F::Alt) => Some(alt),
            (BlockKind::Image { url, .. }, F::Url) => url.as_ref(),
            (BlockKind::Group { when, .. }, F::When) => Some(when),
            (BlockKind::Table { source, .. }, F::Source) => Some(source),
            (BlockKind::Table { empty, .. }, F::Empty) => Some(empty),
            (BlockKind::Table { footer, .. }, F::Footer(i)) => footer.get(*i),
            (BlockKind::Table { columns, .. }, F::ColumnHeader(i)) => {
                columns.get(*i).map(|c| &c.header)
            }
            (BlockKind::Table { columns, .. }, F::ColumnValue(i)) => {
                columns.get(*i).map(|c| &c.value)
            }
            _ => None,
        }
    }

    /// [`Block::template`], to change it.
    pub fn template_mut(&mut self, field: &BlockField) -> Option<&mut String> {
        use BlockField as F;
        match (&mut self.kind, field) {
            (_, F::Override(c)) => self.overrides.get_mut(c),
            (
                BlockKind::Heading { text }
                | BlockKind::Text { text }
                | BlockKind::Signature { text }
                | BlockKind::Legal { text },
                F::Text,
            ) => Some(text),
            (BlockKind::Button { label, .. }, F::Label) => Some(label),
            (BlockKind::Button { url, .. }, F::Url) => Some(url),
            (BlockKind::Image { alt, .. }, F::Alt) => Some(alt),
            (BlockKind::Image { url, .. }, F::Url) => url.as_mut(),
            (BlockKind::Group { when, .. }, F::When) => Some(when),
            (BlockKind::Table { source, .. }, F::Source) => Some(source),
            (BlockKind::Table { empty, .. }, F::Empty) => Some(empty),
            (BlockKind::Table { footer, .. }, F::Footer(i)) => footer.get_mut(*i),
            (BlockKind::Table { columns, .. }, F::ColumnHeader(i)) => {
                columns.get_mut(*i).map(|c| &mut c.header)
            }
            (BlockKind::Table { columns, .. }, F::ColumnValue(i)) => {
                columns.get_mut(*i).map(|c| &mut c.value)
            }
            _ => None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

listed_enum! {
/// A kind of block without its content: what the outline offers to add and shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// [`BlockKind::Heading`]
    Heading,
    /// [`BlockKind::Text`]
    Text,
    /// [`BlockKind::Button`]
    Button,
    /// [`BlockKind::Image`]
    Image,
    /// [`BlockKind::Table`]
    Table,
    /// [`BlockKind::Divider`]
    Divider,
    /// [`BlockKind::Signature`]
    Signature,
    /// [`BlockKind::Legal`]
    Legal,
    /// [`BlockKind::Group`]
    Group,
    /// [`BlockKind::Snippet`]
    Snippet,
}
}

impl Kind {
    /// The short name, as the project file writes the kind and new blocks' ids start.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Heading => "heading",
            Kind::Text => "text",
            Kind::Button => "button",
            Kind::Image => "image",
            Kind::Table => "table",
            Kind::Divider => "divider",
            Kind::Signature => "signature",
            Kind::Legal => "legal",
            Kind::Group => "group",
            Kind::Snippet => "snippet",
        }
    }
}

impl BlockKind {
    /// Its kind, without the content.
    pub fn kind(&self) -> Kind {
        match self {
            BlockKind::Heading { .. } => Kind::Heading,
            BlockKind::Text { .. } => Kind::Text,
            BlockKind::Button { .. } => Kind::Button,
            BlockKind::Image { .. } => Kind::Image,
            BlockKind::Table { .. } => Kind::Table,
            BlockKind::Divider => Kind::Divider,
            BlockKind::Signature { .. } => Kind::Signature,
            BlockKind::Legal { .. } => Kind::Legal,
            BlockKind::Group { .. } => Kind::Group,
            BlockKind::Snippet(_) => Kind::Snippet,
        }
    }
}

/// What a block shows, with its content; every `String` in it is a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BlockKind {
    /// A title line; the first one in an email is its main heading.
    Heading {
        /// Plain text (no Markdown), kept on one line.
        text: String,
    },
    /// Paragraphs separated by blank lines, inline Markdown (bold, italic, links).
    Text {
        /// The text (template); a blank line starts a new paragraph.
        text: String,
    },
    /// A link button; the letter prints it as `label: url`.
    Button {
        /// Button text, kept on one line.
        label: String,
        /// Link target; it must resolve to an https, mailto or tel link, else it is left out.
        url: String,
    },
    /// A picture from an asset file; chat shows it only as a message header, SMS not at all.
    Image {
        /// Path relative to the project file.
        asset: String,
        /// Alternative text (template); email warns when it resolves empty.
        alt: String,
        /// Public https URL of the same image, for channels that cannot embed it (chat).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        /// How wide the image is shown; full content width unless set.
        #[serde(default)]
        width: ImageWidth,
    },
    /// One row per element of a list in the record, e.g. invoice lines.
    Table {
        /// Expression naming the list, e.g. `invoice.items`.
        source: String,
        /// The columns, left to right; each cell is a template over the row's `item`.
        columns: Vec<Column>,
        /// Cells of a closing row (templates), e.g. the total; empty for none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        footer: Vec<String>,
        /// Shown instead of the table when the list is empty.
        #[serde(default)]
        empty: String,
    },
    /// A horizontal rule; on chat it starts a new message bubble, SMS leaves it out.
    Divider,
    /// The closing (greeting and sender), inline Markdown; SMS leaves it out.
    Signature {
        /// The closing text (template); a blank line starts a new paragraph.
        text: String,
    },
    /// Small print such as the imprint: the letter's page footer, the chat message's footer.
    Legal {
        /// The legal text (template), inline Markdown.
        text: String,
    },
    /// Child blocks shown only when `when` (an expression) is true for the record.
    Group {
        /// Expression, no `{{ }}`, e.g. `invoice.total | float > 0`; a broken one counts as false.
        when: String,
        /// The blocks shown in the group's place when `when` holds.
        blocks: Vec<Block>,
    },
    /// A snippet of the library, by name (`Snippet("legal-footer")`): its blocks, kept once
    /// in `library/snippets/NAME.ron`, shown in this block's place.
    Snippet(SnippetRef),
}

/// A snippet used by a project: its name as the file writes it, and its blocks once linked
/// (never written to the project file).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SnippetRef {
    /// The snippet's name: `library/snippets/NAME.ron`.
    pub name: String,
    /// The snippet's blocks, their ids prefixed with this block's id and a dot, filled in by
    /// linking; empty when the library has no such snippet (linking says so).
    /// Shared: every undo step of the designer holds a copy of the project.
    #[serde(skip)]
    pub blocks: std::sync::Arc<Vec<Block>>,
    /// The snippet file's translations, filled in by linking (shared, as the blocks are).
    #[serde(skip)]
    pub translations: std::sync::Arc<super::translation::Translations>,
}

impl SnippetRef {
    /// A use of the snippet `name`, not linked yet.
    pub fn named(name: &str) -> SnippetRef {
        SnippetRef {
            name: name.to_owned(),
            blocks: Default::default(),
            translations: Default::default(),
        }
    }
}

/// Two uses of a snippet are the same when they name the same snippet: the linked blocks are
/// the library's, not the project's, so a project is unchanged when only the library changed.
impl PartialEq for SnippetRef {
    fn eq(&self, other: &SnippetRef) -> bool {
        self.name == other.name
    }
}

/// How wide an image is shown, capped at the content width.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub enum ImageWidth {
    /// The full content width.
    #[default]
    Full,
    /// A fixed width in CSS pixels.
    Px(u32),
}

/// One column of a table block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Column title (template), kept on one line.
    pub header: String,
    /// Template for one cell; the row is available as `item`.
    pub value: String,
    /// How cells of this column line up; `Left` unless set.
    #[serde(default)]
    pub align: Align,
}

/// Horizontal alignment of a table column's header and cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Align {
    /// Flush left, for text.
    #[default]
    Left,
    /// Flush right, for numbers and amounts.
    Right,
    /// Centred.
    Center,
}
