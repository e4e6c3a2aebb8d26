//! An in-process FTPS server for edge-case tests.
//!
//! By default it behaves like a small, correct server (explicit `AUTH TLS`,
//! passive data connections secured with TLS, session resumption offered)
//! serving an in-memory file tree. Each [`Behaviour`] switch makes it
//! misbehave in one specific way, so a test can check how the client copes.
//!
//! Bounded by construction: it listens on `127.0.0.1:0`, accepts at most
//! [`Behaviour::max_connections`] control connections, every socket has
//! [`IO_TIMEOUT`] read/write timeouts, and dropping the [`FakeServer`] shuts
//! every socket down and joins every thread.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::certs::pki;

/// Read/write timeout of every socket the server owns, and the longest it
/// waits for a client to open a data connection.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest command line accepted from the client.
const MAX_COMMAND: usize = 4096;
/// Modification time of every entry, as MLSD/MDTM show it (UTC).
pub const MTIME: &str = "20240102030405";
/// The same time in the client's long listing format.
pub const MTIME_DISPLAY: &str = "2024-01-02 03:04:05";
/// Size of an overlong reply line (no line terminator is ever sent).
pub const OVERLONG_LEN: usize = 100 * 1024;
/// What [`Greeting::Garbage`] sends instead of a greeting.
pub const GARBAGE: &[u8] = b"\x00\xff\xfeHTTP/1.1 400 Bad Request \x01\x02 this is not FTP\r\n";

/// What the server does when a control connection opens (after the TLS
/// handshake in implicit mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeting {
    /// `220 ...`
    Normal,
    /// A multi-line 220 whose inner lines look like reply codes.
    MultiLine,
    /// Accept and never say anything.
    Silent,
    /// [`GARBAGE`] instead of a reply, then silence (the connection stays open).
    Garbage,
    /// `220 ` followed by [`OVERLONG_LEN`] bytes without a newline.
    Overlong,
    /// `220-` and then continuation lines forever (bounded by the test's life).
    Endless,
    /// A reply code outside 100..=599.
    BadCode,
    /// A greeting with bytes that are not UTF-8, then normal service.
    NonUtf8,
    /// A valid greeting sent one byte every 300 ms.
    Trickle,
    /// `2` at once, `2` again after [`STALL_GAP`], then silence: a reader
    /// that gives each socket read the full timeout waits almost twice it.
    Stall,
}

/// The pause inside [`Greeting::Stall`].
pub const STALL_GAP: Duration = Duration::from_millis(2500);

/// How a cut `RETR` ends on the control connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutEnd {
    /// `226` as if the transfer had been complete.
    Complete226,
    /// `426 Connection closed; transfer aborted.`
    Abort426,
}

/// Configuration of a [`FakeServer`], builder style:
/// `Behaviour::new().file("/a.txt", b"hi").epsv_refused().start()`.
#[derive(Debug, Clone)]
pub struct Behaviour {
    /// Files by absolute path (`/dir/name`); directories are implied.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Extra (possibly empty) directories.
    pub dirs: BTreeSet<String>,
    /// TLS handshake before the greeting (`ftps://`) instead of `AUTH TLS`.
    pub implicit: bool,
    pub greeting: Greeting,
    /// Replies to AUTH with this line (e.g. `534 not available`) instead of 234.
    pub auth_refusal: Option<String>,
    /// Expected password; `None` accepts any. A mismatch gets 530.
    pub password: Option<String>,
    /// Lines of the FEAT reply (without the leading space).
    pub feat: Vec<String>,
    /// Send 230, FEAT, 226 and 221 as multi-line replies whose inner lines
    /// look like other reply codes (`230 ...` inside a `220-` block): only
    /// `CODE<space>` with the opening code ends a reply (RFC 959). curl 7.88
    /// and lftp 4.9 end at any `ddd ` line and fail against this switch.
    pub multiline: bool,
    /// Answer EPSV with `500` so the client must use PASV.
    pub epsv_refused: bool,
    /// Address announced in the 227 reply (the data listener is always on
    /// 127.0.0.1).
    pub pasv_address: Ipv4Addr,
    /// Reply to the first command with this verb (e.g. `FEAT`) with an
    /// overlong line instead of its proper reply.
    pub overlong_reply_to: Option<String>,
    /// Cut every RETR data connection after this many bytes with a plain TCP
    /// close (no close_notify), then end as told.
    pub cut_retr: Option<(usize, CutEnd)>,
    /// Extra listing entries `(dir, name)` shown verbatim, as a hostile
    /// server would (`../x`, `/etc/x`, `a/b`); they are listed as 4-byte files.
    pub raw_entries: Vec<(String, String)>,
    /// Control connections accepted before the listener closes.
    pub max_connections: usize,
    /// With [`Greeting::Normal`]: this whole line (e.g. `220 text` or
    /// `421 text`, without CRLF) instead of the usual greeting, sent byte for
    /// byte, so a test can put terminal controls in the plaintext greeting.
    pub greeting_line: Option<String>,
    /// `(VERB, line)`: every command with this verb, once logged in, gets the
    /// line verbatim (e.g. `("RETR", "550 <hostile text>")`) instead of its
    /// proper reply; a pending passive listener is dropped.
    pub replies: Vec<(String, String)>,
    /// Server certificate and key (DER) instead of the test PKI's main one.
    pub leaf: Option<(Vec<u8>, Vec<u8>)>,
    /// CA certificates (DER) sent after the leaf, as a server with an
    /// intermediate CA does.
    pub intermediates: Vec<Vec<u8>>,
    /// Cut every MLSD/LIST data connection after this many bytes with a
    /// plain TCP close (no close_notify), then answer 226 anyway (what an
    /// on-path attacker can do to a listing).
    pub cut_listing: Option<usize>,
    /// Send listings without the final line break (with a proper TLS close).
    pub unterminated_listing: bool,
    /// Send RETR and listing data `n` bytes at a time, one piece every `d`.
    pub trickle_data: Option<(usize, Duration)>,
    /// Read STOR data one byte at a time, one byte every this long.
    pub slow_stor: Option<Duration>,
    /// After reading a STOR's data, keep sending one byte every 100 ms on
    /// the data connection (up to 30 s) instead of closing it.
    pub chatter_after_stor: bool,
    /// Every path under this directory is a directory holding one
    /// subdirectory `d`: a tree that never ends (or a symlink loop).
    pub endless_dirs: Option<String>,
    /// Answer `XSHA256 path` (offered in FEAT): `Some(false)` with the
    /// file's true digest, `Some(true)` with a wrong one (a lying server).
    pub xsha256: Option<bool>,
    /// Refuse every `RNTO` (a drop box that allows no renames).
    pub refuse_rename: bool,
    /// Refuse an `RNTO` whose target exists (rename never replaces).
    pub refuse_rename_over: bool,
    /// Listen on `::1` (control and data) instead of `127.0.0.1`; PASV is
    /// then refused, as IPv6 servers do (RFC 2428: use EPSV).
    pub ipv6: bool,
    /// Answer EPRT with `500` so the client must use PORT.
    pub eprt_refused: bool,
    /// Active mode: before connecting to the client, connect to it from
    /// [`FOREIGN_V4`] (or [`FOREIGN_V6`] for an IPv6 client) too (a third
    /// party racing for the port); with `Some(true)` only that foreign
    /// connection is made.
    pub active_foreign: Option<bool>,
    /// The first RETR or STOR of the server's life gets `425` (a transient
    /// failure before any data moved).
    pub fail_first_transfer: bool,
    /// RETR sends this many bytes more than the file holds (after SIZE said
    /// the real size).
    pub retr_extra: usize,
    /// Offer `MODE Z` in FEAT; once a session has sent `MODE Z`, RETR and
    /// listings are sent as this kind of zlib stream and STOR data is inflated.
    pub mode_z: Option<crate::compress::ZStream>,
    /// At most this many sessions at once: beyond it, the greeting (or the
    /// reply to PASS) is the given line and the connection closes, as
    /// vsftpd's `max_per_ip` and ProFTPD's `MaxClientsPerHost` do.
    pub session_limit: Option<(usize, LimitAt, String)>,
}

/// Where [`Behaviour::session_limit`] turns a connection away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitAt {
    /// Instead of the 220 greeting (counting open control connections).
    Greeting,
    /// In answer to PASS (counting logged-in sessions).
    Login,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            files: BTreeMap::new(),
            dirs: BTreeSet::new(),
            implicit: false,
            greeting: Greeting::Normal,
            auth_refusal: None,
            password: None,
            feat: default_feat(),
            multiline: false,
            epsv_refused: false,
            pasv_address: Ipv4Addr::LOCALHOST,
            overlong_reply_to: None,
            cut_retr: None,
            raw_entries: Vec::new(),
            max_connections: 4,
            greeting_line: None,
            replies: Vec::new(),
            leaf: None,
            intermediates: Vec::new(),
            cut_listing: None,
            unterminated_listing: false,
            trickle_data: None,
            slow_stor: None,
            chatter_after_stor: false,
            endless_dirs: None,
            xsha256: None,
            refuse_rename: false,
            refuse_rename_over: false,
            ipv6: false,
            eprt_refused: false,
            active_foreign: None,
            fail_first_transfer: false,
            retr_extra: 0,
            mode_z: None,
            session_limit: None,
        }
    }
}

/// FEAT lines offered by default.
pub fn default_feat() -> Vec<String> {
    ["EPSV", "PASV", "SIZE", "MDTM", "REST STREAM", "UTF8", "MLST type*;size*;modify*;"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[allow(dead_code)]
impl Behaviour {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn file(mut self, path: &str, content: impl Into<Vec<u8>>) -> Self {
        self.files.insert(normalize("/", path), content.into());
        self
    }
    pub fn dir(mut self, path: &str) -> Self {
        self.dirs.insert(normalize("/", path));
        self
    }
    pub fn eprt_refused(mut self) -> Self {
        self.eprt_refused = true;
        self
    }
    pub fn active_foreign(mut self, only: bool) -> Self {
        self.active_foreign = Some(only);
        self
    }
    pub fn ipv6(mut self) -> Self {
        self.ipv6 = true;
        self
    }
    pub fn implicit(mut self) -> Self {
        self.implicit = true;
        self
    }
    pub fn greeting(mut self, g: Greeting) -> Self {
        self.greeting = g;
        self
    }
    /// AUTH gets this reply line, e.g. `"534 not available"` or `"500 AUTH not understood"`.
    pub fn refuse_auth(mut self, reply_line: &str) -> Self {
        self.auth_refusal = Some(reply_line.to_string());
        self
    }
    pub fn password(mut self, p: &str) -> Self {
        self.password = Some(p.to_string());
        self
    }
    /// Every PASS gets 530.
    pub fn reject_login(mut self) -> Self {
        self.password = Some("\u{0}no password matches this\u{0}".to_string());
        self
    }
    pub fn feat(mut self, lines: &[&str]) -> Self {
        self.feat = lines.iter().map(|s| s.to_string()).collect();
        self
    }
    /// Multi-line greeting and replies whose inner lines look like other codes.
    pub fn multiline(mut self) -> Self {
        self.multiline = true;
        self.greeting = Greeting::MultiLine;
        self
    }
    pub fn epsv_refused(mut self) -> Self {
        self.epsv_refused = true;
        self
    }
    pub fn pasv_address(mut self, ip: Ipv4Addr) -> Self {
        self.pasv_address = ip;
        self
    }
    pub fn overlong_reply_to(mut self, verb: &str) -> Self {
        self.overlong_reply_to = Some(verb.to_ascii_uppercase());
        self
    }
    pub fn cut_retr(mut self, after: usize, end: CutEnd) -> Self {
        self.cut_retr = Some((after, end));
        self
    }
    /// Lists `name` verbatim in the listing of `dir` (a hostile entry).
    pub fn raw_entry(mut self, dir: &str, name: &str) -> Self {
        self.raw_entries.push((dir.to_string(), name.to_string()));
        self
    }
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }
    pub fn intermediates(mut self, certs: &[Vec<u8>]) -> Self {
        self.intermediates = certs.to_vec();
        self
    }
    pub fn leaf(mut self, leaf: &crate::certs::Leaf) -> Self {
        self.leaf = Some((leaf.cert_der.clone(), leaf.key_der.clone()));
        self
    }
    pub fn cut_listing(mut self, after: usize) -> Self {
        self.cut_listing = Some(after);
        self
    }
    pub fn unterminated_listing(mut self) -> Self {
        self.unterminated_listing = true;
        self
    }
    pub fn trickle_data(mut self, bytes: usize, every: Duration) -> Self {
        self.trickle_data = Some((bytes, every));
        self
    }
    pub fn slow_stor(mut self, per_byte: Duration) -> Self {
        self.slow_stor = Some(per_byte);
        self
    }
    pub fn chatter_after_stor(mut self) -> Self {
        self.chatter_after_stor = true;
        self
    }
    pub fn fail_first_transfer(mut self) -> Self {
        self.fail_first_transfer = true;
        self
    }
    /// At most `k` sessions at once; the next gets `line` (e.g. `421 Too
    /// many connections`) at `at` and is closed.
    pub fn session_limit(mut self, k: usize, at: LimitAt, line: &str) -> Self {
        self.session_limit = Some((k, at, line.to_string()));
        self
    }
    pub fn retr_extra(mut self, bytes: usize) -> Self {
        self.retr_extra = bytes;
        self
    }
    pub fn endless_dirs(mut self, under: &str) -> Self {
        self.dirs.insert(normalize("/", under));
        self.endless_dirs = Some(normalize("/", under));
        self
    }
    pub fn xsha256(mut self, lie: bool) -> Self {
        self.feat.push("XSHA256".into());
        self.xsha256 = Some(lie);
        self
    }
    pub fn refuse_rename(mut self) -> Self {
        self.refuse_rename = true;
        self
    }
    pub fn refuse_rename_over(mut self) -> Self {
        self.refuse_rename_over = true;
        self
    }
    /// Greets with this line (code included, no CRLF) instead of `220 ...`.
    pub fn greeting_line(mut self, line: &str) -> Self {
        self.greeting_line = Some(line.to_string());
        self
    }
    /// Answers every `verb` command (once logged in) with `line`, verbatim.
    pub fn reply_to(mut self, verb: &str, line: &str) -> Self {
        self.replies.push((verb.to_ascii_uppercase(), line.to_string()));
        self
    }
    pub fn mode_z(mut self, kind: crate::compress::ZStream) -> Self {
        self.feat.push("MODE Z".into());
        self.mode_z = Some(kind);
        self
    }
    pub fn start(self) -> FakeServer {
        FakeServer::start(self)
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

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
struct State {
    files: BTreeMap<String, Vec<u8>>,
    dirs: BTreeSet<String>,
    received: Vec<Received>,
    data: Vec<DataConn>,
    errors: Vec<String>,
    overlong_sent: bool,
    transfer_failed_once: bool,
}

struct Shared {
    behaviour: Behaviour,
    tls: Arc<ServerConfig>,
    state: Mutex<State>,
    stop: AtomicBool,
    connections: AtomicUsize,
    /// Sessions counted against [`Behaviour::session_limit`] right now, the
    /// most at once, and how many were turned away.
    sessions: AtomicUsize,
    peak_sessions: AtomicUsize,
    turned_away: AtomicUsize,
    /// Clones of every socket, shut down on drop to unblock their threads.
    sockets: Mutex<Vec<TcpStream>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl Shared {
    /// Counts one more session unless the limit is reached.
    fn admit(&self) -> bool {
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
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn error(&self, msg: String) {
        self.state().errors.push(msg);
    }
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
    fn register(&self, s: &TcpStream) {
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

/// `EPRT |1|127.0.0.1|5282|` or `PORT 127,0,0,1,20,162`.
fn parse_active(verb: &str, arg: &str) -> Option<SocketAddr> {
    if verb == "EPRT" {
        let d = arg.chars().next()?;
        let parts: Vec<&str> = arg.split(d).collect();
        let [_, _af, ip, port, _] = parts.as_slice() else { return None };
        Some(SocketAddr::new(ip.parse().ok()?, port.parse().ok()?))
    } else {
        let n: Vec<u8> = arg.split(',').map(|x| x.trim().parse().ok()).collect::<Option<_>>()?;
        let [a, b, c, d, p1, p2] = n.as_slice() else { return None };
        Some(SocketAddr::from(([*a, *b, *c, *d], u16::from(*p1) << 8 | u16::from(*p2))))
    }
}

/// Where a foreign active-mode connection comes from: another loopback
/// address (all of 127.0.0.0/8 is local on Linux).
pub const FOREIGN_V4: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
/// The IPv6 one: `::1` is the only IPv6 loopback address, so this exists
/// only where a test added it (in a private network namespace).
pub const FOREIGN_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 2);

fn loopback(b: &Behaviour) -> IpAddr {
    if b.ipv6 { Ipv6Addr::LOCALHOST.into() } else { Ipv4Addr::LOCALHOST.into() }
}

/// Whether this machine can listen on `::1` (some containers have no IPv6).
pub fn has_ipv6_loopback() -> bool {
    TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

fn server_config() -> Arc<ServerConfig> {
    static CONFIG: OnceLock<Arc<ServerConfig>> = OnceLock::new();
    CONFIG.get_or_init(|| config_for(&pki().cert_der, &[], &pki().key_der)).clone()
}

fn config_for(cert_der: &[u8], intermediates: &[Vec<u8>], key_der: &[u8]) -> Arc<ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::try_from(key_der.to_vec()).expect("server key DER");
    let mut cfg = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            std::iter::once(cert_der.to_vec()).chain(intermediates.iter().cloned()).map(CertificateDer::from).collect(),
            key,
        )
        .expect("server certificate");
    cfg.session_storage = rustls::server::ServerSessionMemoryCache::new(1024);
    cfg.ticketer = rustls::crypto::ring::Ticketer::new().expect("ticketer");
    Arc::new(cfg)
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

/// The control channel, plain or TLS.
enum Ctrl {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
    Gone,
}

impl Read for Ctrl {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Ctrl::Plain(s) => s.read(buf),
            Ctrl::Tls(s) => s.read(buf),
            Ctrl::Gone => Ok(0),
        }
    }
}

impl Write for Ctrl {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Ctrl::Plain(s) => s.write(buf),
            Ctrl::Tls(s) => s.write(buf),
            Ctrl::Gone => Err(io::ErrorKind::NotConnected.into()),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Ctrl::Plain(s) => s.flush(),
            Ctrl::Tls(s) => s.flush(),
            Ctrl::Gone => Ok(()),
        }
    }
}

/// Server-side TLS handshake on `sock`, bounded by the socket's timeouts.
fn accept_tls(cfg: &Arc<ServerConfig>, mut sock: TcpStream) -> io::Result<StreamOwned<ServerConnection, TcpStream>> {
    let mut conn = ServerConnection::new(cfg.clone()).map_err(io::Error::other)?;
    while conn.is_handshaking() {
        let (rd, wr) = conn.complete_io(&mut sock)?;
        if rd == 0 && wr == 0 && conn.is_handshaking() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "EOF during TLS handshake"));
        }
    }
    Ok(StreamOwned::new(conn, sock))
}

/// Half-closes `sock`, reads until EOF or error (so closing sends FIN rather
/// than RST), then shuts it down completely (the clone kept for Drop would
/// otherwise hold it open).
fn finish(sock: &mut TcpStream, limit: Duration) {
    let _ = sock.shutdown(Shutdown::Write);
    let _ = sock.set_read_timeout(Some(limit));
    let mut buf = [0u8; 4096];
    while let Ok(n) = sock.read(&mut buf) {
        if n == 0 {
            break;
        }
    }
    let _ = sock.shutdown(Shutdown::Both);
}

enum Data {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Data {
    fn sock(&mut self) -> &mut TcpStream {
        match self {
            Data::Plain(s) => s,
            Data::Tls(s) => &mut s.sock,
        }
    }
}

struct Session {
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
    counted: bool,
}

impl Session {
    fn new(sh: Arc<Shared>, conn: usize) -> Session {
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

    fn run(&mut self, sock: TcpStream) -> io::Result<()> {
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
        match self.b().greeting {
            Greeting::Normal => match self.b().greeting_line.clone() {
                Some(line) => self.send(format!("{line}\r\n").as_bytes())?,
                None => self.reply(220, "Fake FTPS server ready")?,
            },
            Greeting::MultiLine => self.multi(
                220,
                &[
                    "Welcome to the fake FTPS server",
                    "230 this inner line only looks like a reply",
                    " 220 neither does this one",
                    "220-nor this one",
                ],
                "Ready",
            )?,
            Greeting::Silent => {
                self.silence();
                return Ok(());
            }
            Greeting::Stall => {
                self.send(b"2")?;
                std::thread::sleep(STALL_GAP);
                if !self.sh.stopped() {
                    self.send(b"2")?;
                }
                self.silence();
                return Ok(());
            }
            Greeting::Garbage => {
                self.send(GARBAGE)?;
                self.silence();
                return Ok(());
            }
            Greeting::Overlong => {
                self.overlong(220)?;
                self.silence();
                return Ok(());
            }
            Greeting::Endless => {
                self.send(b"220-here it comes\r\n")?;
                // At most ~100k lines; the client must give up long before.
                for i in 0..100_000u32 {
                    if self.sh.stopped() || self.send(format!(" line {i}\r\n").as_bytes()).is_err() {
                        break;
                    }
                }
                return Ok(());
            }
            Greeting::BadCode => {
                self.send(b"620 no such reply class\r\n")?;
                self.silence();
                return Ok(());
            }
            Greeting::NonUtf8 => self.send(b"220 caf\xe9 \xff\xfe ready\r\n")?,
            Greeting::Trickle => {
                for b in b"220 slowly ready\r\n" {
                    if self.sh.stopped() || self.send(&[*b]).is_err() {
                        return Ok(());
                    }
                    std::thread::sleep(Duration::from_millis(300));
                }
                self.silence();
                return Ok(());
            }
        }
        loop {
            let Some(line) = self.read_command()? else {
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
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let line = String::from_utf8_lossy(&line).into_owned();
        let tls = matches!(self.ctrl, Ctrl::Tls(_));
        self.sh.state().received.push(Received { conn: self.conn, tls, line: line.clone() });
        Ok(Some(line))
    }

    fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
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

    /// Handles one command; `Ok(false)` ends the session.
    fn handle(&mut self, line: &str) -> io::Result<bool> {
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.to_string()),
            None => (line.to_ascii_uppercase(), String::new()),
        };
        if let Some(v) = &self.b().overlong_reply_to
            && *v == verb
            && !self.sh.state().overlong_sent
        {
            self.overlong(200)?;
            return Ok(true);
        }
        let tls = matches!(self.ctrl, Ctrl::Tls(_));
        match verb.as_str() {
            "AUTH" => {
                if let Some(refusal) = self.b().auth_refusal.clone() {
                    self.send(format!("{refusal}\r\n").as_bytes())?;
                } else if tls {
                    self.reply(503, "Already using TLS")?;
                } else if !matches!(arg.to_ascii_uppercase().as_str(), "TLS" | "TLS-C" | "SSL") {
                    self.reply(504, "Unknown AUTH type")?;
                } else {
                    self.reply(234, "Proceed with negotiation.")?;
                    let Ctrl::Plain(sock) = std::mem::replace(&mut self.ctrl, Ctrl::Gone) else { unreachable!() };
                    let s = accept_tls(&self.sh.tls, sock)
                        .map_err(|e| io::Error::other(format!("AUTH TLS handshake: {e}")))?;
                    self.ctrl = Ctrl::Tls(Box::new(s));
                }
            }
            "USER" => {
                self.user = Some(arg);
                self.logged_in = false;
                self.reply(331, "Please specify the password.")?;
            }
            "PASS" => {
                if self.user.is_none() {
                    self.reply(503, "Login with USER first.")?;
                } else if self.b().password.as_deref().is_some_and(|p| p != arg) {
                    self.reply(530, "Login incorrect.")?;
                } else if let Some(line) = self.refused_by_limit(LimitAt::Login) {
                    self.send(format!("{line}\r\n").as_bytes())?;
                    return Ok(false);
                } else {
                    self.logged_in = true;
                    self.reply_maybe_multi(230, "Login successful.")?;
                }
            }
            "QUIT" => {
                self.reply_maybe_multi(221, "Goodbye.")?;
                if let Ctrl::Tls(s) = &mut self.ctrl {
                    s.conn.send_close_notify();
                    let _ = s.flush();
                }
                return Ok(false);
            }
            "FEAT" => {
                let mut s = "211-Features:\r\n".to_string();
                if self.b().multiline {
                    s += "226 this inner line only looks like a reply\r\n";
                    s += "211-and so does this one\r\n";
                }
                for f in &self.b().feat {
                    s += &format!(" {f}\r\n");
                }
                s += "211 End\r\n";
                self.send(s.as_bytes())?;
            }
            "SYST" => self.reply(215, "UNIX Type: L8")?,
            "NOOP" => self.reply(200, "NOOP ok.")?,
            "PBSZ" if tls => self.reply(200, "PBSZ=0")?,
            "PROT" if tls => match arg.to_ascii_uppercase().as_str() {
                "P" => {
                    self.prot_private = true;
                    self.reply(200, "Protection level set to P")?;
                }
                "C" => {
                    self.prot_private = false;
                    self.reply(200, "Protection level set to C")?;
                }
                _ => self.reply(504, "Unsupported protection level")?,
            },
            "PBSZ" | "PROT" => self.reply(503, "PBSZ/PROT need a secure control connection")?,
            _ if !self.logged_in => self.reply(530, "Please login with USER and PASS.")?,
            _ => self.handle_logged_in(&verb, &arg)?,
        }
        Ok(true)
    }

    fn handle_logged_in(&mut self, verb: &str, arg: &str) -> io::Result<()> {
        // RFC 959 4.1.3: REST is followed immediately by the transfer command;
        // like strict servers, anything in between voids the restart offset.
        if !matches!(verb, "REST" | "RETR" | "STOR" | "APPE") {
            self.rest = 0;
        }
        if let Some((_, line)) = self.b().replies.iter().find(|(v, _)| v == verb).cloned() {
            self.pasv = None;
            return self.send(format!("{line}\r\n").as_bytes());
        }
        match verb {
            "OPTS" => self.reply(200, "Always in UTF8 mode.")?,
            "MODE" if arg.eq_ignore_ascii_case("Z") && self.b().mode_z.is_some() => {
                self.deflating = true;
                self.reply(200, "OK")?
            }
            "MODE" if arg.eq_ignore_ascii_case("Z") => self.reply(504, "Unsupported transfer mode")?,
            "TYPE" | "MODE" | "STRU" => self.reply(200, "OK")?,
            "PWD" | "XPWD" => {
                let cwd = self.cwd.replace('"', "\"\"");
                self.reply(257, &format!("\"{cwd}\" is the current directory"))?;
            }
            "CWD" | "CDUP" => {
                let target = if verb == "CDUP" { ".." } else { arg };
                let p = normalize(&self.cwd, target);
                if self.is_dir(&p) {
                    self.cwd = p;
                    self.reply(250, "Directory successfully changed.")?;
                } else {
                    self.reply(550, "Failed to change directory.")?;
                }
            }
            "EPSV" if self.b().epsv_refused => self.reply(500, "'EPSV': command not understood.")?,
            "EPSV" => {
                self.active = None;
                let port = self.open_pasv()?;
                self.reply(229, &format!("Entering Extended Passive Mode (|||{port}|)"))?;
            }
            "EPRT" if self.b().eprt_refused => self.reply(500, "'EPRT': command not understood.")?,
            "EPRT" | "PORT" => match parse_active(verb, arg) {
                Some(addr) => {
                    self.pasv = None;
                    self.active = Some(addr);
                    self.reply(200, &format!("{verb} command successful. Consider using EPSV."))?;
                }
                None => self.reply(501, "Illegal EPRT/PORT command.")?,
            },
            "PASV" if self.b().ipv6 => self.reply(522, "Network protocol not supported, use (2)")?,
            "PASV" => {
                let port = self.open_pasv()?;
                let [a, b, c, d] = self.b().pasv_address.octets();
                let (p1, p2) = (port >> 8, port & 0xff);
                self.reply(227, &format!("Entering Passive Mode ({a},{b},{c},{d},{p1},{p2})."))?;
            }
            "SIZE" => {
                let p = normalize(&self.cwd, arg);
                let size = self.sh.state().files.get(&p).map(|f| f.len());
                match size {
                    Some(n) => self.reply(213, &n.to_string())?,
                    None => self.reply(550, "Could not get file size.")?,
                }
            }
            "MDTM" => {
                let p = normalize(&self.cwd, arg);
                if self.sh.state().files.contains_key(&p) {
                    self.reply(213, MTIME)?;
                } else {
                    self.reply(550, "Could not get file modification time.")?;
                }
            }
            "MLST" => {
                let p = normalize(&self.cwd, arg);
                match self.facts(&p) {
                    Some(facts) => {
                        self.send(format!("250-Listing {p}\r\n {facts} {p}\r\n250 End\r\n").as_bytes())?;
                    }
                    None => self.reply(550, "No such file or directory.")?,
                }
            }
            "REST" => match arg.parse::<u64>() {
                Ok(n) => {
                    self.rest = n;
                    self.reply(350, &format!("Restart position accepted ({n})."))?;
                }
                Err(_) => self.reply(501, "Bad restart position.")?,
            },
            "DELE" => {
                let p = normalize(&self.cwd, arg);
                if self.sh.state().files.remove(&p).is_some() {
                    self.reply(250, "Delete operation successful.")?;
                } else {
                    self.reply(550, "Delete operation failed.")?;
                }
            }
            "MKD" => {
                let p = normalize(&self.cwd, arg);
                self.sh.state().dirs.insert(p.clone());
                self.reply(257, &format!("\"{p}\" created"))?;
            }
            "RNFR" => {
                let p = normalize(&self.cwd, arg);
                if self.sh.state().files.contains_key(&p) {
                    self.rename_from = Some(p);
                    self.reply(350, "Ready for RNTO.")?;
                } else {
                    self.reply(550, "RNFR command failed.")?;
                }
            }
            "XSHA256" if self.b().xsha256.is_some() => {
                let p = normalize(&self.cwd, arg);
                let content = self.sh.state().files.get(&p).cloned();
                match content {
                    Some(mut c) => {
                        if self.b().xsha256 == Some(true) {
                            c.push(b'!');
                        }
                        self.send(
                            format!("250-Computing SHA256 digest\r\n250 {}\r\n", sha256_hex(&c).to_uppercase())
                                .as_bytes(),
                        )?;
                    }
                    None => self.reply(550, "No such file.")?,
                }
            }
            "RNTO" if self.b().refuse_rename => self.reply(553, "Rename not permitted in this directory.")?,
            "RNTO" if self.b().refuse_rename_over && self.sh.state().files.contains_key(&normalize(&self.cwd, arg)) => {
                self.reply(550, "Rename failed: file exists.")?
            }
            "RNTO" => {
                let to = normalize(&self.cwd, arg);
                let moved = self.rename_from.take().and_then(|from| {
                    let mut st = self.sh.state();
                    let content = st.files.remove(&from)?;
                    st.files.insert(to, content);
                    Some(())
                });
                match moved {
                    Some(()) => self.reply(250, "Rename successful.")?,
                    None => self.reply(503, "RNFR required first.")?,
                }
            }
            "RETR" | "STOR" if self.b().fail_first_transfer && !self.sh.state().transfer_failed_once => {
                self.sh.state().transfer_failed_once = true;
                self.pasv = None;
                self.reply(425, "Can't open data connection.")?;
            }
            "RETR" => self.retr(arg)?,
            "STOR" => self.stor(arg)?,
            "LIST" | "NLST" | "MLSD" => self.listing(verb, arg)?,
            _ => self.reply(502, "Command not implemented.")?,
        }
        Ok(())
    }

    fn open_pasv(&mut self) -> io::Result<u16> {
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

    fn is_dir(&self, p: &str) -> bool {
        if let Some(root) = &self.b().endless_dirs
            && (p == root || p.starts_with(&format!("{root}/")))
        {
            return true;
        }
        let st = self.sh.state();
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        st.dirs.contains(p)
            || st.files.keys().any(|k| k.starts_with(&prefix))
            || st.dirs.iter().any(|k| k.starts_with(&prefix))
    }

    fn facts(&self, p: &str) -> Option<String> {
        if let Some(len) = self.sh.state().files.get(p).map(|f| f.len()) {
            return Some(format!("type=file;size={len};modify={MTIME};"));
        }
        if self.is_dir(p) {
            return Some(format!("type=dir;modify={MTIME};"));
        }
        None
    }

    /// Immediate children of directory `p`: (name, Some(size) for files).
    fn children(&self, p: &str) -> Vec<(String, Option<usize>)> {
        if let Some(root) = &self.b().endless_dirs
            && (p == root || p.starts_with(&format!("{root}/")))
        {
            return vec![("d".to_string(), None)];
        }
        let st = self.sh.state();
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        let mut out: BTreeMap<String, Option<usize>> = BTreeMap::new();
        for (k, v) in &st.files {
            if let Some(rest) = k.strip_prefix(&prefix) {
                match rest.split_once('/') {
                    None => {
                        out.insert(rest.to_string(), Some(v.len()));
                    }
                    Some((d, _)) => {
                        out.entry(d.to_string()).or_insert(None);
                    }
                }
            }
        }
        for k in &st.dirs {
            if let Some(rest) = k.strip_prefix(&prefix)
                && !rest.is_empty()
            {
                let d = rest.split('/').next().unwrap_or(rest);
                out.entry(d.to_string()).or_insert(None);
            }
        }
        out.into_iter().collect()
    }

    /// Accepts the pending data connection and secures it when PROT P.
    fn accept_data(&mut self, command: &str) -> io::Result<Data> {
        let (sock, peer) = match self.active.take() {
            Some(to) => self.connect_active(to)?,
            None => self.accept_passive()?,
        };
        self.secure_data(command, sock, peer)
    }

    /// Active mode: connects to the client (after a foreign attempt from
    /// [`FOREIGN_V4`] or [`FOREIGN_V6`] when told to); the recorded peer is
    /// the client's address.
    fn connect_active(&mut self, to: SocketAddr) -> io::Result<(TcpStream, SocketAddr)> {
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

    fn accept_passive(&mut self) -> io::Result<(TcpStream, SocketAddr)> {
        let listener = self.pasv.take().ok_or_else(|| io::Error::other("no PASV/EPSV before transfer"))?;
        let deadline = Instant::now() + IO_TIMEOUT;
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

    fn secure_data(&mut self, command: &str, sock: TcpStream, peer: SocketAddr) -> io::Result<Data> {
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
    fn open_data(&mut self, command: &str, what: &str) -> io::Result<Option<Data>> {
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
    fn send_data(&mut self, mut data: Data, bytes: &[u8]) -> bool {
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

    fn retr(&mut self, arg: &str) -> io::Result<()> {
        let p = normalize(&self.cwd, arg);
        let rest = std::mem::take(&mut self.rest) as usize;
        let Some(content) = self.sh.state().files.get(&p).cloned() else {
            self.pasv = None;
            return self.reply(550, "Failed to open file.");
        };
        let command = format!("RETR {arg}");
        let Some(mut data) = self.open_data(&command, &p)? else {
            return Ok(());
        };
        let mut content = content[rest.min(content.len())..].to_vec();
        content.extend(std::iter::repeat_n(b'!', self.b().retr_extra));
        let content = &content[..];
        if let Some((after, end)) = self.b().cut_retr {
            let cut = &content[..after.min(content.len())];
            let res = match &mut data {
                Data::Plain(s) => s.write_all(cut),
                Data::Tls(s) => s.write_all(cut).and_then(|_| s.flush()),
            };
            if let Err(e) = res {
                self.sh.error(format!("sending cut data: {e}"));
            }
            // Plain TCP close, no close_notify.
            let sock = data.sock();
            finish(sock, Duration::from_secs(3));
            drop(data);
            return match end {
                CutEnd::Complete226 => self.reply_maybe_multi(226, "Transfer complete."),
                CutEnd::Abort426 => self.reply(426, "Connection closed; transfer aborted."),
            };
        }
        if self.send_data(data, content) {
            self.reply_maybe_multi(226, "Transfer complete.")
        } else {
            self.reply(426, "Failure writing network stream.")
        }
    }

    fn stor(&mut self, arg: &str) -> io::Result<()> {
        let p = normalize(&self.cwd, arg);
        let parent = match p.rfind('/') {
            Some(0) => "/".to_string(),
            Some(i) => p[..i].to_string(),
            None => "/".to_string(),
        };
        if p == "/" || !self.is_dir(&parent) || self.is_dir(&p) {
            self.pasv = None;
            return self.reply(553, "Could not create file.");
        }
        let rest = std::mem::take(&mut self.rest) as usize;
        let command = format!("STOR {arg}");
        let Some(mut data) = self.open_data(&command, &p)? else {
            return Ok(());
        };
        let mut buf = Vec::new();
        let slow = self.b().slow_stor;
        let chatter = self.b().chatter_after_stor;
        let sh = self.sh.clone();
        let mut read_all = |r: &mut dyn Read| -> io::Result<()> {
            match slow {
                None => r.read_to_end(&mut buf).map(|_| ()),
                Some(every) => {
                    let mut byte = [0u8; 1];
                    while !sh.stopped() && r.read(&mut byte)? == 1 {
                        buf.push(byte[0]);
                        thread::sleep(every);
                    }
                    Ok(())
                }
            }
        };
        let res = match &mut data {
            Data::Plain(s) => read_all(s),
            Data::Tls(s) => read_all(s.as_mut()).and_then(|_| {
                if chatter {
                    for _ in 0..300 {
                        if self.sh.stopped() || s.write_all(b"x").and_then(|_| s.flush()).is_err() {
                            break;
                        }
                        thread::sleep(Duration::from_millis(100));
                    }
                }
                s.conn.send_close_notify();
                s.flush()
            }),
        };
        let sock = data.sock();
        finish(sock, Duration::from_secs(3));
        drop(data);
        if let Err(e) = res {
            self.sh.error(format!("STOR {p}: {e}"));
            return self.reply(426, "Failure reading network stream.");
        }
        if self.deflating {
            match crate::compress::inflate(&buf) {
                Ok(plain) => buf = plain,
                Err(e) => {
                    self.sh.error(format!("STOR {p}: MODE Z data: {e}"));
                    return self.reply(451, "Corrupt compressed data.");
                }
            }
        }
        {
            let mut st = self.sh.state();
            let mut content = st.files.get(&p).cloned().unwrap_or_default();
            content.truncate(rest);
            content.extend_from_slice(&buf);
            st.files.insert(p, content);
        }
        self.reply_maybe_multi(226, "Transfer complete.")
    }

    fn listing(&mut self, verb: &str, arg: &str) -> io::Result<()> {
        // LIST may carry ls options.
        let path_arg = arg.split(' ').filter(|a| !a.starts_with('-')).collect::<Vec<_>>().join(" ");
        let p = normalize(&self.cwd, &path_arg);
        let name_of = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        let file_size = self.sh.state().files.get(&p).map(|f| f.len());
        let entries: Vec<(String, Option<usize>)> = if self.is_dir(&p) {
            let mut v = self.children(&p);
            v.extend(self.b().raw_entries.iter().filter(|(d, _)| *d == p).map(|(_, n)| (n.clone(), Some(4))));
            v
        } else if let Some(n) = file_size {
            if verb == "MLSD" {
                self.pasv = None;
                return self.reply(501, "MLSD needs a directory.");
            }
            vec![(name_of(&p), Some(n))]
        } else {
            self.pasv = None;
            return self.reply(550, "No such file or directory.");
        };
        let mut text = String::new();
        if verb == "MLSD" {
            text += &format!("type=cdir;modify={MTIME}; {p}\r\n");
        }
        for (name, size) in &entries {
            text += &match (verb, size) {
                ("MLSD", Some(n)) => format!("type=file;size={n};modify={MTIME}; {name}\r\n"),
                ("MLSD", None) => format!("type=dir;modify={MTIME}; {name}\r\n"),
                ("NLST", _) => format!("{name}\r\n"),
                (_, Some(n)) => {
                    format!("-rw-r--r--    1 1000     1000     {n:>8} Jan 02  2024 {name}\r\n")
                }
                (_, None) => {
                    format!("drwxr-xr-x    2 1000     1000         4096 Jan 02  2024 {name}\r\n")
                }
            };
        }
        if self.b().unterminated_listing {
            text.truncate(text.trim_end_matches("\r\n").len());
        }
        let command = if arg.is_empty() { verb.to_string() } else { format!("{verb} {arg}") };
        let Some(mut data) = self.open_data(&command, "the directory listing")? else {
            return Ok(());
        };
        if let Some(after) = self.b().cut_listing {
            let cut = &text.as_bytes()[..after.min(text.len())];
            let res = match &mut data {
                Data::Plain(s) => s.write_all(cut),
                Data::Tls(s) => s.write_all(cut).and_then(|_| s.flush()),
            };
            if let Err(e) = res {
                self.sh.error(format!("sending a cut listing: {e}"));
            }
            // Plain TCP close, no close_notify, and a 226 as if all was well.
            finish(data.sock(), Duration::from_secs(3));
            drop(data);
            return self.reply_maybe_multi(226, "Directory send OK.");
        }
        if self.send_data(data, text.as_bytes()) {
            self.reply_maybe_multi(226, "Directory send OK.")
        } else {
            self.reply(426, "Failure writing network stream.")
        }
    }
}

/// Caps the receive buffer of connections accepted on `l` (set on the
/// listener, so it also fixes their window scale) and turns autotuning off.
#[cfg(unix)]
fn small_receive_buffer(l: &TcpListener) {
    use std::os::fd::AsRawFd;
    let size: libc::c_int = 4096;
    // SAFETY: a valid socket fd and a pointer to a c_int of the stated length.
    let _ = unsafe {
        libc::setsockopt(
            l.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
}

#[cfg(not(unix))]
fn small_receive_buffer(_: &TcpListener) {}

/// Resolves `path` against `cwd` into `/a/b` form (no `.`/`..`, no trailing `/`).
pub fn normalize(cwd: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { cwd };
    for seg in start.split('/').chain(path.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}
