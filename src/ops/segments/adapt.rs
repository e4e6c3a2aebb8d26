//! The adaptive default of segmented downloads: when more connections
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
//! share it.
//!
//! How many at a time: the first step goes from one to four (what lftp's
//! `pget` and rclone start with: one more window at two would cost a
//! capped 20 ms link a tenth of a 128 MiB download); after that the pool
//! quadruples while the last step scaled nearly linearly ([`LINEAR`]: each
//! connection still moves what one did, so the per-connection cap is the
//! limit), and only doubles when it gained less. 1, 4, 16 on a capped
//! link: two windows instead of four (measured on bench/run's capped link:
//! 1.11x lftp `pget -n 8` with doubling).
//!
//! A near server (a command's round trip under [`NEAR`]) whose one
//! connection already moves [`NEAR_FULL`] gets no more: on a LAN or
//! loopback nothing caps a single flow, the line or the server's CPU is the
//! limit, and more connections only share it and cost the server TLS
//! handshakes (1 GiB on loopback: 1.96 s after growing to 4, against 1.0-1.6 s
//! on one).

use std::time::Duration;

/// Files smaller than this stay on one connection unless `--segments` says otherwise.
pub const MIN_SIZE: u64 = 64 * 1024 * 1024;
/// How much more the total rate must be after a connection was added for
/// another to be tried.
pub const GAIN: f64 = 1.15;
/// Servers closer than this are near (LAN, loopback).
pub const NEAR: Duration = Duration::from_millis(5);
/// What one connection to a near server moves when nothing caps it (a
/// gigabit line is 117 MB/s).
pub const NEAR_FULL: f64 = 100e6;
/// One more connection must save at least this share of the time left.
const SAVING: f64 = 0.15;
/// The share of the per-connection rate with fewer connections that each
/// connection must still move for the pool to quadruple, not double. Not
/// nearer 1: the window after a step holds the new connections' TCP slow
/// start (on a capped 150 ms link four moved 79% each of what one did),
/// while on a shared bottleneck four move about what one did (25% each).
pub const LINEAR: f64 = 0.65;

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
/// `login`, a command's round trip `rtt`, and at most `max` connections:
/// 0 for none.
pub fn decide(history: &[Sample], left: u64, login: Duration, rtt: Duration, max: usize) -> usize {
    let Some(last) = history.last() else { return 0 };
    let k = last.connections;
    if k >= max || k == 0 || last.rate <= 0.0 {
        return 0;
    }
    if rtt < NEAR && last.rate / k as f64 >= NEAR_FULL {
        return 0;
    }
    // The best rate seen with fewer connections: the last ones added must
    // have paid off.
    let fewer = history.iter().filter(|s| s.connections < k).map(|s| s.rate).fold(0.0, f64::max);
    if fewer > 0.0 && last.rate < fewer * GAIN {
        return 0;
    }
    // Each connection now moves (nearly) what one did with fewer: the
    // per-connection cap limits, so grow by more. From one, nothing says
    // either way; four is what other clients open at once.
    let per = last.rate / k as f64;
    let fewer_per = history
        .iter()
        .filter(|s| s.connections < k && s.connections > 0)
        .map(|s| s.rate / s.connections as f64)
        .fold(0.0, f64::max);
    let factor = if k == 1 || (fewer_per > 0.0 && per >= fewer_per * LINEAR) { 4 } else { 2 };
    let left = left as f64;
    let now = left / last.rate;
    let login = login.as_secs_f64();
    // Fewer would save less still.
    let m = (k * (factor - 1)).min(max - k);
    let more = login + (left - last.rate * login).max(0.0) / (last.rate + per * m as f64);
    if more < now * (1.0 - SAVING) { m } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: f64 = 1e6;
    const FAR: Duration = Duration::from_millis(20);

    fn s(connections: usize, rate_mb: f64) -> Sample {
        Sample { connections, rate: rate_mb * MB }
    }

    #[test]
    fn a_capped_pool_with_much_left_doubles() {
        // 1 GB left at 2 MB/s per connection, a login of 0.5 s: one to four.
        assert_eq!(decide(&[s(1, 2.0)], 1_000_000_000, Duration::from_millis(500), FAR, 16), 3);
        // Four moved four times as much: sixteen are worth trying.
        assert_eq!(decide(&[s(1, 2.0), s(4, 8.0)], 1_000_000_000, Duration::from_millis(500), FAR, 16), 12);
        // Never past the most allowed.
        assert_eq!(decide(&[s(1, 2.0), s(4, 8.0)], 1_000_000_000, Duration::from_millis(500), FAR, 10), 6);
        assert_eq!(decide(&[s(4, 8.0), s(12, 24.0)], 1_000_000_000, Duration::from_millis(500), FAR, 16), 4);
    }

    #[test]
    fn a_pool_that_gained_less_than_linearly_only_doubles() {
        // Four moved twice what one did (each 50% of one): four more.
        assert_eq!(decide(&[s(1, 2.0), s(4, 4.0)], 1_000_000_000, Duration::from_millis(500), FAR, 16), 4);
        // At 79% each (new connections still in slow start), the cap: twelve more.
        assert_eq!(decide(&[s(1, 3.2), s(4, 10.1)], 1_000_000_000, Duration::from_millis(500), FAR, 16), 12);
    }

    #[test]
    fn a_near_server_moving_a_full_line_gets_no_more() {
        let lan = Duration::from_micros(300);
        // 1 GB on loopback at 700 MB/s: one connection is the most.
        assert_eq!(decide(&[s(1, 700.0)], 1_000_000_000, Duration::from_millis(2), lan, 16), 0);
        // A near server capping each session at 2 MB/s: more pay.
        assert_eq!(decide(&[s(1, 2.0)], 1_000_000_000, Duration::from_millis(2), lan, 16), 3);
        // The same 700 MB/s from a far server: try four.
        assert_eq!(decide(&[s(1, 700.0)], 10_000_000_000, Duration::from_millis(200), FAR, 16), 3);
    }

    #[test]
    fn near_the_end_nothing_pays_off() {
        // 12 MB left at 10 MB/s on 4 connections, logins of 1 s: twelve
        // more would take 1.05 s of the 1.2 s left (saving under 15%).
        assert_eq!(decide(&[s(2, 5.0), s(4, 10.0)], 12_000_000, Duration::from_secs(1), FAR, 16), 0);
        // With 100 MB left, growing to sixteen pays.
        assert_eq!(decide(&[s(2, 5.0), s(4, 10.0)], 100_000_000, Duration::from_secs(1), FAR, 16), 12);
    }

    #[test]
    fn no_gain_from_the_last_ones_stops_the_growth() {
        // A shared link: two connections move what one did.
        assert_eq!(decide(&[s(1, 50.0), s(2, 52.0)], 1_000_000_000, Duration::from_millis(100), FAR, 16), 0);
    }

    #[test]
    fn nearly_done_or_at_the_limit_stays() {
        // 1 MB left at 10 MB/s: a 0.5 s login cannot pay off.
        assert_eq!(decide(&[s(1, 10.0)], 1_000_000, Duration::from_millis(500), FAR, 16), 0);
        assert_eq!(decide(&[s(4, 8.0)], 1_000_000_000, Duration::from_millis(10), FAR, 4), 0);
        assert_eq!(decide(&[], 1_000_000_000, Duration::from_millis(10), FAR, 4), 0);
        assert_eq!(decide(&[s(1, 0.0)], 1_000_000_000, Duration::from_millis(10), FAR, 4), 0);
    }
}
