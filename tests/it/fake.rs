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
//!
//! Layout: [`behaviour`] is the builder a test configures, [`server`] the
//! listener and what a test reads back, [`net`] the socket and TLS plumbing,
//! and [`session`] one control connection's command handling, split by
//! command family.

mod behaviour;
mod net;
mod server;
mod session;
mod tasks;

use std::net::{Ipv4Addr, Ipv6Addr, TcpListener};
use std::time::Duration;

// Everything `fake.rs` offered before it was split stays nameable as
// `crate::fake::Name`, used by a test today or not.
#[allow(unused_imports)]
pub use behaviour::{
    Behaviour, CutEnd, GARBAGE, Greeting, LimitAt, OVERLONG_LEN, RangedStor, STALL_GAP, SlowHash, default_feat,
};
#[allow(unused_imports)]
pub use server::{DataConn, FakeServer, Received};
#[allow(unused_imports)]
pub use tasks::{REORDER_WINDOW, TaskQuirks};

/// Read/write timeout of every socket the server owns, and the longest it
/// waits for a client to open a data connection.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Modification time of every entry, as MLSD/MDTM show it (UTC).
pub const MTIME: &str = "20240102030405";
/// The same time in the client's long listing format.
pub const MTIME_DISPLAY: &str = "2024-01-02 03:04:05";

/// Where a foreign active-mode connection comes from: another loopback
/// address (all of 127.0.0.0/8 is local on Linux).
pub const FOREIGN_V4: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
/// The IPv6 one: `::1` is the only IPv6 loopback address, so this exists
/// only where a test added it (in a private network namespace).
pub const FOREIGN_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 2);

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether this machine can listen on `::1` (some containers have no IPv6).
pub fn has_ipv6_loopback() -> bool {
    TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

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
