//! Worker threads, each owning one control connection, fed from one queue.
//!
//! The coordinating thread submits jobs and collects their results. The
//! first worker logs in alone (a wrong password then costs one failed login,
//! not N); the others connect and finish their TLS handshakes meanwhile
//! and send their credentials as soon as it has succeeded. With a fixed
//! size they all start at once (or, for work that arrives over time, one
//! more per job waiting, up to the size); an adaptive pool instead opens
//! more as [`adapt::decide`] says, from what it measures here: login times,
//! time per job, jobs left, and throughput while every connection is busy. Workers
//! reconnect after a failure; one that cannot log in at all puts its job
//! back and leaves, and the run goes on with the others until none is left.
//! In an adaptive pool a server's refusal of an extra connection is a limit
//! learnt, not a loss.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{Scope, ScopedJoinHandle};
use std::time::{Duration, Instant};

use super::adapt::{self, Decision, Level, Measure, Parallel, Parallelism};
use super::job::{Job, JobResult, Output, WorkerCtx};
use super::queue::Queue;
use super::worker::Worker;
use crate::error::{Error, Result};
use crate::session::control::{GateStep, Session};

/// A measurement window closes after this many completions per connection
/// (at least [`WINDOW_MIN_JOBS`]) and [`WINDOW_MIN_TIME`], so a rate is
/// never read off a handful of millisecond-long jobs.
const WINDOW_JOBS_PER_CONNECTION: u64 = 1;
const WINDOW_MIN_JOBS: u64 = 8;
const WINDOW_MIN_TIME: Duration = Duration::from_millis(50);

/// What workers send back.
pub(super) enum Message {
    /// Logged in, after this long (`None`: it took over a caller's session),
    /// and the first worker of an adaptive pool: one round trip's time.
    Up(Option<Duration>, Option<Duration>),
    /// A finished job and how long the worker spent on it.
    Done(JobResult, Duration),
    /// A worker could not (re)connect and has left (`true`: it had been up);
    /// `None` when it never tried because the first login had failed.
    Gone(Option<Error>, bool),
    /// A worker logged out because the pool shrank.
    Retired,
}

type Spawn<'scope> = Box<dyn Fn(bool, Option<Session>) -> ScopedJoinHandle<'scope, u32> + 'scope>;

pub(super) struct Pool<'scope> {
    queue: &'scope Queue,
    rx: Receiver<Message>,
    spawn: Spawn<'scope>,
    adaptive: bool,
    /// The jobs submitted are not all there will be (see `Measure::more_coming`).
    more_coming: bool,
    trace: crate::session::trace::Trace,
    /// Workers not yet gone.
    alive: usize,
    /// Of those, logged in and working.
    up: usize,
    outstanding: usize,
    handles: Vec<ScopedJoinHandle<'scope, u32>>,
    /// Why the first worker to leave left: the error when none is left.
    first_loss: Option<Error>,
    /// Why workers left while others carried on, for a warning.
    pub losses: Vec<String>,
    m: Measured,
    report: Parallelism,
    /// A fixed pool that opens connections as work arrives, up to this many
    /// (see [`Pool::widen_with_work`]); 0: none opened that way.
    widen_to: usize,
}

/// What an adaptive pool has measured so far.
#[derive(Default)]
struct Measured {
    logins: Vec<Duration>,
    rtt: Option<Duration>,
    levels: Vec<Level>,
    window: Option<Window>,
    per_job: Option<Duration>,
    limit: Option<usize>,
    /// Growth is over for this run (a plateau or a shrink after a slowdown).
    settled: bool,
}

/// Completions counted while `connections` connections were all busy.
struct Window {
    started: Instant,
    connections: usize,
    transfers: bool,
    jobs: u64,
    bytes: u64,
    busy: Duration,
}

impl<'scope> Pool<'scope> {
    /// Starts the pool; `seed`, a session the caller already logged in
    /// with, becomes the first worker's (one login fewer, and trust decisions
    /// already taken). `more_coming`: the first jobs lead to more (a tree).
    pub fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        size: Parallel,
        more_coming: bool,
        queue: &'env Queue,
        ctx: &'env WorkerCtx<'env>,
        seed: Option<Session>,
    ) -> Pool<'scope>
    where
        'env: 'scope,
    {
        let (tx, rx) = mpsc::channel::<Message>();
        let adaptive = size == Parallel::Adaptive;
        let spawn: Spawn<'scope> = Box::new(move |first, session| {
            let tx = tx.clone();
            scope.spawn(move || run_worker(ctx, queue, tx, first, session, adaptive))
        });
        let n = match size {
            Parallel::Fixed(n) => n.max(1),
            Parallel::Adaptive => 1,
        };
        let mut seed = seed;
        let handles = (0..n).map(|i| spawn(i == 0, if i == 0 { seed.take() } else { None })).collect();
        let report = Parallelism { chosen: if adaptive { "adaptive" } else { "fixed" }, ..Parallelism::default() };
        Pool {
            queue,
            rx,
            spawn,
            adaptive,
            more_coming,
            trace: ctx.connect.trace.clone(),
            alive: n,
            up: 0,
            outstanding: 0,
            handles,
            first_loss: None,
            losses: Vec::new(),
            m: Measured::default(),
            report,
            widen_to: 0,
        }
    }

    pub fn submit(&mut self, job: Job) {
        self.outstanding += 1;
        self.queue.push(job);
        if self.alive < self.widen_to.min(self.outstanding) {
            self.handles.push((self.spawn)(false, None));
            self.alive += 1;
        }
    }

    /// Lets a fixed pool started small open a connection per job submitted
    /// while all are taken, up to `n` (work that arrives over time: a
    /// watched folder, where N logins for one file would be waste).
    pub fn widen_with_work(&mut self, n: usize) {
        if !self.adaptive {
            self.widen_to = n;
        }
    }

    pub fn outstanding(&self) -> usize {
        self.outstanding
    }

    /// Takes back the jobs no worker has started (a stop: only the running
    /// ones are still waited for).
    pub fn drop_queued(&mut self) {
        self.outstanding = self.outstanding.saturating_sub(self.queue.drop_waiting());
    }

    /// The next finished job; an error only when every worker has gone.
    pub fn recv(&mut self) -> Result<JobResult> {
        loop {
            if let Some(r) = self.recv_until(None)? {
                return Ok(r);
            }
        }
    }

    /// Like [`Pool::recv`], but `None` once `until` has passed first.
    pub fn recv_until(&mut self, until: Option<Instant>) -> Result<Option<JobResult>> {
        loop {
            if self.adaptive && self.m.levels.is_empty() && self.up > 0 && self.up == self.alive {
                // Nothing measured at this size yet: the opening move.
                self.ask(None);
            }
            if self.alive == 0 {
                return Err(self.first_loss.take().unwrap_or(Error::ConnectionClosed));
            }
            let message = match until {
                None => self.rx.recv().map_err(|_| ()),
                Some(t) => match self.rx.recv_timeout(t.saturating_duration_since(Instant::now())) {
                    Err(mpsc::RecvTimeoutError::Timeout) => return Ok(None),
                    other => other.map_err(|_| ()),
                },
            };
            match message {
                Ok(Message::Up(login, rtt)) => {
                    self.up += 1;
                    self.report.max = self.report.max.max(self.up);
                    self.m.logins.extend(login);
                    self.m.rtt = self.m.rtt.or(rtt);
                }
                Ok(Message::Done(r, busy)) => {
                    self.outstanding -= 1;
                    if self.adaptive {
                        self.measure(&r, busy);
                    }
                    return Ok(Some(r));
                }
                Ok(Message::Gone(e, was_up)) => self.gone(e, was_up),
                Ok(Message::Retired) => {
                    self.alive -= 1;
                    self.up -= 1;
                }
                Err(_) => self.alive = 0,
            }
        }
    }

    fn gone(&mut self, e: Option<Error>, was_up: bool) {
        self.alive -= 1;
        if was_up {
            self.up -= 1;
        }
        self.m.window = None;
        let Some(e) = e else { return };
        // An extra connection turned away while others work: the server's limit.
        if self.adaptive && self.alive > 0 && adapt::is_refusal(&e) {
            self.ask(Some(&e.to_string()));
            return;
        }
        if self.alive > 0 {
            self.losses.push(e.to_string());
        }
        self.first_loss.get_or_insert(e);
    }

    /// Counts a finished job into the open measurement window, opens one
    /// when every connection is busy, and asks for a decision when one closes.
    fn measure(&mut self, r: &JobResult, busy: Duration) {
        if self.m.settled {
            return;
        }
        let transfers = r.job.is_transfer();
        let bytes = match &r.result {
            Ok(Output::Transferred(b, _)) => *b,
            _ => 0,
        };
        let all_busy = self.up == self.alive && self.outstanding >= self.alive;
        if let Some(w) = &mut self.m.window {
            if w.transfers != transfers {
                // Listings and transfers run at different rates: start over.
                self.m.levels.clear();
                self.m.window = None;
            } else if !all_busy || w.connections != self.alive {
                // Idle connections (the queue ran low) say nothing about size.
                self.m.window = None;
            } else {
                w.jobs += 1;
                w.bytes += bytes;
                w.busy += busy;
                let elapsed = w.started.elapsed();
                let enough = (w.connections as u64 * WINDOW_JOBS_PER_CONNECTION).max(WINDOW_MIN_JOBS);
                if w.jobs >= enough && elapsed >= WINDOW_MIN_TIME {
                    let secs = elapsed.as_secs_f64();
                    self.m.levels.push(Level {
                        connections: w.connections,
                        files_per_sec: w.jobs as f64 / secs,
                        bytes_per_sec: w.bytes as f64 / secs,
                    });
                    self.m.per_job = Some(w.busy / w.jobs as u32);
                    self.m.window = None;
                    self.ask(None);
                }
                return;
            }
        }
        if self.m.window.is_none() && all_busy && self.alive > 0 {
            self.m.window = Some(Window {
                started: Instant::now(),
                connections: self.alive,
                transfers,
                jobs: 0,
                bytes: 0,
                busy: Duration::ZERO,
            });
        }
    }

    /// Asks [`adapt::decide`] and carries the decision out.
    fn ask(&mut self, refused: Option<&str>) {
        if self.m.settled && refused.is_none() {
            return;
        }
        let mut logins = self.m.logins.clone();
        logins.sort();
        let m = Measure {
            alive: self.alive,
            limit: self.m.limit,
            jobs_left: self.outstanding,
            login: logins.get(logins.len() / 2).copied(),
            rtt: self.m.rtt,
            per_job: self.m.per_job,
            levels: &self.m.levels,
            refused,
            more_coming: self.more_coming,
        };
        match adapt::decide(&m) {
            Decision::Grow { to, why } => {
                self.note(self.alive, to, &why);
                for _ in self.alive..to {
                    self.handles.push((self.spawn)(false, None));
                }
                self.alive = to;
                self.m.window = None;
            }
            Decision::Shrink { to, why } => {
                let from = if refused.is_some() { self.alive + 1 } else { self.alive };
                self.note(from, to, &why);
                if refused.is_some() {
                    self.m.limit = Some(self.m.limit.map_or(to, |l| l.min(to)));
                    self.report.limit.get_or_insert_with(|| why.to_string());
                } else {
                    self.queue.retire(self.alive.saturating_sub(to));
                    self.m.settled = true;
                }
            }
            Decision::Hold { why, settled } => {
                if settled {
                    self.m.settled = true;
                    self.trace.note(format_args!("connections: staying at {}: {why}", self.alive));
                }
            }
        }
    }

    fn note(&mut self, from: usize, to: usize, why: &adapt::Why) {
        let line = format!("{from} -> {to}: {why}");
        self.trace.note(format_args!("connections: {line}"));
        self.report.changes.push(line);
    }

    /// Closes the queue, lets workers log out, and returns how many control
    /// connections were opened in all, and what sized the pool.
    pub fn finish(mut self) -> (u32, Parallelism) {
        self.queue.close();
        let opened = std::mem::take(&mut self.handles).into_iter().map(|h| h.join().unwrap_or(0)).sum();
        // Logins that completed after the last job still count as at once.
        while let Ok(message) = self.rx.try_recv() {
            match message {
                Message::Up(..) => {
                    self.up += 1;
                    self.report.max = self.report.max.max(self.up);
                }
                Message::Gone(_, true) | Message::Retired => self.up = self.up.saturating_sub(1),
                _ => {}
            }
        }
        (opened, std::mem::take(&mut self.report))
    }
}

impl Drop for Pool<'_> {
    /// An early return (a fatal error) must still release the workers, or the
    /// thread scope would wait for them forever.
    fn drop(&mut self) {
        self.queue.close();
    }
}

fn run_worker(
    ctx: &WorkerCtx<'_>,
    queue: &Queue,
    tx: Sender<Message>,
    first: bool,
    seed: Option<Session>,
    adaptive: bool,
) -> u32 {
    let mut worker = Worker::new(ctx);
    // An adaptive pool learns from a refusal of an extra connection
    // instead of retrying it; the first one retries as always.
    worker.refusal_is_final = adaptive && !first;
    // The others connect and secure at once, overlapping the first login,
    // and send credentials only once it has worked (the wait for it is not
    // part of their login time).
    let mut waited = Duration::ZERO;
    // The first one opens the gate as soon as its credentials are taken,
    // not after the rest of its set-up.
    let mut gate = |step| match step {
        GateStep::LoggedIn => {
            if first {
                queue.set_first_login(true);
            }
            true
        }
        GateStep::Password if first => true,
        GateStep::Password => {
            let t = Instant::now();
            let ok = queue.wait_first_login() && !queue.lock().closed;
            waited += t.elapsed();
            ok
        }
    };
    let started = Instant::now();
    let login = match seed {
        Some(s) => {
            worker.adopt(s);
            Ok(None)
        }
        None => match worker.connect_gated(&mut gate) {
            Ok(true) => Ok(Some(started.elapsed().saturating_sub(waited))),
            Ok(false) => {
                let _ = tx.send(Message::Gone(None, false));
                return worker.connections();
            }
            Err(e) => Err(e),
        },
    };
    if first {
        queue.set_first_login(login.is_ok());
    }
    match login {
        Ok(took) => {
            // Only the first is asked: the opening move needs it once.
            let rtt = if adaptive && first { worker.round_trip() } else { None };
            let _ = tx.send(Message::Up(took, rtt));
        }
        Err(e) => {
            let _ = tx.send(Message::Gone(Some(e), false));
            return worker.connections();
        }
    }
    while let Some(job) = queue.pop() {
        let started = Instant::now();
        match worker.run(job) {
            Ok(result) => {
                if tx.send(Message::Done(result, started.elapsed())).is_err() {
                    break;
                }
            }
            Err(lost) => {
                let (job, e) = *lost;
                // Could not get a working connection: let another worker have it.
                queue.push(job);
                let _ = tx.send(Message::Gone(Some(e), true));
                return worker.connections();
            }
        }
    }
    let closed = queue.lock().closed;
    worker.quit();
    if !closed {
        let _ = tx.send(Message::Retired);
    }
    worker.connections()
}
