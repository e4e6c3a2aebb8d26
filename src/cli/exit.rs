//! Exit codes, in one place. Documented in the README and the man page;
//! scripts depend on them, so they never change meaning.

use std::process::ExitCode;

use crate::error::{Error, ErrorKind};

pub const OK: u8 = 0;
pub const GENERAL: u8 = 1;
pub const USAGE: u8 = 2;
pub const CONNECTION: u8 = 3;
pub const TLS: u8 = 4;
pub const AUTH: u8 = 5;
pub const REMOTE_NOT_FOUND: u8 = 6;
pub const TRANSFER: u8 = 7;
pub const LOCAL: u8 = 8;
pub const PROTOCOL: u8 = 9;
/// Some items of a multi-file run failed and at least one succeeded (see [`items`]).
pub const PARTIAL: u8 = 10;
/// Another run holds the `--lock` file.
pub const LOCKED: u8 = 11;
/// `receipt verify`: the chain is broken (or, with `--files`, a file changed).
pub const RECEIPT_BROKEN: u8 = 12;
pub const INTERRUPTED: u8 = 130;

pub fn for_kind(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Usage => USAGE,
        ErrorKind::Connection => CONNECTION,
        ErrorKind::Tls => TLS,
        ErrorKind::Auth => AUTH,
        ErrorKind::RemoteNotFound => REMOTE_NOT_FOUND,
        ErrorKind::Transfer => TRANSFER,
        ErrorKind::Local => LOCAL,
        ErrorKind::Protocol => PROTOCOL,
        ErrorKind::Interrupted => INTERRUPTED,
    }
}

/// The code for an error from anywhere below the CLI: the first library
/// error in the chain decides; anything else is a general failure.
pub fn for_error(err: &anyhow::Error) -> u8 {
    if err.chain().any(|e| e.is::<super::lock::Locked>()) {
        return LOCKED;
    }
    err.chain().find_map(|e| e.downcast_ref::<Error>()).map(|e| for_kind(e.kind())).unwrap_or(GENERAL)
}

/// The one partial-failure rule, for every command that handles several
/// items (files, listings, script lines): 0 when nothing failed; 10 when
/// something failed and at least one item succeeded; otherwise the first
/// failure's own code, so a run in which everything failed says why.
pub fn items(succeeded: u64, first_failure: Option<u8>) -> u8 {
    match first_failure {
        None => OK,
        Some(_) if succeeded > 0 => PARTIAL,
        Some(code) => code,
    }
}

pub fn code(c: u8) -> ExitCode {
    ExitCode::from(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_only_when_something_succeeded() {
        assert_eq!(items(0, None), OK);
        assert_eq!(items(5, None), OK);
        assert_eq!(items(3, Some(TRANSFER)), PARTIAL);
        assert_eq!(items(0, Some(TRANSFER)), TRANSFER);
        assert_eq!(items(0, Some(REMOTE_NOT_FOUND)), REMOTE_NOT_FOUND);
    }
}
