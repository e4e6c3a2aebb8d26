//! One stream type over plain TCP or rustls on the same socket.
//!
//! The TLS handshake completes eagerly in [`Stream::start_tls`] so that
//! certificate and protocol errors surface at connect time, with the phase
//! and the certificate's fingerprint attached, instead of on a later read.
//! Socket deadlines make every blocking call end: a stalled server becomes
//! an [`Error::Timeout`] naming the phase.

mod connect;
mod deadline;
mod pace;
mod proxy;
mod tap;
mod tls_read;

use std::io::{self, BufRead, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use rustls::{ClientConnection, HandshakeKind, StreamOwned};

use crate::error::{Error, Phase, Result};
use crate::tls::SessionTls;
pub use connect::{connect, connect_addr, connect_any, connect_data, connect_via, limit_send_queue, prepare_accepted};
pub use deadline::Deadlined;
pub use pace::{MIN_BYTES_PER_WINDOW, Pace};
use pace::{is_retry, paced_read, write_pending_tls};
pub use proxy::{Proxy, ProxyKind, select as select_proxy};

pub enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

/// What a finished handshake negotiated, for `-v` and for the reuse policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsInfo {
    pub version: String,
    pub cipher: String,
    /// The key exchange group (`X25519`, `secp256r1`...), when known.
    pub group: Option<String>,
    pub resumed: bool,
    pub is_tls13: bool,
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

    /// Whether a read would find bytes without waiting for the socket:
    /// decrypted data the TLS layer holds (a broken record counts, so that
    /// the read reports it).
    pub fn has_buffered(&mut self) -> bool {
        match self {
            Stream::Plain(_) => false,
            Stream::Tls(t) => t.conn.process_new_packets().map_or(true, |s| s.plaintext_bytes_to_read() > 0),
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
        // What the server answered, for a plaintext reply instead of TLS.
        let mut seen = Vec::new();
        while conn.is_handshaking() {
            if std::time::Instant::now() > deadline {
                return Err(Error::Timeout { phase: Phase::TlsHandshake });
            }
            if let Err(e) = conn.complete_io(&mut tap::Tap::new(&mut sock, &mut seen)) {
                return Err(handshake_error(e, tls, &mut sock, &mut seen));
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
            group: c.negotiated_key_exchange_group().map(|g| format!("{:?}", g.name())),
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
        loop {
            // Drain whatever plaintext rustls holds before reading more.
            if drain_plain(t, sink)? {
                return Ok(true);
            }
            let n = paced_read(&mut t.sock, net, pace)?;
            let mut input = net.get(..n).unwrap_or_default();
            if n == 0 {
                // Tell rustls about EOF; the next drain reports how it ended.
                t.conn.read_tls(&mut input).map_err(|e| Error::from_io(e, Phase::DataTransfer))?;
                t.conn.process_new_packets().map_err(|e| Error::from_tls(e, Phase::DataTransfer))?;
                match t.conn.reader().fill_buf() {
                    Ok(_) => continue,
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
                    Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
                }
            }
            while !input.is_empty() {
                t.conn.read_tls(&mut input).map_err(|e| Error::from_io(e, Phase::DataTransfer))?;
                t.conn.process_new_packets().map_err(|e| Error::from_tls(e, Phase::DataTransfer))?;
                if drain_plain(t, sink)? {
                    // close_notify: nothing after it counts.
                    return Ok(true);
                }
            }
        }
    }

    /// Writes all of `buf`, failing when the peer takes too little of it
    /// (see [`Pace`]): a server that reads one byte now and then would
    /// otherwise hold an upload forever, each tiny write resetting the
    /// socket's timeout. Under TLS the records are written to the socket one
    /// system call at a time here, not by rustls: its own write loop goes on
    /// as long as each call moves a byte, whatever the socket timeout.
    pub fn write_all_paced(&mut self, mut buf: &[u8], pace: &mut Pace) -> Result<()> {
        while !buf.is_empty() {
            let n = match self {
                Stream::Plain(sock) => {
                    pace.arm_write(sock)?;
                    match sock.write(buf.get(..pace.chunk(buf.len())).unwrap_or(buf)) {
                        Ok(0) => return Err(Error::ConnectionClosed),
                        Ok(n) => {
                            pace.record(n);
                            n
                        }
                        Err(e) if is_retry(&e) => 0,
                        Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
                    }
                }
                Stream::Tls(t) => {
                    write_pending_tls(t, pace)?;
                    // Encrypts into rustls' buffer (bounded), no socket I/O.
                    let piece = buf.get(..pace.chunk(buf.len())).unwrap_or(buf);
                    t.conn.writer().write(piece).map_err(|e| Error::from_io(e, Phase::DataTransfer))?
                }
            };
            buf = buf.get(n..).unwrap_or_default();
        }
        Ok(())
    }

    /// Writes buffered TLS records under the same stall rule as writes.
    pub fn flush_paced(&mut self, pace: &mut Pace) -> Result<()> {
        match self {
            Stream::Plain(_) => Ok(()),
            Stream::Tls(t) => write_pending_tls(t, pace),
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

/// Hands every piece of plaintext rustls holds to `sink` where it lies
/// (`fill_buf`, not `read`: one copy less of every byte of a download).
/// True once the server's `close_notify` has been read; a bare TCP close
/// (`UnexpectedEof`) and an empty buffer both leave the decision to the
/// caller's next socket read.
fn drain_plain(
    t: &mut StreamOwned<ClientConnection, TcpStream>,
    sink: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<bool> {
    loop {
        let mut reader = t.conn.reader();
        let n = match reader.fill_buf() {
            Ok([]) => return Ok(true),
            Ok(chunk) => {
                sink(chunk)?;
                chunk.len()
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
            Err(e) => return Err(Error::from_io(e, Phase::DataTransfer)),
        };
        reader.consume(n);
    }
}

/// A failed handshake as the error that says what to do: a certificate
/// failure carries the certificate; a plaintext FTP reply where the
/// server's handshake was due is shown (and retried: such servers took the
/// ClientHello for a command); a connection closed half-way is a cut.
fn handshake_error(e: io::Error, tls: &SessionTls, sock: &mut TcpStream, seen: &mut Vec<u8>) -> Error {
    let host = tls.server_name.to_str().into_owned();
    match Error::from_io(e, Phase::TlsHandshake) {
        Error::Tls { source: source @ rustls::Error::InvalidMessage(_), .. } => {
            match tap::plaintext_reply(sock, seen) {
                Some(said) => Error::TlsBroken { phase: Phase::TlsHandshake, source, said: Some(said) },
                None => Error::Tls { host, source, cert: None },
            }
        }
        Error::Tls { source, .. } => {
            let cert = match &source {
                // The message names old and new keys; the generic advice that
                // comes with a certificate (pin it...) would be wrong here.
                rustls::Error::InvalidCertificate(rustls::CertificateError::Other(o))
                    if o.0.is::<crate::tls::KnownHostChanged>() =>
                {
                    None
                }
                rustls::Error::InvalidCertificate(_) => tls.recorder.last_cert().map(Box::new),
                _ => None,
            };
            Error::Tls { host, source, cert }
        }
        Error::ConnectionClosed | Error::Io { .. } => Error::HandshakeCut { host },
        other => other,
    }
}

impl Read for Stream {
    /// One call takes at most the socket's read timeout in total. For TLS
    /// that needs care: rustls' own `read` loops over socket reads until a
    /// whole record is in, each allowed the full timeout, so a server
    /// trickling a record could stretch one call without bound. The
    /// control channel relies on this to keep a reply within its deadline.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(t) => tls_read::within_timeout(t, buf),
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

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::ServerConnection;
    use std::net::{SocketAddr, TcpListener};
    use std::sync::Arc;

    pub(super) fn server_config() -> rustls::ServerConfig {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap().self_signed(&key).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                rustls_pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
            )
            .unwrap()
    }

    /// The server's side of a test connection, handshake finished.
    pub(super) fn accept_tls(
        listener: &TcpListener,
        config: rustls::ServerConfig,
    ) -> (std::net::TcpStream, ServerConnection) {
        let (mut sock, _) = listener.accept().unwrap();
        let mut conn = ServerConnection::new(Arc::new(config)).unwrap();
        while conn.is_handshaking() {
            conn.complete_io(&mut sock).unwrap();
        }
        (sock, conn)
    }

    pub(super) fn client(addr: SocketAddr) -> Stream {
        try_client(addr).unwrap()
    }

    /// [`client`]'s handshake, failed or not.
    pub(super) fn try_client(addr: SocketAddr) -> Result<Stream> {
        let ctx = crate::tls::TlsContext::new(crate::tls::TlsOptions {
            ca_files: Vec::new(),
            crl_files: Vec::new(),
            insecure: true,
            min_version: crate::tls::TlsVersion::V12,
            max_version: crate::tls::TlsVersion::V13,
            trust: crate::tls::Trust::default(),
            client_cert: None,
        })
        .unwrap();
        let tls = ctx.session("localhost", ctx.offer(crate::tls::TlsVersion::V13)).unwrap();
        Stream::start_tls(connect_addr(addr, Duration::from_secs(5))?, &tls)
    }

    /// Bytes behind the server's `close_notify`, in the same socket read,
    /// end the download cleanly: rustls takes nothing after the alert, and
    /// with more left than one `read_tls` takes (4 KiB) the loop once
    /// offered the rest to it forever, spinning.
    #[test]
    fn bytes_after_close_notify_end_the_read() {
        let config = server_config();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut sock, mut conn) = accept_tls(&listener, config);
            conn.writer().write_all(b"the file").unwrap();
            conn.send_close_notify();
            let mut flight = Vec::new();
            while conn.wants_write() {
                conn.write_tls(&mut flight).unwrap();
            }
            flight.extend_from_slice(&[b'j'; 10_000]);
            sock.write_all(&flight).unwrap();
            std::thread::sleep(Duration::from_secs(3));
        });
        let mut stream = client(addr);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut got = Vec::new();
            let mut net = vec![0u8; 64 * 1024];
            let end = stream.read_to_end_with(&mut net, &mut Pace::new(Duration::from_secs(5)), &mut |c| {
                got.extend_from_slice(c);
                Ok(())
            });
            let _ = tx.send((end.map_err(|e| e.to_string()), got));
        });
        let (end, got) = rx.recv_timeout(Duration::from_secs(10)).expect("the read ends");
        assert_eq!(end, Ok(true), "a clean end");
        assert_eq!(got, b"the file");
        let _ = server.join();
    }

    /// A TLS record trickled byte by byte must not stretch one read past
    /// the socket timeout (rustls' own read would wait for the whole record).
    #[test]
    fn a_trickled_tls_record_is_bounded_by_the_read_timeout() {
        let config = server_config();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut sock, mut conn) = accept_tls(&listener, config);
            while conn.wants_write() {
                conn.write_tls(&mut sock).unwrap();
            }
            conn.writer().write_all(b"220 a record sent one byte at a time\r\n").unwrap();
            let mut record = Vec::new();
            while conn.wants_write() {
                conn.write_tls(&mut record).unwrap();
            }
            // Every byte but the last, 100 ms apart: about 6 s in all.
            for b in record.iter().take(record.len().saturating_sub(1)) {
                if sock.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let mut stream = client(addr);
        stream.set_read_timeout(Duration::from_millis(800));
        let started = Instant::now();
        let mut buf = [0u8; 64];
        let e = stream.read(&mut buf).expect_err("the record never completes");
        let took = started.elapsed();
        // The socket timeout (EAGAIN) or the deadline reader (TimedOut), whichever fires first.
        assert!(matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock), "{e}");
        // Without the cap one read lasts the whole 6 s trickle; the margin is for a busy machine.
        assert!(took < Duration::from_millis(4000), "one read took {took:?}");
        assert_eq!(stream.timeout(), Duration::from_millis(800), "the socket timeout is restored");
        drop(stream);
        let _ = server.join();
    }
}
