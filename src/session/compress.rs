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
//! expands enormously (a deflate bomb) reaches the caller's byte cap one
//! buffer at a time instead of filling memory.

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

/// Decompresses one download's stream piece by piece.
pub struct Inflate {
    z: Decompress,
    out: Vec<u8>,
    /// Input the decoder left unread (a symbol split across pieces): it
    /// goes first next time, as zlib's contract asks of the caller.
    pending: Vec<u8>,
    ended: bool,
}

impl Default for Inflate {
    fn default() -> Self {
        Inflate { z: Decompress::new(true), out: vec![0u8; STEP], pending: Vec::new(), ended: false }
    }
}

impl Inflate {
    /// Inflates `input`, handing each piece of plain data to `emit` (which
    /// may refuse more, e.g. past a listing's cap). Fails on data that does
    /// not decode and on anything after the stream's end.
    pub fn feed(&mut self, input: &[u8], emit: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let joined: Vec<u8>;
        let mut input = if self.pending.is_empty() {
            input
        } else {
            let mut held = std::mem::take(&mut self.pending);
            held.extend_from_slice(input);
            joined = held;
            &joined[..]
        };
        loop {
            if self.ended {
                return match input.len() {
                    0 => Ok(()),
                    n => Err(Error::Deflate {
                        problem: format!("{n} bytes followed the end of the compressed stream"),
                        cut: false,
                        source: None,
                    }),
                };
            }
            let (was_in, was_out) = (self.z.total_in(), self.z.total_out());
            let status = self.z.decompress(input, &mut self.out, FlushDecompress::None).map_err(|e| {
                Error::Deflate { problem: "the compressed data does not decode".into(), cut: false, source: Some(e) }
            })?;
            let used = usize::try_from(self.z.total_in() - was_in).unwrap_or(usize::MAX);
            let made = usize::try_from(self.z.total_out() - was_out).unwrap_or(usize::MAX);
            if made > 0 {
                emit(self.out.get(..made).unwrap_or_default())?;
            }
            input = input.get(used..).unwrap_or_default();
            if status == Status::StreamEnd {
                self.ended = true;
                continue;
            }
            // More output may wait only while the buffer came back full;
            // otherwise the decoder wants more input than this piece holds.
            if made < self.out.len() && (input.is_empty() || used == 0) {
                if input.len() > STEP {
                    return Err(Error::Deflate {
                        problem: format!("the decoder took none of {} bytes", input.len()),
                        cut: false,
                        source: None,
                    });
                }
                self.pending.extend_from_slice(input);
                return Ok(());
            }
        }
    }

    /// Whether the stream's final block (and checksum) arrived.
    pub fn ended(&self) -> bool {
        self.ended
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
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn inflate_in(pieces: &[&[u8]], cap: usize) -> (Result<()>, Vec<u8>, bool) {
        let mut inflate = Inflate::default();
        let mut out = Vec::new();
        let mut emit = |b: &[u8]| {
            out.extend_from_slice(b);
            if out.len() > cap { Err(Error::Limit("over the cap".into())) } else { Ok(()) }
        };
        let result = pieces.iter().try_for_each(|p| inflate.feed(p, &mut emit));
        let ended = inflate.ended();
        (result, out, ended)
    }

    #[test]
    fn round_trip_in_any_piece_sizes() {
        let data: Vec<u8> = (0..300_000u32).flat_map(|i| format!("{i},row,{}\n", i % 97).into_bytes()).collect();
        let mut wire = Vec::new();
        let mut deflate = Deflate::default();
        for piece in data.chunks(10_000) {
            deflate
                .feed(piece, false, &mut |b| {
                    wire.extend_from_slice(b);
                    Ok(())
                })
                .unwrap();
        }
        deflate
            .feed(&[], true, &mut |b| {
                wire.extend_from_slice(b);
                Ok(())
            })
            .unwrap();
        assert!(wire.len() * 3 < data.len(), "text compresses: {} of {}", wire.len(), data.len());
        // Pieces that end inside a symbol: the decoder leaves those bytes
        // for the next piece (these rows and 16 KiB pieces once lost them).
        let csv: Vec<u8> = (0..5000)
            .flat_map(|i| {
                format!("{i},2026-12-01T12:{:02}:00Z,s-{},{}.{}\n", i % 60, i % 17, i % 1000, i % 7).into_bytes()
            })
            .collect();
        let other = zlib(&csv);
        for size in [1, 7, 4096, 16384, other.len()] {
            let pieces: Vec<&[u8]> = other.chunks(size).collect();
            let (r, out, ended) = inflate_in(&pieces, usize::MAX);
            r.unwrap();
            assert!(ended && out == csv, "zlib's stream, piece size {size}");
        }
        for size in [1, 7, 4096, 16384, wire.len()] {
            let pieces: Vec<&[u8]> = wire.chunks(size).collect();
            let (r, out, ended) = inflate_in(&pieces, usize::MAX);
            r.unwrap();
            assert!(ended);
            assert!(out == data, "piece size {size}");
        }
    }

    #[test]
    fn an_empty_upload_is_still_a_whole_stream() {
        let mut wire = Vec::new();
        Deflate::default()
            .feed(&[], true, &mut |b| {
                wire.extend_from_slice(b);
                Ok(())
            })
            .unwrap();
        let (r, out, ended) = inflate_in(&[&wire], 0);
        r.unwrap();
        assert!(ended && out.is_empty());
    }

    #[test]
    fn a_cut_stream_is_not_ended() {
        let wire = zlib(b"abc");
        let (r, out, ended) = inflate_in(&[&wire[..wire.len() - 4]], usize::MAX);
        r.unwrap();
        assert!(!ended, "without its checksum the stream is not whole");
        assert_eq!(out, b"abc");
    }

    #[test]
    fn bytes_after_the_end_are_corrupt() {
        let mut wire = zlib(b"abc");
        wire.extend_from_slice(b"junk");
        let (r, ..) = inflate_in(&[&wire], usize::MAX);
        assert!(matches!(r, Err(Error::Deflate { cut: false, .. })), "{r:?}");
        // The same when the junk comes in a later piece.
        let wire = zlib(b"abc");
        let (r, ..) = inflate_in(&[&wire, b"x"], usize::MAX);
        assert!(matches!(r, Err(Error::Deflate { cut: false, .. })), "{r:?}");
    }

    #[test]
    fn garbage_does_not_decode() {
        let (r, ..) = inflate_in(&[b"this is not zlib at all"], usize::MAX);
        assert!(matches!(r, Err(Error::Deflate { cut: false, .. })), "{r:?}");
    }

    #[test]
    fn a_bomb_hits_the_cap_one_buffer_at_a_time() {
        let wire = zlib(&vec![0u8; 32 * 1024 * 1024]);
        assert!(wire.len() < 64 * 1024);
        let (r, out, _) = inflate_in(&[&wire], 1024 * 1024);
        assert!(matches!(r, Err(Error::Limit(_))), "{r:?}");
        assert!(out.len() <= 1024 * 1024 + STEP, "stopped within one step of the cap: {}", out.len());
    }
}
