//! The adaptive default of segmented downloads: when one more connection
//! would finish the file sooner. A pure function of what the runner
//! measured, so it can be tested without a network.
//!
//! The rule: a file is split only from [`MIN_SIZE`] on. It starts on one
//! connection; after each measurement window the runner asks [`decide`].
//! One more connection is added when, at the rate each connection moves
//! now, it would end the download sooner even after paying for its login
//! (while the others go on), and as long as the last connection added
//! raised the total rate by [`GAIN`]: once it did not, the limit is the
//! link or the server, not the per-connection cap, and more connections
//! would only share it. A refused login ends the growth too (the runner
//! never asks again).

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

/// Whether to add a connection after `history` (oldest first, the last
/// entry the latest window), with `left` bytes to go, a login costing
/// `login`, and at most `max` connections.
pub fn decide(history: &[Sample], left: u64, login: Duration, max: usize) -> bool {
    let Some(last) = history.last() else { return false };
    if last.connections >= max || last.connections == 0 || last.rate <= 0.0 {
        return false;
    }
    // The best rate seen with fewer connections: the last one added must
    // have paid off.
    let fewer = history.iter().filter(|s| s.connections < last.connections).map(|s| s.rate).fold(0.0, f64::max);
    if fewer > 0.0 && last.rate < fewer * GAIN {
        return false;
    }
    let left = left as f64;
    let now = left / last.rate;
    let per = last.rate / last.connections as f64;
    let login = login.as_secs_f64();
    let more = login + (left - last.rate * login).max(0.0) / (last.rate + per);
    more < now * (1.0 - SAVING)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: f64 = 1e6;

    fn s(connections: usize, rate_mb: f64) -> Sample {
        Sample { connections, rate: rate_mb * MB }
    }

    #[test]
    fn a_capped_connection_with_much_left_gets_company() {
        // 1 GB left at 2 MB/s per connection, a login of 0.5 s.
        assert!(decide(&[s(1, 2.0)], 1_000_000_000, Duration::from_millis(500), 16));
        // The second one doubled the rate: a third is worth trying.
        assert!(decide(&[s(1, 2.0), s(2, 4.0)], 1_000_000_000, Duration::from_millis(500), 16));
    }

    #[test]
    fn no_gain_from_the_last_one_stops_the_growth() {
        // A shared link: two connections move what one did.
        assert!(!decide(&[s(1, 50.0), s(2, 52.0)], 1_000_000_000, Duration::from_millis(100), 16));
    }

    #[test]
    fn nearly_done_or_at_the_limit_stays() {
        // 1 MB left at 10 MB/s: a 0.5 s login cannot pay off.
        assert!(!decide(&[s(1, 10.0)], 1_000_000, Duration::from_millis(500), 16));
        assert!(!decide(&[s(4, 8.0)], 1_000_000_000, Duration::from_millis(10), 4));
        assert!(!decide(&[], 1_000_000_000, Duration::from_millis(10), 4));
        assert!(!decide(&[s(1, 0.0)], 1_000_000_000, Duration::from_millis(10), 4));
    }
}
