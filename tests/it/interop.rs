//! The `ftps` binary against real servers: vsftpd (LIST only) and ProFTPD
//! (MLSD), each with explicit (`AUTH TLS`) and implicit FTPS, both requiring
//! TLS session reuse on data connections.
//!
//! Every case is a function `fn(Kind, bool)` run for the whole matrix by
//! `matrix!`; each test starts its own server instance, so they run in
//! parallel. Without the servers (not root, not installed) the tests print
//! `SKIP:` and pass, unless `FTPS_INTEROP=1`. The cases live in modules named
//! for what they test; this file only runs them, so every test keeps its
//! name `interop::<server>_<mode>::<case>`.

mod auth;
mod curl;
mod ftpsrv;
mod listing;
mod sessions;
mod support;
mod transfer;

use auth::{insecure, untrusted_certificate, wrong_password};
use curl::server_works_with_curl;
use listing::{ls_json, ls_long};
use sessions::{many_files, many_files_tls12};
use transfer::{missing_remote, refuses_overwrite, transfer_1mib, transfer_empty};

use crate::servers::Kind;

macro_rules! cases {
    ($kind:expr, $implicit:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                super::$case($kind, $implicit);
            }
        )*
    };
}

macro_rules! matrix {
    ($($case:ident),* $(,)?) => {
        mod vsftpd_explicit {
            cases!(crate::servers::Kind::Vsftpd, false; $($case),*);
        }
        mod vsftpd_implicit {
            cases!(crate::servers::Kind::Vsftpd, true; $($case),*);
        }
        mod proftpd_explicit {
            cases!(crate::servers::Kind::Proftpd, false; $($case),*);
        }
        mod proftpd_implicit {
            cases!(crate::servers::Kind::Proftpd, true; $($case),*);
        }
    };
}

matrix!(
    server_works_with_curl,
    ls_long,
    ls_json,
    transfer_1mib,
    transfer_empty,
    many_files,
    many_files_tls12,
    wrong_password,
    untrusted_certificate,
    insecure,
    missing_remote,
);

#[test]
fn refuses_overwrite_vsftpd() {
    refuses_overwrite(Kind::Vsftpd, false);
}

#[test]
fn refuses_overwrite_proftpd_implicit() {
    refuses_overwrite(Kind::Proftpd, true);
}
