//! Write-behind for downloads: the kernel is asked to start writing each
//! finished stretch of the `.part` to disk while the transfer goes on.
//!
//! A download is `fsync`ed before its rename (see `part`). Left alone, the
//! kernel holds most of a large file dirty in memory until then, so that one
//! `fsync` writes hundreds of MiB while the user waits (measured: 0.1-0.5 s
//! at the end of a 1 GiB `get` on this machine's virtual disk, where lftp
//! and curl, which never sync, are already done). Starting the write-back
//! of every [`STRETCH`] as soon as it is complete spreads that work over the
//! transfer; the final `fsync` then waits only for the last stretch. The
//! request never blocks the download (it only starts the I/O) and is an optimisation only: where it is missing or fails, the
//! final `fsync` still does all the work, so the guarantee is unchanged.

use std::fs::File;
use std::io::{self, Write};

/// Bytes between two write-back requests: large enough that the requests
/// cost nothing next to the data, small enough that little is left for the
/// final `fsync`.
const STRETCH: u64 = 8 * 1024 * 1024;

/// Writes to `file` from `offset` on, starting the write-back of each
/// complete [`STRETCH`] behind it.
pub struct WriteBehind<'f> {
    file: &'f File,
    behind: Behind,
}

impl<'f> WriteBehind<'f> {
    pub fn new(file: &'f File, offset: u64) -> Self {
        WriteBehind { file, behind: Behind::new(offset) }
    }
}

/// The bookkeeping of [`WriteBehind`] for writers that place their bytes
/// themselves (a segmented download's ranges, each written at its offset):
/// one contiguous run of writes from `offset` on.
pub struct Behind {
    /// File offset of the next byte written.
    at: u64,
    /// File offset up to which write-back has been requested.
    requested: u64,
}

impl Behind {
    pub fn new(offset: u64) -> Self {
        Behind { at: offset, requested: offset }
    }

    /// `n` more bytes were written to `file` at the run's end.
    pub fn wrote(&mut self, file: &File, n: u64) {
        self.at = self.at.saturating_add(n);
        if self.at - self.requested >= STRETCH {
            start_writeback(file, self.requested, self.at - self.requested);
            self.requested = self.at;
        }
    }
}

impl Write for WriteBehind<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = (&mut &*self.file).write(buf)?;
        self.behind.wrote(self.file, n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&mut &*self.file).flush()
    }
}

/// `POSIX_FADV_DONTNEED` on a dirty range makes Linux start writing it
/// back without waiting for it (and drop whatever of it is clean already:
/// a download is not read back by ftps). Elsewhere the hint may do less;
/// it never changes what the final `fsync` guarantees.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, from: u64, len: u64) {
    let Some(len) = std::num::NonZeroU64::new(len) else { return };
    let _ = rustix::fs::fadvise(file, from, Some(len), rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &File, _: u64, _: u64) {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Every byte lands where it belongs, across several stretches and a
    /// resumed offset, and the write-back requests are counted as they go.
    #[test]
    fn writes_through_in_order_and_requests_each_stretch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.part");
        let mut f = File::create(&path).unwrap();
        f.write_all(b"head").unwrap();
        let piece: Vec<u8> = (0..=255u8).cycle().take(1_000_003).collect();
        let mut w = WriteBehind::new(&f, 4);
        for _ in 0..20 {
            w.write_all(&piece).unwrap();
        }
        let total = 4 + 20 * piece.len() as u64;
        assert_eq!(w.behind.at, total);
        assert_eq!(w.behind.requested, 4 + 18 * piece.len() as u64, "the stretch that ended last was requested");
        assert!(w.behind.at - w.behind.requested < STRETCH);
        let mut back = Vec::new();
        File::open(&path).unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back.len() as u64, total);
        assert_eq!(back.get(..4).unwrap(), b"head");
        assert!(back.get(4..).unwrap().chunks(piece.len()).all(|c| c == piece.as_slice()));
    }
}
