//! Retries after transient failures: reconnect, then run the operation
//! again told that it is a retry, so transfers resume from where they
//! stopped instead of starting over.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::session::control::Session;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub retries: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl RetryPolicy {
    pub fn new(retries: u32) -> Self {
        RetryPolicy { retries, base: Duration::from_millis(500), cap: Duration::from_secs(30) }
    }

    /// Exponential backoff with up to 50% jitter, so parallel workers and
    /// many cron clients do not hammer a recovering server in lockstep.
    pub fn delay(&self, attempt: u32) -> Duration {
        let exp = self.base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let d = exp.min(self.cap);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|t| t.subsec_nanos()).unwrap_or(0);
        let jitter = d.mul_f64(f64::from(nanos % 1000) / 2000.0);
        d + jitter
    }
}

/// Runs `op`; after a transient error, waits, reconnects `s` (same
/// directory) and runs `op(s, true)` again, up to `policy.retries` times.
/// `on_retry(attempt, error, delay)` lets the caller report each retry.
pub fn with_retries<T>(
    s: &mut Session,
    policy: &RetryPolicy,
    on_retry: &mut dyn FnMut(u32, &Error, Duration),
    mut op: impl FnMut(&mut Session, bool) -> Result<T>,
) -> Result<T> {
    let mut attempt = 0;
    let mut last = match op(s, false) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    loop {
        if !last.is_transient() || attempt >= policy.retries {
            return Err(last);
        }
        attempt += 1;
        let delay = policy.delay(attempt);
        on_retry(attempt, &last, delay);
        std::thread::sleep(delay);
        last = match s.reconnect_same() {
            Ok(()) => match op(s, true) {
                Ok(v) => return Ok(v),
                Err(e) => e,
            },
            Err(e) => e,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy { retries: 10, base: Duration::from_millis(100), cap: Duration::from_secs(1) };
        let d1 = p.delay(1);
        let d3 = p.delay(3);
        assert!(d1 >= Duration::from_millis(100) && d1 <= Duration::from_millis(150), "{d1:?}");
        assert!(d3 >= Duration::from_millis(400) && d3 <= Duration::from_millis(600), "{d3:?}");
        assert!(p.delay(30) <= Duration::from_millis(1500));
    }
}
