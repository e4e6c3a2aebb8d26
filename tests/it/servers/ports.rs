//! Ports for a server: a free control port, and a passive range leased
//! for the server's lifetime so parallel tests never share one.

use std::fs::{self, File};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};

pub(super) fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local_addr").port()
}

/// Passive ranges are carved out of 10000..32000 (below Linux' ephemeral
/// range, so client sockets never occupy them) in slots of `PASV_SLOT` ports.
/// A slot is leased by holding an exclusive lock on its lock file for the
/// server's lifetime, so parallel tests and parallel test processes never
/// share a range; the kernel drops the lock when a process dies, so there is
/// nothing stale to reclaim.
const PASV_BASE: u16 = 10000;
const PASV_SLOT: u16 = 100;
const PASV_SLOTS: u32 = 220;

pub(super) struct PasvLease {
    /// Holds the lock; closing it releases the slot.
    _lock: File,
    pub(super) range: (u16, u16),
}

pub(super) fn lease_pasv_range() -> PasvLease {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join("ftps-it-pasv");
    let _ = fs::create_dir_all(&dir);
    let first = std::process::id().wrapping_mul(7919).wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed));
    for i in 0..PASV_SLOTS {
        let slot = first.wrapping_add(i) % PASV_SLOTS;
        let path = dir.join(format!("slot-{slot}.lock"));
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        match file.try_lock() {
            Ok(()) => {
                let lo = PASV_BASE + slot as u16 * PASV_SLOT;
                return PasvLease { _lock: file, range: (lo, lo + PASV_SLOT - 1) };
            }
            Err(fs::TryLockError::WouldBlock) => continue,
            Err(fs::TryLockError::Error(e)) => panic!("cannot lock {}: {e}", path.display()),
        }
    }
    panic!("all {PASV_SLOTS} passive port ranges in {} are in use", dir.display());
}
