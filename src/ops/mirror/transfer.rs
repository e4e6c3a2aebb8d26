//! The per-item work a worker does on its session: one download, one
//! upload, or a pipelined batch of MKD / DELE / RMD.

use std::path::Path;

use super::Observer;
use super::job::{BATCH, BatchKind, FileJob, Output, WorkerCtx, remote_path};
use super::local;
use super::plan::Transfer;
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::ops::part;
use crate::ops::transfer::{self, Done, Download, Prefetch, Resume, TimeSetter, Upload, Uploaded};
use crate::session::control::Session;
use crate::wire::Command;

/// Forwards byte counts to the run's observer (the overall progress bar).
struct Bytes<'a>(&'a dyn Observer);

impl Progress for Bytes<'_> {
    fn advance(&mut self, bytes: u64) {
        self.0.progress(bytes);
    }
}

/// Downloads into the planned temporary file beside the target (continuing
/// a current one), gives it the remote modification time, then renames it
/// into place. Sizes come from the listing (no SIZE round trip); the next
/// transfer's passive port is asked for while this one's final reply is
/// awaited. The directory is synced once per run by the coordinator.
pub(super) fn download(
    ctx: &WorkerCtx<'_>,
    s: &mut Session,
    t: &Transfer,
    ask_time: bool,
    prefetch: &mut Prefetch,
) -> Result<Output> {
    local::check_parents(ctx.local_root, &t.path)?;
    let target = local::path_of(ctx.local_root, &t.path);
    let part = target.with_file_name(&t.temp);
    let remote = remote_path(ctx.remote_root, &t.path);
    let job = Download {
        remote: &remote,
        target: &target,
        part: &part,
        size: t.size,
        force: true,
        resume: Resume::IfCurrent,
        mtime: t.mtime.filter(|_| ctx.keep_times),
        ask_mdtm: ask_time && ctx.keep_times,
        sync_dir: false,
        verify: ctx.verify,
        sha256: ctx.sha256,
    };
    ctx.observer.started(&t.path);
    let done = fetch_one(ctx, s, &job, prefetch)?;
    settle_download(ctx, s, &remote, &target, &done)?;
    Ok(Output::Transferred(done.bytes, None))
}

/// One download: split over several connections when the run asks for
/// that and the file is big enough, or when an earlier split download of
/// it left ranges to continue; else the whole-file routine with the
/// prefetched passive port.
fn fetch_one(ctx: &WorkerCtx<'_>, s: &mut Session, job: &Download<'_>, prefetch: &mut Prefetch) -> Result<Done> {
    let split = ctx.split.filter(|sp| {
        let big = sp.segments != Some(1) && job.size.is_some_and(|n| n >= sp.min_size);
        big || (job.resume != Resume::No && std::fs::symlink_metadata(part::ranges_path(job.part)).is_ok())
    });
    match split {
        Some(sp) => {
            // Its connections ask for their own ports: what was asked ahead goes.
            *prefetch = Prefetch::default();
            (sp.run)(s, job, sp.segments, &mut Bytes(ctx.observer))
        }
        None => transfer::download(s, job, Some(prefetch), &mut Bytes(ctx.observer)),
    }
}

/// After a checked download: its receipt evidence, then (moving) its source.
fn settle_download(ctx: &WorkerCtx<'_>, s: &mut Session, remote: &str, local: &Path, done: &Done) -> Result<()> {
    ctx.observer.evidence(remote, local, done.bytes, &done.evidence);
    if ctx.remove_source {
        crate::ops::retrieve::remove_source(s, remote)?;
    }
    Ok(())
}

/// After a checked, renamed upload: its receipt evidence, then (moving) its source.
fn settle_upload(ctx: &WorkerCtx<'_>, remote: &str, local: &Path, done: &Uploaded) -> Result<()> {
    ctx.observer.evidence(remote, local, done.bytes, &done.evidence);
    if ctx.remove_source {
        crate::ops::source::remove_source(local, &done.source)?;
    }
    Ok(())
}

/// Uploads (to a temporary name unless told otherwise), then sets the
/// remote time, checks the remote size and digest and asks for the next
/// passive port, all in the turn that ends the transfer; then renames.
pub(super) fn upload(
    ctx: &WorkerCtx<'_>,
    s: &mut Session,
    t: &Transfer,
    setter: TimeSetter,
    prefetch: &mut Prefetch,
) -> Result<Output> {
    let local_path = local::path_of(ctx.local_root, &t.path);
    let remote = remote_path(ctx.remote_root, &t.path);
    let mtime = t.mtime.filter(|_| ctx.keep_times && setter != TimeSetter::None).map(|m| (setter, m));
    let job = Upload {
        local: &local_path,
        remote: &remote,
        resume: false,
        mtime,
        verify: ctx.verify,
        temp: ctx.temp_uploads,
        sha256: ctx.sha256,
    };
    ctx.observer.started(&t.path);
    let split = ctx.split.filter(|sp| sp.segments != Some(1) && t.size.is_some_and(|n| n >= sp.min_size));
    let done = match split {
        Some(sp) => {
            // Its connections ask for their own ports: what was asked ahead goes.
            *prefetch = Prefetch::default();
            (sp.up)(s, &job, sp.segments, &mut Bytes(ctx.observer))?
        }
        None => transfer::upload(s, &job, Some(prefetch), &mut Bytes(ctx.observer))?,
    };
    settle_upload(ctx, &remote, &local_path, &done)?;
    Ok(Output::Transferred(done.bytes, done.time_not_set))
}

/// One file of a multi-file `get`: as the command line asked, except that a
/// retry continues the temporary file.
pub(super) fn fetch(
    ctx: &WorkerCtx<'_>,
    s: &mut Session,
    f: &FileJob,
    retry: bool,
    prefetch: &mut Prefetch,
) -> Result<Output> {
    let job = Download {
        remote: &f.remote,
        target: &f.local,
        part: &f.part,
        size: f.size,
        force: f.force,
        resume: if f.resume || retry { Resume::Always } else { Resume::No },
        mtime: None,
        ask_mdtm: false,
        sync_dir: false,
        verify: ctx.verify,
        sha256: ctx.sha256,
    };
    ctx.observer.started(&f.remote);
    let done = fetch_one(ctx, s, &job, prefetch)?;
    settle_download(ctx, s, &f.remote, &f.local, &done)?;
    Ok(Output::Transferred(done.bytes, None))
}

/// One file of a multi-file `put`. A retry starts over unless `-c` was
/// given: a file the server held before cannot be told from a partial upload.
pub(super) fn send(ctx: &WorkerCtx<'_>, s: &mut Session, f: &FileJob, prefetch: &mut Prefetch) -> Result<Output> {
    let job = Upload {
        local: &f.local,
        remote: &f.remote,
        resume: f.resume,
        mtime: None,
        verify: ctx.verify,
        temp: ctx.temp_uploads,
        sha256: ctx.sha256,
    };
    ctx.observer.started(&f.remote);
    let done = transfer::upload(s, &job, Some(prefetch), &mut Bytes(ctx.observer))?;
    settle_upload(ctx, &f.remote, &f.local, &done)?;
    Ok(Output::Transferred(done.bytes, done.time_not_set))
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
