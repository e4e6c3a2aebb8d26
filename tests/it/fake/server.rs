//! The listener and what a test reads back: [`FakeServer`] (start, inspect,
//! stop on drop), the state its sessions share, and the accept loop.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use rustls::ServerConfig;

use super::net::{config_for, loopback, server_config};
use super::session::Session;
use super::{Behaviour, IO_TIMEOUT, normalize};

/// One command line as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// Index of the control connection (0 for the first accepted).
    pub conn: usize,
    /// Whether the line arrived inside TLS.
    pub tls: bool,
    /// The line without its CRLF (lossy UTF-8).
    pub line: String,
}

/// One data connection the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataConn {
    pub conn: usize,
    /// The command it served (`RETR /a.txt`, `MLSD`, ...).
    pub command: String,
    /// Where it came from.
    pub peer: SocketAddr,
    /// Whether TLS was used and its handshake resumed a session.
    pub tls: bool,
    pub resumed: bool,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) files: BTreeMap<String, Vec<u8>>,
    pub(super) dirs: BTreeSet<String>,
    pub(super) received: Vec<Received>,
    pub(super) data: Vec<DataConn>,
    pub(super) errors: Vec<String>,
    pub(super) overlong_sent: bool,
    pub(super) transfer_failed_once: bool,
}

pub(super) struct Shared {
    pub(super) behaviour: Behaviour,
    pub(super) tls: Arc<ServerConfig>,
    pub(super) state: Mutex<State>,
    pub(super) stop: AtomicBool,
    pub(super) connections: AtomicUsize,
    /// Sessions counted against [`Behaviour::session_limit`] right now, the
    /// most at once, and how many were turned away.
    pub(super) sessions: AtomicUsize,
    pub(super) peak_sessions: AtomicUsize,
    pub(super) turned_away: AtomicUsize,
    /// Clones of every socket, shut down on drop to unblock their threads.
    pub(super) sockets: Mutex<Vec<TcpStream>>,
    pub(super) threads: Mutex<Vec<JoinHandle<()>>>,
}

impl Shared {
    /// Counts one more session unless the limit is reached.
    pub(super) fn admit(&self) -> bool {
        let Some((k, _, _)) = &self.behaviour.session_limit else { return true };
        let admitted = self.sessions.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < *k).then_some(n + 1));
        match admitted {
            Ok(n) => {
                self.peak_sessions.fetch_max(n + 1, Ordering::SeqCst);
                true
            }
            Err(_) => {
                self.turned_away.fetch_add(1, Ordering::SeqCst);
                false
            }
        }
    }
    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub(super) fn error(&self, msg: String) {
        self.state().errors.push(msg);
    }
    pub(super) fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
    pub(super) fn register(&self, s: &TcpStream) {
        if let Ok(c) = s.try_clone() {
            self.sockets.lock().unwrap_or_else(|e| e.into_inner()).push(c);
        }
    }
}

/// A running fake server; dropping it stops it.
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

#[allow(dead_code)]
impl FakeServer {
    pub fn start(behaviour: Behaviour) -> FakeServer {
        let listener = TcpListener::bind((loopback(&behaviour), 0)).expect("bind fake server");
        let addr = listener.local_addr().expect("local addr");
        let mut state = State { files: behaviour.files.clone(), dirs: behaviour.dirs.clone(), ..State::default() };
        state.dirs.insert("/".to_string());
        let tls = match &behaviour.leaf {
            Some((cert, key)) => config_for(cert, &behaviour.intermediates, key),
            None => server_config(),
        };
        let shared = Arc::new(Shared {
            behaviour,
            tls,
            state: Mutex::new(state),
            stop: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            sessions: AtomicUsize::new(0),
            peak_sessions: AtomicUsize::new(0),
            turned_away: AtomicUsize::new(0),
            sockets: Mutex::new(Vec::new()),
            threads: Mutex::new(Vec::new()),
        });
        let sh = shared.clone();
        let acceptor = thread::Builder::new()
            .name("fake-ftps-accept".into())
            .spawn(move || accept_loop(listener, sh))
            .expect("spawn acceptor");
        FakeServer { addr, shared, acceptor: Some(acceptor) }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    pub fn port(&self) -> u16 {
        self.addr.port()
    }
    /// `ftp://USER:PASS@127.0.0.1:PORT` (or `[::1]`) + `path` (`path` starts with `/`).
    pub fn url(&self, scheme: &str, userinfo: &str, path: &str) -> String {
        format!("{scheme}://{userinfo}@{}{path}", self.addr)
    }
    /// Every command line received, in order, over all connections.
    pub fn commands(&self) -> Vec<String> {
        self.shared.state().received.iter().map(|r| r.line.clone()).collect()
    }
    /// Every command line with its connection and whether it came over TLS.
    pub fn received(&self) -> Vec<Received> {
        self.shared.state().received.clone()
    }
    /// Lines received outside TLS on the control connection.
    pub fn plaintext_commands(&self) -> Vec<String> {
        self.shared.state().received.iter().filter(|r| !r.tls).map(|r| r.line.clone()).collect()
    }
    pub fn data_connections(&self) -> Vec<DataConn> {
        self.shared.state().data.clone()
    }
    /// Control connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
    /// Most sessions counted against the session limit at once.
    pub fn peak_sessions(&self) -> usize {
        self.shared.peak_sessions.load(Ordering::SeqCst)
    }
    /// Connections turned away by the session limit.
    pub fn turned_away(&self) -> usize {
        self.shared.turned_away.load(Ordering::SeqCst)
    }
    /// The file tree now (uploads included).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.shared.state().files.clone()
    }
    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.shared.state().files.get(&normalize("/", path)).cloned()
    }
    /// Problems the server met (failed handshakes, data accept timeouts...),
    /// for test diagnostics.
    pub fn errors(&self) -> Vec<String> {
        self.shared.state().errors.clone()
    }
    /// A one-string summary for assertion messages.
    pub fn log(&self) -> String {
        let st = self.shared.state();
        let mut s = String::new();
        for r in &st.received {
            s += &format!("  [{}{}] {:?}\n", r.conn, if r.tls { " tls" } else { "" }, r.line);
        }
        for d in &st.data {
            s += &format!("  data {:?} from {} tls={} resumed={}\n", d.command, d.peer, d.tls, d.resumed);
        }
        for e in &st.errors {
            s += &format!("  error: {e}\n");
        }
        s
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Unblock accept(); fails harmlessly when the acceptor already ended.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(h) = self.acceptor.take() {
            let _ = h.join();
        }
        for s in self.shared.sockets.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
        let threads: Vec<_> = self.shared.threads.lock().unwrap_or_else(|e| e.into_inner()).drain(..).collect();
        for t in threads {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: TcpListener, sh: Arc<Shared>) {
    let mut n = 0;
    while n < sh.behaviour.max_connections {
        let sock = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) => {
                if sh.stopped() {
                    return;
                }
                sh.error(format!("accept: {e}"));
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        if sh.stopped() {
            return;
        }
        let conn = n;
        n += 1;
        sh.connections.fetch_add(1, Ordering::SeqCst);
        let _ = sock.set_read_timeout(Some(IO_TIMEOUT));
        let _ = sock.set_write_timeout(Some(IO_TIMEOUT));
        let _ = sock.set_nodelay(true);
        sh.register(&sock);
        let sh2 = sh.clone();
        let h = thread::Builder::new()
            .name(format!("fake-ftps-conn{conn}"))
            .spawn(move || {
                let closer = sock.try_clone();
                let mut session = Session::new(sh2.clone(), conn);
                if let Err(e) = session.run(sock) {
                    sh2.error(format!("conn {conn}: {e}"));
                }
                if session.counted {
                    sh2.sessions.fetch_sub(1, Ordering::SeqCst);
                }
                // The clone kept for Drop would otherwise hold the socket open.
                if let Ok(c) = closer {
                    let _ = c.shutdown(Shutdown::Both);
                }
            })
            .expect("spawn connection thread");
        sh.threads.lock().unwrap_or_else(|e| e.into_inner()).push(h);
    }
}
