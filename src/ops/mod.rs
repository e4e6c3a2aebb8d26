//! Operations built on one [`Session`](crate::session::control::Session): list,
//! and the one per-file transfer routine ([`transfer`]) behind retrieve,
//! store and mirror. They report progress through [`Progress`] and never
//! print.

pub mod ascii;
mod conclude;
pub mod connections;
pub mod digest;
pub mod list;
pub mod mirror;
pub mod part;
pub mod remote;
pub mod remote_temp;
pub mod retrieve;
pub mod retry;
pub mod segments;
pub mod source;
pub mod store;
pub mod stream;
pub mod transfer;
pub mod watch;

/// Progress of one transfer; the CLI draws bars from it.
pub trait Progress {
    fn begin(&mut self, _name: &str, _total: Option<u64>) {}
    fn advance(&mut self, _bytes: u64) {}
    /// After the bytes moved, ftps waits for the server (`what` says for
    /// what and how long) until [`Progress::end`]: a server's digest of a
    /// big file can take minutes, which must not look like a hang.
    fn waiting(&mut self, _what: &str) {}
    fn end(&mut self) {}
}

/// For callers that want no progress reports.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Joins a remote directory and a name with exactly one `/`.
pub fn join_remote(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn joins_remote_paths() {
        assert_eq!(super::join_remote("", "a"), "a");
        assert_eq!(super::join_remote("d", "a"), "d/a");
        assert_eq!(super::join_remote("/d/", "a"), "/d/a");
    }
}
