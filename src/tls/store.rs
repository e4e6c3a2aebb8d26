//! A session store that knows how many TLS 1.3 tickets it holds.
//!
//! rustls uses each TLS 1.3 ticket once, and servers hand out a fixed number
//! per control connection (OpenSSL's default is 2) plus, on some servers, one
//! per resumed download. Uploads to ProFTPD bring none. Counting lets the
//! control driver see the supply run dry *before* a data connection fails.

use std::collections::VecDeque;
use std::sync::Mutex;

use rustls::NamedGroup;
use rustls::client::ClientSessionStore;
use rustls::client::{Tls12ClientSessionValue, Tls13ClientSessionValue};
use rustls_pki_types::ServerName;

/// rustls' own cache keeps 8 tickets per server; so do we.
const MAX_TICKETS: usize = 8;

/// One store per control connection, so it only ever sees one server name.
#[derive(Debug, Default)]
pub struct TicketStore {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    kx_hint: Option<NamedGroup>,
    tls12: Option<Tls12ClientSessionValue>,
    tls13: VecDeque<Tls13ClientSessionValue>,
}

impl TicketStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the state invalid.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// TLS 1.3 tickets available for the next resumption.
    pub fn tls13_tickets(&self) -> usize {
        self.lock().tls13.len()
    }
}

impl ClientSessionStore for TicketStore {
    fn set_kx_hint(&self, _: ServerName<'static>, group: NamedGroup) {
        self.lock().kx_hint = Some(group);
    }

    fn kx_hint(&self, _: &ServerName<'_>) -> Option<NamedGroup> {
        self.lock().kx_hint
    }

    fn set_tls12_session(&self, _: ServerName<'static>, value: Tls12ClientSessionValue) {
        self.lock().tls12 = Some(value);
    }

    fn tls12_session(&self, _: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        self.lock().tls12.clone()
    }

    fn remove_tls12_session(&self, _: &ServerName<'static>) {
        self.lock().tls12 = None;
    }

    fn insert_tls13_ticket(&self, _: ServerName<'static>, value: Tls13ClientSessionValue) {
        let mut s = self.lock();
        if s.tls13.len() == MAX_TICKETS {
            s.tls13.pop_front();
        }
        s.tls13.push_back(value);
    }

    fn take_tls13_ticket(&self, _: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
        // Newest first: it is the least likely to have expired.
        self.lock().tls13.pop_back()
    }
}
