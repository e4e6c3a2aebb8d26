//! Hot folders: an outbox (a local folder whose finished files go to the
//! server) and an inbox (a server folder whose finished files come here),
//! each file delivered complete, once, and never lost.
//!
//! - complete: only settled files are taken ([`ready`]), and every transfer
//!   is the one per-file routine's (temporary name, checks, rename);
//! - once: the [`journal`] records each step before it is taken, so a
//!   watcher killed anywhere resumes, looks on the server when it cannot
//!   tell whether a rename happened, and never sends a verified file again;
//! - nothing lost: a source is moved or deleted only after its copy was
//!   verified (and, downloading, synced), and only if it did not change;
//! - ordered and fair: oldest first; a failing file backs off while the
//!   rest go on, and fails for good after its time is up;
//! - parallel: ready files go to the engine's pool of connections
//!   ([`flight`]), each file on one worker at a time.

mod flight;
mod inbox;
pub mod journal;
mod outbox;
pub mod ready;
mod wait;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::ops::digest::Verify;
use crate::ops::mirror::{Parallel, Parallelism};
use crate::ops::retry::{RetryPolicy, retry};
use crate::session::control::{ConnectOptions, Session};
use flight::{Item, Shared};
pub use journal::{Journal, default_path};
pub use ready::Names;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Local folder to server.
    Outbox,
    /// Server folder to local.
    Inbox,
}

/// What becomes of a source once its copy is verified.
#[derive(Debug, Clone)]
pub enum After {
    /// It stays; the journal remembers it so it is not sent again unless it changes.
    Keep,
    /// Moved into this folder (local for an outbox, remote for an inbox).
    Move(String),
    Remove,
}

pub struct Request {
    pub direction: Direction,
    pub local: PathBuf,
    /// The server folder.
    pub remote: String,
    pub connect: ConnectOptions,
    /// One pass over what is ready (two when something still settles), then return.
    pub once: bool,
    pub settle: Duration,
    pub interval: Duration,
    pub names: Names,
    /// Subfolders too (file names are then paths below the folder).
    pub recursive: bool,
    pub after: After,
    /// Outbox: where a file that failed for good goes, with `NAME.reason` beside it.
    pub failed: Option<PathBuf>,
    /// How long a file keeps being retried after its first failure.
    pub give_up_after: Duration,
    pub journal: PathBuf,
    /// Immediate retries of one attempt (`--retries`).
    pub retries: u32,
    pub verify: Verify,
    /// Files delivered at once, each on its own connection.
    pub parallel: Parallel,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Sent (outbox) or fetched (inbox), verified, and the source moved as asked.
    Delivered,
    /// An earlier, interrupted run had delivered it; only the bookkeeping was left.
    Recovered,
    /// Failed for now; tried again later.
    Retrying,
    /// Failed for good.
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub name: String,
    pub status: Status,
    pub bytes: u64,
    /// The local file (for an inbox, where it was saved).
    pub local: String,
    /// The remote file (relative to the login directory, like URL paths).
    pub remote: String,
    /// SHA-256 of the bytes moved, when a transfer ran in this pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// What the transfer proved, when one ran in this pass (for `--receipt`).
    #[serde(skip)]
    pub evidence: Option<crate::ops::transfer::Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Where the source went (`--sent`, `--failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// The source was verified unchanged but could not be moved or deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_kept: Option<String>,
    #[serde(skip)]
    pub kind: Option<ErrorKind>,
}

/// Which file a failure report is about: its name in the folder and both paths.
pub(super) struct Where<'a> {
    pub name: &'a str,
    pub local: String,
    pub remote: String,
}

/// Where a watch reports (the CLI prints; this layer never does). Only
/// `retry` is called from the workers' threads.
pub trait Observer: Sync {
    fn file(&self, report: &FileReport);
    /// A pass could not run (the server unreachable, the folder unreadable);
    /// a long-running watch tries again at the next interval.
    fn trouble(&self, _error: &Error) {}
    /// An immediate retry of `name` after `error`, the `n`th, in `delay`.
    fn retry(&self, _name: &str, _n: u32, _error: &Error, _delay: Duration) {}
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub delivered: u64,
    pub recovered: u64,
    pub failed: u64,
    pub bytes: u64,
    /// Files seen but not settled yet (the last pass).
    pub waiting: u64,
    /// Control connections opened in all.
    pub connections: u32,
    /// Fixed or adaptive, the most at once, and the server's limit if it set one.
    pub parallel: Parallelism,
    #[serde(skip)]
    pub first_failure: Option<ErrorKind>,
}

/// A file that failed and waits for its next try.
struct Trouble {
    next: Instant,
    tries: u32,
}

/// What the coordinating thread works with (the workers share [`Shared`]).
struct Cx<'a> {
    req: &'a Request,
    obs: &'a dyn Observer,
    sh: &'a Shared<'a>,
    /// The coordinator's own session (listings, the folder check); handed
    /// to the pool as its first worker's when files go out.
    session: Option<Session>,
    settle: ready::Settle,
    trouble: HashMap<String, Trouble>,
    summary: Summary,
    /// Names handed to the workers and not yet back: never handed out twice.
    in_flight: HashSet<String>,
    /// The next item number.
    items: usize,
}

/// What a scan found.
#[derive(Default)]
struct Pass {
    /// The earliest moment a waiting file may be ready or is due a retry.
    next: Option<Instant>,
    waiting: u64,
    /// Local subfolders seen (to be watched for events too).
    dirs: Vec<PathBuf>,
    /// What to deliver now, oldest first.
    ready: Vec<Item>,
}

/// Runs the watch until `req.connect.cancel` is set (or, `once`, until
/// what was ready is done).
pub fn run(req: &Request, obs: &dyn Observer) -> Result<Summary> {
    let sh = Shared::new(req, obs, Journal::open(&req.journal)?);
    let chosen = if req.parallel == Parallel::Adaptive { "adaptive" } else { "fixed" };
    let mut cx = Cx {
        req,
        obs,
        sh: &sh,
        session: None,
        settle: Default::default(),
        trouble: HashMap::new(),
        summary: Summary { parallel: Parallelism { chosen, ..Default::default() }, ..Default::default() },
        in_flight: HashSet::new(),
        items: 0,
    };
    let local_events = (req.direction == Direction::Outbox && !req.once).then_some(req.local.as_path());
    let mut waiter = wait::Waiter::new(local_events);
    let stop = req.connect.cancel.clone();
    let mut rounds = 0;
    loop {
        rounds += 1;
        let pass = cx.pass(&mut waiter);
        // Between passes no session is kept (servers end idle ones anyway),
        // except for the second look of a `once` run.
        if !req.once || rounds > 1 {
            cx.quit();
        }
        let pass = match pass {
            Ok(p) => p,
            Err(Error::Interrupted) => break,
            Err(e) if req.once => {
                cx.quit();
                return Err(e);
            }
            Err(e) => {
                obs.trouble(&e);
                Pass::default()
            }
        };
        cx.summary.waiting = pass.waiting;
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let now = Instant::now();
        if req.once {
            // What still settles gets one more look, once it can be ready.
            match pass.next.filter(|_| rounds == 1 && pass.waiting > 0) {
                Some(at) => {
                    waiter.wait(at.min(now + req.settle + Duration::from_millis(100)), &stop);
                    continue;
                }
                None => break,
            }
        }
        if waiter.wait(cx.next_scan(&pass), &stop) {
            // Writers come in bursts: let a burst end before rescanning.
            waiter.wait(Instant::now() + Duration::from_millis(100), &stop);
        }
    }
    cx.quit();
    Ok(cx.summary)
}

impl Cx<'_> {
    /// Scans the folder for what is ready (skipping what is in flight).
    fn scan(&mut self) -> Result<Pass> {
        match self.req.direction {
            Direction::Outbox => outbox::scan(self),
            Direction::Inbox => inbox::scan(self),
        }
    }

    /// When the next scan is due after `pass`.
    fn next_scan(&self, pass: &Pass) -> Instant {
        let now = Instant::now();
        pass.next.map_or(now + self.req.interval, |t| t.min(now + self.req.interval))
    }

    /// Logs the coordinator's session out, counting its connections.
    fn quit(&mut self) {
        if let Some(s) = self.session.take() {
            self.summary.connections += s.connections;
            s.quit();
        }
    }

    /// Runs `op` on the coordinator's session (see [`with_session`]).
    fn with_session<T>(&mut self, name: &str, op: impl FnMut(&mut Session) -> Result<T>) -> Result<T> {
        let mut link = Link { session: &mut self.session, dropped: &mut self.summary.connections };
        link.with(self.req, self.obs, name, op)
    }

    fn stopped(&self) -> bool {
        self.req.connect.cancel.load(Ordering::SeqCst)
    }

    /// Whether `name` waits out a backoff; its due time joins `next`.
    fn backing_off(&self, name: &str, now: Instant, next: &mut Option<Instant>) -> bool {
        match self.trouble.get(name) {
            Some(t) if t.next > now => {
                *next = Some(next.map_or(t.next, |n| n.min(t.next)));
                true
            }
            _ => false,
        }
    }

    fn delivered(&mut self, name: &str, d: flight::Done) {
        self.trouble.remove(name);
        if d.recovered {
            self.summary.recovered += 1;
        } else {
            self.summary.delivered += 1;
            self.summary.bytes += d.bytes;
        }
        self.obs.file(&FileReport {
            name: name.into(),
            status: if d.recovered { Status::Recovered } else { Status::Delivered },
            bytes: d.bytes,
            local: d.local,
            remote: d.remote,
            sha256: d.evidence.as_ref().and_then(|e| e.sha256.clone()),
            evidence: d.evidence,
            error: None,
            moved_to: d.moved_to,
            source_kept: d.kept,
            kind: None,
        });
    }

    /// Decides what a failure of `name` means: a retry later (transient,
    /// and its time not up since its first failure, which the journal keeps
    /// across runs), or failure for good (true; the caller then records and
    /// moves it).
    fn failed_for_good(&mut self, name: &str, e: &Error) -> Result<bool> {
        let since = self.sh.journal().failing(name)?;
        let failing_for = chrono::Utc::now().timestamp().saturating_sub(since);
        let lasting = !e.is_transient() || failing_for >= self.req.give_up_after.as_secs() as i64;
        if lasting {
            self.trouble.remove(name);
            return Ok(true);
        }
        let now = Instant::now();
        let t = self.trouble.entry(name.to_string()).or_insert(Trouble { next: now, tries: 0 });
        t.tries += 1;
        // Backoff doubles from the interval, at most a quarter hour.
        let backoff = self.req.interval.saturating_mul(1 << t.tries.min(5)).min(Duration::from_secs(900));
        t.next = now + backoff;
        if self.req.once {
            self.count_failure(e);
        }
        self.obs.file(&FileReport {
            name: name.into(),
            status: Status::Retrying,
            bytes: 0,
            local: String::new(),
            remote: String::new(),
            sha256: None,
            evidence: None,
            error: Some(e.to_string()),
            moved_to: None,
            source_kept: None,
            kind: Some(e.kind()),
        });
        Ok(false)
    }

    fn count_failure(&mut self, e: &Error) {
        self.summary.failed += 1;
        self.summary.first_failure.get_or_insert(e.kind());
    }

    fn report_failure(&mut self, at: Where, e: &Error, moved_to: Option<String>) {
        self.count_failure(e);
        self.obs.file(&FileReport {
            name: at.name.into(),
            status: Status::Failed,
            bytes: 0,
            local: at.local,
            remote: at.remote,
            sha256: None,
            evidence: None,
            error: Some(e.to_string()),
            moved_to,
            source_kept: None,
            kind: Some(e.kind()),
        });
    }
}

/// A session a delivery runs on (a worker's, or the coordinator's): none
/// after a failure, and the connections of the sessions it dropped.
struct Link<'s> {
    session: &'s mut Option<Session>,
    dropped: &'s mut u32,
}

impl Link<'_> {
    /// Runs `op` on a logged-in session (connecting when there is none),
    /// with `--retries` immediate retries, reconnecting, after transient
    /// failures.
    fn with<T>(
        &mut self,
        req: &Request,
        obs: &dyn Observer,
        name: &str,
        mut op: impl FnMut(&mut Session) -> Result<T>,
    ) -> Result<T> {
        let policy = RetryPolicy::new(req.retries);
        let cancel = req.connect.cancel.clone();
        let stop = move || cancel.load(Ordering::SeqCst);
        let (session, dropped) = (&mut *self.session, &mut *self.dropped);
        retry(&policy, &stop, &mut |n, e, d| obs.retry(name, n, e, d), |_| {
            if session.is_none() {
                *session = Some(Session::connect(req.connect.clone())?);
            }
            let Some(s) = session.as_mut() else { return Err(Error::ConnectionClosed) };
            let r = op(s);
            if r.as_ref().is_err_and(Error::is_transient)
                && let Some(s) = session.take()
            {
                *dropped += s.connections;
            }
            r
        })
    }
}

/// `dir/rel`, or `dir/rel.N` with the smallest free N: a move never
/// replaces an earlier file of the same name. Missing folders on the way
/// are created (a failure shows in the rename that follows).
fn free_name(dir: &Path, rel: &str) -> PathBuf {
    let plain = dir.join(rel);
    if let Some(parent) = plain.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let name = rel;
    if std::fs::symlink_metadata(&plain).is_err() {
        return plain;
    }
    (1..10_000)
        .map(|n| dir.join(format!("{name}.{n}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or(plain)
}
