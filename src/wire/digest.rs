//! Server digests as bytes: the algorithm names of `FEAT`/`OPTS HASH`
//! (draft-bryan-ftpext-hash) and of the older `XSHA256`-style commands, and
//! the parsers for their replies. The server is not trusted: a digest is
//! accepted only as hex of exactly the algorithm's length.

use super::Reply;

/// A digest algorithm a server may offer, strongest first in [`Algo::STRONGEST_FIRST`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algo {
    Sha256,
    Sha512,
    Sha1,
    Md5,
    Crc32,
}

impl Algo {
    /// The order in which offered algorithms are preferred. SHA-256 first:
    /// unbroken, and the one receipts record anyway.
    pub const STRONGEST_FIRST: [Algo; 5] = [Algo::Sha256, Algo::Sha512, Algo::Sha1, Algo::Md5, Algo::Crc32];

    /// The name `HASH` and `OPTS HASH` use (`SHA-256`), also used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Algo::Sha256 => "SHA-256",
            Algo::Sha512 => "SHA-512",
            Algo::Sha1 => "SHA-1",
            Algo::Md5 => "MD5",
            Algo::Crc32 => "CRC32",
        }
    }

    /// The verb of the older one-algorithm command (`XSHA256 path`).
    pub fn x_verb(self) -> &'static str {
        match self {
            Algo::Sha256 => "XSHA256",
            Algo::Sha512 => "XSHA512",
            Algo::Sha1 => "XSHA1",
            Algo::Md5 => "XMD5",
            Algo::Crc32 => "XCRC",
        }
    }

    /// Length of the digest in hex digits.
    pub fn hex_len(self) -> usize {
        match self {
            Algo::Sha256 => 64,
            Algo::Sha512 => 128,
            Algo::Sha1 => 40,
            Algo::Md5 => 32,
            Algo::Crc32 => 8,
        }
    }

    pub fn from_name(name: &str) -> Option<Algo> {
        Algo::STRONGEST_FIRST.into_iter().find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// A `FEAT` line naming an X-command (`XSHA` is ProFTPD's older alias of `XSHA1`).
    pub fn from_x_verb(verb: &str) -> Option<Algo> {
        if verb.eq_ignore_ascii_case("XSHA") {
            return Some(Algo::Sha1);
        }
        Algo::STRONGEST_FIRST.into_iter().find(|a| a.x_verb().eq_ignore_ascii_case(verb))
    }
}

/// The algorithms of a `FEAT` line `HASH CRC32;MD5;SHA-1*;SHA-256;SHA-512;`
/// and the one marked `*` (the server's current choice). Unknown names are
/// skipped.
pub fn parse_hash_feat(rest: &str) -> (Vec<Algo>, Option<Algo>) {
    let mut algos = Vec::new();
    let mut current = None;
    for item in rest.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let marked = item.ends_with('*');
        if let Some(a) = Algo::from_name(item.trim_end_matches('*')) {
            if !algos.contains(&a) {
                algos.push(a);
            }
            if marked {
                current = Some(a);
            }
        }
    }
    (algos, current)
}

/// What a `HASH` reply states: `213 SHA-256 0-1048576 <hex> <path>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashReply {
    pub algo: Algo,
    pub start: u64,
    pub end: u64,
    /// Lower-case hex, checked to be the algorithm's length.
    pub hex: String,
}

/// Parses a `HASH` reply. Multi-line replies (ProFTPD's `213-Computing
/// SHA-256 digest`) carry the digest on the last line.
pub fn parse_hash_reply(reply: &Reply) -> Result<HashReply, String> {
    if reply.code != 213 {
        return Err(format!("the server answered {reply}"));
    }
    let last = reply.lines.last().map(|l| l.trim()).unwrap_or_default();
    let mut words = last.split_ascii_whitespace();
    let (Some(name), Some(range), Some(hex)) = (words.next(), words.next(), words.next()) else {
        return Err(format!("unreadable HASH reply {reply}"));
    };
    let algo = Algo::from_name(name).ok_or_else(|| format!("HASH reply names an unknown algorithm in {reply}"))?;
    let (start, end) = range
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)))
        .ok_or_else(|| format!("HASH reply has an unreadable byte range in {reply}"))?;
    Ok(HashReply { algo, start, end, hex: checked_hex(algo, hex)? })
}

/// Parses an X-command reply: `250 <HEX>`, `250 <HEX> <path>` or (some
/// `XMD5`/`XCRC` servers) `250 <path> <HEX>`. The digest is the first or
/// the last word, whichever has the algorithm's exact length (first wins);
/// failing that, a short CRC32 (leading zeros dropped) in the same order.
/// A path that happens to look like a digest can only cause a mismatch,
/// never a false match.
pub fn parse_x_reply(algo: Algo, reply: &Reply) -> Result<String, String> {
    if reply.code != 250 {
        return Err(format!("the server answered {reply}"));
    }
    let last = reply.lines.last().map(|l| l.trim()).unwrap_or_default();
    let mut words = last.split_ascii_whitespace();
    let first = words.next().unwrap_or_default();
    let candidates = [Some(first), words.next_back()];
    let exact = candidates.iter().flatten().find(|w| without_0x(algo, w).len() == algo.hex_len());
    let word = exact.or_else(|| candidates.iter().flatten().find(|w| checked_hex(algo, w).is_ok())).unwrap_or(&first);
    checked_hex(algo, word)
}

/// A CRC32 is a number, and some servers print it as `0x1A2B3C4D`.
fn without_0x(algo: Algo, hex: &str) -> &str {
    match algo {
        Algo::Crc32 => hex.strip_prefix("0x").or_else(|| hex.strip_prefix("0X")).unwrap_or(hex),
        _ => hex,
    }
}

/// Lower-case hex of exactly `algo`'s length. A CRC32 may come without its
/// leading zeros (or with `0x`), so it is padded.
fn checked_hex(algo: Algo, hex: &str) -> Result<String, String> {
    let shown: String = hex.chars().take(algo.hex_len() + 8).filter(|c| c.is_ascii_graphic()).collect();
    let hex = without_0x(algo, hex);
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("the server's {} digest {shown:?} is not hex", algo.name()));
    }
    let hex = hex.to_ascii_lowercase();
    match algo {
        Algo::Crc32 if hex.len() <= 8 => Ok(format!("{hex:0>8}")),
        _ if hex.len() == algo.hex_len() => Ok(hex),
        _ => Err(format!(
            "the server's {} digest {shown:?} has {} hex digits, not {}",
            algo.name(),
            hex.len(),
            algo.hex_len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(code: u16, lines: &[&str]) -> Reply {
        Reply { code, lines: lines.iter().map(|s| s.to_string()).collect() }
    }

    const SHA256_HEX: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn feat_hash_line() {
        let (algos, current) = parse_hash_feat("CRC32;MD5;SHA-1*;SHA-256;SHA-512;");
        assert_eq!(algos, vec![Algo::Crc32, Algo::Md5, Algo::Sha1, Algo::Sha256, Algo::Sha512]);
        assert_eq!(current, Some(Algo::Sha1));
        let (algos, current) = parse_hash_feat("sha-256;WHIRLPOOL;;");
        assert_eq!((algos, current), (vec![Algo::Sha256], None));
        assert_eq!(parse_hash_feat(""), (vec![], None));
    }

    #[test]
    fn x_verbs() {
        assert_eq!(Algo::from_x_verb("XSHA256"), Some(Algo::Sha256));
        assert_eq!(Algo::from_x_verb("xsha"), Some(Algo::Sha1));
        assert_eq!(Algo::from_x_verb("XCRC"), Some(Algo::Crc32));
        assert_eq!(Algo::from_x_verb("XSHA384"), None);
    }

    #[test]
    fn hash_reply_multi_line_digest_on_last_line() {
        let line = format!("SHA-256 0-1048576 {SHA256_HEX} one.bin");
        let r = parse_hash_reply(&reply(213, &["Computing SHA-256 digest", &line])).unwrap();
        assert_eq!(r, HashReply { algo: Algo::Sha256, start: 0, end: 1048576, hex: SHA256_HEX.into() });
        // A name with spaces after the digest does not matter.
        let line = format!("SHA-256 0-4 {} my file.txt", SHA256_HEX.to_uppercase());
        assert_eq!(parse_hash_reply(&reply(213, &[&line])).unwrap().hex, SHA256_HEX);
    }

    #[test]
    fn hash_reply_rejects_bad_input() {
        for bad in [
            reply(550, &["no such file"]),
            reply(213, &["SHA-256"]),
            reply(213, &[&format!("SHA-256 0-x {SHA256_HEX} f")]),
            reply(213, &[&format!("WHIRL 0-1 {SHA256_HEX} f")]),
            reply(213, &["SHA-256 0-1 abcd f"]),
            reply(213, &[&format!("SHA-256 0-1 {}zz f", &SHA256_HEX[2..])]),
            reply(213, &[]),
        ] {
            assert!(parse_hash_reply(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn x_replies() {
        let upper = SHA256_HEX.to_uppercase();
        assert_eq!(parse_x_reply(Algo::Sha256, &reply(250, &["Computing SHA256 digest", &upper])).unwrap(), SHA256_HEX);
        assert_eq!(parse_x_reply(Algo::Sha256, &reply(250, &[&format!("{upper} f.txt")])).unwrap(), SHA256_HEX);
        assert_eq!(parse_x_reply(Algo::Crc32, &reply(250, &["1A2B3C"])).unwrap(), "001a2b3c");
        assert!(parse_x_reply(Algo::Sha256, &reply(500, &["unknown"])).is_err());
        assert!(parse_x_reply(Algo::Sha1, &reply(250, &[&upper])).is_err());
        assert!(parse_x_reply(Algo::Sha256, &reply(250, &["\u{1b}[31m"])).is_err());
    }

    const MD5_HEX: &str = "900150983cd24fb0d6963f7d28e17f72";

    #[test]
    fn xmd5_replies_with_the_path_before_or_after() {
        let upper = MD5_HEX.to_uppercase();
        for line in [
            upper.clone(),
            format!("{upper} /dir/abc.txt"),
            format!("/dir/abc.txt {upper}"),
            format!("\"my file.txt\" {MD5_HEX}"),
            format!("my file.txt {MD5_HEX}"),
        ] {
            assert_eq!(parse_x_reply(Algo::Md5, &reply(250, &[&line])).as_deref(), Ok(MD5_HEX), "{line:?}");
        }
        // A path that looks like a digest loses to one of the exact length.
        let line = format!("deadbeef {MD5_HEX}");
        assert_eq!(parse_x_reply(Algo::Md5, &reply(250, &[&line])).as_deref(), Ok(MD5_HEX));
        for bad in ["", "abc.txt", "abc.txt 1234", &MD5_HEX[1..], &format!("{MD5_HEX}0"), &format!("{MD5_HEX}é")] {
            assert!(parse_x_reply(Algo::Md5, &reply(250, &[bad])).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn xcrc_replies_padded_prefixed_or_short() {
        for (line, want) in [
            ("1A2B3C4D", "1a2b3c4d"),
            ("0x1A2B3C4D", "1a2b3c4d"),
            ("0X00ab", "000000ab"),
            ("ab", "000000ab"),
            ("0", "00000000"),
            ("/f.bin 1A2B3C4D", "1a2b3c4d"),
            ("1A2B3C4D f.bin", "1a2b3c4d"),
            ("f.bin ab", "000000ab"),
        ] {
            assert_eq!(parse_x_reply(Algo::Crc32, &reply(250, &[line])).as_deref(), Ok(want), "{line:?}");
        }
        for bad in ["1A2B3C4D5", "0x", "0x0x1", "-1", "f.bin", "FFFFFFFFF", "0x１"] {
            assert!(parse_x_reply(Algo::Crc32, &reply(250, &[bad])).is_err(), "{bad:?}");
        }
        // HASH CRC32 replies go through the same padding.
        let r = parse_hash_reply(&reply(213, &["CRC32 0-3 352441C2 abc"])).unwrap();
        assert_eq!((r.algo, r.hex.as_str()), (Algo::Crc32, "352441c2"));
        let r = parse_hash_reply(&reply(213, &["MD5 0-3 900150983CD24FB0D6963F7D28E17F72 abc"])).unwrap();
        assert_eq!((r.algo, r.hex.as_str()), (Algo::Md5, MD5_HEX));
    }
}
