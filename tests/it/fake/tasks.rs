//! Switches that make the fake server behave like the asynchronous servers
//! of issue 19 (ftp-srv and its kind): each command run as its own task, so
//! pipelined commands are answered in the order they finish; `150` only
//! once the data connection's TLS handshake is done; a ClientHello that
//! arrives right after `234` read as a plaintext command; and a server that
//! knows no FEAT, SIZE, MDTM or NLST and takes PBSZ/PROT only after login;
//! and ftp-srv's other slips: `REST` + `STOR` zeroing what precedes the
//! offset, `213 File status` as the size of an empty file, `451` for a
//! listing of a missing path.

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::Behaviour;

/// How long the server waits, after a command whose verb is in
/// [`TaskQuirks::reorder`], for the next one to arrive: a pipelining
/// client's next line is there at once; a client in lock-step sends none.
pub const REORDER_WINDOW: Duration = Duration::from_millis(100);

/// Configuration (and what a test reads back) of the asynchronous-server
/// switches; part of [`Behaviour`] as `tasks`.
#[derive(Debug, Clone, Default)]
pub struct TaskQuirks {
    /// Verbs (upper case) whose reply is sent after the next command's when
    /// that next command arrives within [`REORDER_WINDOW`]: the next one is
    /// handled (and answered) first. With `MKD` among them, `MKD` of a
    /// directory whose parent does not exist yet fails (`550`), as it does
    /// when two such tasks race.
    pub reorder: Vec<String>,
    /// Control connection indexes on which a pair was answered out of
    /// order, one entry per swap (for the test to read).
    pub swaps: Arc<Mutex<Vec<usize>>>,
    /// Send `150` only after the data connection is accepted and its TLS
    /// handshake is complete (`425` when it never is).
    pub late_150: bool,
    /// `(within, remaining)`: a ClientHello arriving within `within` after
    /// `234` is answered with the plaintext line `502 Command not allowed: `
    /// and its bytes, and the connection closed; `remaining` counts the
    /// connections still to be treated so (shared by all connections).
    pub early_hello: Option<(Duration, Arc<AtomicUsize>)>,
    /// FEAT, SIZE, MDTM and NLST get `502`; PBSZ and PROT get `530` before
    /// login.
    pub minimal: bool,
    /// `REST n` + `STOR` truncates the file and writes from offset n, so the
    /// first n bytes become zeros (ftp-srv 4.6.3 opens the file with `w+`);
    /// FEAT stops offering `REST STREAM`, as ftp-srv's never does.
    pub rest_stor_truncates: bool,
    /// `SIZE` of an empty file answers `213 File status` (ftp-srv drops a
    /// size of 0 as an empty message and sends its default text).
    pub size_of_empty_is_text: bool,
    /// A listing (`LIST`, `NLST`, `MLSD`) of a path that does not exist gets
    /// `451 ENOENT: ...`, a transient-looking code, instead of `550`.
    pub missing_listing_451: bool,
}

#[allow(dead_code)]
impl Behaviour {
    /// Answers a pipelined command after the one that follows it, for each
    /// of `verbs` (e.g. `["PASS"]`: PBSZ's `200` before PASS's `230`).
    pub fn reorder(mut self, verbs: &[&str]) -> Self {
        self.tasks.reorder = verbs.iter().map(|v| v.to_ascii_uppercase()).collect();
        self
    }
    /// `150` only after the data connection's TLS handshake.
    pub fn late_150(mut self) -> Self {
        self.tasks.late_150 = true;
        self
    }
    /// The first `times` control connections whose ClientHello arrives
    /// within `within` after `234` get a plaintext `502 Command not
    /// allowed: <its bytes>` and are closed.
    pub fn early_hello_502(mut self, within: Duration, times: usize) -> Self {
        self.tasks.early_hello = Some((within, Arc::new(AtomicUsize::new(times))));
        self
    }
    /// `REST` + `STOR` that zeroes what comes before the offset, and no
    /// `REST STREAM` in FEAT.
    pub fn rest_stor_truncates(mut self) -> Self {
        self.feat.retain(|f| !f.eq_ignore_ascii_case("REST STREAM"));
        self.tasks.rest_stor_truncates = true;
        self
    }
    /// `SIZE` of an empty file answers `213 File status`.
    pub fn size_of_empty_is_text(mut self) -> Self {
        self.tasks.size_of_empty_is_text = true;
        self
    }
    /// A listing of a missing path gets `451 ENOENT: ...`.
    pub fn missing_listing_451(mut self) -> Self {
        self.tasks.missing_listing_451 = true;
        self
    }
    /// No FEAT, SIZE, MDTM or NLST; PBSZ and PROT only after login.
    pub fn minimal_commands(mut self) -> Self {
        self.tasks.minimal = true;
        self
    }
}
