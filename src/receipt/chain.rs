//! How records sit in the file, and appending one.
//!
//! A line is one JSON object: `v` (the format version, 2), `seq` (1, 2, …),
//! the [`Record`] fields, `prev` (SHA-256 hex of the previous record's line,
//! without its line feed; 64 zeros for record 1), `key` (the signer's
//! fingerprint), `pubkey` (its public key, hex) and last `sig`: the Ed25519
//! signature over exactly the line's bytes without `,"sig":"…"`. So every
//! byte of a record, including its place in the chain, is signed.
//!
//! A line that is not JSON at all is a torn write (a crash mid-append): no
//! record, reported, skipped. The writer never builds on one: it ends the
//! torn line and links the new record to the last whole one.
//!
//! Appending holds an exclusive lock on the file (opened with O_APPEND),
//! so two processes writing one receipt neither interleave lines nor fork
//! the chain; each line is synced before the lock is released, so a crash
//! loses no finished record.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::sign::{PublicKey, SigningKey};
use super::{GENESIS, MAX_LINE, Record};
use crate::error::{Error, Result};

/// The record format this ftps writes. Version 1 (no `v`) was unsigned.
pub const VERSION: u64 = 2;

/// How far back from the end the writer looks for the last whole record:
/// first, and at most.
const FIRST_WINDOW: u64 = 16 * 1024;
const TAIL_WINDOW: u64 = 4 * MAX_LINE as u64;

/// One line as stored (see the module docs for the order).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Stored {
    pub v: u64,
    pub seq: u64,
    #[serde(flatten)]
    pub record: Record,
    pub prev: String,
    pub key: String,
    pub pubkey: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<String>,
}

/// What one line of a receipt is.
pub(super) enum Line {
    /// A version-2 record and the bytes its signature covers.
    Signed { stored: Box<Stored>, message: Vec<u8> },
    /// A version-1 record: hash-chained, unsigned.
    Unsigned,
    /// A record of a format version this ftps does not know.
    Newer(u64),
    /// JSON, but not a record (or its signature is not where it must be).
    Malformed(String),
    /// Not JSON: a write cut short.
    Torn,
}

pub(super) fn parse(body: &[u8]) -> Line {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else { return Line::Torn };
    let Some(object) = value.as_object() else { return Line::Malformed("not a JSON object".into()) };
    match object.get("v").map(serde_json::Value::as_u64) {
        None if object.contains_key("prev") => return Line::Unsigned,
        None => return Line::Malformed("it has no format version (v)".into()),
        Some(Some(VERSION)) => {}
        Some(Some(v)) if v > VERSION => return Line::Newer(v),
        Some(_) => return Line::Malformed("its format version (v) is not one ftps wrote".into()),
    }
    let stored: Stored = match serde_json::from_value(value) {
        Ok(s) => s,
        Err(e) => return Line::Malformed(e.to_string()),
    };
    let Some(sig) = stored.sig.as_deref() else { return Line::Malformed("it has no signature (sig)".into()) };
    let suffix = format!(",\"sig\":\"{sig}\"}}");
    match body.strip_suffix(suffix.as_bytes()) {
        Some(rest) => {
            let message = [rest, b"}"].concat();
            Line::Signed { stored: Box::new(stored), message }
        }
        None => Line::Malformed("its signature (sig) is not its last field".into()),
    }
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    crate::ops::digest::hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// Appends signed records to one receipt file.
pub struct Writer {
    path: PathBuf,
    key: Arc<SigningKey>,
}

/// Where the next record goes.
struct Tail {
    /// The last whole record's `seq` (0: none yet).
    seq: u64,
    /// The hash the next record's `prev` holds.
    prev: String,
    /// The file ends inside a line (a torn write).
    torn_end: bool,
}

impl Writer {
    /// A writer for `path`, checked before anything is transferred: an
    /// existing receipt must end in a record this key signed (one started
    /// by another key, or by an older unsigned ftps, cannot be continued).
    pub fn open(path: &Path, key: Arc<SigningKey>) -> Result<Writer> {
        let writer = Writer { path: path.into(), key };
        match File::open(path) {
            Ok(mut file) => {
                writer.tail(&mut file)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(writer.local("read the receipt", e)),
        }
        Ok(writer)
    }

    pub fn public(&self) -> PublicKey {
        self.key.public()
    }

    fn local(&self, action: &'static str, e: io::Error) -> Error {
        Error::Local { action, path: self.path.clone(), source: e }
    }

    fn refuse(&self, why: String) -> Error {
        self.local("continue the receipt", io::Error::other(format!("{why}; write receipts to a new file")))
    }

    /// Appends `record` (the file is created, owner-only, when missing),
    /// signed and chained to the last whole record, under an exclusive lock.
    pub fn append(&self, record: &Record) -> Result<()> {
        let mut opts = OpenOptions::new();
        opts.read(true).append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut file = opts.open(&self.path).map_err(|e| self.local("open the receipt", e))?;
        file.lock().map_err(|e| self.local("lock the receipt", e))?;
        let tail = self.tail(&mut file)?;
        let public = self.key.public();
        let stored = Stored {
            v: VERSION,
            seq: tail.seq + 1,
            record: record.clone(),
            prev: tail.prev,
            key: public.fingerprint(),
            pubkey: public.hex(),
            sig: None,
        };
        let unsigned = serde_json::to_vec(&stored).map_err(|e| self.local("write the receipt", io::Error::other(e)))?;
        let sig = self.key.sign(&unsigned);
        let mut line = Vec::with_capacity(unsigned.len() + 160);
        if tail.torn_end {
            line.push(b'\n');
        }
        line.extend_from_slice(unsigned.strip_suffix(b"}").unwrap_or(&unsigned));
        line.extend_from_slice(format!(",\"sig\":\"{sig}\"}}\n").as_bytes());
        file.write_all(&line).map_err(|e| self.local("write the receipt", e))?;
        file.sync_data().map_err(|e| self.local("flush the receipt to disk", e))?;
        file.unlock().map_err(|e| self.local("unlock the receipt", e))
    }

    /// The last whole record, found reading backwards from the end past
    /// torn lines; it must be one this key signed. Reads a little first (a
    /// record is under a kilobyte) and more only when that holds none, so
    /// an append costs the same in a long receipt as in a short one.
    fn tail(&self, file: &mut File) -> Result<Tail> {
        let len = file.seek(SeekFrom::End(0)).map_err(|e| self.local("read the receipt", e))?;
        let mut window = len.min(FIRST_WINDOW);
        loop {
            if let Some(tail) = self.tail_in(file, len, window)? {
                return Ok(tail);
            }
            if window >= TAIL_WINDOW {
                return Err(self.refuse(format!("its last {window} bytes hold no whole record")));
            }
            window = len.min(window * 4);
        }
    }

    /// The last whole record within the last `window` bytes, if there is one
    /// (or the start of the file is in the window).
    fn tail_in(&self, file: &mut File, len: u64, window: u64) -> Result<Option<Tail>> {
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(len - window))
            .and_then(|_| file.take(window).read_to_end(&mut bytes))
            .map_err(|e| self.local("read the receipt", e))?;
        let torn_end = bytes.last().is_some_and(|&b| b != b'\n');
        let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        if window < len && !lines.is_empty() {
            lines.remove(0); // starts mid-line
        }
        for line in lines.iter().rev().filter(|l| !l.is_empty()) {
            match parse(line) {
                Line::Torn => continue,
                Line::Signed { stored, message } => {
                    let public = self.key.public();
                    if PublicKey::parse(&stored.pubkey) != Some(public) {
                        return Err(self.refuse(format!(
                            "its last record is signed by another key ({}), not this run's ({})",
                            stored.key,
                            public.fingerprint()
                        )));
                    }
                    if !stored.sig.as_deref().is_some_and(|s| public.verifies(&message, s)) {
                        return Err(self.refuse("its last record's signature does not verify (it was altered)".into()));
                    }
                    return Ok(Some(Tail { seq: stored.seq, prev: sha256_hex(line), torn_end }));
                }
                Line::Unsigned => {
                    return Err(self.refuse(
                        "it holds unsigned records of an older ftps (format version 1), which a signed chain \
                         cannot continue"
                            .into(),
                    ));
                }
                Line::Newer(v) => {
                    return Err(self.refuse(format!("its last record has format version {v}, newer than this ftps")));
                }
                Line::Malformed(why) => return Err(self.refuse(format!("its last record is not valid: {why}"))),
            }
        }
        Ok((window == len).then_some(Tail { seq: 0, prev: GENESIS.into(), torn_end }))
    }
}
