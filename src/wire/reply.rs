//! FTP replies (RFC 959 section 4.2), read with hard bounds.
//!
//! A reply is `ddd text` or a multi-line block opened by `ddd-` and closed by
//! a line starting `ddd `. The server is not trusted: each line and the whole
//! reply are bounded, so a hostile server cannot make the client buffer
//! without limit.

use std::io::{self, BufRead};
use std::time::Instant;

use crate::error::Error;

/// Longest reply line accepted, in bytes (including CRLF).
pub const MAX_LINE: usize = 8 * 1024;
/// Most lines in one multi-line reply (FEAT and HELP are the large ones).
pub const MAX_LINES: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    /// Text of each line with the code prefix of the first and last removed.
    pub lines: Vec<String>,
}

impl Reply {
    pub fn class(&self) -> u16 {
        self.code / 100
    }
    pub fn is_preliminary(&self) -> bool {
        self.class() == 1
    }
    /// The reply's text on one line, for messages.
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.text())
    }
}

/// Reads one bounded line (without its line terminator). `Ok(None)` at EOF
/// before any byte.
/// A `deadline` bounds the whole line, so a server trickling one byte at a
/// time cannot keep the client waiting forever.
pub fn read_line_bounded<R: BufRead + ?Sized>(
    r: &mut R,
    max: usize,
    deadline: Option<Instant>,
) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    loop {
        if deadline.is_some_and(|d| Instant::now() > d) {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "reply not complete before the deadline"));
        }
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if line.is_empty() {
                return Ok(None);
            }
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed in the middle of a line"));
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take > max {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("line longer than {max} bytes")));
        }
        line.extend_from_slice(&buf[..take]);
        r.consume(take);
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(line));
        }
    }
}

/// Parses replies from a buffered byte source.
pub struct ReplyReader;

impl ReplyReader {
    /// Reads one complete reply. I/O errors become connection errors (a
    /// timeout names the reply phase); malformed replies become
    /// [`Error::Protocol`].
    pub fn read<R: BufRead + ?Sized>(r: &mut R) -> Result<Reply, Error> {
        Self::read_until(r, None)
    }

    /// Like [`ReplyReader::read`], but the whole reply must arrive before `deadline`.
    pub fn read_until<R: BufRead + ?Sized>(r: &mut R, deadline: Option<Instant>) -> Result<Reply, Error> {
        let first = match read_line_bounded(r, MAX_LINE, deadline) {
            Ok(Some(l)) => l,
            Ok(None) => return Err(Error::ConnectionClosed),
            Err(e) => return Err(map_read_error(e)),
        };
        let first = String::from_utf8_lossy(&first).into_owned();
        let (code, sep, text) = split_code(&first)
            .ok_or_else(|| Error::Protocol(format!("malformed reply line from server: {:?}", truncate(&first))))?;
        let mut lines = vec![text.to_string()];
        if sep != '-' {
            return Ok(Reply { code, lines });
        }
        let closing = format!("{code} ");
        let bare = code.to_string();
        loop {
            if lines.len() >= MAX_LINES {
                return Err(Error::Protocol(format!("multi-line reply {code} exceeds {MAX_LINES} lines")));
            }
            let line = match read_line_bounded(r, MAX_LINE, deadline) {
                Ok(Some(l)) => String::from_utf8_lossy(&l).into_owned(),
                Ok(None) => return Err(Error::ConnectionClosed),
                Err(e) => return Err(map_read_error(e)),
            };
            if line.starts_with(&closing) || line == bare {
                lines.push(line[bare.len()..].trim_start().to_string());
                return Ok(Reply { code, lines });
            }
            lines.push(line);
        }
    }
}

fn map_read_error(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::InvalidData && e.get_ref().is_some_and(|i| i.to_string().starts_with("line longer")) {
        Error::Protocol(format!("server sent a reply line longer than {MAX_LINE} bytes"))
    } else {
        Error::from_io(e, crate::error::Phase::Reply)
    }
}

fn split_code(line: &str) -> Option<(u16, char, &str)> {
    let bytes = line.as_bytes();
    if bytes.len() < 3 || !bytes[..3].iter().all(u8::is_ascii_digit) {
        return None;
    }
    if !(b'1'..=b'5').contains(&bytes[0]) {
        return None;
    }
    let code: u16 = line[..3].parse().ok()?;
    match bytes.get(3) {
        None => Some((code, ' ', "")),
        Some(b' ') => Some((code, ' ', &line[4..])),
        Some(b'-') => Some((code, '-', &line[4..])),
        Some(_) => None,
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn parse(input: &[u8]) -> Result<Reply, Error> {
        ReplyReader::read(&mut Cursor::new(input))
    }

    #[test]
    fn single_line() {
        let r = parse(b"220 Welcome\r\n").unwrap();
        assert_eq!(r.code, 220);
        assert_eq!(r.text(), "Welcome");
        assert_eq!(parse(b"200\r\n").unwrap().code, 200);
        assert_eq!(parse(b"226 ok\n").unwrap().code, 226);
    }

    #[test]
    fn multi_line_with_inner_codes() {
        let input = b"211-Features:\r\n MLST type*;size*;\r\n EPSV\r\n211-not the end\r\n 211 still not\r\n211 End\r\n220 next\r\n";
        let mut c = Cursor::new(&input[..]);
        let r = ReplyReader::read(&mut c).unwrap();
        assert_eq!(r.code, 211);
        assert_eq!(r.lines.len(), 6);
        assert_eq!(r.lines[1], " MLST type*;size*;");
        assert_eq!(r.lines[5], "End");
        assert_eq!(ReplyReader::read(&mut c).unwrap().code, 220);
    }

    #[test]
    fn rejects_malformed_codes() {
        for bad in [&b"hello\r\n"[..], b"99 x\r\n", b"620 x\r\n", b"2200 x\r\n", b"22x y\r\n", b"\r\n"] {
            assert!(matches!(parse(bad), Err(Error::Protocol(_))), "{bad:?}");
        }
    }

    #[test]
    fn bounds_line_length_and_line_count() {
        let mut long = b"220 ".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_LINE * 4));
        long.extend_from_slice(b"\r\n");
        assert!(matches!(parse(&long), Err(Error::Protocol(m)) if m.contains("longer")));

        let mut endless = b"220-start\r\n".to_vec();
        for _ in 0..MAX_LINES + 5 {
            endless.extend_from_slice(b"more\r\n");
        }
        assert!(matches!(parse(&endless), Err(Error::Protocol(m)) if m.contains("lines")));
    }

    #[test]
    fn eof_is_connection_closed() {
        assert!(matches!(parse(b""), Err(Error::ConnectionClosed)));
        assert!(matches!(parse(b"220-a\r\nmore\r\n"), Err(Error::ConnectionClosed)));
    }

    #[test]
    fn deadline_bounds_a_trickling_reply() {
        /// Yields one byte per read, like a server speaking one byte a second.
        struct Trickle(Vec<u8>, usize);
        impl io::Read for Trickle {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                std::thread::sleep(std::time::Duration::from_millis(5));
                match self.0.get(self.1) {
                    Some(b) => {
                        buf[0] = *b;
                        self.1 += 1;
                        Ok(1)
                    }
                    None => Ok(0),
                }
            }
        }
        let mut r = io::BufReader::with_capacity(1, Trickle(b"220 a slow greeting\r\n".to_vec(), 0));
        let deadline = Instant::now() + std::time::Duration::from_millis(30);
        assert!(matches!(ReplyReader::read_until(&mut r, Some(deadline)), Err(Error::Timeout { .. })));
    }

    #[test]
    fn non_utf8_is_tolerated() {
        let r = parse(b"550 caf\xe9 not found\r\n").unwrap();
        assert_eq!(r.code, 550);
    }
}
