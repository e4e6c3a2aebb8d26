//! One-shot downloads (`get`, the prompt): [`super::transfer::download`]
//! with the options a single command line gives.

use std::path::Path;

use super::digest::Verify;
use super::transfer::{Done, Download, Resume};
use crate::error::Result;
use crate::ops::Progress;
use crate::session::control::Session;

use super::part::part_path;

#[derive(Debug, Clone, Copy, Default)]
pub struct GetOptions {
    /// Replace an existing target file.
    pub force: bool,
    /// Continue from an existing `NAME.part` with `REST`.
    pub resume: bool,
    /// Size already known from a listing: saves a SIZE round trip.
    pub known_size: Option<u64>,
    pub verify: Verify,
    /// Compute the file's SHA-256 (for a receipt) even when not verifying with it.
    pub sha256: bool,
    /// Connections for this one file (see [`super::segments`]): `None`
    /// as many as pay off; 1 one, yet still continuing what a segmented
    /// run left.
    pub segments: Option<u32>,
}

/// Downloads `remote` to `target` through `target.part`, syncing the
/// directory after the rename; returns the file's final size and evidence.
pub fn retrieve(
    s: &mut Session,
    remote: &str,
    target: &Path,
    opts: GetOptions,
    progress: &mut dyn Progress,
) -> Result<Done> {
    let part = part_path(target);
    let job = Download {
        remote,
        target,
        part: &part,
        size: opts.known_size,
        force: opts.force,
        resume: if opts.resume { Resume::Always } else { Resume::No },
        mtime: None,
        ask_mdtm: false,
        sync_dir: true,
        verify: opts.verify,
        sha256: opts.sha256,
    };
    super::segments::download(s, &job, opts.segments, progress)
}

/// Deletes the remote source of a finished download (`--remove-source-files`):
/// called only after the transfer was checked (size, and digest where the
/// server has one), so a failed or unverified download keeps its source.
pub fn remove_source(s: &mut Session, remote: &str) -> Result<()> {
    s.expect(crate::wire::Command::Dele(remote.into()), &[200, 250]).map(|_| ())
}
