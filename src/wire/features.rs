//! What the server said it supports in its `FEAT` reply (RFC 2389), so the
//! driver can skip round trips that would fail anyway. A plain value parsed
//! from reply text, so it lives with the other reply parsers; the session
//! keeps one per connection and `ops::digest` reads it.

use crate::wire::Reply;
use crate::wire::digest::{self, Algo};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    pub mlsd: bool,
    /// MLST facts offered, lower-cased, without the `*` marks.
    pub mlst_facts: Vec<String>,
    pub epsv: bool,
    pub size: bool,
    pub mdtm: bool,
    pub mfmt: bool,
    pub rest_stream: bool,
    /// `RANG STREAM` (draft-bryan-ftp-range, ProFTPD): `RANG start end`
    /// before `RETR` limits the transfer to that byte range, and the
    /// server ends it cleanly.
    pub rang_stream: bool,
    pub utf8: bool,
    /// Algorithms `HASH` offers (draft-bryan-ftpext-hash), in FEAT order.
    pub hash: Vec<Algo>,
    /// The algorithm `HASH` uses now: FEAT's `*` mark, then whatever
    /// `OPTS HASH` last set (so it is sent once per session, not per file).
    pub hash_current: Option<Algo>,
    /// Algorithms offered as X-commands (`XSHA256`, `XMD5`, `XCRC`...).
    pub x_digests: Vec<Algo>,
    /// `MODE Z` (deflate on the data connection) is offered.
    pub mode_z: bool,
    /// `MODE Z` is on for this control connection: every data connection
    /// it opens carries one zlib stream (set after `MODE Z` got its 200).
    pub deflating: bool,
}

impl Features {
    /// Parses a 211 reply; anything else (500 on servers without FEAT) means
    /// no extensions.
    pub fn parse(reply: &Reply) -> Features {
        let mut f = Features::default();
        if reply.code != 211 {
            return f;
        }
        // The first and last lines are the reply's own text ("Features:", "End").
        let inner = reply.lines.iter().skip(1).take(reply.lines.len().saturating_sub(2));
        for line in inner {
            let line = line.trim();
            let (name, rest) = line.split_once(' ').unwrap_or((line, ""));
            match name.to_ascii_uppercase().as_str() {
                "MLST" | "MLSD" => {
                    f.mlsd = true;
                    if !rest.is_empty() {
                        f.mlst_facts = rest
                            .split(';')
                            .filter(|s| !s.is_empty())
                            .map(|s| s.trim_end_matches('*').to_ascii_lowercase())
                            .collect();
                    }
                }
                "EPSV" => f.epsv = true,
                "SIZE" => f.size = true,
                "MDTM" => f.mdtm = true,
                "MFMT" => f.mfmt = true,
                "REST" if rest.trim().eq_ignore_ascii_case("STREAM") => f.rest_stream = true,
                "RANG" if rest.trim().eq_ignore_ascii_case("STREAM") => f.rang_stream = true,
                "UTF8" => f.utf8 = true,
                "MODE" if rest.split_whitespace().any(|m| m.eq_ignore_ascii_case("Z")) => f.mode_z = true,
                "HASH" => (f.hash, f.hash_current) = digest::parse_hash_feat(rest),
                verb => {
                    if let Some(a) = Algo::from_x_verb(verb).filter(|a| !f.x_digests.contains(a)) {
                        f.x_digests.push(a);
                    }
                }
            }
        }
        f
    }

    /// What the server did not announce, for one line under `-v`: each is a
    /// check or a speed-up ftps then goes without (or tries and falls back).
    pub fn missing(&self) -> Vec<&'static str> {
        let absent = [
            (self.size, "SIZE (sizes come from listings, or are not checked)"),
            (self.mdtm, "MDTM"),
            (self.mlsd, "MLSD/MLST (listings parsed from LIST)"),
            (self.rest_stream, "REST STREAM (uploads are not resumed)"),
            (!self.hash.is_empty() || !self.x_digests.is_empty(), "digests (no HASH/XSHA*/XMD5/XCRC)"),
        ];
        absent.into_iter().filter(|(has, _)| !has).map(|(_, what)| what).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(code: u16, lines: &[&str]) -> Reply {
        Reply { code, lines: lines.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn proftpd_feat() {
        let r = reply(
            211,
            &[
                "Features:",
                " AUTH TLS",
                " EPSV",
                " MDTM",
                " MFMT",
                " MLST modify*;perm*;size*;type*;unique*;UNIX.group*;UNIX.mode*;",
                " REST STREAM",
                " SIZE",
                " UTF8",
                "End",
            ],
        );
        let f = Features::parse(&r);
        assert!(f.mlsd && f.epsv && f.mdtm && f.mfmt && f.rest_stream && f.size && f.utf8);
        assert!(!f.rang_stream);
        assert!(f.mlst_facts.contains(&"unix.mode".to_string()));
        assert!(f.mlst_facts.contains(&"modify".to_string()));
        assert!(f.hash.is_empty() && f.x_digests.is_empty());
        assert!(!f.mode_z);
    }

    #[test]
    fn proftpd_mod_deflate_feat() {
        let r = reply(211, &["Features:", " MDTM", " MODE Z", " PBSZ", "End"]);
        let f = Features::parse(&r);
        assert!(f.mode_z && f.mdtm);
        assert!(!f.deflating, "offered is not on");
        assert!(!Features::parse(&reply(211, &["Features:", " MODE B", "End"])).mode_z);
    }

    #[test]
    fn proftpd_mod_digest_feat() {
        let r = reply(
            211,
            &[
                "Features:",
                " HASH CRC32;MD5;SHA-1*;SHA-256;SHA-512;",
                " XCRC",
                " XMD5",
                " XSHA",
                " XSHA1",
                " XSHA256",
                " XSHA512",
                " SIZE",
                " RANG STREAM",
                "End",
            ],
        );
        let f = Features::parse(&r);
        assert!(f.rang_stream);
        assert_eq!(f.hash, vec![Algo::Crc32, Algo::Md5, Algo::Sha1, Algo::Sha256, Algo::Sha512]);
        assert_eq!(f.hash_current, Some(Algo::Sha1));
        assert_eq!(f.x_digests, vec![Algo::Crc32, Algo::Md5, Algo::Sha1, Algo::Sha256, Algo::Sha512]);
        assert!(f.size);
    }

    #[test]
    fn windows_servers_offering_only_md5_and_crc() {
        // Serv-U style: the X-commands with their argument syntax.
        let r = reply(211, &["Features", " XCRC \"filename\" SP EP", " XMD5 \"filename\" SP EP", " SIZE", "End"]);
        let f = Features::parse(&r);
        assert_eq!(f.x_digests, vec![Algo::Crc32, Algo::Md5]);
        assert!(f.hash.is_empty() && f.size);
        let f = Features::parse(&reply(211, &["Features:", " xcrc", " HASH CRC32*;MD5", "End"]));
        assert_eq!(
            (f.x_digests, f.hash, f.hash_current),
            (vec![Algo::Crc32], vec![Algo::Crc32, Algo::Md5], Some(Algo::Crc32))
        );
    }

    #[test]
    fn vsftpd_feat_has_no_mlsd() {
        let r = reply(211, &["Features:", " AUTH TLS", " EPRT", " EPSV", " MDTM", " PASV", " SIZE", " UTF8", "End"]);
        let f = Features::parse(&r);
        assert!(!f.mlsd && !f.mfmt && f.epsv && f.size);
    }

    #[test]
    fn no_feat_support() {
        assert_eq!(Features::parse(&reply(500, &["unknown command"])), Features::default());
    }
}
