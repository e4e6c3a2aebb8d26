//! A deadline for a whole exchange on a buffered stream, however the peer
//! spaces its bytes: before each read from the network the socket gets only
//! the time left, so one slow byte cannot buy a fresh timeout.

use std::io::{self, BufRead, BufReader, Read};
use std::time::Instant;

use super::Stream;

/// A buffered control stream whose every network read ends by `deadline`.
pub struct Deadlined<'a> {
    inner: &'a mut BufReader<Stream>,
    deadline: Instant,
}

impl<'a> Deadlined<'a> {
    pub fn new(inner: &'a mut BufReader<Stream>, deadline: Instant) -> Self {
        Deadlined { inner, deadline }
    }

    fn arm(&mut self) -> io::Result<()> {
        if !self.inner.buffer().is_empty() {
            return Ok(()); // served from the buffer: no network read
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "reply not complete before the deadline"));
        }
        self.inner.get_ref().set_read_timeout(left);
        Ok(())
    }
}

impl Read for Deadlined<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.arm()?;
        self.inner.read(buf)
    }
}

impl BufRead for Deadlined<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.arm()?;
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.inner.consume(n)
    }
}
