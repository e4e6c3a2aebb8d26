//! One integration-test binary (faster to link than one per file) with a
//! small shared harness. Every test drives the real `ftps` binary.

// clippy.toml keeps the binary's own output on crate::cli::term; test
// diagnostics are not terminal output of ftps.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

mod active;
mod active_ipv6;
mod active_matrix;
mod adaptive;
mod ascii;
mod auth;
mod certs;
mod client_certs;
mod compress;
mod compress_upload;
mod deadlines;
mod digest_wait;
mod edge;
mod eplf;
mod every_server;
mod fake;
mod faulty;
mod generated;
mod harness;
mod inject;
mod interop;
mod ipv6;
mod many;
mod mirror;
mod modes;
mod nothing_lost;
mod oneshot;
mod probe;
mod proxy;
mod proxy_hostile;
mod rate;
mod receipts;
mod resume;
mod secret_commands;
mod segments;
mod segments_report;
mod segments_up;
mod servers;
mod shell;
mod sites;
mod tls13only;
mod trust;
mod trust_cmd;
mod upload_checks;
mod uploads;
mod verify;
mod watch;
