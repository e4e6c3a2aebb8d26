//! Drives a segmented transfer: one thread per connection, each taking
//! claims from the shared [`Board`] and moving them with its [`Mover`]
//! (ranged reads for downloads, ranged writes for uploads), while the
//! calling thread reports progress, checkpoints (every [`CHECKPOINT`] while
//! bytes move: a download's state file) and, in an adaptive pool, adds
//! connections as [`adapt::decide`] says.
//!
//! The first connection is the caller's session; the others log in with
//! its options. A server that refuses an extra login (`421`, `530`, a
//! refused connect) only shrinks the pool. A connection that fails gives
//! its claim back for the others; the download fails only when none is
//! left and ranges are missing, and then the state file lets the retry
//! fetch just those.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::adapt::{self, Sample};
use super::plan::{Board, ClaimId};
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::session::control::{ConnectOptions, Session};
use crate::session::data::relabel_local;

/// How often the state file is brought up to date while ranges run: what
/// arrived since the last one is fetched again after a crash. A second lost
/// 20% of a 128 MiB file on a 40 MB/s capped link (bench/results-segments.md);
/// a quarter second bounds that to a few MiB, for one fsync of the `.part`
/// per checkpoint.
const CHECKPOINT: Duration = Duration::from_millis(250);
/// ... or sooner, once this much arrived since the last: 16 connections
/// at 5 MB/s each move 20 MB in a quarter second (a SIGKILL at 40% of a
/// 128 MiB file then cost 79% of it again instead of 63%, bench/run).
const CHECKPOINT_BYTES: u64 = 8 * 1024 * 1024;
/// An adaptive pool measures over windows of [`WINDOW_RTTS`] round trips
/// (enough for new connections to start their ranges and leave TCP slow
/// start), and at least this long, with an unchanged number of connections
/// moving data. A fixed second made a 5 s download spend most of it
/// ramping up; windows of 1.5 logins (a login's guess is two probes) cost
/// a capped 150 ms link 2.3 s before its first step (bench/run: 1.22x
/// lftp `pget -n 8`).
const WINDOW: Duration = Duration::from_millis(300);
/// Round trips per window; the first, one connection alone, needs only
/// to see data flow ([`FIRST_WINDOW_RTTS`]): going from one to four is
/// what other clients do unmeasured.
const WINDOW_RTTS: u32 = 8;
const FIRST_WINDOW_RTTS: u32 = 3;
/// How often one connection logs in again after a transient failure
/// (a lost link, a stalled range) before it leaves the pool.
const RECONNECTS: u32 = 3;

/// What moves one claim, and what records progress: the one difference
/// between segmented downloads and uploads.
pub trait Mover: Sync {
    /// Moves claim `id` on `s` until it is full, counting bytes in
    /// `written`. `Ok` only when it is; the runner releases the claim
    /// either way.
    fn range(&self, s: &mut Session, board: &Mutex<Board>, id: ClaimId, written: &AtomicU64) -> Result<()>;
    /// Records what `board` says is done (a download's state file).
    fn checkpoint(&self, board: &Board) -> Result<()>;
    /// More connections are about to take ranges: what a crash must find
    /// before their first byte is written goes now.
    fn splitting(&self, _board: &Board) -> Result<()> {
        Ok(())
    }
    /// The local file, named in local errors.
    fn local(&self) -> &Path;
    /// No claim may be taken any more (a failure that retrying cannot mend).
    fn halted(&self) -> bool {
        false
    }
}

/// How many connections besides the caller's.
#[derive(Debug, Clone, Copy)]
pub enum Pool {
    /// This many more, all at once (`--segments N`).
    Fixed(usize),
    /// Up to `max` in all, more while they pay off; `login` is what a
    /// login is guessed to cost until one was measured, `rtt` a command's
    /// round trip (near servers get no more once one moves a full line).
    Adaptive { max: usize, login: Duration, rtt: Duration },
}

/// What the threads share.
struct Shared<'a> {
    board: Mutex<Board>,
    /// Signalled when a claim ends (an idle connection may find work).
    changed: Condvar,
    mover: &'a dyn Mover,
    remote: &'a str,
    written: AtomicU64,
    /// Connections started and not yet ended.
    alive: AtomicUsize,
    /// Connections that have begun reading a range and not yet ended.
    reading: AtomicUsize,
    /// The server turned an extra login away: the pool grows no more.
    refused: AtomicBool,
    /// The last extra login's duration in milliseconds (0: none yet).
    login_ms: AtomicU64,
    errors: Mutex<Vec<Error>>,
    trace: crate::session::trace::Trace,
    /// The run's interrupt flag: no claim is taken once it is set.
    cancel: std::sync::Arc<AtomicBool>,
    /// This download failed locally (its state could not be written): no
    /// claim is taken either.
    stop: AtomicBool,
}

impl<'a> Shared<'a> {
    /// One connection alive (the caller's), nothing moved yet.
    fn new(
        board: Board,
        mover: &'a dyn Mover,
        remote: &'a str,
        trace: crate::session::trace::Trace,
        cancel: std::sync::Arc<AtomicBool>,
    ) -> Self {
        Shared {
            board: Mutex::new(board),
            changed: Condvar::new(),
            mover,
            remote,
            written: AtomicU64::new(0),
            alive: AtomicUsize::new(1),
            reading: AtomicUsize::new(0),
            refused: AtomicBool::new(false),
            login_ms: AtomicU64::new(0),
            errors: Mutex::new(Vec::new()),
            trace,
            cancel,
            stop: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next claim, waiting while others run and nothing can be taken;
    /// `None` once everything is done or the run is interrupted.
    fn next(&self) -> Option<usize> {
        let mut b = self.lock();
        loop {
            if self.cancel.load(Ordering::Relaxed) || self.stop.load(Ordering::Relaxed) || self.mover.halted() {
                return None;
            }
            if let Some(id) = b.take() {
                return Some(id);
            }
            if b.in_flight() == 0 {
                return None;
            }
            b = self.changed.wait_timeout(b, CHECKPOINT).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
        }
    }

    fn release(&self, id: usize) {
        self.lock().release(id);
        self.changed.notify_all();
    }

    /// Runs claims on `s` until none is left or the session fails.
    fn work(&self, s: &mut Session) -> Result<()> {
        let mut started = false;
        let r = (|| {
            while let Some(id) = self.next() {
                if !started {
                    started = true;
                    self.reading.fetch_add(1, Ordering::Relaxed);
                }
                let r = self.mover.range(s, &self.board, id, &self.written);
                self.release(id);
                r?;
            }
            Ok(())
        })();
        if started {
            self.reading.fetch_sub(1, Ordering::Relaxed);
        }
        r
    }

    /// [`Shared::work`], logging in again after a transient failure while
    /// ranges are left, so a long download over a faulty link keeps its
    /// connections (the range it was reading went back to the board).
    fn serve(&self, s: &mut Session, n: usize) -> Result<()> {
        let mut lost = 0;
        loop {
            let e = match self.work(s) {
                Ok(()) => return Ok(()),
                Err(e) => e,
            };
            let more = !self.lock().finished() && !self.cancel.load(Ordering::Relaxed);
            if !(e.is_transient() && more && lost < RECONNECTS) {
                return Err(e);
            }
            lost += 1;
            self.file_note(format_args!("connection {n}: {e}; logging in again"));
            s.reconnect_same()?;
        }
    }

    /// Connection `n` (counting the caller's as 1): logs in and works.
    fn extra(&self, opts: ConnectOptions, n: usize) {
        let trace = opts.trace.clone();
        let began = Instant::now();
        let r = match Session::connect(opts) {
            Ok(mut s) => {
                let ms = u64::try_from(began.elapsed().as_millis()).unwrap_or(u64::MAX).max(1);
                self.login_ms.store(ms, Ordering::Relaxed);
                let r = self.serve(&mut s, n);
                s.quit();
                r
            }
            Err(e) if crate::ops::mirror::is_refusal(&e) => {
                trace.note(format_args!("{}: server refused segment connection {n}: {e}", self.remote));
                self.refused.store(true, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => Err(e),
        };
        if let Err(e) = r {
            trace.note(format_args!("{}: segment connection {n}: {e}", self.remote));
            self.errors.lock().unwrap_or_else(|p| p.into_inner()).push(e);
        }
        self.ended();
    }

    /// A `-v` line about this file.
    fn file_note(&self, args: std::fmt::Arguments<'_>) {
        self.trace.note(format_args!("{}: {args}", self.remote));
    }

    fn ended(&self) {
        self.alive.fetch_sub(1, Ordering::Relaxed);
        self.changed.notify_all();
    }
}

/// Moves what `board` says is missing of `remote` (`size` bytes) with
/// `mover` on `s` and the connections `pool` allows. Returns whether the
/// caller's session failed (it needs a reconnect before further commands).
pub fn run(
    s: &mut Session,
    remote: &str,
    size: u64,
    mover: &dyn Mover,
    board: Board,
    pool: Pool,
    progress: &mut dyn Progress,
) -> Result<bool> {
    let opts = s.options().clone();
    let sh = Shared::new(board, mover, remote, opts.trace.clone(), opts.cancel.clone());
    let mut main_failed = false;
    let outcome = std::thread::scope(|scope| {
        let sh = &sh;
        let mut connections = 1;
        let mut add = || {
            connections += 1;
            let n = connections;
            let opts = opts.clone();
            sh.alive.fetch_add(1, Ordering::Relaxed);
            scope.spawn(move || sh.extra(opts, n));
        };
        if let Pool::Fixed(extra) = pool {
            for _ in 0..extra {
                add();
            }
        }
        let main = scope.spawn(|| {
            let r = sh.serve(s, 1);
            sh.ended();
            r
        });
        let grow = match pool {
            Pool::Adaptive { max, login, rtt } => Some(Grower::new(max, login, rtt)),
            Pool::Fixed(_) => None,
        };
        let r = watch(sh, size, progress, grow, &mut add);
        if r.is_err() {
            sh.stop.store(true, Ordering::Relaxed);
            sh.changed.notify_all();
        }
        match main.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                main_failed = true;
                sh.errors.lock().unwrap_or_else(|p| p.into_inner()).insert(0, e);
            }
            Err(_) => main_failed = true,
        }
        r
    });
    outcome?;
    // The threads are done: the last checkpoint sees everything they wrote.
    let board = sh.board.into_inner().unwrap_or_else(|p| p.into_inner());
    mover.checkpoint(&board)?;
    if board.finished() {
        return Ok(main_failed);
    }
    if sh.cancel.load(Ordering::Relaxed) {
        return Err(Error::Interrupted);
    }
    let errors = sh.errors.into_inner().unwrap_or_else(|p| p.into_inner());
    let missing = board.written().missing(size).iter().map(|(a, b)| b - a).sum::<u64>();
    Err(errors.into_iter().next().map(|e| relabel_local(e, mover.local())).unwrap_or_else(|| {
        Error::Transfer(format!("{remote}: {missing} bytes are still missing and no connection is left"))
    }))
}

/// The adaptive pool's measurements.
struct Grower {
    max: usize,
    login: Duration,
    rtt: Duration,
    history: Vec<Sample>,
    /// Start of the current window: when, bytes written, connections reading.
    window: (Instant, u64, usize),
    /// Bytes moved since the number of connections changed: a window
    /// starts at the first (a range's set-up is round trips of nothing,
    /// and a window of nothing would read as a rate of 0).
    flowing: bool,
    /// A connection was added and has not begun reading (or failed) yet.
    pending: bool,
    done: bool,
}

impl Grower {
    fn new(max: usize, login: Duration, rtt: Duration) -> Grower {
        let window = (Instant::now(), 0, 0);
        Grower { max, login, rtt, history: Vec::new(), window, flowing: false, pending: false, done: false }
    }

    /// Called often; returns how many connections to add now.
    fn tick(&mut self, sh: &Shared<'_>, written: u64, left: u64) -> usize {
        let reading = sh.reading.load(Ordering::Relaxed);
        let alive = sh.alive.load(Ordering::Relaxed);
        if self.pending && reading >= alive {
            self.pending = false;
        }
        if sh.refused.load(Ordering::Relaxed) && !self.done {
            self.done = true;
            sh.file_note(format_args!("the server refused more logins: staying at {reading} connections"));
        }
        if reading != self.window.2 {
            self.window = (Instant::now(), written, reading);
            self.flowing = false;
            return 0;
        }
        if !self.flowing {
            if written > self.window.1 {
                self.window = (Instant::now(), written, reading);
                self.flowing = true;
            }
            return 0;
        }
        let elapsed = self.window.0.elapsed();
        let login = match sh.login_ms.load(Ordering::Relaxed) {
            0 => self.login,
            ms => Duration::from_millis(ms),
        };
        let rtts = if self.history.is_empty() { FIRST_WINDOW_RTTS } else { WINDOW_RTTS };
        if self.done || self.pending || elapsed < WINDOW.max(self.rtt * rtts) {
            return 0;
        }
        let rate = (written - self.window.1) as f64 / elapsed.as_secs_f64();
        self.history.retain(|s| s.connections != reading);
        self.history.push(Sample { connections: reading, rate });
        self.window = (Instant::now(), written, reading);
        let stealable = sh.lock().largest_left() >= 2 * super::MIN_PIECE;
        let grow = if stealable { adapt::decide(&self.history, left, login, self.rtt, self.max) } else { 0 };
        sh.file_note(format_args!(
            "{reading} connection{} moved {}/s over {} ms (login {} ms): {}",
            if reading == 1 { "" } else { "s" },
            indicatif::HumanBytes(rate as u64),
            elapsed.as_millis(),
            login.as_millis(),
            if grow > 0 { format!("adding {grow}") } else { "no more".into() }
        ));
        if grow > 0 {
            self.pending = true;
        } else {
            // Settled: conditions only get worse as the file nears its end.
            self.done = true;
        }
        grow
    }
}

/// The calling thread's part while connections run: progress, a
/// checkpoint every [`CHECKPOINT`] when bytes moved, and the adaptive pool.
fn watch(
    sh: &Shared<'_>,
    size: u64,
    progress: &mut dyn Progress,
    mut grow: Option<Grower>,
    add: &mut dyn FnMut(),
) -> Result<()> {
    let mut reported = 0;
    let mut saved = Instant::now();
    let mut saved_at = 0;
    loop {
        let done = sh.alive.load(Ordering::Relaxed) == 0;
        let now = sh.written.load(Ordering::Relaxed);
        // An upload's failed range counts back (its bytes are sent again).
        progress.advance(now.saturating_sub(reported));
        reported = now;
        if done {
            return Ok(());
        }
        if (saved.elapsed() >= CHECKPOINT || now.saturating_sub(saved_at) >= CHECKPOINT_BYTES) && now != saved_at {
            let snapshot = sh.lock();
            let r = sh.mover.checkpoint(&snapshot);
            drop(snapshot);
            r?;
            saved = Instant::now();
            saved_at = now;
        }
        if let Some(g) = grow.as_mut() {
            let left = size.saturating_sub(sh.lock().written_total());
            let more = g.tick(sh, now, left);
            if more > 0 {
                let snapshot = sh.lock();
                let r = sh.mover.splitting(&snapshot);
                drop(snapshot);
                r?;
            }
            for _ in 0..more {
                add();
            }
        }
        let b = sh.lock();
        drop(sh.changed.wait_timeout(b, Duration::from_millis(100)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::segments::plan::Done;

    struct Idle;
    impl Mover for Idle {
        fn range(&self, _: &mut Session, _: &Mutex<Board>, _: ClaimId, _: &AtomicU64) -> Result<()> {
            Ok(())
        }
        fn checkpoint(&self, _: &Board) -> Result<()> {
            Ok(())
        }
        fn local(&self) -> &Path {
            Path::new("f")
        }
    }

    fn shared(mover: &Idle, cancel: bool) -> Shared<'_> {
        let cancel = std::sync::Arc::new(AtomicBool::new(cancel));
        Shared::new(Board::new(100, Done::new(), 2, 10), mover, "f", Default::default(), cancel)
    }

    #[test]
    fn an_interrupted_run_hands_out_no_more_ranges() {
        assert!(shared(&Idle, false).next().is_some());
        assert!(shared(&Idle, true).next().is_none());
        let failed = shared(&Idle, false);
        failed.stop.store(true, Ordering::Relaxed);
        assert!(failed.next().is_none());
    }

    #[test]
    fn an_idle_connection_waits_for_a_range_given_back() {
        let sh = shared(&Idle, false);
        let a = sh.next().unwrap();
        let b = sh.next().unwrap();
        sh.lock().advance(b, 50);
        sh.release(b);
        std::thread::scope(|scope| {
            // Nothing to take while `a` runs with too little left to halve...
            sh.lock().advance(a, 35);
            let idle = scope.spawn(|| sh.next());
            std::thread::sleep(Duration::from_millis(50));
            assert!(!idle.is_finished());
            // ...until `a` fails and gives its rest back.
            sh.release(a);
            let got = idle.join().unwrap().unwrap();
            assert_eq!(sh.lock().claim(got).map(|c| (c.start, c.end)), Some((35, 50)));
        });
    }
}
