//! A password that cannot end up in a log by accident: `Debug` and
//! `Display` both print "(redacted)"; only [`Secret::expose`] gives the text.
//! Also the one check that a file holding secrets (netrc, a password file)
//! is private to its owner, and the password sources in [`source`].

pub mod source;

use std::path::Path;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(redacted)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(redacted)")
    }
}

/// Why a file holding passwords must not be used. Like curl and ftp(1),
/// such a file is refused rather than used: one others can read leaks the
/// password, one others can write (or another user owns) can be made to
/// hand a password to a server of someone else's choosing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exposure {
    /// Group or others may read it (mode bits).
    Readable(u32),
    /// Group or others may write it (mode bits).
    Writable(u32),
    /// Owned by another user (file owner, our effective uid).
    Owner(u32, u32),
}

impl std::fmt::Display for Exposure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exposure::Readable(m) => write!(f, "is readable by other users (mode {m:04o}); fix it with: chmod 600"),
            Exposure::Writable(m) => write!(f, "is writable by other users (mode {m:04o}); fix it with: chmod 600"),
            Exposure::Owner(owner, me) => {
                write!(f, "is owned by another user (uid {owner}, you are uid {me}); fix it with: chown {me}")
            }
        }
    }
}

/// What is wrong with trusting `path` to hold a secret; `None` when it is
/// private to us (or cannot be inspected: reading it then reports why).
#[cfg(unix)]
pub fn exposure(path: &Path) -> Option<Exposure> {
    exposure_of(&std::fs::metadata(path).ok()?)
}

/// [`exposure`] of a file already open (its own metadata, so the verdict
/// is about the bytes read, not whatever the path names a moment later).
#[cfg(unix)]
pub fn exposure_of(meta: &std::fs::Metadata) -> Option<Exposure> {
    use std::os::unix::fs::MetadataExt;
    let mode = meta.mode() & 0o7777;
    if let Some(e) = foreign_owner(meta) {
        Some(e)
    } else if mode & 0o022 != 0 {
        Some(Exposure::Writable(mode))
    } else if mode & 0o044 != 0 {
        Some(Exposure::Readable(mode))
    } else {
        None
    }
}

/// [`Exposure::Owner`] when another user owns the file `meta` describes
/// (also used for `--lock`, on the opened file's own metadata).
#[cfg(unix)]
pub fn foreign_owner(meta: &std::fs::Metadata) -> Option<Exposure> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    (meta.uid() != me).then_some(Exposure::Owner(meta.uid(), me))
}

/// Windows has no comparable mode bits; ACLs are not inspected.
#[cfg(not(unix))]
pub fn exposure(_path: &Path) -> Option<Exposure> {
    None
}

#[cfg(not(unix))]
pub fn exposure_of(_meta: &std::fs::Metadata) -> Option<Exposure> {
    None
}

/// The mode of a directory others may create, rename or delete entries in
/// (group or other write without the sticky bit); `None` when they cannot.
/// A file there can be swapped for another between two runs.
#[cfg(unix)]
pub fn open_directory(dir: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let mode = std::fs::metadata(dir).ok()?.mode() & 0o7777;
    (mode & 0o022 != 0 && mode & 0o1000 == 0).then_some(mode)
}

#[cfg(not(unix))]
pub fn open_directory(_dir: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn only_files_private_to_their_owner_pass() {
        use super::{Exposure, exposure};
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("netrc");
        std::fs::write(&path, "machine h").unwrap();
        let set = |mode| std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        for ok in [0o600, 0o400, 0o700] {
            set(ok);
            assert_eq!(exposure(&path), None, "{ok:o}");
        }
        for (mode, want) in [
            (0o644, Exposure::Readable(0o644)),
            (0o640, Exposure::Readable(0o640)),
            (0o604, Exposure::Readable(0o604)),
            (0o620, Exposure::Writable(0o620)),
            (0o602, Exposure::Writable(0o602)),
            (0o666, Exposure::Writable(0o666)),
        ] {
            set(mode);
            assert_eq!(exposure(&path), Some(want.clone()));
            assert!(want.to_string().contains("chmod 600"), "{want}");
        }
        assert_eq!(exposure(&dir.path().join("absent")), None);
        if rustix::process::geteuid().is_root() {
            set(0o600);
            std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
            let e = exposure(&path).expect("another owner is refused, even for root");
            assert_eq!(e, Exposure::Owner(65534, 0));
            assert!(e.to_string().contains("chown 0"), "{e}");
        }
    }

    #[test]
    fn never_formats_the_text() {
        let s = super::Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "(redacted) (redacted)");
        assert_eq!(s.expose(), "hunter2");
    }
}
