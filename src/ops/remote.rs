//! Changing and describing the remote tree on one session: mkdir (`-p`),
//! delete (a directory tree included), rename, chmod, stat. Shared by the
//! prompt and the one-shot commands, so both get the same safety rules:
//! a tree is only removed from complete listings, never below a symlink,
//! never deeper than [`MAX_DEPTH`].

use crate::error::{Error, Result};
use crate::listing::{EntryKind, names};
use crate::ops::{join_remote, list};
use crate::session::control::Session;
use crate::wire::Command;

/// Deepest tree [`remove_tree`] descends into; a deeper one is refused
/// rather than risking a server that reports a directory inside itself.
pub const MAX_DEPTH: usize = 64;

/// The current directory (`PWD`).
pub fn pwd(s: &mut Session) -> Result<String> {
    let reply = s.expect(Command::Pwd, &[257])?;
    crate::wire::text::quoted_path(&reply.text())
        .ok_or_else(|| Error::Protocol(format!("unparsable PWD reply: {reply}")))
}

/// Probes with CWD (every server has it) and comes back.
pub fn is_dir(s: &mut Session, path: &str) -> Result<bool> {
    let here = pwd(s)?;
    if s.command(Command::Cwd(path.into()))?.code != 250 {
        return Ok(false);
    }
    s.expect(Command::Cwd(here), &[200, 250])?;
    Ok(true)
}

/// `MKD dir`; with `parents` each prefix in turn. "Exists" answers are
/// indistinguishable from other refusals, so with `parents` success is
/// judged by whether the full path is then a directory.
pub fn mkdir(s: &mut Session, dir: &str, parents: bool) -> Result<()> {
    let trimmed = dir.trim_end_matches('/');
    let dir = if trimmed.is_empty() && dir.starts_with('/') { "/" } else { trimmed };
    if !parents {
        s.expect(Command::Mkd(dir.into()), &[250, 257])?;
        return Ok(());
    }
    let mut prefix = if dir.starts_with('/') { String::from("/") } else { String::new() };
    let mut last_refusal = None;
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        prefix = join_remote(&prefix, seg);
        let reply = s.command(Command::Mkd(prefix.clone()))?;
        if !matches!(reply.code, 250 | 257) {
            last_refusal = Some(Error::Remote { command: format!("MKD {prefix}"), reply });
        }
    }
    match last_refusal {
        Some(e) if !is_dir(s, dir)? => Err(e),
        _ => Ok(()),
    }
}

/// What [`delete`] found.
#[derive(Debug)]
pub enum Deleted {
    File,
    /// `DELE` was refused because the path is a directory; nothing was
    /// removed. The caller decides whether a tree may go.
    IsDirectory(Error),
}

/// `DELE path`; a refusal is an error unless the path is a directory.
pub fn delete(s: &mut Session, path: &str) -> Result<Deleted> {
    let reply = s.command(Command::Dele(path.into()))?;
    if matches!(reply.code, 250 | 200) {
        return Ok(Deleted::File);
    }
    let refusal = Error::Remote { command: format!("DELE {path}"), reply };
    if is_dir(s, path)? { Ok(Deleted::IsDirectory(refusal)) } else { Err(refusal) }
}

/// What [`remove_tree`] did.
#[derive(Debug, Default)]
pub struct TreeRemoval {
    /// Entries removed, the directory itself included.
    pub removed: u64,
    /// Server entries left alone, with why: (directory, name, reason).
    pub skipped: Vec<(String, String, String)>,
}

/// Deletes `dir` and everything below it. Symlinks are deleted, never
/// followed; a name that could not be sent back safely is skipped (and
/// the final `RMD` then fails, saying the directory is not empty).
pub fn remove_tree(s: &mut Session, dir: &str) -> Result<TreeRemoval> {
    let mut report = TreeRemoval::default();
    remove_below(s, dir, 0, &mut report)?;
    Ok(report)
}

fn remove_below(s: &mut Session, dir: &str, depth: usize, report: &mut TreeRemoval) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::Limit(format!("{dir}: more than {MAX_DEPTH} levels deep; refusing to remove it")));
    }
    // Deleting on an incomplete listing would leave the RMD to fail half way;
    // the same rule as mirror --delete: nothing is removed on a gap.
    let listing = list::list(s, dir)?.require_complete(dir)?;
    for e in &listing.entries {
        if let Err(why) = names::check_name(&e.name) {
            if e.name != "." && e.name != ".." {
                report.skipped.push((dir.to_string(), e.name.clone(), why.to_string()));
            }
            continue;
        }
        let path = join_remote(dir, &e.name);
        if e.kind == EntryKind::Dir {
            remove_below(s, &path, depth + 1, report)?;
        } else {
            s.expect(Command::Dele(path), &[250, 200])?;
            report.removed += 1;
        }
    }
    s.expect(Command::Rmd(dir.into()), &[250, 200])?;
    report.removed += 1;
    Ok(())
}

/// `RNFR from` + `RNTO to` (same server).
pub fn rename(s: &mut Session, from: &str, to: &str) -> Result<()> {
    s.expect(Command::Rnfr(from.into()), &[350])?;
    s.expect(Command::Rnto(to.into()), &[250, 200])?;
    Ok(())
}

/// An octal mode such as `644` or `0755`, the only form `SITE CHMOD` takes.
pub fn check_mode(mode: &str) -> Result<()> {
    if (3..=4).contains(&mode.len()) && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!("chmod: {mode:?} is not an octal mode like 644 or 0755")))
    }
}

/// `SITE CHMOD mode path`.
pub fn chmod(s: &mut Session, mode: &str, path: &str) -> Result<()> {
    check_mode(mode)?;
    s.expect(Command::Site(format!("CHMOD {mode} {path}")), &[200, 250])?;
    Ok(())
}

/// The facts a server gives about one path, keys in lower case, values as
/// sent: from `MLST` where offered, else `type` (by a CWD probe), `size`
/// (`SIZE`) and `modify` (`MDTM`). `path` is the server's full name when
/// it gives one.
pub fn stat(s: &mut Session, path: &str) -> Result<Vec<(String, String)>> {
    if s.features.mlsd {
        let reply = s.expect(Command::Mlst(Some(path.into())), &[250])?;
        // Facts are on the inner line: ` type=file;size=3;modify=...; /full/name`.
        let line = reply.lines.iter().skip(1).find(|l| l.contains('=')).cloned().unwrap_or_default();
        let line = line.trim_start();
        let (facts, name) = line.split_once(' ').unwrap_or((line, ""));
        let mut out: Vec<(String, String)> = facts
            .split(';')
            .filter_map(|f| f.split_once('='))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        if !name.is_empty() {
            out.push(("path".into(), name.to_string()));
        }
        return Ok(out);
    }
    if is_dir(s, path)? {
        return Ok(vec![("type".into(), "dir".into())]);
    }
    let mut out = vec![("type".into(), "file".into())];
    if let Some(n) = s.size(path)? {
        out.push(("size".into(), n.to_string()));
    }
    if s.features.mdtm {
        let reply = s.expect(Command::Mdtm(path.into()), &[213])?;
        out.push(("modify".into(), reply.text().trim().to_string()));
    }
    if out.len() == 1 && !s.features.size {
        return Err(Error::Protocol("the server offers neither MLST nor SIZE to describe files".into()));
    }
    Ok(out)
}
