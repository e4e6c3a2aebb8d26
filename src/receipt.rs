//! Receipts: one JSON line per transferred file, hash-chained.
//!
//! Each line's `prev` is the SHA-256 (hex) of the previous line's bytes
//! (without its line feed; the first line's is 64 zeros), so editing,
//! dropping or reordering any earlier line breaks the chain at the next one.
//! Appending holds an exclusive lock on the file, so two processes writing
//! one receipt neither interleave lines nor fork the chain; each line is
//! flushed to disk before the lock is released, so a crash loses no
//! finished record.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ops::digest::{Hasher, Verified};
use crate::ops::transfer::Evidence;
use crate::wire::digest::Algo;

/// The chain's start: what the first line's `prev` holds.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Longest line `verify` reads (and `append` looks back for); longer ones
/// are reported, not buffered.
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

/// One line. Field order is the order written.
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
    /// SHA-256 of the previous line (see the module docs).
    pub prev: String,
}

impl Record {
    /// A record for a finished transfer; `prev` is filled in by [`append`].
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
            prev: String::new(),
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    let mut h = Hasher::new(&[Algo::Sha256]);
    h.update(bytes);
    h.finish().pop().map(|(_, hex)| hex).unwrap_or_default()
}

/// Appends `record` to the receipt at `path` (created, owner-only, when
/// missing), chained to the last line, under an exclusive lock.
pub fn append(path: &Path, record: &mut Record) -> Result<()> {
    let err = |action, e| Error::Local { action, path: path.into(), source: e };
    let mut opts = OpenOptions::new();
    opts.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts.open(path).map_err(|e| err("open receipt", e))?;
    file.lock().map_err(|e| err("lock receipt", e))?;
    record.prev = match last_line(&mut file).map_err(|e| err("read receipt", e))? {
        Some(line) => sha256_hex(&line),
        None => GENESIS.into(),
    };
    let mut line = serde_json::to_vec(record).map_err(|e| err("write receipt", io::Error::other(e)))?;
    line.push(b'\n');
    file.write_all(&line).map_err(|e| err("write receipt", e))?;
    file.sync_data().map_err(|e| err("flush receipt to disk", e))?;
    file.unlock().map_err(|e| err("unlock receipt", e))
}

/// The last line's bytes (without its line feed), found by reading
/// backwards from the end; `None` for an empty file.
fn last_line(file: &mut File) -> io::Result<Option<Vec<u8>>> {
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok(None);
    }
    let window = len.min(MAX_LINE as u64 + 1);
    file.seek(SeekFrom::Start(len - window))?;
    let mut tail = Vec::with_capacity(window as usize);
    file.take(window).read_to_end(&mut tail)?;
    let body = tail.strip_suffix(b"\n").unwrap_or(&tail);
    match body.iter().rposition(|&b| b == b'\n') {
        Some(i) => Ok(Some(body.get(i + 1..).unwrap_or_default().to_vec())),
        None if window == len => Ok(Some(body.to_vec())),
        None => Err(io::Error::other(format!("its last line is longer than {MAX_LINE} bytes"))),
    }
}

/// What `receipt verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Lines read (up to and including a broken one).
    pub lines: u64,
    /// The first broken line (1-based) and why.
    pub broken: Option<(u64, String)>,
}

/// Checks the chain; with `files`, also that every record's local file
/// still has its recorded SHA-256.
pub fn verify(path: &Path, files: bool) -> Result<Report> {
    let err = |e| Error::Local { action: "read receipt", path: path.into(), source: e };
    let file = File::open(path).map_err(err)?;
    let mut reader = BufReader::new(file);
    let mut expected = GENESIS.to_string();
    let mut n = 0u64;
    loop {
        let mut line = Vec::new();
        let read = (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line).map_err(err)?;
        if read == 0 {
            return Ok(Report { lines: n, broken: None });
        }
        n += 1;
        let broken = |why: String| Ok(Report { lines: n, broken: Some((n, why)) });
        let Some(body) = line.strip_suffix(b"\n") else {
            if line.len() > MAX_LINE {
                return broken(format!("longer than {MAX_LINE} bytes"));
            }
            return broken("the last line is incomplete (no line feed): a torn write".into());
        };
        let record: Record = match serde_json::from_slice(body) {
            Ok(r) => r,
            Err(e) => return broken(format!("not a receipt record: {e}")),
        };
        if record.prev != expected {
            return broken(format!(
                "prev is {} but the line before hashes to {expected}: an earlier line was edited, removed or moved",
                record.prev
            ));
        }
        if files && let Some(why) = file_problem(&record) {
            return broken(why);
        }
        expected = sha256_hex(body);
    }
}

fn file_problem(r: &Record) -> Option<String> {
    let want = r.sha256.as_deref()?;
    let path = PathBuf::from(&r.local);
    let mut f = match File::open(&path) {
        Ok(f) => f,
        Err(e) => return Some(format!("{}: {e}", r.local)),
    };
    let mut h = Hasher::new(&[Algo::Sha256]);
    if let Err(e) = h.update_from(&mut f, u64::MAX) {
        return Some(format!("{}: {e}", r.local));
    }
    let got = h.finish().pop().map(|(_, hex)| hex).unwrap_or_default();
    (got != want).then(|| format!("{} now has SHA-256 {got}, the receipt says {want}", r.local))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(local: &Path, sha: Option<String>) -> Record {
        let ev = Evidence { sha256: sha, control_cert_sha256: Some("sha256:ab".into()), ..Evidence::default() };
        Record::new("get", "ftps://u@h:990/f".into(), local, 3, &ev)
    }

    #[test]
    fn chain_detects_edits_drops_and_reordering() {
        let dir = tempfile::tempdir().unwrap();
        let receipt = dir.path().join("r.jsonl");
        for i in 0..3 {
            let mut r = record(&dir.path().join(format!("f{i}")), None);
            append(&receipt, &mut r).unwrap();
        }
        assert_eq!(verify(&receipt, false).unwrap(), Report { lines: 3, broken: None });
        let text = std::fs::read_to_string(&receipt).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].contains(&format!("\"prev\":\"{GENESIS}\"")));
        assert!(lines[0].contains("\"server_cert_sha256\":\"ab\""));

        let edited = text.replacen("f0", "fX", 1);
        std::fs::write(&receipt, &edited).unwrap();
        assert_eq!(verify(&receipt, false).unwrap().broken.unwrap().0, 2);

        std::fs::write(&receipt, format!("{}\n{}\n", lines[0], lines[2])).unwrap();
        assert_eq!(verify(&receipt, false).unwrap().broken.unwrap().0, 2);

        std::fs::write(&receipt, format!("{}\n{}\n{}\n", lines[1], lines[0], lines[2])).unwrap();
        assert_eq!(verify(&receipt, false).unwrap().broken.unwrap().0, 1);

        std::fs::write(&receipt, format!("{}\n{}", lines[0], &lines[1][..10])).unwrap();
        assert!(verify(&receipt, false).unwrap().broken.unwrap().1.contains("torn"));
    }

    #[test]
    fn files_are_checked_against_their_digest() {
        let dir = tempfile::tempdir().unwrap();
        let receipt = dir.path().join("r.jsonl");
        let f = dir.path().join("f");
        std::fs::write(&f, b"abc").unwrap();
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".to_string();
        append(&receipt, &mut record(&f, Some(abc))).unwrap();
        assert!(verify(&receipt, true).unwrap().broken.is_none());
        std::fs::write(&f, b"abd").unwrap();
        assert!(verify(&receipt, false).unwrap().broken.is_none());
        let why = verify(&receipt, true).unwrap().broken.unwrap().1;
        assert!(why.contains("the receipt says"), "{why}");
    }

    #[test]
    fn concurrent_appends_keep_one_chain() {
        let dir = tempfile::tempdir().unwrap();
        let receipt = dir.path().join("r.jsonl");
        std::thread::scope(|s| {
            for t in 0..4 {
                let receipt = &receipt;
                let dir = dir.path();
                s.spawn(move || {
                    for i in 0..25 {
                        append(receipt, &mut record(&dir.join(format!("t{t}-{i}")), None)).unwrap();
                    }
                });
            }
        });
        assert_eq!(verify(&receipt, false).unwrap(), Report { lines: 100, broken: None });
    }
}
