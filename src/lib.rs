//! `ftps`: a blocking FTPS client library and its command-line front end.
//!
//! Layers, bottom up: [`wire`] (bytes) → [`stream`] (TCP/TLS) → [`session`]
//! (control-channel driver, data connections) → [`ops`] (list, retrieve,
//! store, mirror) → `cli`. Nothing below `cli` prints, prompts or exits.
//! [`error`], the one error type, sits beside [`wire`] at the bottom (it
//! names a wire `Reply`, nothing above); [`certinfo`], the certificate facts
//! a TLS error carries, uses no other module.
#![forbid(unsafe_code)]

pub mod certinfo;
pub mod error;
pub mod listing;
pub mod netrc;
pub mod wire;

pub use error::{Error, ErrorKind, Phase, Remedy, Result};
pub mod cli;
pub mod ops;
pub mod ratelimit;
pub mod receipt;
pub mod secret;
pub mod session;
pub mod stream;
pub mod tls;
pub mod url;
