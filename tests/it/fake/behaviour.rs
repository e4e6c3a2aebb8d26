//! What a test configures: the [`Behaviour`] builder and the switches it
//! holds, each making the server misbehave in one specific way.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::time::Duration;

use super::{FakeServer, normalize};

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
    /// [`FOREIGN_V4`](super::FOREIGN_V4) (or [`FOREIGN_V6`](super::FOREIGN_V6) for an IPv6 client) too (a third
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
    /// Connections to the passive port are never accepted (they wait in
    /// the listen backlog, as behind a firewall or NAT that forwards them
    /// nowhere); the transfer command gets its 150 and, much later, 425.
    pub passive_unanswered: bool,
    /// `PROT P` gets `534` (a server that allows no encrypted data connections).
    pub refuse_prot_p: bool,
    /// Answer LIST in EPLF (`+facts<TAB>name`, as publicfile does) and offer
    /// no MLSD, so LIST is the only way to list.
    pub eplf: bool,
    /// X-command digests offered in FEAT and answered (`XMD5`, `XCRC`):
    /// `(verb, lie)`, lying like [`Behaviour::xsha256`] when `lie` is set.
    pub x_digests: Vec<(String, bool)>,
    /// How an asynchronous server misbehaves (see [`super::tasks`]).
    pub tasks: super::TaskQuirks,
    /// Accept `REST` (350) but send every RETR from the file's start, as
    /// some servers do.
    pub ignore_rest: bool,
    /// `(offset, n)`: a RETR restarted exactly at `offset` sends `n` bytes
    /// and then nothing, keeping the connection open (a stalled range).
    pub stall_retr_at: Option<(u64, usize)>,
    /// `STOR` as a disk-backed server does it (`None`: the whole upload
    /// replaces the file at the end).
    pub ranged_stor: Option<RangedStor>,
    /// Offer `HASH SHA-256` and answer it slowly (see [`SlowHash`]).
    pub slow_hash: Option<SlowHash>,
    /// Every control reply waits this long first: a server that is not
    /// near (ftps splits by default only for those).
    pub reply_delay: Option<Duration>,
}

/// How [`Behaviour::slow_hash`] answers `HASH path`: `213-Computing
/// SHA-256 digest` at once, then `progress` lines of `213-Computing...`,
/// one every `every`, then the digest (`213 SHA-256 0-N hex path`), or,
/// with `answer` false, nothing more (a server that died mid-hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlowHash {
    pub progress: usize,
    pub every: Duration,
    pub answer: bool,
}

/// How [`Behaviour::ranged_stor`] writes: a plain `STOR` truncates the file
/// when it opens, and the data lands at the `REST` offset when it ends,
/// over what is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangedStor {
    /// Bytes before and after the written range stay.
    InPlace,
    /// `REST n` + `STOR` truncates first: the n bytes before become zeros.
    ZeroesBefore,
    /// In place, but a `STOR` after `REST n` with n at least this many
    /// bytes ends with `552` (a quota that runs out).
    FullFrom(usize),
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
            passive_unanswered: false,
            refuse_prot_p: false,
            eplf: false,
            x_digests: Vec::new(),
            tasks: super::TaskQuirks::default(),
            ignore_rest: false,
            stall_retr_at: None,
            ranged_stor: None,
            slow_hash: None,
            reply_delay: None,
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
    pub fn passive_unanswered(mut self) -> Self {
        self.passive_unanswered = true;
        self
    }
    pub fn refuse_prot_p(mut self) -> Self {
        self.refuse_prot_p = true;
        self
    }
    /// LIST in EPLF, no MLSD/MLST in FEAT.
    pub fn eplf(mut self) -> Self {
        self.feat.retain(|f| !f.starts_with("MLST"));
        self.eplf = true;
        self
    }
    /// Offers and answers the X-command `verb` (`XMD5` or `XCRC`).
    pub fn x_digest(mut self, verb: &str, lie: bool) -> Self {
        self.feat.push(verb.into());
        self.x_digests.push((verb.into(), lie));
        self
    }
    pub fn ignore_rest(mut self) -> Self {
        self.ignore_rest = true;
        self
    }
    pub fn stall_retr_at(mut self, offset: u64, then_after: usize) -> Self {
        self.stall_retr_at = Some((offset, then_after));
        self
    }
    pub fn ranged_stor(mut self, how: RangedStor) -> Self {
        self.ranged_stor = Some(how);
        self
    }
    pub fn reply_delay(mut self, d: Duration) -> Self {
        self.reply_delay = Some(d);
        self
    }

    pub fn slow_hash(mut self, how: SlowHash) -> Self {
        self.feat.push("HASH SHA-256*".into());
        self.slow_hash = Some(how);
        self
    }
    pub fn start(self) -> FakeServer {
        FakeServer::start(self)
    }
}
