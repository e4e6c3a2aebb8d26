//! Receipts: one signed JSON line per transferred file, hash-chained.
//!
//! Plain hashes prove nothing to someone who can rewrite the file: they
//! recompute them. So each record is signed with a key only the sender
//! holds ([`sign`]), numbered and chained to the one before ([`chain`]);
//! [`verify`] checks all of it against a public key the user trusts and,
//! against truncation, a head the user stored elsewhere.

mod chain;
pub mod sign;
#[cfg(test)]
mod tests;
mod verify;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::ops::digest::Verified;
use crate::ops::transfer::Evidence;

pub use chain::{VERSION, Writer};
pub use verify::{Broken, Check, Report, Signer, parse_fingerprint, parse_head, verify};

/// The chain's start: what the first line's `prev` holds.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Longest line `verify` reads; longer ones are reported, not buffered.
const MAX_LINE: usize = 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct VerifiedField {
    pub algo: String,
    pub server: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TlsField {
    pub version: String,
    pub cipher: String,
    pub resumed: bool,
}

/// What one record says about one transfer (the chain fields around it
/// are [`chain`]'s). Field order is the order written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    /// RFC 3339, UTC.
    pub time: String,
    /// `get` or `put`.
    pub op: String,
    /// The remote file's URL, never with a password.
    pub remote: String,
    /// Absolute local path.
    pub local: String,
    pub bytes: u64,
    /// SHA-256 of the whole file, computed by ftps.
    pub sha256: Option<String>,
    /// What the server confirmed, when it did.
    pub verified: Option<VerifiedField>,
    /// The data connection's TLS.
    pub tls: Option<TlsField>,
    /// Fingerprint of the server certificate (the control connection's; the
    /// data connection presented the same one, or `data_cert_sha256` says which).
    pub server_cert_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_cert_sha256: Option<String>,
    pub elapsed_ms: u64,
}

impl Record {
    /// A record for a finished transfer.
    pub fn new(op: &str, remote: String, local: &Path, bytes: u64, evidence: &Evidence) -> Record {
        let local = std::path::absolute(local).unwrap_or_else(|_| local.to_path_buf());
        let strip = |fp: String| fp.strip_prefix("sha256:").map(str::to_string).unwrap_or(fp);
        let control_cert = evidence.control_cert_sha256.clone().map(strip);
        let data_cert = evidence.data_cert_sha256.clone().map(strip);
        Record {
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            op: op.into(),
            remote,
            local: local.to_string_lossy().into_owned(),
            bytes,
            sha256: evidence.sha256.clone(),
            verified: evidence
                .verified
                .as_ref()
                .map(|Verified { algo, server }| VerifiedField { algo: algo.name().into(), server: server.clone() }),
            tls: evidence.tls.as_ref().map(|t| TlsField {
                version: t.version.clone(),
                cipher: t.cipher.clone(),
                resumed: t.resumed,
            }),
            data_cert_sha256: data_cert.clone().filter(|d| control_cert.as_ref().is_some_and(|c| c != d)),
            server_cert_sha256: control_cert.or(data_cert),
            elapsed_ms: u64::try_from(evidence.elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }
}
