//! What every prompt command shares: where it writes, what it reports back,
//! and a failure that carries its own exit code. Apart from `exec` (the
//! dispatcher) so that the command modules do not import their own caller.

use std::io::Write;

use crate::cli::exit;

/// Where a command writes and how it asks.
pub struct Io<'o> {
    /// Command output (listings, sizes, replies): stdout, or a buffer in `--json` mode.
    pub out: &'o mut dyn Write,
    /// Asks a yes/no question at the prompt; never called in batch mode.
    pub confirm: &'o mut dyn FnMut(&str) -> bool,
}

/// A command's result.
#[derive(Debug, Default, Clone)]
pub struct Done {
    /// Bytes transferred.
    pub bytes: u64,
    /// `exit`: stop with this code.
    pub exit: Option<u8>,
    /// One file's `get`/`put`: what proves it (for `batch --json`).
    pub proof: Option<Proof>,
}

/// A transferred file's digest, and what the server confirmed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Proof {
    pub sha256: Option<String>,
    pub verified: Option<crate::receipt::VerifiedField>,
    /// How many connections moved it, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<crate::ops::connections::Connections>,
}

impl Proof {
    pub fn of(ev: &crate::ops::transfer::Evidence) -> Proof {
        Proof {
            sha256: ev.sha256.clone(),
            verified: ev
                .verified
                .as_ref()
                .map(|v| crate::receipt::VerifiedField { algo: v.algo.name().into(), server: v.server.clone() }),
            segments: ev.segments.clone(),
        }
    }
}

impl Done {
    pub fn bytes(bytes: u64) -> Self {
        Done { bytes, exit: None, proof: None }
    }
}

/// A failure that carries its own exit code (e.g. partial `mget`).
#[derive(Debug)]
pub struct Failed {
    pub code: u8,
    pub message: String,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failed {}

/// The exit code a failed command stands for.
pub fn code_for(err: &anyhow::Error) -> u8 {
    match err.chain().find_map(|e| e.downcast_ref::<Failed>()) {
        Some(f) => f.code,
        None => exit::for_error(err),
    }
}
