//! `ftps get URL... [-o PATH] [--force]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use std::collections::HashSet;

use super::args::ManyArgs;
use super::many::Many;
use super::progress::Bar;
use super::receipt::FileRecord;
use super::{App, exit, is_glob, is_special, printable};
use crate::cli::term::errln;
use crate::error::{Error, ErrorKind};
use crate::listing::{EntryKind, names};
use crate::ops::mirror::{Direction, FileJob};
use crate::ops::retrieve::{self, GetOptions};
use crate::ops::{join_remote, list, part};
use crate::session::control::Session;
use crate::url::FtpUrl;

struct Item {
    remote: String,
    /// Local file name (already checked to be a plain name).
    name: String,
    size: Option<u64>,
}

/// `get`'s switches.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    pub force: bool,
    pub resume: bool,
    pub remove_source: bool,
    /// `--segments N`: connections for one file.
    pub segments: Option<u32>,
}

pub fn run(
    app: &App,
    urls: &[String],
    output: Option<&Path>,
    flags: Flags,
    many: &ManyArgs,
) -> anyhow::Result<ExitCode> {
    let Flags { force, resume, remove_source, segments } = flags;
    let parsed: Vec<FtpUrl> = urls.iter().map(|u| FtpUrl::parse(u)).collect::<Result<_, _>>()?;
    if output == Some(Path::new("-")) {
        if many.json {
            return Err(Error::InvalidArgument(
                "--json writes its summary to standard output, where -o - writes the file; save it to a file".into(),
            )
            .into());
        }
        if parsed.len() != 1 || parsed.iter().any(|u| is_glob(u.split_last().1)) {
            return Err(
                Error::InvalidArgument("-o - writes one file to standard output; use cat for several".into()).into()
            );
        }
        return super::oneshot::cat(app, urls);
    }
    if let Some(path) = output.filter(|p| is_special(p)) {
        if parsed.len() != 1 || parsed.iter().any(|u| is_glob(u.split_last().1)) {
            return Err(Error::InvalidArgument(format!(
                "{} is not a regular file or directory; it takes one file (name one URL, or -o a directory)",
                path.display()
            ))
            .into());
        }
        return super::oneshot::fetch_into(app, &urls[0], path);
    }
    for u in &parsed {
        if !is_glob(u.split_last().1) && u.split_last().1.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "{:?} names a directory; get downloads files (use a glob like dir/* or mirror)",
                u.path
            ))
            .into());
        }
    }
    let several = parsed.len() > 1 || parsed.iter().any(|u| is_glob(u.split_last().1));
    if several {
        let dir = output.map(Path::to_path_buf).unwrap_or_else(|| ".".into());
        return run_many(app, &parsed, &dir, flags, many);
    }
    let Some(url) = parsed.first() else {
        return Err(Error::InvalidArgument("get needs at least one URL".into()).into());
    };
    let (_, name) = url.split_last();
    names::check_name(name).map_err(|why| Error::InvalidArgument(format!("cannot save {name:?} locally: {why}")))?;
    let target = single_target(output, name);
    let started = std::time::Instant::now();
    let mut session = app.connect(url)?;
    let mut bar = Bar::new(app.global.quiet);
    let sink = super::receipt::Sink::for_session(app, session.options());
    let result = app.retrying(&mut session, &url.path, |s, retry| {
        let opts = GetOptions {
            force,
            resume: resume || retry,
            known_size: None,
            verify: app.verify(),
            sha256: sink.is_some() || many.json,
            segments,
        };
        retrieve::retrieve(s, &url.path, &target, opts, &mut bar)
    });
    // Only a checked download lets its source go.
    let result = result.and_then(|done| {
        if remove_source {
            retrieve::remove_source(&mut session, &url.path)?;
        }
        Ok(done)
    });
    session.quit();
    let result = result.with_context(|| format!("downloading {}:{} to {}", url.host, url.path, target.display()));
    if many.json {
        let record = result.as_ref().map(|d| FileRecord::new(&url.path, &target, d.bytes, &d.evidence));
        super::many::print_one(
            Direction::Download,
            segments,
            started.elapsed(),
            &url.path,
            record.as_ref().map_err(|e| *e),
        )?;
    }
    let done = result?;
    if let Some(sink) = &sink {
        sink.record("get", &url.path, &target, done.bytes, &done.evidence)?;
    }
    Ok(exit::code(exit::OK))
}

/// Several files (several URLs, or a glob) into the directory `dir`: the
/// names are found on one session per server, then the files are fetched on
/// up to `--parallel` connections.
fn run_many(app: &App, parsed: &[FtpUrl], dir: &Path, flags: Flags, args: &ManyArgs) -> anyhow::Result<ExitCode> {
    let Flags { force, resume, remove_source, segments } = flags;
    std::fs::create_dir_all(dir).map_err(|e| Error::Local {
        action: "create directory",
        path: dir.into(),
        source: e,
    })?;
    let mut run = Many::new(app, Direction::Download, args.parallel);
    run.remove_source = remove_source;
    run.json = args.json;
    run.segments = segments;
    // Every name this run saves, so no temporary file takes one of them.
    let mut names: HashSet<String> = HashSet::new();
    // The local names already claimed by a file of this run.
    let mut saved: HashSet<String> = HashSet::new();
    let mut rest = parsed;
    while let Some(first) = rest.first() {
        let mut s = app.connect(first)?;
        let mut items = Vec::new();
        while let Some(url) = rest.first().filter(|u| same_endpoint(&s, u)) {
            match expand(&mut s, url) {
                Ok(found) => items.extend(found),
                Err(e) if is_fatal(&e) => return Err(e),
                Err(e) => run.failed_early(&url.path, &e),
            }
            rest = &rest[1..];
        }
        names.extend(items.iter().map(|i| i.name.clone()));
        let mut jobs = Vec::with_capacity(items.len());
        for item in items {
            if !saved.insert(item.name.clone()) {
                // Two sources, one local name: the second would replace the first.
                let e = Error::InvalidArgument(format!(
                    "{} would be saved as {} too, which another file of this run already is; \
                     fetch it on its own with -o",
                    printable(&item.remote),
                    dir.join(&item.name).display()
                ));
                run.failed_early(&item.remote, &e.into());
                continue;
            }
            let temp = part::temp_name(&item.name, &|n| names.contains(n));
            names.insert(temp.clone());
            let local = dir.join(&item.name);
            jobs.push(FileJob {
                part: local.with_file_name(temp),
                local,
                remote: item.remote,
                size: item.size,
                force,
                resume,
            });
        }
        run.run(s, jobs)?;
    }
    run.finish(args.json)
}

fn single_target(output: Option<&Path>, name: &str) -> PathBuf {
    match output {
        Some(o) if o.is_dir() => o.join(name),
        Some(o) => o.to_path_buf(),
        None => PathBuf::from(name),
    }
}

fn same_endpoint(s: &Session, url: &FtpUrl) -> bool {
    let o = s.options();
    o.host == url.host
        && o.port == url.port
        && o.implicit == url.implicit
        && url.user.as_ref().is_none_or(|u| *u == o.user)
}

/// Errors after which no other file on this session can succeed.
fn is_fatal(err: &anyhow::Error) -> bool {
    err.chain()
        .find_map(|e| e.downcast_ref::<Error>())
        .is_some_and(|e| matches!(e.kind(), ErrorKind::Connection | ErrorKind::Tls | ErrorKind::Auth))
}

/// One URL → the files it names: itself, or the glob's matches.
fn expand(s: &mut Session, url: &FtpUrl) -> anyhow::Result<Vec<Item>> {
    let (dir, last) = url.split_last();
    if !is_glob(last) {
        names::check_name(last)
            .map_err(|why| Error::InvalidArgument(format!("cannot save {last:?} locally: {why}")))?;
        return Ok(vec![Item { remote: url.path.clone(), name: last.to_string(), size: None }]);
    }
    let pattern = glob::Pattern::new(last).with_context(|| format!("bad glob pattern {last:?}"))?;
    // A cut listing could silently drop matches: it fails this URL instead.
    let listing = list::list(s, dir)
        .and_then(|l| l.require_complete(dir))
        .with_context(|| format!("listing {dir:?} to expand {last:?}"))?;
    let mut items = Vec::new();
    for e in listing.entries {
        if e.kind != EntryKind::File || !pattern.matches(&e.name) {
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
            command: format!("get {}", url.path),
            reply: crate::wire::Reply { code: 550, lines: vec![format!("no file matches {last:?}")] },
        }
        .into());
    }
    items.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(items)
}
