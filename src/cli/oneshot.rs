//! One-shot commands for scripts: `rm`, `mkdir`, `mv`, `chmod`, `stat`,
//! `cat`. Each is the prompt's command (the same `ops::remote` code) on a
//! fresh session, so a script needs no `batch` file to remove one file.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;

use anyhow::Context;

use super::progress::Bar;
use super::term::errln;
use super::{App, exit, printable};
use crate::error::Error;
use crate::ops::remote::{self, Deleted};
use crate::ops::stream;
use crate::session::control::Session;
use crate::url::FtpUrl;

/// Runs `op` on each URL in turn, on one session per run of URLs for the
/// same server. One URL: its error is the command's. Several: each failure
/// is reported, the rest still run, and the exit code follows the one
/// partial-failure rule ([`exit::items`]).
fn each(
    app: &App,
    urls: &[String],
    what: &str,
    mut op: impl FnMut(&mut Session, &FtpUrl) -> anyhow::Result<()>,
) -> anyhow::Result<ExitCode> {
    let parsed: Vec<FtpUrl> = urls.iter().map(|u| FtpUrl::parse(u)).collect::<Result<_, _>>()?;
    if let [url] = parsed.as_slice() {
        let mut s = app.connect(url)?;
        let result = op(&mut s, url).with_context(|| format!("{what} {}", shown(url)));
        s.quit();
        return result.map(|()| exit::code(exit::OK));
    }
    let mut current: Option<(usize, Session)> = None;
    let (mut succeeded, mut first_failure) = (0, None);
    for (i, url) in parsed.iter().enumerate() {
        let same =
            current.as_ref().is_some_and(|(j, _)| parsed.get(*j).is_some_and(|u| u.endpoint() == url.endpoint()));
        if !same {
            if let Some((_, s)) = current.take() {
                s.quit();
            }
            match app.connect(url) {
                Ok(s) => current = Some((i, s)),
                Err(e) => {
                    errln!("ftps: {what} {}: {}", shown(url), super::render_error(&e));
                    first_failure.get_or_insert(exit::for_error(&e));
                    continue;
                }
            }
        }
        let Some((_, s)) = current.as_mut() else { continue };
        match op(s, url) {
            Ok(()) => succeeded += 1,
            Err(e) => {
                errln!("ftps: {what} {}: {}", shown(url), super::render_error(&e));
                first_failure.get_or_insert(exit::for_error(&e));
            }
        }
    }
    if let Some((_, s)) = current {
        s.quit();
    }
    Ok(exit::code(exit::items(succeeded, first_failure)))
}

fn shown(url: &FtpUrl) -> String {
    let path = if url.path.is_empty() { "/" } else { url.path.as_str() };
    format!("{}:{}", url.host, printable(path))
}

/// A path that names something to change, not the login directory itself.
fn target(url: &FtpUrl) -> anyhow::Result<&str> {
    let path = url.path.trim_end_matches('/');
    if path.is_empty() {
        return Err(
            Error::InvalidArgument(format!("{} names the login directory; name a path below it", shown(url))).into()
        );
    }
    Ok(path)
}

pub fn rm(app: &App, urls: &[String], recursive: bool, force: bool) -> anyhow::Result<ExitCode> {
    each(app, urls, "rm", |s, url| {
        let path = target(url)?;
        if let Deleted::File = remote::delete(s, path)? {
            return Ok(());
        }
        if !recursive {
            return Err(Error::InvalidArgument(format!(
                "{} is a directory; pass -r to remove it and everything in it",
                printable(path)
            ))
            .into());
        }
        // As the prompt does: a person at a terminal confirms a tree removal.
        if !force && std::io::stdin().is_terminal() && !confirm(&format!("{}:{}", url.host, printable(path))) {
            errln!("ftps: not removed: {}", printable(path));
            return Ok(());
        }
        let done = remote::remove_tree(s, path)?;
        super::shell::warn_skipped(&done);
        if !app.global.quiet {
            errln!("ftps: removed {} ({} entries)", printable(path), done.removed);
        }
        Ok(())
    })
}

fn confirm(what: &str) -> bool {
    errln!("rm: remove directory {what} and everything in it? [y/N]");
    let mut answer = String::new();
    // An answer is a short line; a bound keeps a pasted stream from filling memory.
    let read = std::io::stdin().lock().take(1024).read_line(&mut answer);
    read.is_ok() && matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

pub fn mkdir(app: &App, urls: &[String], parents: bool) -> anyhow::Result<ExitCode> {
    each(app, urls, "mkdir", |s, url| Ok(remote::mkdir(s, target(url)?, parents)?))
}

/// `mv URL NEW_PATH`: NEW_PATH is relative to the login directory, as URL
/// paths are; a URL (or a site's `NAME:PATH`) for the same server works too.
pub fn mv(app: &App, url: &str, new_path: &str) -> anyhow::Result<ExitCode> {
    let from = FtpUrl::parse(url)?;
    let to = if new_path.contains("://") {
        let to = FtpUrl::parse(new_path)?;
        if (to.implicit, to.host.as_str(), to.port) != (from.implicit, from.host.as_str(), from.port) {
            return Err(Error::InvalidArgument(format!(
                "mv renames on one server; {} and {} are different servers",
                shown(&from),
                shown(&to)
            ))
            .into());
        }
        to.path
    } else {
        new_path.to_string()
    };
    if to.trim_end_matches('/').is_empty() {
        return Err(Error::InvalidArgument("mv needs a new path, not the login directory".into()).into());
    }
    each(app, &[url.to_string()], "mv", |s, url| Ok(remote::rename(s, target(url)?, &to)?))
}

pub fn chmod(app: &App, mode: &str, urls: &[String]) -> anyhow::Result<ExitCode> {
    remote::check_mode(mode)?;
    each(app, urls, "chmod", |s, url| Ok(remote::chmod(s, mode, target(url)?)?))
}

/// `stat URL`: the prompt's `stat` lines, or with `--json` one object,
/// `{"path": "...", "facts": {"type": "file", "size": "3", ...}}`, facts
/// in lower case with the server's own values.
pub fn stat(app: &App, url: &str, json: bool) -> anyhow::Result<ExitCode> {
    each(app, &[url.to_string()], "stat", |s, url| {
        let facts = remote::stat(s, &url.path)?;
        let mut out = super::term::stdout();
        if json {
            let facts: BTreeMap<&str, &str> = facts.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let value = serde_json::json!({ "path": url.path, "facts": facts });
            super::term::write_json(&mut out, &value, true)?;
        } else {
            writeln!(out, "{}", printable(if url.path.is_empty() { "/" } else { &url.path }))?;
            for (k, v) in &facts {
                writeln!(out, "  {k}: {}", printable(&super::shell::pretty_fact(k, v)))?;
            }
        }
        out.flush()?;
        Ok(())
    })
}

/// `cat URL...` (and `get URL -o -`): the files' bytes, unaltered, to stdout.
pub fn cat(app: &App, urls: &[String]) -> anyhow::Result<ExitCode> {
    each(app, urls, "cat", |s, url| {
        let mut out = super::term::raw_stdout().lock();
        let mut bar = Bar::new(app.global.quiet);
        stream::fetch_to(s, target(url)?, &mut out, &mut bar)?;
        Ok(())
    })
}

/// `get URL -o DEVICE`: the bytes straight into a destination that is not a
/// regular file (`/dev/null`, a FIFO, a terminal). Such a file cannot take a
/// `.part` renamed over it: the rename would replace the device node itself.
pub fn fetch_into(app: &App, url: &str, path: &std::path::Path) -> anyhow::Result<ExitCode> {
    each(app, &[url.to_string()], "get", |s, url| {
        let remote = target(url)?;
        let mut out = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| Error::Local {
            action: "open for writing",
            path: path.into(),
            source: e,
        })?;
        let mut bar = Bar::new(app.global.quiet);
        stream::fetch_to(s, remote, &mut out, &mut bar)?;
        Ok(())
    })
}

/// `put FIFO URL` (`put <(cmd) URL`, `put /dev/stdin URL`): a source that is
/// not a regular file has no size to check against; it is sent as a stream,
/// as `put -` sends standard input.
pub fn put_stream(app: &App, path: &std::path::Path, url: &str) -> anyhow::Result<ExitCode> {
    let parsed = FtpUrl::parse(url)?;
    if parsed.is_dir() {
        return Err(Error::InvalidArgument(format!(
            "{} is a directory; a stream needs a remote file name (put {} URL/NAME)",
            shown(&parsed),
            path.display()
        ))
        .into());
    }
    let mut input = std::fs::File::open(path).map_err(|e| Error::Local {
        action: "open for reading",
        path: path.into(),
        source: e,
    })?;
    each(app, &[url.to_string()], "uploading to", |s, url| {
        let mut bar = Bar::new(app.global.quiet);
        stream::store_from(s, &mut input, &url.path, &mut bar)?;
        Ok(())
    })
}

/// `put - URL`: standard input to one remote file. Its size is not known
/// in advance, so the upload is checked by the server's size afterwards.
pub fn put_stdin(app: &App, url: &str) -> anyhow::Result<ExitCode> {
    let parsed = FtpUrl::parse(url)?;
    if parsed.is_dir() {
        return Err(Error::InvalidArgument(format!(
            "{} is a directory; standard input needs a remote file name (put - URL/NAME)",
            shown(&parsed)
        ))
        .into());
    }
    each(app, &[url.to_string()], "uploading standard input to", |s, url| {
        let mut bar = Bar::new(app.global.quiet);
        stream::store_from(s, &mut std::io::stdin().lock(), &url.path, &mut bar)?;
        Ok(())
    })
}
