//! Downloads. Bytes land in `NAME.part` beside the target, which is renamed
//! to the final name only after the server's 226 and a size check, so an
//! interrupted or short transfer never sits under the name the user asked for.

use std::fs;
use std::io::BufWriter;
use std::path::Path;

use super::part;
use crate::control::Session;
use crate::data::relabel_local;
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

pub use super::part::part_path;

/// Downloads `remote` to `target` through `target.part`, syncing the
/// directory after the rename; returns the file's final size.
pub fn retrieve(
    s: &mut Session,
    remote: &str,
    target: &Path,
    opts: GetOptions,
    progress: &mut dyn Progress,
) -> Result<u64> {
    retrieve_via(s, remote, target, &part_path(target), true, opts, progress)
}

/// Downloads `remote` to `target` through the temporary file `part` (which
/// the caller chose so that it collides with nothing else in its run).
/// `sync_dir` false leaves the directory sync to a caller that commits many
/// files into one directory and syncs it once at the end.
pub fn retrieve_via(
    s: &mut Session,
    remote: &str,
    target: &Path,
    part: &Path,
    sync_dir: bool,
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
    let offset = if opts.resume { part::existing_len(part)? } else { 0 };
    if offset > 0 && expected == Some(offset) {
        // Everything already arrived; only the rename was missing.
        let file = part::open(part, true)?;
        part::sync(&file, part)?;
        return finish(part, target, sync_dir).map(|()| offset);
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
    let file = part::open(part, offset > 0)?;
    let mut out = BufWriter::with_capacity(256 * 1024, file);
    progress.begin(remote, expected);
    progress.advance(offset);
    let end = data.read_into(&mut out, None, &mut |n| progress.advance(n));
    progress.end();
    let end = end.map_err(|e| relabel_local(e, part))?;
    let closed = data.finish_read();
    s.finish_data(&label)?;
    drop(closed);
    let file =
        out.into_inner().map_err(|e| Error::Local { action: "write", path: part.into(), source: e.into_error() })?;
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
    part::sync(&file, part)?;
    drop(file);
    finish(part, target, sync_dir)?;
    Ok(total)
}

fn finish(part: &Path, target: &Path, sync_dir: bool) -> Result<()> {
    part::commit(part, target)?;
    match target.parent().filter(|_| sync_dir) {
        Some(dir) => part::sync_dir(dir),
        None => Ok(()),
    }
}
