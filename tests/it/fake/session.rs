//! One control connection: its state, the command loop, and how replies
//! are written. The commands themselves are handled in the submodules, one
//! per family.

mod commands;
mod data;
mod greeting;
mod listing;
mod login;
mod tasks;
mod transfer;
mod tree;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;

use super::behaviour::{Behaviour, LimitAt, OVERLONG_LEN};
use super::net::{Ctrl, accept_tls};
use super::server::{Received, Shared};

/// Longest command line accepted from the client.
const MAX_COMMAND: usize = 4096;

pub(super) struct Session {
    sh: Arc<Shared>,
    conn: usize,
    ctrl: Ctrl,
    cwd: String,
    user: Option<String>,
    logged_in: bool,
    prot_private: bool,
    pasv: Option<TcpListener>,
    /// Where to connect for the next transfer (EPRT/PORT: active mode).
    active: Option<SocketAddr>,
    rest: u64,
    rename_from: Option<String>,
    /// `MODE Z` was accepted on this control connection.
    deflating: bool,
    /// Counted against the session limit (released when the session ends).
    pub(super) counted: bool,
    /// Read-ahead for [`Behaviour::reorder`].
    tasks: tasks::TaskState,
}

impl Session {
    pub(super) fn new(sh: Arc<Shared>, conn: usize) -> Session {
        Session {
            sh,
            conn,
            ctrl: Ctrl::Gone,
            cwd: "/".into(),
            user: None,
            logged_in: false,
            prot_private: false,
            pasv: None,
            active: None,
            rest: 0,
            rename_from: None,
            deflating: false,
            counted: false,
            tasks: tasks::TaskState::default(),
        }
    }

    /// The session limit's line when this session is one too many.
    fn refused_by_limit(&mut self, at: LimitAt) -> Option<String> {
        let (_, limit_at, line) = self.b().session_limit.clone()?;
        if limit_at != at || self.counted {
            return None;
        }
        if self.sh.admit() {
            self.counted = true;
            None
        } else {
            Some(line)
        }
    }

    fn b(&self) -> &Behaviour {
        &self.sh.behaviour
    }

    pub(super) fn run(&mut self, sock: TcpStream) -> io::Result<()> {
        if self.b().implicit {
            let s =
                accept_tls(&self.sh.tls, sock).map_err(|e| io::Error::other(format!("implicit TLS handshake: {e}")))?;
            self.ctrl = Ctrl::Tls(Box::new(s));
        } else {
            self.ctrl = Ctrl::Plain(sock);
        }
        if let Some(line) = self.refused_by_limit(LimitAt::Greeting) {
            self.send(format!("{line}\r\n").as_bytes())?;
            return Ok(());
        }
        if !self.greet()? {
            return Ok(());
        }
        loop {
            let Some(line) = self.next_command()? else {
                return Ok(());
            };
            if !self.handle(&line)? {
                return Ok(());
            }
        }
    }

    /// Reads (and discards) until the client goes away or the server stops.
    fn silence(&mut self) {
        let mut buf = [0u8; 1024];
        loop {
            match self.ctrl.read(&mut buf) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }

    fn read_command(&mut self) -> io::Result<Option<String>> {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        loop {
            match self.ctrl.read(&mut byte) {
                Ok(0) => {
                    return if line.is_empty() {
                        Ok(None)
                    } else {
                        Err(io::Error::new(io::ErrorKind::UnexpectedEof, "EOF inside a command line"))
                    };
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && line.is_empty() => {
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
            if byte[0] == b'\n' {
                break;
            }
            line.push(byte[0]);
            if line.len() > MAX_COMMAND {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "command line too long"));
            }
        }
        Ok(Some(self.received(line)))
    }

    /// A command line as read (CR LF ended), recorded in the server's log.
    pub(super) fn received(&mut self, mut line: Vec<u8>) -> String {
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let line = String::from_utf8_lossy(&line).into_owned();
        let tls = matches!(self.ctrl, Ctrl::Tls(_));
        self.sh.state().received.push(Received { conn: self.conn, tls, line: line.clone() });
        line
    }

    fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some(d) = self.b().reply_delay {
            std::thread::sleep(d);
        }
        self.ctrl.write_all(bytes)?;
        self.ctrl.flush()
    }

    fn reply(&mut self, code: u16, text: &str) -> io::Result<()> {
        self.send(format!("{code} {text}\r\n").as_bytes())
    }

    /// `code-first`, the inner lines verbatim, `code last`.
    fn multi(&mut self, code: u16, first_and_inner: &[&str], last: &str) -> io::Result<()> {
        let mut s = String::new();
        for (i, l) in first_and_inner.iter().enumerate() {
            if i == 0 {
                s += &format!("{code}-{l}\r\n");
            } else {
                s += &format!("{l}\r\n");
            }
        }
        s += &format!("{code} {last}\r\n");
        self.send(s.as_bytes())
    }

    /// A reply that is multi-line with code-like inner lines when
    /// `multiline` is set, single-line otherwise.
    fn reply_maybe_multi(&mut self, code: u16, text: &str) -> io::Result<()> {
        if self.b().multiline {
            let other = if code == 226 { 150 } else { 226 };
            let inner1 = format!("{other} this inner line only looks like a reply");
            let inner2 = format!("{code}-and so does this one");
            self.multi(code, &[text, &inner1, &inner2, " 999 indented"], text)
        } else {
            self.reply(code, text)
        }
    }

    fn overlong(&mut self, code: u16) -> io::Result<()> {
        self.sh.state().overlong_sent = true;
        let mut s = format!("{code} ").into_bytes();
        s.resize(s.len() + OVERLONG_LEN, b'x');
        // The client is expected to give up half way: ignore write errors.
        let _ = self.send(&s);
        Ok(())
    }
}
