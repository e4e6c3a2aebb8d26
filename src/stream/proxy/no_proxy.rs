//! `NO_PROXY`: the hosts reached directly although a proxy is set. Read as
//! curl reads it (its `CURLOPT_NOPROXY` documentation and `lib/noproxy.c`),
//! so one variable serves both tools:
//!
//! - entries are separated by commas and/or blanks, compared without case;
//! - `*` matches every host;
//! - a name matches itself and its subdomains, with or without a leading
//!   dot: `example.com` and `.example.com` both match `example.com` and
//!   `ftp.example.com`, never `badexample.com`; trailing dots are ignored;
//! - an IP address matches itself, `addr/bits` a CIDR block (`10.0.0.0/8`,
//!   `fd00::/8`); IPv6 with or without brackets. Nothing is resolved: a
//!   name never matches a host typed as an address, nor the reverse.
//!
//! Where this goes beyond curl (which never matches such entries, so a list
//! written for curl means the same here): `*` as one entry of a longer list
//! (curl honours only a lone `*`), `*.example.com` read as `.example.com`,
//! and `entry:port` (`ftp.example.com:990`, `10.0.0.1:21`, `[::1]:2121`)
//! matching only connections to that port, as Go's `net/http` reads it.
//! An entry that cannot be read (`10.0.0.0/99`, `host:notaport`) matches
//! nothing, as in curl.

use std::net::IpAddr;

/// Whether `list` exempts a connection to `host:port` from the proxy.
pub(super) fn matches(list: &str, host: &str, port: u16) -> bool {
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let ip = host.parse::<IpAddr>().ok().map(|a| a.to_canonical());
    list.split(|c: char| c == ',' || c.is_ascii_whitespace()).filter_map(entry).any(|(pattern, only)| {
        only.is_none_or(|p| p == port)
            && match pattern {
                Pattern::Any => true,
                Pattern::Name(name) => {
                    ip.is_none() && (host == name || host.strip_suffix(&name).is_some_and(|p| p.ends_with('.')))
                }
                Pattern::Net(net, bits) => ip.is_some_and(|a| in_block(a, net, bits)),
            }
    })
}

#[derive(Debug, PartialEq)]
enum Pattern {
    Any,
    /// Lower case, without leading or trailing dots.
    Name(String),
    /// An address block: the address and its prefix length.
    Net(IpAddr, u8),
}

/// One entry and the port it is limited to, or `None` when it cannot be
/// read (so it matches nothing).
fn entry(text: &str) -> Option<(Pattern, Option<u16>)> {
    if text == "*" {
        return Some((Pattern::Any, None));
    }
    // `[v6]`, `[v6]:port`, `[v6]/bits`, `[v6/bits]`, `[v6]/bits:port`.
    if let Some(rest) = text.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        let (after, port) = match after.split_once(':') {
            Some((a, p)) => (a, Some(p.parse().ok()?)),
            None => (after, None),
        };
        let block = match after.strip_prefix('/') {
            Some(bits) if !inner.contains('/') => format!("{inner}/{bits}"),
            None if after.is_empty() => inner.to_string(),
            _ => return None,
        };
        return Some((ip_block(&block)?, port));
    }
    // One colon is `host:port`; more make an IPv6 address without a port.
    let (body, port) = match text.split_once(':') {
        Some((b, p)) if !p.contains(':') => (b, Some(p.parse().ok()?)),
        _ => (text, None),
    };
    if let Some(block) = ip_block(body) {
        return Some((block, port));
    }
    if body.contains('/') {
        return None; // a block that did not parse: matches nothing
    }
    let name = body.strip_prefix("*.").or_else(|| body.strip_prefix('.')).unwrap_or(body);
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    if name.is_empty() || name.contains('*') {
        return None;
    }
    Some((Pattern::Name(name), port))
}

/// `addr` (a block of one) or `addr/bits`.
fn ip_block(text: &str) -> Option<Pattern> {
    let (addr, bits) = match text.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let addr = addr.parse::<IpAddr>().ok()?.to_canonical();
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let bits = match bits {
        Some(b) => b.parse::<u8>().ok().filter(|b| *b <= max)?,
        None => max,
    };
    Some(Pattern::Net(addr, bits))
}

fn in_block(a: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (a, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(list: &str, host: &str) -> bool {
        matches(list, host, 21)
    }

    #[test]
    fn names_and_subdomains() {
        for list in ["example.com", ".example.com", "*.example.com", "EXAMPLE.com.", " x.org ,, example.com "] {
            for host in ["example.com", "ftp.example.com", "a.b.EXAMPLE.COM", "example.com."] {
                assert!(m(list, host), "{list:?} should match {host:?}");
            }
            for host in ["badexample.com", "example.org", "example.com.evil", "com", "10.0.0.1"] {
                assert!(!m(list, host), "{list:?} should not match {host:?}");
            }
        }
        assert!(m("localhost other.example", "localhost"), "blanks separate too, as in curl");
        assert!(m("a.org\tlocalhost", "localhost"));
        assert!(!m("", "localhost") && !m(" , ,", "localhost"));
    }

    #[test]
    fn the_wildcard() {
        assert!(m("*", "anything.example") && m("*", "::1") && m("*", "10.0.0.1"));
        assert!(m("example.org, *", "elsewhere"), "a * entry in a list");
        assert!(!m("*example.com", "badexample.com"), "no other wildcard");
        assert!(!m("ex*.com", "example.com"));
    }

    #[test]
    fn addresses_and_blocks() {
        assert!(m("10.1.2.3", "10.1.2.3"));
        assert!(!m("10.1.2.3", "10.1.2.30"));
        // An address is not a name: no suffix matching on its digits.
        assert!(!m("2.3", "10.1.2.3") && !m("1.2.3", "10.1.2.3"));
        assert!(!m("localhost", "127.0.0.1"), "nothing is resolved");
        assert!(m("127.0.0.0/8", "127.0.0.1") && m("127.0.0.0/8", "127.255.0.9"));
        assert!(!m("127.0.0.0/8", "128.0.0.1"));
        assert!(m("192.168.0.0/16", "192.168.77.1") && !m("192.168.0.0/16", "192.169.0.1"));
        assert!(m("10.0.0.7/32", "10.0.0.7") && !m("10.0.0.7/32", "10.0.0.8"));
        assert!(m("0.0.0.0/0", "203.0.113.5") && !m("0.0.0.0/0", "::1"));
        assert!(m("10.9.9.9/8", "10.1.1.1"), "host bits in the block are ignored");
        for v6 in ["::1", "[::1]", "::1/128", "[::1]/128", "[::1/128]", "::/0"] {
            assert!(m(v6, "::1") && m(v6, "[::1]"), "{v6}");
        }
        assert!(m("fd00::/8", "fd12:3456::1") && !m("fd00::/8", "fe80::1"));
        assert!(m("2001:DB8::/32", "2001:db8:ffff::1") && !m("2001:db8::/32", "2001:db9::1"));
        assert!(!m("::1", "::2") && !m("::1", "127.0.0.1"));
        // A mapped IPv4 host is that IPv4 address.
        assert!(m("10.0.0.0/8", "::ffff:10.0.0.1"));
        for unreadable in ["10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/", "a.b/8", "[::1", "[::1]x", "[zz]"] {
            assert!(!m(unreadable, "10.0.0.1") && !m(unreadable, "::1") && !m(unreadable, "a.b"), "{unreadable}");
        }
    }

    #[test]
    fn optional_ports() {
        assert!(matches("ftp.example.com:990", "ftp.example.com", 990));
        assert!(!matches("ftp.example.com:990", "ftp.example.com", 21));
        assert!(matches("example.com:21", "a.example.com", 21), "subdomains too");
        assert!(matches("10.0.0.1:21", "10.0.0.1", 21) && !matches("10.0.0.1:21", "10.0.0.1", 2121));
        assert!(matches("[::1]:2121", "::1", 2121) && !matches("[::1]:2121", "::1", 21));
        assert!(matches("[fd00::]/8:21", "fd00::5", 21) && !matches("[fd00::]/8:21", "fd00::5", 22));
        // Without brackets every colon belongs to the IPv6 address.
        assert!(matches("::1", "::1", 2121));
        assert!(!matches("host:port", "host", 21) && !matches("host:70000", "host", 4464));
        assert!(matches("example.com", "example.com", 65535), "no port: every port");
    }
}
