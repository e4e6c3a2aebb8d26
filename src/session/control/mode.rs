//! Telling a URL of the wrong FTPS mode from a broken server, fast.
//!
//! `ftps://` (implicit) against an explicit port fails the handshake on the
//! server's plaintext `220`, which rustls reports as a corrupt record; and
//! `ftp://` against an implicit port waits for a greeting the server never
//! sends (it waits for our ClientHello). Both looked like server faults and
//! the second took the whole `--timeout`. Here a second, short-lived
//! connection to the same place asks the port what it speaks, so the error
//! can name the right scheme within a few seconds. The same place: through
//! the proxy when there is one (the peer's address is then the proxy's, and
//! nothing may be sent around it), else the address the first one reached.

use std::net::{IpAddr, TcpStream};
use std::time::{Duration, Instant};

use super::ConnectOptions;
use crate::error::{Error, Phase, Result};
use crate::stream::{self, Stream};
use crate::tls::SessionTls;

/// How long an explicit server's greeting may take before we ask whether
/// the port is an implicit one; the greeting is still awaited afterwards
/// for the rest of the timeout when it is not.
const GREETING_GRACE: Duration = Duration::from_secs(2);
/// Bound of the probe connection as a whole step.
const PROBE: Duration = Duration::from_secs(3);

/// Explicit mode, before reading the greeting: when nothing arrives within
/// [`GREETING_GRACE`] and the port answers a TLS handshake, it is an
/// implicit FTPS port.
pub(super) fn check_greeting_arrives(
    tcp: &TcpStream,
    opts: &ConnectOptions,
    peer: IpAddr,
    tls: impl FnOnce() -> Result<SessionTls>,
) -> Result<()> {
    let timeout = opts.timeout;
    if timeout <= GREETING_GRACE {
        return Ok(());
    }
    let start = Instant::now();
    let left = || timeout.saturating_sub(start.elapsed());
    if !silent_for(tcp, GREETING_GRACE) {
        return Ok(());
    }
    let tls = tls()?;
    let probe = PROBE.min(left());
    if !probe.is_zero() && speaks_tls(opts, peer, &tls, probe) {
        return Err(Error::WrongMode { host: tls.server_name.to_str().into_owned(), port: opts.port, implicit: true });
    }
    // Not an implicit port, just slow: the greeting keeps the rest of the
    // timeout, which still bounds the wait as a whole.
    if silent_for(tcp, left().max(Duration::from_millis(1))) {
        return Err(Error::Timeout { phase: Phase::Reply });
    }
    Ok(())
}

/// True when nothing arrives on `tcp` within `wait` (nothing is consumed).
fn silent_for(tcp: &TcpStream, wait: Duration) -> bool {
    let restore = tcp.read_timeout().ok().flatten();
    let _ = tcp.set_read_timeout(Some(wait));
    let peeked = tcp.peek(&mut [0u8; 1]);
    let _ = tcp.set_read_timeout(restore);
    matches!(peeked, Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut))
}

/// Implicit mode, after a failed handshake: a record that is not TLS at
/// all, from a port whose fresh connection greets in plaintext, means an
/// explicit FTPS port (a plaintext answer is one whether or not it was
/// recognised as a reply). Any other failure is returned as it was.
pub(super) fn explain_handshake_failure(e: Error, opts: &ConnectOptions, peer: IpAddr) -> Error {
    let not_tls = matches!(
        &e,
        Error::Tls { source: rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType), .. }
            | Error::TlsBroken { phase: Phase::TlsHandshake, .. }
    );
    if not_tls && greets_in_plaintext(opts, peer) {
        return Error::WrongMode { host: opts.host.clone(), port: opts.port, implicit: false };
    }
    e
}

/// A second connection to where the control connection went (see the
/// module's note), within `within`: the data connections' rule, which is
/// the same one.
fn redial(opts: &ConnectOptions, peer: IpAddr, within: Duration) -> Result<TcpStream> {
    stream::connect_data(opts.proxy.as_ref(), &opts.host, peer, opts.port, within)
}

/// Whether the port answers a ClientHello with TLS: a completed handshake,
/// or one that failed on a TLS matter (certificate, alert) rather than on
/// silence or plaintext.
fn speaks_tls(opts: &ConnectOptions, peer: IpAddr, tls: &SessionTls, within: Duration) -> bool {
    let Ok(tcp) = redial(opts, peer, within) else { return false };
    match Stream::start_tls(tcp, tls) {
        Ok(_) => true,
        Err(Error::Tls { source, .. }) => !matches!(source, rustls::Error::InvalidMessage(_)),
        Err(_) => false,
    }
}

/// Whether the port sends a plaintext `220` line right after connecting.
fn greets_in_plaintext(opts: &ConnectOptions, peer: IpAddr) -> bool {
    let Ok(tcp) = redial(opts, peer, PROBE.min(opts.timeout)) else { return false };
    let mut first = [0u8; 4];
    let mut got = 0;
    while got < first.len() {
        match std::io::Read::read(&mut &tcp, first.get_mut(got..).unwrap_or_default()) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    first.starts_with(b"220")
}
