//! Where a project may read files from: its own folder and the `assets` folder beside it
//! (the layout of `projects/` and `assets/` in this repository). Anything else — an absolute
//! path, `..` out of those folders, a symbolic link that leads out — is refused, so that a
//! project file cannot put an arbitrary file of the machine into an email or a letter.
//! Only regular files are read, and never more than a given number of bytes: a FIFO would
//! block, and `/dev/zero` has no end.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The folders a project's files may be in, canonical (symbolic links resolved).
#[derive(Debug, Clone, Default)]
pub struct Roots {
    dirs: Vec<PathBuf>,
}

/// Why a project's file is refused or cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The name is an absolute path; project files are named relative to the project.
    #[error("{name}: an absolute path; give it relative to the project's folder")]
    Absolute {
        /// The file name as the project gives it.
        name: String,
    },
    /// The name leads out of the roots (by `..` or a symbolic link).
    #[error("{name}: {path} is outside the project's folder and the assets folder beside it")]
    Outside {
        /// The file name as the project gives it.
        name: String,
        /// Where the name leads, canonical (symbolic links resolved).
        path: PathBuf,
    },
    /// The file is missing, or the system refused to open or read it.
    #[error("{path}: cannot read: {reason}")]
    Unreadable {
        /// The file that could not be read.
        path: PathBuf,
        /// The I/O error in words (see [`describe`]).
        reason: String,
    },
    /// The path is a folder, pipe, device or socket: only regular files are read.
    #[error("{path}: not a regular file ({kind})")]
    NotAFile {
        /// The path that is not a regular file.
        path: PathBuf,
        /// What it is instead, in words: "a folder", "a named pipe", "a device"…
        kind: &'static str,
    },
    /// The file has more bytes than the caller allows.
    #[error("{path}: larger than the {max} bytes allowed")]
    TooLarge {
        /// The file that is too large.
        path: PathBuf,
        /// The limit, in bytes.
        max: u64,
    },
}

impl Roots {
    /// A project in `base`: `base` itself and `base/../assets`.
    pub fn of_project(base: &Path) -> Roots {
        let base = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        };
        let dirs = [base.to_path_buf(), base.join("..").join("assets")]
            .iter()
            .filter_map(|d| std::fs::canonicalize(d).ok())
            .collect();
        Roots { dirs }
    }

    /// Resolves `name`, relative to the folder `from`, to a path inside one of the roots.
    pub fn resolve(&self, from: &Path, name: &str) -> Result<PathBuf, FileError> {
        let relative = Path::new(name);
        if relative.has_root()
            || relative
                .components()
                .any(|c| matches!(c, Component::Prefix(_)))
        {
            return Err(FileError::Absolute { name: name.into() });
        }
        let joined = from.join(relative);
        let real = std::fs::canonicalize(&joined).map_err(|e| FileError::Unreadable {
            path: joined.clone(),
            reason: describe(&e),
        })?;
        if self.dirs.iter().any(|d| real.starts_with(d)) {
            Ok(real)
        } else {
            Err(FileError::Outside {
                name: name.into(),
                path: real,
            })
        }
    }
}

/// An I/O error in words, without the "(os error N)" the standard library adds.
pub fn describe(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Reads a regular file of at most `max` bytes.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    let unreadable = |e: std::io::Error| FileError::Unreadable {
        path: path.to_path_buf(),
        reason: describe(&e),
    };
    // Checked before opening: opening a FIFO for reading blocks until someone writes.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    let kind = file_kind(&meta.file_type());
    if kind != "file" {
        return Err(FileError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    // One byte more than allowed tells a file that grew past the limit from one at it.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            max,
        });
    }
    Ok(bytes)
}

fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        "file"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_roots_are_read() {
        let dir = std::env::temp_dir().join(format!("prism-confine-{}", std::process::id()));
        let project = dir.join("projects");
        std::fs::create_dir_all(&project).unwrap();
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("assets/logo.png"), b"x").unwrap();
        std::fs::write(dir.join("secret.txt"), b"s").unwrap();
        std::fs::write(project.join("ok.png"), b"x").unwrap();
        #[expect(
            clippy::let_underscore_must_use,
            reason = "without symbolic links the case it sets up is simply not tested"
        )]
        let _ = std::os::unix::fs::symlink(dir.join("secret.txt"), project.join("link.png"));
        let roots = Roots::of_project(&project);
        assert!(roots.resolve(&project, "ok.png").is_ok());
        assert!(roots.resolve(&project, "../assets/logo.png").is_ok());
        for bad in [
            "../secret.txt",
            "link.png",
            "/etc/hostname",
            "../assets/../secret.txt",
        ] {
            let e = roots.resolve(&project, bad).unwrap_err().to_string();
            assert!(e.starts_with(bad), "{bad}: {e}");
        }
        let e = read_bounded(Path::new("/dev/zero"), 10)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a device"), "{e}");
        let e = read_bounded(&project, 10).unwrap_err().to_string();
        assert!(e.contains("a folder"), "{e}");
        std::fs::write(project.join("big"), vec![0u8; 11]).unwrap();
        assert!(matches!(
            read_bounded(&project.join("big"), 10),
            Err(FileError::TooLarge { .. })
        ));
        assert_eq!(read_bounded(&project.join("big"), 11).unwrap().len(), 11);
        #[expect(
            clippy::let_underscore_must_use,
            reason = "cleaning up the test folder is best effort"
        )]
        let _ = std::fs::remove_dir_all(&dir);
    }
}
