//! Active mode: we listen, announce the port (`EPRT`, or `PORT` for an IPv4
//! server without EPRT) and the server connects to us. For servers and
//! firewalls that allow only that.
//!
//! Whoever reaches the announced port first would get the file (port theft),
//! so only a connection from the control peer's address is accepted; any
//! other is closed and noted, and the wait goes on until the deadline. The
//! TLS roles stay as in passive mode: we are the TLS client on the data
//! connection and resume the control session (RFC 4217).

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use super::Session;
use crate::error::{Error, Phase, Result};
use crate::stream::{self, Stream};
use crate::wire::Command;

/// How to run active mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Active {
    /// The address announced instead of the control connection's local one
    /// (the public address of a NAT that forwards the ports).
    pub announce: Option<IpAddr>,
    /// Listen only on ports in this inclusive range (what a firewall or a
    /// NAT forwards); any free port otherwise.
    pub ports: Option<(u16, u16)>,
}

impl Session {
    pub(super) fn open_active(&mut self, active: Active, cmd: Command, rest: Option<u64>) -> Result<Stream> {
        let local = self.ctrl.get_ref().tcp().local_addr().map_err(|e| Error::from_io(e, Phase::DataConnect))?;
        // The control connection's own local address: the one the server
        // reaches us on, unless a NAT in between forwards another.
        let announce = announced(local.ip(), active.announce)?;
        let listener = listen(local.ip(), active.ports)?;
        let port = listener.local_addr().map_err(|e| Error::from_io(e, Phase::DataConnect))?.port();
        let reply = self.command(Command::Raw(eprt(announce, port)))?;
        if reply.code != 200 {
            match announce {
                IpAddr::V4(v4) if reply.class() == 5 => {
                    let [a, b, c, d] = v4.octets();
                    let port_cmd = format!("PORT {a},{b},{c},{d},{},{}", port >> 8, port & 0xff);
                    self.expect(Command::Raw(port_cmd), &[200])?;
                }
                IpAddr::V6(_) if reply.class() == 5 => return Err(Error::NoEprtOverIpv6 { reply }),
                _ => return Err(Error::Remote { command: "EPRT".into(), reply }),
            }
        }
        self.send_rest(rest)?;
        let label = cmd.to_string();
        let reply = self.command(cmd)?;
        if !reply.is_preliminary() {
            return Err(Error::Remote { command: label, reply });
        }
        let peer = self.peer;
        let waited = {
            let (ctrl, trace) = (&self.ctrl, &self.opts.trace);
            let foreign = &mut |from| {
                trace.note(format_args!(
                    "closed a data connection from {from}: only the control peer {peer} may connect"
                ))
            };
            // A server that cannot connect says so on the control channel
            // (425): stop waiting then, instead of at the deadline.
            let spoke = &mut || !ctrl.buffer().is_empty() || readable(ctrl.get_ref().tcp());
            accept_from(&listener, peer, self.opts.timeout, foreign, spoke)
        };
        let sock = match waited {
            Ok(Ok(sock)) => sock,
            Ok(Err(None)) => {
                let reply = super::read_reply(&mut self.ctrl, &self.opts.trace)?;
                return Err(Error::Remote { command: label, reply });
            }
            // Strangers connected and the server gave up: its reply says
            // why, but the strangers are what the user must hear about.
            Ok(Err(Some(Foreign { first, refused }))) => {
                let reply = super::read_reply(&mut self.ctrl, &self.opts.trace)?;
                let (expected, reply) = (peer, Some(reply));
                return Err(Error::ActiveForeignPeer { command: label, expected, got: first, refused, reply });
            }
            Err(Waited::Foreign(Foreign { first, refused })) => {
                return Err(Error::ActiveForeignPeer {
                    command: label,
                    expected: peer,
                    got: first,
                    refused,
                    reply: None,
                });
            }
            Err(Waited::Failed(e)) => return Err(e),
        };
        stream::prepare_accepted(&sock, self.opts.timeout).map_err(|e| Error::from_io(e, Phase::DataConnect))?;
        let conn = rustls::ClientConnection::new(self.tls.config.clone(), self.tls.server_name.clone())
            .map_err(|e| Error::Tls { host: self.tls.server_name.to_str().into_owned(), source: e, cert: None })?;
        self.finish_data_handshake(conn, sock)
    }
}

/// The address to announce: `announce` when given, else the control
/// connection's `local` one. It must be of the control connection's family:
/// we listen there, and only the control peer (of that family) may connect.
fn announced(local: IpAddr, announce: Option<IpAddr>) -> Result<IpAddr> {
    let local = local.to_canonical();
    let Some(a) = announce.map(|a| a.to_canonical()) else { return Ok(local) };
    let family = |ip: IpAddr| if ip.is_ipv4() { "IPv4" } else { "IPv6" };
    if a.is_ipv4() != local.is_ipv4() {
        return Err(Error::InvalidArgument(format!(
            "the active-mode address to announce, {a}, is {} but the control connection is {}: the server \
             connects back over the control connection's family, so announce an {} address (or none, for \
             the local one)",
            family(a),
            family(local),
            family(local)
        )));
    }
    Ok(a)
}

/// `EPRT |1|192.0.2.7|50000|` or `EPRT |2|2001:db8::7|50000|` (RFC 2428).
fn eprt(ip: IpAddr, port: u16) -> String {
    let af = if ip.is_ipv4() { 1 } else { 2 };
    format!("EPRT |{af}|{ip}|{port}|")
}

/// A listener on `ip`, on a port from `ports` (tried from a varying
/// starting point, so parallel sessions do not all collide on the first).
fn listen(ip: IpAddr, ports: Option<(u16, u16)>) -> Result<TcpListener> {
    let Some((lo, hi)) = ports else {
        return TcpListener::bind(SocketAddr::new(ip, 0)).map_err(|source| Error::DataListen { ip, ports, source });
    };
    let span = u32::from(hi - lo) + 1;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().subsec_nanos();
    let mut last = io::Error::other("empty port range");
    for i in 0..span {
        let port = lo + ((nanos.wrapping_add(i)) % span) as u16;
        match TcpListener::bind(SocketAddr::new(ip, port)) {
            Ok(l) => return Ok(l),
            Err(e) => last = e,
        }
    }
    Err(Error::DataListen { ip, ports, source: last })
}

/// Parses `MIN-MAX` (inclusive, 1 to 65535, MIN <= MAX).
pub fn parse_port_range(text: &str) -> std::result::Result<(u16, u16), String> {
    let bad =
        || format!("{text:?} is not a port range; write MIN-MAX with 1 <= MIN <= MAX <= 65535 (e.g. 50000-50100)");
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let (lo, hi): (u16, u16) = (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?);
    if lo == 0 || lo > hi {
        return Err(bad());
    }
    Ok((lo, hi))
}

/// Whether bytes wait on `sock` (without consuming them).
fn readable(sock: &TcpStream) -> bool {
    if sock.set_nonblocking(true).is_err() {
        return false;
    }
    let mut b = [0u8; 1];
    let got = matches!(sock.peek(&mut b), Ok(n) if n > 0);
    let _ = sock.set_nonblocking(false);
    got
}

/// The connections from elsewhere that were closed while waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Foreign {
    first: SocketAddr,
    refused: u32,
}

/// Why [`accept_from`] gave up without the server's connection.
#[derive(Debug)]
enum Waited {
    /// The deadline passed and only strangers had connected.
    Foreign(Foreign),
    Failed(Error),
}

/// Waits up to `timeout` for a connection from `peer`, closing (and
/// reporting through `foreign`) any from elsewhere. `Ok(Err(strangers))`
/// when `spoke` says the server answered on the control channel instead.
fn accept_from(
    listener: &TcpListener,
    peer: IpAddr,
    timeout: Duration,
    foreign: &mut dyn FnMut(SocketAddr),
    spoke: &mut dyn FnMut() -> bool,
) -> std::result::Result<std::result::Result<TcpStream, Option<Foreign>>, Waited> {
    let io_err = |e| Waited::Failed(Error::from_io(e, Phase::DataConnect));
    listener.set_nonblocking(true).map_err(io_err)?;
    let deadline = Instant::now() + timeout;
    let mut strangers: Option<Foreign> = None;
    loop {
        match listener.accept() {
            Ok((sock, from)) if same_host(from.ip(), peer) => {
                sock.set_nonblocking(false).map_err(io_err)?;
                return Ok(Ok(sock));
            }
            Ok((sock, from)) => {
                drop(sock);
                let seen = strangers.get_or_insert(Foreign { first: from, refused: 0 });
                seen.refused = seen.refused.saturating_add(1);
                foreign(from);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::Interrupted => {
                if spoke() {
                    return Ok(Err(strangers));
                }
                if Instant::now() >= deadline {
                    return Err(match strangers {
                        Some(s) => Waited::Foreign(s),
                        None => Waited::Failed(Error::Timeout { phase: Phase::DataConnect }),
                    });
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(io_err(e)),
        }
    }
}

/// IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is the same host as its IPv4.
fn same_host(a: IpAddr, b: IpAddr) -> bool {
    a.to_canonical() == b.to_canonical()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_ranges() {
        assert_eq!(parse_port_range("50000-50100"), Ok((50000, 50100)));
        assert_eq!(parse_port_range("7-7"), Ok((7, 7)));
        for bad in ["", "5", "0-10", "10-5", "1-70000", "a-b", "1-2-3", "-5"] {
            assert!(parse_port_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn listening_stays_in_the_range() {
        let held = TcpListener::bind("127.0.0.1:0").unwrap();
        let p = held.local_addr().unwrap().port();
        // The only port of the range is taken: a clear error, not another port.
        let e = listen("127.0.0.1".parse().unwrap(), Some((p, p))).unwrap_err();
        assert!(e.to_string().contains(&format!("no free port in {p}-{p}")), "{e}");
        // The bind error stays reachable for callers, typed.
        let cause = std::error::Error::source(&e).and_then(|c| c.downcast_ref::<io::Error>());
        assert_eq!(cause.map(io::Error::kind), Some(io::ErrorKind::AddrInUse), "{e:?}");
        assert_eq!(e.kind(), crate::ErrorKind::Transfer);
        drop(held);
        let l = listen("127.0.0.1".parse().unwrap(), Some((p, p))).unwrap();
        assert_eq!(l.local_addr().unwrap().port(), p);
    }

    #[test]
    fn eprt_names_the_family() {
        assert_eq!(eprt("192.0.2.7".parse().unwrap(), 50000), "EPRT |1|192.0.2.7|50000|");
        assert_eq!(eprt("2001:db8::7".parse().unwrap(), 1), "EPRT |2|2001:db8::7|1|");
        assert_eq!(eprt("::1".parse().unwrap(), 65535), "EPRT |2|::1|65535|");
    }

    #[test]
    fn the_announced_address_keeps_the_control_family() {
        let (v4, v6): (IpAddr, IpAddr) = ("10.0.0.5".parse().unwrap(), "fd00::5".parse().unwrap());
        assert_eq!(announced(v4, None).unwrap(), v4);
        assert_eq!(announced(v6, None).unwrap(), v6);
        assert_eq!(announced(v4, Some("203.0.113.9".parse().unwrap())).unwrap().to_string(), "203.0.113.9");
        assert_eq!(announced(v6, Some("2001:db8::9".parse().unwrap())).unwrap().to_string(), "2001:db8::9");
        // A mapped address is IPv4 on the wire (EPRT |1|).
        assert_eq!(announced("::ffff:10.0.0.5".parse().unwrap(), None).unwrap(), v4);
        for (local, other) in [(v4, v6), (v6, v4)] {
            let e = announced(local, Some(other)).unwrap_err().to_string();
            assert!(e.contains(&other.to_string()) && e.contains("control connection is"), "{e}");
            assert!(!e.contains("--"), "no option names below the CLI: {e}");
        }
    }

    /// The control peer is `fd00::1` here: a connection from `::1` (the
    /// only IPv6 loopback address) is then foreign, closed and counted, and
    /// the wait ends when the control channel speaks. (On a machine without
    /// `::1` the same runs on IPv4.)
    #[test]
    fn a_foreign_connection_is_closed() {
        let (listener, stranger, own) = match TcpListener::bind("[::1]:0") {
            Ok(l) => (l, "fd00::1", "::1"),
            Err(_) => (TcpListener::bind("127.0.0.1:0").unwrap(), "192.0.2.1", "127.0.0.1"),
        };
        let at = listener.local_addr().unwrap();
        let thief = std::thread::spawn(move || TcpStream::connect(at).map(|s| s.local_addr().unwrap()));
        let mut seen = Vec::new();
        let started = Instant::now();
        let mut spoke = || started.elapsed() > Duration::from_millis(500);
        let peer = stranger.parse().unwrap();
        let got = accept_from(&listener, peer, Duration::from_secs(5), &mut |from| seen.push(from), &mut spoke);
        let from = thief.join().unwrap().unwrap();
        assert_eq!(got.unwrap().unwrap_err(), Some(Foreign { first: from, refused: 1 }));
        assert_eq!(seen, [from]);
        // The control peer's own connection is the one accepted.
        let mine = std::thread::spawn(move || TcpStream::connect(at));
        let got = accept_from(&listener, own.parse().unwrap(), Duration::from_secs(5), &mut |_| {}, &mut || false);
        assert!(matches!(got, Ok(Ok(_))), "{got:?}");
        drop(mine.join());
    }

    /// Only a stranger connected and the server stayed silent: at the
    /// deadline the strangers are the answer, not a bare timeout.
    #[test]
    fn only_a_stranger_until_the_deadline() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let at = listener.local_addr().unwrap();
        let thief = TcpStream::connect(at).unwrap();
        let from = thief.local_addr().unwrap();
        let peer = "192.0.2.1".parse().unwrap();
        let got = accept_from(&listener, peer, Duration::from_millis(300), &mut |_| {}, &mut || false);
        assert!(matches!(got, Err(Waited::Foreign(Foreign { first, refused: 1 })) if first == from), "{got:?}");
        // Nobody at all: the usual timeout.
        let got = accept_from(&listener, peer, Duration::from_millis(50), &mut |_| {}, &mut || false);
        assert!(matches!(got, Err(Waited::Failed(Error::Timeout { phase: Phase::DataConnect }))), "{got:?}");
    }

    #[test]
    fn a_foreign_active_peer_is_a_protocol_error_never_retried() {
        let reply = crate::wire::Reply { code: 425, lines: vec!["Failed to establish connection.".into()] };
        let mk = |refused, reply| Error::ActiveForeignPeer {
            command: "RETR f".into(),
            expected: "192.0.2.1".parse().unwrap(),
            got: "198.51.100.7:40000".parse().unwrap(),
            refused,
            reply,
        };
        for e in [mk(1, None), mk(3, Some(reply))] {
            assert_eq!(e.kind(), crate::ErrorKind::Protocol, "{e}");
            assert!(!e.is_transient(), "{e}");
            let text = e.to_string();
            assert!(text.contains("198.51.100.7:40000") && text.contains("192.0.2.1"), "{text}");
        }
        assert!(mk(3, None).to_string().contains("(and 2 more)"));
        let text = mk(1, Some(crate::wire::Reply { code: 425, lines: vec!["nope".into()] })).to_string();
        assert!(text.contains("425 nope") && !text.contains("more"), "{text}");
    }

    #[test]
    fn mapped_ipv4_is_the_same_host() {
        assert!(same_host("::ffff:127.0.0.1".parse().unwrap(), "127.0.0.1".parse().unwrap()));
        assert!(!same_host("127.0.0.2".parse().unwrap(), "127.0.0.1".parse().unwrap()));
    }
}
