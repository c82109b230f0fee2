//! Which links a message may carry: absolute https, mailto and tel URLs without spaces or
//! control characters. A link that breaks the rule is left out (its text stays) and reported
//! (by the resolver).

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
