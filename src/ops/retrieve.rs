//! One-shot downloads (`get`, the prompt): [`super::transfer::download`]
//! with the options a single command line gives.

use std::path::Path;

use super::transfer::{self, Download, Resume};
use crate::control::Session;
use crate::error::Result;
use crate::ops::Progress;

use super::part::part_path;

#[derive(Debug, Clone, Copy, Default)]
pub struct GetOptions {
    /// Replace an existing target file.
    pub force: bool,
    /// Continue from an existing `NAME.part` with `REST`.
    pub resume: bool,
    /// Size already known from a listing: saves a SIZE round trip.
    pub known_size: Option<u64>,
}

/// Downloads `remote` to `target` through `target.part`, syncing the
/// directory after the rename; returns the file's final size.
pub fn retrieve(
    s: &mut Session,
    remote: &str,
    target: &Path,
    opts: GetOptions,
    progress: &mut dyn Progress,
) -> Result<u64> {
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
    };
    transfer::download(s, &job, None, progress)
}
