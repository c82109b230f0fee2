//! Who reviews, and proof of what they did: Ed25519 keys in OpenSSH's formats, signatures as
//! SSHSIG (namespace `prism-approval`) that OpenSSH's `ssh-keygen -Y verify` checks without
//! Prism, and the project's `reviewers` file in `allowed_signers` format.

use ssh_key::rand_core::OsRng;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use std::path::{Path, PathBuf};

/// The SSHSIG namespace of every review signature: a signature made for anything else (a git
/// commit, a file) is never taken for an approval.
pub const NAMESPACE: &str = "prism-approval";

/// Why a key could not be made, read or used to sign.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    /// A key file (or the pointer to one) could not be written, read or used.
    #[error("{path}: {reason}")]
    Key {
        /// The key file, or the file that points at it.
        path: PathBuf,
        /// What went wrong, in words for the user.
        reason: String,
    },
    /// Making the signature failed.
    #[error("cannot sign: {0}")]
    Sign(String),
}

/// A person and the key they sign with.
pub struct Identity {
    /// The name written into every entry they sign.
    pub name: String,
    /// Their email address: their principal in the reviewers file and an entry's `by`.
    pub email: String,
    key: PrivateKey,
}

impl Identity {
    /// A new Ed25519 key for `name <email>`, written to `dir/prism_ed25519` (readable by
    /// its owner only) and `prism_ed25519.pub`.
    pub fn create(name: &str, email: &str, dir: &Path) -> Result<Identity, SigningError> {
        Identity::create_at(name, email, &dir.join("prism_ed25519"))
    }

    /// A new Ed25519 key for `name <email>`, written to `path` (readable by its owner only)
    /// and `path.pub`; its folder is made when missing.
    pub fn create_at(name: &str, email: &str, path: &Path) -> Result<Identity, SigningError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let path = path.to_path_buf();
        let fail = |reason: String| SigningError::Key {
            path: path.clone(),
            reason,
        };
        let mut key =
            PrivateKey::random(&mut OsRng, Algorithm::Ed25519).map_err(|e| fail(e.to_string()))?;
        key.set_comment(format!("{name} <{email}>"));
        let private = key
            .to_openssh(LineEnding::LF)
            .map_err(|e| fail(e.to_string()))?;
        let public = key
            .public_key()
            .to_openssh()
            .map_err(|e| fail(e.to_string()))?;
        std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
        write_private(&path, private.as_bytes()).map_err(|e| fail(e.to_string()))?;
        let mut public_path = path.clone().into_os_string();
        public_path.push(".pub");
        std::fs::write(public_path, format!("{public}\n")).map_err(|e| fail(e.to_string()))?;
        Ok(Identity {
            name: name.to_owned(),
            email: email.to_owned(),
            key,
        })
    }

    /// An existing OpenSSH private key (unencrypted; Ed25519).
    pub fn load(path: &Path, name: &str, email: &str) -> Result<Identity, SigningError> {
        let fail = |reason: String| SigningError::Key {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        let key = PrivateKey::from_openssh(&text)
            .map_err(|e| fail(format!("not an OpenSSH private key: {e}")))?;
        if key.is_encrypted() {
            return Err(fail("the key is protected by a passphrase; use ssh-keygen -p to write an unprotected copy for Prism".into()));
        }
        if key.algorithm() != Algorithm::Ed25519 {
            return Err(fail(format!(
                "{} keys are not used for reviews; Prism signs with Ed25519",
                key.algorithm()
            )));
        }
        Ok(Identity {
            name: name.to_owned(),
            email: email.to_owned(),
            key,
        })
    }

    /// An existing key; a name or email not given is taken from the key's comment when it
    /// reads `Name <email>` (as Prism writes it).
    pub fn open(
        path: &Path,
        name: Option<&str>,
        email: Option<&str>,
    ) -> Result<Identity, SigningError> {
        let text = std::fs::read_to_string(path).map_err(|e| SigningError::Key {
            path: path.to_path_buf(),
            reason: match e.kind() {
                std::io::ErrorKind::NotFound => "there is no key here; make one with `prism review init --name \"Your Name\" --email you@example.org`, or give --key".into(),
                _ => e.to_string(),
            },
        })?;
        let comment = PrivateKey::from_openssh(&text)
            .map(|k| k.comment().to_owned())
            .unwrap_or_default();
        let (from_name, from_email) = match comment.rsplit_once('<') {
            Some((n, e)) => (
                n.trim().to_owned(),
                e.trim_end_matches('>').trim().to_owned(),
            ),
            None => (String::new(), comment.trim().to_owned()),
        };
        let email = email.map_or(from_email, str::to_owned);
        // ssh-keygen's default comment is `user@host`: with no name in it, the address
        // stands for the person.
        let name = match name.map_or(from_name, str::to_owned) {
            n if n.trim().is_empty() => email.clone(),
            n => n,
        };
        if !email.contains('@') {
            return Err(SigningError::Key {
                path: path.to_path_buf(),
                reason: "the key's comment names no email address; give --email".into(),
            });
        }
        Identity::load(path, &name, &email)
    }

    /// The public key as one OpenSSH line (`ssh-ed25519 AAAA… comment`).
    pub fn public_key(&self) -> String {
        self.key.public_key().to_openssh().unwrap_or_default()
    }

    /// The `allowed_signers` line that lists this person (principal = email).
    pub fn allowed_signers_line(&self) -> String {
        let key = self.key.public_key().to_openssh().unwrap_or_default();
        // Only the key type and data: the comment stays out of the file's key field.
        let mut parts = key.split(' ');
        let (kind, data) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        format!("{} {kind} {data}", self.email)
    }

    /// An armored SSHSIG over `message`.
    pub fn sign(&self, message: &[u8]) -> Result<String, SigningError> {
        self.key
            .sign(NAMESPACE, HashAlg::Sha512, message)
            .and_then(|s| s.to_pem(LineEnding::LF))
            .map_err(|e| SigningError::Sign(e.to_string()))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// Why a signature does not count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The principal (email address) has no key in the reviewers file.
    #[error("{0} is not listed in the reviewers file")]
    NotListed(String),
    /// The signature cannot be read, or was made for another namespace.
    #[error("the signature is not a readable SSH signature: {0}")]
    Malformed(String),
    /// Made with a key the reviewers file does not list for this principal.
    #[error("the signature was made with a key other than {0}'s listed one")]
    OtherKey(String),
    /// The signature does not verify over the message: the entry was changed after signing.
    #[error("the signature does not match what it claims to sign (the entry was changed)")]
    Mismatch,
}

/// Checks an armored signature over `message` by `principal` against the `allowed_signers`
/// text of a project's `reviewers` file.
pub fn verify(
    allowed_signers: &str,
    principal: &str,
    message: &[u8],
    armored: &str,
) -> Result<(), Refusal> {
    let keys: Vec<PublicKey> = allowed_signers
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut fields = l.split_whitespace();
            let principals = fields.next()?;
            let listed = principals.split(',').any(|p| p == principal);
            let rest: Vec<&str> = fields.collect();
            // Options (such as namespaces="…") may stand before the key type.
            let at = rest.iter().position(|f| f.starts_with("ssh-"))?;
            let line = rest[at..].join(" ");
            listed
                .then(|| PublicKey::from_openssh(&line).ok())
                .flatten()
        })
        .collect();
    if keys.is_empty() {
        return Err(Refusal::NotListed(principal.to_owned()));
    }
    let sig = SshSig::from_pem(armored).map_err(|e| Refusal::Malformed(e.to_string()))?;
    if sig.namespace() != NAMESPACE {
        return Err(Refusal::Malformed(format!(
            "namespace `{}`, not `{NAMESPACE}`",
            sig.namespace()
        )));
    }
    let Some(key) = keys.iter().find(|k| k.key_data() == sig.public_key()) else {
        return Err(Refusal::OtherKey(principal.to_owned()));
    };
    key.verify(NAMESPACE, message, &sig)
        .map_err(|_| Refusal::Mismatch)
}

/// The folder of the user's review key: $XDG_CONFIG_HOME/prism (else ~/.config/prism).
pub fn default_key_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .map(|base| base.join("prism"))
}

/// The file in the key folder that points at an existing OpenSSH key the user chose
/// instead of one Prism made: its path, then the name and email to sign with, a line each.
const KEY_POINTER: &str = "review-key";

/// The identity kept in `dir`: Prism's own key, or the OpenSSH key the pointer names.
/// `None` when there is neither (first use).
pub fn stored_identity(dir: &Path) -> Option<Result<Identity, SigningError>> {
    if let Ok(text) = std::fs::read_to_string(dir.join(KEY_POINTER)) {
        let mut lines = text.lines();
        let path = PathBuf::from(lines.next().unwrap_or_default());
        let name = lines.next().filter(|s| !s.is_empty());
        let email = lines.next().filter(|s| !s.is_empty());
        return Some(Identity::open(&path, name, email));
    }
    let own = dir.join("prism_ed25519");
    own.exists().then(|| Identity::open(&own, None, None))
}

/// Uses an existing OpenSSH key from now on (the key stays where it is; only its path is kept).
pub fn use_existing_key(
    dir: &Path,
    key: &Path,
    name: &str,
    email: &str,
) -> Result<Identity, SigningError> {
    // What is left empty comes from the key's comment.
    let given = |s: &'_ str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let id = Identity::open(key, given(name).as_deref(), given(email).as_deref())?;
    let (name, email) = (&id.name, &id.email);
    let fail = |e: std::io::Error| SigningError::Key {
        path: dir.join(KEY_POINTER),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let text = format!("{}\n{name}\n{email}\n", key.display());
    crate::model::write_atomic(&dir.join(KEY_POINTER), text.as_bytes()).map_err(fail)?;
    Ok(id)
}

impl Identity {
    /// Whether the `reviewers` text lists this person with this key: the same check an entry
    /// they sign will get.
    pub fn is_listed(&self, reviewers: &str) -> Result<(), Refusal> {
        let probe = b"prism-reviewer-probe";
        let sig = self
            .sign(probe)
            .map_err(|e| Refusal::Malformed(e.to_string()))?;
        verify(reviewers, &self.email, probe, &sig)
    }
}
