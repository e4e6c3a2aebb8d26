//! Parsers for the text of replies that carry data: the passive port of
//! `229`/`227` and the path of `257`. Pure functions over [`Reply`] text, so
//! the session layer only acts on what they return.

use crate::error::{Error, Result};
use crate::wire::Reply;

/// `229 Entering Extended Passive Mode (|||6446|)`: the port between the
/// delimiters (RFC 2428; the delimiter is whatever character follows `(`).
pub fn parse_epsv(reply: &Reply) -> Result<u16> {
    let text = reply.text();
    let bad = || Error::Protocol(format!("unparsable EPSV reply: {reply}"));
    let open = text.find('(').ok_or_else(bad)?;
    let inner = &text[open + 1..];
    let close = inner.find(')').ok_or_else(bad)?;
    let inner = &inner[..close];
    let delim = inner.chars().next().ok_or_else(bad)?;
    let parts: Vec<&str> = inner.split(delim).collect();
    match parts.as_slice() {
        ["", "", "", port, ""] => port.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)`, parentheses optional.
pub fn parse_pasv(reply: &Reply) -> Result<([u8; 4], u16)> {
    let text = reply.text();
    let bad = || Error::Protocol(format!("unparsable PASV reply: {reply}"));
    let start = text.find(|c: char| c.is_ascii_digit()).ok_or_else(bad)?;
    let nums: Vec<u8> = text[start..]
        .split(|c: char| !c.is_ascii_digit())
        .take(6)
        .map(|n| n.parse::<u8>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| bad())?;
    match nums.as_slice() {
        [a, b, c, d, p1, p2] => {
            let port = u16::from(*p1) << 8 | u16::from(*p2);
            if port == 0 {
                return Err(bad());
            }
            Ok(([*a, *b, *c, *d], port))
        }
        _ => Err(bad()),
    }
}

/// The path in a 257 reply: `"/a ""quoted"" dir" is current` (RFC 959 doubles quotes).
pub fn quoted_path(text: &str) -> Option<String> {
    let start = text.find('"')? + 1;
    let mut out = String::new();
    let mut chars = text.get(start..)?.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            if chars.peek() == Some(&'"') {
                chars.next();
                out.push('"');
            } else {
                return Some(out);
            }
        } else {
            out.push(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(code: u16, text: &str) -> Reply {
        Reply { code, lines: vec![text.into()] }
    }

    #[test]
    fn epsv_ports() {
        assert_eq!(parse_epsv(&r(229, "Entering Extended Passive Mode (|||6446|)")).unwrap(), 6446);
        assert_eq!(parse_epsv(&r(229, "EPSV ok (!!!40000!)")).unwrap(), 40000);
        for bad in ["no parens", "(|||0|)", "(|||70000|)", "(||1|2|)", "(|||x|)", "()", "(|||5"] {
            assert!(parse_epsv(&r(229, bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn pasv_ports() {
        let (ip, port) = parse_pasv(&r(227, "Entering Passive Mode (10,9,8,7,195,80).")).unwrap();
        assert_eq!(ip, [10, 9, 8, 7]);
        assert_eq!(port, 195 * 256 + 80);
        assert_eq!(parse_pasv(&r(227, "=127,0,0,1,4,1")).unwrap().1, 1025);
        for bad in ["(1,2,3,4,5)", "(1,2,3,4,256,1)", "(1,2,3,4,0,0)", "nothing", "(a,b,c,d,e,f)"] {
            assert!(parse_pasv(&r(227, bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn pwd_quoting() {
        assert_eq!(quoted_path("\"/home/x\" is the current directory").as_deref(), Some("/home/x"));
        assert_eq!(quoted_path("\"/a \"\"b\"\"\" ok").as_deref(), Some("/a \"b\""));
        assert_eq!(quoted_path("no quotes"), None);
        assert_eq!(quoted_path("\"unterminated"), None);
    }
}
