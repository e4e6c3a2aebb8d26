//! Data connections: the passive listener, active-mode connects (with the
//! foreign racer), securing them under `PROT P`, and sending data with a
//! proper close.

use std::io::{self, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use super::Session;
use crate::fake::net::{Data, accept_tls, finish, loopback, small_receive_buffer};
use crate::fake::server::DataConn;
use crate::fake::{FOREIGN_V4, FOREIGN_V6, IO_TIMEOUT};

impl Session {
    pub(super) fn open_pasv(&mut self) -> io::Result<u16> {
        let l = TcpListener::bind((loopback(self.b()), 0))?;
        if self.b().slow_stor.is_some() {
            // A server that barely reads must not hide behind a receive
            // buffer that autotuning grows to tens of MiB on loopback.
            small_receive_buffer(&l);
        }
        l.set_nonblocking(true)?;
        let port = l.local_addr()?.port();
        self.pasv = Some(l);
        Ok(port)
    }

    /// Accepts the pending data connection and secures it when PROT P.
    pub(super) fn accept_data(&mut self, command: &str) -> io::Result<Data> {
        let (sock, peer) = match self.active.take() {
            Some(to) => self.connect_active(to)?,
            None => self.accept_passive()?,
        };
        self.secure_data(command, sock, peer)
    }

    /// Active mode: connects to the client (after a foreign attempt from
    /// [`FOREIGN_V4`] or [`FOREIGN_V6`] when told to); the recorded peer is
    /// the client's address.
    pub(super) fn connect_active(&mut self, to: SocketAddr) -> io::Result<(TcpStream, SocketAddr)> {
        if let Some(only) = self.b().active_foreign {
            let from: IpAddr = if to.is_ipv4() { FOREIGN_V4.into() } else { FOREIGN_V6.into() };
            let sock = socket2::Socket::new(socket2::Domain::for_address(to), socket2::Type::STREAM, None)?;
            sock.bind(&SocketAddr::new(from, 0).into())?;
            sock.connect_timeout(&to.into(), IO_TIMEOUT)?;
            let foreign: TcpStream = sock.into();
            self.sh.register(&foreign);
            if only {
                thread::sleep(Duration::from_millis(200));
                return Err(io::Error::other("only a foreign connection was made"));
            }
        }
        let sock = TcpStream::connect_timeout(&to, IO_TIMEOUT)?;
        Ok((sock, to))
    }

    pub(super) fn accept_passive(&mut self) -> io::Result<(TcpStream, SocketAddr)> {
        let listener = self.pasv.take().ok_or_else(|| io::Error::other("no PASV/EPSV before transfer"))?;
        let deadline = Instant::now() + IO_TIMEOUT;
        if self.b().passive_unanswered {
            while !self.sh.stopped() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(20));
            }
            return Err(io::Error::new(io::ErrorKind::TimedOut, "passive connections are never accepted"));
        }
        Ok(loop {
            match listener.accept() {
                Ok(x) => break x,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if self.sh.stopped() || Instant::now() >= deadline {
                        return Err(io::Error::new(io::ErrorKind::TimedOut, "no data connection"));
                    }
                    thread::sleep(Duration::from_millis(2));
                }
                Err(e) => return Err(e),
            }
        })
    }

    pub(super) fn secure_data(&mut self, command: &str, sock: TcpStream, peer: SocketAddr) -> io::Result<Data> {
        sock.set_nonblocking(false)?;
        sock.set_read_timeout(Some(IO_TIMEOUT))?;
        sock.set_write_timeout(Some(IO_TIMEOUT))?;
        let _ = sock.set_nodelay(true);
        self.sh.register(&sock);
        let mut rec = DataConn { conn: self.conn, command: command.to_string(), peer, tls: false, resumed: false };
        let data = if self.prot_private {
            let closer = sock.try_clone()?;
            let s = accept_tls(&self.sh.tls, sock);
            rec.tls = true;
            if let Ok(s) = &s {
                rec.resumed = s.conn.handshake_kind() == Some(rustls::HandshakeKind::Resumed);
            }
            self.sh.state().data.push(rec);
            match s {
                Ok(s) => Data::Tls(Box::new(s)),
                Err(e) => {
                    let _ = closer.shutdown(Shutdown::Both);
                    return Err(io::Error::other(format!("data TLS handshake: {e}")));
                }
            }
        } else {
            self.sh.state().data.push(rec);
            Data::Plain(sock)
        };
        Ok(data)
    }

    /// Opens the data connection after a 150; on failure replies 425 and
    /// returns `None`.
    pub(super) fn open_data(&mut self, command: &str, what: &str) -> io::Result<Option<Data>> {
        if self.b().tasks.late_150 {
            return self.open_data_late_150(command, what);
        }
        if self.pasv.is_none() && self.active.is_none() {
            self.reply(425, "Use PORT or PASV first.")?;
            return Ok(None);
        }
        self.reply(150, &format!("Opening BINARY mode data connection for {what}."))?;
        match self.accept_data(command) {
            Ok(d) => Ok(Some(d)),
            Err(e) => {
                self.sh.error(format!("{command}: {e}"));
                self.reply(425, "Failed to establish connection.")?;
                Ok(None)
            }
        }
    }

    /// Sends `bytes` and closes the data connection properly (close_notify,
    /// FIN, drain). Errors are recorded and turned into `false`.
    pub(super) fn send_data(&mut self, mut data: Data, bytes: &[u8]) -> bool {
        let zipped = match self.b().mode_z.filter(|_| self.deflating) {
            Some(kind) => kind.encode(bytes),
            None => bytes.to_vec(),
        };
        let bytes = &zipped[..];
        let trickle = self.b().trickle_data;
        let sh = self.sh.clone();
        let res = (|| -> io::Result<()> {
            let write = |w: &mut dyn Write| -> io::Result<()> {
                match trickle {
                    None => w.write_all(bytes),
                    Some((n, every)) => {
                        for piece in bytes.chunks(n.max(1)) {
                            if sh.stopped() {
                                return Err(io::Error::other("server stopped"));
                            }
                            w.write_all(piece)?;
                            w.flush()?;
                            thread::sleep(every);
                        }
                        Ok(())
                    }
                }
            };
            match &mut data {
                Data::Plain(s) => write(s)?,
                Data::Tls(s) => {
                    write(s.as_mut())?;
                    s.conn.send_close_notify();
                    s.flush()?;
                }
            }
            Ok(())
        })();
        let sock = data.sock();
        finish(sock, Duration::from_secs(3));
        if let Err(e) = res {
            self.sh.error(format!("sending data: {e}"));
            return false;
        }
        true
    }
}
