//! `ftps mirror SRC DST`: a URL as SRC downloads into the local directory
//! DST; a local directory as SRC uploads to the URL DST.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::HumanBytes;
use serde::Serialize;

use super::args::MirrorArgs;
use super::{App, exit, printable};
use crate::cli::term::errln;
use crate::error::Error;
use crate::ops::mirror::{self, Direction, Filter, Mode, Outcome, Plan};
use crate::url::FtpUrl;

pub fn run(app: &App, args: &MirrorArgs) -> anyhow::Result<ExitCode> {
    let (direction, url, local) = match (is_url(&args.src), is_url(&args.dst)) {
        (true, false) => (Direction::Download, FtpUrl::parse(&args.src)?, PathBuf::from(&args.dst)),
        (false, true) => (Direction::Upload, FtpUrl::parse(&args.dst)?, PathBuf::from(&args.src)),
        (true, true) => return Err(usage("both SRC and DST are URLs; one must be a local directory")),
        (false, false) => {
            return Err(usage("neither SRC nor DST is a URL (ftps://, ftp:// or ftpes://); one must be"));
        }
    };
    // Another ftps's upload in progress (or a killed one's leftover) is never copied down.
    let mut exclude = args.exclude.clone();
    if direction == Direction::Download {
        exclude.push(format!("*{}", crate::ops::remote_temp::SUFFIX));
    }
    let filter = Filter::new(&args.include, &exclude)
        .map_err(|(p, e)| Error::InvalidArgument(format!("bad glob pattern {p:?}: {e}")))?;
    let mode = if args.size_only {
        Mode::SizeOnly
    } else if args.only_newer {
        Mode::OnlyNewer
    } else {
        Mode::Default
    };
    let req = mirror::Request {
        direction,
        remote_root: url.path.clone(),
        local_root: local.clone(),
        connect: app.options_for(&url)?,
        parallel: super::many::parallel_of(args.parallel),
        mode,
        filter,
        delete: args.delete,
        keep_times: !args.no_times,
        dry_run: args.dry_run,
        max_depth: args.max_depth as usize,
        max_entries: args.max_entries,
        file: mirror::FileOptions {
            retries: app.global.retries,
            verify: app.verify(),
            temp_uploads: !args.no_temp,
            sha256: app.global.receipt.is_some() || args.json,
            remove_source: args.remove_source_files,
            split: Some(super::many::split_of(args.segments)),
        },
        checksum: args.checksum,
    };
    let bar = super::progress::RunBar::new(app.global.quiet);
    let op = if direction == Direction::Download { "get" } else { "put" };
    let files = args.json.then(Default::default);
    let sink = super::receipt::Sink::for_session(app, &req.connect);
    let observer = super::receipt::Recording { inner: &bar, sink, op, files };
    let started = Instant::now();
    let result = mirror::run(&req, &observer);
    bar.clear();
    observer.finish()?;
    let remote_label = format!("{}:{}/{}", url.host, url.port, url.path);
    let outcome = result.with_context(|| match direction {
        Direction::Download => format!("mirroring {remote_label} into {}", local.display()),
        Direction::Upload => format!("mirroring {} to {remote_label}", local.display()),
    })?;
    let elapsed = started.elapsed();

    if args.dry_run && !args.json {
        print_plan(&outcome.plan)?;
    }
    if !app.global.quiet {
        for s in &outcome.plan.skipped {
            errln!("ftps: skipped {}: {}", printable(&s.path), s.why);
        }
    }
    for f in &outcome.failures {
        let hint = f.remedy.as_ref().map(super::option_hint).unwrap_or_default();
        errln!("ftps: failed: {}: {}{hint}", printable(&f.path), f.error);
    }
    if outcome.stats.too_deep > 0 {
        errln!(
            "ftps: {} remote director{} deeper than --max-depth {} left alone; raise --max-depth to include them",
            outcome.stats.too_deep,
            if outcome.stats.too_deep == 1 { "y was" } else { "ies were" },
            args.max_depth
        );
    }
    if !app.global.quiet {
        errln!("{}", summary_line(&outcome, args.dry_run, elapsed));
    }
    if args.json {
        let report = JsonReport {
            direction,
            remote: &url.path,
            local: &local,
            dry_run: args.dry_run,
            stats: &outcome.stats,
            elapsed_secs: elapsed.as_secs_f64(),
            bytes_per_sec: rate(outcome.stats.bytes_transferred, elapsed),
            connections: outcome.connections,
            parallel: &outcome.parallelism,
            segments: super::many::Segments::of(args.segments),
            times_kept: outcome.times_kept,
            failed: &outcome.failures,
            skipped_entries: &outcome.plan.skipped,
            plan: args.dry_run.then_some(&outcome.plan),
            files: observer.take_files(),
        };
        super::term::write_json(&mut super::term::stdout(), &report, true)?;
    }
    // Everything that went right counts: files moved, found up to date, deleted.
    let st = &outcome.stats;
    let succeeded = st.files_transferred + st.files_unchanged + st.files_deleted + st.dirs_created + st.dirs_deleted;
    let first = outcome.failures.first().map(|f| exit::for_kind(f.kind));
    Ok(exit::code(exit::items(succeeded, first)))
}

pub(super) fn is_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    ["ftp://", "ftps://", "ftpes://"].iter().any(|p| lower.starts_with(p))
}

fn usage(msg: &str) -> anyhow::Error {
    Error::InvalidArgument(format!(
        "mirror: {msg} (ftps mirror URL LOCAL-DIR downloads, ftps mirror LOCAL-DIR URL uploads)"
    ))
    .into()
}

fn rate(bytes: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { bytes as f64 / secs } else { 0.0 }
}

fn files(n: u64) -> String {
    format!("{n} {}", if n == 1 { "file" } else { "files" })
}

fn summary_line(o: &Outcome, dry_run: bool, elapsed: Duration) -> String {
    let s = &o.stats;
    let secs = elapsed.as_secs_f64();
    if dry_run {
        let p = &o.plan;
        return format!(
            "mirror (dry run, nothing changed): would transfer {} ({}), create {} directories, \
             delete {} and {} directories; {} up to date",
            files(p.transfers.len() as u64),
            HumanBytes(p.bytes()),
            p.mkdirs.len(),
            files(p.delete_files.len() as u64),
            p.delete_dirs.len(),
            files(p.unchanged)
        );
    }
    let nothing = s.files_transferred == 0
        && s.files_deleted == 0
        && s.dirs_created == 0
        && s.dirs_deleted == 0
        && o.failures.is_empty();
    if nothing {
        return format!("mirror: nothing to transfer, {} already up to date ({secs:.2} s)", files(s.files_unchanged));
    }
    format!(
        "mirror: {} transferred ({}), {} up to date, {} deleted, {} failed in {secs:.2} s ({}/s, {})",
        files(s.files_transferred),
        HumanBytes(s.bytes_transferred),
        s.files_unchanged,
        s.files_deleted + s.dirs_deleted,
        o.failures.len(),
        HumanBytes(rate(s.bytes_transferred, elapsed) as u64),
        super::many::connections(o.connections, &o.parallelism)
    )
}

/// The dry run's plan on stdout, one action per line.
fn print_plan(plan: &Plan) -> std::io::Result<()> {
    let mut out = super::term::stdout();
    for d in &plan.mkdirs {
        writeln!(out, "mkdir     {}", printable(d))?;
    }
    for t in &plan.transfers {
        writeln!(out, "transfer  {}  ({})", printable(&t.path), t.reason)?;
    }
    for f in &plan.delete_files {
        writeln!(out, "delete    {}", printable(f))?;
    }
    for d in &plan.delete_dirs {
        writeln!(out, "rmdir     {}", printable(d))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    direction: Direction,
    remote: &'a str,
    local: &'a std::path::Path,
    dry_run: bool,
    #[serde(flatten)]
    stats: &'a mirror::Stats,
    elapsed_secs: f64,
    bytes_per_sec: f64,
    connections: u32,
    /// Fixed or adaptive, the most at once, and the server's limit if it set one.
    parallel: &'a mirror::Parallelism,
    /// Connections per file from 64 MiB (`--segments`; 1: not split;
    /// "auto": downloads add connections while they pay off).
    segments: super::many::Segments,
    times_kept: bool,
    failed: &'a [mirror::Failure],
    skipped_entries: &'a [mirror::Skip],
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a Plan>,
    /// Each transferred file with its `sha256` and `verified`, as in receipts.
    files: Vec<super::receipt::FileRecord>,
}
