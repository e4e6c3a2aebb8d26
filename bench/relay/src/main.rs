//! A user-space TCP relay that delays every chunk by a fixed time in each
//! direction, to put a wide-area round trip between a client and a server on
//! loopback (this kernel has no netem). `bench/delay-relay` builds and runs it.
//!
//! ```text
//! delay-relay [--rate BYTES_PER_S] [--conn-rate BYTES_PER_S] [--stats FILE] LISTEN_ADDR TARGET_ADDR DELAY_MS PORT[-PORT]...
//! ```
//!
//! It listens on LISTEN_ADDR at every given port and forwards each connection
//! to the same port on TARGET_ADDR. Each byte arrives DELAY_MS later than it
//! was sent, in both directions, so the round trip grows by 2 x DELAY_MS, and
//! a new connection costs the extra round trip a TCP handshake would; chunk
//! order and half-closes (FIN) are kept. Only loopback addresses are
//! accepted. Runs until killed (SIGTERM/SIGINT: the default signal death,
//! nothing needs flushing).
//!
//! `--rate` caps each direction of the link (all connections together, as one
//! access line would) at BYTES_PER_S with a token bucket (a burst of at most
//! 1/20 s worth, delivered in pieces of at most 16 KiB; about a quarter of a
//! second queued per direction and connection, beyond which the sender
//! waits). `--conn-rate` caps each direction of every connection on its own
//! (a bucket per connection, as a server or path that limits each TCP flow
//! does), with at most a quarter of a second or 256 KiB queued per direction
//! and connection, whichever is less: a sender must not get far ahead of
//! what its receiver has (an unbounded queue would take a whole file at
//! loopback speed, and the server would finish long before the client).
//! `--stats` keeps FILE holding the bytes relayed so far, "UP DOWN"
//! (client to server, server to client), rewritten after every piece.
//!
//! Design: per connection and direction one reader thread (blocking read,
//! stamped at once, `(due, bytes)` into a channel) and one writer
//! thread (sleeps until due, then writes), from a pool of reused threads.
//! Blocking threads and `thread::sleep` (with 1 ns timer slack) keep each
//! crossing within ~0.15-0.3 ms of the delay without a busy loop; there are only
//! a few dozen connections at a time.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread;
use std::time::{Duration, Instant};

mod limits;
mod pool;
mod sys;

use limits::{Bucket, Stats};
use pool::spawn;

/// Largest read on an unlimited link.
const CHUNK: usize = 256 * 1024;
/// Largest write (and read, on a rated link); the bucket's smallest burst.
pub const PIECE: usize = 16 * 1024;

const USAGE: &str =
    "usage: delay-relay [--rate BYTES_PER_S] [--conn-rate BYTES_PER_S] [--stats FILE] LISTEN_ADDR TARGET_ADDR DELAY_MS PORT[-PORT]...
  Relays each connection to LISTEN_ADDR:PORT to TARGET_ADDR:PORT, every chunk
  DELAY_MS late in each direction (and a new connection's first bytes one
  round trip later, for the TCP handshake). Loopback addresses only.
  --rate BYTES_PER_S  cap each direction (all connections together)
  --conn-rate BYTES_PER_S  cap each direction of every connection on its own
  --stats FILE        keep FILE holding \"UP DOWN\" bytes relayed so far";

fn die(msg: &str) -> ! {
    eprintln!("delay-relay: {msg}");
    process::exit(1);
}

struct Config {
    /// The addresses as given, for the start-up line.
    names: [String; 2],
    listen: IpAddr,
    target: IpAddr,
    delay: Duration,
    delay_text: String,
    ports: Vec<u16>,
    rate: Option<u64>,
    conn_rate: Option<u64>,
    stats: Option<PathBuf>,
}

fn loopback(addr: &str) -> IpAddr {
    match addr.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() => ip,
        Ok(_) => die(&format!("{addr} is not a loopback address; this relay only serves loopback")),
        Err(_) => die(&format!("{addr} is not an IP address (this relay only serves loopback)")),
    }
}

fn ports(specs: &[String]) -> Vec<u16> {
    let port = |s: &str, spec: &str| match s.parse::<u16>() {
        Ok(p) if p > 0 => p,
        _ => die(&format!("bad port {spec:?}: PORT or PORT-PORT, 1 to 65535")),
    };
    let mut out = Vec::new();
    for spec in specs {
        let (lo, hi) = spec.split_once('-').unwrap_or((spec, spec));
        let (lo, hi) = (port(lo, spec), port(hi, spec));
        if hi < lo {
            die(&format!("bad port range {spec:?}: the first port is above the last"));
        }
        out.extend(lo..=hi);
    }
    out
}

fn config(argv: Vec<String>) -> Config {
    let (mut rate, mut conn_rate, mut stats, mut rest) = (None, None, None, Vec::new());
    let mut args = argv.into_iter();
    while let Some(a) = args.next() {
        if a == "--rate" || a == "--conn-rate" || a == "--stats" {
            let Some(value) = args.next() else { die(&format!("{a} needs a value")) };
            if a != "--stats" {
                let r = match value.parse::<u64>() {
                    Ok(r) if r > 0 && value.bytes().all(|b| b.is_ascii_digit()) => Some(r),
                    _ => die(&format!("{a} takes bytes per second, a positive integer (got {value:?})")),
                };
                if a == "--rate" {
                    rate = r;
                } else {
                    conn_rate = r;
                }
            } else {
                stats = Some(PathBuf::from(value));
            }
        } else {
            rest.push(a);
        }
    }
    if rest.len() < 4 {
        eprintln!("{USAGE}");
        process::exit(1);
    }
    let (listen, target) = (loopback(&rest[0]), loopback(&rest[1]));
    let delay = match rest[2].parse::<f64>() {
        Ok(ms) if ms.is_finite() && ms >= 0.0 => Duration::from_secs_f64(ms / 1000.0),
        _ => die(&format!("DELAY_MS is milliseconds, a number >= 0 (got {:?})", rest[2])),
    };
    Config {
        names: [rest[0].clone(), rest[1].clone()],
        listen,
        target,
        delay,
        delay_text: rest[2].clone(),
        ports: ports(&rest[3..]),
        rate,
        conn_rate,
        stats,
    }
}

/// What every connection shares.
struct Link {
    target: IpAddr,
    delay: Duration,
    /// Buckets up (client to server) and down; None on an unlimited link.
    buckets: Option<[Bucket; 2]>,
    /// Each connection's own cap per direction (--conn-rate).
    conn_rate: Option<u64>,
    stats: Stats,
}

/// One relayed connection: [client, server] and whether it has failed.
struct Conn {
    socks: [TcpStream; 2],
    failed: AtomicBool,
}

impl Conn {
    /// A reset or error on either side ends both: shutting both sockets down
    /// wakes every thread of the pair blocked on them.
    fn fail(&self) {
        self.failed.store(true, Ordering::SeqCst);
        for s in &self.socks {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

type Chunk = (Instant, Option<Vec<u8>>);

/// A direction's queue: unbounded on an unlimited link (what is in flight is
/// the delay's worth), a quarter of a second on a rated one.
enum Tx {
    Unbounded(Sender<Chunk>),
    Bounded(SyncSender<Chunk>),
}

impl Tx {
    fn send(&self, c: Chunk) -> bool {
        match self {
            Tx::Unbounded(tx) => tx.send(c).is_ok(),
            Tx::Bounded(tx) => tx.send(c).is_ok(),
        }
    }
}

/// Reads side `dir` (0 client, 1 server) of `conn` and queues each chunk
/// (None for EOF) with its due time: `delay` after it was read, not before
/// `floor`.
fn read_side(conn: &Conn, dir: usize, delay: Duration, floor: Instant, size: usize, tx: Tx) {
    let mut src = &conn.socks[dir];
    // Most connections only carry a few small messages: the buffer grows to
    // `size` when a read fills it.
    let mut buf = vec![0u8; PIECE.min(size)];
    loop {
        match src.read(&mut buf) {
            Ok(n) => {
                let due = (Instant::now() + delay).max(floor);
                let data = if n == 0 { None } else { Some(buf[..n].to_vec()) };
                if !tx.send((due, data)) || n == 0 {
                    return;
                }
                if n == buf.len() && n < size {
                    buf.resize(size, 0);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return conn.fail(),
        }
    }
}

/// Writes the chunks read from side `dir` to the other side, each when due.
fn write_side(conn: &Conn, dir: usize, link: &Link, rx: Receiver<Chunk>) {
    let mut dst = &conn.socks[1 - dir];
    let bucket = link.buckets.as_ref().map(|b| &b[dir]);
    let own = link.conn_rate.map(Bucket::new);
    let pieces = bucket.is_some() || own.is_some() || link.stats.path.is_some();
    while let Ok((due, data)) = rx.recv() {
        loop {
            let now = Instant::now();
            if now >= due {
                break;
            }
            thread::sleep(due - now);
        }
        if conn.failed.load(Ordering::SeqCst) {
            return;
        }
        let Some(data) = data else {
            let _ = dst.shutdown(Shutdown::Write);
            return;
        };
        if !pieces {
            if dst.write_all(&data).is_err() {
                return conn.fail();
            }
            continue;
        }
        for piece in data.chunks(PIECE) {
            if let Some(b) = &own {
                b.take(piece.len());
            }
            if let Some(b) = bucket {
                b.take(piece.len());
            }
            if dst.write_all(piece).is_err() {
                return conn.fail();
            }
            link.stats.add(dir, piece.len());
        }
    }
}

/// Pieces queued per direction of a connection: a quarter of a second of a
/// shared cap; of a per-connection cap the same, but at most 256 KiB, so
/// that a sender stays near what its receiver has (the shared cap's older
/// rule is kept as it was measured with it). None: unbounded.
fn queue_pieces(rate: Option<u64>, conn_rate: Option<u64>) -> Option<usize> {
    let shared = rate.map(|r| r / 4);
    let own = conn_rate.map(|r| (r / 4).min(256 * 1024));
    let bytes = match (shared, own) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(((bytes / PIECE as u64) as usize).max(2))
}

/// Relays one accepted connection; `start` is its accept time.
fn serve(client: TcpStream, start: Instant, port: u16, link: Arc<Link>) {
    let Ok(server) = TcpStream::connect(SocketAddr::new(link.target, port)) else { return };
    for s in [&client, &server] {
        let _ = s.set_nodelay(true);
        if link.buckets.is_some() || link.conn_rate.is_some() {
            sys::small_buffers(s);
        }
    }
    let conn = Arc::new(Conn { socks: [client, server], failed: AtomicBool::new(false) });
    // The kernel completed the client's TCP handshake at once; a real link
    // takes a round trip for it. So nothing the client sends reaches the
    // server before 1.5 round trips after the connect (SYN, SYN-ACK, then
    // the data), and nothing the server sends reaches the client before 2.
    // A rated link buffers about a quarter of a second, as a real one would:
    // the sender then waits on the link (TCP backpressure).
    let queue = queue_pieces(link.buckets.as_ref().map(|b| b[0].rate as u64), link.conn_rate);
    let size = if queue.is_some() { PIECE } else { CHUNK };
    let mut last = None;
    for dir in [0, 1] {
        let floor = start + link.delay * (3 + dir as u32);
        let (tx, rx) = match queue {
            Some(n) => {
                let (tx, rx) = sync_channel(n);
                (Tx::Bounded(tx), rx)
            }
            None => {
                let (tx, rx) = channel();
                (Tx::Unbounded(tx), rx)
            }
        };
        let (c, l) = (conn.clone(), link.clone());
        if !spawn(move || write_side(&c, dir, &l, rx)) {
            return conn.fail();
        }
        let (c, delay) = (conn.clone(), link.delay);
        let read = move || read_side(&c, dir, delay, floor, size, tx);
        if dir == 1 {
            last = Some(read);
        } else if !spawn(read) {
            return conn.fail();
        }
    }
    // This thread reads the server side itself: one hand-off less.
    if let Some(read) = last {
        read();
    }
}

fn accept_loop(listener: TcpListener, port: u16, link: Arc<Link>) {
    loop {
        match listener.accept() {
            Ok((client, _)) => {
                let start = Instant::now();
                let link = link.clone();
                spawn(move || serve(client, start, port, link));
            }
            Err(e) => {
                // Out of descriptors or the like: wait a little, don't spin.
                eprintln!("delay-relay: accept on port {port}: {e}");
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn main() {
    let cfg = config(std::env::args().skip(1).collect());
    sys::precise_timers();
    let link = Arc::new(Link {
        target: cfg.target,
        delay: cfg.delay,
        buckets: cfg.rate.map(|r| [Bucket::new(r), Bucket::new(r)]),
        conn_rate: cfg.conn_rate,
        stats: Stats::new(cfg.stats),
    });
    link.stats.add(0, 0);
    let listeners: Vec<(TcpListener, u16)> = cfg
        .ports
        .iter()
        .map(|&port| {
            // std sets SO_REUSEADDR on Unix listeners.
            let addr = SocketAddr::new(cfg.listen, port);
            match TcpListener::bind(addr) {
                Ok(l) => (l, port),
                Err(e) => die(&format!("cannot listen on {addr}: {e}")),
            }
        })
        .collect();
    let mut limit = cfg.rate.map(|r| format!(", {r} bytes/s each way")).unwrap_or_default();
    if let Some(r) = cfg.conn_rate {
        limit += &format!(", {r} bytes/s each way per connection");
    }
    println!(
        "delay-relay: {} -> {}, {} ports, +{} ms each way{limit}",
        cfg.names[0],
        cfg.names[1],
        listeners.len(),
        cfg.delay_text
    );
    let _ = io::stdout().flush();
    let threads: Vec<_> = listeners
        .into_iter()
        .map(|(l, port)| {
            let link = link.clone();
            thread::Builder::new()
                .spawn(move || accept_loop(l, port, link))
                .unwrap_or_else(|e| die(&format!("cannot start a thread: {e}")))
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_is_bounded_on_a_capped_link() {
        assert_eq!(queue_pieces(None, None), None);
        // A shared cap keeps its quarter second: 4 MiB/s -> 1 MiB -> 64 pieces.
        assert_eq!(queue_pieces(Some(4 << 20), None), Some(64));
        // A per-connection cap holds at most 256 KiB (16 pieces) ...
        assert_eq!(queue_pieces(None, Some(5_000_000)), Some(16));
        // ... or a quarter second when that is less, and never under 2 pieces.
        assert_eq!(queue_pieces(None, Some(256 * 1024)), Some(4));
        assert_eq!(queue_pieces(None, Some(1000)), Some(2));
        // Both: the tighter bound.
        assert_eq!(queue_pieces(Some(64 << 20), Some(5_000_000)), Some(16));
    }
}
