//! Pipelining and the fast data-connection path: several commands in one
//! write, the follow-up commands that ride the turn ending a transfer, the
//! next ClientHello built while the server works, and the data connection
//! opened with all of that. Split from `control.rs` by job; it drives the
//! same `Session`.

use std::io::Write;
use std::net::TcpStream;
use std::time::Instant;

use super::Session;
use crate::error::{Error, Phase, Result};
use crate::session::data::DataConn;
use crate::stream::{self, Stream};
use crate::wire::text::{parse_epsv, parse_pasv};
use crate::wire::{Command, Reply};

/// The client half of a data connection's TLS handshake, built while
/// waiting for the server (see [`Session::finish_data_then`]).
pub struct PreparedTls {
    conn: rustls::ClientConnection,
    /// The session's `connections` count when built: a reconnect voids it.
    connection: u32,
    /// The data socket, connected ahead to the prefetched passive port with
    /// the ClientHello written (see [`Session::connect_ahead`]).
    sock: Option<TcpStream>,
}

/// Pipelining, for `mirror`: several commands in one write, their replies
/// read afterwards in order. A whole batch then costs one round trip instead
/// of one per command, and a run of transfers saves two waits per file.
/// RFC 959 servers read commands one line at a time (vsftpd peeks for the
/// line end, ProFTPD buffers), so queued commands wait their turn.
/// `pipeline` is meant for commands answered by exactly one reply and
/// without a data connection (MDTM, SIZE, MFMT, SITE, MKD, DELE, RMD);
/// batches stay small so neither side can fill the other's socket buffer
/// while not reading.
impl Session {
    /// Sends `cmds` at once, then reads one reply per command. Nothing is sent
    /// when any command cannot be rendered (CR, LF or NUL in an argument).
    pub fn pipeline(&mut self, cmds: &[Command]) -> Result<Vec<Reply>> {
        self.pipeline_meanwhile(cmds, &mut |_| {})
    }

    /// [`Session::pipeline`], running `meanwhile` between the write and the
    /// replies (an upload's next data connection starts its TCP handshake
    /// there, behind the rename it must not delay).
    /// With a server not known to answer in order, the commands go one at
    /// a time (`meanwhile` after the first); either way each reply is
    /// checked against its command.
    pub fn pipeline_meanwhile(
        &mut self,
        cmds: &[Command],
        meanwhile: &mut dyn FnMut(&mut Session),
    ) -> Result<Vec<Reply>> {
        if !self.in_order {
            let mut replies = Vec::with_capacity(cmds.len());
            for (i, cmd) in cmds.iter().enumerate() {
                self.write_commands(std::slice::from_ref(cmd))?;
                if i == 0 {
                    meanwhile(self);
                }
                replies.push(self.reply_to(cmd)?);
            }
            return Ok(replies);
        }
        self.write_commands(cmds)?;
        meanwhile(self);
        self.read_replies(cmds)
    }

    /// One reply per command of a batch already sent, each checked.
    fn read_replies(&mut self, cmds: &[Command]) -> Result<Vec<Reply>> {
        cmds.iter().map(|cmd| self.reply_to(cmd)).collect()
    }

    /// Writes `cmds` in one go; nothing when any cannot be rendered.
    fn write_commands(&mut self, cmds: &[Command]) -> Result<()> {
        let mut bytes = Vec::new();
        for cmd in cmds {
            bytes.extend_from_slice(&cmd.render()?);
        }
        for cmd in cmds {
            self.opts.trace.sent(cmd);
        }
        let s = self.ctrl.get_mut();
        s.write_all(&bytes).map_err(|e| Error::from_io(e, Phase::Command))?;
        s.flush().map_err(|e| Error::from_io(e, Phase::Command))
    }

    /// Whether this server looks at nothing else while a transfer runs (see
    /// `login::serial_transfers`): a transfer's follow-up commands may then
    /// go out while it runs ([`Session::send_ahead`]), and a download may
    /// send its `close_notify` before the data.
    pub fn serial_transfers(&self) -> bool {
        self.serial_transfers
    }

    /// Sends a running transfer's follow-up commands now, where the server
    /// leaves them unread until the transfer's final reply: their replies
    /// then come right behind it, instead of a round trip after the data
    /// ended. Returns whether they went out; pass that as `sent` to
    /// [`Session::finish_data_then`].
    pub fn send_ahead(&mut self, cmds: &[Command]) -> Result<bool> {
        if !self.serial_transfers || !self.in_order || cmds.is_empty() {
            return Ok(false);
        }
        self.write_commands(cmds)?;
        Ok(true)
    }

    /// The command that asks this session's server for a passive port
    /// (EPSV, or PASV once the server has refused EPSV).
    pub fn passive_command(&self) -> Command {
        // Active mode announces its port per transfer: nothing to ask ahead.
        if self.opts.active.is_some() {
            Command::Noop
        } else if self.epsv_refused {
            Command::Pasv
        } else {
            Command::Epsv
        }
    }

    /// Like [`Session::finish_data`], but `then` is sent before the
    /// transfer's final reply is read, so their replies arrive in the same
    /// turn (the server reads them only after the transfer has ended), and
    /// `meanwhile` runs while the server works on them (local bookkeeping
    /// that need not wait for the reply). Returns the replies to `then`, the
    /// TLS state for the next data connection built in that same idle time
    /// (see [`Session::open_data_fast`]), and what `meanwhile` returned. On a
    /// failed transfer all replies are still read, so the session stays in
    /// step. `sent`: `then` went out already ([`Session::send_ahead`]).
    pub fn finish_data_then<T>(
        &mut self,
        what: &str,
        then: &[Command],
        sent: bool,
        meanwhile: impl FnOnce() -> T,
    ) -> Result<(Vec<Reply>, Option<PreparedTls>, T)> {
        // A server not known to answer in order gets `then` only after the
        // transfer's own reply, one command at a time.
        let ahead = sent || self.in_order;
        if !sent && self.in_order {
            self.write_commands(then)?;
        }
        let next = self.prepare_data_tls();
        let local = meanwhile();
        let end = self.finish_data(what);
        let replies = if ahead {
            self.read_replies(then)?
        } else {
            match &end {
                Ok(_) => self.pipeline(then)?,
                Err(_) => Vec::new(),
            }
        };
        end.map(|_| (replies, next, local))
    }

    /// Builds the client side of the next data connection's TLS handshake
    /// (key share, resumption ticket: the ClientHello) ahead of time. `None`
    /// when the session would first have to reconnect for lack of a TLS 1.3
    /// ticket; `open_data_fast` then does that.
    fn prepare_data_tls(&self) -> Option<PreparedTls> {
        let tls13 =
            self.ctrl.get_ref().tls().and_then(|c| c.protocol_version()) == Some(rustls::ProtocolVersion::TLSv1_3);
        if tls13 && !self.reuse_optional && self.tls.store.tls13_tickets() == 0 {
            return None;
        }
        let conn = rustls::ClientConnection::new(self.tls.config.clone(), self.tls.server_name.clone()).ok()?;
        Some(PreparedTls { conn, connection: self.connections, sock: None })
    }

    /// A ClientHello from a fresh config and ticket store, which cannot
    /// resume this session: handed to [`Session::open_data_fast`], it asks
    /// the server whether it insists on reuse (`probe`).
    pub fn unresumable_tls(&self) -> Result<PreparedTls> {
        let fresh = self.opts.tls.session(&self.opts.host, self.tls.offer)?;
        let conn = rustls::ClientConnection::new(fresh.config, fresh.server_name).map_err(|e| Error::Tls {
            host: self.opts.host.clone(),
            source: e,
            cert: None,
        })?;
        Ok(PreparedTls { conn, connection: self.connections, sock: None })
    }

    /// Opens the next data connection as soon as its passive port is known:
    /// the TCP connect and the prepared ClientHello go out now, so the
    /// handshake's round trips pass while the caller finishes the current
    /// file (an upload's rename, local bookkeeping, the next job's set-up)
    /// instead of after the next transfer command. The server's kernel holds
    /// the connection and the ClientHello until the server accepts it for
    /// that command. `passive` (a [`Session::passive_command`] reply, with
    /// the `connections` count it was asked on) is used up and the socket
    /// goes into `prepared`; on any failure both stay as they were and
    /// [`Session::open_data_fast`] connects as usual.
    pub fn connect_ahead(&mut self, passive: &mut Option<(u32, Reply)>, prepared: &mut Option<PreparedTls>) {
        let Some(p) = prepared.as_mut().filter(|p| p.connection == self.connections && p.sock.is_none()) else {
            return;
        };
        let Some(port) = passive.as_ref().filter(|(c, _)| *c == self.connections).and_then(|(_, r)| passive_port_of(r))
        else {
            return;
        };
        let o = &self.opts;
        let Ok(mut sock) = stream::connect_data(o.proxy.as_ref(), &o.host, self.peer, port, o.timeout) else {
            return;
        };
        while p.conn.wants_write() {
            if p.conn.write_tls(&mut sock).is_err() {
                // Half a ClientHello went out: neither it nor the socket is usable.
                *prepared = None;
                return;
            }
        }
        self.opts.trace.note(format_args!("data connection to port {port} opened ahead"));
        p.sock = Some(sock);
        *passive = None;
    }

    /// Like [`Session::open_data`], with two waits fewer per transfer, and
    /// the ClientHello possibly built in advance (`prepared`, from
    /// [`Session::finish_data_then`]; ignored after a reconnect):
    /// - the passive port may come from `prefetched`, the reply to a
    ///   [`Session::passive_command`] sent earlier (with
    ///   [`Session::finish_data_then`]) together with the value of
    ///   `connections` at the time; it is ignored (and a fresh one asked for)
    ///   when the session has reconnected since;
    /// - the data connection's TLS ClientHello is written right after the TCP
    ///   connect, before `cmd`, instead of after the 1xx reply. The server
    ///   finds it waiting when it accepts the connection and answers at once.
    ///   While the 1xx is awaited the handshake goes on as far as the server
    ///   takes it (some servers send their 1xx only after it), and a refused
    ///   command (550) still ends here, as with `open_data`.
    pub fn open_data_fast(
        &mut self,
        cmd: Command,
        prefetched: Option<(u32, Reply)>,
        prepared: Option<PreparedTls>,
    ) -> Result<DataConn> {
        let data = self.open_data_stream(cmd, prefetched, prepared)?;
        Ok(DataConn::new(data, self.opts.cancel.clone(), self.opts.rates.clone()).deflating(self.features.deflating))
    }

    /// [`Session::open_data_fast`] without the [`DataConn`] wrapper, for a
    /// caller that manages the end of the connection itself (`mirror` keeps
    /// it open until the transfer's final reply, so the server's FIN is
    /// acknowledged by a live socket: a FIN that arrives while the socket is
    /// being closed is dropped by Linux, and vsftpd, which closes data
    /// sockets with SO_LINGER, then waits 200 ms for the retransmission).
    fn open_data_stream(
        &mut self,
        cmd: Command,
        prefetched: Option<(u32, Reply)>,
        prepared: Option<PreparedTls>,
    ) -> Result<Stream> {
        let rest = self.pending_rest.take();
        // A ClientHello prepared on this connection already holds its ticket:
        // the session is not starved for this transfer, and counting that
        // ticket keeps a spare from being started (or one used) too early.
        let prepared = prepared.filter(|p| p.connection == self.connections);
        if prepared.is_none() {
            self.ensure_resumable()?;
        }
        self.plan_spares(&cmd, prepared.is_some());
        if let Some(active) = self.opts.active {
            return self.open_active(active, cmd, rest);
        }
        let (mut conn, mut sock) = match prepared {
            Some(PreparedTls { conn, sock: Some(sock), .. }) => (conn, sock),
            prepared => {
                let early = prefetched
                    .filter(|(connection, _)| *connection == self.connections)
                    .and_then(|(_, reply)| passive_port_of(&reply));
                let port = match early {
                    Some(port) => port,
                    None => self.passive_port()?,
                };
                let o = &self.opts;
                let mut sock = stream::connect_data(o.proxy.as_ref(), &o.host, self.peer, port, o.timeout)?;
                let mut conn = match prepared {
                    Some(p) => p.conn,
                    None => {
                        rustls::ClientConnection::new(self.tls.config.clone(), self.tls.server_name.clone()).map_err(
                            |e| Error::Tls { host: self.tls.server_name.to_str().into_owned(), source: e, cert: None },
                        )?
                    }
                };
                while conn.wants_write() {
                    conn.write_tls(&mut sock).map_err(|e| Error::from_io(e, Phase::TlsHandshake))?;
                }
                (conn, sock)
            }
        };
        self.send_rest(rest)?;
        let label = cmd.to_string();
        let reply = self.command_handshaking(cmd, &mut conn, &mut sock)?;
        if !reply.is_preliminary() {
            return Err(Error::Remote { command: label, reply });
        }
        self.finish_data_handshake(conn, sock)
    }

    /// Completes the data connection's TLS handshake (we are the TLS client
    /// in both passive and active mode, RFC 4217) after the 1xx.
    pub(super) fn finish_data_handshake(
        &mut self,
        mut conn: rustls::ClientConnection,
        mut sock: TcpStream,
    ) -> Result<Stream> {
        let deadline = Instant::now() + self.opts.timeout;
        while conn.is_handshaking() {
            if Instant::now() > deadline {
                return Err(self.data_handshake_failed(Error::Timeout { phase: Phase::TlsHandshake }));
            }
            if let Err(e) = conn.complete_io(&mut sock) {
                return Err(self.data_handshake_failed(Error::from_io(e, Phase::TlsHandshake)));
            }
        }
        self.last_data_full = conn.handshake_kind() != Some(rustls::HandshakeKind::Resumed);
        let data = Stream::Tls(Box::new(rustls::StreamOwned::new(conn, sock)));
        if self.opts.trace.enabled()
            && let Some(info) = data.tls_info()
        {
            self.opts.trace.note(format_args!(
                "data connection: {} {}",
                info.version,
                if info.resumed { "resumed" } else { "full handshake (not resumed)" }
            ));
        }
        Ok(data)
    }
}

/// The port in a reply to a passive-mode command sent ahead (the address in
/// a 227 is ignored, as everywhere).
fn passive_port_of(reply: &Reply) -> Option<u16> {
    match reply.code {
        229 => parse_epsv(reply).ok(),
        227 => parse_pasv(reply).ok().map(|(_, port)| port),
        _ => None,
    }
}
