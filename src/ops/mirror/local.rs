//! Writes under the local destination root, which must never reach outside
//! it: every directory between the root and the entry written must be a real
//! directory, not a symlink (a pre-existing `DST/a -> /etc` is refused, never
//! followed). Relative paths come from the plan, whose names were checked.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::tree::ancestors;
use crate::error::{Error, Result};

pub fn path_of(root: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(root.to_path_buf(), |p, c| p.join(c))
}

/// Refuses `rel` when one of its parent directories under `root` is a
/// symlink or not a directory.
pub fn check_parents(root: &Path, rel: &str) -> Result<()> {
    // Outermost first, so the error names the first offending component.
    let mut parents: Vec<&str> = ancestors(rel).collect();
    parents.reverse();
    for dir in parents {
        let path = path_of(root, dir);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_dir() => {}
            Ok(m) => {
                let what = if m.file_type().is_symlink() { "a symlink (not followed)" } else { "not a directory" };
                return Err(Error::Local {
                    action: "write below",
                    path,
                    source: io::Error::other(format!("it is {what}")),
                });
            }
            Err(e) => return Err(Error::Local { action: "find directory", path, source: e }),
        }
    }
    Ok(())
}

/// Creates the local root (and its parents) when missing. The root is the
/// user's choice, so a symlink there is followed.
pub fn make_root(root: &Path) -> Result<()> {
    fs::create_dir_all(root).map_err(|e| Error::Local { action: "create directory", path: root.into(), source: e })
}

/// Creates one directory; an existing real directory is fine.
pub fn make_dir(root: &Path, rel: &str) -> Result<()> {
    check_parents(root, rel)?;
    let path = path_of(root, rel);
    match fs::create_dir(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_dir() => Ok(()),
            _ => Err(Error::Local { action: "create directory", path, source: e }),
        },
        Err(e) => Err(Error::Local { action: "create directory", path, source: e }),
    }
}

/// Removes a file (never what a symlink points to).
pub fn remove_file(root: &Path, rel: &str) -> Result<()> {
    check_parents(root, rel)?;
    let path = path_of(root, rel);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_file() => {
            fs::remove_file(&path).map_err(|e| Error::Local { action: "delete", path, source: e })
        }
        Ok(_) => Err(Error::Local { action: "delete", path, source: io::Error::other("no longer a regular file") }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::Local { action: "delete", path, source: e }),
    }
}

/// Removes an empty directory.
pub fn remove_dir(root: &Path, rel: &str) -> Result<()> {
    check_parents(root, rel)?;
    let path = path_of(root, rel);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_dir() => {
            fs::remove_dir(&path).map_err(|e| Error::Local { action: "remove directory", path, source: e })
        }
        Ok(_) => Err(Error::Local { action: "remove directory", path, source: io::Error::other("not a directory") }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::Local { action: "remove directory", path, source: e }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn symlinked_parents_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let outside = dir.path().join("outside");
        fs::create_dir_all(root.join("real")).unwrap();
        fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
        assert!(check_parents(&root, "real/x").is_ok());
        assert!(check_parents(&root, "link/x").is_err());
        assert!(make_dir(&root, "link/sub").is_err());
        assert!(!outside.join("sub").exists());
        fs::write(outside.join("f"), b"keep").unwrap();
        assert!(remove_file(&root, "link/f").is_err());
        assert!(outside.join("f").exists());
        // A symlink as the entry itself is not deleted through.
        std::os::unix::fs::symlink(outside.join("f"), root.join("real/f")).unwrap();
        assert!(remove_file(&root, "real/f").is_err());
        assert!(outside.join("f").exists());
    }
}
