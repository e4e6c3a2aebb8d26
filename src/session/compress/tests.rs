use super::*;
use std::io::Write;

fn zlib(data: &[u8]) -> Vec<u8> {
    zlib_at(data, LEVEL)
}

fn zlib_at(data: &[u8], level: u32) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), Compression::new(level));
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn inflate_in(pieces: &[&[u8]], cap: usize) -> (Result<()>, Vec<u8>, bool) {
    let mut inflate = Inflate::new(true);
    let mut out = Vec::new();
    let mut emit = |b: &[u8]| {
        out.extend_from_slice(b);
        if out.len() > cap { Err(Error::Limit("over the cap".into())) } else { Ok(()) }
    };
    let result = pieces.iter().try_for_each(|p| inflate.feed(p, &mut emit)).and_then(|()| inflate.finish(&mut emit));
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
        .flat_map(|i| format!("{i},2026-12-01T12:{:02}:00Z,s-{},{}.{}\n", i % 60, i % 17, i % 1000, i % 7).into_bytes())
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

const MIB: usize = 1024 * 1024;

/// `n` bytes of xorshift noise: incompressible, and cheap to make again.
fn noise(n: usize) -> Vec<u8> {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(n);
    out
}

/// flate2's zlib stream of `n` zeros at `level`, fed 1 MiB at a time.
fn zeros_zlib(n: usize, level: u32) -> Vec<u8> {
    let zeros = vec![0u8; MIB];
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), Compression::new(level));
    for _ in 0..n / MIB {
        e.write_all(&zeros).unwrap();
    }
    e.write_all(&zeros[..n % MIB]).unwrap();
    e.finish().unwrap()
}

/// Feeds `wire` to a decoder in pieces of `piece` bytes (the connection's
/// end included) and checks the output against `plain(offset, len)` as
/// it comes, without keeping it; returns the output's length.
fn stream_through<'a>(wire: &[u8], piece: usize, plain: &dyn Fn(usize, usize) -> &'a [u8]) -> u64 {
    let mut inflate = Inflate::new(true);
    let mut at = 0usize;
    let mut emit = |b: &[u8]| {
        assert!(b == plain(at, b.len()), "output differs within {at}..{}", at + b.len());
        at += b.len();
        Ok(())
    };
    for p in wire.chunks(piece) {
        inflate.feed(p, &mut emit).unwrap_or_else(|e| panic!("piece size {piece}: {e}"));
    }
    inflate.finish(&mut emit).unwrap();
    assert!(inflate.ended(), "piece size {piece}: the whole stream decodes to its end");
    at as u64
}

/// Zeros compress about 1000-fold: the decoder hands out its 32 KiB window
/// in steps that take no input, which once parked the rest of a piece and
/// lost it (200 MiB ended ~2.5 MiB short, "before its final block").
#[test]
fn zeros_decode_whole_in_any_pieces() {
    let zeros = vec![0u8; STEP];
    let plain = |_: usize, len: usize| &zeros[..len];
    let small = zeros_zlib(MIB, 6);
    assert_eq!(stream_through(&small, 1, &plain), MIB as u64);
    for (size, pieces) in [(20 * MIB, &[7, 4093, 65537][..]), (200 * MIB, &[4093, 65536, usize::MAX][..])] {
        let wire = zeros_zlib(size, 6);
        for &piece in pieces {
            assert_eq!(stream_through(&wire, piece, &plain), size as u64, "{} MiB, piece size {piece}", size / MIB);
        }
    }
}

/// A zlib stream of `mib` MiB of zeros without compressing them all:
/// flate2's sync-flushed block for 1 MiB of zeros after a window of zeros
/// decodes the same wherever it stands, so it is repeated, then comes the
/// final (empty) block and the Adler-32 of the zeros (1, and the count).
fn repeated_zeros_zlib(mib: usize) -> Vec<u8> {
    let zeros = vec![0u8; MIB];
    let mut z = flate2::Compress::new(Compression::new(LEVEL), true);
    let mut sync = |out: &mut Vec<u8>| {
        let start = z.total_in();
        while z.total_in() - start < MIB as u64 {
            out.reserve(64 * 1024);
            let done = (z.total_in() - start) as usize;
            z.compress_vec(&zeros[done..], out, flate2::FlushCompress::Sync).unwrap();
        }
        // What is still in the compressor's buffer.
        out.reserve(64 * 1024);
        z.compress_vec(&[], out, flate2::FlushCompress::Sync).unwrap();
    };
    let mut wire = Vec::new();
    sync(&mut wire);
    let mut block = Vec::new();
    sync(&mut block);
    for _ in 1..mib {
        wire.extend_from_slice(&block);
    }
    let adler = (((mib * MIB) % 65521) as u32) << 16 | 1;
    wire.extend_from_slice(&[0x03, 0x00]);
    wire.extend_from_slice(&adler.to_be_bytes());
    wire
}

#[test]
fn a_thousand_mib_of_zeros_decode_whole() {
    let zeros = vec![0u8; STEP];
    let plain = |_: usize, len: usize| &zeros[..len];
    assert_eq!(stream_through(&repeated_zeros_zlib(3), 1, &plain), 3 * MIB as u64);
    let wire = repeated_zeros_zlib(1000);
    assert!(wire.len() < 5 * MIB, "{}", wire.len());
    assert_eq!(stream_through(&wire, 4093, &plain), 1000 * MIB as u64);
}

/// Incompressible data: Huffman-coded literals at level 1, stored blocks
/// at level 0 (what zlib sends for it at any level).
#[test]
fn noise_decodes_whole_in_any_pieces() {
    let data = noise(20 * MIB);
    let plain = |at: usize, len: usize| data.get(at..at + len).unwrap_or_default();
    let small = zlib_at(&data[..2 * MIB], 1);
    assert_eq!(stream_through(&small, 1, &plain), 2 * MIB as u64);
    let wire = zlib_at(&data, 1);
    for piece in [4093, usize::MAX] {
        assert_eq!(stream_through(&wire, piece, &plain), 20 * MIB as u64, "piece size {piece}");
    }
}

#[test]
fn two_hundred_mib_of_noise_decode_whole() {
    let data = noise(200 * MIB);
    let plain = |at: usize, len: usize| data.get(at..at + len).unwrap_or_default();
    let wire = zlib_at(&data, 0);
    assert_eq!(stream_through(&wire, 65537, &plain), 200 * MIB as u64);
}

/// A long stream cut anywhere is a true prefix that never ends, and the
/// end of the connection does not make it whole.
#[test]
fn a_long_stream_cut_anywhere_is_not_ended() {
    let wire = zeros_zlib(20 * MIB, LEVEL);
    for cut in [1, 2, wire.len() / 3, wire.len() / 2, wire.len() - 6, wire.len() - 4, wire.len() - 1] {
        let pieces: Vec<&[u8]> = wire[..cut].chunks(4093).collect();
        let (r, out, ended) = inflate_in(&pieces, usize::MAX);
        r.unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        assert!(!ended, "cut at {cut} of {}", wire.len());
        assert!(out.len() <= 20 * MIB && out.iter().all(|b| *b == 0), "cut at {cut}: a prefix");
    }
}

/// Damage inside a long stream fails as corrupt: as undecodable data, or
/// at the latest at the checksum.
#[test]
fn a_damaged_long_stream_is_corrupt() {
    let wire = zeros_zlib(20 * MIB, LEVEL);
    for at in [2, 100, wire.len() / 2, wire.len() - 3] {
        let mut bad = wire.clone();
        bad[at] ^= 0x5a;
        let pieces: Vec<&[u8]> = bad.chunks(4093).collect();
        let (r, ..) = inflate_in(&pieces, usize::MAX);
        assert!(matches!(r, Err(Error::Deflate { cut: false, expanded: false, .. })), "damage at {at}: {r:?}");
    }
    let mut junk = wire[..wire.len() / 2].to_vec();
    junk.extend_from_slice(&noise(100_000));
    let (r, ..) = inflate_in(&[&junk], usize::MAX);
    assert!(matches!(r, Err(Error::Deflate { cut: false, expanded: false, .. })), "noise inside: {r:?}");
}

/// Without a known size, zeros stop being written soon after the free
/// 64 MiB (about 1000-fold is far past the ratio), before the next step.
#[test]
fn without_a_size_a_bomb_stops_past_the_free_output() {
    let wire = repeated_zeros_zlib(100);
    let mut inflate = Inflate::new(false);
    let mut written = 0u64;
    let r = wire.chunks(4093).try_for_each(|p| {
        inflate.feed(p, &mut |b| {
            written += b.len() as u64;
            Ok(())
        })
    });
    assert!(matches!(&r, Err(Error::Deflate { expanded: true, cut: false, .. })), "{r:?}");
    let e = r.unwrap_err();
    assert!(e.to_string().contains("deflate bomb"), "{e}");
    assert_eq!(e.remedy(), Some(crate::Remedy::Uncompressed));
    assert!((FREE_OUTPUT - STEP as u64..=FREE_OUTPUT).contains(&written), "{written}");
    // The same stream with its size known is just a file of zeros.
    let zeros = vec![0u8; STEP];
    assert_eq!(stream_through(&wire, 4093, &|_, len| &zeros[..len]), 100 * MIB as u64);
}

/// Text and noise are far from the ratio: without a size they pass.
#[test]
fn without_a_size_ordinary_data_passes() {
    let text: Vec<u8> = (0..400_000u32).flat_map(|i| format!("{i},row,{}\n", i % 97).into_bytes()).collect();
    for data in [text, noise(3 * MIB)] {
        let wire = zlib(&data);
        let mut inflate = Inflate::new(false);
        let mut out = Vec::new();
        for p in wire.chunks(65537) {
            inflate
                .feed(p, &mut |b| {
                    out.extend_from_slice(b);
                    Ok(())
                })
                .unwrap();
        }
        assert!(inflate.ended() && out == data);
    }
}
