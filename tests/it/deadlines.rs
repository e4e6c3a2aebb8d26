//! Every wait has one deadline: a reply ends within `--timeout` however
//! the server spaces its bytes.

use std::time::Duration;

use crate::edge::{client, ctx, expect_code, scratch};
use crate::fake::{Behaviour, Greeting};

/// The reply deadline is exact: a byte just before it does not buy a whole
/// new `--timeout` (it used to: up to twice `--timeout` for one reply).
#[test]
fn one_reply_ends_within_the_timeout_not_twice_it() {
    for implicit in [false, true] {
        let mut b = Behaviour::new().greeting(Greeting::Stall);
        if implicit {
            b = b.implicit();
        }
        let server = b.start();
        let s = scratch();
        let scheme = if implicit { "ftps" } else { "ftp" };
        // One attempt: a login that times out is retried like any other step.
        let (out, took) = client(&s, &["--retries", "0", "--timeout", "3", "ls", &server.url(scheme, "u:p", "/")]);
        expect_code(&out, &server, 3);
        assert!(out.stderr.contains("timed out during the wait for a server reply"), "{}", ctx(&out, &server));
        // Stalled after 2.5 s: a fresh 3 s for the next read would end at 5.5 s.
        assert!(took >= Duration::from_millis(2900), "{scheme}: not before the timeout: {took:?}");
        assert!(took < Duration::from_millis(4500), "{scheme}: ends at the deadline: {took:?}");
    }
}
