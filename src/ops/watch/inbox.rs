//! The inbox: files of a server folder whose size and time stayed the same
//! across listings `settle` apart (or whose trigger file appeared), oldest
//! first, downloaded through the one transfer routine (`.part`, checks,
//! fsync, rename), and only then moved or deleted on the server.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::journal::Step;
use super::ready::{Seen, plain};
use super::{After, Cx, Pass, Where, free_name};
use crate::error::{Error, Result};
use crate::listing::{Entry, EntryKind};
use crate::ops::transfer::{Download, Resume, download};
use crate::ops::{NoProgress, join_remote, part};
use crate::session::control::Session;
use crate::wire::Command;

/// A file in the server folder.
struct Remote {
    name: String,
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

pub(super) fn pass(cx: &mut Cx<'_>) -> Result<Pass> {
    let req = cx.req;
    let (entries, whole) = list_tree(cx)?;
    let present: HashSet<String> = entries.iter().map(|(rel, _)| rel.clone()).collect();
    cx.settle.retain(|n| present.contains(n));
    // Files gone from the server need no record; only a whole listing
    // tells that a file is gone (a cut one would make the next pass fetch
    // again what it forgot).
    if whole {
        cx.journal.retain(|n| present.contains(n))?;
    }
    let now = Instant::now();
    let (mut next, mut waiting) = (None, 0);
    let mut ready = Vec::new();
    for (rel, e) in entries {
        if e.kind != EntryKind::File || !req.names.takes(&rel) {
            continue;
        }
        let f = Remote {
            size: e.size.unwrap_or(0),
            time: e.modified.map(|t| t.to_rfc3339()).unwrap_or_default(),
            modified: e.modified,
            name: rel,
        };
        let rec = cx.journal.get(&f.name).filter(|r| r.is_of(f.size, &f.time));
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
    for f in &ready {
        if cx.stopped() {
            return Err(Error::Interrupted);
        }
        deliver(cx, f)?;
    }
    Ok(Pass { next, waiting, dirs: Vec::new() })
}

fn deliver(cx: &mut Cx<'_>, f: &Remote) -> Result<()> {
    let req = cx.req;
    let remote = join_remote(&req.remote, &f.name);
    let rec = cx.journal.get(&f.name).cloned();
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
        return fail(cx, f, Error::Local { action: "create folder", path: dir.into(), source: e });
    }
    let rec = rec.filter(|r| r.is_of(f.size, &f.time));
    // Delivered before: only the source's move may be left (or was asked for only now).
    let mut recovered = matches!(rec.as_ref().map(|r| r.step), Some(Step::Sent | Step::Done));
    if rec.as_ref().is_some_and(|r| r.step == Step::Sending) && complete_here(&target, f) {
        // Killed between the rename into place and the journal line.
        cx.journal.set(&f.name, f.size, &f.time, Step::Sent)?;
        recovered = true;
    }
    let mut bytes = f.size;
    let mut evidence = None;
    if !recovered {
        cx.journal.set(&f.name, f.size, &f.time, Step::Sending)?;
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
        match cx.with_session(&f.name, |s| download(s, &job, None, &mut NoProgress)) {
            Ok(done) => {
                bytes = done.bytes;
                evidence = Some(done.evidence);
                cx.journal.set(&f.name, f.size, &f.time, Step::Sent)?;
            }
            Err(e) => return fail(cx, f, e),
        }
    }
    let (moved_to, kept) = match finish_source(cx, f, &remote) {
        Ok(moved) => (moved, None),
        Err(Error::Interrupted) => return Err(Error::Interrupted),
        Err(e) => (None, Some(e.to_string())),
    };
    cx.journal.set(&f.name, f.size, &f.time, Step::Done)?;
    let at = Where { name: &f.name, local: target.display().to_string(), remote, evidence };
    cx.delivered(at, bytes, recovered, moved_to, kept);
    Ok(())
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
fn finish_source(cx: &mut Cx<'_>, f: &Remote, remote: &str) -> Result<Option<String>> {
    let req = cx.req;
    let after = req.after.clone();
    if matches!(after, After::Keep) {
        return Ok(None);
    }
    let trigger = cx.req.names.trigger_of(&f.name);
    let size = f.size;
    cx.with_session(&f.name, |s| {
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

fn fail(cx: &mut Cx<'_>, f: &Remote, e: Error) -> Result<()> {
    if matches!(e, Error::Interrupted) {
        return Err(e);
    }
    if !cx.failed_for_good(&f.name, &e)? {
        return Ok(());
    }
    cx.journal.set(&f.name, f.size, &f.time, Step::Failed)?;
    let at =
        Where { name: &f.name, local: String::new(), remote: join_remote(&cx.req.remote, &f.name), evidence: None };
    cx.report_failure(at, &e, None);
    Ok(())
}
