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
//! fails (e.g. the server limits connections per client) stops the scheme for
//! the session: it then reconnects in the foreground, as without spares.
//!
//! Spent connections are parked (left open, idle) rather than closed at once,
//! up to [`MAX_PARKED`], then closed together. ProFTPD's listener stops
//! accepting for about 400 ms after each session process exits (measured on
//! loopback: a connection made 50 ms after another one closed waits 350 ms
//! for its greeting, 2 ms when the earlier one is still open), so closing
//! every spent connection right away would stall each spare behind it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::JoinHandle;

use std::io::BufReader;

use super::ConnectOptions;
use super::login::{Established, establish};
use crate::error::Result;
use crate::stream::Stream;
use crate::tls::TlsVersion;
use crate::trace::Trace;
use crate::wire::Command;

/// Most spare logins in flight per session: each holds a server process.
const MAX_SPARES: usize = 4;

/// Spent control connections kept open before they are closed together:
/// below the 30 sessions Debian's stock ProFTPD allows (`MaxInstances`), with
/// room for the spares in flight and the current one.
const MAX_PARKED: usize = 24;

/// Numbers the spares of a run in `-v` lines.
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

pub(super) struct Spare {
    pub id: u32,
    pub est: Established,
    /// The directory the spare changed into (the session's, when started).
    pub cwd: Option<String>,
}

#[derive(Default)]
pub(super) struct Spares {
    pending: VecDeque<(u32, JoinHandle<Result<Spare>>)>,
    depth: usize,
    disabled: bool,
    parked: Vec<BufReader<Stream>>,
}

impl Spares {
    /// Keeps `depth` spares in flight (at least one), logging in to the same
    /// server with TLS 1.3 and changing into `cwd`.
    pub fn top_up(&mut self, opts: &ConnectOptions, cwd: Option<&str>) {
        if self.disabled {
            return;
        }
        self.depth = self.depth.clamp(1, MAX_SPARES);
        while self.pending.len() < self.depth {
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
                Ok(Spare { id, est, cwd })
            });
            match spawned {
                Ok(handle) => self.pending.push_back((id, handle)),
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
        if !handle.is_finished() {
            // The session outran its spares: keep more in flight.
            self.depth = (self.depth + 1).min(MAX_SPARES);
            trace.note(format_args!("waiting for spare control connection {id} to finish its login"));
        }
        match handle.join() {
            Ok(Ok(spare)) => Some(spare),
            Ok(Err(e)) => {
                trace.note(format_args!("spare control connection {id} failed ({e}); no more spares for this session"));
                self.disabled = true;
                // The server may limit connections per client: free the slots.
                self.release_parked();
                None
            }
            Err(_) => {
                self.disabled = true;
                None
            }
        }
    }

    /// Keeps a spent control connection open for now (see the module notes).
    pub fn park(&mut self, ctrl: BufReader<Stream>, trace: &Trace) {
        self.parked.push(ctrl);
        trace.note(format_args!(
            "keeping the spent control connection open ({} of {MAX_PARKED}; they are closed together)",
            self.parked.len()
        ));
        if self.parked.len() >= MAX_PARKED {
            self.release_parked();
        }
    }

    fn release_parked(&mut self) {
        for mut ctrl in self.parked.drain(..) {
            let _ = super::send(&mut ctrl, &Command::Quit, &Trace::default());
            let _ = ctrl.get_mut().send_close_notify();
        }
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
                let _ = super::send(&mut spare.est.0, &Command::Quit, &Trace::default());
                let _ = spare.est.0.get_mut().send_close_notify();
            }
        }
    }
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
