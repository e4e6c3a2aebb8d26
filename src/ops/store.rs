//! Uploads, verified afterwards with `SIZE` where the server has it, so a
//! partially written remote file is never reported as success.

use std::fs::File;
use std::path::Path;

use crate::control::Session;
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::wire::Command;

/// Uploads `local` to `remote`; returns the byte count.
pub fn store(
    s: &mut Session,
    local: &Path,
    remote: &str,
    progress: &mut dyn Progress,
) -> Result<u64> {
    let mut file = File::open(local).map_err(|e| Error::Local {
        action: "open",
        path: local.into(),
        source: e,
    })?;
    let meta = file.metadata().map_err(|e| Error::Local {
        action: "read",
        path: local.into(),
        source: e,
    })?;
    if meta.is_dir() {
        return Err(Error::InvalidArgument(format!(
            "{} is a directory; put uploads files (use mirror for trees)",
            local.display()
        )));
    }
    let label = format!("STOR {remote}");
    let mut data = s.open_data(Command::Stor(remote.into()))?;
    progress.begin(remote, Some(meta.len()));
    let sent = data.write_from(&mut file, &mut |n| progress.advance(n));
    progress.end();
    let sent = match sent {
        Ok(n) => n,
        Err(e) => {
            // Let the server see the abort and read its verdict, then report ours.
            drop(data);
            let _ = s.finish_data(&label);
            return Err(match e {
                Error::Local { action, source, .. } => Error::Local {
                    action,
                    path: local.into(),
                    source,
                },
                other => other,
            });
        }
    };
    data.finish_write()?;
    s.finish_data(&label)?;
    if let Some(remote_size) = s.size(remote)?
        && remote_size != sent
    {
        return Err(Error::Transfer(format!(
            "{remote}: server holds {remote_size} bytes after the upload, {sent} were sent"
        )));
    }
    Ok(sent)
}
