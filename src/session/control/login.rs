//! Establishing one logged-in control connection: TCP, TLS (implicit or
//! `AUTH TLS`), login, data protection, features.
//!
//! TLS version choice lives here too. Heuristics and the ticket policy may
//! ask for one version only; a server that refuses it is asked again, once,
//! with the other version, and the refusal is remembered in the shared
//! [`crate::tls::TlsContext`] so no later connection of the run repeats the
//! wasted attempt. A preference must never lock a server out.

use std::io::BufReader;
use std::net::IpAddr;

use rustls::AlertDescription;

use super::{ConnectOptions, credentials, order, read_reply, send};
use crate::error::{Error, Phase, Result};
use crate::session::trace::Trace;
use crate::stream::{self, Stream};
use crate::tls::{SessionTls, TlsVersion};
use crate::wire::features::Features;
use crate::wire::{Command, Reply};

/// A logged-in control connection: the stream, the peer, its TLS setup,
/// FEAT, the highest TLS version offered, whether the server queues
/// commands and our close during a transfer (see [`serial_transfers`]), and
/// whether commands may be pipelined (see [`super::order`]).
pub(super) type Established = (BufReader<Stream>, IpAddr, SessionTls, Features, TlsVersion, bool, bool);

/// Where a gated login stops (see [`establish_gated`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateStep {
    /// Before the password: `false` ends the attempt with `QUIT`.
    Password,
    /// The server has accepted the credentials (the answer is ignored).
    LoggedIn,
}

/// Logs in, offering at most `max` (see [`crate::tls::TlsContext::offer`]).
pub(super) fn establish(opts: &ConnectOptions, max: TlsVersion) -> Result<Established> {
    establish_gated(opts, max, &mut |_| true)?.ok_or(Error::ConnectionClosed)
}

/// Like [`establish`], asking `gate` before the password and telling it
/// when the server took the credentials: a parallel run's extra connections
/// get through their connect, handshake and user name while its first one
/// logs in, and send a password only once that one was accepted (a wrong
/// one then costs one refused login, not one per connection). `None` when
/// the gate says no.
pub(super) fn establish_gated(
    opts: &ConnectOptions,
    max: TlsVersion,
    gate: &mut dyn FnMut(GateStep) -> bool,
) -> Result<Option<Established>> {
    let mut max = max;
    let mut retried = false;
    let mut misordered = false;
    loop {
        let mut refused = None;
        match establish_once(opts, max, &mut refused, gate) {
            // A pipelined login read out of step: once more, one command at a time.
            Err(e @ Error::OutOfOrder { .. }) if !misordered => {
                opts.order.remember_out_of_order(&opts.host, opts.port);
                opts.trace.note(format_args!("{e}; logging in again"));
                misordered = true;
            }
            Err(e) if !retried && refused.is_some_and(|v| opts.tls.usable(v.other())) => {
                let v = refused.unwrap_or(max);
                opts.tls.remember_refused(v);
                opts.trace.note(format_args!(
                    "the server refused a handshake offering {v} only ({e}); retrying with {}, \
                     and not offering {v} again in this run",
                    v.other()
                ));
                max = v.other();
                retried = true;
            }
            other => return other,
        }
    }
}

/// One attempt. `refused` is set when the TLS handshake failed in a way
/// that says the server will not speak the one version offered.
fn establish_once(
    opts: &ConnectOptions,
    max: TlsVersion,
    refused: &mut Option<TlsVersion>,
    gate: &mut dyn FnMut(GateStep) -> bool,
) -> Result<Option<Established>> {
    let (mut ctrl, peer, tls, max, hello) = secure(opts, max, refused)?;
    let in_order = order::known_in_order(&hello) && !opts.order.out_of_order(&opts.host, opts.port);
    if !in_order && opts.order.first_time(&opts.host, opts.port, "lock-step") {
        opts.trace.note(format_args!("server not known to answer pipelined commands in order: one command at a time"));
    }
    let login =
        credentials::Login { user: &opts.user, password: &opts.password, ascii: opts.ascii, pipelined: in_order };
    if !credentials::login(&mut ctrl, &login, &opts.trace, gate)? {
        let _ = send(&mut ctrl, &Command::Quit, &opts.trace);
        let _ = ctrl.get_mut().send_close_notify();
        return Ok(None);
    }
    gate(GateStep::LoggedIn);
    let mut features = credentials::prepared(&mut ctrl, &login, &opts.trace)?;
    let missing = features.missing();
    if !missing.is_empty() && opts.order.first_time(&opts.host, opts.port, "missing features") {
        opts.trace.note(format_args!("the server does not announce: {}", missing.join(", ")));
    }
    if let Some(ask) = &opts.compress {
        ask_compression(&mut ctrl, &opts.trace, ask, &mut features)?;
    }
    Ok(Some((ctrl, peer, tls, features, max, serial_transfers(&hello), in_order)))
}

/// The control connection up to a finished TLS handshake, before login.
fn secure(
    opts: &ConnectOptions,
    max: TlsVersion,
    refused: &mut Option<TlsVersion>,
) -> Result<(BufReader<Stream>, IpAddr, SessionTls, TlsVersion, Reply)> {
    let trace = &opts.trace;
    let tcp = stream::connect_via(opts.proxy.as_ref(), &opts.host, opts.port, opts.timeout)?;
    let peer = tcp.peer_addr().map_err(|e| Error::from_io(e, Phase::Connect))?.ip();
    match &opts.proxy {
        Some(p) => trace.note(format_args!(
            "connected to {} through {}",
            crate::url::authority(&opts.host, opts.port),
            p.label()
        )),
        None => trace.note(format_args!("connected to {}", std::net::SocketAddr::new(peer, opts.port))),
    }
    let mut max = max;
    // A refusal is recorded before the next connection may choose.
    let noting = |refused: &Option<TlsVersion>| {
        if let Some(v) = refused {
            opts.tls.remember_refused(*v);
        }
    };
    let (ctrl, tls, hello) = if opts.implicit {
        opts.tls.first_handshake(|| {
            let tls = opts.tls.session(&opts.host, opts.tls.offer(max))?;
            let (ctrl, hello) = implicit_tls(tcp, &tls, opts, peer, refused).inspect_err(|_| noting(refused))?;
            Ok((ctrl, tls, hello))
        })?
    } else {
        super::mode::check_greeting_arrives(&tcp, opts, peer, || opts.tls.session(&opts.host, opts.tls.offer(max)))?;
        let mut plain = BufReader::new(Stream::Plain(tcp));
        let hello = greeting(&mut plain, trace)?;
        // Only the handshake waits for the run's first one (the version
        // choice); `AUTH TLS` and its 234 need not.
        let tcp = request_tls(plain, trace)?;
        opts.tls.first_handshake(|| {
            if max == TlsVersion::V13 && stingy_with_tls13_tickets(&hello) && opts.tls.usable(TlsVersion::V12) {
                trace.note(format_args!(
                    "ProFTPD issues no TLS 1.3 session ticket on uploads, and rustls uses each ticket once; \
                     offering TLS 1.2, whose session every data connection can resume"
                ));
                max = TlsVersion::V12;
            }
            let tls = opts.tls.session(&opts.host, opts.tls.offer(max))?;
            let ctrl = handshake(tcp, &tls, trace, refused).inspect_err(|_| noting(refused))?;
            Ok((BufReader::new(ctrl), tls, hello))
        })?
    };
    if let Some(info) = ctrl.get_ref().tls_info() {
        trace.note(format_args!("control connection: {} {}", info.version, info.cipher));
    }
    Ok((ctrl, peer, tls, max, hello))
}

/// What one handshake with the server showed, short of logging in: what
/// `probe` reports before (or without) credentials.
#[derive(Debug, Clone)]
pub struct Handshake {
    pub peer: IpAddr,
    /// The TCP connect alone.
    pub connect: std::time::Duration,
    pub tls: Option<crate::stream::TlsInfo>,
    pub cert: Option<crate::tls::CertInfo>,
    /// Every certificate presented, the server's own first (as `cert`, with
    /// the verdict) and then the CAs it sent.
    pub chain: Vec<crate::tls::CertInfo>,
}

/// Secures a control connection offering exactly `offer` (no retry with
/// another version: the caller asks about each one), then quits. Fails as a
/// login would: a wrong mode is [`Error::WrongMode`], a certificate that
/// does not verify an [`Error::Tls`] carrying it.
pub fn handshake_only(opts: &ConnectOptions, offer: crate::tls::Offer) -> Result<Handshake> {
    let trace = &opts.trace;
    let started = std::time::Instant::now();
    let tcp = stream::connect_via(opts.proxy.as_ref(), &opts.host, opts.port, opts.timeout)?;
    let connect = started.elapsed();
    let peer = tcp.peer_addr().map_err(|e| Error::from_io(e, Phase::Connect))?.ip();
    let tls = opts.tls.session(&opts.host, offer)?;
    let mut ignored = None;
    let mut ctrl = if opts.implicit {
        implicit_tls(tcp, &tls, opts, peer, &mut ignored)?.0
    } else {
        super::mode::check_greeting_arrives(&tcp, opts, peer, || Ok(tls.clone()))?;
        let mut plain = BufReader::new(Stream::Plain(tcp));
        greeting(&mut plain, trace)?;
        auth_tls(plain, &tls, trace, &mut ignored)?
    };
    let info = ctrl.get_ref().tls_info();
    let cert = tls.recorder.last_cert();
    let presented = ctrl.get_ref().tls().and_then(|c| c.peer_certificates()).unwrap_or_default();
    let chain =
        cert.iter().cloned().chain(presented.iter().skip(1).map(|c| crate::tls::CertInfo::from_der(c))).collect();
    if send(&mut ctrl, &Command::Quit, trace).is_ok() {
        let _ = read_reply(&mut ctrl, trace);
    }
    let _ = ctrl.get_mut().send_close_notify();
    Ok(Handshake { peer, connect, tls: info, cert, chain })
}

/// Implicit FTPS: the handshake first (a plaintext answer means the port is
/// an explicit one), then the greeting inside TLS.
fn implicit_tls(
    tcp: std::net::TcpStream,
    tls: &SessionTls,
    opts: &ConnectOptions,
    peer: IpAddr,
    refused: &mut Option<TlsVersion>,
) -> Result<(BufReader<Stream>, Reply)> {
    let stream =
        handshake(tcp, tls, &opts.trace, refused).map_err(|e| super::mode::explain_handshake_failure(e, opts, peer))?;
    let mut ctrl = BufReader::new(stream);
    let hello = greeting(&mut ctrl, &opts.trace)?;
    Ok((ctrl, hello))
}

/// Explicit FTPS after the greeting: `AUTH TLS`, then the handshake. Never
/// falls back to plaintext.
fn auth_tls(
    plain: BufReader<Stream>,
    tls: &SessionTls,
    trace: &Trace,
    refused: &mut Option<TlsVersion>,
) -> Result<BufReader<Stream>> {
    let tcp = request_tls(plain, trace)?;
    Ok(BufReader::new(handshake(tcp, tls, trace, refused)?))
}

/// `AUTH TLS` up to its 234: the socket, ready for the handshake.
fn request_tls(mut plain: BufReader<Stream>, trace: &Trace) -> Result<std::net::TcpStream> {
    send(&mut plain, &Command::AuthTls, trace)?;
    let reply = read_reply(&mut plain, trace)?;
    if reply.code != 234 {
        return Err(Error::TlsRefused { step: "AUTH TLS", reply });
    }
    if !plain.buffer().is_empty() {
        return Err(Error::Protocol("server sent data after 234 before the TLS handshake".into()));
    }
    Ok(match plain.into_inner() {
        Stream::Plain(t) => t,
        Stream::Tls(t) => t.sock,
    })
}

fn handshake(
    tcp: std::net::TcpStream,
    tls: &SessionTls,
    trace: &Trace,
    refused: &mut Option<TlsVersion>,
) -> Result<Stream> {
    trace.note(format_args!("TLS handshake offering {}", tls.offer));
    Stream::start_tls(tcp, tls).inspect_err(|e| {
        if is_refusal(e) {
            *refused = tls.offer.single();
        }
    })
}

/// How servers say "not this version": OpenSSL answers an unsupported
/// version with a protocol_version alert (or handshake_failure when no
/// common cipher suite is left), others just close the connection. A
/// certificate problem is never a refusal: retrying would not help.
fn is_refusal(e: &Error) -> bool {
    match e {
        Error::Tls { source, .. } => matches!(
            source,
            rustls::Error::AlertReceived(
                AlertDescription::ProtocolVersion
                    | AlertDescription::HandshakeFailure
                    | AlertDescription::InsufficientSecurity
            ) | rustls::Error::PeerIncompatible(_)
        ),
        // `Stream::start_tls` reports a connection closed mid-handshake so.
        Error::HandshakeCut { .. } | Error::Protocol(_) | Error::ConnectionClosed => true,
        _ => false,
    }
}

/// `MODE Z` once per control connection, where FEAT offers it; otherwise
/// (or when refused) the connection transfers uncompressed and `ask` hears why.
fn ask_compression(
    ctrl: &mut BufReader<Stream>,
    trace: &Trace,
    ask: &crate::session::compress::Ask,
    features: &mut Features,
) -> Result<()> {
    use crate::session::compress::Unavailable;
    if !features.mode_z {
        trace.note(format_args!("MODE Z is not in the server's FEAT reply: transferring uncompressed"));
        ask.unavailable(&Unavailable::NotOffered);
        return Ok(());
    }
    send(ctrl, &Command::Mode('Z'), trace)?;
    let reply = read_reply(ctrl, trace)?;
    if reply.code == 200 {
        trace.note(format_args!("MODE Z on: data connections carry deflate (zlib) streams"));
        features.deflating = true;
    } else {
        trace.note(format_args!("MODE Z refused: transferring uncompressed"));
        ask.unavailable(&Unavailable::Refused(reply));
    }
    Ok(())
}

/// Servers known to run out of TLS 1.3 tickets on a long session (see
/// shared notes: ProFTPD sends none on uploads), recognised by their banner
/// so the session can start on TLS 1.2 instead of reconnecting later.
fn stingy_with_tls13_tickets(greeting: &Reply) -> bool {
    greeting.text().contains("ProFTPD")
}

/// Servers known to run a transfer without looking at anything else,
/// recognised by their banner: vsftpd's session process blocks in the
/// transfer, reads the next command only after the final reply (ABOR comes
/// as urgent data), and reads nothing from a download's data connection
/// before its own close. Commands sent early then simply wait their turn,
/// and a `close_notify` sent early waits for the close. ProFTPD, in
/// contrast, answers commands that arrive during a transfer at once, ahead
/// of the transfer's own reply, and resets a download whose client closed
/// its side early (both measured).
fn serial_transfers(greeting: &Reply) -> bool {
    greeting.text().contains("vsFTPd")
}

fn greeting(ctrl: &mut BufReader<Stream>, trace: &Trace) -> Result<Reply> {
    // 120 means "ready in n minutes"; one is tolerated before the real 220.
    for _ in 0..2 {
        let reply = read_reply(ctrl, trace)?;
        match reply.code {
            220 => return Ok(reply),
            120 => continue,
            _ => {
                return Err(Error::Remote { command: "connection greeting".into(), reply });
            }
        }
    }
    Err(Error::Protocol("server never sent its 220 greeting".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_vsftpd_banners_promise_serial_transfers() {
        let hello = |text: &str| Reply { code: 220, lines: vec![text.into()] };
        assert!(serial_transfers(&hello("(vsFTPd 3.0.3)")));
        // ProFTPD answers commands during a transfer; unknown servers may too.
        assert!(!serial_transfers(&hello("ProFTPD Server (Debian) [::ffff:127.0.0.1]")));
        assert!(!serial_transfers(&hello("Welcome")));
    }

    #[test]
    fn only_version_refusals_are_retried() {
        let tls = |source| Error::Tls { host: "h".into(), source, cert: None };
        assert!(is_refusal(&tls(rustls::Error::AlertReceived(AlertDescription::ProtocolVersion))));
        assert!(is_refusal(&tls(rustls::Error::AlertReceived(AlertDescription::HandshakeFailure))));
        assert!(is_refusal(&Error::HandshakeCut { host: "h".into() }));
        assert!(!is_refusal(&tls(rustls::Error::InvalidCertificate(rustls::CertificateError::Expired))));
        assert!(!is_refusal(&tls(rustls::Error::AlertReceived(AlertDescription::BadCertificate))));
        assert!(!is_refusal(&Error::Timeout { phase: Phase::TlsHandshake }));
    }
}
