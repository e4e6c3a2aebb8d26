//! The bottom layer: FTP commands and replies as bytes, nothing else.
//! No sockets, no TLS, no printing: just rendering and parsing.

pub mod command;
pub mod digest;
pub mod features;
pub mod fit;
pub mod reply;
pub mod text;

pub use command::Command;
pub use reply::{Due, Reply, ReplyReader};
