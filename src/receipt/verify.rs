//! Checking a receipt: signatures, sequence, chain, and an anchored head.
//!
//! What a pass proves depends on what the caller trusts: with the signer's
//! public key (or its fingerprint), that every record was written by the
//! holder of that key, in this order, none removed or inserted between the
//! first and the last; with a head (the hash of a record stored elsewhere),
//! also that nothing up to that record was removed from the end. Without
//! either, only that the file is internally consistent: whoever could write
//! it could have rewritten and re-signed all of it with a key of their own.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::chain::{self, Line};
use super::sign::PublicKey;
use super::{GENESIS, MAX_LINE};
use crate::error::{Error, Result};
use crate::ops::digest::Hasher;
use crate::wire::digest::Algo;

/// Whose signatures count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signer {
    Key(PublicKey),
    /// `sha256:HEX`, as [`PublicKey::fingerprint`] writes it.
    Fingerprint(String),
    /// Any one key, as long as every record has the same.
    Unknown,
}

/// What to check.
#[derive(Debug, Clone)]
pub struct Check {
    pub signer: Signer,
    /// The hash (hex) of a record the user stored elsewhere.
    pub head: Option<String>,
    /// Also that every record's local file still has its recorded SHA-256.
    pub files: bool,
}

/// The first problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: u64,
    pub why: String,
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Lines read (up to and including a broken one).
    pub lines: u64,
    /// Whole records that passed.
    pub records: u64,
    /// Lines that were torn writes (skipped, no record).
    pub torn: Vec<u64>,
    /// The key that signed the records.
    pub signer: Option<PublicKey>,
    /// The hash of the last record: what to store elsewhere as the head.
    pub head: Option<String>,
    /// The `seq` of the record the given head names.
    pub anchored: Option<u64>,
    pub broken: Option<Broken>,
}

/// A head as the user may give it: 64 hex digits, optionally `sha256:`-prefixed.
pub fn parse_head(text: &str) -> Option<String> {
    let hex = text.trim().strip_prefix("sha256:").unwrap_or(text.trim()).to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// A key fingerprint as the user may give it: `sha256:HEX` or bare hex.
pub fn parse_fingerprint(text: &str) -> Option<String> {
    parse_head(text).map(|hex| format!("sha256:{hex}"))
}

/// Checks the receipt at `path` as `check` says.
pub fn verify(path: &Path, check: &Check) -> Result<Report> {
    let err = |e| Error::Local { action: "read the receipt", path: path.into(), source: e };
    let mut reader = BufReader::new(File::open(path).map_err(err)?);
    let mut report = Report::default();
    let mut prev = GENESIS.to_string();
    let mut last_record_line = 0;
    loop {
        let mut line = Vec::new();
        let read = (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line).map_err(err)?;
        if read == 0 {
            break;
        }
        report.lines += 1;
        let n = report.lines;
        let body = match line.strip_suffix(b"\n") {
            Some(body) => body,
            None if line.len() > MAX_LINE => return Ok(report.broken(n, format!("longer than {MAX_LINE} bytes"))),
            // The last line, cut short: a torn write.
            None => {
                report.torn.push(n);
                continue;
            }
        };
        let why = match chain::parse(body) {
            Line::Torn => {
                report.torn.push(n);
                continue;
            }
            Line::Signed { stored, message } => match check_record(&report, check, &stored, &message, &prev) {
                Some(why) => why,
                None => {
                    if check.files
                        && let Some(why) = file_problem(&stored.record)
                    {
                        return Ok(report.broken(n, why));
                    }
                    prev = chain::sha256_hex(body);
                    report.records = stored.seq;
                    report.signer = PublicKey::parse(&stored.pubkey);
                    if check.head.as_deref() == Some(prev.as_str()) {
                        report.anchored = Some(stored.seq);
                    }
                    last_record_line = n;
                    continue;
                }
            },
            Line::Unsigned => "an unsigned record of an older ftps (format version 1): it proves nothing, as anyone \
                               can rewrite an unsigned chain end to end; only signed receipts (version 2) verify"
                .into(),
            Line::Newer(v) => format!("a record of format version {v}, newer than this ftps reads"),
            Line::Malformed(why) => format!("not a valid receipt record: {why}"),
        };
        return Ok(report.broken(n, why));
    }
    if report.records > 0 {
        report.head = Some(prev.clone());
    }
    let end = match (&check.head, report.anchored, report.records) {
        (Some(_), _, 0) => Some("it holds no record, but a head was anchored: its records were removed".into()),
        (None, _, 0) => {
            Some("it holds no record: nothing proves anything (if it held records, they were removed)".into())
        }
        (Some(_), None, n) => Some(format!(
            "the anchored head is not the hash of any record here: records were removed from the end, or \
             the file was replaced; its last record (record {n}, line {last_record_line}) hashes to {prev}"
        )),
        _ => None,
    };
    let line = if report.records == 0 { 0 } else { last_record_line };
    Ok(match end {
        Some(why) => report.broken(line, why),
        None => report,
    })
}

impl Report {
    fn broken(mut self, line: u64, why: String) -> Report {
        self.broken = Some(Broken { line, why });
        self
    }
}

/// Why one signed record does not pass, if it does not.
fn check_record(report: &Report, check: &Check, stored: &chain::Stored, message: &[u8], prev: &str) -> Option<String> {
    let Some(public) = PublicKey::parse(&stored.pubkey) else {
        return Some("its pubkey is not an Ed25519 public key".into());
    };
    let fingerprint = public.fingerprint();
    if stored.key != fingerprint {
        return Some(format!("its key {} is not the fingerprint of its pubkey ({fingerprint})", stored.key));
    }
    let foreign = match &check.signer {
        Signer::Key(k) if *k != public => Some(k.fingerprint()),
        Signer::Fingerprint(f) if *f != fingerprint => Some(f.clone()),
        Signer::Unknown => report.signer.filter(|s| *s != public).map(|s| s.fingerprint()),
        _ => None,
    };
    if let Some(want) = foreign {
        let whose = if check.signer == Signer::Unknown { "the records before it" } else { "the key you trust" };
        return Some(format!("it is signed by key {fingerprint}, not by {want} ({whose})"));
    }
    if !stored.sig.as_deref().is_some_and(|sig| public.verifies(message, sig)) {
        return Some("its signature does not verify: the record was changed after it was signed".into());
    }
    let want = report.records + 1;
    if stored.seq != want {
        return Some(format!(
            "it is record {} where record {want} must follow: records were removed, inserted or reordered",
            stored.seq
        ));
    }
    if stored.prev != prev {
        return Some(format!(
            "its prev is {} but the record before it hashes to {prev}: records were removed, inserted or reordered",
            stored.prev
        ));
    }
    None
}

fn file_problem(r: &super::Record) -> Option<String> {
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
