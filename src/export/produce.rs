//! One record's export made into bytes, on any thread; nothing is written here.

use super::Settings;
use super::entry::{Bytes, Finished, Outcome, count_severities, raw_json};
use crate::diag::{Code, Diagnostic};
use crate::model::stream::Raw;
use crate::render::email::ImageMode;
use crate::render::{ChannelOutput, eml, print};
use crate::workspace::Workspace;
use serde::Serialize;

/// What every record's rendering needs to know about the export.
pub struct Job<'a> {
    pub settings: &'a Settings,
    pub approved: bool,
}

/// One line of `sms.jsonl`.
#[derive(Serialize)]
struct SmsLine<'a> {
    record: &'a str,
    approved: bool,
    to: &'a str,
    from: &'a str,
    text: &'a str,
    encoding: &'static str,
    segments: usize,
    units: usize,
}

/// One line of `chat.jsonl`.
#[derive(Serialize)]
struct ChatLine<'a> {
    record: &'a str,
    approved: bool,
    payload: &'a crate::render::chat::Payload,
}

fn json_line<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("export lines always serialise")
}

/// The artefact to write, or why there is none: not to be sent (consent, address) or failed
/// (an error in the message or on the channel).
fn deliverable<T>(out: &ChannelOutput<T>) -> Result<&T, Outcome> {
    match &out.artefact {
        _ if !out.send => Err(Outcome::NotSent),
        Some(a) if !out.has_errors() => Ok(a),
        _ => Err(Outcome::Failed),
    }
}

impl Job<'_> {
    /// Parses and renders one record on every exported channel; `None` when the record
    /// belongs to another shard. A record that cannot be read is a failed record, not an
    /// error: one bad record never stops a run.
    pub fn produce(&self, ws: &Workspace, raw: Raw) -> Option<Finished> {
        let (index, origin) = (raw.index, raw.origin());
        let record = match raw.parse(&ws.project.data) {
            Ok(r) => r,
            Err(e) => {
                if self.settings.shard.is_some_and(|s| !s.holds(&origin)) {
                    return None;
                }
                let d = Diagnostic::error(Code::BadRecord, e.to_string());
                return Some(self.failed(index, String::new(), origin, d));
            }
        };
        if self
            .settings
            .shard
            .is_some_and(|s| !s.holds(&super::file_stem(&record.id)))
        {
            return None;
        }
        Some(self.render(ws, index, &record))
    }

    fn failed(&self, index: usize, id: String, origin: String, d: Diagnostic) -> Finished {
        let pick = |c| {
            self.settings
                .channels
                .contains(c)
                .then_some(Err(Outcome::Failed))
        };
        use crate::model::Channel::*;
        Finished {
            index,
            id,
            origin,
            route: None,
            route_json: raw_json(&()),
            diagnostics_json: raw_json(&[&d]),
            diagnostic_lines: vec![d.to_string()],
            severities: count_severities(std::iter::once((d.severity, d.off_route))),
            email: pick(Email),
            sms: pick(Sms),
            chat: pick(Chat),
            print: pick(Print),
        }
    }

    fn render(&self, ws: &Workspace, index: usize, record: &crate::model::Record) -> Finished {
        let (settings, approved) = (self.settings, self.approved);
        let rendered = ws.render(record, settings.channels, ImageMode::Cid);
        let mut diagnostics: Vec<Diagnostic> = rendered.diagnostics().cloned().collect();
        let email = rendered.email.as_ref().map(|out| {
            let email = deliverable(out)?;
            let id = eml::message_id(&ws.project, &record.id, settings.now);
            match eml::build(&ws.project, &ws.assets, email, settings.now, id) {
                Ok(mut bytes) => {
                    if !approved {
                        let proof = format!(
                            "X-Prism-Proof: not approved (content {})\r\n",
                            settings.content_hash
                        );
                        bytes.splice(0..0, proof.into_bytes());
                    }
                    Ok(Bytes::new(match settings.email_format {
                        super::EmailFormat::Files => bytes,
                        super::EmailFormat::Mbox => super::files::Mbox::stored(&bytes),
                    }))
                }
                Err(d) => {
                    diagnostics.push(d);
                    Err(Outcome::Failed)
                }
            }
        });
        let sms = rendered.sms.as_ref().map(|out| {
            let sms = deliverable(out)?;
            Ok(Bytes::new(json_line(&SmsLine {
                record: &record.id,
                approved,
                to: &sms.to,
                from: &sms.sender,
                text: &sms.text,
                encoding: sms.analysis.encoding.name(),
                segments: sms.analysis.segments,
                units: sms.analysis.units,
            })))
        });
        let chat = rendered.chat.as_ref().map(|out| {
            let chat = deliverable(out)?;
            Ok(Bytes::new(json_line(&ChatLine {
                record: &record.id,
                approved,
                payload: &chat.payload,
            })))
        });
        let print = rendered.print.as_ref().map(|out| {
            let letter = deliverable(out)?;
            let made = if approved {
                print::pdf(&ws.typesetter, letter)
            } else {
                let mut proof = letter.clone();
                print::mark_proof(&ws.typesetter, &ws.proof_mark, &mut proof);
                print::pdf(&ws.typesetter, &proof)
            };
            made.map(Bytes::new).map_err(|e| {
                diagnostics.push(Diagnostic::error(Code::Pdf, e.to_string()));
                Outcome::Failed
            })
        });
        let route = rendered.message.route;
        Finished {
            index,
            id: record.id.clone(),
            origin: record.origin.clone(),
            route_json: raw_json(&route),
            route: Some(route),
            diagnostics_json: raw_json(&diagnostics),
            diagnostic_lines: diagnostics.iter().map(ToString::to_string).collect(),
            severities: count_severities(diagnostics.iter().map(|d| (d.severity, d.off_route))),
            email,
            sms,
            chat,
            print,
        }
    }
}
