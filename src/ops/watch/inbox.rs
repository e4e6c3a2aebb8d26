//! The inbox: files of a server folder whose size and time stayed the same
//! across listings `settle` apart (or whose trigger file appeared), oldest
//! first, downloaded through the one transfer routine (`.part`, checks,
//! fsync, rename), and only then moved or deleted on the server.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::flight::{Done, Item, Shared};
use super::journal::Step;
use super::ready::{Seen, plain};
use super::{After, Cx, Link, Pass, Where, free_name};
use crate::error::{Error, Result};
use crate::listing::{Entry, EntryKind};
use crate::ops::transfer::{Download, Resume, download};
use crate::ops::{NoProgress, join_remote, part};
use crate::session::control::Session;
use crate::wire::Command;

/// A file in the server folder.
#[derive(Clone)]
pub(super) struct Remote {
    pub name: String,
    size: u64,
    modified: Option<DateTime<Utc>>,
    /// The listing's time as text (the journal's `time`; empty when none).
    time: String,
}

/// Lists the folder (with `--recursive` its subfolders too, but not hidden
/// ones nor the `--sent` folder), each entry named by its path below it;
/// and whether every listing was whole.
fn list_tree(cx: &mut Cx<'_>) -> Result<(Vec<(String, Entry)>, bool)> {
    let req = cx.req;
    let sent = match &req.after {
        After::Move(dir) => Some(dir.trim_matches('/').to_string()),
        _ => None,
    };
    let (mut out, mut whole) = (Vec::new(), true);
    let mut stack = vec![(req.remote.clone(), String::new(), 0usize)];
    while let Some((dir, prefix, depth)) = stack.pop() {
        let listing = cx.with_session(&dir, |s| crate::ops::list::list(s, &dir))?;
        whole &= listing.gap().is_none();
        for e in listing.entries {
            if !plain(&e.name) {
                continue;
            }
            let rel = format!("{prefix}{}", e.name);
            if e.kind == EntryKind::Dir {
                let path = join_remote(&req.remote, &rel);
                let wanted = req.recursive && depth < crate::ops::remote::MAX_DEPTH && !e.name.starts_with('.');
                if wanted && sent.as_deref() != Some(path.trim_matches('/')) {
                    stack.push((path, format!("{rel}/"), depth + 1));
                }
                continue;
            }
            out.push((rel, e));
        }
    }
    Ok((out, whole))
}

/// What is ready to fetch, oldest first (not what is in flight already).
pub(super) fn scan(cx: &mut Cx<'_>) -> Result<Pass> {
    let req = cx.req;
    let (entries, whole) = list_tree(cx)?;
    let present: HashSet<String> = entries.iter().map(|(rel, _)| rel.clone()).collect();
    cx.settle.retain(|n| present.contains(n));
    // Files gone from the server need no record; only a whole listing
    // tells that a file is gone (a cut one would make the next pass fetch
    // again what it forgot).
    if whole {
        cx.sh.journal().retain(|n| present.contains(n))?;
    }
    let now = Instant::now();
    let (mut next, mut waiting) = (None, 0);
    let mut ready = Vec::new();
    for (rel, e) in entries {
        if e.kind != EntryKind::File || !req.names.takes(&rel) || cx.in_flight.contains(&rel) {
            continue;
        }
        let f = Remote {
            size: e.size.unwrap_or(0),
            time: e.modified.map(|t| t.to_rfc3339()).unwrap_or_default(),
            modified: e.modified,
            name: rel,
        };
        let rec = cx.sh.journal().get(&f.name).filter(|r| r.is_of(f.size, &f.time)).cloned();
        if rec.is_some_and(|r| r.finished(&req.after)) || cx.backing_off(&f.name, now, &mut next) {
            continue;
        }
        let trigger = req.names.trigger_of(&f.name).map(|t| present.contains(&t));
        let seen = Seen { size: f.size, time: f.time.clone() };
        let is_ready = cx.settle.ready_now(&f.name, trigger, seen, None, req.settle, now, &mut next);
        if is_ready {
            ready.push(f);
        } else {
            waiting += 1;
        }
    }
    ready.sort_by(|a, b| (a.modified, &a.name).cmp(&(b.modified, &b.name)));
    if cx.stopped() {
        return Err(Error::Interrupted);
    }
    Ok(Pass { next, waiting, dirs: Vec::new(), ready: ready.into_iter().map(Item::In).collect() })
}

/// Fetches one file (or finishes what a killed run began) and moves or
/// deletes its source, on a worker. `Err`: the journal could not be written.
pub(super) fn deliver(sh: &Shared<'_>, link: &mut Link<'_>, f: &Remote) -> Result<Result<Done>> {
    let req = sh.req;
    let remote = join_remote(&req.remote, &f.name);
    let rec = sh.journal().get(&f.name).cloned();
    let record = |step| sh.journal().set(&f.name, f.size, &f.time, step);
    // A file this watch wrote before (an older version) may be replaced;
    // anything else under the name (another writer's, or an earlier
    // delivery of a feed that reuses names, not yet taken away) is not:
    // the new file then comes in as NAME.1 (.2, ...).
    let ours = rec.is_some();
    let here = req.local.join(&f.name);
    let target = if ours || std::fs::symlink_metadata(&here).is_err() { here } else { free_name(&req.local, &f.name) };
    if let Some(dir) = target.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Ok(Err(Error::Local { action: "create folder", path: dir.into(), source: e }));
    }
    let rec = rec.filter(|r| r.is_of(f.size, &f.time));
    // Delivered before: only the source's move may be left (or was asked for only now).
    let mut recovered = matches!(rec.as_ref().map(|r| r.step), Some(Step::Sent | Step::Done));
    if rec.as_ref().is_some_and(|r| r.step == Step::Sending) && complete_here(&target, f) {
        // Killed between the rename into place and the journal line.
        record(Step::Sent)?;
        recovered = true;
    }
    let mut bytes = f.size;
    let mut evidence = None;
    if !recovered {
        record(Step::Sending)?;
        let part = part::part_path(&target);
        let job = Download {
            remote: &remote,
            target: &target,
            part: &part,
            size: Some(f.size),
            force: ours,
            resume: Resume::IfCurrent,
            mtime: f.modified,
            ask_mdtm: false,
            sync_dir: true,
            verify: req.verify,
            // For the hooks and --json: what was fetched, by its digest.
            sha256: true,
        };
        match link.with(req, sh.obs, &f.name, |s| download(s, &job, None, &mut NoProgress)) {
            Ok(done) => {
                bytes = done.bytes;
                evidence = Some(done.evidence);
                record(Step::Sent)?;
            }
            Err(e) => return Ok(Err(e)),
        }
    }
    let (moved_to, kept) = match finish_source(sh, link, f, &remote) {
        Ok(moved) => (moved, None),
        Err(Error::Interrupted) => return Ok(Err(Error::Interrupted)),
        Err(e) => (None, Some(e.to_string())),
    };
    record(Step::Done)?;
    let local = target.display().to_string();
    Ok(Ok(Done { local, remote, evidence, bytes, recovered, moved_to, kept }))
}

/// Whether the local copy is already the whole file (size, and time when
/// the listing gave one, which the download set).
fn complete_here(target: &Path, f: &Remote) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(target) else { return false };
    let time_ok = match (f.modified, meta.modified()) {
        (Some(want), Ok(have)) => DateTime::<Utc>::from(have).timestamp() == want.timestamp(),
        _ => true,
    };
    meta.file_type().is_file() && meta.len() == f.size && time_ok
}

/// Moves or deletes the remote source (and its trigger), only when the
/// server still holds the size that was downloaded.
fn finish_source(sh: &Shared<'_>, link: &mut Link<'_>, f: &Remote, remote: &str) -> Result<Option<String>> {
    let req = sh.req;
    let after = req.after.clone();
    if matches!(after, After::Keep) {
        return Ok(None);
    }
    let trigger = req.names.trigger_of(&f.name);
    let size = f.size;
    link.with(req, sh.obs, &f.name, |s| {
        if let Ok(Some(now)) = s.size(remote)
            && now != size
        {
            return Err(Error::Transfer(format!(
                "{remote} grew from {size} to {now} bytes after it was fetched; kept it on the server"
            )));
        }
        match &after {
            After::Keep => Ok(None),
            After::Remove => {
                crate::ops::retrieve::remove_source(s, remote)?;
                if let Some(t) = &trigger {
                    let _ = s.command(Command::Dele(join_remote(&req.remote, t)));
                }
                Ok(None)
            }
            After::Move(dir) => {
                let to = join_remote(dir, &f.name);
                if let Some((parent, _)) = to.rsplit_once('/').filter(|_| f.name.contains('/')) {
                    crate::ops::remote::mkdir(s, parent, true)?;
                }
                move_remote(s, remote, &to)?;
                if let Some(t) = &trigger {
                    let _ = move_remote(s, &join_remote(&req.remote, t), &join_remote(dir, t));
                }
                Ok(Some(to))
            }
        }
    })
}

fn move_remote(s: &mut Session, from: &str, to: &str) -> Result<()> {
    crate::ops::remote::rename(s, from, to)
}

/// A failure of one file: retried later, or (for good) recorded.
pub(super) fn fail(cx: &mut Cx<'_>, f: &Remote, e: Error) -> Result<()> {
    if matches!(e, Error::Interrupted) {
        return Err(e);
    }
    if !cx.failed_for_good(&f.name, &e)? {
        return Ok(());
    }
    cx.sh.journal().set(&f.name, f.size, &f.time, Step::Failed)?;
    let at = Where { name: &f.name, local: String::new(), remote: join_remote(&cx.req.remote, &f.name) };
    cx.report_failure(at, &e, None);
    Ok(())
}
