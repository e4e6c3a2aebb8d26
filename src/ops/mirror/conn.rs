//! One data connection as `mirror` drives it: bytes in or out through a
//! buffer the worker reuses, and an ending that never races the server's
//! FIN.
//!
//! Why not [`crate::data::DataConn`]: that type drops the socket as soon as
//! the TLS close is done. When the server's FIN arrives while Linux is
//! closing the socket, it is dropped unacknowledged; vsftpd closes data
//! sockets with SO_LINGER, so it then sits out a 200 ms retransmission
//! timeout before its 226 (measured: up to 30 such stalls per 1000 TLS 1.3
//! uploads). Here the socket stays open until the transfer's final reply has
//! been read, by which time the server has closed its side.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::{Error, Phase, Result};
use crate::stream::Stream;

/// Buffer size for reads and writes: several TLS records per call.
pub const BUF_SIZE: usize = 256 * 1024;

/// Bound on waiting for the server's side of the TLS close after an upload;
/// servers answer at once, this only limits a misbehaving one.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

pub(super) struct Conn<'a> {
    stream: Stream,
    cancel: &'a AtomicBool,
}

/// How a download's byte stream ended.
pub(super) struct End {
    pub bytes: u64,
    /// Ended with the server's TLS close_notify (not a bare TCP close).
    pub clean: bool,
}

impl<'a> Conn<'a> {
    pub fn new(stream: Stream, cancel: &'a AtomicBool) -> Self {
        Conn { stream, cancel }
    }

    fn check_cancel(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) { Err(Error::Interrupted) } else { Ok(()) }
    }

    /// Copies the whole stream into `out`; local write errors come back as
    /// `Error::Local` with a placeholder path the caller replaces.
    pub fn read_into(&mut self, out: &mut dyn Write, buf: &mut [u8], progress: &mut dyn FnMut(u64)) -> Result<End> {
        let mut bytes = 0u64;
        loop {
            self.check_cancel()?;
            let n = match self.stream.read(buf) {
                Ok(0) => return Ok(End { bytes, clean: true }),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(End { bytes, clean: false }),
                Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
            };
            out.write_all(&buf[..n]).map_err(|e| Error::Local { action: "write", path: "".into(), source: e })?;
            bytes += n as u64;
            progress(n as u64);
        }
    }

    /// Sends everything `input` yields; read errors come back as
    /// `Error::Local` with a placeholder path.
    pub fn write_from(&mut self, input: &mut dyn Read, buf: &mut [u8], progress: &mut dyn FnMut(u64)) -> Result<u64> {
        let mut bytes = 0u64;
        loop {
            self.check_cancel()?;
            let n = match input.read(buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::Local { action: "read", path: "".into(), source: e }),
            };
            self.stream.write_all(&buf[..n]).map_err(|e| Error::from_io(e, Phase::DataTransfer))?;
            bytes += n as u64;
            progress(n as u64);
        }
        self.stream.flush().map_err(|e| Error::from_io(e, Phase::DataTransfer))?;
        Ok(bytes)
    }

    /// After a download: our close_notify and FIN. The server's close has
    /// been read already; the socket stays open until dropped.
    pub fn end_read(&mut self) {
        // The server has closed its side; failures here change nothing.
        let _ = self.stream.send_close_notify();
        self.stream.shutdown_write();
    }

    /// After an upload: close_notify, FIN, then the server's answer up to its
    /// close_notify, which also brings the TLS 1.3 ticket vsftpd issues per
    /// upload (it keeps session reuse going). Reading it all leaves no
    /// unread byte to turn the eventual close into a reset.
    pub fn end_write(&mut self) -> Result<()> {
        self.stream.close_write_and_drain(CLOSE_WAIT)
    }
}
