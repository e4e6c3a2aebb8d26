//! The ticket policy: every data connection must resume the control
//! connection's TLS session (servers insist), and rustls spends each TLS 1.3
//! ticket once. When a TLS 1.3 session has no ticket left for the next data
//! connection, the session moves to TLS 1.2, whose sessions resume any number
//! of times, or, where TLS 1.2 is refused or ruled out, to a spare TLS 1.3
//! login opened in the background ([`super::spare`]).

use std::io::BufReader;

use super::login::{Established, establish};
use super::{Session, send, spare};
use crate::error::Result;
use crate::stream::Stream;
use crate::tls::TlsVersion;
use crate::wire::Command;

impl Session {
    /// Whether the next data connection can resume: TLS 1.2 sessions always
    /// can; TLS 1.3 needs an unused ticket, or a server that does not insist.
    pub(super) fn ticket_starved(&self) -> bool {
        let tls13 = self.ctrl.get_ref().tls_info().is_some_and(|i| i.is_tls13);
        tls13 && !self.reuse_optional && self.tls.store.tls13_tickets() == 0
    }

    /// Makes sure the next data connection has a session to resume: moves to
    /// TLS 1.2 where the server and the options allow it (one reconnect, then
    /// any number of transfers), else to a fresh TLS 1.3 login, taken from the
    /// spares when one is ready.
    pub(super) fn ensure_resumable(&mut self) -> Result<()> {
        if !self.ticket_starved() {
            return Ok(());
        }
        if self.opts.tls.usable(TlsVersion::V12) {
            self.opts.trace.note(format_args!(
                "no unused TLS 1.3 ticket left for the next data connection (this server issues too few); \
                 reconnecting with TLS 1.2, whose session resumes any number of times"
            ));
            return self.reconnect(TlsVersion::V12);
        }
        if let Some(spare) = self.spares.take(&self.opts.trace) {
            self.opts.trace.note(format_args!(
                "no unused TLS 1.3 ticket left for the next data connection, and TLS 1.2 is refused by \
                 this server or not allowed; switching to spare control connection {}",
                spare.id
            ));
            return self.adopt(spare);
        }
        self.opts.trace.note(format_args!(
            "no unused TLS 1.3 ticket left for the next data connection, and TLS 1.2 is refused by this \
             server or not allowed; reconnecting with TLS 1.3"
        ));
        self.reconnect(TlsVersion::V13)
    }

    /// Before a data connection: an upload that spends the session's last
    /// TLS 1.3 ticket, where TLS 1.2 is no way out, starts the next login in
    /// the background (downloads and listings bring a new ticket each).
    pub(super) fn plan_spares(&mut self, cmd: &Command, holds_prepared_ticket: bool) {
        let upload = matches!(cmd, Command::Stor(_) | Command::Appe(_));
        let tickets = self.tls.store.tls13_tickets() + usize::from(holds_prepared_ticket);
        let tls13 = self.ctrl.get_ref().tls_info().is_some_and(|i| i.is_tls13);
        if upload && tls13 && !self.reuse_optional && !self.opts.tls.usable(TlsVersion::V12) && tickets <= 1 {
            self.spares.top_up(&self.opts, self.cwd.as_deref());
        }
    }

    /// Replaces the control connection with a spare that logged in already.
    pub(super) fn adopt(&mut self, spare: spare::Spare) -> Result<()> {
        let spent = self.install(spare.est);
        self.spares.park(spent, &self.opts.trace);
        if self.cwd != spare.cwd
            && let Some(dir) = self.cwd.clone()
        {
            self.cwd(&dir)?;
        }
        Ok(())
    }

    /// Makes `est` the session's control connection, with everything learnt
    /// at its login; returns the connection it replaces.
    fn install(&mut self, est: Established) -> BufReader<Stream> {
        let (ctrl, peer, tls, features, max, serial_transfers, in_order) = est;
        self.in_order = in_order;
        self.peer = peer;
        self.tls = tls;
        self.features = features;
        self.serial_transfers = serial_transfers;
        self.max_version = max;
        self.connections += 1;
        std::mem::replace(&mut self.ctrl, ctrl)
    }

    /// Re-establishes the session as it was (TLS version, directory), e.g.
    /// after the server dropped it.
    pub fn reconnect_same(&mut self) -> Result<()> {
        self.reconnect(self.max_version)
    }

    /// Replaces the control connection, keeping the working directory.
    pub fn reconnect(&mut self, max: TlsVersion) -> Result<()> {
        let _ = send(&mut self.ctrl, &Command::Quit, &self.opts.trace);
        let est = establish(&self.opts, max)?;
        self.install(est);
        if let Some(dir) = self.cwd.clone() {
            self.cwd(&dir)?;
        }
        Ok(())
    }
}
