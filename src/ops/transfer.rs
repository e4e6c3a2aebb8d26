//! The one per-file transfer routine, for `get`, `put`, `mirror` and the
//! prompt: a download into a temporary file renamed into place, and an
//! upload checked with `SIZE`, each ending in a single turn on the control
//! connection that also carries the follow-up commands (MDTM, MFMT, SIZE)
//! and asks for the next transfer's passive port.
//!
//! Why one routine: every guarantee (the `.part` discipline, `REST` order,
//! size and `close_notify` checks, fsync, the stall rule) and every later
//! hook (digests, receipts, temporary upload names, rate limits) then holds
//! for every command at once.

use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::Progress;
use super::ascii;
use super::conclude::{ask_digest, awaiting_digest, hash_existing, verify_download};
use super::digest::{self, HashWrite, Hasher, Method, Verified, Verify};
use super::mirror::times;
use super::part;
use crate::error::{Error, Result};
use crate::session::control::{PreparedTls, Session};
use crate::session::data::{DataConn, relabel_local};
use crate::stream::TlsInfo;
use crate::wire::digest::Algo;
use crate::wire::{Command, Reply};
use writeback::WriteBehind;

mod upload;
pub(crate) mod writeback;

pub use upload::{Upload, Uploaded, upload};
pub(crate) use upload::{check_size, send_body};

/// How this server lets a client set a file's modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSetter {
    /// `MFMT YYYYMMDDHHMMSS path` (draft-somers-ftp-mfxx), in FEAT.
    Mfmt,
    /// `SITE UTIME YYYYMMDDHHMMSS path` (ProFTPD mod_site_misc, pure-ftpd), in SITE HELP.
    SiteUtime,
    None,
}

/// What one transfer prepares for the next on the same session: the reply
/// to a passive-mode command (with the session's connection count when it
/// was asked for) and the next ClientHello. A caller that runs a single
/// transfer passes `None` instead and nothing is asked for in advance.
#[derive(Default)]
pub struct Prefetch {
    passive: Option<(u32, Reply)>,
    tls: Option<PreparedTls>,
}

/// Whether to continue an existing temporary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// Start over.
    No,
    /// Continue whatever the temporary file holds (`get -c`, a retry).
    Always,
    /// Continue only a file that is shorter than the remote one and was
    /// written after the remote file last changed (`mirror`: a `.part` of an
    /// older version must not be continued).
    IfCurrent,
}

/// One download.
#[derive(Debug, Clone, Copy)]
pub struct Download<'a> {
    pub remote: &'a str,
    pub target: &'a Path,
    /// The temporary file beside `target`, chosen by the caller so it
    /// collides with nothing else in its run (see [`part::temp_name`]).
    pub part: &'a Path,
    /// The remote size when a listing gave it; otherwise `SIZE` is asked.
    pub size: Option<u64>,
    /// Replace an existing target.
    pub force: bool,
    pub resume: Resume,
    /// The remote modification time, when known, to give the copy.
    pub mtime: Option<DateTime<Utc>>,
    /// Ask `MDTM` in the final turn and give the copy that time (servers
    /// whose listing has no exact times).
    pub ask_mdtm: bool,
    /// Sync the target's directory after the rename. Callers committing many
    /// files into one directory pass false and sync it once at the end.
    pub sync_dir: bool,
    pub verify: Verify,
    /// Compute the file's SHA-256 even when verification uses none.
    pub sha256: bool,
}

/// What a download did.
#[derive(Debug)]
pub struct Done {
    /// The file's size now.
    pub bytes: u64,
    pub evidence: Evidence,
}

/// What proves a transfer (for receipts and `--json` records).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// SHA-256 of the whole file as ftps saw it, when asked for (the job's
    /// `sha256`) or used for verification.
    pub sha256: Option<String>,
    /// The server's digest confirmed ftps's own.
    pub verified: Option<Verified>,
    /// The data connection's TLS (none when no bytes had to move).
    pub tls: Option<TlsInfo>,
    /// Fingerprint of the certificate the data connection presented.
    pub data_cert_sha256: Option<String>,
    /// Fingerprint of the certificate the control connection presented.
    pub control_cert_sha256: Option<String>,
    pub elapsed: std::time::Duration,
    /// How many connections moved the file, and why (set by the routines
    /// that choose: segmented downloads and uploads).
    pub segments: Option<super::connections::Connections>,
}

impl Evidence {
    pub(crate) fn new(
        s: &Session,
        started: Instant,
        digests: &[(Algo, String)],
        verified: Option<Verified>,
        conn: ConnInfo,
    ) -> Evidence {
        Evidence {
            sha256: digests.iter().find(|(a, _)| *a == Algo::Sha256).map(|(_, h)| h.clone()),
            verified,
            tls: conn.0,
            data_cert_sha256: conn.1,
            control_cert_sha256: s.server_cert_sha256(),
            elapsed: started.elapsed(),
            segments: None,
        }
    }
}

/// A data connection's TLS and certificate fingerprint, taken before it closes.
type ConnInfo = (Option<TlsInfo>, Option<String>);

fn conn_info(d: &DataConn) -> ConnInfo {
    (d.tls_info(), d.peer_cert_sha256())
}

/// The algorithms to hash a transfer with.
fn algos(method: Option<Method>, sha256: bool) -> Vec<Algo> {
    method.map(Method::algo).into_iter().chain(sha256.then_some(Algo::Sha256)).collect()
}

/// Downloads one file; returns its final size.
pub fn download(
    s: &mut Session,
    job: &Download<'_>,
    prefetch: Option<&mut Prefetch>,
    progress: &mut dyn Progress,
) -> Result<Done> {
    let started = Instant::now();
    let Download { remote, target, part, force, .. } = *job;
    if !force && std::fs::symlink_metadata(target).is_ok() {
        return Err(Error::LocalExists(target.to_path_buf()));
    }
    let ascii = s.options().ascii;
    // In ASCII mode the server's size and digest describe its copy, not the
    // converted bytes: neither is compared (see `ascii`), and no offset maps.
    let method = if ascii { None } else { digest::plan(&s.features, job.verify, remote)? };
    let mut hasher = Hasher::new(&algos(method, job.sha256));
    let expected = match job.size {
        Some(n) => Some(n),
        None => s.size(remote)?,
    };
    let have = part::existing_len(part)?;
    let offset = match job.resume {
        _ if ascii => 0,
        Resume::No => 0,
        Resume::Always => have,
        Resume::IfCurrent if s.features.rest_stream && current(part, expected, job.mtime) => have,
        Resume::IfCurrent => 0,
    };
    if let Some(n) = expected.filter(|n| offset > *n) {
        return Err(Error::Transfer(format!(
            "{} holds {offset} bytes, more than the remote file's {n}: the remote file changed; \
             delete the .part file and download again",
            part.display()
        )));
    }
    if offset > 0 && !hasher.is_empty() {
        // The digest covers the whole file, so the part already here first.
        hash_existing(&mut hasher, part, offset)?;
    }
    progress.begin(remote, expected);
    progress.advance(offset);
    if offset > 0 && expected == Some(offset) {
        // Everything already arrived; only the rename was missing (and
        // perhaps the sync, if the earlier run died first).
        progress.end();
        part::sync(&part::open(part, true)?, part)?;
        if let Some(m) = job.mtime {
            times::set_local_mtime(part, m)?;
        }
        let replies = ask_digest(s, method, remote, offset, progress)?;
        let digests = hasher.finish();
        let verified = verify_download(s, job, method, &digests, &replies, offset)?;
        commit(part, target, job.sync_dir)?;
        return Ok(Done { bytes: offset, evidence: Evidence::new(s, started, &digests, verified, (None, None)) });
    }
    // Starting over empties the temporary file before anything else can fail,
    // so a retry (which continues the file) continues only this run's bytes,
    // never an older leftover.
    let fresh = if offset == 0 { Some(part::open(part, false)?) } else { None };
    let mut prefetch = prefetch;
    let early = prefetch.as_deref_mut().map(std::mem::take).unwrap_or_default();
    s.restart_at(offset);
    let label = format!("RETR {remote}");
    let mut data = match s.open_data_fast(Command::Retr(remote.into()), early.passive, early.tls) {
        Ok(d) => d,
        // A server that cannot restart (REST refused, whatever FEAT said)
        // gets the whole file instead.
        Err(Error::Remote { command, reply }) if offset > 0 && command.starts_with("REST") && reply.class() == 5 => {
            s.options().trace.note(format_args!("{command} refused ({reply}): downloading {remote} from the start"));
            return download(s, &Download { resume: Resume::No, ..*job }, prefetch, progress);
        }
        Err(e) => {
            if fresh.is_some() {
                // Nothing arrived: leave no empty temporary file behind.
                let _ = std::fs::remove_file(part);
            }
            return Err(e);
        }
    };
    // Follow-ups in the final turn: MDTM first, then the digest commands.
    let mut then = Vec::with_capacity(4);
    if job.ask_mdtm {
        then.push(Command::Mdtm(remote.into()));
    }
    let digest_at = then.len();
    then.extend(method.map(|m| digest::commands(m, &s.features, remote)).unwrap_or_default());
    let then = with_passive(s, then, prefetch.is_some());
    // Where the server looks at nothing else during a transfer, our close
    // and the follow-ups go out now and wait for it there: the final turn
    // then ends with the data instead of one and two round trips later.
    let ahead = if s.serial_transfers() {
        data.close_early()?;
        prefetch.is_some() && s.send_ahead(&then)?
    } else {
        false
    };
    let file = match fresh {
        Some(f) => f,
        None => part::open(part, true)?,
    };
    // Not a byte more than the server announced: a server that streams on
    // would otherwise fill the disk (the stall rule lets a slow stream live).
    let limit = expected.map(|n| n.saturating_sub(offset));
    let mut sink = HashWrite { inner: WriteBehind::new(&file, offset), hasher: &mut hasher };
    let end = if ascii {
        ascii::read_text(&mut data, &mut sink, expected, &mut |n| progress.advance(n))
    } else {
        data.read_into(&mut sink, limit, &mut |n| progress.advance(n))
    };
    progress.end();
    // A compressed stream that is corrupt or cut leaves nothing to continue:
    // a cut one may hold every byte but its end, which a resume would take
    // for a finished file.
    let discard = |e: &Error| {
        if matches!(e, Error::Deflate { .. }) {
            let _ = std::fs::remove_file(part);
        }
    };
    let end = end.map_err(|e| relabel_local(e, part)).inspect_err(discard)?;
    let conn = conn_info(&data);
    let data = data.finish_read();
    // Sync, close and date the .part while the server ends the transfer.
    let close = || {
        part::sync(&file, part)?;
        drop(file);
        job.mtime.map_or(Ok(()), |m| times::set_local_mtime(part, m))
    };
    let replies = awaiting_digest(s, method, remote, offset + end.bytes, progress, |s| {
        if ahead {
            // The replies came with the data: take them, open the next data
            // connection, and sync the file while its handshakes run (the sync
            // would otherwise sit between this reply and the next transfer).
            let (replies, ()) = finish(s, &label, &then, true, prefetch.as_deref_mut(), || Ok::<(), Error>(()))?;
            if let Some(p) = prefetch {
                s.connect_ahead(&mut p.passive, &mut p.tls);
            }
            close()?;
            Ok(replies)
        } else {
            Ok(finish(s, &label, &then, false, prefetch, close)?.0)
        }
    })?;
    // Only now, with the server's side closed, may the socket go.
    drop(data);
    let stamp = replies.first().filter(|r| job.ask_mdtm && r.code == 213).and_then(|r| times::parse_stamp(&r.text()));
    if let Some(m) = stamp {
        times::set_local_mtime(part, m)?;
    }
    let total = offset + end.bytes;
    let kept =
        format!("; the partial data is kept in {} (a retry, get -c or the next mirror continues it)", part.display());
    end.check_whole().inspect_err(discard)?;
    check_received(remote, expected.filter(|_| !ascii), total, end.clean, &kept)?;
    let digests = hasher.finish();
    let verified = verify_download(s, job, method, &digests, replies.get(digest_at..).unwrap_or_default(), total)?;
    commit(part, target, job.sync_dir)?;
    Ok(Done { bytes: total, evidence: Evidence::new(s, started, &digests, verified, conn) })
}

/// A transfer's follow-up commands, and for a run of transfers (`run`)
/// the next passive port asked for last.
fn with_passive(s: &Session, mut then: Vec<Command>, run: bool) -> Vec<Command> {
    if run {
        then.push(s.passive_command());
    }
    then
}

/// Ends a transfer: the final reply, with `then` (from [`with_passive`];
/// `sent` when it went out already) answered in the same turn, while
/// `meanwhile` does what need not wait for the reply (local bookkeeping, an
/// upload's close exchange). Returns the replies to `then` (without the
/// passive one, which goes into `prefetch` for the next transfer) and what
/// `meanwhile` returned.
fn finish<T, E>(
    s: &mut Session,
    label: &str,
    then: &[Command],
    sent: bool,
    prefetch: Option<&mut Prefetch>,
    meanwhile: impl FnOnce() -> std::result::Result<T, E>,
) -> Result<(Vec<Reply>, T)>
where
    Error: From<E>,
{
    match prefetch {
        Some(p) => {
            let (mut replies, next_tls, local) = s.finish_data_then(label, then, sent, meanwhile)?;
            let local = local?;
            let passive = replies.pop();
            *p = Prefetch { passive: passive.map(|r| (s.connections, r)), tls: next_tls };
            Ok((replies, local))
        }
        None => {
            let local = meanwhile();
            s.finish_data(label)?;
            let local = local?;
            Ok((then.iter().map(|c| s.command(c.clone())).collect::<Result<_>>()?, local))
        }
    }
}

/// The verdict on a finished download, for files and streams alike: the
/// bytes must match the announced size, or, when the server announced none,
/// the data connection must have ended with TLS `close_notify`. `kept` says
/// where the bytes went when they do not count.
pub(crate) fn check_received(remote: &str, expected: Option<u64>, total: u64, clean: bool, kept: &str) -> Result<()> {
    match expected {
        Some(n) if n != total => Err(Error::Transfer(format!(
            "{remote}: received {total} of {n} bytes{}{kept}",
            if clean { "" } else { " (data connection closed without TLS close_notify)" },
        ))),
        None if !clean => Err(Error::Transfer(format!(
            "{remote}: the data connection ended without TLS close_notify and the server gave no size, \
             so the data may be truncated{kept}"
        ))),
        _ => Ok(()),
    }
}

/// Whether a temporary file left by an earlier run can be continued: a
/// regular, non-empty file, not longer than the remote file, and written
/// after the remote file last changed (else it holds an older version).
fn current(part: &Path, size: Option<u64>, mtime: Option<DateTime<Utc>>) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(part) else { return false };
    if !meta.file_type().is_file() || meta.len() == 0 || size.is_some_and(|n| meta.len() > n) {
        return false;
    }
    match (mtime, times::local_mtime(&meta)) {
        (Some(remote), Some(local)) => !times::newer(remote, local),
        // Without the remote time a leftover of an older version of the same
        // size cannot be told from a partial download of this one.
        _ => false,
    }
}

fn commit(part: &Path, target: &Path, sync_dir: bool) -> Result<()> {
    part::commit(part, target)?;
    match target.parent().filter(|_| sync_dir) {
        Some(dir) => part::sync_dir(dir),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_files_resume_only_when_current() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("f.part");
        assert!(!current(&part, Some(10), None));
        std::fs::write(&part, b"12345").unwrap();
        // Without the remote time nothing says the leftover is of this version.
        assert!(!current(&part, Some(10), None));
        let now = Utc::now();
        assert!(!current(&part, Some(4), Some(now - chrono::TimeDelta::hours(1))));
        assert!(current(&part, Some(10), Some(now - chrono::TimeDelta::hours(1))));
        // The remote file changed after the partial download was written.
        assert!(!current(&part, Some(10), Some(now + chrono::TimeDelta::hours(1))));
    }
}
