use super::{Channel, PerChannel};
use serde::{Deserialize, Serialize};

/// One block of the content source. Every text in it is a minijinja template
/// over the customer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Stable name, unique in the project; diagnostics and the editor refer to it.
    pub id: String,
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

impl Block {
    /// The template of one of the block's fields, named as diagnostics name it: `text`,
    /// `label`, `url`, `alt`, `when`, `source`, `empty`, `override.<channel>`,
    /// `column<n>.header`, `column<n>.value`, `footer<n>` (n counts from 1).
    pub fn template_mut(&mut self, field: &str) -> Option<&mut String> {
        if let Some(c) = field.strip_prefix("override.") {
            return self.overrides.get_mut(&Channel::parse(c)?);
        }
        // `column2.value` → (1, "value"); `footer1` → (0, "").
        let indexed = |prefix: &str| {
            let rest = field.strip_prefix(prefix)?;
            let (n, part) = rest.split_once('.').unwrap_or((rest, ""));
            Some((n.parse::<usize>().ok()?.checked_sub(1)?, part))
        };
        match (&mut self.kind, field) {
            (
                BlockKind::Heading { text }
                | BlockKind::Text { text }
                | BlockKind::Signature { text }
                | BlockKind::Legal { text },
                "text",
            ) => Some(text),
            (BlockKind::Button { label, .. }, "label") => Some(label),
            (BlockKind::Button { url, .. }, "url") => Some(url),
            (BlockKind::Image { alt, .. }, "alt") => Some(alt),
            (BlockKind::Image { url, .. }, "url") => url.as_mut(),
            (BlockKind::Group { when, .. }, "when") => Some(when),
            (BlockKind::Table { source, .. }, "source") => Some(source),
            (BlockKind::Table { empty, .. }, "empty") => Some(empty),
            (BlockKind::Table { footer, .. }, f) if f.starts_with("footer") => {
                footer.get_mut(indexed("footer")?.0)
            }
            (BlockKind::Table { columns, .. }, f) if f.starts_with("column") => {
                let (i, part) = indexed("column")?;
                let c = columns.get_mut(i)?;
                match part {
                    "header" => Some(&mut c.header),
                    "value" => Some(&mut c.value),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BlockKind {
    Heading {
        text: String,
    },
    /// Paragraphs separated by blank lines, inline Markdown (bold, italic, links).
    Text {
        text: String,
    },
    Button {
        label: String,
        url: String,
    },
    Image {
        /// Path relative to the project file.
        asset: String,
        alt: String,
        /// Public https URL of the same image, for channels that cannot embed it (chat).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        #[serde(default)]
        width: ImageWidth,
    },
    /// One row per element of a list in the record, e.g. invoice lines.
    Table {
        /// Expression naming the list, e.g. `invoice.items`.
        source: String,
        columns: Vec<Column>,
        /// Cells of a closing row (templates), e.g. the total; empty for none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        footer: Vec<String>,
        /// Shown instead of the table when the list is empty.
        #[serde(default)]
        empty: String,
    },
    Divider,
    Signature {
        text: String,
    },
    Legal {
        text: String,
    },
    /// Child blocks shown only when `when` (an expression) is true for the record.
    Group {
        when: String,
        blocks: Vec<Block>,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub enum ImageWidth {
    /// The full content width.
    #[default]
    Full,
    /// A fixed width in CSS pixels.
    Px(u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub header: String,
    /// Template for one cell; the row is available as `item`.
    pub value: String,
    #[serde(default)]
    pub align: Align,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}
