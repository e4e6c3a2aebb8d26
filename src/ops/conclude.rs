//! What ends a transfer once its bytes have moved: the digest check and,
//! for uploads, the rename into place. Kept apart from [`super::transfer`]
//! so the transfer routine reads as the order of steps.

use std::fs::File;
use std::path::Path;
use std::time::Duration;

use indicatif::{HumanBytes, HumanDuration};

use super::Progress;
use super::digest::{self, Hasher, Method, Verified};
use super::remote_temp;
use super::transfer::{Download, Upload};
use crate::error::{Error, Result};
use crate::session::control::Session;
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

/// How fast a server is assumed to hash when its digest of a big file is
/// awaited: the reply may keep silent for `--timeout` plus the file's size
/// at this rate.
const DIGEST_RATE: u64 = 100 * 1000 * 1000;
/// The longest a digest reply may keep silent beyond `--timeout`.
const DIGEST_WAIT_MAX: Duration = Duration::from_secs(3600);

/// How long the server's digest of `size` bytes may keep silent.
pub(super) fn digest_wait(s: &Session, size: u64) -> Duration {
    s.options().timeout + Duration::from_secs(size / DIGEST_RATE).min(DIGEST_WAIT_MAX)
}

/// Runs `turn`, the step that reads the server's digest (by `method`) of
/// the `size`-byte `remote`, with the session waiting for that reply as the
/// size demands (and longer while the server reports progress, see
/// [`Session::await_digest`]), and says so meanwhile: under `-v` and in
/// the progress bar, since minutes of silence would look like a hang.
pub(super) fn awaiting_digest<T>(
    s: &mut Session,
    method: Option<Method>,
    remote: &str,
    size: u64,
    progress: &mut dyn Progress,
    turn: impl FnOnce(&mut Session) -> Result<T>,
) -> Result<T> {
    let Some(m) = method else { return turn(s) };
    let wait = digest_wait(s, size);
    s.await_digest(Some(wait));
    let what =
        format!("waiting for the server's {} of {} (up to {})", m.algo().name(), HumanBytes(size), HumanDuration(wait));
    s.trace().note(format_args!("{remote}: {what}; longer while it reports progress"));
    progress.waiting(&what);
    let done = turn(s);
    s.await_digest(None);
    progress.end();
    done
}

/// Asks for `remote`'s digest on its own turn (no transfer to ride),
/// waiting for it as [`awaiting_digest`] does. Nothing without a method.
pub(super) fn ask_digest(
    s: &mut Session,
    method: Option<Method>,
    remote: &str,
    size: u64,
    progress: &mut dyn Progress,
) -> Result<Vec<Reply>> {
    awaiting_digest(s, method, remote, size, progress, |s| {
        let asks = method.map(|m| digest::commands(m, &s.features, remote)).unwrap_or_default();
        asks.into_iter().map(|c| s.command(c)).collect()
    })
}

/// What the server's digest says of ours, for downloads and uploads alike:
/// `Ok(Some)` verified, `Ok(None)` nothing to compare (allowed by the
/// verify setting; `unverified_outcome` says what became of the data when
/// it is not), `Err` a mismatch or a refused requirement, with
/// `mismatch_outcome` saying what became of the data.
#[allow(clippy::too_many_arguments)]
fn judge(
    s: &mut Session,
    remote: &str,
    verify: digest::Verify,
    method: Option<Method>,
    digests: &[(Algo, String)],
    replies: &[Reply],
    size: u64,
    unverified_outcome: &'static str,
    mismatch_outcome: &'static str,
) -> Result<Option<Verified>> {
    let Some(m) = method else { return Ok(None) };
    let ours = ours(digests, m);
    match digest::check(m, &mut s.features, replies, &ours, size, remote) {
        Ok(Ok(v)) => {
            s.trace().note(format_args!("{remote}: {} verified: {}", v.algo.name(), v.server));
            Ok(Some(v))
        }
        Ok(Err(why)) => {
            s.trace().note(format_args!("{remote}: not verified: {why}"));
            digest::unverified(verify, remote, why, unverified_outcome).map(|()| None)
        }
        Err(e) => Err(with_outcome(e, mismatch_outcome)),
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
    let verdict = judge(
        s,
        job.remote,
        job.verify,
        method,
        digests,
        replies,
        size,
        "the data is kept in the temporary file, not renamed into place",
        "the downloaded data was discarded and nothing was saved under the final name",
    );
    if verdict.is_err() {
        let _ = std::fs::remove_file(job.part);
    }
    verdict
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
/// `meanwhile` runs once the rename is sent (or at once without one).
#[allow(clippy::too_many_arguments)] // one upload's facts, each its own
pub(super) fn verify_upload(
    s: &mut Session,
    job: &Upload<'_>,
    stored: &str,
    method: Option<Method>,
    digests: &[(Algo, String)],
    replies: &[Reply],
    size: u64,
    meanwhile: &mut dyn FnMut(&mut Session),
) -> Result<Option<Verified>> {
    let (unverified, mismatch) = if job.temp {
        (
            "it was not renamed into place and its temporary file was removed",
            "the upload was not renamed into place (any old file is intact) and its temporary file was removed",
        )
    } else {
        ("the uploaded file is left on the server unverified", "the remote copy is damaged; upload it again")
    };
    let checked = judge(s, job.remote, job.verify, method, digests, replies, size, unverified, mismatch);
    match checked {
        Ok(v) if job.temp => remote_temp::publish(s, stored, job.remote, meanwhile).map(|()| v),
        Ok(v) => {
            meanwhile(s);
            Ok(v)
        }
        Err(e) => Err(remote_temp::discard_failed(s, job.temp, stored, e)),
    }
}
