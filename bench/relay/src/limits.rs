//! The link's shared limits: the token bucket of --rate and the byte counts
//! of --stats.

use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use crate::PIECE;

/// A token bucket shared by every connection in one direction.
pub struct Bucket {
    pub rate: f64,
    burst: f64,
    /// Tokens (bytes) and when they were counted.
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    pub fn new(rate: u64) -> Bucket {
        let rate = rate as f64;
        let burst = (rate / 20.0).max(PIECE as f64);
        Bucket { rate, burst, state: Mutex::new((burst, Instant::now())) }
    }

    /// Takes n bytes' worth, sleeping (with the bucket held, so the
    /// connections queue in turn) while it is in debt.
    pub fn take(&self, n: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        s.0 = self.burst.min(s.0 + now.duration_since(s.1).as_secs_f64() * self.rate);
        s.1 = now;
        s.0 -= n as f64;
        if s.0 < 0.0 {
            thread::sleep(Duration::from_secs_f64(-s.0 / self.rate));
        }
    }
}

/// Bytes relayed per direction (0 up, 1 down), mirrored to a file when asked.
pub struct Stats {
    pub path: Option<(PathBuf, PathBuf)>,
    moved: Mutex<[u64; 2]>,
}

impl Stats {
    pub fn new(path: Option<PathBuf>) -> Stats {
        let path = path.map(|p| {
            let mut tmp = p.clone().into_os_string();
            tmp.push(".tmp");
            (p, PathBuf::from(tmp))
        });
        Stats { path, moved: Mutex::new([0, 0]) }
    }

    pub fn add(&self, dir: usize, n: usize) {
        let mut m = self.moved.lock().unwrap_or_else(|e| e.into_inner());
        m[dir] += n as u64;
        if let Some((path, tmp)) = &self.path {
            // Rewritten under the lock, so the file never goes backwards.
            let r = fs::write(tmp, format!("{} {}\n", m[0], m[1])).and_then(|_| fs::rename(tmp, path));
            if let Err(e) = r {
                eprintln!("delay-relay: cannot write {}: {e}", path.display());
            }
        }
    }
}
