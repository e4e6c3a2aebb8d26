//! The control-channel driver: one logged-in FTPS session.
//!
//! It owns the session state (TLS setup, features, passive mode support) and
//! opens data connections that resume the control connection's TLS session.
//! Logging in is in [`login`]; what to do when the TLS 1.3 tickets run out
//! (the ticket policy) in [`tickets`], with its background logins in
//! [`spare`]; pipelined data connections in [`pipeline`].

mod active;
mod credentials;
mod login;
mod mode;
mod order;
mod overlap;
mod pipeline;
mod spare;
mod tickets;

use std::io::{BufReader, Write};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::error::{Error, Phase, Result};
use crate::secret::Secret;
use crate::session::data::DataConn;
use crate::session::trace::Trace;
use crate::stream::{self, Stream};
use crate::tls::{SessionTls, TlsContext, TlsVersion};
use crate::wire::features::Features;
use crate::wire::text::{parse_epsv, parse_pasv};
use crate::wire::{Command, Due, Reply, ReplyReader};
pub use active::{Active, parse_port_range};
pub use login::{GateStep, Handshake, handshake_only};
pub use order::Learned;
pub use pipeline::PreparedTls;
use spare::Spares;

/// Everything needed to (re)establish a session.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub host: String,
    pub port: u16,
    /// `ftps://`: TLS from the first byte, instead of `AUTH TLS`.
    pub implicit: bool,
    pub user: String,
    pub password: Secret,
    pub timeout: Duration,
    pub tls: TlsContext,
    pub trace: Trace,
    /// Set (e.g. by a Ctrl-C handler) to abort the running transfer.
    pub cancel: Arc<AtomicBool>,
    /// Active mode (`Some`): the server connects to us (EPRT, or PORT), and
    /// only a connection from the control peer's address is accepted.
    pub active: Option<Active>,
    /// Bandwidth limits; clones of these options share the buckets.
    pub rates: crate::ratelimit::Rates,
    /// Every connection of the session (control and data) goes through it.
    pub proxy: Option<stream::Proxy>,
    /// `TYPE A` instead of `TYPE I`: the server sends text with CRLF line
    /// ends, and sizes and digests describe its own copy, not the bytes moved.
    pub ascii: bool,
    /// Compression (`MODE Z`) on every control connection whose server offers it.
    pub compress: Option<crate::session::compress::Ask>,
    /// Servers of this run found answering pipelined commands out of order.
    pub order: Learned,
}

pub struct Session {
    opts: ConnectOptions,
    ctrl: BufReader<Stream>,
    peer: IpAddr,
    tls: SessionTls,
    /// Highest version this session offers; lowered once a server proves it
    /// hands out too few TLS 1.3 tickets.
    max_version: TlsVersion,
    pub features: Features,
    /// The server looks at nothing else while a transfer runs, so a
    /// transfer's follow-up commands and a download's `close_notify` may go
    /// out before it ends (see [`Session::send_ahead`]).
    serial_transfers: bool,
    /// Commands may be pipelined: the server is known to answer in order
    /// (see [`order`]); otherwise one command, then its reply.
    in_order: bool,
    epsv_refused: bool,
    /// A data connection succeeded with a full handshake: this server does
    /// not insist on reuse, so an empty ticket supply is no reason to reconnect.
    reuse_optional: bool,
    last_data_full: bool,
    /// Offset for the next data connection's `REST`, sent after the passive
    /// port and right before the transfer command (see [`Session::restart_at`]).
    pending_rest: Option<u64>,
    cwd: Option<String>,
    /// Control connections opened, for `-v` and tests.
    pub connections: u32,
    spares: Spares,
    /// How long the next digest reply may keep silent (see [`Session::await_digest`]).
    digest_wait: Option<Duration>,
}

impl Session {
    pub fn connect(opts: ConnectOptions) -> Result<Session> {
        Session::connect_gated(opts, &mut |_| true)?.ok_or(Error::ConnectionClosed)
    }

    /// Like [`Session::connect`], asking `gate` before the password whether
    /// to go on (a parallel run's extra connections wait there for its
    /// first login) and telling it when the login worked; `None` when it
    /// says no.
    pub fn connect_gated(opts: ConnectOptions, gate: &mut dyn FnMut(GateStep) -> bool) -> Result<Option<Session>> {
        let max = opts.tls.options.max_version;
        let Some((ctrl, peer, tls, features, max, serial_transfers, in_order)) =
            login::establish_gated(&opts, max, gate)?
        else {
            return Ok(None);
        };
        Ok(Some(Session {
            opts,
            ctrl,
            peer,
            tls,
            max_version: max,
            features,
            serial_transfers,
            in_order,
            epsv_refused: false,
            reuse_optional: false,
            last_data_full: false,
            pending_rest: None,
            cwd: None,
            connections: 1,
            spares: Spares::default(),
            digest_wait: None,
        }))
    }

    /// The certificates the server presents, its own first, seen without
    /// logging in (`ftps trust`). Every certificate is let through so that
    /// the whole chain arrives; the first one carries what verification
    /// would have refused. Nothing but `QUIT` is sent over this channel.
    pub fn inspect_certificates(opts: &ConnectOptions) -> Result<Vec<crate::tls::CertInfo>> {
        let opts = ConnectOptions { tls: opts.tls.inspecting(), ..opts.clone() };
        Ok(handshake_only(&opts, opts.tls.offer(opts.tls.options.max_version))?.chain)
    }

    /// SHA-256 fingerprint (`sha256:HEX`) of the certificate the server
    /// presented on the control connection (for receipts).
    pub fn server_cert_sha256(&self) -> Option<String> {
        let certs = self.ctrl.get_ref().tls()?.peer_certificates()?;
        certs.first().map(|c| crate::tls::fingerprint(c))
    }

    pub fn options(&self) -> &ConnectOptions {
        &self.opts
    }

    pub fn trace(&self) -> &Trace {
        &self.opts.trace
    }

    /// The directory the last `CWD` went to (as given), if any: a new
    /// connection with these options starts in the login directory instead.
    pub fn working_dir(&self) -> Option<&str> {
        self.cwd.as_deref()
    }

    /// Sends one command and returns its final reply (1xx replies are
    /// returned too: callers that open data connections want them).
    pub fn command(&mut self, cmd: Command) -> Result<Reply> {
        send(&mut self.ctrl, &cmd, &self.opts.trace)?;
        self.reply_to(&cmd)
    }

    /// Reads the reply to `cmd`: patiently for a digest announced with
    /// [`Session::await_digest`], else within the timeout.
    fn reply_to(&mut self, cmd: &Command) -> Result<Reply> {
        let digest = matches!(cmd, Command::Hash(_) | Command::XDigest(..));
        let reply = match self.digest_wait.filter(|_| digest) {
            Some(wait) => read_reply_lively(&mut self.ctrl, &self.opts.trace, wait),
            None => read_reply(&mut self.ctrl, &self.opts.trace),
        };
        let reply = match reply {
            Err(Error::Timeout { phase: Phase::Reply }) if digest => Err(Error::Timeout { phase: Phase::Digest }),
            other => other,
        }?;
        self.in_step(cmd, reply)
    }

    /// Replies to digest commands (`HASH`, `XSHA256`...), sent alone or in a
    /// pipelined turn (`mirror --checksum` asks for a batch), may keep
    /// silent for `wait` each instead of the timeout (a server's digest of a
    /// big file takes time in proportion to its size), and longer while the
    /// server reports progress; see [`read_reply_lively`]. The caller bounds
    /// `wait`. `None` takes that back once the turn is over, read or not.
    pub fn await_digest(&mut self, wait: Option<Duration>) {
        self.digest_wait = wait;
    }

    /// [`Session::finish_data`] waiting at most `wait` (never more than
    /// `--timeout`): for a transfer ended early on purpose, whose verdict
    /// some links never deliver (a middlebox that keeps the server's side
    /// open leaves it writing into a buffer instead of failing).
    pub fn finish_data_within(&mut self, what: &str, wait: Duration) -> Result<Reply> {
        self.ctrl.get_ref().set_read_timeout(wait.min(self.opts.timeout));
        let reply = self.finish_data(what);
        self.ctrl.get_ref().set_read_timeout(self.opts.timeout);
        reply
    }

    /// `reply` if it can answer `cmd`; else the server is out of step,
    /// which this run remembers (its next connections go lock-step).
    fn in_step(&mut self, cmd: &Command, reply: Reply) -> Result<Reply> {
        match crate::wire::fit::fits(cmd, &reply) {
            true => Ok(reply),
            false => Err(self.out_of_step(cmd.to_string(), reply)),
        }
    }

    fn out_of_step(&mut self, command: String, reply: Reply) -> Error {
        self.opts.order.remember_out_of_order(&self.opts.host, self.opts.port);
        self.in_order = false;
        let e = Error::OutOfOrder { command, reply };
        self.opts.trace.note(format_args!("{e}"));
        e
    }

    /// Sends a command whose reply must be in `ok`, else an error naming it.
    pub fn expect(&mut self, cmd: Command, ok: &[u16]) -> Result<Reply> {
        let label = cmd.to_string();
        let reply = self.command(cmd)?;
        if ok.contains(&reply.code) { Ok(reply) } else { Err(Error::Remote { command: label, reply }) }
    }

    /// `SIZE`, when the server has it; `None` when it cannot tell.
    pub fn size(&mut self, path: &str) -> Result<Option<u64>> {
        if !self.features.size {
            return Ok(None);
        }
        let reply = self.command(Command::Size(path.into()))?;
        match reply.code {
            213 => Ok(reply.text().trim().parse().ok()),
            550 | 553 => Err(Error::Remote { command: format!("SIZE {path}"), reply }),
            _ => Ok(None),
        }
    }

    pub fn cwd(&mut self, path: &str) -> Result<()> {
        self.expect(Command::Cwd(path.into()), &[200, 250])?;
        self.cwd = Some(path.into());
        Ok(())
    }

    /// Makes the next data connection restart at `offset`. RFC 959 says REST
    /// is followed immediately by the transfer command, and strict servers
    /// reset the offset on anything in between, so the `REST` is sent by the
    /// data-connection opener itself: after `EPSV`/`PASV` (and after any
    /// reconnect the ticket policy makes), right before `RETR`/`STOR`.
    pub fn restart_at(&mut self, offset: u64) {
        self.pending_rest = (offset > 0).then_some(offset);
    }

    /// Sends `REST` when restarting; the last step before the transfer command.
    fn send_rest(&mut self, rest: Option<u64>) -> Result<()> {
        match rest {
            Some(n) => self.expect(Command::Rest(n), &[350]).map(|_| ()),
            None => Ok(()),
        }
    }

    /// Opens a data connection for `cmd` (RETR, STOR, MLSD, LIST...): passive
    /// port, TCP connect to the control peer, the command, its 1xx, then a
    /// TLS handshake resuming the control session. The same path as
    /// [`Session::open_data_fast`], with nothing prepared in advance.
    pub fn open_data(&mut self, cmd: Command) -> Result<DataConn> {
        self.open_data_fast(cmd, None, None)
    }

    /// Reads the reply that ends a transfer (226/250).
    pub fn finish_data(&mut self, what: &str) -> Result<Reply> {
        let reply = read_reply(&mut self.ctrl, &self.opts.trace)?;
        // Any transfer command stands for `what` here: they end alike.
        if !crate::wire::fit::fits(&Command::Retr(String::new()), &reply) {
            return Err(self.out_of_step(what.into(), reply));
        }
        if matches!(reply.code, 226 | 250) {
            if self.last_data_full {
                // A full data handshake was accepted: reuse is not required here.
                self.reuse_optional = true;
            }
            Ok(reply)
        } else {
            Err(Error::Remote { command: what.into(), reply })
        }
    }

    fn passive_port(&mut self) -> Result<u16> {
        if !self.epsv_refused {
            let reply = self.command(Command::Epsv)?;
            if reply.code == 229 {
                return parse_epsv(&reply);
            }
            if reply.class() != 5 {
                return Err(Error::Remote { command: "EPSV".into(), reply });
            }
            self.epsv_refused = true;
        }
        let reply = self.expect(Command::Pasv, &[227])?;
        // The address in a 227 is ignored: servers behind NAT announce private
        // ones, and honouring it would let a server aim us at third parties.
        parse_pasv(&reply).map(|(_, port)| port)
    }

    fn data_handshake_failed(&mut self, e: Error) -> Error {
        // The server usually explains on the control channel (522, 425).
        self.ctrl.get_ref().set_read_timeout(Duration::from_secs(2));
        let reply = read_reply(&mut self.ctrl, &self.opts.trace);
        self.ctrl.get_ref().set_read_timeout(self.opts.timeout);
        match reply {
            Ok(reply) => Error::DataHandshake { source: Box::new(e), reply },
            // The server wrote why it gave up in plaintext (vsftpd's `500 OOPS`).
            Err(lost @ Error::TlsBroken { said: Some(_), .. }) => lost,
            Err(_) => e,
        }
    }

    /// The control connection's negotiated TLS version and cipher.
    pub fn control_tls(&self) -> Option<stream::TlsInfo> {
        self.ctrl.get_ref().tls_info()
    }

    /// The address the control connection reached (data connections go there too).
    pub fn peer(&self) -> IpAddr {
        self.peer
    }

    /// Whether commands are pipelined on this session: the server is known
    /// to answer in order and was not caught answering out of order
    /// (`probe` reports it; see [`order`]).
    pub fn pipelines(&self) -> bool {
        self.in_order
    }

    /// TLS 1.3 tickets received on this control connection and not yet used.
    pub fn tls13_tickets(&self) -> usize {
        self.tls.store.tls13_tickets()
    }

    /// Ends the session politely; errors are irrelevant by then.
    pub fn quit(mut self) {
        self.spares.close_ready();
        if send(&mut self.ctrl, &Command::Quit, &self.opts.trace).is_ok() {
            let _ = read_reply(&mut self.ctrl, &self.opts.trace);
        }
        let _ = self.ctrl.get_mut().send_close_notify();
    }
}

fn send(ctrl: &mut BufReader<Stream>, cmd: &Command, trace: &Trace) -> Result<()> {
    let bytes = cmd.render()?;
    trace.sent(cmd);
    let s = ctrl.get_mut();
    s.write_all(&bytes).map_err(|e| Error::from_io(e, Phase::Command))?;
    s.flush().map_err(|e| Error::from_io(e, Phase::Command))
}

/// Reads one reply within the socket's read timeout in total, however the
/// server spaces its bytes: before each read from the network the socket
/// gets only the time left (one stalled read after a trickle used to add a
/// whole second timeout).
fn read_reply(ctrl: &mut BufReader<Stream>, trace: &Trace) -> Result<Reply> {
    let step = ctrl.get_ref().timeout();
    let deadline = Instant::now() + step;
    let reply = ReplyReader::read_until(&mut stream::Deadlined::new(ctrl, deadline), Some(deadline));
    ctrl.get_ref().set_read_timeout(step);
    let reply = reply?;
    trace.received(&reply);
    Ok(reply)
}

/// However often a server reports progress, a patient reply ends within
/// twice its silent wait and at least this much more than it: time for a
/// server hashing at half the rate assumed (a busy disk), not forever.
const LIVELY_EXTRA_MIN: Duration = Duration::from_secs(120);

/// Reads a reply the server may take long over (its digest of a big file):
/// the first line may take `wait` (at least the socket's timeout); each
/// line that arrives (`213-` progress, ProFTPD's `Computing...`) proves the
/// server alive and allows the next one the timeout anew; a server that
/// falls silent for the timeout after `wait` is a timeout as ever. Lines
/// are traced as they arrive, so `-v` shows the server's progress.
fn read_reply_lively(ctrl: &mut BufReader<Stream>, trace: &Trace, wait: Duration) -> Result<Reply> {
    let idle = ctrl.get_ref().timeout();
    let wait = wait.max(idle);
    let now = Instant::now();
    let first = now + wait;
    let most = first + wait.max(LIVELY_EXTRA_MIN);
    let mut timed = stream::Deadlined::new(ctrl, first);
    let reply = ReplyReader::read_due(
        &mut timed,
        Due::lively(first, idle, most),
        &mut |t, by| t.set_deadline(by),
        &mut |line| trace.received_line(line),
    );
    ctrl.get_ref().set_read_timeout(idle);
    reply
}
