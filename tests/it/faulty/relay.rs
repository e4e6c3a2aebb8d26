//! A faulty link on loopback: a TCP relay that listens on another loopback
//! address at a server's control port and passive range, forwards each
//! connection to the same port on the server, and breaks some of them at a
//! chosen byte, three ways (see [`Cut`]).
//!
//! Which connections break, where and how is decided in accept order from a
//! seed ([`Plan::Random`]) or by a script ([`Plan::Script`]), so a failing
//! run can be repeated. The cut byte is drawn log-uniformly: a cut inside a
//! TLS handshake or a small file is as likely as one deep in a big
//! transfer. A budget bounds the faults, so a client with retries enough
//! always gets through.
//!
//! Std only (the one socket option std lacks, `SO_LINGER`, is one
//! `setsockopt` call), so `bench/faulty` can build the same file as a
//! program without the test crate. Bounded: every socket read and write
//! has a short timeout and checks the relay's stop flag; dropping the
//! [`Relay`] stops and joins every thread.

#![allow(dead_code)] // shared with bench/faulty's program, which uses another part

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How a connection breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Both sides get a FIN, no TLS `close_notify`: a truncation.
    Fin,
    /// Both sides get a TCP reset (`SO_LINGER` 0).
    Reset,
    /// Nothing more is forwarded either way; the sockets stay open until a
    /// side closes (or [`STALL_HOLD`] passes).
    Stall,
}

/// One scripted fault: the `nth` connection (counted from 0) to the
/// control port (`data: false`) or to the passive range breaks after `at`
/// bytes have crossed in one direction (`upstream`: client to server).
#[derive(Debug, Clone, Copy)]
pub struct Scripted {
    pub data: bool,
    pub nth: u32,
    pub upstream: bool,
    pub at: u64,
    pub cut: Cut,
}

/// Random faults: each connection breaks with probability `chance`, in
/// either direction, at a byte drawn log-uniformly from 1..=`max_byte`, by
/// one of `cuts`; at most `budget` faults in all.
#[derive(Debug, Clone)]
pub struct Random {
    pub seed: u64,
    pub chance: f64,
    pub max_byte: u64,
    pub budget: u32,
    pub cuts: Vec<Cut>,
}

#[derive(Debug, Clone)]
pub enum Plan {
    Random(Random),
    Script(Vec<Scripted>),
}

/// The longest a stalled connection is held open.
pub const STALL_HOLD: Duration = Duration::from_secs(30);
/// How often a blocked thread looks at the stop flags.
const TICK: Duration = Duration::from_millis(50);

/// What the relay did, for assertions and reports.
#[derive(Debug, Default)]
pub struct Stats {
    pub connections: AtomicU32,
    pub fin: AtomicU32,
    pub reset: AtomicU32,
    pub stall: AtomicU32,
    /// One line per fault injected: connection, port, direction, byte, cut.
    pub log: Mutex<Vec<String>>,
}

impl Stats {
    pub fn faults(&self) -> u32 {
        self.fin.load(Ordering::Relaxed) + self.reset.load(Ordering::Relaxed) + self.stall.load(Ordering::Relaxed)
    }

    pub fn summary(&self) -> String {
        format!(
            "{} connections, {} faults ({} FIN, {} reset, {} stall)\n{}",
            self.connections.load(Ordering::Relaxed),
            self.faults(),
            self.fin.load(Ordering::Relaxed),
            self.reset.load(Ordering::Relaxed),
            self.stall.load(Ordering::Relaxed),
            self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
        )
    }
}

/// A running relay; dropping it closes every connection and joins every thread.
pub struct Relay {
    pub listen: IpAddr,
    pub stats: Arc<Stats>,
    stop: Arc<AtomicBool>,
    ports: Vec<u16>,
    acceptors: Vec<JoinHandle<()>>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

/// The decisions, shared by the acceptors.
struct Decider {
    plan: Plan,
    rng: Mutex<u64>,
    control_seen: AtomicU32,
    data_seen: AtomicU32,
    budget_used: AtomicU32,
}

impl Relay {
    /// Listens on `listen` at `control` and every port of `pasv`, forwarding
    /// to the same ports on `target`. Both must be loopback addresses. A
    /// server that holds its control port on every address (ProFTPD binds
    /// the wildcard) gets the relay's control listener on a free port
    /// instead: see [`Relay::control_port`].
    pub fn start(listen: IpAddr, target: IpAddr, control: u16, pasv: (u16, u16), plan: Plan) -> io::Result<Relay> {
        if !listen.is_loopback() || !target.is_loopback() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "loopback addresses only"));
        }
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(Stats::default());
        let seed = match &plan {
            Plan::Random(r) => r.seed,
            Plan::Script(_) => 0,
        };
        let decider = Arc::new(Decider {
            plan,
            rng: Mutex::new(seed ^ 0x9e37_79b9_7f4a_7c15),
            control_seen: AtomicU32::new(0),
            data_seen: AtomicU32::new(0),
            budget_used: AtomicU32::new(0),
        });
        let links = Arc::new(Mutex::new(Vec::new()));
        let mut ports = vec![control];
        ports.extend(pasv.0..=pasv.1);
        let control_index = 0;
        let mut acceptors = Vec::new();
        let mut control_port = control;
        for &port in &ports {
            let listener = match TcpListener::bind(SocketAddr::new(listen, port)) {
                Err(e) if port == control && e.kind() == io::ErrorKind::AddrInUse => {
                    TcpListener::bind(SocketAddr::new(listen, 0))?
                }
                other => other?,
            };
            if port == control {
                control_port = listener.local_addr()?.port();
            }
            let ctx = Acceptor {
                listener,
                target: SocketAddr::new(target, port),
                data: port != control,
                stop: stop.clone(),
                stats: stats.clone(),
                decider: decider.clone(),
                links: links.clone(),
            };
            acceptors.push(thread::Builder::new().stack_size(64 * 1024).spawn(move || ctx.run())?);
        }
        ports[control_index] = control_port;
        Ok(Relay { listen, stats, stop, ports, acceptors, links })
    }

    /// Where clients reach the server's control port.
    pub fn control_port(&self) -> u16 {
        self.ports.first().copied().unwrap_or_default()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake each acceptor blocked in accept().
        for &port in &self.ports {
            let _ = TcpStream::connect_timeout(&SocketAddr::new(self.listen, port), Duration::from_secs(1));
        }
        for a in self.acceptors.drain(..) {
            let _ = a.join();
        }
        let links = self.links.lock().map(|mut l| std::mem::take(&mut *l)).unwrap_or_default();
        for l in links {
            let _ = l.join();
        }
    }
}

struct Acceptor {
    listener: TcpListener,
    target: SocketAddr,
    data: bool,
    stop: Arc<AtomicBool>,
    stats: Arc<Stats>,
    decider: Arc<Decider>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Acceptor {
    fn run(self) {
        loop {
            let accepted = self.listener.accept();
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let Ok((client, _)) = accepted else {
                thread::sleep(TICK); // out of descriptors, say: no busy loop
                continue;
            };
            let Ok(server) = TcpStream::connect_timeout(&self.target, Duration::from_secs(5)) else {
                set_linger_zero(&client);
                continue;
            };
            let id = self.stats.connections.fetch_add(1, Ordering::Relaxed);
            let fault = self.decider.decide(self.data);
            let link = Arc::new(Link {
                id,
                port: self.target.port(),
                client,
                server,
                done: AtomicBool::new(false),
                stalled: AtomicBool::new(false),
                stop: self.stop.clone(),
                stats: self.stats.clone(),
                decider: self.decider.clone(),
                since_stall: Mutex::new(None),
            });
            let mut handles = Vec::new();
            for upstream in [true, false] {
                let link = link.clone();
                let cut = fault.filter(|f| f.upstream == upstream).map(|f| (f.at, f.cut));
                if let Ok(h) = thread::Builder::new().stack_size(128 * 1024).spawn(move || link.pump(upstream, cut)) {
                    handles.push(h);
                }
            }
            if let Ok(mut l) = self.links.lock() {
                l.retain(|h| !h.is_finished());
                l.extend(handles);
            }
        }
    }
}

impl Decider {
    /// The fault planned for the next connection of its kind, if any.
    fn decide(&self, data: bool) -> Option<Scripted> {
        let counter = if data { &self.data_seen } else { &self.control_seen };
        let nth = counter.fetch_add(1, Ordering::Relaxed);
        match &self.plan {
            Plan::Script(s) => s.iter().find(|f| f.data == data && f.nth == nth).copied(),
            Plan::Random(r) => {
                let mut rng = self.rng.lock().ok()?;
                let roll = unit(&mut rng);
                let upstream = unit(&mut rng) < 0.5;
                let at = (unit(&mut rng) * (r.max_byte.max(2) as f64).ln()).exp() as u64;
                let cut = *r.cuts.get((unit(&mut rng) * r.cuts.len() as f64) as usize)?;
                (roll < r.chance).then_some(Scripted { data, nth, upstream, at: at.max(1), cut })
            }
        }
    }

    /// Takes one fault from the budget; false when it is spent.
    fn spend(&self) -> bool {
        let budget = match &self.plan {
            Plan::Random(r) => r.budget,
            Plan::Script(s) => s.len() as u32,
        };
        self.budget_used.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |u| (u < budget).then_some(u + 1)).is_ok()
    }
}

/// A uniform number in [0, 1) (splitmix64).
fn unit(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

struct Link {
    id: u32,
    port: u16,
    client: TcpStream,
    server: TcpStream,
    /// Both directions end (a cut, a reset from a side, the relay's stop).
    done: AtomicBool,
    stalled: AtomicBool,
    since_stall: Mutex<Option<Instant>>,
    stop: Arc<AtomicBool>,
    stats: Arc<Stats>,
    decider: Arc<Decider>,
}

impl Link {
    fn over(&self) -> bool {
        if self.done.load(Ordering::SeqCst) || self.stop.load(Ordering::SeqCst) {
            return true;
        }
        self.since_stall.lock().ok().and_then(|s| *s).is_some_and(|t| t.elapsed() > STALL_HOLD)
    }

    /// Forwards one direction until its end, breaking the link after `cut.0` bytes.
    fn pump(&self, upstream: bool, cut: Option<(u64, Cut)>) {
        let (from, to) = if upstream { (&self.client, &self.server) } else { (&self.server, &self.client) };
        let _ = from.set_read_timeout(Some(TICK));
        let _ = to.set_write_timeout(Some(TICK));
        let mut buf = vec![0u8; 64 * 1024];
        let mut moved = 0u64;
        let mut cut = cut;
        while !self.over() {
            let n = match (&*from).read(&mut buf) {
                Ok(0) => {
                    if self.stalled.load(Ordering::SeqCst) {
                        break; // a side gave up on the stalled link: close it
                    }
                    let _ = to.shutdown(Shutdown::Write); // pass the half-close on
                    return;
                }
                Ok(n) => n,
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    // A side reset: so does the other.
                    set_linger_zero(to);
                    break;
                }
            };
            if self.stalled.load(Ordering::SeqCst) {
                continue; // swallowed
            }
            let mut piece = buf.get(..n).unwrap_or_default();
            let mut fault = None;
            if let Some((at, how)) = cut
                && moved + n as u64 >= at
            {
                cut = None;
                if self.decider.spend() {
                    piece = buf.get(..(at.saturating_sub(moved)) as usize).unwrap_or_default();
                    fault = Some((at, how));
                }
            }
            if !self.write_all(to, piece) {
                set_linger_zero(from);
                break;
            }
            moved += piece.len() as u64;
            if let Some((at, how)) = fault {
                self.inject(upstream, at, how);
                if how == Cut::Stall {
                    continue;
                }
                break;
            }
        }
        // Both sockets close when the other direction is done too (a reset
        // one with a reset, from its SO_LINGER 0).
        self.done.store(true, Ordering::SeqCst);
    }

    fn inject(&self, upstream: bool, at: u64, how: Cut) {
        let counter = match how {
            Cut::Fin => &self.stats.fin,
            Cut::Reset => &self.stats.reset,
            Cut::Stall => &self.stats.stall,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut log) = self.stats.log.lock() {
            let dir = if upstream { "client->server" } else { "server->client" };
            log.push(format!("connection {} (port {}): {how:?} after byte {at} {dir}", self.id, self.port));
        }
        match how {
            Cut::Fin => {
                let _ = self.client.shutdown(Shutdown::Both);
                let _ = self.server.shutdown(Shutdown::Both);
                self.done.store(true, Ordering::SeqCst);
            }
            Cut::Reset => {
                set_linger_zero(&self.client);
                set_linger_zero(&self.server);
                self.done.store(true, Ordering::SeqCst);
            }
            Cut::Stall => {
                if let Ok(mut s) = self.since_stall.lock() {
                    *s = Some(Instant::now());
                }
                self.stalled.store(true, Ordering::SeqCst);
            }
        }
    }

    /// Writes all of `piece` unless the link ends first; false when it did.
    fn write_all(&self, to: &TcpStream, mut piece: &[u8]) -> bool {
        while !piece.is_empty() {
            if self.over() {
                return false;
            }
            match (&*to).write(piece) {
                Ok(0) => return false,
                Ok(n) => piece = piece.get(n..).unwrap_or_default(),
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        true
    }
}

/// `SO_LINGER` {on, 0 s}: closing the socket sends a reset, not a FIN.
/// std has no setter for it (Linux's constants).
#[cfg(target_os = "linux")]
fn set_linger_zero(s: &TcpStream) {
    use std::os::fd::AsRawFd;
    unsafe extern "C" {
        fn setsockopt(fd: i32, level: i32, name: i32, value: *const std::ffi::c_void, len: u32) -> i32;
    }
    const SOL_SOCKET: i32 = 1;
    const SO_LINGER: i32 = 13;
    let linger: [i32; 2] = [1, 0];
    // SAFETY: a valid open socket for the call's duration, and a pointer to
    // a `struct linger` (two ints) with its length, as setsockopt(2) takes.
    unsafe {
        setsockopt(s.as_raw_fd(), SOL_SOCKET, SO_LINGER, linger.as_ptr().cast(), 8);
    }
}

#[cfg(not(target_os = "linux"))]
fn set_linger_zero(_: &TcpStream) {}
