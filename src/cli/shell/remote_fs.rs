//! Changing the remote tree: `mkdir`, `rmdir`, `rm`, `rename`, `chmod`, and
//! raw commands (`quote`, `site`).

use std::io::Write;

use anyhow::Context;

use super::outcome::{Done, Io};
use super::state::Shell;
use crate::cli::printable;
use crate::cli::term::errln;
use crate::error::Error;
use crate::ops::remote::{self, Deleted};
use crate::wire::{Command, Reply};

pub fn mkdir(shell: &mut Shell, dirs: &[String], parents: bool) -> anyhow::Result<Done> {
    shell.cache.clear();
    for dir in dirs {
        if dir.trim_end_matches('/').is_empty() {
            continue;
        }
        shell.remote(|sh, _| Ok(remote::mkdir(sh.session()?, dir, parents)?))?;
    }
    Ok(Done::default())
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
        let Deleted::IsDirectory(_) = shell.remote(|sh, _| Ok(remote::delete(sh.session()?, path)?))? else {
            continue;
        };
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
        let done = shell
            .remote(|sh, _| Ok(remote::remove_tree(sh.session()?, path)?))
            .with_context(|| format!("rm -r {path}"))?;
        warn_skipped(&done);
        shell.note(format_args!("removed {} ({} entries)", printable(path), done.removed));
    }
    Ok(Done::default())
}

/// Names `rm -r` left alone, on stderr (the library only reports them).
pub(crate) fn warn_skipped(done: &remote::TreeRemoval) {
    for (dir, name, why) in &done.skipped {
        errln!("ftps: warning: skipping server entry {:?} in {}: {why}", printable(name), printable(dir));
    }
}

pub fn rename(shell: &mut Shell, from: &str, to: &str) -> anyhow::Result<Done> {
    shell.cache.clear();
    shell.remote(|sh, _| Ok(remote::rename(sh.session()?, from, to)?))?;
    Ok(Done::default())
}

pub fn chmod(shell: &mut Shell, mode: &str, targets: &[String]) -> anyhow::Result<Done> {
    remote::check_mode(mode)?;
    shell.cache.clear();
    for t in targets {
        shell.remote(|sh, _| Ok(remote::chmod(sh.session()?, mode, t)?))?;
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
