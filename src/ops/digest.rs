//! Checksum verification of transfers: which digest to ask the server for,
//! hashing the bytes while they stream, and comparing the two.
//!
//! Why here and once: [`super::transfer`] calls these for every download and
//! upload, so `get`, `put`, `mirror` and the prompt verify alike. The digest
//! commands ride the turn that ends the transfer, so verification costs the
//! server's hashing time but no extra round trip.

use std::io::{self, Read, Write};

use md5::Digest as _;
use ring::digest;

use crate::error::{Error, Result};
use crate::wire::digest::{self as wire, Algo};
use crate::wire::features::Features;
use crate::wire::{Command, Reply};

/// The verification policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verify {
    /// Verify when the server offers a digest ftps can compute.
    #[default]
    Auto,
    /// Fail a transfer the server cannot vouch for.
    Require,
    /// Ask nothing.
    Off,
}

/// How to ask the server for a file's digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `OPTS HASH <algo>` (when not already chosen), then `HASH path`.
    Hash(Algo),
    /// `XSHA256 path` and the like.
    X(Algo),
}

impl Method {
    pub fn algo(self) -> Algo {
        match self {
            Method::Hash(a) | Method::X(a) => a,
        }
    }
}

/// What the server confirmed about a transferred file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub algo: Algo,
    /// The server's digest, lower-case hex (equal to ftps's own).
    pub server: String,
}

/// The strongest digest the server offers (ftps computes every [`Algo`]);
/// `HASH` before an X-command for the same algorithm (its reply states the
/// range). MD5 and CRC32 count: many Windows servers offer only `XMD5` or
/// `XCRC`, and they still catch a corrupted copy, though not a deliberate
/// change (a chosen MD5 collision is cheap, a CRC32 one trivial).
pub fn choose(f: &Features) -> Option<Method> {
    Algo::STRONGEST_FIRST.into_iter().find_map(|a| {
        if f.hash.contains(&a) {
            Some(Method::Hash(a))
        } else if f.x_digests.contains(&a) {
            Some(Method::X(a))
        } else {
            None
        }
    })
}

/// The method to use for `file` under `verify`, or the error `Require`
/// gives on a server without a usable digest (before any byte moves).
pub fn plan(f: &Features, verify: Verify, file: &str) -> Result<Option<Method>> {
    if verify == Verify::Off {
        return Ok(None);
    }
    match choose(f) {
        Some(m) => Ok(Some(m)),
        None if verify == Verify::Require => Err(Error::DigestUnavailable {
            file: file.into(),
            why: "the server offers no digest command (neither HASH nor XSHA256/XSHA512/XSHA1/XMD5/XCRC in FEAT)"
                .into(),
            outcome: "nothing was transferred",
        }),
        None => Ok(None),
    }
}

/// The commands that ask for `remote`'s digest.
pub fn commands(m: Method, f: &Features, remote: &str) -> Vec<Command> {
    match m {
        Method::Hash(a) if f.hash_current == Some(a) => vec![Command::Hash(remote.into())],
        Method::Hash(a) => vec![Command::Opts(format!("HASH {}", a.name())), Command::Hash(remote.into())],
        Method::X(a) => vec![Command::XDigest(a, remote.into())],
    }
}

/// What went wrong when verification did not happen, for `-v` under `Auto`.
pub type Unverified = String;

/// Compares the server's answer to [`commands`] (`replies`, same order) with
/// ftps's digest `ours` of the `size` bytes. `Ok(Err(why))`: the server gave
/// no usable digest (the caller decides by policy); a mismatch is an error.
/// Remembers a successful `OPTS HASH` in `f`.
pub fn check(
    m: Method,
    f: &mut Features,
    replies: &[Reply],
    ours: &str,
    size: u64,
    file: &str,
) -> Result<std::result::Result<Verified, Unverified>> {
    let algo = m.algo();
    let server = match server_digest(m, f, replies, size) {
        Ok(hex) => hex,
        Err(why) => return Ok(Err(why)),
    };
    if server != ours {
        return Err(Error::DigestMismatch {
            file: file.into(),
            algo: algo.name(),
            local: ours.into(),
            server,
            outcome: "",
        });
    }
    Ok(Ok(Verified { algo, server }))
}

/// The server's digest (lower-case hex) of a `size`-byte file from its
/// answer to [`commands`], or why there is none.
pub fn server_digest(
    m: Method,
    f: &mut Features,
    replies: &[Reply],
    size: u64,
) -> std::result::Result<String, Unverified> {
    let algo = m.algo();
    match m {
        Method::Hash(_) => {
            if let [opts, _] = replies {
                if opts.code != 200 {
                    return Err(format!("the server refused OPTS HASH {}: {opts}", algo.name()));
                }
                f.hash_current = Some(algo);
            }
            let r = wire::parse_hash_reply(replies.last().ok_or("no reply to HASH")?)?;
            if r.algo != algo {
                return Err(format!("the server answered with {} instead of {}", r.algo.name(), algo.name()));
            }
            if r.start != 0 || r.end != size {
                return Err(format!("the server hashed bytes {}-{}, not the whole {size}-byte file", r.start, r.end));
            }
            Ok(r.hex)
        }
        Method::X(_) => match replies.last() {
            Some(r) => wire::parse_x_reply(algo, r),
            None => Err(format!("no reply to {}", algo.x_verb())),
        },
    }
}

/// Applies the policy to an unverified transfer: an error under `Require`.
pub fn unverified(verify: Verify, file: &str, why: Unverified, outcome: &'static str) -> Result<()> {
    match verify {
        Verify::Require => Err(Error::DigestUnavailable { file: file.into(), why, outcome }),
        _ => Ok(()),
    }
}

/// One running digest: ring for the SHA family, RustCrypto's `md-5` and
/// `crc32fast` for the two ring does not have.
enum Running {
    Ring(digest::Context),
    Md5(md5::Md5),
    Crc32(crc32fast::Hasher),
}

impl Running {
    fn new(a: Algo) -> Running {
        match a {
            Algo::Sha256 => Running::Ring(digest::Context::new(&digest::SHA256)),
            Algo::Sha512 => Running::Ring(digest::Context::new(&digest::SHA512)),
            Algo::Sha1 => Running::Ring(digest::Context::new(&digest::SHA1_FOR_LEGACY_USE_ONLY)),
            Algo::Md5 => Running::Md5(md5::Md5::new()),
            Algo::Crc32 => Running::Crc32(crc32fast::Hasher::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Running::Ring(c) => c.update(bytes),
            Running::Md5(h) => h.update(bytes),
            Running::Crc32(h) => h.update(bytes),
        }
    }

    /// Lower-case hex; a CRC32 as the eight digits servers print.
    fn finish(self) -> String {
        match self {
            Running::Ring(c) => hex(c.finish().as_ref()),
            Running::Md5(h) => hex(&h.finalize()),
            Running::Crc32(h) => format!("{:08x}", h.finalize()),
        }
    }
}

/// Digests of the bytes of one transfer, computed as they stream.
pub struct Hasher {
    ctx: Vec<(Algo, Running)>,
}

impl Hasher {
    /// Hashes with each of `algos` (duplicates once).
    pub fn new(algos: &[Algo]) -> Hasher {
        let mut ctx: Vec<(Algo, Running)> = Vec::new();
        for &a in algos {
            if !ctx.iter().any(|(b, _)| *b == a) {
                ctx.push((a, Running::new(a)));
            }
        }
        Hasher { ctx }
    }

    pub fn is_empty(&self) -> bool {
        self.ctx.is_empty()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        for (_, c) in &mut self.ctx {
            c.update(bytes);
        }
    }

    /// Feeds everything `r` yields (a resumed file's existing part).
    pub fn update_from(&mut self, r: &mut dyn Read, limit: u64) -> io::Result<u64> {
        let mut buf = vec![0u8; crate::session::data::BUF_SIZE];
        let mut left = limit;
        while left > 0 {
            let want = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
            let n = match r.read(buf.get_mut(..want).unwrap_or_default()) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.update(buf.get(..n).unwrap_or_default());
            left -= n as u64;
        }
        Ok(limit - left)
    }

    /// Lower-case hex digests, one per algorithm.
    pub fn finish(self) -> Vec<(Algo, String)> {
        self.ctx.into_iter().map(|(a, c)| (a, c.finish())).collect()
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes what passes through a writer (downloads).
pub struct HashWrite<'a, W: Write> {
    pub inner: W,
    pub hasher: &'a mut Hasher,
}

impl<W: Write> Write for HashWrite<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Hashes what passes through a reader (uploads).
pub struct HashRead<'a, R: Read> {
    pub inner: R,
    pub hasher: &'a mut Hasher,
}

impl<R: Read> Read for HashRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(hash: &[Algo], x: &[Algo]) -> Features {
        Features { hash: hash.to_vec(), x_digests: x.to_vec(), ..Features::default() }
    }

    const ABC_SHA256: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn strongest_computable_first() {
        let all = [Algo::Crc32, Algo::Md5, Algo::Sha1, Algo::Sha256, Algo::Sha512];
        assert_eq!(choose(&feats(&all, &all)), Some(Method::Hash(Algo::Sha256)));
        assert_eq!(choose(&feats(&[Algo::Sha1], &[Algo::Sha256])), Some(Method::X(Algo::Sha256)));
        assert_eq!(choose(&feats(&[], &[Algo::Sha512, Algo::Sha1])), Some(Method::X(Algo::Sha512)));
        assert_eq!(choose(&feats(&[Algo::Md5, Algo::Crc32], &[Algo::Md5])), Some(Method::Hash(Algo::Md5)));
        assert_eq!(choose(&feats(&[Algo::Crc32], &[Algo::Md5])), Some(Method::X(Algo::Md5)));
        assert_eq!(choose(&feats(&[], &[Algo::Crc32, Algo::Md5])), Some(Method::X(Algo::Md5)));
        assert_eq!(choose(&feats(&[], &[Algo::Crc32])), Some(Method::X(Algo::Crc32)));
        assert_eq!(choose(&feats(&[Algo::Crc32], &[Algo::Sha1])), Some(Method::X(Algo::Sha1)));
        assert_eq!(choose(&feats(&[], &[])), None);
    }

    #[test]
    fn policy() {
        let none = feats(&[], &[]);
        assert_eq!(plan(&none, Verify::Auto, "f").unwrap(), None);
        assert_eq!(plan(&none, Verify::Off, "f").unwrap(), None);
        let e = plan(&none, Verify::Require, "f").unwrap_err().to_string();
        assert!(e.contains("no digest command"), "{e}");
        // Weak digests still satisfy `require`; the algorithm is reported with the result.
        let crc = feats(&[], &[Algo::Crc32]);
        assert_eq!(plan(&crc, Verify::Require, "f").unwrap(), Some(Method::X(Algo::Crc32)));
        assert_eq!(plan(&feats(&[Algo::Sha256], &[]), Verify::Off, "f").unwrap(), None);
    }

    #[test]
    fn opts_hash_only_when_needed() {
        let mut f = feats(&[Algo::Sha256], &[]);
        let m = Method::Hash(Algo::Sha256);
        assert_eq!(commands(m, &f, "a").len(), 2);
        let ok = |code, text: &str| Reply { code, lines: vec![text.into()] };
        let replies = [ok(200, "SHA-256"), ok(213, &format!("SHA-256 0-3 {ABC_SHA256} a"))];
        let v = check(m, &mut f, &replies, ABC_SHA256, 3, "a").unwrap().unwrap();
        assert_eq!(v, Verified { algo: Algo::Sha256, server: ABC_SHA256.into() });
        assert_eq!(commands(m, &f, "a"), vec![Command::Hash("a".into())]);
    }

    #[test]
    fn mismatch_and_unusable_answers() {
        let mut f = feats(&[Algo::Sha256], &[Algo::Sha256]);
        f.hash_current = Some(Algo::Sha256);
        let r = |code, text: String| Reply { code, lines: vec![text] };
        let other = "0".repeat(64);
        let m = Method::Hash(Algo::Sha256);
        let e = check(m, &mut f, &[r(213, format!("SHA-256 0-3 {other} a"))], ABC_SHA256, 3, "a").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("SHA-256") && msg.contains(ABC_SHA256) && msg.contains(&other), "{msg}");
        // A partial range or a refusal is "unverified", not a mismatch.
        let partial = check(m, &mut f, &[r(213, format!("SHA-256 0-2 {ABC_SHA256} a"))], ABC_SHA256, 3, "a");
        assert!(partial.unwrap().unwrap_err().contains("not the whole"));
        assert!(check(m, &mut f, &[r(550, "no".into())], ABC_SHA256, 3, "a").unwrap().is_err());
        let x = Method::X(Algo::Sha256);
        let upper = ABC_SHA256.to_uppercase();
        assert!(check(x, &mut f, &[r(250, upper)], ABC_SHA256, 3, "a").unwrap().is_ok());
        assert!(unverified(Verify::Require, "a", "why".into(), "kept").is_err());
        assert!(unverified(Verify::Auto, "a", "why".into(), "kept").is_ok());
    }

    #[test]
    fn weak_x_digests_compare_like_strong_ones() {
        let mut f = feats(&[], &[Algo::Md5, Algo::Crc32]);
        let r = |text: &str| [Reply { code: 250, lines: vec![text.into()] }];
        let (md5, crc) = (Method::X(Algo::Md5), Method::X(Algo::Crc32));
        let abc_md5 = "900150983cd24fb0d6963f7d28e17f72";
        let v = check(md5, &mut f, &r(&format!("/d/abc {}", abc_md5.to_uppercase())), abc_md5, 3, "abc").unwrap();
        assert_eq!(v, Ok(Verified { algo: Algo::Md5, server: abc_md5.into() }));
        let v = check(crc, &mut f, &r("352441C2"), "352441c2", 3, "abc").unwrap();
        assert_eq!(v.map(|v| v.algo), Ok(Algo::Crc32));
        let e = check(crc, &mut f, &r("352441C3"), "352441c2", 3, "abc").unwrap_err().to_string();
        assert!(e.contains("CRC32") && e.contains("352441c3"), "{e}");
        assert_eq!(commands(crc, &f, "abc"), vec![Command::XDigest(Algo::Crc32, "abc".into())]);
    }

    #[test]
    fn hashing_while_streaming() {
        let mut h = Hasher::new(&[Algo::Sha256, Algo::Sha1, Algo::Sha256, Algo::Md5, Algo::Crc32]);
        let mut out = Vec::new();
        HashWrite { inner: &mut out, hasher: &mut h }.write_all(b"ab").unwrap();
        let mut rest = Vec::new();
        HashRead { inner: &b"c"[..], hasher: &mut h }.read_to_end(&mut rest).unwrap();
        let d = h.finish();
        assert_eq!(d[0], (Algo::Sha256, ABC_SHA256.to_string()));
        assert_eq!(d[1], (Algo::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d".to_string()));
        assert_eq!(d[2], (Algo::Md5, "900150983cd24fb0d6963f7d28e17f72".to_string()));
        assert_eq!(d[3], (Algo::Crc32, "352441c2".to_string()));
        assert_eq!(d.len(), 4);
        // A CRC32 keeps its leading zeros, as servers print it padded.
        let mut h = Hasher::new(&[Algo::Crc32]);
        h.update(b"");
        assert_eq!(h.finish()[0].1, "00000000");
        let mut h = Hasher::new(&[Algo::Sha256]);
        assert_eq!(h.update_from(&mut &b"abcdef"[..], 3).unwrap(), 3);
        assert_eq!(h.finish()[0].1, ABC_SHA256);
    }
}
