//! One-shot uploads (`put`, the prompt): [`super::transfer::upload`],
//! verified with `SIZE` where the server has it, so a partially written
//! remote file is never reported as success.

use std::path::Path;

use super::transfer::{self, Upload};
use crate::control::Session;
use crate::error::Result;
use crate::ops::Progress;

/// Uploads `local` to `remote`; returns the remote file's final size. With
/// `resume`, the bytes the server already holds are skipped (`REST` + `STOR`).
pub fn store(s: &mut Session, local: &Path, remote: &str, resume: bool, progress: &mut dyn Progress) -> Result<u64> {
    let job = Upload { local, remote, resume, mtime: None };
    transfer::upload(s, &job, None, progress).map(|u| u.bytes)
}
