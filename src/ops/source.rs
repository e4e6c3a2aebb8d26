//! Moving a source after its upload (`--remove-source-files`): the local
//! file is deleted only when it is still the file the upload read. A log
//! that a writer appended to while it was being sent, or a file replaced
//! by another under the same name, would otherwise lose what the server
//! never received.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::error::{Error, Result};

/// What identifies the contents an upload read: the file (device, inode),
/// its size, and its modification and change times to the nanosecond
/// (the change time moves on every write, even one that keeps the size
/// and sets the modification time back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceStamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl SourceStamp {
    /// Taken from the open file the upload reads, before the first byte.
    pub fn of(meta: &Metadata) -> Self {
        SourceStamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    /// How `now` differs from this stamp, in words; `None` when it does not.
    fn change(&self, now: &SourceStamp) -> Option<String> {
        if (self.dev, self.ino) != (now.dev, now.ino) {
            Some("another file took its name".into())
        } else if self.size != now.size {
            Some(format!("its size went from {} to {} bytes", self.size, now.size))
        } else if self.mtime != now.mtime || self.ctime != now.ctime {
            Some("it was written to".into())
        } else {
            None
        }
    }
}

/// Deletes the local source of a checked, renamed upload, only when it is
/// unchanged since `read` was taken; otherwise keeps it and says why.
pub fn remove_source(local: &Path, read: &SourceStamp) -> Result<()> {
    let err = |source| Error::Local { action: "remove source file", path: local.into(), source };
    let now = std::fs::symlink_metadata(local).map_err(err)?;
    if let Some(why) = read.change(&SourceStamp::of(&now)) {
        return Err(err(std::io::Error::other(format!(
            "{why} while it was uploaded, so the server may not have all of it; kept it (upload it again)"
        ))));
    }
    std::fs::remove_file(local).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn only_an_unchanged_source_goes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        std::fs::write(&path, b"line 1\n").unwrap();
        let read = SourceStamp::of(&std::fs::metadata(&path).unwrap());
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"line 2\n").unwrap();
        let e = remove_source(&path, &read).unwrap_err().to_string();
        assert!(e.contains("size went from 7 to 14 bytes") && e.contains("kept it"), "{e}");
        assert!(path.exists());

        // Same size, new contents: the change time still tells.
        let read = SourceStamp::of(&std::fs::metadata(&path).unwrap());
        std::thread::sleep(std::time::Duration::from_millis(5));
        std::fs::write(&path, b"LINE 1\nLINE 2\n").unwrap();
        assert!(remove_source(&path, &read).unwrap_err().to_string().contains("written to"));

        // Replaced by another file under the same name.
        let read = SourceStamp::of(&std::fs::metadata(&path).unwrap());
        let other = dir.path().join("new");
        std::fs::write(&other, b"LINE 1\nLINE 2\n").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert!(remove_source(&path, &read).unwrap_err().to_string().contains("another file"));

        let read = SourceStamp::of(&std::fs::metadata(&path).unwrap());
        remove_source(&path, &read).unwrap();
        assert!(!path.exists());
    }
}
