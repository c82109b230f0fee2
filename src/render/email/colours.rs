//! The colours of an email, light and dark: what the HTML declares (inline for light, in
//! its `prefers-color-scheme: dark` rules for dark) and what the designer's preview paints.

use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, Project};

/// One colour scheme, as `#rrggbb`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Around the message.
    pub canvas: String,
    /// The message's own background.
    pub card: String,
    /// Body text and headings.
    pub text: String,
    /// Legal text and the footer.
    pub muted: String,
    /// Links and buttons.
    pub primary: String,
    /// Text on buttons, readable on `primary`.
    pub on_primary: String,
}

/// An email's colours in light mode and, for clients that support it, dark mode.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailColours {
    /// Inline in the HTML: what every client shows unless it switches to dark.
    pub light: Scheme,
    /// In the `prefers-color-scheme: dark` rules; links and buttons keep the brand colour.
    pub dark: Scheme,
}

impl EmailColours {
    /// The project's colours; a value that is not a colour falls back, with a diagnostic.
    pub fn of(project: &Project, diags: &mut Vec<Diagnostic>) -> EmailColours {
        let b = &project.brand;
        let e = &project.channels.email;
        let primary = colour(&b.primary, "#0b5cad", "brand.primary", diags);
        let on_primary = colour(&b.on_primary, "#ffffff", "brand.on_primary", diags);
        // The brand's dark colours, when it has them, else the email settings'.
        let (dark_background, dark_text, dark_fields) = match &b.dark {
            Some(d) => (
                &d.background,
                &d.text,
                ("brand.dark.background", "brand.dark.text"),
            ),
            None => (
                &e.dark_background,
                &e.dark_text,
                ("channels.email.dark_background", "channels.email.dark_text"),
            ),
        };
        EmailColours {
            light: Scheme {
                canvas: colour(&b.canvas, "#f2f4f7", "brand.canvas", diags),
                card: colour(&b.background, "#ffffff", "brand.background", diags),
                text: colour(&b.text, "#1f2328", "brand.text", diags),
                muted: "#667085".into(),
                primary: primary.clone(),
                on_primary: on_primary.clone(),
            },
            dark: Scheme {
                canvas: "#0d1014".into(),
                card: colour(dark_background, "#1b1f24", dark_fields.0, diags),
                text: colour(dark_text, "#e6e8eb", dark_fields.1, diags),
                muted: "#9aa4b2".into(),
                // Buttons and links keep the brand colour in dark mode.
                primary,
                on_primary,
            },
        }
    }
}

/// A colour from the project, or the fallback when it is not `#rgb`/`#rrggbb`.
fn colour(value: &str, fallback: &'static str, field: &str, diags: &mut Vec<Diagnostic>) -> String {
    let ok = value.strip_prefix('#').is_some_and(|h| {
        (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit())
    });
    if ok {
        value.to_owned()
    } else {
        diags.push(
            Diagnostic::warning(
                Code::BrandColour,
                format!("`{value}` is not a #rrggbb colour; {fallback} is used"),
            )
            .on(Channel::Email)
            .at_field(field),
        );
        fallback.to_owned()
    }
}
