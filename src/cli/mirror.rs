//! `ftps mirror SRC DST`: a URL as SRC downloads into the local directory
//! DST; a local directory as SRC uploads to the URL DST.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::args::MirrorArgs;
use super::{App, exit, printable};
use crate::cli::term::errln;
use crate::error::Error;
use crate::ops::mirror::{self, Direction, Filter, Mode, Notice, Outcome, Plan, Warning};
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
    let filter = Filter::new(&args.include, &args.exclude)
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
        parallel: args.parallel as usize,
        mode,
        filter,
        delete: args.delete,
        keep_times: !args.no_times,
        dry_run: args.dry_run,
        retries: app.global.retries,
        max_depth: args.max_depth as usize,
        max_entries: args.max_entries,
    };
    let observer = CliObserver::new(app.global.quiet);
    let started = Instant::now();
    let result = mirror::run(&req, &observer);
    observer.clear();
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
        errln!("ftps: failed: {}: {}", printable(&f.path), f.error);
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
            times_kept: outcome.times_kept,
            failed: &outcome.failures,
            skipped_entries: &outcome.plan.skipped,
            plan: args.dry_run.then_some(&outcome.plan),
        };
        super::term::write_json(&mut super::term::stdout(), &report, true)?;
    }
    // Everything that went right counts: files moved, found up to date, deleted.
    let st = &outcome.stats;
    let succeeded = st.files_transferred + st.files_unchanged + st.files_deleted + st.dirs_created + st.dirs_deleted;
    let first = outcome.failures.first().map(|f| exit::for_kind(f.kind));
    Ok(exit::code(exit::items(succeeded, first)))
}

fn is_url(s: &str) -> bool {
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
        "mirror: {} transferred ({}), {} up to date, {} deleted, {} failed in {secs:.2} s ({}/s, {} connection{})",
        files(s.files_transferred),
        HumanBytes(s.bytes_transferred),
        s.files_unchanged,
        s.files_deleted + s.dirs_deleted,
        o.failures.len(),
        HumanBytes(rate(s.bytes_transferred, elapsed) as u64),
        o.connections,
        if o.connections == 1 { "" } else { "s" }
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
    times_kept: bool,
    failed: &'a [mirror::Failure],
    skipped_entries: &'a [mirror::Skip],
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a Plan>,
}

/// Warnings on stderr, and one overall progress bar (files and bytes, rate,
/// ETA) when a person watches a terminal.
struct CliObserver {
    quiet: bool,
    terminal: bool,
    bar: OnceLock<ProgressBar>,
    files_total: AtomicU64,
    files_done: AtomicU64,
}

impl CliObserver {
    fn new(quiet: bool) -> Self {
        CliObserver {
            quiet,
            terminal: super::term::stderr_is_terminal(),
            bar: OnceLock::new(),
            files_total: AtomicU64::new(0),
            files_done: AtomicU64::new(0),
        }
    }

    fn say(&self, line: String) {
        match self.bar.get() {
            Some(bar) => bar.suspend(|| errln!("{line}")),
            None => errln!("{line}"),
        }
    }

    fn clear(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl mirror::Observer for CliObserver {
    fn warning(&self, w: &Warning) {
        if self.quiet {
            return;
        }
        self.say(match w {
            Warning::Tree(Notice::RefusedName { dir, name, why }) => format!(
                "ftps: warning: refusing server entry {:?} in {:?}: {why}; it is not written anywhere",
                printable(name),
                printable(if dir.is_empty() { "." } else { dir })
            ),
            Warning::Tree(Notice::Unparsed { dir, line }) => {
                format!("ftps: warning: unparsable listing line in {:?}: {:?}", printable(dir), printable(line))
            }
            Warning::Tree(Notice::UnsendableName { path }) => format!(
                "ftps: warning: skipping {}: its name is not UTF-8 or holds CR/LF/NUL, which FTP cannot carry",
                path.display()
            ),
            Warning::TimesNotKept => "ftps: note: this server offers neither MFMT nor SITE UTIME, so uploaded \
                                      files cannot keep their modification times; comparing by size"
                .to_string(),
            Warning::RemoteTimesUnknown => "ftps: note: this server lists no exact times and has no MDTM; \
                                            comparing by size and not setting times"
                .to_string(),
            Warning::TimeNotSet { path, error } => {
                format!("ftps: warning: could not set the modification time of {}: {error}", printable(path))
            }
            Warning::ConnectionLost { error } => {
                format!("ftps: warning: one connection gave up ({error}); continuing with the others")
            }
        });
    }

    fn planned(&self, files: u64, bytes: u64) {
        self.files_total.store(files, Ordering::Relaxed);
        if self.quiet || !self.terminal || files == 0 {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{msg:>15} {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {wide_bar} {eta:>4}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(format!("0/{files} files"));
        bar.enable_steady_tick(Duration::from_millis(200));
        let _ = self.bar.set(bar);
    }

    fn progress(&self, bytes: u64) {
        if let Some(bar) = self.bar.get() {
            bar.inc(bytes);
        }
    }

    fn finished(&self, _path: &str, _result: Result<u64, &Error>) {
        let done = self.files_done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = self.bar.get() {
            bar.set_message(format!("{done}/{} files", self.files_total.load(Ordering::Relaxed)));
        }
    }
}
