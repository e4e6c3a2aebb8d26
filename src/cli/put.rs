//! `ftps put FILE... URL`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::args::ManyArgs;
use super::many::Many;
use super::progress::Bar;
use super::receipt::FileRecord;
use super::{App, exit};
use crate::error::Error;
use crate::ops::mirror::{Direction, FileJob};
use crate::ops::{join_remote, store};
use crate::url::FtpUrl;

/// `put`'s switches.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    pub resume: bool,
    pub no_temp: bool,
    pub remove_source: bool,
    /// `--segments N`: connections for one file; `None`: as many as pay off
    /// where the server takes ranged writes.
    pub segments: Option<u32>,
}

pub fn run(app: &App, files: &[String], url: &str, flags: Flags, many: &ManyArgs) -> anyhow::Result<ExitCode> {
    let Flags { resume, no_temp, remove_source, segments } = flags;
    if files.iter().any(|f| f == "-") {
        if files.len() != 1 || resume {
            bail!(Error::InvalidArgument(
                "put - uploads standard input alone, and cannot continue (-c) a stream".into()
            ));
        }
        return super::oneshot::put_stdin(app, url);
    }
    if let [one] = files
        && super::is_special(std::path::Path::new(one))
    {
        if resume {
            bail!(Error::InvalidArgument(format!("{one} is a stream, not a file; it cannot be continued (-c)")));
        }
        return super::oneshot::put_stream(app, std::path::Path::new(one), url);
    }
    let url = FtpUrl::parse(url)?;
    let locals = expand(files)?;
    if let Some(odd) = locals.iter().find(|l| super::is_special(l)) {
        bail!(Error::InvalidArgument(format!(
            "{} is not a regular file; upload a stream alone (put {} URL/NAME)",
            odd.display(),
            odd.display()
        )));
    }
    if segments.is_some_and(|n| n > 1) && locals.len() > 1 {
        bail!(Error::InvalidArgument(format!(
            "--segments splits one file, and {} were given; upload them one at a time, or without --segments \
             (-P sets how many files move at once)",
            locals.len()
        )));
    }
    let into_dir = url.is_dir() || locals.len() > 1;
    let mut plan = Vec::new();
    for local in &locals {
        let remote = if into_dir {
            let name = local
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| Error::InvalidArgument(format!("{} has no usable file name", local.display())))?;
            join_remote(&url.path, name)
        } else {
            url.path.clone()
        };
        plan.push((local.clone(), remote));
    }
    let started = std::time::Instant::now();
    let mut session = app.connect(&url)?;
    if let [(local, remote)] = plan.as_slice() {
        let mut bar = Bar::new(app.global.quiet);
        let sink = super::receipt::Sink::for_session(app, session.options());
        let sha256 = sink.is_some() || many.json;
        // A retry starts over unless -c was given: a file the server held
        // before cannot be told from a partial upload.
        let opts = store::PutOptions { resume, verify: app.verify(), direct: no_temp, sha256, segments };
        let result = app.retrying(&mut session, remote, |s, _| store::store(s, local, remote, opts, &mut bar));
        session.quit();
        let result = result.with_context(|| format!("uploading {} to {remote}", local.display()));
        if many.json {
            let record = result.as_ref().map(|d| FileRecord::new(remote, local, d.bytes, &d.evidence));
            super::many::print_one(
                Direction::Upload,
                segments,
                started.elapsed(),
                remote,
                record.as_ref().map_err(|e| *e),
            )?;
        }
        let done = result?;
        if let Some(sink) = &sink {
            sink.record("put", remote, local, done.bytes, &done.evidence)?;
        }
        // Only a checked (and renamed) upload lets its source go.
        if remove_source {
            crate::ops::source::remove_source(local, &done.source)?;
        }
        return Ok(exit::code(exit::OK));
    }
    // Several files: the session above (trust settled) is the first worker.
    let jobs: Vec<FileJob> = plan
        .into_iter()
        .map(|(local, remote)| {
            // Sizes order the queue (largest first) and size the progress bar.
            let size = std::fs::metadata(&local).ok().map(|m| m.len());
            FileJob { part: local.clone(), local, remote, size, force: false, resume }
        })
        .collect();
    let mut run = Many::new(app, Direction::Upload, many.parallel);
    run.temp_uploads = !no_temp;
    run.remove_source = remove_source;
    run.json = many.json;
    // Two sources, one remote name: parallel STORs would mix them.
    let mut claimed = std::collections::HashSet::new();
    let jobs: Vec<FileJob> = jobs
        .into_iter()
        .filter(|j: &FileJob| {
            let first = claimed.insert(j.remote.clone());
            if !first {
                let e = Error::InvalidArgument(format!(
                    "{} would be uploaded to {} too, which another file of this run already is; \
                     upload it on its own",
                    j.local.display(),
                    j.remote
                ));
                run.failed_early(&j.remote, &e.into());
            }
            first
        })
        .collect();
    run.run(session, jobs)?;
    run.finish(many.json)
}

/// Expands glob patterns the shell left alone; plain names pass through
/// (a missing one fails later with its own name in the message).
fn expand(files: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for f in files {
        if super::is_glob(f) && !std::path::Path::new(f).exists() {
            let matches: Vec<PathBuf> = glob::glob(f)
                .with_context(|| format!("bad glob pattern {f:?}"))?
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .collect();
            if matches.is_empty() {
                bail!(Error::Local {
                    action: "find files matching",
                    path: f.into(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no match"),
                });
            }
            out.extend(matches);
        } else {
            out.push(PathBuf::from(f));
        }
    }
    Ok(out)
}
