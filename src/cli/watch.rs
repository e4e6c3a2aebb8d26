//! `ftps watch SRC DST`: a local SRC is an outbox (its finished files are
//! uploaded to the URL DST), a URL SRC an inbox (its finished files are
//! downloaded into the local DST). The logic is `ops::watch`; this is the
//! command line, the signals that end a long-running watch, and the output.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use super::{App, exit, printable};
use crate::cli::term::errln;
use crate::error::Error;
use crate::ops::mirror::Filter;
use crate::ops::watch::{self, After, Direction, FileReport, Names, Status, Summary};
use crate::url::FtpUrl;

/// `ftps watch`'s arguments (here rather than in args.rs, which holds the
/// other commands' and is long enough).
#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    /// Source: a local folder (outbox) or a URL of a server folder (inbox).
    pub src: String,
    /// Destination: a URL of a server folder (outbox) or a local folder (inbox).
    pub dst: String,
    /// Take what is ready now, then exit (for cron): 0 when everything was delivered, 10 when some failed.
    #[arg(long)]
    pub once: bool,
    /// A file is ready once its size and time stayed the same this long (remote: in listings this far apart).
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    pub settle: u64,
    /// A file is ready only when NAME+SUFFIX exists beside it (the trigger is then moved or deleted with it).
    #[arg(long, value_name = "SUFFIX")]
    pub ready_suffix: Option<String>,
    /// Seconds between listings of a server folder, and between rescans of a local one.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval: u64,
    /// After a verified transfer, move the source into DIR (local for an outbox; on the server, relative to
    /// the login directory, for an inbox).
    #[arg(long, value_name = "DIR", conflicts_with = "remove_source_files")]
    pub sent: Option<String>,
    /// After a verified transfer, delete the source (only if unchanged since it was read).
    #[arg(long)]
    pub remove_source_files: bool,
    /// Outbox: move a file that failed for good into DIR, with NAME.reason beside it.
    #[arg(long, value_name = "DIR")]
    pub failed: Option<PathBuf>,
    /// Give up on a file that keeps failing after this long (e.g. 90s, 30m, 2h, 1d).
    #[arg(long, value_name = "DURATION", default_value = "1h")]
    pub give_up_after: String,
    /// Only names matching this glob; may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip names matching this glob (wins over --include); may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Subfolders too (hidden ones and the --sent/--failed folders excepted), made on the other side as needed.
    #[arg(short, long)]
    pub recursive: bool,
    /// Files delivered at once, each on its own control connection [default: chosen from what the run
    /// measures (round trips, files waiting, throughput, server limits), up to 16].
    #[arg(short = 'P', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub parallel: Option<u32>,
    /// The journal of what was delivered [default: one per SRC and DST under $XDG_STATE_HOME/ftps/watch/].
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Print one JSON object per file on stdout, and a summary at the end.
    #[arg(long)]
    pub json: bool,
    /// Run CMD (a program and its arguments, no shell) after each delivered file, with FTPS_WATCH_FILE,
    /// FTPS_WATCH_REMOTE, FTPS_WATCH_SIZE, FTPS_WATCH_SHA256 and FTPS_WATCH_STATUS set; bounded by --timeout.
    #[arg(long, value_name = "CMD")]
    pub on_success: Option<String>,
    /// Run CMD (no shell) for each file that failed for good, with FTPS_WATCH_FILE, FTPS_WATCH_REMOTE and
    /// FTPS_WATCH_ERROR set; bounded by --timeout.
    #[arg(long, value_name = "CMD")]
    pub on_failure: Option<String>,
}

pub fn run(app: &App, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let (direction, url, local) = match (super::mirror::is_url(&args.src), super::mirror::is_url(&args.dst)) {
        (false, true) => (Direction::Outbox, FtpUrl::parse(&args.dst)?, PathBuf::from(&args.src)),
        (true, false) => (Direction::Inbox, FtpUrl::parse(&args.src)?, PathBuf::from(&args.dst)),
        (true, true) => return Err(usage("both SRC and DST are URLs; one must be a local folder")),
        (false, false) => return Err(usage("neither SRC nor DST is a URL (ftps://, ftp:// or ftpes://); one must be")),
    };
    if !local.is_dir() {
        return Err(Error::InvalidArgument(format!(
            "watch: {} is not a folder (create it first; an outbox or inbox is a folder)",
            local.display()
        ))
        .into());
    }
    if let Some(s) = &args.ready_suffix
        && (s.is_empty() || s.contains('/'))
    {
        return Err(usage("--ready-suffix needs a suffix such as .ok or .ready, without /"));
    }
    if args.failed.is_some() && direction == Direction::Inbox {
        return Err(usage("--failed is for an outbox (a local SRC); an inbox keeps failed files on the server"));
    }
    let give_up_after = parse_duration(&args.give_up_after).ok_or_else(|| {
        Error::InvalidArgument(format!(
            "--give-up-after {:?} is not a duration; write e.g. 90s, 30m, 2h or 1d",
            args.give_up_after
        ))
    })?;
    let filter = Filter::new(&args.include, &args.exclude)
        .map_err(|(p, e)| Error::InvalidArgument(format!("bad glob pattern {p:?}: {e}")))?;
    let after = match (&args.sent, args.remove_source_files) {
        (Some(dir), _) => After::Move(dir.clone()),
        (None, true) => After::Remove,
        (None, false) => After::Keep,
    };
    // Local folders the files move into exist before the first file does.
    let mut local_dirs: Vec<&Path> = args.failed.iter().map(PathBuf::as_path).collect();
    if let (Direction::Outbox, Some(dir)) = (direction, &args.sent) {
        local_dirs.push(Path::new(dir));
    }
    for dir in local_dirs {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let abs = std::path::absolute(&local).unwrap_or_else(|_| local.clone());
    let journal = match &args.state {
        Some(p) => p.clone(),
        None => {
            let key = format!(
                "{direction:?}\n{}\n{}@{}:{}/{}",
                abs.display(),
                app.user_for(&url).or(url.user.as_deref()).unwrap_or_default(),
                url.host,
                url.port,
                url.path
            );
            watch::default_path(&key).ok_or_else(|| {
                Error::InvalidArgument("watch: no state or data directory (HOME unset?); pass --state FILE".into())
            })?
        }
    };
    let connect = app.options_for(&url)?;
    stop_on_signals(&connect.cancel);
    let req = watch::Request {
        direction,
        local: abs,
        remote: url.path.clone(),
        connect,
        once: args.once,
        settle: Duration::from_secs(args.settle),
        interval: Duration::from_secs(args.interval),
        names: Names { filter, trigger: args.ready_suffix.clone() },
        recursive: args.recursive,
        after,
        failed: args.failed.clone(),
        give_up_after,
        journal,
        retries: app.global.retries,
        verify: app.verify(),
        parallel: super::many::parallel_of(args.parallel),
    };
    let hook = |cmd: &Option<String>, flag: &str| -> anyhow::Result<Option<Vec<String>>> {
        match cmd {
            None => Ok(None),
            Some(text) => match shlex::split(text).filter(|w| !w.is_empty()) {
                Some(words) => Ok(Some(words)),
                None => Err(usage(&format!(
                    "{flag} {text:?} is empty or has unbalanced quotes; give a program and its arguments"
                ))),
            },
        }
    };
    let hooks = Hooks {
        success: hook(&args.on_success, "--on-success")?,
        failure: hook(&args.on_failure, "--on-failure")?,
        wait: Duration::from_secs(app.global.timeout),
        json: args.json,
    };
    let sink = super::receipt::Sink::for_session(app, &req.connect);
    let printer = Printer { json: args.json, quiet: app.global.quiet, direction, hooks, sink };
    let label = format!("{}:{}/{}", url.host, url.port, url.path);
    let summary = watch::run(&req, &printer).with_context(|| match direction {
        Direction::Outbox => format!("watching {} for {label}", local.display()),
        Direction::Inbox => format!("watching {label} for {}", local.display()),
    })?;
    if args.json {
        super::term::write_json(&mut super::term::stdout(), &JsonSummary { summary: &summary }, false)?;
    } else if !app.global.quiet {
        errln!(
            "watch: {} delivered ({} bytes), {} finished after an interruption, {} failed, {} still settling",
            summary.delivered,
            summary.bytes,
            summary.recovered,
            summary.failed,
            summary.waiting
        );
    }
    if app.global.verbose {
        errln!("watch: {}", super::many::connections(summary.connections, &summary.parallel));
    }
    // A receipt that could not be written is said at once (see Printer) and
    // fails the run at its end: the deliveries stand, their record does not.
    if let Some(sink) = &printer.sink {
        sink.finish().context("writing the --receipt")?;
    }
    if !args.once {
        // Only a signal ends a long-running watch: a clean stop.
        return Ok(exit::code(exit::OK));
    }
    let first = summary.first_failure.map(exit::for_kind);
    Ok(exit::code(exit::items(summary.delivered + summary.recovered, first)))
}

fn usage(msg: &str) -> anyhow::Error {
    Error::InvalidArgument(format!(
        "watch: {msg} (ftps watch LOCAL-DIR URL is an outbox, ftps watch URL LOCAL-DIR an inbox)"
    ))
    .into()
}

/// `90`, `90s`, `30m`, `2h`, `1d`.
fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits.parse().ok()?;
    let secs = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(n.checked_mul(secs)?))
}

/// SIGTERM (systemd, kill) and SIGINT end the watch after the file in
/// flight is finished or abandoned for resumption (the sessions' cancel
/// flag stops a transfer, leaving its temporary file for the next run to
/// continue); the exit is then 0. A second signal exits at once.
///
/// The crate forbids `unsafe`, so no handler: both signals are blocked and
/// read from a signalfd by a thread of their own. Threads started later
/// inherit the mask; the watch starts none before this.
fn stop_on_signals(cancel: &Arc<AtomicBool>) {
    use nix::sys::signal::{SigSet, Signal};
    use nix::sys::signalfd::SignalFd;
    let mut mask = SigSet::empty();
    mask.add(Signal::SIGTERM);
    mask.add(Signal::SIGINT);
    let fd = match mask.thread_block().and_then(|()| SignalFd::new(&mask)) {
        Ok(fd) => fd,
        Err(e) => {
            let _ = mask.thread_unblock();
            errln!("ftps: warning: cannot handle SIGTERM and SIGINT ({e}); they will end ftps at once");
            return;
        }
    };
    let cancel = cancel.clone();
    let spawned = std::thread::Builder::new().name("ftps-signals".into()).spawn(move || {
        while let Ok(Some(_)) = fd.read_signal() {
            if cancel.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(exit::INTERRUPTED));
            }
        }
    });
    if spawned.is_err() {
        let _ = mask.thread_unblock();
    }
}

struct Printer {
    json: bool,
    quiet: bool,
    direction: Direction,
    hooks: Hooks,
    /// `--receipt`: one signed record per file this run moved.
    sink: Option<super::receipt::Sink>,
}

/// `--on-success` and `--on-failure`, as program and arguments.
struct Hooks {
    success: Option<Vec<String>>,
    failure: Option<Vec<String>>,
    wait: Duration,
    json: bool,
}

impl Hooks {
    /// Runs the hook `r`'s outcome asks for, if any; what went wrong with
    /// it is said on stderr and changes nothing about the file.
    fn run(&self, r: &FileReport) {
        let words = match r.status {
            Status::Delivered | Status::Recovered => self.success.as_ref(),
            Status::Failed => self.failure.as_ref(),
            _ => None,
        };
        let Some((program, args)) = words.and_then(|w| w.split_first()) else { return };
        let mut cmd = std::process::Command::new(program);
        cmd.args(args)
            .env("FTPS_WATCH_FILE", &r.local)
            .env("FTPS_WATCH_REMOTE", &r.remote)
            .env("FTPS_WATCH_NAME", &r.name)
            .env("FTPS_WATCH_SIZE", r.bytes.to_string())
            .env("FTPS_WATCH_SHA256", r.sha256.as_deref().unwrap_or_default())
            .env("FTPS_WATCH_STATUS", format!("{:?}", r.status).to_ascii_lowercase())
            .env("FTPS_WATCH_ERROR", r.error.as_deref().unwrap_or_default())
            .env_remove("FTPS_PASSWORD");
        // With --json, our stdout carries one object per line: the hook's
        // output would break it.
        cmd.stdout(if self.json { std::process::Stdio::null() } else { std::process::Stdio::inherit() });
        let what = printable(program);
        match crate::secret::source::run_bounded(&mut cmd, self.wait) {
            Ok(Some(status)) if status.success() => {}
            Ok(Some(status)) => errln!("ftps: {}: the hook {what} failed ({status})", printable(&r.name)),
            Ok(None) => errln!(
                "ftps: {}: the hook {what} did not finish within {} s; it was stopped",
                printable(&r.name),
                self.wait.as_secs()
            ),
            Err(e) => errln!("ftps: {}: cannot run the hook {what}: {e}", printable(&r.name)),
        }
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    summary: &'a Summary,
}

impl watch::Observer for Printer {
    fn file(&self, r: &FileReport) {
        if self.json {
            let _ = super::term::write_json(&mut super::term::stdout(), r, false);
        }
        let name = printable(&r.name);
        let verb = if self.direction == Direction::Outbox { "sent" } else { "fetched" };
        match r.status {
            Status::Delivered | Status::Recovered if !self.quiet && !self.json => {
                let how = if r.status == Status::Recovered { " (finished what an interrupted run began)" } else { "" };
                let moved = r.moved_to.as_deref().map(|m| format!(", moved to {}", printable(m))).unwrap_or_default();
                errln!("watch: {verb} {name} ({} bytes){how}{moved}", r.bytes);
            }
            Status::Retrying if !self.quiet => {
                errln!("ftps: {name}: {}; tried again later", printable(r.error.as_deref().unwrap_or_default()));
            }
            Status::Failed => {
                let moved = r.moved_to.as_deref().map(|m| format!(" (moved to {})", printable(m))).unwrap_or_default();
                errln!("ftps: failed: {name}: {}{moved}", printable(r.error.as_deref().unwrap_or_default()));
            }
            _ => {}
        }
        if let Some(why) = &r.source_kept {
            errln!("ftps: {name}: delivered, but the source stays: {}", printable(why));
        }
        if let (Some(sink), Some(ev), Status::Delivered) = (&self.sink, &r.evidence, r.status) {
            let op = if self.direction == Direction::Outbox { "put" } else { "get" };
            if let Err(e) = sink.record(op, &r.remote, std::path::Path::new(&r.local), r.bytes, ev) {
                errln!("ftps: {}: cannot write the receipt: {}", printable(&r.name), printable(&e.to_string()));
                sink.record_failure(e);
            }
        }
        self.hooks.run(r);
    }

    fn trouble(&self, e: &Error) {
        let hint = e.remedy().as_ref().map(super::option_hint).unwrap_or_default();
        errln!("ftps: watch: {}{hint}; trying again at the next interval", printable(&e.to_string()));
    }

    fn retry(&self, name: &str, n: u32, e: &Error, d: Duration) {
        if !self.quiet {
            errln!("ftps: {}: {}; retry {n} in {:.1} s", printable(name), printable(&e.to_string()), d.as_secs_f64());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("30m"), Some(Duration::from_secs(1800)));
        assert_eq!(parse_duration("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_duration("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("1w"), None);
        assert_eq!(parse_duration("h"), None);
    }
}
