//! FTP replies (RFC 959 section 4.2), read with hard bounds.
//!
//! A reply is `ddd text` or a multi-line block opened by `ddd-` and closed by
//! a line starting `ddd `. The server is not trusted: each line and the whole
//! reply are bounded, so a hostile server cannot make the client buffer
//! without limit.

use std::io::{self, BufRead};
use std::time::{Duration, Instant};

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

/// When the lines of a reply must arrive. A plain reply has one deadline
/// for the whole of it. A reply the server may take long over (a digest of
/// a big file) is lively: each line received allows the next `idle` more
/// (never less than the first line had), so a server reporting progress
/// (`213-` lines) may go on while one that falls silent is caught after
/// `idle`; `most` still ends it, however often the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    first: Instant,
    idle: Duration,
    most: Instant,
}

impl Due {
    /// The whole reply by `deadline`.
    pub fn at(deadline: Instant) -> Due {
        Due { first: deadline, idle: Duration::ZERO, most: deadline }
    }

    /// The first line by `first`, each further one within `idle` of the one
    /// before (or by `first`, whichever is later), none after `most`.
    pub fn lively(first: Instant, idle: Duration, most: Instant) -> Due {
        Due { first: first.min(most), idle, most }
    }

    /// When the line after one received at `now` is due.
    fn after_line(&self, now: Instant) -> Instant {
        now.checked_add(self.idle).unwrap_or(self.most).max(self.first).min(self.most)
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
        match deadline {
            Some(d) => Self::read_due(r, Due::at(d), &mut |_, _| {}, &mut |_| {}),
            None => assemble(&mut || read_line_bounded(r, MAX_LINE, None), &mut |_| {}),
        }
    }

    /// Reads one reply whose lines are due as `due` says. Before each line
    /// `arm` gets the source and the time that line is due, so that a
    /// source which blocks (a socket) can be told how long it may; `seen`
    /// gets each line as it arrives (as sent, code included), so a caller
    /// can show a server's progress before the reply is complete.
    pub fn read_due<R: BufRead + ?Sized>(
        r: &mut R,
        due: Due,
        arm: &mut dyn FnMut(&mut R, Instant),
        seen: &mut dyn FnMut(&str),
    ) -> Result<Reply, Error> {
        let mut by = due.first;
        let (mut lines, mut capped) = (0usize, false);
        let mut next = || {
            // Only a reply that kept coming meets `most` rather than its idle deadline.
            capped = lines > 0 && by >= due.most && due.most > due.first;
            arm(r, by);
            let line = read_line_bounded(r, MAX_LINE, Some(by));
            by = due.after_line(Instant::now());
            lines += 1;
            line
        };
        match assemble(&mut next, seen) {
            Err(Error::Timeout { .. }) if capped => Err(Error::Limit(format!(
                "the server was still sending its reply after {} lines and the longest wait allowed for it; \
                 giving up on it",
                lines.saturating_sub(1)
            ))),
            other => other,
        }
    }
}

/// The one parser of a reply's lines, as `next` yields them, with the
/// bounds on line count (each line's length is `next`'s to bound).
fn assemble(next: &mut dyn FnMut() -> io::Result<Option<Vec<u8>>>, seen: &mut dyn FnMut(&str)) -> Result<Reply, Error> {
    let mut line = || match next() {
        Ok(Some(l)) => {
            let l = String::from_utf8_lossy(&l).into_owned();
            seen(&l);
            Ok(l)
        }
        Ok(None) => Err(Error::ConnectionClosed),
        Err(e) => Err(map_read_error(e)),
    };
    let first = line()?;
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
        let line = line()?;
        if line.starts_with(&closing) || line == bare {
            lines.push(line[bare.len()..].trim_start().to_string());
            return Ok(Reply { code, lines });
        }
        lines.push(line);
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

    /// Canned replies delivered slowly: each piece after its delay, as a
    /// socket would, except that a read the deadline (from `arm`) ends
    /// first fails as a socket timeout does. No piece left: EOF.
    struct Slow {
        script: std::collections::VecDeque<(u64, Vec<u8>)>,
        deadline: Option<Instant>,
    }

    impl io::Read for Slow {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((delay_ms, bytes)) = self.script.front_mut() else { return Ok(0) };
            let now = Instant::now();
            let ready = now + Duration::from_millis(*delay_ms);
            if let Some(d) = self.deadline.filter(|d| *d < ready) {
                std::thread::sleep(d.saturating_duration_since(now));
                *delay_ms = u64::try_from(ready.saturating_duration_since(Instant::now()).as_millis()).unwrap();
                return Err(io::Error::new(io::ErrorKind::WouldBlock, "socket timeout"));
            }
            std::thread::sleep(ready.saturating_duration_since(now));
            let n = bytes.len().min(buf.len());
            buf[..n].copy_from_slice(&bytes[..n]);
            bytes.drain(..n);
            if bytes.is_empty() {
                self.script.pop_front();
            } else {
                *delay_ms = 0;
            }
            Ok(n)
        }
    }

    fn slow(pieces: &[(u64, &str)]) -> io::BufReader<Slow> {
        let script = pieces.iter().map(|(d, t)| (*d, t.as_bytes().to_vec())).collect();
        io::BufReader::new(Slow { script, deadline: None })
    }

    const MS: Duration = Duration::from_millis(1);

    /// Reads with `due` built from offsets (ms from now); what `seen` got too.
    fn read_lively(
        r: &mut io::BufReader<Slow>,
        first: u32,
        idle: u32,
        most: u32,
    ) -> (Result<Reply, Error>, Vec<String>) {
        let now = Instant::now();
        let due = Due::lively(now + MS * first, MS * idle, now + MS * most);
        let mut seen = Vec::new();
        let got = ReplyReader::read_due(r, due, &mut |r, by| r.get_mut().deadline = Some(by), &mut |l| {
            seen.push(l.to_string())
        });
        (got, seen)
    }

    /// Progress lines every 100 ms for 700 ms, idle 250 ms: each line buys
    /// the next, so the digest arrives long after the first deadline. The
    /// same bytes under one fixed deadline (today's plain reply) time out.
    #[test]
    fn progress_lines_keep_a_lively_reply_alive() {
        let mut pieces = vec![(0, "213-Computing SHA-256 digest\r\n")];
        pieces.extend(std::iter::repeat_n((100, "213-Computing...\r\n"), 6));
        pieces.push((100, "213 SHA-256 0-3 abc /f\r\n"));
        let (got, seen) = read_lively(&mut slow(&pieces), 250, 250, 5000);
        let reply = got.unwrap();
        assert_eq!(reply.code, 213);
        assert_eq!(reply.lines.last().unwrap(), "SHA-256 0-3 abc /f");
        assert_eq!(seen.len(), 8, "{seen:?}");
        assert_eq!(seen[0], "213-Computing SHA-256 digest");

        let mut r = slow(&pieces);
        let deadline = Instant::now() + MS * 250;
        let fixed =
            ReplyReader::read_due(&mut r, Due::at(deadline), &mut |r, by| r.get_mut().deadline = Some(by), &mut |_| {});
        assert!(matches!(fixed, Err(Error::Timeout { .. })), "{fixed:?}");
    }

    /// A server that falls silent after a progress line is caught an idle
    /// period later, not at the overall bound.
    #[test]
    fn silence_after_a_progress_line_is_a_timeout() {
        let r = &mut slow(&[(0, "213-Computing...\r\n"), (3_600_000, "213 never\r\n")]);
        let started = Instant::now();
        let (got, seen) = read_lively(r, 200, 200, 60_000);
        assert!(matches!(got, Err(Error::Timeout { .. })), "{got:?}");
        assert_eq!(seen, ["213-Computing..."]);
        let took = started.elapsed();
        assert!(took >= MS * 200 && took < MS * 2000, "{took:?}");
    }

    /// The first line may take its whole wait (a server hashing silently),
    /// and a line received early never shortens it.
    #[test]
    fn a_line_never_shortens_the_first_wait() {
        let r = &mut slow(&[(0, "213-Computing...\r\n"), (400, "213 SHA-256 0-3 abc f\r\n")]);
        let (got, _) = read_lively(r, 700, 100, 5000);
        assert_eq!(got.unwrap().code, 213);
        let r = &mut slow(&[(400, "213 SHA-256 0-3 abc f\r\n")]);
        assert_eq!(read_lively(r, 700, 100, 5000).0.unwrap().code, 213);
    }

    /// Progress forever: bounded in time by `most` (a limit, not a silent
    /// server), and in size by the line count however fast it comes.
    #[test]
    fn endless_progress_is_bounded() {
        let pieces = vec![(50, "213-Computing...\r\n"); 1000];
        let started = Instant::now();
        let (got, seen) = read_lively(&mut slow(&pieces), 200, 200, 600);
        assert!(matches!(&got, Err(Error::Limit(m)) if m.contains("still sending")), "{got:?}");
        assert!(started.elapsed() < MS * 3000, "{:?}", started.elapsed());
        assert!(seen.len() > 3 && seen.len() < 20, "{}", seen.len());

        let pieces = vec![(0, "213-Computing...\r\n"); MAX_LINES + 10];
        let (got, seen) = read_lively(&mut slow(&pieces), 1000, 1000, 60_000);
        assert!(matches!(&got, Err(Error::Protocol(m)) if m.contains("lines")), "{got:?}");
        assert_eq!(seen.len(), MAX_LINES);
        // Garbage instead of a reply ends at its first line.
        let (got, _) = read_lively(&mut slow(&[(0, "\u{1b}[2J hello\r\n")]), 1000, 1000, 60_000);
        assert!(matches!(&got, Err(Error::Protocol(m)) if m.contains("malformed")), "{got:?}");
    }

    #[test]
    fn non_utf8_is_tolerated() {
        let r = parse(b"550 caf\xe9 not found\r\n").unwrap();
        assert_eq!(r.code, 550);
    }
}
