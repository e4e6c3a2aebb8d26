//! Downloads. Bytes land in `NAME.part` beside the target, which is renamed
//! to the final name only after the server's 226 and a size check, so an
//! interrupted or short transfer never sits under the name the user asked for.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::control::Session;
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::wire::Command;

#[derive(Debug, Clone, Copy, Default)]
pub struct GetOptions {
    /// Replace an existing target file.
    pub force: bool,
    /// Size already known from a listing: saves a SIZE round trip.
    pub known_size: Option<u64>,
}

/// `target.part` beside `target`.
pub fn part_path(target: &Path) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".part");
    target.with_file_name(name)
}

/// Downloads `remote` to `target`; returns the byte count.
pub fn retrieve(
    s: &mut Session,
    remote: &str,
    target: &Path,
    opts: GetOptions,
    progress: &mut dyn Progress,
) -> Result<u64> {
    if !opts.force && fs::symlink_metadata(target).is_ok() {
        return Err(Error::LocalExists(target.to_path_buf()));
    }
    let expected = match opts.known_size {
        Some(n) => Some(n),
        None => s.size(remote)?,
    };
    let part = part_path(target);
    let label = format!("RETR {remote}");
    let mut data = s.open_data(Command::Retr(remote.into()))?;
    let file = create_part(&part)?;
    let mut out = BufWriter::with_capacity(256 * 1024, file);
    progress.begin(remote, expected);
    let end = data.read_into(&mut out, None, &mut |n| progress.advance(n));
    progress.end();
    let end = end.map_err(|e| relabel_local(e, &part))?;
    data.finish_read();
    s.finish_data(&label)?;
    out.flush().map_err(|e| Error::Local {
        action: "write",
        path: part.clone(),
        source: e,
    })?;
    drop(out);
    match expected {
        Some(n) if n != end.bytes => {
            return Err(Error::Transfer(format!(
                "{remote}: received {} of {n} bytes{}; the partial data is kept in {}",
                end.bytes,
                if end.clean {
                    ""
                } else {
                    " (data connection closed without TLS close_notify)"
                },
                part.display()
            )));
        }
        None if !end.clean => {
            return Err(Error::Transfer(format!(
                "{remote}: the data connection ended without TLS close_notify and the server gave no size, \
                 so the download may be truncated; the data is kept in {}",
                part.display()
            )));
        }
        _ => {}
    }
    fs::rename(&part, target).map_err(|e| Error::Local {
        action: "rename into place",
        path: target.into(),
        source: e,
    })?;
    Ok(end.bytes)
}

fn create_part(part: &Path) -> Result<File> {
    // A symlink planted at NAME.part must not redirect the write elsewhere.
    if fs::symlink_metadata(part).is_ok_and(|m| m.file_type().is_symlink()) {
        fs::remove_file(part).map_err(|e| Error::Local {
            action: "replace",
            path: part.into(),
            source: e,
        })?;
    }
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(part)
        .map_err(|e| Error::Local {
            action: "create",
            path: part.into(),
            source: e,
        })
}

fn relabel_local(e: Error, part: &Path) -> Error {
    match e {
        Error::Local { action, source, .. } => Error::Local {
            action,
            path: part.into(),
            source,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn part_path_is_beside_target() {
        assert_eq!(
            super::part_path("/a/b.txt".as_ref()),
            std::path::Path::new("/a/b.txt.part")
        );
        assert_eq!(
            super::part_path("b".as_ref()),
            std::path::Path::new("b.part")
        );
    }
}
