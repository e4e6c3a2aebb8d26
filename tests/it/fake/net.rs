//! Socket and TLS plumbing shared by the listener and the sessions: the
//! server's TLS configuration, the control and data channel types, and how
//! a connection is secured, closed and (for active mode) addressed.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use super::Behaviour;
use crate::certs::pki;

pub(super) fn loopback(b: &Behaviour) -> IpAddr {
    if b.ipv6 { Ipv6Addr::LOCALHOST.into() } else { Ipv4Addr::LOCALHOST.into() }
}

pub(super) fn server_config() -> Arc<ServerConfig> {
    static CONFIG: OnceLock<Arc<ServerConfig>> = OnceLock::new();
    CONFIG.get_or_init(|| config_for(&pki().cert_der, &[], &pki().key_der)).clone()
}

pub(super) fn config_for(cert_der: &[u8], intermediates: &[Vec<u8>], key_der: &[u8]) -> Arc<ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::try_from(key_der.to_vec()).expect("server key DER");
    let mut cfg = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            std::iter::once(cert_der.to_vec()).chain(intermediates.iter().cloned()).map(CertificateDer::from).collect(),
            key,
        )
        .expect("server certificate");
    cfg.session_storage = rustls::server::ServerSessionMemoryCache::new(1024);
    cfg.ticketer = rustls::crypto::ring::Ticketer::new().expect("ticketer");
    Arc::new(cfg)
}

/// The control channel, plain or TLS.
pub(super) enum Ctrl {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
    Gone,
}

impl Read for Ctrl {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Ctrl::Plain(s) => s.read(buf),
            Ctrl::Tls(s) => s.read(buf),
            Ctrl::Gone => Ok(0),
        }
    }
}

impl Write for Ctrl {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Ctrl::Plain(s) => s.write(buf),
            Ctrl::Tls(s) => s.write(buf),
            Ctrl::Gone => Err(io::ErrorKind::NotConnected.into()),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Ctrl::Plain(s) => s.flush(),
            Ctrl::Tls(s) => s.flush(),
            Ctrl::Gone => Ok(()),
        }
    }
}

/// Server-side TLS handshake on `sock`, bounded by the socket's timeouts.
pub(super) fn accept_tls(
    cfg: &Arc<ServerConfig>,
    mut sock: TcpStream,
) -> io::Result<StreamOwned<ServerConnection, TcpStream>> {
    let mut conn = ServerConnection::new(cfg.clone()).map_err(io::Error::other)?;
    while conn.is_handshaking() {
        let (rd, wr) = conn.complete_io(&mut sock)?;
        if rd == 0 && wr == 0 && conn.is_handshaking() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "EOF during TLS handshake"));
        }
    }
    Ok(StreamOwned::new(conn, sock))
}

/// Half-closes `sock`, reads until EOF or error (so closing sends FIN rather
/// than RST), then shuts it down completely (the clone kept for Drop would
/// otherwise hold it open).
pub(super) fn finish(sock: &mut TcpStream, limit: Duration) {
    let _ = sock.shutdown(Shutdown::Write);
    let _ = sock.set_read_timeout(Some(limit));
    let mut buf = [0u8; 4096];
    while let Ok(n) = sock.read(&mut buf) {
        if n == 0 {
            break;
        }
    }
    let _ = sock.shutdown(Shutdown::Both);
}

pub(super) enum Data {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Data {
    pub(super) fn sock(&mut self) -> &mut TcpStream {
        match self {
            Data::Plain(s) => s,
            Data::Tls(s) => &mut s.sock,
        }
    }
}

/// `EPRT |1|127.0.0.1|5282|` or `PORT 127,0,0,1,20,162`.
pub(super) fn parse_active(verb: &str, arg: &str) -> Option<SocketAddr> {
    if verb == "EPRT" {
        let d = arg.chars().next()?;
        let parts: Vec<&str> = arg.split(d).collect();
        let [_, _af, ip, port, _] = parts.as_slice() else { return None };
        Some(SocketAddr::new(ip.parse().ok()?, port.parse().ok()?))
    } else {
        let n: Vec<u8> = arg.split(',').map(|x| x.trim().parse().ok()).collect::<Option<_>>()?;
        let [a, b, c, d, p1, p2] = n.as_slice() else { return None };
        Some(SocketAddr::from(([*a, *b, *c, *d], u16::from(*p1) << 8 | u16::from(*p2))))
    }
}

/// Caps the receive buffer of connections accepted on `l` (set on the
/// listener, so it also fixes their window scale) and turns autotuning off.
#[cfg(unix)]
pub(super) fn small_receive_buffer(l: &TcpListener) {
    use std::os::fd::AsRawFd;
    let size: libc::c_int = 4096;
    // SAFETY: a valid socket fd and a pointer to a c_int of the stated length.
    let _ = unsafe {
        libc::setsockopt(
            l.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
}

#[cfg(not(unix))]
pub(super) fn small_receive_buffer(_: &TcpListener) {}
