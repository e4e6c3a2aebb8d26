//! The data connection's TLS handshake, moved forward while the transfer
//! command's first reply is awaited. Most servers send their `1xx` and then
//! accept the handshake; some finish the handshake first and send the `1xx`
//! only then. Waiting for the `1xx` before answering the server's
//! handshake messages deadlocks with the latter until the server gives up
//! (`425 No connection established`), so both connections are watched and
//! whichever speaks first is answered. A refused command (550) still ends
//! the wait at once: its reply arrives on the control connection.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustls::ClientConnection;

use super::{Session, read_reply, send};
use crate::error::{Error, Phase, Result};
use crate::wire::{Command, Reply};

impl Session {
    /// Sends `cmd` and reads its first reply, advancing the handshake of
    /// `conn` on `sock` whenever the server writes there meanwhile. Errors
    /// of the handshake are left in `conn` for the caller's own completion
    /// to report; a reply is always read.
    pub(super) fn command_handshaking(
        &mut self,
        cmd: Command,
        conn: &mut ClientConnection,
        sock: &mut TcpStream,
    ) -> Result<Reply> {
        send(&mut self.ctrl, &cmd, &self.opts.trace)?;
        let deadline = Instant::now() + self.opts.timeout;
        let mut advanced = false;
        while conn.is_handshaking() && self.ctrl.buffer().is_empty() && !self.ctrl.get_mut().has_buffered() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some((control, data)) = readable(self.ctrl.get_ref().tcp(), sock, left)? else { break };
            if control || !data {
                break;
            }
            match conn.read_tls(sock) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => continue,
                Err(_) => break,
            }
            if conn.process_new_packets().is_err() {
                break;
            }
            while conn.wants_write() {
                if conn.write_tls(sock).is_err() {
                    break;
                }
            }
            let _ = sock.flush();
            advanced = true;
        }
        if advanced && !conn.is_handshaking() {
            self.opts.trace.note(format_args!("data connection handshake finished before the reply to {cmd}"));
        }
        let reply = read_reply(&mut self.ctrl, &self.opts.trace)?;
        self.in_step(&cmd, reply)
    }
}

/// Waits until `control` or `data` has something to read, at most `wait`:
/// which of them, or `None` once `wait` has passed.
fn readable(control: &TcpStream, data: &TcpStream, wait: Duration) -> Result<Option<(bool, bool)>> {
    if wait.is_zero() {
        return Ok(None);
    }
    let timeout = Timespec::try_from(wait).ok();
    let mut fds = [PollFd::new(control, PollFlags::IN), PollFd::new(data, PollFlags::IN)];
    let ready = poll(&mut fds, timeout.as_ref()).map_err(|e| Error::from_io(e.into(), Phase::TlsHandshake))?;
    if ready == 0 {
        return Ok(None);
    }
    let hit = |fd: &PollFd<'_>| !fd.revents().is_empty();
    Ok(Some((hit(&fds[0]), hit(&fds[1]))))
}
