//! `MODE Z`: deflate on the data connection (draft-preston-ftpext-deflate,
//! as ProFTPD's `mod_deflate`, lftp and FileZilla speak it).
//!
//! Each data connection carries one zlib stream (RFC 1950: header, deflate
//! blocks, Adler-32 trailer; `mod_deflate` writes that and reads either
//! zlib or gzip). The wrapping happens in [`crate::session::data::DataConn`] only, so
//! everything above it (progress, size checks, `.part` files, digests,
//! `REST` offsets) sees the uncompressed bytes and the socket below it (the
//! stall rule, rate limits) sees what crosses the link.
//!
//! A server is not trusted to end its stream: a stream that stops before its
//! final block is a cut transfer even when the TLS close was clean, and
//! bytes after the final block, or data that does not decode, are corrupt.
//! Inflating goes through a fixed output buffer, so a small stream that
//! expands enormously (a deflate bomb) reaches the caller's byte cap (an
//! announced size, a listing cap) one buffer at a time instead of filling
//! memory; without such a cap, [`MAX_RATIO`] bounds what reaches the disk.

use std::fmt;
use std::sync::Arc;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::error::{Error, Result};
use crate::wire::Reply;

/// Level for uploads: zlib's default, a little below the draft's
/// recommended 7, which costs more CPU for a few per cent on text.
const LEVEL: u32 = 6;

/// Output buffer of one inflate or deflate step.
const STEP: usize = 64 * 1024;

/// `--compress` for every control connection of a run, and how the caller
/// hears that a server could not oblige (the CLI says so once per run).
#[derive(Clone)]
pub struct Ask {
    unavailable: Arc<dyn Fn(&Unavailable) + Send + Sync>,
}

/// Why a control connection transfers uncompressed although asked to compress.
#[derive(Debug, Clone)]
pub enum Unavailable {
    /// `MODE Z` is not in the server's FEAT reply.
    NotOffered,
    /// FEAT listed it, but `MODE Z` was refused.
    Refused(Reply),
}

impl Ask {
    pub fn new(unavailable: impl Fn(&Unavailable) + Send + Sync + 'static) -> Ask {
        Ask { unavailable: Arc::new(unavailable) }
    }

    pub fn unavailable(&self, why: &Unavailable) {
        (self.unavailable)(why)
    }
}

impl fmt::Debug for Ask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ask(MODE Z)")
    }
}

/// Output that is always accepted without a known size, however well it
/// compressed: small files of zeros or repeated rows inflate 1000-fold and
/// are harmless at this size (it is the listing cap too).
pub const FREE_OUTPUT: u64 = 64 * 1024 * 1024;

/// Beyond [`FREE_OUTPUT`], and only when no size bounds the download, the
/// output may be at most this many times the compressed bytes it came from.
/// Deflate can expand about 1030-fold, so a server could otherwise make
/// ftps write a thousand times what crossed the wire (a deflate bomb)
/// until the disk is full. 200 is Apache's `DeflateInflateRatioLimit`
/// default for the same guard; text and CSV compress 3- to 20-fold, so
/// only data that is mostly one repeated byte trips it.
pub const MAX_RATIO: u64 = 200;

/// Decompresses one download's stream piece by piece.
pub struct Inflate {
    z: Decompress,
    out: Vec<u8>,
    /// Input the decoder did not take although it had room to write (a
    /// symbol split across pieces): it goes first next time, and
    /// [`Inflate::finish`] tries it once more when the connection ends.
    pending: Vec<u8>,
    ended: bool,
    /// Nothing else bounds the output (no announced size, no listing cap):
    /// [`MAX_RATIO`] applies.
    ratio_capped: bool,
}

impl Inflate {
    /// A decoder for a stream whose plain size the caller bounds itself
    /// (`sized`: an announced size or a cap) or not, when [`MAX_RATIO`]
    /// guards the disk instead.
    pub fn new(sized: bool) -> Inflate {
        Inflate {
            z: Decompress::new(true),
            out: vec![0u8; STEP],
            pending: Vec::new(),
            ended: false,
            ratio_capped: !sized,
        }
    }

    /// Inflates `input`, handing each piece of plain data to `emit` (which
    /// may refuse more, e.g. past a listing's cap). Fails on data that does
    /// not decode, on anything after the stream's end, and on output past
    /// [`MAX_RATIO`] where that applies.
    pub fn feed(&mut self, input: &[u8], emit: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        if self.pending.is_empty() {
            return self.run(input, emit);
        }
        let mut held = std::mem::take(&mut self.pending);
        held.extend_from_slice(input);
        self.run(&held, emit)
    }

    /// The connection ended: whatever input is still held goes through the
    /// decoder once more. A stream that is then still not [`Inflate::ended`]
    /// stopped before its final block.
    pub fn finish(&mut self, emit: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let held = std::mem::take(&mut self.pending);
        self.run(&held, emit)
    }

    /// Whether the stream's final block (and checksum) arrived.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Steps the decoder until it can do nothing more with `input`. Only a
    /// step that neither takes input nor gives output ends the loop: the
    /// decoder hands out what it decoded into its window in pieces that
    /// need not fill the buffer, with no input taken meanwhile, so a short
    /// step says nothing about whether more is waiting.
    fn run(&mut self, mut input: &[u8], emit: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        loop {
            if self.ended {
                return match input.len() {
                    0 => Ok(()),
                    n => Err(Error::Deflate {
                        problem: format!("{n} bytes followed the end of the compressed stream"),
                        cut: false,
                        expanded: false,
                        source: None,
                    }),
                };
            }
            let (was_in, was_out) = (self.z.total_in(), self.z.total_out());
            let status =
                self.z.decompress(input, &mut self.out, FlushDecompress::None).map_err(|e| Error::Deflate {
                    problem: "the compressed data does not decode".into(),
                    cut: false,
                    expanded: false,
                    source: Some(e),
                })?;
            let used = usize::try_from(self.z.total_in() - was_in).unwrap_or(usize::MAX);
            let made = usize::try_from(self.z.total_out() - was_out).unwrap_or(usize::MAX);
            self.check_expansion()?;
            if made > 0 {
                emit(self.out.get(..made).unwrap_or_default())?;
            }
            input = input.get(used..).unwrap_or_default();
            if status == Status::StreamEnd {
                self.ended = true;
                continue;
            }
            if used == 0 && made == 0 {
                // All taken, or the decoder wants more than this before
                // it takes any (never more than a symbol's few bytes).
                if input.len() > STEP {
                    return Err(Error::Deflate {
                        problem: format!("the decoder took none of {} bytes", input.len()),
                        cut: false,
                        expanded: false,
                        source: None,
                    });
                }
                self.pending.extend_from_slice(input);
                return Ok(());
            }
        }
    }

    /// Fails once the output outgrows [`MAX_RATIO`] (where it applies),
    /// before that step's output is written.
    fn check_expansion(&self) -> Result<()> {
        let (wire, plain) = (self.z.total_in(), self.z.total_out());
        if !self.ratio_capped || plain <= FREE_OUTPUT || plain <= wire.saturating_mul(MAX_RATIO) {
            return Ok(());
        }
        Err(Error::Deflate {
            problem: format!(
                "{wire} compressed bytes inflated to {plain}, more than {MAX_RATIO} times as many, and the \
                 server announced no size that allows it (a deflate bomb, or a file of very few distinct bytes)"
            ),
            cut: false,
            expanded: true,
            source: None,
        })
    }
}

/// Compresses one upload's stream piece by piece.
pub struct Deflate {
    z: Compress,
    out: Vec<u8>,
}

impl Default for Deflate {
    fn default() -> Self {
        Deflate { z: Compress::new(Compression::new(LEVEL), true), out: vec![0u8; STEP] }
    }
}

impl Deflate {
    /// Compresses `input`, handing the compressed pieces to `emit`; with
    /// `finish`, also the final block and the checksum (nothing may follow).
    pub fn feed(&mut self, mut input: &[u8], finish: bool, emit: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let flush = if finish { FlushCompress::Finish } else { FlushCompress::None };
        loop {
            let (was_in, was_out) = (self.z.total_in(), self.z.total_out());
            let status = self
                .z
                .compress(input, &mut self.out, flush)
                .map_err(|e| Error::Protocol(format!("compressing the upload failed ({e})")))?;
            let used = usize::try_from(self.z.total_in() - was_in).unwrap_or(usize::MAX);
            let made = usize::try_from(self.z.total_out() - was_out).unwrap_or(usize::MAX);
            if made > 0 {
                emit(self.out.get(..made).unwrap_or_default())?;
            }
            input = input.get(used..).unwrap_or_default();
            match status {
                Status::StreamEnd => return Ok(()),
                _ if !finish && input.is_empty() && made < self.out.len() => return Ok(()),
                _ if used == 0 && made == 0 => {
                    return Err(Error::Protocol("compressing the upload made no progress".into()));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
