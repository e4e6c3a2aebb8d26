//! Bandwidth limits for a whole run: one token bucket per direction, shared
//! (through an `Arc`) by every data connection of every session and worker
//! thread, so `N` parallel transfers together stay under the limit.
//!
//! The bucket holds at most [`RateLimit::chunk`] bytes (a twentieth of a
//! second's worth), and connections move at most that much per system call
//! while limited, so the traffic is smooth: no second-long bursts followed by
//! silence, which would defeat the point on a shared uplink. A connection
//! that takes more than the bucket holds goes into debt and waits it off;
//! the next taker waits for that debt too, which is what makes the total
//! exact across threads.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Smallest piece moved per system call under a limit: below this the
/// per-call overhead (a TLS record header, a syscall) starts to dominate.
const MIN_CHUNK: u64 = 512;
/// Largest piece: the unlimited buffer size.
const MAX_CHUNK: u64 = 64 * 1024;

#[derive(Debug)]
pub struct RateLimit {
    /// Bytes per second.
    rate: u64,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    /// Bytes that may move now; negative while takers wait off a debt.
    tokens: f64,
    last: Instant,
}

impl RateLimit {
    /// `rate` in bytes per second (at least 1).
    pub fn new(rate: u64) -> RateLimit {
        let rate = rate.max(1);
        RateLimit { rate, state: Mutex::new(Bucket { tokens: 0.0, last: Instant::now() }) }
    }

    pub fn rate(&self) -> u64 {
        self.rate
    }

    /// The most to move in one go: a twentieth of a second's worth, within
    /// [`MIN_CHUNK`]..=[`MAX_CHUNK`]. It is also the bucket's capacity.
    pub fn chunk(&self) -> usize {
        (self.rate / 20).clamp(MIN_CHUNK, MAX_CHUNK) as usize
    }

    /// Charges `n` bytes that just moved and says how long the caller must
    /// wait before moving more.
    pub fn take(&self, n: usize) -> Duration {
        let rate = self.rate as f64;
        // A poisoned lock only means another thread panicked mid-update of
        // two numbers; the bucket is still usable.
        let mut b = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let earned = now.saturating_duration_since(b.last).as_secs_f64() * rate;
        b.tokens = (b.tokens + earned).min(self.chunk() as f64);
        b.last = now;
        b.tokens -= n as f64;
        if b.tokens >= 0.0 { Duration::ZERO } else { Duration::from_secs_f64(-b.tokens / rate) }
    }
}

/// The limits of one run, per direction; `None` is unlimited. Clones share
/// the buckets.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    /// Downloads and listings.
    pub down: Option<Arc<RateLimit>>,
    /// Uploads.
    pub up: Option<Arc<RateLimit>>,
}

impl Rates {
    /// `both` is one bucket for all traffic; `up`/`down` replace it for
    /// their direction with a bucket of their own.
    pub fn new(both: Option<u64>, up: Option<u64>, down: Option<u64>) -> Rates {
        let shared = both.map(|r| Arc::new(RateLimit::new(r)));
        let own = |r: Option<u64>| r.map(|r| Arc::new(RateLimit::new(r))).or_else(|| shared.clone());
        Rates { down: own(down), up: own(up) }
    }
}

/// Parses a rate such as `500K`, `2M`, `1.5M` or `64000`: bytes per second,
/// suffixes K, M, G in powers of 1024 (as curl and lftp read them), an
/// optional trailing `B` or `/s` tolerated.
pub fn parse_rate(text: &str) -> Result<u64, String> {
    let bad = || {
        format!("{text:?} is not a rate; give bytes per second as a number with an optional K, M or G (e.g. 500K, 2M)")
    };
    let t = text.trim();
    let t = t.strip_suffix("/s").unwrap_or(t);
    let t = t.strip_suffix(['B', 'b']).unwrap_or(t);
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(bad()),
            };
            (t.get(..i).unwrap_or_default(), mult)
        }
        _ => (t, 1),
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let value: f64 = num.parse().map_err(|_| bad())?;
    let bytes = value * mult as f64;
    if !bytes.is_finite() || bytes > u64::MAX as f64 / 2.0 {
        return Err(bad());
    }
    let bytes = bytes.round() as u64;
    if bytes == 0 {
        return Err(format!("{text:?} is a rate of zero; give at least 1 byte per second, or no limit at all"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_with_binary_suffixes() {
        assert_eq!(parse_rate("500K"), Ok(512_000));
        assert_eq!(parse_rate("2M"), Ok(2 << 20));
        assert_eq!(parse_rate("2m"), Ok(2 << 20));
        assert_eq!(parse_rate("1.5M"), Ok(1_572_864));
        assert_eq!(parse_rate("64000"), Ok(64_000));
        assert_eq!(parse_rate("1G"), Ok(1 << 30));
        assert_eq!(parse_rate("100KB"), Ok(102_400));
        assert_eq!(parse_rate("100K/s"), Ok(102_400));
        for bad in ["", "K", "fast", "5X", "-5K", "1e9", "5 K K", "1..2K", "99999999999999G"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
        assert!(parse_rate("0").unwrap_err().contains("zero"));
        assert!(parse_rate("0K").unwrap_err().contains("zero"));
    }

    #[test]
    fn the_bucket_charges_every_taker_for_the_debt_ahead_of_it() {
        let l = RateLimit::new(10_000);
        assert_eq!(l.chunk(), 512);
        // An empty bucket: 1000 bytes cost 0.1 s, the next 1000 another 0.1 s.
        let a = l.take(1000);
        let b = l.take(1000);
        assert!(a > Duration::from_millis(90) && a <= Duration::from_millis(100), "{a:?}");
        assert!(b > Duration::from_millis(190) && b <= Duration::from_millis(200), "{b:?}");
    }

    #[test]
    fn an_idle_bucket_fills_only_to_one_chunk() {
        let l = RateLimit::new(20 * 1024);
        std::thread::sleep(Duration::from_millis(300)); // would earn 6 KiB unbounded
        assert_eq!(l.take(1024), Duration::ZERO);
        let w = l.take(1024);
        assert!(w > Duration::from_millis(40), "no burst beyond one chunk: {w:?}");
    }

    #[test]
    fn threads_sharing_a_bucket_get_the_rate_in_total() {
        let l = Arc::new(RateLimit::new(200 * 1024));
        let started = Instant::now();
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let l = l.clone();
                std::thread::spawn(move || {
                    for _ in 0..10 {
                        std::thread::sleep(l.take(l.chunk()));
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        // 4 x 10 x 10 KiB = 400 KiB at 200 KiB/s: 2 s.
        let took = started.elapsed().as_secs_f64();
        assert!((1.8..2.5).contains(&took), "{took}");
    }

    #[test]
    fn one_limit_for_both_directions_unless_split() {
        let r = Rates::new(Some(1000), None, None);
        assert!(Arc::ptr_eq(r.up.as_ref().unwrap(), r.down.as_ref().unwrap()));
        let r = Rates::new(Some(1000), Some(50), None);
        assert_eq!(r.up.as_ref().unwrap().rate(), 50);
        assert_eq!(r.down.as_ref().unwrap().rate(), 1000);
        let r = Rates::new(None, None, Some(7));
        assert!(r.up.is_none());
        assert_eq!(r.down.unwrap().rate(), 7);
    }
}
