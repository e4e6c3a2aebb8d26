//! The stall rule for data connections, and the reads and writes that
//! follow it: a per-read socket timeout alone never fires on a server that
//! sends (or takes) a byte every few seconds.

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use rustls::{ClientConnection, StreamOwned};

use crate::error::{Error, Phase, Result};

/// Fewest bytes a data connection must move in each stall window.
pub const MIN_BYTES_PER_WINDOW: u64 = 1024;

/// The stall rule for data connections: in every window of `window` (the
/// user's per-step timeout) at least [`MIN_BYTES_PER_WINDOW`] bytes must
/// move. A per-read socket timeout alone never fires on a server that sends
/// a byte every few seconds; this does, while a slow but steady link (a few
/// hundred bytes a second and up) keeps going. Each read or write waits only
/// for what is left of the current window, so the rule is exact.
#[derive(Debug)]
pub struct Pace {
    window: Duration,
    start: Instant,
    moved: u64,
}

impl Pace {
    pub fn new(window: Duration) -> Pace {
        Pace { window: window.max(Duration::from_millis(10)), start: Instant::now(), moved: 0 }
    }

    /// Checks the window that may just have ended and sets the socket's
    /// timeouts to the time left in the current one.
    pub fn arm(&mut self, sock: &TcpStream) -> Result<()> {
        let now = Instant::now();
        if now.duration_since(self.start) >= self.window {
            if self.moved < MIN_BYTES_PER_WINDOW {
                return Err(Error::Stalled { phase: Phase::DataTransfer, bytes: self.moved, window: self.window });
            }
            self.start = now;
            self.moved = 0;
        }
        let left = (self.start + self.window).saturating_duration_since(now).max(Duration::from_millis(1));
        let _ = sock.set_read_timeout(Some(left));
        let _ = sock.set_write_timeout(Some(left));
        Ok(())
    }

    pub fn record(&mut self, n: usize) {
        self.moved = self.moved.saturating_add(n as u64);
    }
}

/// Errors after which the same call may simply be made again: a signal, or a
/// socket timeout that only means the stall window ended.
pub(super) fn is_retry(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// Writes what rustls has ready for the socket, one system call at a time
/// under the stall rule.
pub(super) fn write_pending_tls(t: &mut StreamOwned<ClientConnection, TcpStream>, pace: &mut Pace) -> Result<()> {
    while t.conn.wants_write() {
        pace.arm(&t.sock)?;
        match t.conn.write_tls(&mut t.sock) {
            Ok(0) => return Err(Error::ConnectionClosed),
            Ok(n) => pace.record(n),
            Err(e) if is_retry(&e) => {}
            Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
        }
    }
    Ok(())
}

/// One socket read under the stall rule; 0 means EOF.
pub(super) fn paced_read(sock: &mut TcpStream, buf: &mut [u8], pace: &mut Pace) -> Result<usize> {
    loop {
        pace.arm(sock)?;
        match sock.read(buf) {
            Ok(n) => {
                pace.record(n);
                return Ok(n);
            }
            Err(e) if is_retry(&e) => {}
            Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
        }
    }
}
