//! The `.eml` of an email: MIME after RFC 2046 (text first, HTML last, images related by cid).

use super::Assets;
use super::email::Email;
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, MessageKind, Project};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use std::time::SystemTime;

/// `List-Unsubscribe` (RFC 2369): where to unsubscribe, as `<uri>` entries.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// A Message-ID in the sender's domain, from the record, the moment and the message: unique per
/// record and export time, and reproducible when the time is pinned (SOURCE_DATE_EPOCH).
pub fn message_id(project: &Project, record_id: &str, now: SystemTime) -> String {
    use sha2::{Digest, Sha256};
    let domain = project
        .brand
        .sender
        .email
        .rsplit_once('@')
        .map_or("prism.invalid", |(_, d)| d);
    let nanos = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // Unique per record and moment, and the same for the same ones: a run pinned by
    // SOURCE_DATE_EPOCH writes the same Message-IDs every time.
    let digest = Sha256::new()
        .chain_update(record_id.as_bytes())
        .chain_update(nanos.to_le_bytes())
        .chain_update(project.meta.name.as_bytes())
        .finalize();
    let hex = crate::digest::hex(&digest[..12]);
    format!("<{hex}.{nanos:x}@{domain}>")
}

fn mailbox(name: &str, addr: &str, what: &str) -> Result<Mailbox, Diagnostic> {
    let address = addr.parse().map_err(|e| {
        Diagnostic::error(
            Code::EmailAddress,
            format!("{what} `{addr}` is not a valid address: {e}"),
        )
        .on(Channel::Email)
    })?;
    let name = name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_owned()),
        address,
    ))
}

/// Builds the message bytes. `date` and `message_id` come from the caller so exports can be reproduced.
pub fn build(
    project: &Project,
    assets: &Assets,
    email: &Email,
    date: SystemTime,
    message_id: String,
) -> Result<Vec<u8>, Diagnostic> {
    // Boundaries from the Message-ID rather than random ones: the same message is the same
    // bytes. `=_` cannot occur in quoted-printable or base64 bodies.
    let tag = crate::digest::sha256_hex(message_id.as_bytes())[..24].to_owned();
    let s = &project.brand.sender;
    let from_name = if s.email_name.is_empty() {
        &s.company
    } else {
        &s.email_name
    };
    let mut builder = lettre::Message::builder()
        .from(mailbox(from_name, &s.email, "sender")?)
        .to(mailbox(&email.to_name, &email.to, "recipient")?)
        .subject(email.subject.clone())
        .date(date)
        .message_id(Some(message_id));
    if let Some(r) = &s.reply_to {
        builder = builder.reply_to(mailbox("", r, "reply-to")?);
    }
    if project.meta.kind == MessageKind::Marketing {
        let entries: Vec<String> = [&email.unsubscribe_url, &email.unsubscribe_mailto]
            .into_iter()
            .flatten()
            .map(|u| format!("<{u}>"))
            .collect();
        if !entries.is_empty() {
            builder = builder.header(ListUnsubscribe(entries.join(", ")));
        }
        if email.unsubscribe_url.is_some() {
            builder = builder.header(ListUnsubscribePost);
        }
    }
    let html = SinglePart::builder()
        .header(ContentType::TEXT_HTML)
        .body(email.html.clone());
    let html_part = if email.images.is_empty() {
        MultiPart::alternative()
            .boundary(format!("=_alt_{tag}"))
            .singlepart(SinglePart::plain(email.text.clone()))
            .singlepart(html)
    } else {
        let mut related = MultiPart::related()
            .boundary(format!("=_rel_{tag}"))
            .singlepart(html);
        for image in &email.images {
            let asset = match assets.get(&image.asset) {
                Some(Ok(a)) => a,
                _ => {
                    return Err(Diagnostic::error(
                        Code::Asset,
                        format!("{}: image not available", image.asset),
                    )
                    .on(Channel::Email));
                }
            };
            let content_type = ContentType::parse(asset.content_type)
                .map_err(|e| Diagnostic::error(Code::Asset, e.to_string()).on(Channel::Email))?;
            let name = std::path::Path::new(&image.asset)
                .file_name()
                .map_or("image".into(), |n| n.to_string_lossy().into_owned());
            related = related.singlepart(
                Attachment::new_inline_with_name(image.cid.clone(), name)
                    .body(asset.mime_body().clone(), content_type),
            );
        }
        MultiPart::alternative()
            .boundary(format!("=_alt_{tag}"))
            .singlepart(SinglePart::plain(email.text.clone()))
            .multipart(related)
    };
    let message = builder
        .multipart(html_part)
        .map_err(|e| Diagnostic::error(Code::EmailBuild, e.to_string()).on(Channel::Email))?;
    Ok(message.formatted())
}
