//! The outbox: settled files of a local folder, oldest first, uploaded
//! through the one transfer routine (temporary name, checks, rename), then
//! moved or deleted when unchanged.

use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use super::flight::{Done, Item, Shared};
use super::journal::Step;
use super::ready::{Seen, age};
use super::{After, Cx, Link, Pass, Where, free_name};
use crate::error::{Error, Result};
use crate::ops::source::SourceStamp;
use crate::ops::transfer::{Upload, upload};
use crate::ops::{NoProgress, digest, join_remote, part};
use crate::session::control::Session;
use crate::wire::Command;

/// A regular file in the outbox.
#[derive(Clone)]
pub(super) struct Local {
    pub name: String,
    path: PathBuf,
    size: u64,
    /// Modification time to the nanosecond, as text (the journal's `time`).
    time: String,
    mtime: SystemTime,
}

fn local_err<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(std::io::Error) -> Error + 'p {
    move |source| Error::Local { action, path: path.into(), source }
}

/// What a scan found: every name (relative path) in the folder, its
/// regular files, and the subfolders it went into.
struct Scan {
    present: HashSet<String>,
    files: Vec<Local>,
    dirs: Vec<PathBuf>,
}

/// Scans `root` (with `recursive`, its subfolders too, but neither hidden
/// ones, nor symlinked ones, nor those in `skip`: the `--sent` and
/// `--failed` folders may be inside it). Symlinks to files are left alone;
/// names that are not UTF-8 cannot be named on the server and are skipped.
fn scan_tree(root: &Path, recursive: bool, skip: &[PathBuf]) -> Result<Scan> {
    let mut out = Scan { present: HashSet::new(), files: Vec::new(), dirs: Vec::new() };
    let mut stack = vec![(root.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, prefix, depth)) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            // A subfolder may go away between two scans; the folder itself may not.
            Err(_) if depth > 0 => continue,
            Err(e) => return Err(local_err("read the folder", &dir)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(local_err("read the folder", &dir))?;
            let Ok(name) = entry.file_name().into_string() else { continue };
            let rel = format!("{prefix}{name}");
            out.present.insert(rel.clone());
            let path = entry.path();
            let Ok(meta) = fs::symlink_metadata(&path) else { continue };
            if meta.is_dir() {
                let wanted = recursive && depth < crate::ops::remote::MAX_DEPTH && !name.starts_with('.');
                if wanted && !skip.contains(&path) {
                    out.dirs.push(path.clone());
                    stack.push((path, format!("{rel}/"), depth + 1));
                }
                continue;
            }
            if !meta.file_type().is_file() {
                continue;
            }
            let time = format!("{}.{:09}", meta.mtime(), meta.mtime_nsec());
            let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            out.files.push(Local { name: rel, path, size: meta.len(), time, mtime });
        }
    }
    Ok(out)
}

/// The folders a scan must not enter: where sources are moved to.
fn destinations(cx: &Cx<'_>) -> Vec<PathBuf> {
    let sent = match &cx.req.after {
        After::Move(dir) => Some(PathBuf::from(dir)),
        _ => None,
    };
    sent.into_iter().chain(cx.req.failed.clone()).filter_map(|d| std::path::absolute(d).ok()).collect()
}

/// What is ready to go, oldest first (not what is in flight already).
pub(super) fn scan(cx: &mut Cx<'_>) -> Result<Pass> {
    let req = cx.req;
    let Scan { present, files, dirs } = scan_tree(&req.local, req.recursive, &destinations(cx))?;
    cx.settle.retain(|n| present.contains(n));
    // A file gone from the outbox (moved, deleted) needs no record: the
    // journal stays as long as the folder is full, not as its history.
    cx.sh.journal().retain(|n| present.contains(n))?;
    let now = Instant::now();
    let (mut next, mut waiting) = (None, 0);
    let mut ready = Vec::new();
    for f in files {
        if !req.names.takes(&f.name) || cx.in_flight.contains(&f.name) {
            continue;
        }
        let rec = cx.sh.journal().get(&f.name).filter(|r| r.is_of(f.size, &f.time)).cloned();
        if rec.is_some_and(|r| r.finished(&req.after)) || cx.backing_off(&f.name, now, &mut next) {
            continue;
        }
        let trigger = req.names.trigger_of(&f.name).map(|t| present.contains(&t));
        let seen = Seen { size: f.size, time: f.time.clone() };
        let is_ready = cx.settle.ready_now(&f.name, trigger, seen, age(f.mtime), req.settle, now, &mut next);
        if is_ready {
            ready.push(f);
        } else {
            waiting += 1;
        }
    }
    ready.sort_by(|a, b| (a.mtime, &a.name).cmp(&(b.mtime, &b.name)));
    if !ready.is_empty() && cx.in_flight.is_empty() && !req.remote.is_empty() {
        // A missing server folder fails the pass, not each file: a typo in
        // the URL must not send the whole outbox to --failed.
        cx.with_session(&req.remote, |s| check_folder(s, &req.remote))?;
    }
    if cx.stopped() {
        return Err(Error::Interrupted);
    }
    Ok(Pass { next, waiting, dirs, ready: ready.into_iter().map(Item::Out).collect() })
}

/// Fails unless `dir` is a folder on the server (with the server's reply).
fn check_folder(s: &mut Session, dir: &str) -> Result<()> {
    let here = crate::ops::remote::pwd(s)?;
    let reply = s.command(Command::Cwd(dir.into()))?;
    if reply.class() != 2 {
        return Err(Error::Remote { command: format!("CWD {dir}"), reply });
    }
    s.expect(Command::Cwd(here), &[200, 250]).map(|_| ())
}

/// Sends one file (or finishes what a killed run began) and moves its
/// source, on a worker. `Err`: the journal could not be written.
pub(super) fn deliver(sh: &Shared<'_>, link: &mut Link<'_>, f: &Local) -> Result<Result<Done>> {
    let req = sh.req;
    let remote = join_remote(&req.remote, &f.name);
    let rec = sh.journal().get(&f.name).filter(|r| r.is_of(f.size, &f.time)).cloned();
    let record = |step| sh.journal().set(&f.name, f.size, &f.time, step);
    // Delivered before: only the source's move may be left (or was asked for only now).
    let mut recovered = matches!(rec.as_ref().map(|r| r.step), Some(Step::Sent | Step::Done));
    if let Some(r) = rec.as_ref().filter(|r| r.step == Step::Sending) {
        // Killed while sending: a rename that went through shows on the server.
        match link.with(req, sh.obs, &f.name, |s| on_server(s, &remote, &f.path, f.size, r.at)) {
            Ok(true) => {
                record(Step::Sent)?;
                recovered = true;
            }
            Ok(false) => {}
            Err(e) => return Ok(Err(e)),
        }
    }
    let mut read = None;
    let mut bytes = f.size;
    let mut evidence = None;
    if !recovered {
        record(Step::Sending)?;
        let job = Upload {
            local: &f.path,
            remote: &remote,
            // Continues the temporary file a killed run left (its name is
            // this file's own, so another version never continues it).
            resume: true,
            mtime: None,
            verify: req.verify,
            // For the hooks and --json: what was sent, by its digest.
            sha256: true,
            temp: true,
        };
        let parent = f.name.rsplit_once('/').map(|(dir, _)| join_remote(&req.remote, dir));
        let send = |s: &mut Session| {
            if let Some(dir) = parent.as_deref().filter(|d| !sh.made().contains(*d)) {
                crate::ops::remote::mkdir(s, dir, true)?;
                sh.made().insert(dir.to_string());
            }
            upload(s, &job, None, &mut NoProgress)
        };
        match link.with(req, sh.obs, &f.name, send) {
            Ok(up) => {
                bytes = up.bytes;
                read = Some(up.source);
                evidence = Some(up.evidence);
                record(Step::Sent)?;
            }
            Err(e) => return Ok(Err(e)),
        }
    }
    let (moved_to, kept) = finish_source(req, f, read.as_ref());
    record(Step::Done)?;
    let local = f.path.display().to_string();
    Ok(Ok(Done { local, remote, evidence, bytes, recovered, moved_to, kept }))
}

/// Whether `remote` is the copy of `local` that a run killed after `at`
/// (seconds since the epoch) renamed into place: the size matches, and the
/// server's digest where it has one, else its time says it was written
/// since (an older file of the same name and size is not taken for it).
fn on_server(s: &mut Session, remote: &str, local: &Path, size: u64, at: i64) -> Result<bool> {
    match s.size(remote) {
        Ok(Some(n)) if n == size => {}
        Ok(_) => return Ok(false),
        Err(Error::Remote { reply, .. }) if reply.class() == 5 => return Ok(false),
        Err(e) => return Err(e),
    }
    if let Some(m) = digest::choose(&s.features) {
        let replies =
            digest::commands(m, &s.features, remote).into_iter().map(|c| s.command(c)).collect::<Result<Vec<_>>>()?;
        if let Ok(server) = digest::server_digest(m, &mut s.features, &replies, size) {
            let mut h = digest::Hasher::new(&[m.algo()]);
            let mut file = fs::File::open(local).map_err(local_err("read", local))?;
            h.update_from(&mut file, size).map_err(local_err("read", local))?;
            return Ok(h.finish().pop().is_some_and(|(_, ours)| ours == server));
        }
    }
    if !s.features.mdtm {
        return Ok(true);
    }
    let reply = s.command(Command::Mdtm(remote.into()))?;
    let when = (reply.code == 213).then(|| crate::ops::mirror::times::parse_stamp(&reply.text())).flatten();
    // A minute's grace for servers whose clock is a little behind.
    Ok(when.is_none_or(|t| t.timestamp() >= at - 60))
}

/// Moves or deletes the source after a verified upload, only when it is
/// the file the upload read (`read`; after a restart, the size and time
/// the journal holds). Returns where it went, or why it stayed.
fn finish_source(req: &super::Request, f: &Local, read: Option<&SourceStamp>) -> (Option<String>, Option<String>) {
    let changed = || -> Option<String> {
        let now = fs::symlink_metadata(&f.path).ok()?;
        let same = match read {
            Some(stamp) => SourceStamp::of(&now) == *stamp,
            None => now.len() == f.size && format!("{}.{:09}", now.mtime(), now.mtime_nsec()) == f.time,
        };
        (!same).then(|| "it changed while it was sent; kept it, and it is sent again".to_string())
    };
    let trigger = req.names.trigger_of(&f.name).map(|t| req.local.join(t));
    match &req.after {
        After::Keep => (None, None),
        After::Remove => {
            let gone = match read {
                Some(stamp) => crate::ops::source::remove_source(&f.path, stamp).map_err(|e| e.to_string()),
                None => match changed() {
                    Some(why) => Err(why),
                    None => fs::remove_file(&f.path).map_err(|e| e.to_string()),
                },
            };
            match gone {
                Ok(()) => {
                    if let Some(t) = trigger {
                        let _ = fs::remove_file(t);
                    }
                    let _ = f.path.parent().map(part::sync_dir);
                    (None, None)
                }
                Err(why) => (None, Some(why)),
            }
        }
        After::Move(dir) => {
            if let Some(why) = changed() {
                return (None, Some(why));
            }
            let dir = Path::new(dir);
            let to = free_name(dir, &f.name);
            match fs::rename(&f.path, &to) {
                Ok(()) => {
                    move_trigger(req, f, dir);
                    let _ = to.parent().map(part::sync_dir);
                    let _ = f.path.parent().map(part::sync_dir);
                    (Some(to.display().to_string()), None)
                }
                Err(e) => (None, Some(format!("cannot move it to {}: {e}", dir.display()))),
            }
        }
    }
}

/// Moves `f`'s trigger file (if triggers are used and it is there) into
/// `dir`, where its file went.
fn move_trigger(req: &super::Request, f: &Local, dir: &Path) {
    if let Some(rel) = req.names.trigger_of(&f.name) {
        let from = req.local.join(&rel);
        if from.exists() {
            let _ = fs::rename(&from, free_name(dir, &rel));
        }
    }
}

/// A failure of one file: retried later, or (for good) recorded, and moved
/// to `--failed` with the reason beside it.
pub(super) fn fail(cx: &mut Cx<'_>, f: &Local, e: Error) -> Result<()> {
    if matches!(e, Error::Interrupted) {
        return Err(e);
    }
    if fs::symlink_metadata(&f.path).is_err() {
        // Taken away meanwhile (by its writer, or a person): nothing to deliver.
        return Ok(());
    }
    if !cx.failed_for_good(&f.name, &e)? {
        return Ok(());
    }
    let moved_to = cx.req.failed.as_deref().and_then(|dir| {
        let to = free_name(dir, &f.name);
        fs::rename(&f.path, &to).ok()?;
        let mut reason = to.clone().into_os_string();
        reason.push(".reason");
        let _ = fs::write(&reason, format!("{e}\n"));
        move_trigger(cx.req, f, dir);
        let _ = to.parent().map(part::sync_dir);
        Some(to.display().to_string())
    });
    cx.sh.journal().set(&f.name, f.size, &f.time, Step::Failed)?;
    let at = Where { name: &f.name, local: f.path.display().to_string(), remote: join_remote(&cx.req.remote, &f.name) };
    cx.report_failure(at, &e, moved_to);
    Ok(())
}
