//! `probe --write`: one small upload made the way `put` makes it (under a
//! temporary name, renamed into place, checked), then deleted, each step
//! timed, so that a verdict on uploads rests on an upload. A failure names
//! its step, and the probe removes what it stored wherever the server lets
//! it (what stays is reported).

use std::io::Write;
use std::path::PathBuf;

use super::Probe;
use super::report::WriteReport;
use crate::error::{Error, Result};
use crate::ops::transfer::check_size;
use crate::ops::{NoProgress, digest, join_remote, remote_temp, stream};
use crate::session::control::Session;
use crate::wire::Command;

/// The local copy of the scratch bytes: an upload's temporary name is
/// derived from its local file ([`remote_temp::name`]), so there is one.
struct LocalScratch(PathBuf);

impl LocalScratch {
    fn create(bytes: &[u8]) -> Result<LocalScratch> {
        let path = std::env::temp_dir().join(format!("ftps-probe-{}-{:x}", std::process::id(), nanos()));
        let local = |action, e| Error::Local { action, path: path.clone(), source: e };
        let mut f =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| local("create", e))?;
        let scratch = LocalScratch(path.clone());
        f.write_all(bytes).map_err(|e| local("write", e))?;
        Ok(scratch)
    }
}

impl Drop for LocalScratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default()
}

/// The steps "upload", "rename", "check" and "delete" in `dir`.
pub(super) fn run(p: &mut Probe, s: &mut Session, dir: &str) -> Result<()> {
    let stamp = nanos();
    let target = join_remote(dir, &format!("ftps-probe-{}-{stamp:x}.scratch", std::process::id()));
    p.advice.scratch = Some(target.clone());
    let mut w = WriteReport { directory: dir.into(), file: target, ..WriteReport::default() };
    let bytes = format!("ftps probe --write scratch file {stamp:x}; safe to delete\n").into_bytes();
    let result = steps(p, s, &mut w, &bytes);
    p.report.uploads = if result.is_ok() { "ok" } else { "failed" };
    p.report.write = Some(w);
    result
}

fn steps(p: &mut Probe, s: &mut Session, w: &mut WriteReport, bytes: &[u8]) -> Result<()> {
    let target = w.file.clone();
    let temp = &mut w.temp;
    let uploaded = p.step("upload", || {
        let local = LocalScratch::create(bytes)?;
        let meta = std::fs::metadata(&local.0).map_err(|e| Error::Local {
            action: "read",
            path: local.0.clone(),
            source: e,
        })?;
        *temp = remote_temp::name(&target, &local.0, &meta);
        stream::store_from(s, &mut &bytes[..], temp, &mut NoProgress)
    });
    let temp = w.temp.clone();
    match uploaded {
        Ok(sent) => {
            p.note(format!("stored {sent} bytes as {temp}"));
            w.bytes = sent;
        }
        Err(e) => {
            if !temp.is_empty() && !remove(s, &temp) {
                w.left_behind = Some(temp);
            }
            return Err(e);
        }
    }

    let renamed = p.step("rename", || remote_temp::publish(s, &temp, &target, &mut |_| {}));
    if let Err(e) = renamed {
        if let Error::RenameRefused { temp_removed: false, .. } = e {
            w.left_behind = Some(temp);
        }
        return Err(e);
    }
    p.note(format!("renamed to {target}"));

    match p.step("check", || check(s, &target, bytes)) {
        Ok(c) => {
            p.note(c.said.join("; "));
            w.size_checked = c.size;
            w.digest = c.digest;
        }
        Err(e) => {
            if !remove(s, &target) {
                w.left_behind = Some(target);
            }
            return Err(e);
        }
    }

    match p.step("delete", || s.expect(Command::Dele(target.clone()), &[250, 200])) {
        Ok(_) => p.note(format!("deleted {target}")),
        Err(e) => {
            // Uploads work; only the clean-up did not.
            p.informative(format!("the server refused to delete {target}, which stays: {e}"));
            w.left_behind = Some(target);
        }
    }
    Ok(())
}

/// Deletes `path` where the server permits; false when it is still there.
fn remove(s: &mut Session, path: &str) -> bool {
    if s.command(Command::Dele(path.into())).is_ok_and(|r| r.class() == 2) {
        return true;
    }
    !matches!(s.size(path), Ok(Some(_)))
}

struct Checked {
    size: bool,
    digest: Option<&'static str>,
    said: Vec<String>,
}

/// The renamed file against the bytes sent: `SIZE`, and the strongest
/// digest the server offers that ftps computes (as `put` checks).
fn check(s: &mut Session, target: &str, bytes: &[u8]) -> Result<Checked> {
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut c = Checked { size: false, digest: None, said: Vec::new() };
    if s.options().ascii {
        c.said.push("ASCII mode: the server's size and digest describe its own copy; not compared".into());
        return Ok(c);
    }
    if s.features.size {
        let reply = s.command(Command::Size(target.into()))?;
        check_size(target, &reply, len)?;
        c.size = reply.code == 213;
        c.said.push(if c.size { format!("SIZE {len} matches") } else { format!("SIZE not answered ({reply})") });
    } else {
        c.said.push("the server has no SIZE".into());
    }
    let Some(method) = digest::choose(&s.features) else {
        c.said.push("no digest offered".into());
        return Ok(c);
    };
    let commands = digest::commands(method, &s.features, target);
    let replies = s.pipeline(&commands)?;
    let mut hasher = digest::Hasher::new(&[method.algo()]);
    hasher.update(bytes);
    let ours = hasher.finish().pop().map(|(_, hex)| hex).unwrap_or_default();
    match digest::check(method, &mut s.features, &replies, &ours, len, target)? {
        Ok(v) => {
            c.digest = Some(v.algo.name());
            c.said.push(format!("{} matches", v.algo.name()));
        }
        Err(why) => c.said.push(format!("no usable digest: {why}")),
    }
    Ok(c)
}
