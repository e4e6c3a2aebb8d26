//! The adaptive default of segmented downloads: when one more connection
//! would finish the file sooner. A pure function of what the runner
//! measured, so it can be tested without a network.
//!
//! The rule: a file is split only from [`MIN_SIZE`] on. It starts on one
//! connection; after each measurement window the runner asks [`decide`].
//! More connections are added when, at the rate each connection moves now,
//! they would end the download sooner even after paying for their login
//! (while the others go on), and as long as the last ones added raised the
//! total rate by [`GAIN`]: once they did not, the limit is the link or the
//! server, not the per-connection cap, and more connections would only
//! share it. The pool doubles while that holds (1, 2, 4, 8, 16: on a
//! 150 ms link, where a login and a window take a second or two each, 16
//! connections are reached in four steps, not fifteen). A refused login
//! ends the growth too (the runner never asks again).

use std::time::Duration;

/// Files smaller than this stay on one connection unless `--segments` says otherwise.
pub const MIN_SIZE: u64 = 64 * 1024 * 1024;
/// How much more the total rate must be after a connection was added for
/// another to be tried.
pub const GAIN: f64 = 1.15;
/// One more connection must save at least this share of the time left.
const SAVING: f64 = 0.15;

/// What one measurement window saw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Connections moving data through the whole window.
    pub connections: usize,
    /// Bytes per second, all of them together.
    pub rate: f64,
}

/// How many connections to add after `history` (oldest first, the last
/// entry the latest window), with `left` bytes to go, a login costing
/// `login`, and at most `max` connections: 0 for none.
pub fn decide(history: &[Sample], left: u64, login: Duration, max: usize) -> usize {
    let Some(last) = history.last() else { return 0 };
    let k = last.connections;
    if k >= max || k == 0 || last.rate <= 0.0 {
        return 0;
    }
    // The best rate seen with fewer connections: the last ones added must
    // have paid off.
    let fewer = history.iter().filter(|s| s.connections < k).map(|s| s.rate).fold(0.0, f64::max);
    if fewer > 0.0 && last.rate < fewer * GAIN {
        return 0;
    }
    let left = left as f64;
    let now = left / last.rate;
    let per = last.rate / k as f64;
    let login = login.as_secs_f64();
    // Doubling (or up to the most allowed): fewer would save less still.
    let m = k.min(max - k);
    let more = login + (left - last.rate * login).max(0.0) / (last.rate + per * m as f64);
    if more < now * (1.0 - SAVING) { m } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: f64 = 1e6;

    fn s(connections: usize, rate_mb: f64) -> Sample {
        Sample { connections, rate: rate_mb * MB }
    }

    #[test]
    fn a_capped_pool_with_much_left_doubles() {
        // 1 GB left at 2 MB/s per connection, a login of 0.5 s.
        assert_eq!(decide(&[s(1, 2.0)], 1_000_000_000, Duration::from_millis(500), 16), 1);
        // The second one doubled the rate: two more are worth trying.
        assert_eq!(decide(&[s(1, 2.0), s(2, 4.0)], 1_000_000_000, Duration::from_millis(500), 16), 2);
        assert_eq!(decide(&[s(2, 4.0), s(4, 8.0)], 1_000_000_000, Duration::from_millis(500), 16), 4);
        // Never past the most allowed.
        assert_eq!(decide(&[s(4, 8.0), s(12, 24.0)], 1_000_000_000, Duration::from_millis(500), 16), 4);
    }

    #[test]
    fn near_the_end_nothing_pays_off() {
        // 12 MB left at 10 MB/s on 4 connections, logins of 1 s: four more
        // would take 1.1 s of the 1.2 s left (saving under 15%).
        assert_eq!(decide(&[s(2, 5.0), s(4, 10.0)], 12_000_000, Duration::from_secs(1), 16), 0);
        // With 100 MB left, doubling pays.
        assert_eq!(decide(&[s(2, 5.0), s(4, 10.0)], 100_000_000, Duration::from_secs(1), 16), 4);
    }

    #[test]
    fn no_gain_from_the_last_ones_stops_the_growth() {
        // A shared link: two connections move what one did.
        assert_eq!(decide(&[s(1, 50.0), s(2, 52.0)], 1_000_000_000, Duration::from_millis(100), 16), 0);
    }

    #[test]
    fn nearly_done_or_at_the_limit_stays() {
        // 1 MB left at 10 MB/s: a 0.5 s login cannot pay off.
        assert_eq!(decide(&[s(1, 10.0)], 1_000_000, Duration::from_millis(500), 16), 0);
        assert_eq!(decide(&[s(4, 8.0)], 1_000_000_000, Duration::from_millis(10), 4), 0);
        assert_eq!(decide(&[], 1_000_000_000, Duration::from_millis(10), 4), 0);
        assert_eq!(decide(&[s(1, 0.0)], 1_000_000_000, Duration::from_millis(10), 4), 0);
    }
}
