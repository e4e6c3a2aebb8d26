//! Whether replies come back in the order the commands went out. RFC 959
//! does not promise it for pipelined commands, and servers that run each
//! command as a task of its own (asynchronous servers in Rust, Node,
//! Python) answer in whatever order the tasks finish. So pipelining is for
//! servers known to read one command at a time (vsftpd, ProFTPD,
//! pure-ftpd, recognised by their banner); every other server gets one
//! command, then its reply (lock-step). Every reply is still checked
//! against its command ([`crate::wire::fit`]): one that cannot belong
//! means the server is out of step, which is remembered for the run so its
//! next connections go lock-step.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::wire::{Command, Reply, fit};

/// What this run learned about its servers (shared by clones): which answer
/// out of order, what was already said about them under `-v`, and the
/// verdicts of measurements worth making once per server and run (whether
/// it takes ranged writes: a probe that costs seconds on some servers).
#[derive(Debug, Clone, Default)]
pub struct Learned(Arc<Mutex<LearnedSets>>);

#[derive(Debug, Default)]
struct LearnedSets {
    out_of_order: HashSet<String>,
    said: HashSet<String>,
    /// `None`: it works; `Some(why)`: it does not.
    verdicts: HashMap<String, Option<String>>,
}

impl Learned {
    fn key(host: &str, port: u16) -> String {
        crate::url::authority(&host.to_ascii_lowercase(), port)
    }

    /// The key of `what` about one server.
    fn about(host: &str, port: u16, what: &str) -> String {
        format!("{} {what}", Self::key(host, port))
    }

    fn sets(&self) -> std::sync::MutexGuard<'_, LearnedSets> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn out_of_order(&self, host: &str, port: u16) -> bool {
        self.sets().out_of_order.contains(&Self::key(host, port))
    }

    pub fn remember_out_of_order(&self, host: &str, port: u16) {
        self.sets().out_of_order.insert(Self::key(host, port));
    }

    /// What an earlier measurement of `what` on this server found, if one
    /// was made in this run: `Some(None)` works, `Some(Some(why))` not.
    pub fn verdict(&self, host: &str, port: u16, what: &str) -> Option<Option<String>> {
        self.sets().verdicts.get(&Self::about(host, port, what)).cloned()
    }

    pub fn remember_verdict(&self, host: &str, port: u16, what: &str, verdict: Option<String>) {
        self.sets().verdicts.insert(Self::about(host, port, what), verdict);
    }

    /// True the first time `what` is asked about for this server, so a
    /// note is made once per run, not once per connection.
    pub fn first_time(&self, host: &str, port: u16, what: &str) -> bool {
        self.sets().said.insert(Self::about(host, port, what))
    }
}

/// Servers whose session reads one command line at a time and answers it
/// before reading the next (tested: vsftpd, ProFTPD; pure-ftpd by its
/// documentation and its single-threaded session loop).
pub(super) fn known_in_order(greeting: &Reply) -> bool {
    let text = greeting.text();
    ["vsFTPd", "ProFTPD", "Pure-FTPd"].iter().any(|name| text.contains(name))
}

/// `reply`, if it can answer `cmd`; else the out-of-order error.
pub(super) fn checked(cmd: &Command, reply: Reply) -> Result<Reply> {
    if fit::fits(cmd, &reply) { Ok(reply) } else { Err(Error::OutOfOrder { command: cmd.to_string(), reply }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_banners_and_memory() {
        let hello = |t: &str| Reply { code: 220, lines: vec![t.into()] };
        assert!(known_in_order(&hello("(vsFTPd 3.0.3)")) && known_in_order(&hello("ProFTPD Server (Debian)")));
        assert!(known_in_order(&hello("---------- Welcome to Pure-FTPd [privsep] [TLS] ----------")));
        assert!(!known_in_order(&hello("Welcome")) && !known_in_order(&hello("ftp-srv")));
        let order = Learned::default();
        let shared = order.clone();
        shared.remember_out_of_order("Files.Example", 21);
        assert!(order.out_of_order("files.example", 21) && !order.out_of_order("files.example", 990));
        assert!(order.first_time("h", 21, "missing") && !shared.first_time("H", 21, "missing"));
        assert_eq!(order.verdict("h", 21, "ranged writes"), None);
        shared.remember_verdict("H", 21, "ranged writes", Some("locked".into()));
        assert_eq!(order.verdict("h", 21, "ranged writes"), Some(Some("locked".into())));
        assert_eq!(order.verdict("h", 990, "ranged writes"), None);
        let e = checked(&Command::Pass("secret".into()), Reply { code: 200, lines: vec!["PBSZ=0".into()] });
        let e = e.unwrap_err().to_string();
        assert!(e.contains("PASS ****") && !e.contains("secret") && e.contains("out of order"), "{e}");
    }
}
