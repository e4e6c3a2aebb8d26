//! One integration-test binary (faster to link than one per file) with a
//! small shared harness. Every test drives the real `ftps` binary.

mod certs;
mod harness;
mod servers;
mod fake;
mod interop;
mod edge;
mod generated;
