//! One integration-test binary (faster to link than one per file) with a
//! small shared harness. Every test drives the real `ftps` binary.

mod auth;
mod certs;
mod deadlines;
mod edge;
mod fake;
mod generated;
mod harness;
mod interop;
mod mirror;
mod nothing_lost;
mod resume;
mod servers;
mod shell;
mod tls13only;
mod trust;
