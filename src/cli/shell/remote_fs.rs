//! Changing the remote tree: `mkdir`, `rmdir`, `rm`, `rename`, `chmod`, and
//! raw commands (`quote`, `site`).

use std::io::Write;

use anyhow::Context;

use super::outcome::{Done, Io};
use super::state::Shell;
use crate::cli::printable;
use crate::cli::term::errln;
use crate::control::Session;
use crate::error::Error;
use crate::listing::{EntryKind, names};
use crate::ops::{join_remote, list};
use crate::wire::{Command, Reply};

/// Deepest tree `rm -r` descends into; a deeper one is refused rather than
/// risking a server that reports a directory inside itself.
const MAX_DEPTH: usize = 64;

pub fn mkdir(shell: &mut Shell, dirs: &[String], parents: bool) -> anyhow::Result<Done> {
    shell.cache.clear();
    for dir in dirs {
        let dir = dir.trim_end_matches('/');
        if dir.is_empty() {
            continue;
        }
        shell.remote(|sh, _| if parents { mkdir_p(sh.session()?, dir) } else { mkd(sh.session()?, dir) })?;
    }
    Ok(Done::default())
}

fn mkd(s: &mut Session, dir: &str) -> anyhow::Result<()> {
    s.expect(Command::Mkd(dir.into()), &[250, 257])?;
    Ok(())
}

/// Each prefix in turn; "exists" answers are indistinguishable from other
/// refusals, so success is judged by whether the full path is a directory.
fn mkdir_p(s: &mut Session, dir: &str) -> anyhow::Result<()> {
    let mut prefix = if dir.starts_with('/') { String::from("/") } else { String::new() };
    let mut last_refusal = None;
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        prefix = join_remote(&prefix, seg);
        let reply = s.command(Command::Mkd(prefix.clone()))?;
        if !matches!(reply.code, 250 | 257) {
            last_refusal = Some(Error::Remote { command: format!("MKD {prefix}"), reply });
        }
    }
    if last_refusal.is_none() || is_dir(s, dir)? {
        return Ok(());
    }
    Err(last_refusal.map(anyhow::Error::new).unwrap_or_else(|| anyhow::anyhow!("mkdir -p {dir} failed")))
}

/// Probes with CWD (every server has it) and comes back.
fn is_dir(s: &mut Session, path: &str) -> anyhow::Result<bool> {
    let here = super::state::pwd(s)?;
    if s.command(Command::Cwd(path.into()))?.code != 250 {
        return Ok(false);
    }
    s.expect(Command::Cwd(here), &[200, 250])?;
    Ok(true)
}

pub fn rmdir(shell: &mut Shell, dirs: &[String]) -> anyhow::Result<Done> {
    shell.cache.clear();
    for dir in dirs {
        shell.remote(|sh, _| Ok(sh.session()?.expect(Command::Rmd(dir.clone()), &[250, 200])?))?;
    }
    Ok(Done::default())
}

pub fn rm(shell: &mut Shell, paths: &[String], recursive: bool, force: bool, io: &mut Io) -> anyhow::Result<Done> {
    shell.cache.clear();
    for path in paths {
        let dele = shell.remote(|sh, _| Ok(sh.session()?.command(Command::Dele(path.clone()))?))?;
        if matches!(dele.code, 250 | 200) {
            continue;
        }
        let refusal = Error::Remote { command: format!("DELE {path}"), reply: dele };
        if !shell.remote(|sh, _| is_dir(sh.session()?, path))? {
            return Err(refusal.into());
        }
        if !recursive {
            return Err(Error::InvalidArgument(format!(
                "{} is a directory; use rm -r (or rmdir when it is empty)",
                printable(path)
            ))
            .into());
        }
        if shell.interactive && !force {
            let question = format!("rm: remove directory {} and everything in it? [y/N] ", printable(path));
            if !(io.confirm)(&question) {
                writeln!(io.out, "not removed: {}", printable(path))?;
                continue;
            }
        }
        let removed =
            shell.remote(|sh, _| remove_tree(sh.session()?, path, 0)).with_context(|| format!("rm -r {path}"))?;
        shell.note(format_args!("removed {} ({removed} entries)", printable(path)));
    }
    Ok(Done::default())
}

/// Deletes `dir` and everything below it; returns how many entries went.
/// Symlinks are deleted, never followed.
fn remove_tree(s: &mut Session, dir: &str, depth: usize) -> anyhow::Result<u64> {
    if depth > MAX_DEPTH {
        return Err(Error::InvalidArgument(format!("{dir}: more than {MAX_DEPTH} levels deep; refusing")).into());
    }
    // Deleting on an incomplete listing would leave the RMD to fail half way;
    // the same rule as mirror --delete: nothing is removed on a gap.
    let listing = list::list(s, dir)?.require_complete(dir).context("nothing more removed")?;
    let mut count = 0;
    for e in &listing.entries {
        if let Err(why) = names::check_name(&e.name) {
            if e.name != "." && e.name != ".." {
                errln!("ftps: warning: skipping server entry {:?} in {dir}: {why}", printable(&e.name));
            }
            continue;
        }
        let path = join_remote(dir, &e.name);
        if e.kind == EntryKind::Dir {
            count += remove_tree(s, &path, depth + 1)?;
        } else {
            s.expect(Command::Dele(path), &[250, 200])?;
            count += 1;
        }
    }
    s.expect(Command::Rmd(dir.into()), &[250, 200])?;
    Ok(count + 1)
}

pub fn rename(shell: &mut Shell, from: &str, to: &str) -> anyhow::Result<Done> {
    shell.cache.clear();
    shell.remote(|sh, _| {
        let s = sh.session()?;
        s.expect(Command::Rnfr(from.into()), &[350])?;
        s.expect(Command::Rnto(to.into()), &[250, 200])?;
        Ok(())
    })?;
    Ok(Done::default())
}

pub fn chmod(shell: &mut Shell, mode: &str, targets: &[String]) -> anyhow::Result<Done> {
    if !(3..=4).contains(&mode.len()) || !mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return Err(Error::InvalidArgument(format!("chmod: {mode:?} is not an octal mode like 644 or 0755")).into());
    }
    shell.cache.clear();
    for t in targets {
        shell.remote(|sh, _| Ok(sh.session()?.expect(Command::Site(format!("CHMOD {mode} {t}")), &[200, 250])?))?;
    }
    Ok(Done::default())
}

/// Verbs that would open a data connection, give up TLS, or change the login
/// behind the session's back: the prompt has proper commands for them.
const REFUSED: &[(&str, &str)] = &[
    ("LIST", "ls"),
    ("NLST", "ls"),
    ("MLSD", "ls"),
    ("RETR", "get"),
    ("STOR", "put"),
    ("STOU", "put"),
    ("APPE", "put"),
    ("PASV", "get/put"),
    ("EPSV", "get/put"),
    ("PORT", "get/put"),
    ("EPRT", "get/put"),
    ("REST", "get -c / put -c"),
    ("CCC", "nothing: ftps never drops TLS"),
    ("AUTH", "open"),
    ("PROT", "nothing: data connections are always encrypted"),
    ("PBSZ", "nothing"),
    ("USER", "open"),
    ("PASS", "open"),
    ("REIN", "open"),
    ("QUIT", "close"),
    ("CWD", "cd"),
    ("CDUP", "cdup"),
];

pub fn quote(shell: &mut Shell, line: &str, io: &mut Io) -> anyhow::Result<Done> {
    let line = line.trim();
    let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
    if let Some((_, instead)) = REFUSED.iter().find(|(v, _)| *v == verb) {
        return Err(Error::InvalidArgument(format!(
            "quote {verb} would put the session out of step; use {instead} instead"
        ))
        .into());
    }
    // Anything could have changed on the server.
    shell.cache.clear();
    let reply = shell.remote(|sh, _| Ok(sh.session()?.command(Command::Raw(line.to_string()))?))?;
    write_reply(io.out, &reply)?;
    if reply.class() >= 4 {
        return Err(Error::Remote { command: paths_safe_label(line), reply }.into());
    }
    Ok(Done::default())
}

fn paths_safe_label(line: &str) -> String {
    Command::Raw(line.to_string()).to_string()
}

/// Multi-line replies as the server sent them: `214-first`, ..., `214 last`.
fn write_reply(out: &mut dyn Write, reply: &Reply) -> std::io::Result<()> {
    let n = reply.lines.len();
    for (i, line) in reply.lines.iter().enumerate() {
        let line = printable(line);
        if n == 1 {
            writeln!(out, "{} {line}", reply.code)?;
        } else if i == 0 {
            writeln!(out, "{}-{line}", reply.code)?;
        } else if i + 1 == n {
            writeln!(out, "{} {line}", reply.code)?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
