//! One stream type over plain TCP or rustls on the same socket.
//!
//! The TLS handshake completes eagerly in [`Stream::start_tls`] so that
//! certificate and protocol errors surface at connect time, with the phase
//! and the certificate's fingerprint attached, instead of on a later read.
//! Socket deadlines make every blocking call end: a stalled server becomes
//! an [`Error::Timeout`] naming the phase.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use rustls::{ClientConnection, HandshakeKind, StreamOwned};

use crate::error::{Error, Phase, Result};
use crate::tls::SessionTls;

pub enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

/// What a finished handshake negotiated, for `-v` and for the reuse policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsInfo {
    pub version: String,
    pub cipher: String,
    pub resumed: bool,
    pub is_tls13: bool,
}

/// Connects to the first address of `host:port` that answers within `timeout`.
pub fn connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream> {
    let label = format!("{host}:{port}");
    let addrs: Vec<SocketAddr> =
        (host, port).to_socket_addrs().map_err(|e| Error::Connect { addr: label.clone(), source: e })?.collect();
    let mut last = io::Error::new(io::ErrorKind::NotFound, "host name resolved to no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                prepare(&s, timeout).map_err(|e| Error::Connect { addr: label.clone(), source: e })?;
                return Ok(s);
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                return Err(Error::Timeout { phase: Phase::Connect });
            }
            Err(e) => last = e,
        }
    }
    Err(Error::Connect { addr: label, source: last })
}

/// Connects to an exact address (data connections).
pub fn connect_addr(addr: SocketAddr, timeout: Duration) -> Result<TcpStream> {
    let s = TcpStream::connect_timeout(&addr, timeout).map_err(|e| match e.kind() {
        io::ErrorKind::TimedOut => Error::Timeout { phase: Phase::DataConnect },
        _ => Error::Transfer(format!("cannot open the data connection to {addr}: {e}")),
    })?;
    prepare(&s, timeout).map_err(|e| Error::from_io(e, Phase::DataConnect))?;
    Ok(s)
}

fn prepare(s: &TcpStream, timeout: Duration) -> io::Result<()> {
    // FTP is a request/response protocol with small commands: Nagle would add
    // a delayed-ACK wait to every turn.
    s.set_nodelay(true)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))
}

impl Stream {
    pub fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(t) => &t.sock,
        }
    }

    pub fn tls(&self) -> Option<&ClientConnection> {
        match self {
            Stream::Plain(_) => None,
            Stream::Tls(t) => Some(&t.conn),
        }
    }

    /// Runs the client handshake to completion on `sock`.
    pub fn start_tls(sock: TcpStream, tls: &SessionTls) -> Result<Stream> {
        let mut conn = ClientConnection::new(tls.config.clone(), tls.server_name.clone()).map_err(|e| Error::Tls {
            host: tls.server_name.to_str().into_owned(),
            source: e,
            cert: None,
        })?;
        let mut sock = sock;
        // The socket timeout bounds each step; this bounds the whole handshake.
        let timeout = sock.read_timeout().ok().flatten().unwrap_or(Duration::from_secs(30));
        let deadline = std::time::Instant::now() + timeout;
        while conn.is_handshaking() {
            if std::time::Instant::now() > deadline {
                return Err(Error::Timeout { phase: Phase::TlsHandshake });
            }
            if let Err(e) = conn.complete_io(&mut sock) {
                return Err(handshake_error(e, tls));
            }
        }
        Ok(Stream::Tls(Box::new(StreamOwned::new(conn, sock))))
    }

    pub fn tls_info(&self) -> Option<TlsInfo> {
        let c = self.tls()?;
        let version = c.protocol_version()?;
        Some(TlsInfo {
            version: match version {
                rustls::ProtocolVersion::TLSv1_3 => "TLS 1.3".into(),
                rustls::ProtocolVersion::TLSv1_2 => "TLS 1.2".into(),
                other => format!("{other:?}"),
            },
            cipher: c.negotiated_cipher_suite().map(|s| format!("{:?}", s.suite())).unwrap_or_default(),
            resumed: c.handshake_kind() == Some(HandshakeKind::Resumed),
            is_tls13: version == rustls::ProtocolVersion::TLSv1_3,
        })
    }

    /// Reads the stream to its end, handing each piece of plaintext to `sink`.
    /// Returns whether it ended cleanly (TLS `close_notify`) or with a bare
    /// TCP close. `pace` fails a connection that stalls (see [`Pace`]).
    ///
    /// rustls pulls at most 4 KiB from the socket per `read_tls`, so the plain
    /// `Read` path costs several syscalls per 16 KiB record; reading the
    /// socket here in large chunks and feeding rustls from memory cuts that
    /// to about one syscall per chunk, which is what keeps a 1 GiB download
    /// at the speed of OpenSSL-based clients.
    pub fn read_to_end_with(
        &mut self,
        net: &mut [u8],
        pace: &mut Pace,
        sink: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<bool> {
        let t = match self {
            Stream::Tls(t) => t,
            Stream::Plain(sock) => loop {
                match paced_read(sock, net, pace)? {
                    0 => return Ok(true),
                    n => sink(net.get(..n).unwrap_or_default())?,
                }
            },
        };
        let mut plain = vec![0u8; 64 * 1024];
        loop {
            // Drain whatever plaintext rustls holds before reading more.
            loop {
                match t.conn.reader().read(&mut plain) {
                    Ok(0) => return Ok(true),
                    Ok(n) => sink(plain.get(..n).unwrap_or_default())?,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
                    Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
                }
            }
            let n = paced_read(&mut t.sock, net, pace)?;
            let mut input = net.get(..n).unwrap_or_default();
            if n == 0 {
                // Tell rustls about EOF; the next reader().read reports how it ended.
                t.conn.read_tls(&mut input).map_err(|e| Error::from_io(e, Phase::DataTransfer))?;
                t.conn.process_new_packets().map_err(|e| Error::Tls { host: String::new(), source: e, cert: None })?;
                continue;
            }
            while !input.is_empty() {
                t.conn.read_tls(&mut input).map_err(|e| Error::from_io(e, Phase::DataTransfer))?;
                t.conn.process_new_packets().map_err(|e| Error::Tls { host: String::new(), source: e, cert: None })?;
                loop {
                    match t.conn.reader().read(&mut plain) {
                        Ok(0) => break,
                        Ok(n) => sink(plain.get(..n).unwrap_or_default())?,
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                        Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
                    }
                }
            }
        }
    }

    /// Writes all of `buf`, failing when the peer takes too little of it
    /// (see [`Pace`]): a server that reads one byte now and then would
    /// otherwise hold an upload forever, each tiny write resetting the
    /// socket's timeout.
    pub fn write_all_paced(&mut self, mut buf: &[u8], pace: &mut Pace) -> Result<()> {
        while !buf.is_empty() {
            pace.arm(self.tcp())?;
            match self.write(buf) {
                Ok(0) => return Err(Error::ConnectionClosed),
                Ok(n) => {
                    pace.record(n);
                    buf = buf.get(n..).unwrap_or_default();
                }
                Err(e) if is_retry(&e) => {}
                Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
            }
        }
        Ok(())
    }

    /// Flushes buffered TLS records under the same stall rule as writes.
    pub fn flush_paced(&mut self, pace: &mut Pace) -> Result<()> {
        loop {
            pace.arm(self.tcp())?;
            match self.flush() {
                Ok(()) => return Ok(()),
                Err(e) if is_retry(&e) => {}
                Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
            }
        }
    }

    /// Ends our side of a data connection we wrote to: `close_notify`, FIN,
    /// then everything the server sends back up to its own close (its
    /// `close_notify`, and on vsftpd a fresh TLS 1.3 ticket that keeps session
    /// reuse going). Leaving no unread byte also keeps the eventual close
    /// from turning into a TCP reset, which servers report as a failed
    /// transfer. `wait` bounds the whole drain (a server that never closes,
    /// or trickles), and at most [`MAX_DRAIN`] bytes are read.
    pub fn close_write_and_drain(&mut self, wait: Duration) -> Result<()> {
        self.send_close_notify()?;
        self.shutdown_write();
        let deadline = Instant::now() + wait;
        let mut sink = [0u8; 4096];
        let mut drained = 0usize;
        while drained < MAX_DRAIN {
            let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else {
                break;
            };
            self.set_read_timeout(left);
            match self.read(&mut sink) {
                Ok(0) => break,
                Ok(n) => drained += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // Closing without close_notify is common and harmless here:
                // the final reply on the control channel decides success.
                Err(_) => break,
            }
        }
        Ok(())
    }

    /// Sends `close_notify` and flushes it; the socket stays open.
    pub fn send_close_notify(&mut self) -> Result<()> {
        if let Stream::Tls(t) = self {
            t.conn.send_close_notify();
            while t.conn.wants_write() {
                t.conn.write_tls(&mut t.sock).map_err(|e| Error::from_io(e, Phase::TlsShutdown))?;
            }
        }
        Ok(())
    }

    pub fn shutdown_write(&self) {
        // Best effort: the peer may already have closed.
        let _ = self.tcp().shutdown(Shutdown::Write);
    }

    /// The socket's current read timeout (the per-step `--timeout`).
    pub fn timeout(&self) -> Duration {
        self.tcp().read_timeout().ok().flatten().unwrap_or(Duration::from_secs(30))
    }

    pub fn set_read_timeout(&self, t: Duration) {
        let _ = self.tcp().set_read_timeout(Some(t));
    }
}

/// Most bytes read from the server after an upload before its close: it
/// owes us only a `close_notify` and perhaps a session ticket or two.
const MAX_DRAIN: usize = 256 * 1024;

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
fn is_retry(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// One socket read under the stall rule; 0 means EOF.
fn paced_read(sock: &mut TcpStream, buf: &mut [u8], pace: &mut Pace) -> Result<usize> {
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

fn handshake_error(e: io::Error, tls: &SessionTls) -> Error {
    let host = tls.server_name.to_str().into_owned();
    match Error::from_io(e, Phase::TlsHandshake) {
        Error::Tls { source, .. } => {
            let cert = match source {
                rustls::Error::InvalidCertificate(_) => tls.recorder.last_cert().map(Box::new),
                _ => None,
            };
            Error::Tls { host, source, cert }
        }
        Error::ConnectionClosed | Error::Io { .. } => Error::Protocol(format!(
            "the server closed the connection during the TLS handshake with {host} \
             (is this an FTPS port? implicit FTPS uses ftps://, explicit uses ftp:// or ftpes://)"
        )),
        other => other,
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(t) => t.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(t) => t.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(t) => t.flush(),
        }
    }
}
