//! `--lock FILE`: at most one run at a time, for cron jobs that may overlap.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use anyhow::anyhow;

/// An advisory lock released when dropped (or when the process dies, so a
/// crashed run never leaves a stale lock behind).
pub struct Lock(#[allow(dead_code)] File);

pub fn acquire(path: &Path) -> anyhow::Result<Lock> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| anyhow!("cannot open lock file {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock(file)),
        Err(TryLockError::WouldBlock) => Err(anyhow::Error::new(Locked(path.display().to_string()))),
        Err(TryLockError::Error(e)) => Err(anyhow!("cannot lock {}: {e}", path.display())),
    }
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
