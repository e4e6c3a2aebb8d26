//! What `get` and `put` with several files share with `mirror`: the run on
//! N connections from one queue, per-file failure lines, one summary line,
//! and a `--json` summary.

use std::time::{Duration, Instant};

use indicatif::HumanBytes;
use serde::Serialize;

use super::progress::RunBar;
use super::term::errln;
use super::{App, exit, printable};
use crate::ops::mirror::{
    self, Direction, Failure, FileJob, FileOptions, FilesOutcome, FilesRequest, Parallel, Parallelism,
};
use crate::session::control::Session;

/// Files handed to the workers so far, and what came of them.
pub(crate) struct Many<'a> {
    app: &'a App,
    direction: Direction,
    parallel: Parallel,
    started: Instant,
    bar: RunBar,
    total: FilesOutcome,
    /// Failures found before any transfer (a glob that matched nothing...).
    early_failures: Vec<Failure>,
    first_code: Option<u8>,
    /// Uploads go to a temporary name renamed into place (`--no-temp` clears it).
    pub temp_uploads: bool,
    /// `--remove-source-files`.
    pub remove_source: bool,
    /// `--json`: the summary lists each transferred file with its digests.
    pub json: bool,
    /// `get --segments N`: big files over N connections each.
    pub segments: Option<u32>,
    files: Vec<super::receipt::FileRecord>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    direction: Direction,
    files_transferred: u64,
    bytes_transferred: u64,
    elapsed_secs: f64,
    bytes_per_sec: f64,
    connections: u32,
    /// Fixed or adaptive, the most at once, and the server's limit if it set one.
    parallel: &'a Parallelism,
    /// Connections per file from 64 MiB (`--segments`; 1: not split;
    /// "auto": as many as pay off, uploads where the server takes ranged writes).
    #[serde(skip_serializing_if = "Option::is_none")]
    segments: Option<Segments>,
    failed: Vec<&'a Failure>,
    /// Each transferred file with its `sha256` and `verified`, as in receipts.
    files: &'a [super::receipt::FileRecord],
}

impl<'a> Many<'a> {
    pub(crate) fn new(app: &'a App, direction: Direction, parallel: Option<u32>) -> Self {
        Many {
            app,
            direction,
            parallel: parallel_of(parallel),
            started: Instant::now(),
            bar: RunBar::new(app.global.quiet),
            total: FilesOutcome::default(),
            early_failures: Vec::new(),
            first_code: None,
            temp_uploads: true,
            remove_source: false,
            json: false,
            segments: None,
            files: Vec::new(),
        }
    }

    /// A file that failed before it could be queued.
    pub(crate) fn failed_early(&mut self, path: &str, err: &anyhow::Error) {
        errln!("ftps: {}", super::render_error(err));
        self.first_code.get_or_insert(exit::for_error(err));
        self.early_failures.push(failure(path, err));
    }

    /// Runs `files` on up to `--parallel` connections: `session` (logged in,
    /// trust settled) and more made with its options.
    pub(crate) fn run(&mut self, session: Session, files: Vec<FileJob>) -> anyhow::Result<()> {
        if files.is_empty() {
            session.quit();
            return Ok(());
        }
        let sink = super::receipt::Sink::for_session(self.app, session.options());
        let req = FilesRequest {
            direction: self.direction,
            connect: session.options().clone(),
            parallel: self.parallel,
            file: FileOptions {
                retries: self.app.global.retries,
                verify: self.app.verify(),
                temp_uploads: self.temp_uploads,
                sha256: sink.is_some() || self.json,
                remove_source: self.remove_source,
                split: Some(split_of(self.segments)),
            },
            files,
            session: Some(session),
        };
        let op = if self.direction == Direction::Download { "get" } else { "put" };
        let files = self.json.then(Default::default);
        let observer = super::receipt::Recording { inner: &self.bar, sink, op, files };
        let out = mirror::transfer_files(req, &observer);
        self.bar.clear();
        observer.finish()?;
        self.files.extend(observer.take_files());
        let out = out?;
        self.total.files_transferred += out.files_transferred;
        self.total.bytes_transferred += out.bytes_transferred;
        self.total.connections += out.connections;
        let p = &mut self.total.parallelism;
        p.chosen = out.parallelism.chosen;
        p.max = p.max.max(out.parallelism.max);
        p.limit = p.limit.take().or(out.parallelism.limit);
        p.changes.extend(out.parallelism.changes);
        self.total.failures.extend(out.failures);
        Ok(())
    }

    /// Reports the run (failure lines, summary, `--json`) and decides its exit code.
    pub(crate) fn finish(self, json: bool) -> anyhow::Result<std::process::ExitCode> {
        let elapsed = self.started.elapsed();
        for f in &self.total.failures {
            let hint = f.remedy.as_ref().map(super::option_hint).unwrap_or_default();
            errln!("ftps: failed: {}: {}{hint}", printable(&f.path), f.error);
        }
        let failed = self.early_failures.len() + self.total.failures.len();
        let t = &self.total;
        if !self.app.global.quiet {
            let verb = match self.direction {
                Direction::Download => "get",
                Direction::Upload => "put",
            };
            errln!(
                "{verb}: {} transferred ({}), {failed} failed in {:.2} s ({}/s, {})",
                files(t.files_transferred),
                HumanBytes(t.bytes_transferred),
                elapsed.as_secs_f64(),
                HumanBytes(rate(t.bytes_transferred, elapsed) as u64),
                connections(t.connections, &t.parallelism)
            );
        }
        if json {
            let summary = JsonSummary {
                direction: self.direction,
                files_transferred: t.files_transferred,
                bytes_transferred: t.bytes_transferred,
                elapsed_secs: elapsed.as_secs_f64(),
                bytes_per_sec: rate(t.bytes_transferred, elapsed),
                connections: t.connections,
                parallel: &t.parallelism,
                segments: Some(Segments::of(self.segments)),
                failed: self.early_failures.iter().chain(&t.failures).collect(),
                files: &self.files,
            };
            super::term::write_json(&mut super::term::stdout(), &summary, true)?;
        }
        let first = self.first_code.or_else(|| t.failures.first().map(|f| exit::for_kind(f.kind)));
        Ok(exit::code(exit::items(t.files_transferred, first)))
    }
}

/// `--segments` in a `--json` report: the number asked for, or "auto" for
/// downloads that add connections while they pay off.
#[derive(Serialize, Clone, Copy)]
#[serde(untagged)]
pub(crate) enum Segments {
    Fixed(u32),
    Auto(&'static str),
}

impl Segments {
    pub(crate) fn of(asked: Option<u32>) -> Segments {
        asked.map_or(Segments::Auto("auto"), Segments::Fixed)
    }
}

/// `err` as a `--json` summary lists a failed file.
fn failure(path: &str, err: &anyhow::Error) -> Failure {
    let kind = err.chain().find_map(|e| e.downcast_ref::<crate::Error>()).map(|e| e.kind());
    Failure {
        path: path.to_string(),
        error: super::render_error(err),
        kind: kind.unwrap_or(crate::error::ErrorKind::Local),
        // Already in the rendered text.
        remedy: None,
    }
}

/// `--json` for a one-file `get` or `put`: the summary a run of several
/// prints, with its one file (and how many connections moved it) or its
/// failure, so a script reads both the same way.
pub(crate) fn print_one(
    direction: Direction,
    segments: Option<u32>,
    elapsed: Duration,
    path: &str,
    result: Result<&super::receipt::FileRecord, &anyhow::Error>,
) -> anyhow::Result<()> {
    let (files, failed) = match result {
        Ok(record) => (std::slice::from_ref(record), Vec::new()),
        Err(e) => (&[][..], vec![failure(path, e)]),
    };
    let bytes = files.iter().map(|f| f.bytes).sum();
    let used = files.iter().filter_map(|f| f.segments.as_ref()).map(|c| c.connections).max().unwrap_or(1);
    let summary = JsonSummary {
        direction,
        files_transferred: files.len() as u64,
        bytes_transferred: bytes,
        elapsed_secs: elapsed.as_secs_f64(),
        bytes_per_sec: rate(bytes, elapsed),
        connections: used.max(1),
        parallel: &Parallelism { chosen: "fixed", max: 1, ..Parallelism::default() },
        segments: Some(Segments::of(segments)),
        failed: failed.iter().collect(),
        files,
    };
    super::term::write_json(&mut super::term::stdout(), &summary, true)?;
    Ok(())
}

/// How `mirror` and multi-file `get` and `put` split big files:
/// `--segments N` for files from 64 MiB; by default as many connections as
/// pay off (so the tail of a run is not one connection moving the last big
/// file while the others sit idle; uploads only to a far server measured to
/// take ranged writes). A split download an earlier run left is continued
/// either way.
pub(crate) fn split_of(segments: Option<u32>) -> mirror::Split {
    use crate::ops::segments;
    mirror::Split {
        segments,
        min_size: segments::adapt::MIN_SIZE,
        run: segments::download,
        up: segments::upload::upload,
    }
}

/// `--parallel N` fixes the pool; without it (and without `parallel` in
/// the config file, which arrives here as the option) the run chooses.
pub(crate) fn parallel_of(option: Option<u32>) -> Parallel {
    match option {
        Some(n) => Parallel::Fixed(n.max(1) as usize),
        None => Parallel::Adaptive,
    }
}

/// The summary line's connection part: `4 connections`, and for an
/// adaptive run how many ran at once and what bounded them.
pub(crate) fn connections(opened: u32, p: &Parallelism) -> String {
    let mut s = format!("{opened} connection{}", if opened == 1 { "" } else { "s" });
    if p.chosen == "adaptive" {
        s += &format!(", adaptive: {} at once", p.max);
        if let Some(limit) = &p.limit {
            s += &format!(", {limit}");
        }
    }
    s
}

fn rate(bytes: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { bytes as f64 / secs } else { 0.0 }
}

fn files(n: u64) -> String {
    format!("{n} {}", if n == 1 { "file" } else { "files" })
}
