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
    /// Continue from an existing `NAME.part` with `REST`.
    pub resume: bool,
    /// Size already known from a listing: saves a SIZE round trip.
    pub known_size: Option<u64>,
}

/// `target.part` beside `target`.
pub fn part_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    target.with_file_name(name)
}

/// Downloads `remote` to `target`; returns the file's final size.
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
    let offset = if opts.resume { resume_offset(&part)? } else { 0 };
    if offset > 0 && expected == Some(offset) {
        // Everything already arrived; only the rename was missing.
        rename(&part, target)?;
        return Ok(offset);
    }
    if let Some(n) = expected.filter(|n| offset > *n) {
        return Err(Error::Transfer(format!(
            "{} holds {offset} bytes, more than the remote file's {n}: the remote file changed; \
             delete the .part file and download again",
            part.display()
        )));
    }
    s.restart_at(offset);
    let label = format!("RETR {remote}");
    let mut data = s.open_data(Command::Retr(remote.into()))?;
    let file = open_part(&part, offset > 0)?;
    let mut out = BufWriter::with_capacity(256 * 1024, file);
    progress.begin(remote, expected);
    progress.advance(offset);
    let end = data.read_into(&mut out, None, &mut |n| progress.advance(n));
    progress.end();
    let end = end.map_err(|e| relabel_local(e, &part))?;
    let closed = data.finish_read();
    s.finish_data(&label)?;
    drop(closed);
    out.flush().map_err(|e| Error::Local { action: "write", path: part.clone(), source: e })?;
    drop(out);
    let total = offset + end.bytes;
    match expected {
        Some(n) if n != total => {
            return Err(Error::Transfer(format!(
                "{remote}: received {total} of {n} bytes{}; the partial data is kept in {} (resume with --continue)",
                if end.clean { "" } else { " (data connection closed without TLS close_notify)" },
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
    rename(&part, target)?;
    Ok(total)
}

fn rename(part: &Path, target: &Path) -> Result<()> {
    fs::rename(part, target).map_err(|e| Error::Local { action: "rename into place", path: target.into(), source: e })
}

/// Length of a `.part` to continue from (0 when there is none).
fn resume_offset(part: &Path) -> Result<u64> {
    match fs::symlink_metadata(part) {
        Ok(m) if m.file_type().is_file() => Ok(m.len()),
        Ok(_) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(Error::Local { action: "inspect", path: part.into(), source: e }),
    }
}

fn open_part(part: &Path, append: bool) -> Result<File> {
    // A symlink planted at NAME.part must not redirect the write elsewhere.
    if fs::symlink_metadata(part).is_ok_and(|m| m.file_type().is_symlink()) {
        fs::remove_file(part).map_err(|e| Error::Local { action: "replace", path: part.into(), source: e })?;
    }
    let mut o = OpenOptions::new();
    if append {
        o.append(true);
    } else {
        o.write(true).create(true).truncate(true);
    }
    o.open(part).map_err(|e| Error::Local { action: "create", path: part.into(), source: e })
}

fn relabel_local(e: Error, part: &Path) -> Error {
    match e {
        Error::Local { action, source, .. } => Error::Local { action, path: part.into(), source },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn part_path_is_beside_target() {
        assert_eq!(super::part_path("/a/b.txt".as_ref()), std::path::Path::new("/a/b.txt.part"));
        assert_eq!(super::part_path("b".as_ref()), std::path::Path::new("b.part"));
    }
}
