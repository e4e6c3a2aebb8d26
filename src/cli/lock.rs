//! `--lock FILE`: at most one run at a time, for cron jobs that may overlap.
//!
//! The lock file is opened without following a symlink, created 0600, and
//! refused when another user owns it: in a directory others can write (say
//! `/tmp`), a planted symlink or file could otherwise make the run create or
//! truncate a file elsewhere, or let another user hold the lock forever.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;

use crate::error::Error;

/// A lock file problem: a local file problem (exit 8), saying what to do.
fn refuse(path: &Path, why: String) -> anyhow::Error {
    Error::Local { action: "use as lock file", path: path.into(), source: io::Error::other(why) }.into()
}

/// An advisory lock released when dropped (or when the process dies, so a
/// crashed run never leaves a stale lock behind).
pub struct Lock(#[allow(dead_code)] File);

const FIX: &str = "use a lock file in a directory only you can write, e.g. ~/.cache/ftps/job.lock or $XDG_RUNTIME_DIR";

pub fn acquire(path: &Path) -> anyhow::Result<Lock> {
    let file = open(path).map_err(|e| {
        if is_symlink_refusal(&e) {
            refuse(path, format!("it is a symlink, which is never followed ({FIX})"))
        } else {
            Error::Local { action: "open lock file", path: path.into(), source: e }.into()
        }
    })?;
    check_owner(&file, path)?;
    match file.try_lock() {
        Ok(()) => Ok(Lock(file)),
        Err(TryLockError::WouldBlock) => Err(anyhow::Error::new(Locked(path.display().to_string()))),
        Err(TryLockError::Error(e)) => Err(Error::Local { action: "lock", path: path.into(), source: e }.into()),
    }
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().create(true).truncate(false).write(true).mode(0o600).custom_flags(libc::O_NOFOLLOW).open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).truncate(false).write(true).open(path)
}

fn is_symlink_refusal(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

#[cfg(unix)]
fn check_owner(file: &File, path: &Path) -> anyhow::Result<()> {
    let meta = file.metadata().map_err(|e| Error::Local { action: "inspect", path: path.into(), source: e })?;
    if !meta.is_file() {
        return Err(refuse(path, format!("it is not a regular file ({FIX})")));
    }
    match crate::secret::foreign_owner(&meta) {
        // The other user could hold it forever.
        Some(e) => Err(refuse(path, format!("it {e}, or {FIX}"))),
        None => Ok(()),
    }
}

#[cfg(not(unix))]
fn check_owner(_: &File, _: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// Another run holds the lock; maps to its own exit code.
#[derive(Debug)]
pub struct Locked(pub String);

impl std::fmt::Display for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "another ftps run holds the lock file {}; exiting without doing anything", self.0)
    }
}

impl std::error::Error for Locked {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn creates_a_private_lock_file_and_excludes_a_second_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("job.lock");
        let held = acquire(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let second = acquire(&path).err().expect("a second holder must be refused");
        assert!(second.is::<Locked>(), "{second}");
        drop(held);
        assert!(acquire(&path).is_ok());
    }

    #[test]
    fn refuses_a_symlink_and_leaves_its_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("precious");
        std::fs::write(&target, b"keep").unwrap();
        let path = dir.path().join("job.lock");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let e = acquire(&path).err().expect("a symlinked lock must be refused").to_string();
        assert!(e.contains("symlink"), "{e}");
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        // A dangling symlink must not create its target either.
        let dangling = dir.path().join("dangling.lock");
        std::os::unix::fs::symlink(dir.path().join("created-elsewhere"), &dangling).unwrap();
        assert!(acquire(&dangling).is_err());
        assert!(!dir.path().join("created-elsewhere").exists());
    }

    #[test]
    fn refuses_a_lock_file_owned_by_someone_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("job.lock");
        std::fs::write(&path, b"").unwrap();
        if rustix::process::geteuid().is_root() {
            // As root (CI), hand the file to another user; otherwise a file
            // we own is all we can make, and it must be accepted.
            std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
            assert_eq!(std::fs::metadata(&path).unwrap().uid(), 65534);
            let e = acquire(&path).err().expect("a foreign lock must be refused").to_string();
            assert!(e.contains("owned by another user (uid 65534"), "{e}");
        } else {
            assert!(acquire(&path).is_ok());
        }
    }
}
