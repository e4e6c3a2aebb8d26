//! One TLS data connection: the bytes of a single listing or file. Every
//! caller (listings, `get`, `put`, `mirror`, the prompt) moves data through
//! this one type.
//!
//! FTP data has no length framing, so how the connection ends matters:
//! a download that stops without `close_notify` may be truncated, and an
//! upload must end with our `close_notify` and a drain of what the server
//! sends back (its own `close_notify`, and on vsftpd a fresh TLS 1.3 ticket
//! that keeps session reuse going). Every read and write runs under the
//! stall rule ([`Pace`]), so a trickling server cannot hold a run forever.
//!
//! Under `MODE Z` this is also the one place that compresses and inflates
//! ([`crate::compress`]): callers read and write the file's own bytes, the
//! socket and its rate limits see the compressed ones.

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::ratelimit::Rates;
use crate::session::compress::{Deflate, Inflate};
use crate::stream::{Pace, Stream};

/// Socket reads and writes move up to this much at a time (measured: 64 KiB
/// gets a 1 GiB download through faster than 256 KiB here).
pub const BUF_SIZE: usize = 64 * 1024;

/// How long to wait for the server's side of the close after an upload;
/// servers answer at once, this only bounds a misbehaving one.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// The send buffer of a compressed upload's socket (Linux makes it 128 KiB
/// in all). `mod_deflate` reads compressed uploads at about 40 KB/s, and
/// everything still queued when the last write returns must reach it before
/// the final reply, within one `--timeout` step; the autotuned buffer grows
/// to 4 MiB here, a 100 s wait. With this cap the wait is a few seconds
/// (measured: 3 MiB at 5 s steps), and the writes themselves keep pace with
/// the server under the stall rule. The cost: at most this much in flight,
/// so about 1.3 MB/s of compressed bytes on a 100 ms round trip.
const COMPRESSED_SEND_QUEUE: usize = 64 * 1024;

pub struct DataConn {
    stream: Stream,
    cancel: Arc<AtomicBool>,
    /// The stall window: the per-step timeout the socket was opened with.
    window: Duration,
    /// The run's bandwidth limits, shared with its other connections.
    rates: Rates,
    /// `MODE Z` is on for the control connection that opened this one.
    deflate: bool,
    /// Our side is already closed ([`DataConn::close_early`]).
    closed_early: bool,
}

/// How a download's byte stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadEnd {
    pub bytes: u64,
    /// The server sent `close_notify` (and, under `MODE Z`, the compressed
    /// stream's final block): the stream is known to be complete.
    pub clean: bool,
    /// Under `MODE Z`: the compressed stream stopped before its final block.
    /// The bytes delivered are a true prefix, but the server did not end its
    /// stream, so no size match makes the transfer whole.
    pub cut: bool,
}

impl ReadEnd {
    /// Fails a download whose compressed stream was cut (see [`ReadEnd::cut`]).
    pub fn check_whole(&self) -> Result<()> {
        if self.cut {
            let problem = format!("ended after {} bytes, before its final block", self.bytes);
            return Err(Error::Deflate { problem, cut: true, expanded: false, source: None });
        }
        Ok(())
    }
}

impl DataConn {
    pub fn new(stream: Stream, cancel: Arc<AtomicBool>, rates: Rates) -> Self {
        let window = stream.timeout();
        DataConn { stream, cancel, window, rates, deflate: false, closed_early: false }
    }

    /// Carries the data as one zlib stream (`MODE Z` is on).
    pub fn deflating(self, on: bool) -> Self {
        DataConn { deflate: on, ..self }
    }

    /// What this connection's handshake negotiated (for receipts).
    pub fn tls_info(&self) -> Option<crate::stream::TlsInfo> {
        self.stream.tls_info()
    }

    /// SHA-256 fingerprint (`sha256:HEX`) of the certificate the server
    /// presented on this connection (kept from the session when resumed).
    pub fn peer_cert_sha256(&self) -> Option<String> {
        let certs = self.stream.tls()?.peer_certificates()?;
        certs.first().map(|c| crate::tls::fingerprint(c))
    }

    fn check_cancel(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) { Err(Error::Interrupted) } else { Ok(()) }
    }

    /// Copies the whole stream into `out`, refusing more than `limit` bytes
    /// (a listing's cap, or a file's announced size; under `MODE Z` counted
    /// after inflating). Local write errors come back as [`Error::Local`]
    /// with a placeholder path the caller replaces.
    pub fn read_into(
        &mut self,
        out: &mut dyn Write,
        limit: Option<u64>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ReadEnd> {
        let mut buf = vec![0u8; BUF_SIZE];
        let mut pace = Pace::limited(self.window, self.rates.down.clone());
        let mut bytes = 0u64;
        let cancel = self.cancel.clone();
        let mut deliver = |chunk: &[u8]| {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Interrupted);
            }
            bytes += chunk.len() as u64;
            if let Some(l) = limit.filter(|l| bytes > *l) {
                return Err(Error::Limit(format!(
                    "the server sent more than the {l} bytes expected on this data connection; stopped reading"
                )));
            }
            out.write_all(chunk).map_err(|e| Error::Local {
                action: "write",
                path: "the destination file".into(),
                source: e,
            })?;
            progress(chunk.len() as u64);
            Ok(())
        };
        let mut inflate = self.deflate.then(|| Inflate::new(limit.is_some()));
        let clean = self.stream.read_to_end_with(&mut buf, &mut pace, &mut |chunk| match inflate.as_mut() {
            Some(z) => z.feed(chunk, &mut deliver),
            None => deliver(chunk),
        })?;
        if let Some(z) = inflate.as_mut() {
            z.finish(&mut deliver)?;
        }
        let cut = inflate.is_some_and(|z| !z.ended());
        Ok(ReadEnd { bytes, clean: clean && !cut, cut })
    }

    /// Starts a download's close at once, before any data: our
    /// `close_notify` goes out right behind the handshake's Finished. A
    /// server that waits for the client's `close_notify` before its final
    /// reply (vsftpd does) then finds it waiting as soon as it has sent the
    /// file, which saves the round trip of a close exchange after the data.
    /// Only for servers that read nothing from a download's data connection
    /// before their own close (the caller knows: ProFTPD resets the
    /// connection instead), and only on TLS 1.3, whose close is a half-close
    /// (RFC 8446, 6.1: the sender's read side stays open); in TLS 1.2 a peer
    /// answers `close_notify` by discarding pending writes (RFC 5246,
    /// 7.2.1). The server's own `close_notify` is still awaited: a download
    /// stays complete only with it (or with the announced size).
    pub fn close_early(&mut self) -> Result<()> {
        if self.stream.tls_info().is_some_and(|i| i.is_tls13) {
            self.stream.send_close_notify()?;
            // Our FIN goes with it: when vsftpd then closes (lingering until
            // its FIN is acknowledged) the socket is past CLOSE_WAIT, and its
            // FIN is acknowledged at once instead of after a delayed ACK.
            self.stream.shutdown_write();
            self.closed_early = true;
        }
        Ok(())
    }

    /// Ends a download: our `close_notify` and half-close. Keep the returned
    /// [`Closed`] until the transfer's final reply has been read.
    #[must_use = "drop it only after the final reply"]
    pub fn finish_read(mut self) -> Closed {
        // The server has closed its side already; failures here change nothing.
        if !self.closed_early {
            let _ = self.stream.send_close_notify();
            self.stream.shutdown_write();
        }
        Closed(self.stream)
    }

    /// Sends everything `input` yields (compressed under `MODE Z`); returns
    /// the bytes read from `input`. Read errors come back as
    /// [`Error::Local`] with a placeholder path the caller replaces.
    pub fn write_from(&mut self, input: &mut dyn Read, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        let mut buf = vec![0u8; BUF_SIZE];
        let mut pace = Pace::limited(self.window, self.rates.up.clone());
        let mut deflate = self.deflate.then(Deflate::default);
        if deflate.is_some() {
            // Best effort: a socket that keeps its larger buffer only waits
            // longer for the final reply.
            let _ = crate::stream::limit_send_queue(self.stream.tcp(), COMPRESSED_SEND_QUEUE);
        }
        let mut bytes = 0u64;
        loop {
            self.check_cancel()?;
            let n = match input.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(Error::Local { action: "read", path: "the source file".into(), source: e });
                }
            };
            let piece = buf.get(..n).unwrap_or_default();
            let stream = &mut self.stream;
            match deflate.as_mut() {
                Some(z) => z.feed(piece, false, &mut |c| stream.write_all_paced(c, &mut pace))?,
                None => stream.write_all_paced(piece, &mut pace)?,
            }
            bytes += n as u64;
            progress(n as u64);
        }
        if let Some(z) = deflate.as_mut() {
            let stream = &mut self.stream;
            z.feed(&[], true, &mut |c| stream.write_all_paced(c, &mut pace))?;
        }
        self.stream.flush_paced(&mut pace)?;
        Ok(bytes)
    }

    /// Ends an upload: `close_notify`, half-close, then drain the server's
    /// reply traffic so tickets are processed and no unread byte turns our
    /// close into a TCP reset (which servers report as a failed transfer).
    #[must_use = "drop it only after the final reply"]
    pub fn finish_write(mut self) -> Result<Closed> {
        self.stream.close_write_and_drain(DRAIN_TIMEOUT.min(self.window))?;
        Ok(Closed(self.stream))
    }
}

/// A finished data connection whose socket is still open.
///
/// Closing the socket while the server's FIN may still be in flight lets the
/// kernel drop it; vsftpd, which lingers on close, then waits out a 200 ms
/// retransmission before sending its 226 (measured: up to 30 such stalls per
/// 1000 uploads). Holding the socket until the final reply avoids that.
pub struct Closed(#[allow(dead_code)] Stream);

/// Replaces the placeholder path of a local I/O error from [`DataConn`].
pub fn relabel_local(e: Error, path: &std::path::Path) -> Error {
    match e {
        Error::Local { action, source, .. } => Error::Local { action, path: path.into(), source },
        other => other,
    }
}
