//! A deadline for a whole exchange, however the peer spaces its bytes:
//! before each read from (or write to) the network the socket gets only the
//! time left, so one slow byte cannot buy a fresh timeout. Used for a
//! server's reply on the buffered control stream, and for a proxy's
//! handshake on the bare socket.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

use super::Stream;

/// What a deadline needs of a stream: the socket whose timeouts it sets,
/// and whether a read would be served from a buffer without touching it.
pub trait Timed {
    fn socket(&self) -> &TcpStream;
    fn buffered(&self) -> bool {
        false
    }
}

impl Timed for BufReader<Stream> {
    fn socket(&self) -> &TcpStream {
        self.get_ref().tcp()
    }
    fn buffered(&self) -> bool {
        !self.buffer().is_empty()
    }
}

impl Timed for TcpStream {
    fn socket(&self) -> &TcpStream {
        self
    }
}

/// A stream whose every network read and write ends by `deadline`. The
/// socket's timeouts are left at whatever was left last: the caller puts
/// its own back when the exchange is over.
pub struct Deadlined<'a, S> {
    inner: &'a mut S,
    deadline: Instant,
}

impl<'a, S: Timed> Deadlined<'a, S> {
    pub fn new(inner: &'a mut S, deadline: Instant) -> Self {
        Deadlined { inner, deadline }
    }

    /// Moves the deadline (a reply whose every line buys the next more time).
    pub fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = deadline;
    }

    fn left(&self) -> io::Result<std::time::Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "not complete before the deadline"));
        }
        Ok(left)
    }

    fn arm_read(&mut self) -> io::Result<()> {
        if self.inner.buffered() {
            return Ok(()); // served from the buffer: no network read
        }
        let left = self.left()?;
        self.inner.socket().set_read_timeout(Some(left))
    }
}

impl<S: Timed + Read> Read for Deadlined<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.arm_read()?;
        self.inner.read(buf)
    }
}

impl<S: Timed + BufRead> BufRead for Deadlined<'_, S> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.arm_read()?;
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.inner.consume(n)
    }
}

impl<S: Timed + Write> Write for Deadlined<'_, S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.inner.socket().set_write_timeout(Some(left))?;
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::time::Duration;

    /// A peer sending one byte every 100 ms never lets a read time out on
    /// its own; the deadline still ends the exchange.
    #[test]
    fn a_trickle_cannot_outlast_the_deadline() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let peer = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            for _ in 0..100 {
                if s.write_all(b"x").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let mut sock = TcpStream::connect(addr).unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let started = Instant::now();
        let mut d = Deadlined::new(&mut sock, started + Duration::from_millis(600));
        let mut got = 0;
        let e = loop {
            match d.read(&mut [0u8; 1]) {
                Ok(0) => panic!("closed early"),
                Ok(n) => got += n,
                Err(e) => break e,
            }
        };
        assert!(matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock), "{e:?}");
        assert!(got >= 1, "some bytes arrived before the deadline");
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        drop(sock);
        peer.join().unwrap();
    }
}
