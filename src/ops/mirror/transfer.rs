//! The per-item work a worker does on its session: one download, one
//! upload, or a pipelined batch of MKD / DELE / RMD.

use std::fs::{self, File};

use super::Observer;
use super::local;
use super::plan::Transfer;
use super::times;
use super::worker::{BATCH, BatchKind, Output, WorkerCtx, remote_path};
use crate::control::{PreparedTls, Session};
use crate::data::relabel_local;
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::ops::part;
use crate::wire::{Command, Reply};

/// How this server lets a client set a file's modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSetter {
    /// `MFMT YYYYMMDDHHMMSS path` (draft-somers-ftp-mfxx), in FEAT.
    Mfmt,
    /// `SITE UTIME YYYYMMDDHHMMSS path` (ProFTPD mod_site_misc, pure-ftpd), in SITE HELP.
    SiteUtime,
    None,
}

/// Forwards byte counts to the run's observer (the overall progress bar).
struct Bytes<'a>(&'a dyn Observer);

impl Progress for Bytes<'_> {
    fn advance(&mut self, bytes: u64) {
        self.0.progress(bytes);
    }
}

/// What one transfer prepares for the next on the same session: the reply
/// to a passive-mode command (with the session's connection count when it
/// was asked for) and the next ClientHello.
#[derive(Default)]
pub(super) struct Prefetch {
    passive: Option<(u32, Reply)>,
    tls: Option<PreparedTls>,
}

/// Downloads into `NAME.part` beside the target (continuing a plausible
/// one), gives it the remote modification time, then renames it into place:
/// an interrupted run never leaves a partial file under the final name.
/// Sizes come from the listing (no SIZE round trip); the next transfer's
/// passive port is asked for while this one's final reply is awaited.
pub(super) fn download(
    ctx: &WorkerCtx<'_>,
    s: &mut Session,
    t: &Transfer,
    ask_time: bool,
    prefetch: &mut Prefetch,
) -> Result<Output> {
    let early = std::mem::take(prefetch);
    local::check_parents(ctx.local_root, &t.path)?;
    let target = local::path_of(ctx.local_root, &t.path);
    let part = target.with_file_name(&t.temp);
    let offset = if s.features.rest_stream && local::resumable(&part, t.size, t.mtime) {
        fs::symlink_metadata(&part).map(|m| m.len()).unwrap_or(0)
    } else {
        0
    };
    let remote = remote_path(ctx.remote_root, &t.path);
    let mut progress = Bytes(ctx.observer);
    progress.advance(offset);
    let mut total = offset;
    let mtime = t.mtime;
    if offset == 0 || t.size != Some(offset) {
        s.restart_at(offset);
        let label = format!("RETR {remote}");
        let mut data = s.open_data_fast(Command::Retr(remote.clone()), early.passive, early.tls)?;
        let mut file = part::open(&part, offset > 0)?;
        let end = data.read_into(&mut file, None, &mut |n| progress.advance(n)).map_err(|e| relabel_local(e, &part))?;
        let data = data.finish_read();
        let mut then = Vec::with_capacity(2);
        if ask_time && ctx.keep_times {
            then.push(Command::Mdtm(remote.clone()));
        }
        then.push(s.passive_command());
        // Sync, close and date the .part while the server ends the transfer.
        let close = || {
            part::sync(&file, &part)?;
            drop(file);
            match mtime.filter(|_| ctx.keep_times) {
                Some(m) => times::set_local_mtime(&part, m),
                None => Ok(()),
            }
        };
        let (replies, next_tls, closed) = s.finish_data_then(&label, &then, close)?;
        // Only now, with the server's side closed, may the socket go.
        drop(data);
        closed?;
        let mut replies = replies.into_iter();
        if then.len() == 2 {
            let asked = replies.next().filter(|r| r.code == 213).and_then(|r| times::parse_stamp(&r.text()));
            if let Some(m) = asked {
                times::set_local_mtime(&part, m)?;
            }
        }
        *prefetch = Prefetch { passive: replies.next().map(|r| (s.connections, r)), tls: next_tls };
        total += end.bytes;
        match t.size {
            Some(n) if n != total => {
                return Err(Error::Transfer(format!(
                    "{remote}: received {total} of {n} bytes{}; the partial data is kept in {} for the next run",
                    if end.clean { "" } else { " (data connection closed without TLS close_notify)" },
                    part.display()
                )));
            }
            None if !end.clean => {
                return Err(Error::Transfer(format!(
                    "{remote}: the data connection ended without TLS close_notify and the size is unknown, \
                     so the download may be truncated; the data is kept in {}",
                    part.display()
                )));
            }
            _ => {}
        }
    }
    if offset > 0
        && total == offset
        && ctx.keep_times
        && let Some(m) = mtime
    {
        // Nothing was transferred: only the rename of a complete .part was missing.
        times::set_local_mtime(&part, m)?;
    }
    if offset > 0 && total == offset {
        // Resumed and already complete: the earlier run may have died before syncing.
        part::sync(&part::open(&part, true)?, &part)?;
    }
    // The directory is synced once per run by the coordinator.
    part::commit(&part, &target)?;
    Ok(Output::Transferred(total, None))
}

/// Uploads straight to the final name (FTP has no rename-over that every
/// server honours), then sets the remote time, checks the remote size and
/// asks for the next passive port, all in the turn that ends the transfer.
pub(super) fn upload(
    ctx: &WorkerCtx<'_>,
    s: &mut Session,
    t: &Transfer,
    setter: TimeSetter,
    prefetch: &mut Prefetch,
) -> Result<Output> {
    let early = std::mem::take(prefetch);
    let local_path = local::path_of(ctx.local_root, &t.path);
    let local_err = |action, e| Error::Local { action, path: local_path.clone(), source: e };
    let mut file = File::open(&local_path).map_err(|e| local_err("open", e))?;
    let remote = remote_path(ctx.remote_root, &t.path);
    let label = format!("STOR {remote}");
    let mut data = s.open_data_fast(Command::Stor(remote.clone()), early.passive, early.tls)?;
    let mut progress = Bytes(ctx.observer);
    let sent = match data.write_from(&mut file, &mut |n| progress.advance(n)) {
        Ok(n) => n,
        Err(e) => {
            // The worker reconnects after this error; the server sees the abort.
            drop(data);
            return Err(relabel_local(e, &local_path));
        }
    };
    let data = data.finish_write()?;

    let mut then = Vec::with_capacity(3);
    let stamp = t.mtime.filter(|_| ctx.keep_times).map(times::stamp);
    match (&stamp, setter) {
        (Some(stamp), TimeSetter::Mfmt) => then.push(Command::Mfmt(stamp.clone(), remote.clone())),
        (Some(stamp), TimeSetter::SiteUtime) => then.push(Command::Site(format!("UTIME {stamp} {remote}"))),
        _ => {}
    }
    let set_time = !then.is_empty();
    if s.features.size {
        then.push(Command::Size(remote.clone()));
    }
    then.push(s.passive_command());
    let (replies, next_tls, ()) = s.finish_data_then(&label, &then, || ())?;
    // Only now, with the server's side closed, may the socket go.
    drop(data);
    let mut replies = replies.into_iter();
    let time_warning = match set_time.then(|| replies.next()).flatten() {
        Some(r) if r.class() == 2 => None,
        Some(reply) => Some(Error::Remote { command: then[0].to_string(), reply }),
        None => None,
    };
    if s.features.size
        && let Some(reply) = replies.next()
    {
        check_size(&remote, &reply, sent)?;
    }
    *prefetch = Prefetch { passive: replies.next().map(|r| (s.connections, r)), tls: next_tls };
    Ok(Output::Transferred(sent, time_warning))
}

fn check_size(remote: &str, reply: &Reply, sent: u64) -> Result<()> {
    match reply.text().trim().parse::<u64>() {
        Ok(n) if reply.code == 213 && n != sent => {
            Err(Error::Transfer(format!("{remote}: server holds {n} bytes after the upload, {sent} were sent")))
        }
        _ => Ok(()),
    }
}

/// Remote MKD / DELE / RMD for many paths, pipelined in batches; the server
/// runs them in order, so parents are created before their children and
/// removed after them.
pub(super) fn batch(ctx: &WorkerCtx<'_>, s: &mut Session, kind: BatchKind, rels: &[String]) -> Result<Vec<Result<()>>> {
    let mut out = Vec::with_capacity(rels.len());
    for chunk in rels.chunks(BATCH) {
        let cmds: Vec<Command> = chunk
            .iter()
            .map(|rel| {
                let path = match kind {
                    BatchKind::MkdirRoot => rel.clone(),
                    _ => remote_path(ctx.remote_root, rel),
                };
                match kind {
                    BatchKind::Mkdir | BatchKind::MkdirRoot => Command::Mkd(path),
                    BatchKind::DeleteFile => Command::Dele(path),
                    BatchKind::RemoveDir => Command::Rmd(path),
                }
            })
            .collect();
        let replies = s.pipeline(&cmds)?;
        for (cmd, reply) in cmds.into_iter().zip(replies) {
            let ok = match kind {
                BatchKind::MkdirRoot => true,
                _ => reply.class() == 2,
            };
            out.push(if ok { Ok(()) } else { Err(Error::Remote { command: cmd.to_string(), reply }) });
        }
    }
    Ok(out)
}
