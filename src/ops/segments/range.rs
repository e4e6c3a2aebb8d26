//! One ranged read on one session: `REST offset` + `RETR`, the bytes
//! written at their offset into the shared `.part` for as long as the
//! claim lasts, then the data connection closed early. Servers answer an
//! early close with `426`/`451` (vsftpd logs it as a failed download):
//! that is the normal end of a ranged read, not an error.

use std::fs::File;
use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::plan::{Board, ClaimId};
use super::runner::Mover;
use super::state::{self, State};
use crate::error::{Error, Result};
use crate::ops::transfer::writeback::Behind;
use crate::session::control::Session;
use crate::wire::Command;

/// What stops the data stream once the claim is full: not a failure.
#[derive(Debug)]
struct ClaimFull;

impl std::fmt::Display for ClaimFull {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the range is complete")
    }
}

impl std::error::Error for ClaimFull {}

/// Writes a stream into one claim of the board, at the claim's position;
/// past the claim's end (which may shrink while it runs) it refuses with
/// [`ClaimFull`].
struct ClaimSink<'a> {
    board: &'a Mutex<Board>,
    id: ClaimId,
    file: &'a File,
    written: &'a AtomicU64,
    behind: Option<Behind>,
}

impl Write for ClaimSink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Under the lock, so an idle connection halving this claim sees
        // every byte already written.
        let mut board = self.board.lock().unwrap_or_else(|p| p.into_inner());
        let Some(c) = board.claim(self.id) else { return Err(io::Error::other(ClaimFull)) };
        let n = usize::try_from(c.left()).unwrap_or(usize::MAX).min(buf.len());
        if n == 0 {
            return Err(io::Error::other(ClaimFull));
        }
        write_at(self.file, buf.get(..n).unwrap_or_default(), c.pos)?;
        // Write-back as a whole-file download starts it (a claim's bytes
        // are one contiguous run), so the checkpoints' and the final
        // `fsync` find little left to write.
        let behind = self.behind.get_or_insert_with(|| Behind::new(c.pos));
        behind.wrote(self.file, n as u64);
        board.advance(self.id, n as u64);
        self.written.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, at)
}

#[cfg(not(unix))]
fn write_at(file: &File, buf: &[u8], at: u64) -> io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let mut f = file;
    f.seek(SeekFrom::Start(at))?;
    f.write_all(buf)
}

fn is_claim_full(e: &Error) -> bool {
    matches!(e, Error::Local { source, .. } if source.get_ref().is_some_and(|e| e.is::<ClaimFull>()))
}

/// Makes the next `RETR` on `s` start at `start` and, where the server
/// offers `RANG STREAM`, end before `end`: `RANG start end-1` (inclusive;
/// ProFTPD keeps it across `EPSV`, measured), so the server sends exactly
/// the range and ends with `226`. Elsewhere `REST start`, and the caller
/// closes the data connection when the range is complete.
fn limit(s: &mut Session, start: u64, end: u64) -> Result<()> {
    if s.features.rang_stream && end > start {
        s.restart_at(0);
        s.expect(Command::Raw(format!("RANG {start} {}", end - 1)), &[350]).map(|_| ())
    } else {
        s.restart_at(start);
        Ok(())
    }
}

/// How long the verdict on a ranged read ended early may take before the
/// control connection is replaced instead (seen: two 30 s waits through a
/// relay that kept the server's side of the data connection open).
const EARLY_END_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Fetches claim `id` of `remote` on `s` until the claim is full. `Ok`
/// only when it is; the claim stays on the board either way (the caller
/// releases it).
pub fn fetch(
    s: &mut Session,
    remote: &str,
    board: &Mutex<Board>,
    id: ClaimId,
    file: &File,
    written: &AtomicU64,
) -> Result<()> {
    let (start, end) = board.lock().unwrap_or_else(|p| p.into_inner()).claim(id).map_or((0, 0), |c| (c.pos, c.end));
    limit(s, start, end)?;
    let label = format!("RETR {remote}");
    let mut data = s.open_data(Command::Retr(remote.into()))?;
    let mut sink = ClaimSink { board, id, file, written, behind: None };
    match data.read_into(&mut sink, None, &mut |_| {}) {
        Ok(_) => {
            // The file ended: fine only when that was the claim's end too.
            let closed = data.finish_read();
            s.finish_data(&label)?;
            drop(closed);
            let left = board.lock().unwrap_or_else(|p| p.into_inner()).claim(id).map_or(0, |c| c.left());
            if left > 0 {
                return Err(Error::Transfer(format!(
                    "{remote}: the data ended {left} bytes before the end of the range starting at {start}; \
                     the remote file may have shrunk"
                )));
            }
            Ok(())
        }
        Err(e) if is_claim_full(&e) => {
            // Dropping the socket with unread data resets it: the server
            // stops sending at once and says so on the control connection.
            drop(data);
            match s.finish_data_within(&label, EARLY_END_WAIT) {
                Ok(_) => Ok(()),
                Err(Error::Remote { reply, .. }) if matches!(reply.code, 426 | 450 | 451) => Ok(()),
                // The range is whole; only the server's verdict is missing,
                // and a late one would answer the next command: start afresh.
                Err(Error::Timeout { .. }) => s.reconnect_same(),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// A segmented download's part for the runner: ranged reads of `remote`
/// into `file` (the `.part` at `part`), checkpointed in its state file.
pub struct Fetch<'a> {
    pub remote: &'a str,
    pub file: &'a File,
    pub part: &'a std::path::Path,
    pub size: u64,
    pub mtime: Option<String>,
    /// One connection reads from the start and no state exists yet: the
    /// `.part` is a prefix, resumable as a whole-file download's is, so
    /// there is nothing to record (a fresh adaptive download costs what a
    /// whole-file one does until it splits).
    pub unsplit: std::sync::atomic::AtomicBool,
}

impl Mover for Fetch<'_> {
    fn range(&self, s: &mut Session, board: &Mutex<Board>, id: ClaimId, written: &AtomicU64) -> Result<()> {
        fetch(s, self.remote, board, id, self.file, written)
    }

    /// The `.part`'s bytes reach the disk before a state that counts them.
    fn checkpoint(&self, board: &Board) -> Result<()> {
        if self.unsplit.load(Ordering::Relaxed) {
            return Ok(());
        }
        let st = State { size: self.size, mtime: self.mtime.clone(), done: board.written() };
        self.file.sync_data().map_err(|e| Error::Local {
            action: "flush to disk",
            path: self.part.into(),
            source: e,
        })?;
        state::save(self.part, &st)
    }

    /// The state goes first: a `.part` of full length with holes must never
    /// be found without the state that says where the holes are.
    fn splitting(&self, board: &Board) -> Result<()> {
        if !self.unsplit.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        self.checkpoint(board)?;
        self.file.set_len(self.size).map_err(|e| Error::Local { action: "extend", path: self.part.into(), source: e })
    }

    fn local(&self) -> &std::path::Path {
        self.part
    }
}

/// What [`probe`] found.
pub struct Probe {
    /// The server honours `REST` on downloads.
    pub rest: bool,
    /// The probe's data connection: its TLS and certificate fingerprint,
    /// as every range's connection resumes the same session (for receipts).
    pub tls: Option<crate::stream::TlsInfo>,
    pub cert: Option<String>,
}

/// Whether the server honours `REST` on downloads: asks for the last byte
/// of a `size` (>= 2) byte file and expects exactly one. A server that
/// ignores `REST` sends the file from its start, which ranged reads would
/// write at the wrong offsets; one that refuses it cannot take ranges.
pub fn probe(s: &mut Session, remote: &str, size: u64) -> Result<Probe> {
    let refused = Probe { rest: false, tls: None, cert: None };
    // REST or RANG refused, whatever FEAT said: no ranges here.
    let refusal = |e: &Error| {
        matches!(e, Error::Remote { command, reply }
            if (command.starts_with("REST") || command.starts_with("RANG")) && reply.class() == 5)
    };
    match limit(s, size.saturating_sub(1), size) {
        Err(e) if refusal(&e) => return Ok(refused),
        r => r?,
    }
    let label = format!("RETR {remote}");
    let mut data = match s.open_data(Command::Retr(remote.into())) {
        Ok(d) => d,
        Err(e) if refusal(&e) => return Ok(refused),
        Err(e) => return Err(e),
    };
    let (tls, cert) = (data.tls_info(), data.peer_cert_sha256());
    let mut got = Vec::new();
    let rest = match data.read_into(&mut got, Some(1), &mut |_| {}) {
        Ok(end) => {
            let closed = data.finish_read();
            s.finish_data(&label)?;
            drop(closed);
            end.bytes == 1
        }
        Err(Error::Limit(_)) => {
            drop(data);
            match s.finish_data(&label) {
                Ok(_) => false,
                Err(Error::Remote { reply, .. }) if matches!(reply.code, 426 | 450 | 451) => false,
                Err(e) => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    Ok(Probe { rest, tls, cert })
}
