//! The stall rule for data connections, and the reads and writes that
//! follow it: a per-read socket timeout alone never fires on a server that
//! sends (or takes) a byte every few seconds. A rate limit makes its waits
//! here too: both look at every byte a data connection moves.

use std::io::{self, Read};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::{ClientConnection, StreamOwned};

use crate::error::{Error, Phase, Result};
use crate::ratelimit::RateLimit;

/// Fewest bytes a data connection must move in each stall window.
pub const MIN_BYTES_PER_WINDOW: u64 = 1024;

/// The stall rule for data connections: in every window of `window` (the
/// user's per-step timeout) at least [`MIN_BYTES_PER_WINDOW`] bytes must
/// move. A per-read socket timeout alone never fires on a server that sends
/// a byte every few seconds; this does, while a slow but steady link (a few
/// hundred bytes a second and up) keeps going. Each read or write waits only
/// for what is left of the current window, so the rule is exact.
///
/// Under a rate limit, the time spent waiting for the bucket is our own
/// doing, not the server's: it is cut out of the window (the window's start
/// moves forward by each wait), so a limit below the stall minimum slows a
/// transfer down but never makes it look stalled.
#[derive(Debug)]
pub struct Pace {
    window: Duration,
    start: Instant,
    moved: u64,
    limit: Option<Arc<RateLimit>>,
}

impl Pace {
    pub fn new(window: Duration) -> Pace {
        Pace::limited(window, None)
    }

    pub fn limited(window: Duration, limit: Option<Arc<RateLimit>>) -> Pace {
        Pace { window: window.max(Duration::from_millis(10)), start: Instant::now(), moved: 0, limit }
    }

    /// Checks the window that may just have ended and sets the socket's
    /// read timeout to the time left in the current one (only that one:
    /// a 1 GiB download makes thousands of reads, each a system call less).
    pub fn arm_read(&mut self, sock: &TcpStream) -> Result<()> {
        let left = self.check()?;
        let _ = sock.set_read_timeout(Some(left));
        Ok(())
    }

    /// [`Pace::arm_read`] for a write: the write timeout.
    pub fn arm_write(&mut self, sock: &TcpStream) -> Result<()> {
        let left = self.check()?;
        let _ = sock.set_write_timeout(Some(left));
        Ok(())
    }

    /// Fails a window that ended with too little moved, starts the next
    /// one, and returns the time left in the current one.
    fn check(&mut self) -> Result<Duration> {
        let now = Instant::now();
        if now.duration_since(self.start) >= self.window {
            if self.moved < MIN_BYTES_PER_WINDOW {
                return Err(Error::Stalled {
                    phase: Phase::DataTransfer,
                    bytes: self.moved,
                    window: self.window,
                    min: MIN_BYTES_PER_WINDOW,
                });
            }
            self.start = now;
            self.moved = 0;
        }
        Ok((self.start + self.window).saturating_duration_since(now).max(Duration::from_millis(1)))
    }

    /// Counts `n` bytes that moved; under a rate limit, waits until the
    /// bucket allows more (outside the stall window, see [`Pace`]).
    pub fn record(&mut self, n: usize) {
        self.moved = self.moved.saturating_add(n as u64);
        if let Some(limit) = &self.limit {
            let wait = limit.take(n);
            if !wait.is_zero() {
                std::thread::sleep(wait);
                self.start += wait;
            }
        }
    }

    /// The most to move in one system call: all of `max` unless limited.
    pub fn chunk(&self, max: usize) -> usize {
        self.limit.as_ref().map_or(max, |l| l.chunk().min(max)).max(1)
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
        pace.arm_write(&t.sock)?;
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
        pace.arm_read(sock)?;
        let cap = pace.chunk(buf.len());
        match sock.read(buf.get_mut(..cap).unwrap_or_default()) {
            Ok(n) => {
                pace.record(n);
                return Ok(n);
            }
            Err(e) if is_retry(&e) => {}
            Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// 1 KiB at 400 B/s with a 1 s window: 400 bytes per second of wall
    /// time, under the 1 KiB stall minimum, yet no stall, because the waits
    /// are the limiter's. The same trickle without a limiter (the
    /// server itself being slow) is a stall.
    #[test]
    fn a_limit_below_the_stall_minimum_is_not_a_stall() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let _ = s.write_all(&[7u8; 1024]);
        });
        let mut sock = TcpStream::connect(addr).unwrap();
        let mut pace = Pace::limited(Duration::from_secs(1), Some(Arc::new(RateLimit::new(400))));
        let started = Instant::now();
        let mut got = 0;
        let mut buf = [0u8; 4096];
        loop {
            pace.arm_read(&sock).expect("a limited transfer is not a stall");
            let cap = pace.chunk(buf.len());
            let n = sock.read(buf.get_mut(..cap).unwrap()).unwrap();
            if n == 0 {
                break;
            }
            got += n;
            pace.record(n);
        }
        assert_eq!(got, 1024);
        let took = started.elapsed();
        assert!(took > Duration::from_millis(2000), "{took:?}");
        server.join().unwrap();

        let mut trickle = Pace::new(Duration::from_secs(1));
        std::thread::sleep(Duration::from_millis(1100));
        trickle.record(600);
        let e = trickle.arm_read(&sock).unwrap_err();
        assert!(matches!(e, Error::Stalled { .. }), "{e:?}");
    }
}
