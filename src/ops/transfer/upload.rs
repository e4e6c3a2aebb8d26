//! One upload: the local file, optionally under a temporary remote name,
//! sent after `REST` when resuming, then checked with `SIZE` (and digests)
//! and given its time in the turn that ends the transfer.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::{Evidence, Prefetch, TimeSetter, algos, conn_info, finish, with_passive};
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::ops::ascii;
use crate::ops::conclude::{ask_digest, awaiting_digest, verify_upload};
use crate::ops::digest::{self, HashRead, Hasher, Verify};
use crate::ops::mirror::times;
use crate::ops::remote_temp;
use crate::ops::source::SourceStamp;
use crate::session::control::Session;
use crate::session::data::{DataConn, relabel_local};
use crate::wire::{Command, Reply};

/// One upload.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub local: &'a Path,
    pub remote: &'a str,
    /// Skip what the server already holds (`SIZE`, then `REST` + `STOR`).
    pub resume: bool,
    /// Give the remote copy this modification time, this way.
    pub mtime: Option<(TimeSetter, DateTime<Utc>)>,
    pub verify: Verify,
    /// Compute the file's SHA-256 even when verification uses none.
    pub sha256: bool,
    /// Store under a temporary name and rename it into place once checked
    /// (see [`remote_temp`]); false stores directly under `remote`.
    pub temp: bool,
}

/// What an upload did.
#[derive(Debug)]
pub struct Uploaded {
    /// The remote file's size now.
    pub bytes: u64,
    /// The server refused to set the modification time (the upload stands).
    pub time_not_set: Option<Error>,
    pub evidence: Evidence,
    /// The source as the upload found it when it opened it (for moving it).
    pub source: SourceStamp,
}

/// Uploads one file, then checks the remote size (and sets the remote time)
/// in the turn that ends the transfer.
pub fn upload(
    s: &mut Session,
    job: &Upload<'_>,
    prefetch: Option<&mut Prefetch>,
    progress: &mut dyn Progress,
) -> Result<Uploaded> {
    let started = Instant::now();
    let Upload { local, remote: final_name, .. } = *job;
    let local_err = |action, e| Error::Local { action, path: local.into(), source: e };
    let mut file = File::open(local).map_err(|e| local_err("open", e))?;
    let meta = file.metadata().map_err(|e| local_err("read", e))?;
    if meta.is_dir() {
        return Err(Error::InvalidArgument(format!(
            "{} is a directory; put uploads files (use mirror for trees)",
            local.display()
        )));
    }
    // Everything below works on the temporary name; `publish` renames it.
    let stored = if job.temp { remote_temp::name(final_name, local, &meta) } else { final_name.to_string() };
    let remote = stored.as_str();
    let ascii = s.options().ascii;
    let method = if ascii { None } else { digest::plan(&s.features, job.verify, final_name)? };
    let mut hasher = Hasher::new(&algos(method, job.sha256));
    // Only a server that promises REST STREAM resumes an upload: some accept
    // REST + STOR and then truncate, writing zeros before the offset (the
    // same size, so only a digest would notice).
    let resumable = job.resume && !ascii && s.features.rest_stream;
    if job.resume && !resumable && !ascii {
        s.options().trace.note(format_args!(
            "the server does not offer REST STREAM: uploading {final_name} whole instead of resuming"
        ));
    }
    let offset = if resumable { remote_size_or_zero(s, remote)? } else { 0 };
    if offset > meta.len() {
        let e = Error::Transfer(format!(
            "{remote} on the server ({offset} bytes) is larger than {} ({} bytes): not a partial upload of it",
            local.display(),
            meta.len()
        ));
        return Err(remote_temp::discard_failed(s, job.temp, remote, e));
    }
    if offset > 0 && !hasher.is_empty() {
        // The digest covers the whole file: hash what the server holds
        // already, which also moves the file to where sending resumes.
        match hasher.update_from(&mut file, offset) {
            Ok(n) if n == offset => {}
            Ok(_) => return Err(local_err("read", std::io::Error::other("it shrank while being uploaded"))),
            Err(e) => return Err(local_err("read", e)),
        }
    } else if offset > 0 {
        file.seek(SeekFrom::Start(offset)).map_err(|e| local_err("seek in", e))?;
    }
    if job.resume && offset == meta.len() {
        let replies = ask_digest(s, method, remote, offset, progress)?;
        let digests = hasher.finish();
        let verified = verify_upload(s, job, remote, method, &digests, &replies, offset, &mut |_| {})?;
        return Ok(Uploaded {
            bytes: offset,
            time_not_set: None,
            evidence: Evidence::new(s, started, &digests, verified, (None, None)),
            source: SourceStamp::of(&meta),
        });
    }
    let mut prefetch = prefetch;
    let early = prefetch.as_deref_mut().map(std::mem::take).unwrap_or_default();
    s.restart_at(offset);
    let label = format!("STOR {remote}");
    let data = s.open_data_fast(Command::Stor(remote.into()), early.passive, early.tls)?;
    progress.begin(final_name, Some(meta.len()));
    progress.advance(offset);
    let mut read = HashRead { inner: &mut file, hasher: &mut hasher };
    let (data, sent) = send_body(s, data, &label, &mut read, progress).map_err(|e| relabel_local(e, local))?;
    let conn = conn_info(&data);
    // The local file's size: what was sent has one more byte per line.
    let total = if ascii { meta.len() } else { offset + sent };
    let mut then = Vec::with_capacity(3);
    if let Some((setter, t)) = job.mtime {
        let stamp = times::stamp(t);
        match setter {
            TimeSetter::Mfmt => then.push(Command::Mfmt(stamp, remote.into())),
            TimeSetter::SiteUtime => then.push(Command::Site(format!("UTIME {stamp} {remote}"))),
            TimeSetter::None => {}
        }
    }
    let set_time = !then.is_empty();
    let check = s.features.size && !ascii;
    if check {
        then.push(Command::Size(remote.into()));
    }
    let digest_at = then.len();
    then.extend(method.map(|m| digest::commands(m, &s.features, remote)).unwrap_or_default());
    let then = with_passive(s, then, prefetch.is_some());
    // The close exchange ends only with the server's own close, just before
    // its final reply. Where the server leaves commands unread during a
    // transfer, the follow-ups go out first and their replies come right
    // behind the final one (a round trip fewer per upload); elsewhere they
    // would be answered during the transfer, so the close comes first.
    let (replies, data) = if prefetch.is_some() && s.send_ahead(&then)? {
        awaiting_digest(s, method, remote, total, progress, |s| {
            finish(s, &label, &then, true, prefetch.as_deref_mut(), || data.finish_write())
        })?
    } else {
        let data = data.finish_write()?;
        let (replies, ()) = awaiting_digest(s, method, remote, total, progress, |s| {
            finish(s, &label, &then, false, prefetch.as_deref_mut(), || Ok::<(), Error>(()))
        })?;
        (replies, data)
    };
    // Only now, with the server's side closed, may the socket go.
    drop(data);
    // The rename below takes a round trip: the next upload's data
    // connection gets through its TCP handshake meanwhile, started once the
    // rename is sent (the later of the two decides when the server can
    // begin the next TLS handshake). A download sends its next command at
    // once, so it gains nothing from this.
    let mut ahead = |s: &mut Session| {
        if let Some(p) = prefetch.as_deref_mut() {
            s.connect_ahead(&mut p.passive, &mut p.tls);
        }
    };
    let time_not_set = match replies.first().filter(|_| set_time) {
        Some(r) if r.class() == 2 => None,
        Some(reply) => Some(Error::Remote { command: then[0].to_string(), reply: reply.clone() }),
        None => None,
    };
    if let Some(reply) = replies.get(usize::from(set_time)).filter(|_| check) {
        check_size(remote, reply, total).map_err(|e| remote_temp::discard_failed(s, job.temp, remote, e))?;
    }
    let digests = hasher.finish();
    let verified = verify_upload(
        s,
        job,
        remote,
        method,
        &digests,
        replies.get(digest_at..).unwrap_or_default(),
        total,
        &mut ahead,
    )?;
    Ok(Uploaded {
        bytes: total,
        time_not_set,
        evidence: Evidence::new(s, started, &digests, verified, conn),
        source: SourceStamp::of(&meta),
    })
}

/// Sends the body of an upload on `data` (LF to CRLF under `--ascii`),
/// for files and streams alike. On a failure the server first sees the
/// abort and its verdict is read, so the control channel stays in step.
pub(crate) fn send_body(
    s: &mut Session,
    mut data: DataConn,
    label: &str,
    input: &mut dyn std::io::Read,
    progress: &mut dyn Progress,
) -> Result<(DataConn, u64)> {
    let sent = if s.options().ascii {
        data.write_from(&mut ascii::LfToCrlf::new(input), &mut |n| progress.advance(n))
    } else {
        data.write_from(input, &mut |n| progress.advance(n))
    };
    progress.end();
    match sent {
        Ok(n) => Ok((data, n)),
        Err(e) => {
            drop(data);
            let _ = s.finish_data(label);
            Err(e)
        }
    }
}

pub(crate) fn check_size(remote: &str, reply: &Reply, expected: u64) -> Result<()> {
    if reply.code != 213 {
        // The server cannot tell (550 on some drop boxes): nothing to compare.
        return Ok(());
    }
    match reply.text().trim().parse::<u64>() {
        Ok(n) if n == expected => Ok(()),
        Ok(n) => {
            Err(Error::Transfer(format!("{remote}: server holds {n} bytes after the upload, {expected} were expected")))
        }
        // A 213 with words instead of a number ("213 File status" for an
        // empty file on some servers) cannot tell either.
        Err(_) => Ok(()),
    }
}

fn remote_size_or_zero(s: &mut Session, remote: &str) -> Result<u64> {
    match s.size(remote) {
        Ok(n) => Ok(n.unwrap_or(0)),
        // Nothing there yet: a fresh upload.
        Err(Error::Remote { reply, .. }) if reply.code == 550 => Ok(0),
        Err(e) => Err(e),
    }
}
