//! Keeping one connection usable across a long prompt session or script:
//! a dropped or timed-out control connection (421, reset, idle timeout) is
//! re-established before or during the next command with the remote
//! directory restored, and an interrupted transfer leaves the control
//! channel back in step (ABOR) or, failing that, freshly reconnected.

use std::time::{Duration, Instant};

use super::outcome::Failed;
use super::state::{Shell, pwd};
use crate::cli::term::errln;
use crate::error::{Error, ErrorKind};
use crate::ops::retry::{RetryPolicy, retry_by};
use crate::wire::{Command, Reply};

/// After this long without a command, a NOOP checks the connection before
/// the next one, so a server's idle timeout is noticed up front instead of
/// as a failed command. Back-to-back script lines skip it.
const IDLE_PROBE: Duration = Duration::from_secs(3);

/// The library error in an anyhow chain, if any.
pub fn lib_error(err: &anyhow::Error) -> Option<&Error> {
    err.chain().find_map(|e| e.downcast_ref::<Error>())
}

/// The control connection is unusable: closed, reset, timed out, 421, or
/// its TLS stream broken (a server process that dies can leave plaintext
/// such as `500 OOPS` on it). The library's classification decides
/// ([`Error::kind`]): certificate failures are not in this class, since a
/// new connection would meet the same certificate.
fn connection_lost(e: &Error) -> bool {
    e.kind() == ErrorKind::Connection
}

/// Ctrl-C stopped it (the library's error, or a command's report of it).
pub fn is_interrupted(err: &anyhow::Error) -> bool {
    lib_error(err).is_some_and(|e| matches!(e, Error::Interrupted))
        || err.chain().any(|e| e.downcast_ref::<Failed>().is_some_and(|f| f.code == crate::cli::exit::INTERRUPTED))
}

/// How many retries in all a failure allows the prompt: `retries` for a
/// transient one, but a lost connection always gets one reconnect, even
/// with `--retries 0`: that is the transparency the prompt promises.
fn allowed_retries(retries: u32, err: &anyhow::Error) -> u32 {
    match lib_error(err) {
        Some(e) if connection_lost(e) => retries.max(1),
        Some(e) if e.is_transient() => retries,
        _ => 0,
    }
}

impl<'a> Shell<'a> {
    /// Runs a command that needs the server. `op` gets `true` when it is
    /// being retried (transfers then resume). A lost connection is restored
    /// and the command run again; other transient failures are retried as
    /// `--retries` allows; by the crate's one retry loop and backoff.
    pub fn remote<T>(&mut self, mut op: impl FnMut(&mut Shell<'a>, bool) -> anyhow::Result<T>) -> anyhow::Result<T> {
        self.ensure_ready()?;
        let policy = RetryPolicy::new(self.app.global.retries);
        let allowed = |e: &anyhow::Error| allowed_retries(policy.retries, e);
        // The first retry after a lost connection is announced as a
        // reconnect (once it worked); later ones as retries.
        let announce: std::cell::Cell<Option<String>> = std::cell::Cell::new(None);
        let speaks = self.speaks();
        let mut on_retry = |n: u32, err: &anyhow::Error, delay: Duration| match lib_error(err) {
            Some(e) if n == 1 && connection_lost(e) => announce.set(Some(e.to_string())),
            _ if speaks => errln!(
                "ftps: {}; retry {n} of {} in {:.1} s",
                crate::cli::render_error(err),
                allowed(err),
                delay.as_secs_f64()
            ),
            _ => {}
        };
        let result = retry_by(&policy, &allowed, &|| false, &mut on_retry, |n| {
            if n > 0 {
                match announce.take() {
                    Some(why) => self.reconnect(&why)?,
                    None => self.reconnect_quietly()?,
                }
            }
            let result = op(self, n > 0);
            if let Some(c) = self.conn.as_mut() {
                c.last_used = Instant::now();
            }
            result
        });
        let err = match result {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        if is_interrupted(&err) {
            self.recover_after_interrupt();
        } else if lib_error(&err).is_some_and(connection_lost)
            && let Some(c) = self.conn.as_mut()
        {
            c.broken = true;
        }
        Err(err)
    }

    /// Before a command: reconnect when the last one lost the connection,
    /// and probe a connection that sat idle.
    fn ensure_ready(&mut self) -> anyhow::Result<()> {
        let conn = self.conn()?;
        if conn.broken {
            return self.reconnect("it was lost during the previous command");
        }
        if conn.last_used.elapsed() < IDLE_PROBE {
            return Ok(());
        }
        let probe = conn.session.command(Command::Noop);
        conn.last_used = Instant::now();
        match probe {
            Ok(r) if r.code == 200 => Ok(()),
            Ok(r) if r.code == 421 => self.reconnect(&format!("the server closed it: {r}")),
            // Anything else means replies are out of step; start clean.
            Ok(r) => self.reconnect(&format!("unexpected reply to NOOP: {r}")),
            Err(e) if connection_lost(&e) => self.reconnect(&e.to_string()),
            Err(e) => Err(e.into()),
        }
    }

    /// Re-establishes the session in the same directory and says so in one line.
    pub fn reconnect(&mut self, why: &str) -> anyhow::Result<()> {
        self.reconnect_quietly()?;
        if let Some(c) = &self.conn {
            self.note(format_args!(
                "connection to {} lost ({why}); reconnected, remote directory {} restored",
                c.label,
                crate::cli::printable(&c.cwd)
            ));
        }
        Ok(())
    }

    fn reconnect_quietly(&mut self) -> anyhow::Result<()> {
        self.cache.clear();
        let conn = self.conn()?;
        match conn.session.reconnect_same() {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::RemoteNotFound => {
                // Logged in again, but the directory is gone: stay at the login directory.
                let old = std::mem::take(&mut conn.cwd);
                conn.cwd = pwd(&mut conn.session)?;
                errln!("ftps: remote directory {} no longer exists; now in {}", old, conn.cwd);
            }
            Err(e) => {
                conn.broken = true;
                let label = conn.label.clone();
                return Err(anyhow::Error::new(e).context(format!("reconnecting to {label}")));
            }
        }
        conn.broken = false;
        conn.last_used = Instant::now();
        Ok(())
    }

    /// After Ctrl-C stopped a transfer: the data connection is already
    /// closed; ABOR and a PWD marker bring the control channel back in step
    /// (the transfer's own final reply, ABOR's, then PWD's 257). If that
    /// does not work out, reconnect.
    pub fn recover_after_interrupt(&mut self) {
        self.app.cancel.store(false, std::sync::atomic::Ordering::SeqCst);
        let Some(conn) = self.conn.as_mut() else { return };
        if resync(&mut conn.session) {
            conn.last_used = Instant::now();
            return;
        }
        if let Err(e) = self.reconnect("out of step after the interrupted transfer") {
            errln!("ftps: {}", crate::cli::render_error(&e));
        }
    }
}

/// True when the replies up to PWD's 257 were read: the channel is in step.
fn resync(s: &mut crate::session::control::Session) -> bool {
    let mut seen: Vec<Reply> = match s.pipeline(&[Command::Abor, Command::Pwd]) {
        Ok(r) => r,
        Err(_) => return false,
    };
    // At most: the transfer's reply, ABOR's 426 and 226, then 257.
    for _ in 0..3 {
        if seen.iter().any(|r| r.code == 421) {
            return false;
        }
        if seen.iter().any(|r| r.code == 257) {
            return true;
        }
        match s.finish_data("ABOR") {
            Ok(r) => seen.push(r),
            Err(Error::Remote { reply, .. }) => seen.push(reply),
            Err(_) => return false,
        }
    }
    seen.iter().any(|r| r.code == 257)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::retry::retry_by;

    fn lost() -> anyhow::Error {
        anyhow::Error::new(Error::ConnectionClosed).context("ls")
    }

    fn reply(code: u16) -> Reply {
        Reply { code, lines: vec!["x".into()] }
    }

    /// The prompt's rule: a lost connection always gets one reconnect, even
    /// with no retries allowed; other transient failures only as many as
    /// allowed; lasting ones none.
    #[test]
    fn a_lost_connection_always_gets_one_reconnect() {
        assert_eq!(allowed_retries(0, &lost()), 1);
        assert_eq!(allowed_retries(3, &lost()), 3);
        let broken = Error::TlsBroken { phase: crate::Phase::Reply, source: rustls::Error::DecryptError, said: None };
        let tls = anyhow::Error::new(broken);
        assert_eq!(allowed_retries(0, &tls), 1, "a broken TLS stream is a lost connection");
        let busy = anyhow::Error::new(Error::Remote { command: "RETR f".into(), reply: reply(450) });
        assert_eq!((allowed_retries(0, &busy), allowed_retries(2, &busy)), (0, 2));
        let cert = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let cert = anyhow::Error::new(Error::Tls { host: "h".into(), source: cert, cert: None });
        assert_eq!(allowed_retries(5, &cert), 0, "the same certificate would come back");
        assert_eq!(allowed_retries(5, &anyhow::Error::new(Error::Interrupted)), 0);
        assert_eq!(allowed_retries(5, &anyhow::anyhow!("not a library error")), 0);
    }

    /// Driven through the crate's one retry loop with `--retries 0`: the
    /// lost connection is retried once (one reconnect), the second loss ends it.
    #[test]
    fn through_the_one_retry_loop() {
        let policy = RetryPolicy { retries: 0, base: Duration::from_millis(1), cap: Duration::from_millis(1) };
        let allowed = |e: &anyhow::Error| allowed_retries(policy.retries, e);
        let mut calls = Vec::new();
        let r: anyhow::Result<()> = retry_by(&policy, &allowed, &|| false, &mut |_, _, _| {}, |n| {
            calls.push(n);
            Err(lost())
        });
        assert!(r.is_err());
        assert_eq!(calls, [0, 1]);
        let r = retry_by(&policy, &allowed, &|| false, &mut |_, _, _| {}, |n| if n == 0 { Err(lost()) } else { Ok(n) });
        assert_eq!(r.unwrap(), 1);
    }
}
