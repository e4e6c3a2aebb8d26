//! Spare control connections, logged in in the background.
//!
//! Against a server that insists on TLS 1.3 (it refused TLS 1.2, or the
//! user ruled 1.2 out) and issues tickets only at login, like ProFTPD, a
//! control connection carries as many uploads as it got tickets (2), because
//! rustls spends each TLS 1.3 ticket once and uploads bring no new one.
//! Logging in again is then unavoidable every other upload; what can be
//! avoided is waiting for it. So when an upload spends a session's last
//! ticket, the next connection is already being opened on another thread,
//! and the session switches to it when the ticket supply is gone.
//!
//! Logins on such servers take far longer than an upload (ProFTPD forks a
//! process and loads its TLS setup per connection: tens to hundreds of
//! milliseconds here), so the number of spares in flight grows, up to
//! [`MAX_SPARES`], each time the session had to wait for one. A spare that
//! fails (e.g. the server limits sessions per client) sets a cap on the
//! connections held at once, the number that were open then less one; with a
//! cap of one the session reconnects in the foreground, as without spares.
//!
//! Spent connections are parked (left open, idle) rather than closed at once,
//! up to [`MAX_PARKED`], then closed together. ProFTPD's listener stops
//! accepting for about 400 ms after each session process exits (measured on
//! loopback: a connection made 50 ms after another one closed waits 350 ms
//! for its greeting, 2 ms when the earlier one is still open), so closing
//! every spent connection right away would stall each spare behind it.
//!
//! All sessions of the process (mirror workers) share one budget of such
//! extra connections, [`MAX_EXTRA`], so parallel workers do not multiply it.

use std::collections::VecDeque;
use std::io::BufReader;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::ConnectOptions;
use super::login::{Established, establish};
use crate::error::Result;
use crate::session::trace::Trace;
use crate::stream::Stream;
use crate::tls::TlsVersion;
use crate::wire::Command;

/// Most spare logins in flight per session: each holds a server process.
const MAX_SPARES: usize = 4;

/// Spent control connections kept open before they are closed together:
/// below the 30 sessions Debian's stock ProFTPD allows (`MaxInstances`), with
/// room for the spares in flight and the current one.
const MAX_PARKED: usize = 24;

/// Extra connections (parked and spares) all sessions of the process may
/// hold at once.
const MAX_EXTRA: usize = MAX_PARKED + MAX_SPARES;

/// A spare unused for this long may have been dropped by the server's idle
/// timeout (an interactive shell pauses between uploads): log in afresh.
const MAX_IDLE: Duration = Duration::from_secs(30);

/// Extra connections held now, by all sessions of the process.
static EXTRA_OPEN: AtomicUsize = AtomicUsize::new(0);

/// Numbers the spares of a run in `-v` lines.
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

pub(super) struct Spare {
    pub id: u32,
    pub est: Established,
    /// The directory the spare changed into (the session's, when started).
    pub cwd: Option<String>,
    ready_at: Instant,
}

#[derive(Default)]
pub(super) struct Spares {
    pending: VecDeque<(u32, JoinHandle<Result<Spare>>)>,
    depth: usize,
    disabled: bool,
    parked: Vec<BufReader<Stream>>,
    /// Most control connections (current, parked, spares) open at once,
    /// learnt from a spare the server refused.
    cap: Option<usize>,
    /// This session's share of [`EXTRA_OPEN`].
    accounted: usize,
}

impl Spares {
    /// Keeps `depth` spares in flight (at least one), logging in to the same
    /// server with TLS 1.3 and changing into `cwd`.
    pub fn top_up(&mut self, opts: &ConnectOptions, cwd: Option<&str>) {
        if self.disabled {
            return;
        }
        self.depth = self.depth.clamp(1, MAX_SPARES);
        while self.pending.len() < self.depth && self.room() > 0 && global_room() > 0 {
            let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
            let mut opts = opts.clone();
            opts.trace = tagged(&opts.trace, id);
            opts.trace.note(format_args!("opening spare control connection {id} in the background"));
            let cwd = cwd.map(str::to_owned);
            let spawned = std::thread::Builder::new().name(format!("ftps-spare-{id}")).spawn(move || {
                let mut est = establish(&opts, TlsVersion::V13)?;
                if let Some(dir) = &cwd {
                    super::send(&mut est.0, &Command::Cwd(dir.clone()), &opts.trace)?;
                    let reply = super::read_reply(&mut est.0, &opts.trace)?;
                    if !matches!(reply.code, 200 | 250) {
                        return Err(crate::Error::Remote { command: format!("CWD {dir}"), reply });
                    }
                }
                Ok(Spare { id, est, cwd, ready_at: Instant::now() })
            });
            match spawned {
                Ok(handle) => {
                    self.pending.push_back((id, handle));
                    self.sync();
                }
                Err(_) => {
                    self.disabled = true;
                    return;
                }
            }
        }
    }

    /// The oldest spare, once logged in; `None` when there is none or it
    /// failed (reported under `-v`; the caller reconnects itself).
    pub fn take(&mut self, trace: &Trace) -> Option<Spare> {
        let (id, handle) = self.pending.pop_front()?;
        self.sync();
        if !handle.is_finished() {
            // The session outran its spares: keep more in flight.
            self.depth = (self.depth + 1).min(MAX_SPARES);
            trace.note(format_args!("waiting for spare control connection {id} to finish its login"));
        }
        match handle.join() {
            Ok(Ok(mut spare)) if spare.ready_at.elapsed() > MAX_IDLE => {
                trace.note(format_args!("spare control connection {id} sat unused too long; closing it"));
                quit(&mut spare.est.0);
                None
            }
            Ok(Ok(spare)) => Some(spare),
            Ok(Err(e)) => {
                // The server may limit sessions per client: stay below what
                // was open when it refused, and free the parked slots.
                // (Spares still logging in may not count yet.)
                let ready = self.pending.iter().filter(|(_, h)| h.is_finished()).count();
                let cap = 1 + self.parked.len() + ready;
                self.cap = Some(self.cap.map_or(cap, |c| c.min(cap)));
                self.depth = self.depth.min(cap.saturating_sub(1));
                self.release_parked();
                if cap <= 1 {
                    self.disabled = true;
                    trace.note(format_args!(
                        "spare control connection {id} failed ({e}); no more spares for this session"
                    ));
                } else {
                    trace.note(format_args!(
                        "spare control connection {id} failed ({e}); \
                         at most {cap} control connections at a time from now on"
                    ));
                }
                None
            }
            Err(_) => {
                self.disabled = true;
                None
            }
        }
    }

    /// Keeps a spent control connection open for now (see the module notes).
    pub fn park(&mut self, mut ctrl: BufReader<Stream>, trace: &Trace) {
        let limit = match self.cap {
            Some(cap) => cap.saturating_sub(1 + self.depth).min(MAX_PARKED),
            None => MAX_PARKED,
        };
        if global_room() == 0 {
            // Other sessions hold the budget: make room with our own.
            self.release_parked();
        }
        if limit == 0 || global_room() == 0 {
            quit(&mut ctrl);
            return;
        }
        self.parked.push(ctrl);
        self.sync();
        trace.note(format_args!(
            "keeping the spent control connection open ({} of {limit}; they are closed together)",
            self.parked.len()
        ));
        if self.parked.len() >= limit {
            self.release_parked();
        }
    }

    /// How many more connections the cap allows.
    fn room(&self) -> usize {
        self.cap.map_or(usize::MAX, |cap| cap.saturating_sub(1 + self.parked.len() + self.pending.len()))
    }

    fn release_parked(&mut self) {
        for mut ctrl in self.parked.drain(..) {
            quit(&mut ctrl);
        }
        self.sync();
    }

    /// Brings [`EXTRA_OPEN`] in line with what this session holds.
    fn sync(&mut self) {
        let now = self.parked.len() + self.pending.len();
        if now > self.accounted {
            EXTRA_OPEN.fetch_add(now - self.accounted, Ordering::Relaxed);
        } else {
            EXTRA_OPEN.fetch_sub(self.accounted - now, Ordering::Relaxed);
        }
        self.accounted = now;
    }

    /// Ends the parked connections and the spares still in flight or unused,
    /// politely where they are ready; those still logging in are left to
    /// finish and close on their own thread.
    pub fn close_ready(&mut self) {
        self.release_parked();
        for (_, handle) in std::mem::take(&mut self.pending) {
            if handle.is_finished()
                && let Ok(Ok(mut spare)) = handle.join()
            {
                quit(&mut spare.est.0);
            }
        }
        self.sync();
    }
}

impl Drop for Spares {
    fn drop(&mut self) {
        // Parked connections close with the session; spares still logging in
        // close on their own thread.
        EXTRA_OPEN.fetch_sub(self.accounted, Ordering::Relaxed);
    }
}

fn global_room() -> usize {
    MAX_EXTRA.saturating_sub(EXTRA_OPEN.load(Ordering::Relaxed))
}

/// Ends a connection nobody waits on: its reply would only be noise.
fn quit(ctrl: &mut BufReader<Stream>) {
    let _ = super::send(ctrl, &Command::Quit, &Trace::default());
    let _ = ctrl.get_mut().send_close_notify();
}

/// The session's trace with every line marked as the spare's, so the
/// background login does not read as part of the foreground dialogue.
fn tagged(trace: &Trace, id: u32) -> Trace {
    if !trace.enabled() {
        return Trace::default();
    }
    let inner = trace.clone();
    Trace::new(move |line| inner.note(format_args!("[spare {id}] {line}")))
}
