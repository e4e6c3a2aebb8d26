//! The in-process server's `MODE Z` streams: whole, cut, trailed by junk,
//! explosive, and fast to build for content of zeros.

/// How the in-process server's `MODE Z` streams end (see `Behaviour::mode_z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZStream {
    /// A proper zlib stream.
    Whole,
    /// Every byte, sync-flushed, but no final block and no checksum.
    NoFinalBlock,
    /// A proper stream followed by junk.
    Trailing,
    /// About 80 MiB of zeros from a few hundred KiB on the wire (for listings,
    /// whose cap is 64 MiB).
    Bomb,
    /// A proper stream, built without compressing every byte when the
    /// content is all zeros (1 KiB on the wire per MiB; listings and
    /// other content go as [`ZStream::Whole`]).
    Zeros,
}

impl ZStream {
    pub fn encode(self, plain: &[u8]) -> Vec<u8> {
        use flate2::{Compress, Compression, FlushCompress};
        let mut z = Compress::new(Compression::default(), true);
        let mut out = Vec::with_capacity(plain.len() + 1024);
        let step = |z: &mut Compress, input: &[u8], flush: FlushCompress, out: &mut Vec<u8>| {
            let start = z.total_in();
            loop {
                out.reserve(64 * 1024);
                let done = (z.total_in() - start) as usize;
                let status = z.compress_vec(&input[done..], out, flush).unwrap();
                if (z.total_in() - start) as usize == input.len()
                    && (status == flate2::Status::StreamEnd || out.len() < out.capacity())
                {
                    break;
                }
            }
        };
        const MIB: usize = 1 << 20;
        let zeros = vec![0u8; MIB];
        let all_zeros = |p: &[u8]| p.len() >= MIB && p.chunks(MIB).all(|c| c == &zeros[..c.len()]);
        match self {
            ZStream::Zeros if all_zeros(plain) => {
                // The Bomb's repeated block, then what flate2 makes of the
                // rest, the final (empty) block and the zeros' Adler-32.
                step(&mut z, &zeros, FlushCompress::Sync, &mut out);
                let mut block = Vec::new();
                step(&mut z, &zeros, FlushCompress::Sync, &mut block);
                for _ in 1..plain.len() / MIB {
                    out.extend_from_slice(&block);
                }
                step(&mut z, &zeros[..plain.len() % MIB], FlushCompress::Sync, &mut out);
                let adler = ((plain.len() % 65521) as u32) << 16 | 1;
                out.extend_from_slice(&[0x03, 0x00]);
                out.extend_from_slice(&adler.to_be_bytes());
            }
            ZStream::Whole | ZStream::Trailing | ZStream::Zeros => {
                step(&mut z, plain, FlushCompress::Finish, &mut out);
                if self == ZStream::Trailing {
                    out.extend_from_slice(b"trailing junk");
                }
            }
            ZStream::NoFinalBlock => step(&mut z, plain, FlushCompress::Sync, &mut out),
            ZStream::Bomb => {
                // One block of 1 MiB of zeros after a window of zeros decodes
                // the same wherever it is repeated: no need to compress 80 MiB.
                step(&mut z, &zeros, FlushCompress::Sync, &mut out);
                let mut block = Vec::new();
                step(&mut z, &zeros, FlushCompress::Sync, &mut block);
                for _ in 0..80 {
                    out.extend_from_slice(&block);
                }
            }
        }
        out
    }
}

/// A whole zlib stream's content (the fake server's STOR under `MODE Z`).
pub fn inflate(wire: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut d = flate2::read::ZlibDecoder::new(wire);
    d.read_to_end(&mut out)?;
    if d.total_in() as usize != wire.len() {
        return Err(std::io::Error::other("bytes after the end of the zlib stream"));
    }
    Ok(out)
}
