//! `ftps get URL... [-o PATH] [--force]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::progress::Bar;
use super::{App, exit, printable};
use crate::cli::term::errln;
use crate::control::Session;
use crate::error::{Error, ErrorKind};
use crate::listing::{EntryKind, names};
use crate::ops::retrieve::{self, GetOptions};
use crate::ops::{join_remote, list, part};
use crate::url::FtpUrl;

struct Item {
    url: FtpUrl,
    remote: String,
    /// Local file name (already checked to be a plain name).
    name: String,
    size: Option<u64>,
}

pub fn run(app: &App, urls: &[String], output: Option<&Path>, force: bool, resume: bool) -> anyhow::Result<ExitCode> {
    let parsed: Vec<FtpUrl> = urls.iter().map(|u| FtpUrl::parse(u)).collect::<Result<_, _>>()?;
    let has_glob = parsed.iter().any(|u| is_glob(u.split_last().1));
    let several = parsed.len() > 1 || has_glob;
    for u in &parsed {
        if !is_glob(u.split_last().1) && u.split_last().1.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "{:?} names a directory; get downloads files (use a glob like dir/* or mirror)",
                u.path
            ))
            .into());
        }
    }
    let dest_dir = if several { Some(output.map(Path::to_path_buf).unwrap_or_else(|| ".".into())) } else { None };
    if let Some(dir) = &dest_dir {
        std::fs::create_dir_all(dir).map_err(|e| Error::Local {
            action: "create directory",
            path: dir.clone(),
            source: e,
        })?;
    }

    let mut session: Option<Session> = None;
    let mut bar = Bar::new(app.global.quiet);
    let mut first_failure: Option<u8> = None;
    let mut succeeded = 0u64;
    // Every name this run saves, so no temporary file takes one of them.
    let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
    for url in parsed {
        let same = session.as_ref().is_some_and(|s| same_endpoint(s, &url));
        if !same && let Some(s) = session.take() {
            s.quit();
        }
        let s = match session.as_mut() {
            Some(s) => s,
            None => session.insert(app.connect(&url)?),
        };
        let items = match expand(s, &url) {
            Ok(items) => items,
            Err(e) if is_fatal(&e) => return Err(e),
            Err(e) => {
                errln!("ftps: {}", super::render_error(&e));
                first_failure.get_or_insert(exit::for_error(&e));
                continue;
            }
        };
        names.extend(items.iter().map(|i| i.name.clone()));
        for item in items {
            let target = match &dest_dir {
                Some(d) => d.join(&item.name),
                None => single_target(output, &item.name),
            };
            let temp = part::temp_name(&item.name, &|n| names.contains(n));
            names.insert(temp.clone());
            let part = target.with_file_name(temp);
            let opts = GetOptions { force, resume, known_size: item.size };
            let result = app.retrying(s, &item.remote, |s, retry| {
                let opts = GetOptions { resume: opts.resume || retry, ..opts };
                // Several files into one directory: it is synced once, below.
                retrieve::retrieve_via(s, &item.remote, &target, &part, dest_dir.is_none(), opts, &mut bar)
            });
            if result.is_ok() {
                succeeded += 1;
            }
            if let Err(e) = result {
                let err = anyhow::Error::new(e).context(format!(
                    "downloading {} to {}",
                    item.url.host.clone() + ":" + &item.remote,
                    target.display()
                ));
                if is_fatal(&err) || !several {
                    return Err(err);
                }
                errln!("ftps: {}", super::render_error(&err));
                first_failure.get_or_insert(exit::for_error(&err));
            }
        }
    }
    if let Some(s) = session {
        s.quit();
    }
    if let Some(dir) = &dest_dir {
        part::sync_dir(dir)?;
    }
    Ok(exit::code(exit::items(succeeded, first_failure)))
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

fn is_glob(segment: &str) -> bool {
    segment.contains(['*', '?', '['])
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
        return Ok(vec![Item { url: url.clone(), remote: url.path.clone(), name: last.to_string(), size: None }]);
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
        items.push(Item { url: url.clone(), remote: join_remote(dir, &e.name), name: e.name, size: e.size });
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
