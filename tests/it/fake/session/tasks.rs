//! The session side of [`TaskQuirks`](crate::fake::TaskQuirks): reading
//! ahead to answer pipelined commands out of order, the late `150`, and the
//! plaintext `502` to an early ClientHello.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::net::TcpStream;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::{MAX_COMMAND, Session};
use crate::fake::IO_TIMEOUT;
use crate::fake::net::{Ctrl, Data, accept_tls, finish};
use crate::fake::tasks::REORDER_WINDOW;

/// Per-connection state of the read-ahead.
#[derive(Default)]
pub(super) struct TaskState {
    /// Commands read but not handled yet.
    queued: VecDeque<String>,
    /// The start of a command line whose end has not arrived.
    partial: Vec<u8>,
}

fn verb_of(line: &str) -> String {
    line.split(' ').next().unwrap_or("").to_ascii_uppercase()
}

impl Session {
    fn ctrl_sock(&self) -> Option<&TcpStream> {
        match &self.ctrl {
            Ctrl::Plain(s) => Some(s),
            Ctrl::Tls(s) => Some(&s.sock),
            Ctrl::Gone => None,
        }
    }

    /// The next command to handle: like `read_command`, except that after a
    /// command in [`TaskQuirks::reorder`](crate::fake::TaskQuirks::reorder)
    /// a command that follows within [`REORDER_WINDOW`] is handled first.
    pub(super) fn next_command(&mut self) -> io::Result<Option<String>> {
        if let Some(line) = self.tasks.queued.pop_front() {
            return Ok(Some(line));
        }
        if self.b().tasks.reorder.is_empty() {
            return self.read_command();
        }
        let Some(first) = self.read_line_within(None)? else { return Ok(None) };
        if !self.b().tasks.reorder.contains(&verb_of(&first)) {
            return Ok(Some(first));
        }
        match self.read_line_within(Some(REORDER_WINDOW))? {
            Some(second) => {
                self.b().tasks.swaps.lock().unwrap_or_else(|e| e.into_inner()).push(self.conn);
                self.tasks.queued.push_back(first);
                Ok(Some(second))
            }
            None => Ok(Some(first)),
        }
    }

    /// One command line; with `window`, `None` when no whole line arrived
    /// in that time (what did arrive is kept for the next call).
    fn read_line_within(&mut self, window: Option<Duration>) -> io::Result<Option<String>> {
        if let Some(s) = self.ctrl_sock() {
            s.set_read_timeout(Some(window.unwrap_or(IO_TIMEOUT)))?;
        }
        let res = self.read_line_bytes(window.is_some());
        if let Some(s) = self.ctrl_sock() {
            s.set_read_timeout(Some(IO_TIMEOUT))?;
        }
        if !res? {
            return Ok(None);
        }
        let line = std::mem::take(&mut self.tasks.partial);
        Ok(Some(self.received(line)))
    }

    /// Reads into `partial` up to a line feed: `Ok(true)` at the end of a
    /// line, `Ok(false)` at EOF before one or (when `may_time_out`) on timeout.
    fn read_line_bytes(&mut self, may_time_out: bool) -> io::Result<bool> {
        let mut byte = [0u8; 1];
        loop {
            match self.ctrl.read(&mut byte) {
                Ok(0) => return Ok(false),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if may_time_out && matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    return Ok(false);
                }
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && self.tasks.partial.is_empty() => {
                    return Ok(false);
                }
                Err(e) => return Err(e),
            }
            if byte[0] == b'\n' {
                return Ok(true);
            }
            self.tasks.partial.push(byte[0]);
            if self.tasks.partial.len() > MAX_COMMAND {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "command line too long"));
            }
        }
    }

    /// Whether the path a listing command names (ls options skipped) exists.
    pub(super) fn listed_path_exists(&self, arg: &str) -> bool {
        let path = arg.split(' ').filter(|a| !a.starts_with('-')).collect::<Vec<_>>().join(" ");
        let p = crate::fake::normalize(&self.cwd, &path);
        self.is_dir(&p) || self.sh.state().files.contains_key(&p)
    }

    /// Whether the directory `path` would be created in exists.
    pub(super) fn parent_is_dir(&self, path: &str) -> bool {
        let p = crate::fake::normalize(&self.cwd, path);
        let parent = match p.rfind('/') {
            Some(0) | None => "/".to_string(),
            Some(i) => p[..i].to_string(),
        };
        self.is_dir(&parent)
    }

    /// Whether `AUTH` on this plaintext connection still meets the early
    /// ClientHello refusal.
    pub(super) fn early_hello_armed(&self) -> bool {
        matches!(self.ctrl, Ctrl::Plain(_))
            && self.b().tasks.early_hello.as_ref().is_some_and(|(_, left)| left.load(Ordering::SeqCst) > 0)
    }

    /// `AUTH TLS` as ftp-srv answers it when the client is quick: `234`,
    /// then whatever arrives within the window is taken for a command and
    /// refused in plaintext, and the connection closed (`Ok(false)`).
    /// Otherwise the TLS handshake as usual.
    pub(super) fn auth_early_hello(&mut self) -> io::Result<bool> {
        let Some((within, left)) = self.b().tasks.early_hello.clone() else { return Ok(true) };
        self.reply(234, "Honored")?;
        let Ctrl::Plain(sock) = std::mem::replace(&mut self.ctrl, Ctrl::Gone) else {
            return Err(io::Error::other("AUTH on a connection that is not plaintext"));
        };
        sock.set_read_timeout(Some(within))?;
        let mut buf = [0u8; 48];
        let n = match sock.peek(&mut buf) {
            Ok(n) => n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => 0,
            Err(e) => return Err(e),
        };
        sock.set_read_timeout(Some(IO_TIMEOUT))?;
        let refuse = n > 0 && left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |k| k.checked_sub(1)).is_ok();
        if refuse {
            // As ftp-srv does: the bytes decoded as UTF-8 (lossy), sent back
            // as UTF-8, so control bytes and U+FFFD but no line break.
            let hello: Vec<u8> = buf[..n].iter().copied().filter(|b| !matches!(b, b'\r' | b'\n')).collect();
            let mut line = b"502 Command not allowed: ".to_vec();
            line.extend_from_slice(String::from_utf8_lossy(&hello).as_bytes());
            line.extend_from_slice(b"\r\n");
            self.ctrl = Ctrl::Plain(sock);
            self.send(&line)?;
            if let Ctrl::Plain(mut sock) = std::mem::replace(&mut self.ctrl, Ctrl::Gone) {
                finish(&mut sock, Duration::from_secs(1));
            }
            return Ok(false);
        }
        let s = accept_tls(&self.sh.tls, sock).map_err(|e| io::Error::other(format!("AUTH TLS handshake: {e}")))?;
        self.ctrl = Ctrl::Tls(Box::new(s));
        Ok(true)
    }

    /// `open_data` with the `150` sent only once the data connection is
    /// accepted and secured; `425` (and `None`) when it never is.
    pub(super) fn open_data_late_150(&mut self, command: &str, what: &str) -> io::Result<Option<Data>> {
        if self.pasv.is_none() && self.active.is_none() {
            self.reply(425, "Use PORT or PASV first.")?;
            return Ok(None);
        }
        match self.accept_data(command) {
            Ok(d) => {
                self.reply(150, &format!("Opening BINARY mode data connection for {what}."))?;
                Ok(Some(d))
            }
            Err(e) => {
                self.sh.error(format!("{command}: {e}"));
                self.reply(425, "No connection established")?;
                Ok(None)
            }
        }
    }
}
