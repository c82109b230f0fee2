//! Which links a message may carry: absolute https, mailto and tel URLs without spaces or
//! control characters. A link that breaks the rule is left out (its text stays) and reported.

use super::Field;
use super::errors::diag_for_name;
use super::markdown::RichText;
use super::resolve::Resolver;
use crate::diag::{Code, Severity};

pub(super) fn allowed_scheme(s: &str) -> bool {
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
