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

impl Session {
    pub(super) fn open_active(&mut self, cmd: Command, rest: Option<u64>) -> Result<Stream> {
        let local = self.ctrl.get_ref().tcp().local_addr().map_err(|e| Error::from_io(e, Phase::DataConnect))?;
        // The control connection's own local address: the one the server
        // can reach us on (behind NAT that is not so; passive mode is the
        // answer there).
        let listener = TcpListener::bind(SocketAddr::new(local.ip(), 0))
            .map_err(|e| Error::Transfer(format!("cannot listen for the data connection on {}: {e}", local.ip())))?;
        let port = listener.local_addr().map_err(|e| Error::from_io(e, Phase::DataConnect))?.port();
        let af = if local.is_ipv4() { 1 } else { 2 };
        let reply = self.command(Command::Raw(format!("EPRT |{af}|{}|{port}|", local.ip())))?;
        if reply.code != 200 {
            match local.ip() {
                IpAddr::V4(v4) if reply.class() == 5 => {
                    let [a, b, c, d] = v4.octets();
                    let port_cmd = format!("PORT {a},{b},{c},{d},{},{}", port >> 8, port & 0xff);
                    self.expect(Command::Raw(port_cmd), &[200])?;
                }
                _ => return Err(Error::Remote { command: "EPRT".into(), reply }),
            }
        }
        self.send_rest(rest)?;
        let label = cmd.to_string();
        let reply = self.command(cmd)?;
        if !reply.is_preliminary() {
            return Err(Error::Remote { command: label, reply });
        }
        let sock = accept_from(&listener, self.peer, self.opts.timeout, &mut |from| {
            self.opts.trace.note(format_args!(
                "closed a data connection from {from}: only the control peer {} may connect",
                self.peer
            ))
        })?;
        stream::prepare_accepted(&sock, self.opts.timeout).map_err(|e| Error::from_io(e, Phase::DataConnect))?;
        let conn = rustls::ClientConnection::new(self.tls.config.clone(), self.tls.server_name.clone())
            .map_err(|e| Error::Tls { host: self.tls.server_name.to_str().into_owned(), source: e, cert: None })?;
        self.finish_data_handshake(conn, sock)
    }
}

/// Waits up to `timeout` for a connection from `peer`, closing (and
/// reporting through `foreign`) any from elsewhere.
fn accept_from(
    listener: &TcpListener,
    peer: IpAddr,
    timeout: Duration,
    foreign: &mut dyn FnMut(SocketAddr),
) -> Result<TcpStream> {
    listener.set_nonblocking(true).map_err(|e| Error::from_io(e, Phase::DataConnect))?;
    let deadline = Instant::now() + timeout;
    let mut refused = 0u32;
    loop {
        match listener.accept() {
            Ok((sock, from)) if same_host(from.ip(), peer) => {
                sock.set_nonblocking(false).map_err(|e| Error::from_io(e, Phase::DataConnect))?;
                return Ok(sock);
            }
            Ok((sock, from)) => {
                drop(sock);
                refused += 1;
                foreign(from);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::Interrupted => {
                if Instant::now() >= deadline {
                    return Err(if refused > 0 {
                        Error::Transfer(format!(
                            "the data connection came only from addresses other than the server's ({refused} \
                             refused): someone else tried to take the transfer"
                        ))
                    } else {
                        Error::Timeout { phase: Phase::DataConnect }
                    });
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(Error::from_io(e, Phase::DataConnect)),
        }
    }
}

/// IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is the same host as its IPv4.
fn same_host(a: IpAddr, b: IpAddr) -> bool {
    a.to_canonical() == b.to_canonical()
}
