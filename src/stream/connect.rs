//! Opening TCP connections within one deadline: name resolution, every
//! address a name resolves to, and the socket options every FTP connection
//! wants.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Proxy;
use crate::error::{Error, Phase, Result};

/// Connects to `host:port` within `timeout` overall: name resolution and
/// every resolved address share that one deadline (see [`connect_any`]).
pub fn connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream> {
    let label = crate::url::authority(host, port);
    let deadline = Instant::now() + timeout;
    let addrs = resolve(host, port, timeout).map_err(|e| match e.kind() {
        io::ErrorKind::TimedOut => Error::Timeout { phase: Phase::Connect },
        _ => Error::Connect { addr: label.clone(), source: e },
    })?;
    let left = deadline.saturating_duration_since(Instant::now());
    let s = connect_any(&addrs, left).map_err(|e| match e {
        Error::Connect { source, .. } => Error::Connect { addr: label.clone(), source },
        other => other,
    })?;
    prepare(&s, timeout).map_err(|e| Error::Connect { addr: label, source: e })?;
    Ok(s)
}

/// A control connection to `host:port`: direct, or through `proxy`.
pub fn connect_via(proxy: Option<&Proxy>, host: &str, port: u16, timeout: Duration) -> Result<TcpStream> {
    match proxy {
        Some(p) => p.tunnel(host, port, timeout),
        None => connect(host, port, timeout),
    }
}

/// A data connection to `port` on the control connection's server: direct
/// to the control peer's address `peer` (never one a server announces), or
/// through `proxy` to the same `host` the control connection tunnelled to.
pub fn connect_data(
    proxy: Option<&Proxy>,
    host: &str,
    peer: IpAddr,
    port: u16,
    timeout: Duration,
) -> Result<TcpStream> {
    match proxy {
        Some(p) => p.tunnel(host, port, timeout),
        None => connect_addr(SocketAddr::new(peer, port), timeout),
    }
}

/// The system resolver has no timeout of its own; a thread gives it one
/// (a resolver still stuck at the deadline is left to finish on its own).
pub(super) fn resolve(host: &str, port: u16, timeout: Duration) -> io::Result<Vec<SocketAddr>> {
    let (tx, rx) = mpsc::channel();
    let name = host.to_string();
    std::thread::spawn(move || {
        let _ = tx.send((name.as_str(), port).to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) if addrs.is_empty() => {
            Err(io::Error::new(io::ErrorKind::NotFound, "host name resolved to no address"))
        }
        Ok(result) => result,
        Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, "name resolution timed out")),
    }
}

/// How long one address gets before the next is tried alongside it
/// (RFC 8305's "connection attempt delay").
const ATTEMPT_DELAY: Duration = Duration::from_millis(250);

/// Connects to the first of `addrs` that answers, all within `timeout`.
///
/// Attempts are staggered, Happy Eyeballs style: when an address has not
/// answered after [`ATTEMPT_DELAY`], the next one starts while it keeps
/// trying, and one that refuses moves on at once. So a dead first address
/// (an IPv6 route that drops packets) costs a quarter of a second, not the
/// whole timeout, and the total never exceeds `timeout`. The losers of the
/// race are closed when they finish.
pub fn connect_any(addrs: &[SocketAddr], timeout: Duration) -> Result<TcpStream> {
    let deadline = Instant::now() + timeout;
    let (tx, rx) = mpsc::channel::<io::Result<TcpStream>>();
    let (mut started, mut failed) = (0, 0);
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address to connect to");
    let mut timed_out = false;
    while failed < addrs.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::Timeout { phase: Phase::Connect });
        }
        if let Some(&addr) = addrs.get(started) {
            let tx = tx.clone();
            std::thread::spawn(move || {
                // A send to a receiver that gave up drops (closes) the stream.
                let _ = tx.send(TcpStream::connect_timeout(&addr, left));
            });
            started += 1;
        }
        let wait = if started < addrs.len() { left.min(ATTEMPT_DELAY) } else { left };
        match rx.recv_timeout(wait) {
            Ok(Ok(s)) => return Ok(s),
            Ok(Err(e)) => {
                failed += 1;
                timed_out |= e.kind() == io::ErrorKind::TimedOut;
                last = e;
            }
            Err(_) => {} // this attempt keeps going; start the next one
        }
    }
    if timed_out {
        return Err(Error::Timeout { phase: Phase::Connect });
    }
    Err(Error::Connect { addr: addrs.first().map(|a| a.to_string()).unwrap_or_default(), source: last })
}

/// Connects to an exact address (data connections).
pub fn connect_addr(addr: SocketAddr, timeout: Duration) -> Result<TcpStream> {
    let s = TcpStream::connect_timeout(&addr, timeout).map_err(|e| match e.kind() {
        io::ErrorKind::TimedOut => Error::Timeout { phase: Phase::DataConnect },
        _ => Error::DataConnect { addr, source: e },
    })?;
    prepare(&s, timeout).map_err(|e| Error::from_io(e, Phase::DataConnect))?;
    Ok(s)
}

/// Idle time before the first TCP keepalive probe. NAT boxes and stateful
/// firewalls commonly forget an idle flow after 2 to 5 minutes (some after
/// 60 s); the control connection sits idle for the whole of a long transfer,
/// and the kernel's default of 2 hours would let it be dropped silently.
pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(60);
/// Spacing of the probes once the first one goes unanswered.
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(15);
/// Unanswered probes before the kernel gives the connection up.
const KEEPALIVE_RETRIES: u32 = 4;

/// The same options for a data connection we accepted (active mode).
pub fn prepare_accepted(s: &TcpStream, timeout: Duration) -> io::Result<()> {
    prepare(s, timeout)
}

fn prepare(s: &TcpStream, timeout: Duration) -> io::Result<()> {
    // FTP is a request/response protocol with small commands: Nagle would add
    // a delayed-ACK wait to every turn.
    s.set_nodelay(true)?;
    keepalive(s)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))
}

/// Caps the kernel's send buffer of `s` at about `bytes` (Linux doubles the
/// figure for its bookkeeping and keeps a floor of a few KiB). It also ends
/// send-buffer autotuning, which on a fast link grows the queue to
/// megabytes: for a peer that consumes slowly, everything queued when the
/// last write returns is time the final reply takes, so a small queue keeps
/// that wait inside the per-step timeout.
pub fn limit_send_queue(s: &TcpStream, bytes: usize) -> io::Result<()> {
    socket2::SockRef::from(s).set_send_buffer_size(bytes)
}

/// Turns on TCP keepalive with [`KEEPALIVE_IDLE`]. std's `TcpStream` has no
/// keepalive setting at all (let alone idle time or probe count), hence
/// `socket2`.
fn keepalive(s: &TcpStream) -> io::Result<()> {
    let ka = socket2::TcpKeepalive::new().with_time(KEEPALIVE_IDLE);
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple", target_os = "freebsd"))]
    let ka = ka.with_interval(KEEPALIVE_INTERVAL).with_retries(KEEPALIVE_RETRIES);
    socket2::SockRef::from(s).set_tcp_keepalive(&ka)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A loopback address that never answers: a listener whose accept
    /// queue is full drops further SYNs, as a dead route would.
    fn black_hole() -> (TcpListener, Vec<TcpStream>, SocketAddr) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let mut held = Vec::new();
        for _ in 0..4096 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
                Ok(s) => held.push(s),
                Err(_) => return (l, held, addr),
            }
        }
        panic!("the accept queue never filled");
    }

    fn refused() -> SocketAddr {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap() // closed when `l` drops: connecting is refused
    }

    #[test]
    fn connections_carry_keepalive_with_a_one_minute_idle() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let s = connect("127.0.0.1", l.local_addr().unwrap().port(), Duration::from_secs(5)).unwrap();
        let d = connect_addr(l.local_addr().unwrap(), Duration::from_secs(5)).unwrap();
        for sock in [&s, &d] {
            let r = socket2::SockRef::from(sock);
            assert!(r.keepalive().unwrap());
            assert_eq!(r.keepalive_time().unwrap(), KEEPALIVE_IDLE);
            #[cfg(target_os = "linux")]
            {
                assert_eq!(r.keepalive_interval().unwrap(), KEEPALIVE_INTERVAL);
                assert_eq!(r.keepalive_retries().unwrap(), KEEPALIVE_RETRIES);
            }
        }
    }

    #[test]
    fn a_dead_first_address_costs_a_short_delay_not_the_timeout() {
        let (_hole, _held, dead) = black_hole();
        let good = TcpListener::bind("127.0.0.1:0").unwrap();
        let started = Instant::now();
        let s = connect_any(&[dead, good.local_addr().unwrap()], Duration::from_secs(20)).expect("connects");
        assert_eq!(s.peer_addr().unwrap(), good.local_addr().unwrap());
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    }

    #[test]
    fn a_refusing_address_moves_on_at_once() {
        let good = TcpListener::bind("127.0.0.1:0").unwrap();
        let started = Instant::now();
        let s = connect_any(&[refused(), good.local_addr().unwrap()], Duration::from_secs(20)).expect("connects");
        assert_eq!(s.peer_addr().unwrap(), good.local_addr().unwrap());
        assert!(started.elapsed() < ATTEMPT_DELAY, "{:?}", started.elapsed());
        let e = connect_any(&[refused(), refused()], Duration::from_secs(20)).unwrap_err();
        assert!(matches!(e, Error::Connect { .. }), "{e:?}");
    }

    #[test]
    fn a_refused_data_connection_keeps_its_cause() {
        let addr = refused();
        let e = connect_addr(addr, Duration::from_secs(5)).unwrap_err();
        let cause = std::error::Error::source(&e).and_then(|c| c.downcast_ref::<io::Error>());
        assert_eq!(cause.map(io::Error::kind), Some(io::ErrorKind::ConnectionRefused), "{e:?}");
        assert!(e.to_string().contains(&format!("cannot open the data connection to {addr}")), "{e}");
        assert_eq!(e.kind(), crate::ErrorKind::Transfer);
    }

    #[test]
    fn all_addresses_share_one_deadline() {
        let (_a, _ha, dead1) = black_hole();
        let (_b, _hb, dead2) = black_hole();
        let started = Instant::now();
        let e = connect_any(&[dead1, dead2, dead1], Duration::from_millis(1200)).unwrap_err();
        let took = started.elapsed();
        assert!(matches!(e, Error::Timeout { phase: Phase::Connect }), "{e:?}");
        assert!(took >= Duration::from_millis(1100) && took < Duration::from_millis(2000), "{took:?}");
    }
}
