//! A test email sent from the designer: the current record's email, exactly as export writes
//! it, over SMTP on its own thread, so the window stays responsive while the server answers
//! (or does not: the transport gives up after `send::DEFAULT_TIMEOUT`).

use super::job::Job;
use crate::send::{self, Sent, SmtpTarget};
use crate::workspace::Workspace;

/// How the connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// STARTTLS, required (usually port 587).
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// None: only for a server on this machine.
    Plain,
}

/// What the send dialog asks for. The password lives here, in memory, and nowhere else.
#[derive(Clone, PartialEq)]
pub struct SendSettings {
    /// The address the test email goes to (the designer's own).
    pub to: String,
    /// Host name of the SMTP server.
    pub host: String,
    /// TCP port of the SMTP server (usually 587 for STARTTLS, 465 for TLS).
    pub port: u16,
    /// How the connection to the server is secured.
    pub security: Security,
    /// The SMTP login; empty to send without logging in.
    pub user: String,
    /// The SMTP password; empty for none. Never written anywhere, nor shown by `Debug`.
    pub password: String,
}

impl std::fmt::Debug for SendSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SendSettings({} via {}:{})",
            self.to, self.host, self.port
        )
    }
}

impl Default for SendSettings {
    fn default() -> Self {
        SendSettings {
            to: String::new(),
            host: String::new(),
            port: 587,
            security: Security::StartTls,
            user: String::new(),
            password: String::new(),
        }
    }
}

impl SendSettings {
    /// The SMTP URL as lettre reads it (without the password).
    pub fn url(&self) -> String {
        let user = if self.user.is_empty() {
            String::new()
        } else {
            format!("{}@", send::percent_encode(&self.user))
        };
        let host = self.host.trim();
        match self.security {
            Security::Tls => format!("smtps://{user}{host}:{}", self.port),
            Security::StartTls => format!("smtp://{user}{host}:{}?tls=required", self.port),
            Security::Plain => format!("smtp://{user}{host}:{}", self.port),
        }
    }
}

/// A test email on its way, on its own thread, and the server's answer once it came.
pub struct SendJob {
    /// The send's thread and, once it answered, the server's answer or why it failed.
    pub job: Job<Sent>,
}

impl SendJob {
    /// Starts sending the email of the record with id `record` as `settings` say; `notify` is
    /// called when the answer arrives (to wake the UI).
    pub fn start(
        ws: Workspace,
        record: String,
        settings: &SendSettings,
        notify: impl Fn() + Send + 'static,
    ) -> SendJob {
        let target = SmtpTarget {
            url: settings.url(),
            password: (!settings.password.is_empty()).then(|| settings.password.clone()),
            timeout: send::DEFAULT_TIMEOUT,
        };
        let to = settings.to.clone();
        let job = Job::start(
            "test send",
            move || send::send_test(&ws, &record, &to, &target).map_err(|e| e.to_string()),
            notify,
        );
        SendJob { job }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_for_each_security() {
        let mut s = SendSettings {
            to: "me@example.org".into(),
            host: "mail.example.org".into(),
            port: 587,
            security: Security::StartTls,
            user: "me@example.org".into(),
            password: "secret".into(),
        };
        assert_eq!(
            s.url(),
            "smtp://me%40example.org@mail.example.org:587?tls=required"
        );
        s.security = Security::Tls;
        s.port = 465;
        assert_eq!(s.url(), "smtps://me%40example.org@mail.example.org:465");
        s.security = Security::Plain;
        s.user.clear();
        assert_eq!(s.url(), "smtp://mail.example.org:465");
        assert!(!format!("{s:?}").contains("secret"));
    }
}
