//! Moving files: `get`, `mget`, `put`, `mput`, `mirror`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use indicatif::HumanBytes;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::lang::MirrorLine;
use super::outcome::{Done, Failed, Proof, code_for};
use super::paths;
use super::reconnect::{is_interrupted, lib_error};
use super::state::{Shell, not_connected};
use crate::cli::progress::Bar;
use crate::cli::term::errln;
use crate::cli::{exit, printable};
use crate::error::{Error, ErrorKind};
use crate::listing::{EntryKind, names};
use crate::ops::part::part_path;
use crate::ops::retrieve::{self, GetOptions};
use crate::ops::transfer::Evidence;
use crate::ops::{join_remote, store};

/// The switches of `get` and `mget`, as on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Fetching {
    pub force: bool,
    pub resume: bool,
    /// `--segments N`; `None`: big files as many connections as pay off.
    pub segments: Option<u32>,
}

/// The switches of `put` and `mput`.
#[derive(Debug, Clone, Copy)]
pub struct Sending {
    pub resume: bool,
    /// `--segments N`: connections per file where the server takes ranged
    /// writes (1: one); `None`: big files as many as pay off there.
    pub segments: Option<u32>,
}

pub fn get(shell: &mut Shell, remote: &str, local: Option<&Path>, how: Fetching) -> anyhow::Result<Done> {
    let name = paths::base_name(remote);
    let target = match local {
        Some(l) if !l.is_dir() => l.to_path_buf(),
        _ => {
            names::check_name(name).map_err(|why| {
                Error::InvalidArgument(format!("cannot save {:?} locally: {why}; give a local name", printable(name)))
            })?;
            local.map(|d| d.join(name)).unwrap_or_else(|| PathBuf::from(name))
        }
    };
    let (bytes, ev) = fetch(shell, remote, &target, how, None)?;
    Ok(Done { proof: Some(Proof::of(&ev)), ..Done::bytes(bytes) })
}

/// Whether transfers compute SHA-256 anyway: for `batch --json` records and `--receipt`.
fn want_sha256(shell: &Shell) -> bool {
    shell.json || shell.app.global.receipt.is_some()
}

/// Appends a finished transfer to the `--receipt`, if one was asked for.
fn record(shell: &mut Shell, op: &str, remote: &str, local: &Path, bytes: u64, ev: &Evidence) -> anyhow::Result<()> {
    let app = shell.app;
    let sink = match shell.session() {
        Ok(s) => crate::cli::receipt::Sink::for_session(app, s.options()),
        Err(_) => None,
    };
    if let Some(sink) = sink {
        sink.record(op, remote, local, bytes, ev)?;
    }
    Ok(())
}

/// One download with progress, retries that resume, and a summary line.
fn fetch(
    shell: &mut Shell,
    remote: &str,
    target: &Path,
    how: Fetching,
    known_size: Option<u64>,
) -> anyhow::Result<(u64, Evidence)> {
    let started = Instant::now();
    let mut bar = Bar::new(shell.app.global.quiet);
    let sha256 = want_sha256(shell);
    let result = shell.remote(|sh, retry| {
        let opts = GetOptions {
            force: how.force,
            resume: how.resume || retry,
            known_size,
            verify: sh.app.verify(),
            sha256,
            segments: how.segments,
        };
        Ok(retrieve::retrieve(sh.session()?, remote, target, opts, &mut bar)?)
    });
    match result {
        Ok(done) => {
            record(shell, "get", remote, target, done.bytes, &done.evidence)?;
            shell.note(summary(remote, &target.display().to_string(), done.bytes, started));
            Ok((done.bytes, done.evidence))
        }
        Err(e) if is_interrupted(&e) => {
            let part = part_path(target);
            let kept = if part.exists() {
                format!("; the partial file is kept as {} (get -c resumes it)", part.display())
            } else {
                String::new()
            };
            Err(interrupted(format!("get {remote}: stopped by Ctrl-C{kept}")))
        }
        Err(e) => Err(e.context(format!("get {remote}"))),
    }
}

/// Ctrl-C's outcome as one sentence, with the interrupted exit code.
fn interrupted(message: String) -> anyhow::Error {
    Failed { code: exit::INTERRUPTED, message }.into()
}

fn summary(from: &str, to: &str, bytes: u64, started: Instant) -> String {
    let secs = started.elapsed().as_secs_f64().max(0.001);
    format!(
        "{} -> {}: {} in {secs:.2} s ({}/s)",
        printable(from),
        printable(to),
        HumanBytes(bytes),
        HumanBytes((bytes as f64 / secs) as u64)
    )
}

struct Item {
    remote: String,
    name: String,
    size: Option<u64>,
}

pub fn mget(shell: &mut Shell, patterns: &[String], how: Fetching) -> anyhow::Result<Done> {
    let mut tally = Tally::default();
    for pattern in patterns {
        let items = match expand_remote(shell, pattern) {
            Ok(items) => items,
            Err(e) => {
                tally.failed(e)?;
                continue;
            }
        };
        for item in items {
            match fetch(shell, &item.remote, Path::new(&item.name), how, item.size) {
                Ok((n, _)) => tally.ok(n),
                Err(e) => tally.failed(e)?,
            }
        }
    }
    tally.finish("mget", "files")
}

/// A remote glob (in the last segment only) to the files it matches.
fn expand_remote(shell: &mut Shell, pattern: &str) -> anyhow::Result<Vec<Item>> {
    let (dir, last) = paths::split_dir(pattern);
    if !paths::is_glob(last) {
        names::check_name(last)
            .map_err(|why| Error::InvalidArgument(format!("cannot save {:?} locally: {why}", printable(last))))?;
        return Ok(vec![Item { remote: pattern.to_string(), name: last.to_string(), size: None }]);
    }
    let glob = glob::Pattern::new(last).with_context(|| format!("bad glob pattern {last:?}"))?;
    let listing = shell.remote(|sh, _| sh.list(dir)).with_context(|| format!("listing {dir:?} to expand {last:?}"))?;
    let mut items: Vec<Item> = Vec::new();
    for e in listing.entries {
        if e.kind != EntryKind::File || !glob.matches(&e.name) {
            continue;
        }
        if let Err(why) = names::check_name(&e.name) {
            errln!("ftps: warning: skipping server entry {:?}: {why}", printable(&e.name));
            continue;
        }
        items.push(Item { remote: join_remote(dir, &e.name), name: e.name, size: e.size });
    }
    if items.is_empty() {
        return Err(Error::Remote {
            command: format!("mget {pattern}"),
            reply: crate::wire::Reply { code: 550, lines: vec![format!("no file matches {last:?}")] },
        }
        .into());
    }
    items.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(items)
}

pub fn put(shell: &mut Shell, local: &Path, remote: Option<&str>, how: Sending) -> anyhow::Result<Done> {
    let name = local
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::InvalidArgument(format!("{} has no usable file name", local.display())))?;
    let remote = match remote {
        None => name.to_string(),
        Some(r) if r.ends_with('/') => format!("{r}{name}"),
        Some(r) if r == "." || r == ".." => format!("{r}/{name}"),
        Some(r) => r.to_string(),
    };
    let (bytes, ev) = send(shell, local, &remote, how)?;
    Ok(Done { proof: Some(Proof::of(&ev)), ..Done::bytes(bytes) })
}

fn send(shell: &mut Shell, local: &Path, remote: &str, how: Sending) -> anyhow::Result<(u64, Evidence)> {
    shell.cache.clear();
    let started = Instant::now();
    let mut bar = Bar::new(shell.app.global.quiet);
    let sha256 = want_sha256(shell);
    // A retry starts over unless -c was given (see put).
    let result = shell.remote(|sh, _| {
        let opts = store::PutOptions {
            resume: how.resume,
            verify: sh.app.verify(),
            direct: false,
            sha256,
            segments: how.segments,
        };
        Ok(store::store(sh.session()?, local, remote, opts, &mut bar)?)
    });
    match result {
        Ok(done) => {
            record(shell, "put", remote, local, done.bytes, &done.evidence)?;
            shell.note(summary(&local.display().to_string(), remote, done.bytes, started));
            Ok((done.bytes, done.evidence))
        }
        Err(e) if is_interrupted(&e) => Err(interrupted(format!(
            "put {}: stopped by Ctrl-C; the server may hold part of {remote} (put -c resumes it)",
            local.display()
        ))),
        Err(e) => Err(e.context(format!("put {} to {remote}", local.display()))),
    }
}

pub fn mput(shell: &mut Shell, patterns: &[String], how: Sending) -> anyhow::Result<Done> {
    let mut tally = Tally::default();
    for pattern in patterns {
        let files = match expand_local(pattern) {
            Ok(f) => f,
            Err(e) => {
                tally.failed(e)?;
                continue;
            }
        };
        for file in files {
            let Some(name) = file.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
                tally.failed(Error::InvalidArgument(format!("{} has no usable file name", file.display())).into())?;
                continue;
            };
            match send(shell, &file, &name, how) {
                Ok((n, _)) => tally.ok(n),
                Err(e) => tally.failed(e)?,
            }
        }
    }
    tally.finish("mput", "files")
}

/// Local glob to files; a name without glob characters (or one that exists
/// as written) passes through.
fn expand_local(pattern: &str) -> anyhow::Result<Vec<PathBuf>> {
    if !paths::is_glob(pattern) || Path::new(pattern).exists() {
        return Ok(vec![PathBuf::from(pattern)]);
    }
    let mut files: Vec<PathBuf> = glob::glob(pattern)
        .with_context(|| format!("bad glob pattern {pattern:?}"))?
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    if files.is_empty() {
        return Err(Error::Local {
            action: "find files matching",
            path: pattern.into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no match"),
        }
        .into());
    }
    files.sort();
    Ok(files)
}

/// Results of a multi-file command: failures are reported as they happen
/// and the rest go on, unless the session itself is gone.
#[derive(Default)]
struct Tally {
    ok: u32,
    failed: u32,
    bytes: u64,
    first_code: Option<u8>,
}

impl Tally {
    fn ok(&mut self, bytes: u64) {
        self.ok += 1;
        self.bytes += bytes;
    }

    /// Records a failure; errors after which nothing else can work are returned.
    fn failed(&mut self, e: anyhow::Error) -> anyhow::Result<()> {
        let fatal = is_interrupted(&e)
            || lib_error(&e)
                .is_some_and(|l| matches!(l.kind(), ErrorKind::Connection | ErrorKind::Tls | ErrorKind::Auth));
        if fatal {
            return Err(e);
        }
        errln!("ftps: {}", crate::cli::render_error(&e));
        self.failed += 1;
        self.first_code.get_or_insert(code_for(&e));
        Ok(())
    }

    fn finish(self, cmd: &str, what: &str) -> anyhow::Result<Done> {
        if self.failed == 0 {
            return Ok(Done::bytes(self.bytes));
        }
        let code = exit::items(u64::from(self.ok), self.first_code.or(Some(exit::GENERAL)));
        Err(Failed { code, message: format!("{cmd}: {} of {} {what} failed", self.failed, self.failed + self.ok) }
            .into())
    }
}

/// `mirror [-R] [OPTIONS] SRC DST`: remote paths (relative to the remote
/// directory) become URLs of the open connection, then the `mirror`
/// subcommand does the work on its own connections.
pub fn mirror(shell: &mut Shell, m: MirrorLine) -> anyhow::Result<Done> {
    let mut args = m.args;
    let remote_arg = if m.reverse { &mut args.dst } else { &mut args.src };
    if !remote_arg.contains("://") {
        *remote_arg = remote_url(shell, remote_arg)?;
    }
    let local_arg = if m.reverse { &args.src } else { &args.dst };
    if local_arg.contains("://") {
        return Err(Error::InvalidArgument(
            "mirror: one side must be local: REMOTE LOCAL downloads, -R LOCAL REMOTE uploads".into(),
        )
        .into());
    }
    if m.reverse {
        shell.cache.clear();
    }
    let code = crate::cli::mirror::run(shell.app, &args)?;
    if code == ExitCode::from(exit::OK) {
        return Ok(Done::default());
    }
    let n = (1..=u8::MAX).find(|n| ExitCode::from(*n) == code).unwrap_or(exit::GENERAL);
    Err(Failed { code: n, message: "mirror: not every entry was synchronised (see above)".into() }.into())
}

/// Characters a URL path cannot carry as they are.
const PATH_SET: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'?').add(b'<').add(b'>').add(b'`').add(b'{').add(b'}');
/// Userinfo additionally cannot hold these.
const USERINFO_SET: &AsciiSet = &PATH_SET.add(b'/').add(b':').add(b'@').add(b'[').add(b']').add(b'\\');

/// A URL for `path` on the open connection, credentials included so that
/// `mirror` logs in exactly as this session did (never printed).
fn remote_url(shell: &Shell, path: &str) -> anyhow::Result<String> {
    let conn = shell.conn.as_ref().ok_or_else(not_connected)?;
    let opts = conn.session.options();
    let abs = shell.absolute(path);
    let scheme = if conn.url.implicit { "ftps" } else { "ftp" };
    let host = if conn.url.host.contains(':') { format!("[{}]", conn.url.host) } else { conn.url.host.clone() };
    Ok(format!(
        "{scheme}://{}:{}@{host}:{}/{}",
        utf8_percent_encode(&opts.user, USERINFO_SET),
        utf8_percent_encode(opts.password.expose(), USERINFO_SET),
        conn.url.port,
        utf8_percent_encode(&abs, PATH_SET)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_paths_survive_url_parsing() {
        let url = format!(
            "ftp://{}:{}@h:21/{}",
            utf8_percent_encode("us@r", USERINFO_SET),
            utf8_percent_encode("p:a/s s", USERINFO_SET),
            utf8_percent_encode("/a b/c#d%e?f", PATH_SET)
        );
        let u = crate::url::FtpUrl::parse(&url).unwrap();
        assert_eq!(u.user.as_deref(), Some("us@r"));
        assert_eq!(u.password.as_ref().map(|p| p.expose()), Some("p:a/s s"));
        assert_eq!(u.path, "/a b/c#d%e?f");
        let root = crate::url::FtpUrl::parse(&format!("ftps://u:p@h:990/{}", utf8_percent_encode("/", PATH_SET)));
        assert_eq!(root.unwrap().path, "/");
    }
}
