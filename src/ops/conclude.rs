//! What ends a transfer once its bytes have moved: the digest check and,
//! for uploads, the rename into place. Kept apart from [`super::transfer`]
//! so the transfer routine reads as the order of steps.

use std::fs::File;
use std::path::Path;

use super::digest::{self, Hasher, Method, Verified};
use super::remote_temp;
use super::transfer::{Download, Upload};
use crate::control::Session;
use crate::error::{Error, Result};
use crate::wire::Reply;
use crate::wire::digest::Algo;

/// Feeds the first `len` bytes of a temporary file being continued to `hasher`.
pub(super) fn hash_existing(hasher: &mut Hasher, part: &Path, len: u64) -> Result<()> {
    let err = |e| Error::Local { action: "read", path: part.into(), source: e };
    let mut f = File::open(part).map_err(err)?;
    match hasher.update_from(&mut f, len) {
        Ok(n) if n == len => Ok(()),
        Ok(n) => Err(err(std::io::Error::other(format!("it shrank to {n} bytes while being continued")))),
        Err(e) => Err(err(e)),
    }
}

/// Compares the server's digest with ours: a mismatch discards the download
/// (the bytes are known bad, so a retry must start over, not continue them).
pub(super) fn verify_download(
    s: &mut Session,
    job: &Download<'_>,
    method: Option<Method>,
    digests: &[(Algo, String)],
    replies: &[Reply],
    size: u64,
) -> Result<Option<Verified>> {
    let Some(m) = method else { return Ok(None) };
    let ours = ours(digests, m);
    match digest::check(m, &mut s.features, replies, &ours, size, job.remote) {
        Ok(Ok(v)) => {
            s.trace().note(format_args!("{}: {} verified: {}", job.remote, v.algo.name(), v.server));
            Ok(Some(v))
        }
        Ok(Err(why)) => {
            s.trace().note(format_args!("{}: not verified: {why}", job.remote));
            let outcome = "the data is kept in the temporary file, not renamed into place";
            digest::unverified(job.verify, job.remote, why, outcome).map(|()| None)
        }
        Err(e) => {
            let _ = std::fs::remove_file(job.part);
            Err(with_outcome(e, "the downloaded data was discarded and nothing was saved under the final name"))
        }
    }
}

/// Our digest for `m`'s algorithm.
fn ours(digests: &[(Algo, String)], m: Method) -> String {
    digests.iter().find(|(a, _)| *a == m.algo()).map(|(_, hex)| hex.clone()).unwrap_or_default()
}

fn with_outcome(e: Error, outcome: &'static str) -> Error {
    match e {
        Error::DigestMismatch { file, algo, local, server, .. } => {
            Error::DigestMismatch { file, algo, local, server, outcome }
        }
        other => other,
    }
}

/// Compares the server's digest of the uploaded file (stored as `stored`)
/// with ours, then renames a temporary upload into place. A temporary file
/// that fails the check is removed, never renamed: the old file stays.
pub(super) fn verify_upload(
    s: &mut Session,
    job: &Upload<'_>,
    stored: &str,
    method: Option<Method>,
    digests: &[(Algo, String)],
    replies: &[Reply],
    size: u64,
) -> Result<Option<Verified>> {
    let checked = match method {
        None => Ok(None),
        Some(m) => {
            let ours = ours(digests, m);
            match digest::check(m, &mut s.features, replies, &ours, size, job.remote) {
                Ok(Ok(v)) => {
                    s.trace().note(format_args!("{}: {} verified: {}", job.remote, v.algo.name(), v.server));
                    Ok(Some(v))
                }
                Ok(Err(why)) => {
                    s.trace().note(format_args!("{}: not verified: {why}", job.remote));
                    let outcome = if job.temp {
                        "it was not renamed into place and its temporary file was removed"
                    } else {
                        "the uploaded file is left on the server unverified"
                    };
                    digest::unverified(job.verify, job.remote, why, outcome).map(|()| None)
                }
                Err(e) if job.temp => Err(with_outcome(
                    e,
                    "the upload was not renamed into place (any old file is intact) and its temporary file was removed",
                )),
                Err(e) => Err(with_outcome(e, "the remote copy is damaged; upload it again")),
            }
        }
    };
    match checked {
        Ok(v) if job.temp => remote_temp::publish(s, stored, job.remote).map(|()| v),
        Ok(v) => Ok(v),
        Err(e) => {
            if job.temp {
                remote_temp::discard(s, stored);
            }
            Err(e)
        }
    }
}
