//! The session layer: one control connection and the data connections it
//! opens. It sits between [`stream`](crate::stream) (sockets and TLS) and
//! [`ops`](crate::ops) (what a command does), so protocol state — login,
//! the server's features, TLS ticket policy, pipelining, the trace — lives
//! in one place and operations only ever talk to a [`control::Session`].
pub mod compress;
pub mod control;
pub mod data;
pub mod trace;
