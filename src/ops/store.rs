//! Uploads, verified afterwards with `SIZE` where the server has it, so a
//! partially written remote file is never reported as success.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::Path;

use crate::control::Session;
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::wire::Command;

/// Uploads `local` to `remote`; returns the remote file's final size. With
/// `resume`, the bytes the server already holds are skipped (`REST` + `STOR`).
pub fn store(s: &mut Session, local: &Path, remote: &str, resume: bool, progress: &mut dyn Progress) -> Result<u64> {
    let local_err = |action, e| Error::Local { action, path: local.into(), source: e };
    let mut file = File::open(local).map_err(|e| local_err("open", e))?;
    let meta = file.metadata().map_err(|e| local_err("read", e))?;
    if meta.is_dir() {
        return Err(Error::InvalidArgument(format!(
            "{} is a directory; put uploads files (use mirror for trees)",
            local.display()
        )));
    }
    let offset = if resume { remote_size_or_zero(s, remote)? } else { 0 };
    if offset > meta.len() {
        return Err(Error::Transfer(format!(
            "{remote} on the server ({offset} bytes) is larger than {} ({} bytes): not a partial upload of it",
            local.display(),
            meta.len()
        )));
    }
    if resume && offset == meta.len() {
        return Ok(offset);
    }
    if offset > 0 {
        file.seek(SeekFrom::Start(offset)).map_err(|e| local_err("seek in", e))?;
    }
    s.restart_at(offset);
    let label = format!("STOR {remote}");
    let mut data = s.open_data(Command::Stor(remote.into()))?;
    progress.begin(remote, Some(meta.len()));
    progress.advance(offset);
    let sent = data.write_from(&mut file, &mut |n| progress.advance(n));
    progress.end();
    let sent = match sent {
        Ok(n) => n,
        Err(e) => {
            // Let the server see the abort and read its verdict, then report ours.
            drop(data);
            let _ = s.finish_data(&label);
            return Err(match e {
                Error::Local { action, source, .. } => local_err(action, source),
                other => other,
            });
        }
    };
    let closed = data.finish_write()?;
    s.finish_data(&label)?;
    drop(closed);
    let total = offset + sent;
    if let Some(remote_size) = s.size(remote)?
        && remote_size != total
    {
        return Err(Error::Transfer(format!(
            "{remote}: server holds {remote_size} bytes after the upload, {total} were expected"
        )));
    }
    Ok(total)
}

fn remote_size_or_zero(s: &mut Session, remote: &str) -> Result<u64> {
    match s.size(remote) {
        Ok(n) => Ok(n.unwrap_or(0)),
        // Nothing there yet: a fresh upload.
        Err(Error::Remote { reply, .. }) if reply.code == 550 => Ok(0),
        Err(e) => Err(e),
    }
}
