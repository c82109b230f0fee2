//! What routing knows besides the records: the suppression list and earlier exports, and
//! the files they are read from.

use super::error::InputError;
use super::*;
use crate::model::Project;

/// What the routing of an export knows besides the records: the suppression list and the
/// marketing messages each customer got from earlier exports within the cap's window.
#[derive(Debug, Default, Clone)]
pub struct Context {
    /// Contacts that must never be reached.
    pub suppression: Suppression,
    /// Marketing messages per record id from earlier exports within the cap's window.
    pub sent_before: frequency::Counts,
}

/// Where routing's context comes from: the files `prism export --suppress … --history …`
/// names, or the designer's Audience window.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Inputs {
    /// Contacts never to reach: email addresses, phone numbers or record ids, one a line.
    pub suppress: Option<std::path::PathBuf>,
    /// Earlier exports (their folders or `routing.csv`), for the frequency cap.
    pub history: Vec<std::path::PathBuf>,
}

impl Context {
    /// The suppression list and the earlier exports' logs for a policy's frequency cap.
    pub fn load(project: &Project, inputs: &Inputs) -> Result<Context, InputError> {
        let (suppress, history) = (inputs.suppress.as_deref(), &inputs.history);
        let suppression = match suppress {
            Some(p) => Suppression::load(p)?,
            None => Suppression::default(),
        };
        let sent_before = match project.routing.frequency_cap {
            Some(cap) if !history.is_empty() => {
                frequency::Counts::load(history, frequency::today(), cap.days)?
            }
            _ => frequency::Counts::default(),
        };
        Ok(Context {
            suppression,
            sent_before,
        })
    }
}
