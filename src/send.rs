//! Test sends: one record's email, exactly as export writes it, delivered over SMTP to the
//! designer's own address. The message is not changed (its `To` stays the customer's); only
//! the envelope goes to the test recipient, so what arrives is what the customer would get.

use crate::model::Channel;
use crate::model::ChannelSet;
use crate::render::email::ImageMode;
use crate::render::eml;
use crate::workspace::Workspace;
use lettre::address::{Address, Envelope};
use lettre::{SmtpTransport, Transport};
use std::time::{Duration, SystemTime};

/// How long connecting, the TLS handshake and each SMTP reply may take before giving up.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct SmtpTarget {
    /// `smtp://[user@]host[:port]` (add `?tls=required` for STARTTLS, or `?tls=opportunistic`)
    /// or `smtps://[user@]host[:port]` for TLS from the start, as lettre reads them.
    pub url: String,
    /// Never stored in the project: the command line reads it from `PRISM_SMTP_PASSWORD`,
    /// the designer keeps it in memory only.
    pub password: Option<String>,
    /// How long connecting, the TLS handshake and each SMTP reply may take
    /// ([`DEFAULT_TIMEOUT`] unless the user sets another).
    pub timeout: Duration,
}

/// Why a test send failed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// No record in the data has this id.
    #[error("record `{0}` is not in the data")]
    NoRecord(String),
    /// The test recipient's address does not parse.
    #[error("`{0}` is not a valid recipient address")]
    Recipient(String),
    /// The email could not be rendered or made into a message (a bad sender address too).
    #[error("the email could not be built: {0}")]
    Build(String),
    /// The SMTP URL is not valid, or the server refused or did not answer; the text names
    /// the server, never the password.
    #[error("{0}")]
    Smtp(String),
}

/// What was sent: the message bytes (the `.eml`) and where to.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The message's bytes as sent, exactly as export writes the `.eml`.
    pub eml: Vec<u8>,
    /// The test recipient the envelope went to, trimmed.
    pub to: String,
    /// The server it went through (`host:port` from the URL, without user or password).
    pub server: String,
}

/// `url` with `password` written into its user part, percent-encoded.
fn with_password(url: &str, password: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((user, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    let user = user.split(':').next().unwrap_or(user);
    format!("{scheme}://{user}:{}@{host}", percent_encode(password))
}

/// Text for the user or password part of a URL: every byte but RFC 3986's unreserved ones
/// as `%XX`.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    encoded
}

/// The server part of the URL, for messages (never the password).
fn server_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    host.split(['?', '/']).next().unwrap_or(host).to_owned()
}

/// Renders `record_id`'s email and sends it to `to` through `target`.
pub fn send_test(
    ws: &Workspace,
    record_id: &str,
    to: &str,
    target: &SmtpTarget,
) -> Result<Sent, SendError> {
    let record = ws
        .record(record_id)
        .ok_or_else(|| SendError::NoRecord(record_id.to_owned()))?;
    let recipient: Address = to
        .trim()
        .parse()
        .map_err(|_| SendError::Recipient(to.to_owned()))?;
    let rendered = ws.render(record, ChannelSet::of(&[Channel::Email]), ImageMode::Cid);
    let email = rendered
        .email
        .as_ref()
        .and_then(|o| o.artefact.as_ref())
        .ok_or_else(|| SendError::Build("nothing was rendered".into()))?;
    let now = SystemTime::now();
    let bytes = eml::build(
        &ws.project,
        &ws.assets,
        email,
        now,
        eml::message_id(&ws.project, &record.id, now),
    )
    .map_err(|d| SendError::Build(d.message))?;
    let from: Address = ws
        .project
        .brand
        .sender
        .email
        .parse()
        .map_err(|_| SendError::Build("the sender address is not valid".into()))?;
    let envelope =
        Envelope::new(Some(from), vec![recipient]).map_err(|e| SendError::Build(e.to_string()))?;
    let server = server_of(&target.url);
    let url = match &target.password {
        Some(p) => with_password(&target.url, p),
        None => target.url.clone(),
    };
    let smtp = |e: lettre::transport::smtp::Error| {
        SendError::Smtp(format!(
            "{server}: {e} (gave up after at most {} s)",
            target.timeout.as_secs()
        ))
    };
    let transport = SmtpTransport::from_url(&url)
        .map_err(|e| SendError::Smtp(format!("`{}` is not an SMTP URL: {e}", target.url)))?
        .timeout(Some(target.timeout))
        .build();
    transport.send_raw(&envelope, &bytes).map_err(smtp)?;
    Ok(Sent {
        eml: bytes,
        to: to.trim().to_owned(),
        server,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_into_the_url_encoded_and_never_into_messages() {
        assert_eq!(
            with_password("smtp://designer@mail.example:587?tls=required", "p@ss:w/rd"),
            "smtp://designer:p%40ss%3Aw%2Frd@mail.example:587?tls=required"
        );
        assert_eq!(
            with_password("smtp://mail.example", "x"),
            "smtp://mail.example"
        );
        assert_eq!(
            server_of("smtps://designer:secret@mail.example:465"),
            "mail.example:465"
        );
    }
}
