//! One-shot uploads (`put`, the prompt): [`super::transfer::upload`] (or
//! over several connections, [`super::segments::upload`]), verified with `SIZE` where the server has it, so a partially written
//! remote file is never reported as success.

use std::path::Path;

use super::digest::Verify;
use super::remote_temp;
use super::transfer::{self, Upload, Uploaded};
use crate::error::Result;
use crate::ops::Progress;
use crate::session::control::Session;
use crate::wire::Command;

#[derive(Debug, Clone, Copy, Default)]
pub struct PutOptions {
    /// Skip the bytes the server already holds (`REST` + `STOR`).
    pub resume: bool,
    pub verify: Verify,
    /// Store directly under the final name instead of a temporary one.
    pub direct: bool,
    /// Compute the file's SHA-256 (for a receipt) even when not verifying with it.
    pub sha256: bool,
    /// Connections for this one file (see [`super::segments::upload`]): 1
    /// one, `None` as many as pay off.
    pub segments: Option<u32>,
}

/// Uploads `local` to `remote`.
pub fn store(
    s: &mut Session,
    local: &Path,
    remote: &str,
    opts: PutOptions,
    progress: &mut dyn Progress,
) -> Result<Uploaded> {
    let job = Upload {
        local,
        remote,
        resume: opts.resume,
        mtime: None,
        verify: opts.verify,
        temp: !opts.direct,
        sha256: opts.sha256,
    };
    if opts.resume && job.temp {
        forget_ranges(s, local, remote)?;
    }
    if opts.segments != Some(1) {
        return super::segments::upload::upload(s, &job, opts.segments, progress);
    }
    let mut done = transfer::upload(s, &job, None, progress)?;
    done.evidence.segments = Some(super::connections::Connections::one("one asked for"));
    Ok(done)
}

/// Removes what an interrupted segmented upload of `local` to `remote` left
/// (see [`remote_temp::ranged`]): a continued upload cannot use its ranges
/// and starts on the plain temporary name, so the holed file would only
/// stay behind on the server. Said under `-v` when there was one.
fn forget_ranges(s: &mut Session, local: &Path, remote: &str) -> Result<()> {
    let Ok(meta) = std::fs::metadata(local) else { return Ok(()) };
    let ranged = remote_temp::ranged(&remote_temp::name(remote, local, &meta));
    if s.command(Command::Dele(ranged.clone()))?.class() == 2 {
        s.trace().note(format_args!(
            "removed {ranged}, the ranges of an interrupted segmented upload (a continued upload \
             cannot use them)"
        ));
    }
    Ok(())
}
