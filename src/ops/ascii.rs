//! Line-end conversion for `TYPE A` transfers. RFC 959 sends text as
//! NVT-ASCII, lines ending in CRLF; the local convention here is LF. The
//! conversion runs while streaming, so a CR that ends one buffer and the LF
//! that starts the next must still make a single LF.

use std::io::{self, Read, Write};

use crate::error::{Error, Result};
use crate::session::data::{DataConn, ReadEnd};

/// Reads a whole ASCII download into `out` with CRLF made LF, refusing more
/// than [`wire_limit`] of `size`; the returned count is of the bytes
/// written. Local write errors carry [`DataConn::read_into`]'s placeholder path.
pub fn read_text(
    data: &mut DataConn,
    out: &mut dyn Write,
    size: Option<u64>,
    progress: &mut dyn FnMut(u64),
) -> Result<ReadEnd> {
    let mut text = CrlfToLf::new(out);
    let mut end = data.read_into(&mut text, wire_limit(size), progress)?;
    end.bytes =
        text.finish().map_err(|e| Error::Local { action: "write", path: "the destination file".into(), source: e })?.1;
    Ok(end)
}

/// The most bytes an ASCII download of a file of `size` bytes (as the
/// server counts its copy) may bring: every byte an LF sent as CRLF.
pub fn wire_limit(size: Option<u64>) -> Option<u64> {
    size.map(|n| n.saturating_mul(2))
}

/// Downloads: CRLF becomes LF; a CR not followed by LF is kept as it came.
pub struct CrlfToLf<W: Write> {
    inner: W,
    /// The last buffer ended in CR: whether it pairs with an LF is not known yet.
    held_cr: bool,
    /// Bytes handed to `inner`.
    written: u64,
}

impl<W: Write> CrlfToLf<W> {
    pub fn new(inner: W) -> Self {
        CrlfToLf { inner, held_cr: false, written: 0 }
    }

    /// Writes a CR the stream ended on (it had no LF to pair with); returns
    /// the writer and how many bytes it received in all.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        if self.held_cr {
            self.inner.write_all(b"\r")?;
            self.written += 1;
        }
        Ok((self.inner, self.written))
    }
}

impl<W: Write> Write for CrlfToLf<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 1);
        let mut held = std::mem::take(&mut self.held_cr);
        for &b in buf {
            if held && b != b'\n' {
                out.push(b'\r');
            }
            held = b == b'\r';
            if !held {
                out.push(b);
            }
        }
        self.held_cr = held;
        self.inner.write_all(&out)?;
        self.written += out.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Uploads: LF becomes CRLF; an LF already preceded by CR is left alone, so
/// a file with CRLF lines is not sent with CRCRLF.
pub struct LfToCrlf<R: Read> {
    inner: R,
    /// Converted bytes not yet handed out.
    pending: Vec<u8>,
    at: usize,
    /// The last byte read from `inner` was CR (across reads).
    last_cr: bool,
}

impl<R: Read> LfToCrlf<R> {
    pub fn new(inner: R) -> Self {
        LfToCrlf { inner, pending: Vec::new(), at: 0, last_cr: false }
    }
}

impl<R: Read> Read for LfToCrlf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at >= self.pending.len() {
            // Read at most half of `out`, so the converted bytes usually fit in one go.
            let mut raw = vec![0u8; (out.len() / 2).max(1)];
            let n = self.inner.read(&mut raw)?;
            self.pending.clear();
            self.at = 0;
            for &b in raw.get(..n).unwrap_or_default() {
                if b == b'\n' && !self.last_cr {
                    self.pending.push(b'\r');
                }
                self.last_cr = b == b'\r';
                self.pending.push(b);
            }
        }
        let rest = self.pending.get(self.at..).unwrap_or_default();
        let n = rest.len().min(out.len());
        out.get_mut(..n).unwrap_or_default().copy_from_slice(rest.get(..n).unwrap_or_default());
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn down(chunks: &[&[u8]]) -> Vec<u8> {
        let mut w = CrlfToLf::new(Vec::new());
        for c in chunks {
            w.write_all(c).unwrap();
        }
        let (out, n) = w.finish().unwrap();
        assert_eq!(n, out.len() as u64);
        out
    }

    fn up(data: &[u8], out_len: usize) -> Vec<u8> {
        let mut r = LfToCrlf::new(data);
        let mut got = Vec::new();
        let mut buf = vec![0u8; out_len];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        got
    }

    #[test]
    fn crlf_becomes_lf_even_split_across_buffers() {
        assert_eq!(down(&[b"a\r\nb\r\n"]), b"a\nb\n");
        assert_eq!(down(&[b"a\r", b"\nb\r", b"\n"]), b"a\nb\n");
        assert_eq!(down(&[b"a\r", b"", b"\n"]), b"a\n");
    }

    #[test]
    fn lone_cr_is_kept() {
        assert_eq!(down(&[b"a\rb"]), b"a\rb");
        assert_eq!(down(&[b"a\r", b"b"]), b"a\rb");
        assert_eq!(down(&[b"a\r\r\n"]), b"a\r\n");
        // A CR at the very end has no LF to pair with.
        assert_eq!(down(&[b"a\r"]), b"a\r");
    }

    #[test]
    fn lf_becomes_crlf_without_doubling_cr() {
        assert_eq!(up(b"a\nb\n", 64), b"a\r\nb\r\n");
        assert_eq!(up(b"a\r\nb", 64), b"a\r\nb");
        // Tiny buffers: a CR and its LF arrive in different reads.
        assert_eq!(up(b"a\r\nb\n\n", 2), b"a\r\nb\r\n\r\n");
        assert_eq!(up(b"\n\n\n", 1), b"\r\n\r\n\r\n");
    }

    #[test]
    fn round_trip_is_identity_for_lf_text() {
        let text = b"line one\nline two\n\nlast";
        for size in [1, 2, 3, 7, 64] {
            let wire = up(text, size);
            let chunks: Vec<&[u8]> = wire.chunks(size).collect();
            assert_eq!(down(&chunks), text);
        }
    }
}
