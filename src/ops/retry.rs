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

/// The one retry loop, so every command retries by the same rule: runs
/// `attempt(0)`; after a transient error, unless `stop()` says the run is
/// over, waits [`RetryPolicy::delay`] (told to `on_retry(n, error, delay)`
/// first) and runs `attempt(n)`, for n up to `policy.retries`. What a retry
/// must redo first (reconnect, or not when the session is still in step)
/// is the attempt's business.
pub fn retry<T>(
    policy: &RetryPolicy,
    stop: &dyn Fn() -> bool,
    on_retry: &mut dyn FnMut(u32, &Error, Duration),
    attempt: impl FnMut(u32) -> Result<T>,
) -> Result<T> {
    let allowed = |e: &Error| if e.is_transient() { policy.retries } else { 0 };
    retry_by(policy, &allowed, stop, on_retry, attempt)
}

/// [`retry`] for a caller whose errors are its own type, or whose rule
/// allows some failures more retries than `policy.retries` (the prompt
/// always reconnects once after a lost connection): `allowed(e)` is how
/// many retries in all a failure like `e` permits, 0 for a lasting one.
/// Backoff and reporting are [`retry`]'s.
pub fn retry_by<T, E>(
    policy: &RetryPolicy,
    allowed: &dyn Fn(&E) -> u32,
    stop: &dyn Fn() -> bool,
    on_retry: &mut dyn FnMut(u32, &E, Duration),
    mut attempt: impl FnMut(u32) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let mut n = 0;
    loop {
        let e = match attempt(n) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        if n >= allowed(&e) || stop() {
            return Err(e);
        }
        n += 1;
        let delay = policy.delay(n);
        on_retry(n, &e, delay);
        std::thread::sleep(delay);
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
    retry(policy, &|| false, on_retry, |n| {
        if n > 0 {
            s.reconnect_same()?;
        }
        op(s, n > 0)
    })
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

    fn quick(retries: u32) -> RetryPolicy {
        RetryPolicy { retries, base: Duration::from_millis(1), cap: Duration::from_millis(2) }
    }

    fn lost() -> Error {
        Error::ConnectionClosed
    }

    #[test]
    fn transient_failures_are_retried_up_to_the_limit_and_reported() {
        let mut seen = Vec::new();
        let mut calls = Vec::new();
        let r: Result<()> = retry(&quick(2), &|| false, &mut |n, _, _| seen.push(n), |n| {
            calls.push(n);
            Err(lost())
        });
        assert!(matches!(r, Err(Error::ConnectionClosed)));
        assert_eq!(calls, [0, 1, 2]);
        assert_eq!(seen, [1, 2]);
        let r = retry(&quick(5), &|| false, &mut |_, _, _| {}, |n| if n < 3 { Err(lost()) } else { Ok(n) });
        assert_eq!(r.unwrap(), 3);
    }

    #[test]
    fn lasting_failures_and_a_stopped_run_are_not_retried() {
        let mut calls = 0;
        let r: Result<()> = retry(&quick(5), &|| false, &mut |_, _, _| {}, |_| {
            calls += 1;
            Err(Error::Interrupted)
        });
        assert!(matches!(r, Err(Error::Interrupted)));
        assert_eq!(calls, 1);
        let mut calls = 0;
        let r: Result<()> = retry(&quick(5), &|| true, &mut |_, _, _| {}, |_| {
            calls += 1;
            Err(lost())
        });
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }

    /// `allowed` decides per failure, beyond the policy's own count.
    #[test]
    fn retry_by_lets_the_failure_set_the_limit() {
        let mut calls = Vec::new();
        let mut seen = Vec::new();
        let allowed = |e: &&str| if *e == "lost" { 2 } else { 0 };
        let r: std::result::Result<(), &str> =
            retry_by(&quick(0), &allowed, &|| false, &mut |n, _, _| seen.push(n), |n| {
                calls.push(n);
                Err("lost")
            });
        assert_eq!((r, calls, seen), (Err("lost"), vec![0, 1, 2], vec![1, 2]));
        let mut calls = 0;
        let r: std::result::Result<(), &str> = retry_by(&quick(9), &allowed, &|| false, &mut |_, _, _| {}, |_| {
            calls += 1;
            Err("lasting")
        });
        assert_eq!((r, calls), (Err("lasting"), 1));
    }
}
