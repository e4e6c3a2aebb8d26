//! What a TLS connection read just before its record layer failed, so a
//! plaintext FTP reply written where a record was due can be shown instead
//! of rustls' bare "corrupt message": a vsftpd session process that dies
//! writes `500 OOPS: ...` unencrypted onto the TLS control connection, and
//! some servers answer a ClientHello with a plaintext `502`. The reply says
//! why the connection is gone; the record error only says that it is.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Bytes kept per read window: one reply line, and the start of a record.
const KEEP: usize = 512;
/// How long a cut reply line may take to complete once the connection is
/// known to be broken (it is only for the message).
const LINE_WAIT: Duration = Duration::from_millis(300);
/// Longest reply text shown.
const SHOWN: usize = 200;

/// A socket that keeps a copy of the first [`KEEP`] bytes read through it.
pub(super) struct Tap<'a> {
    sock: &'a mut TcpStream,
    seen: &'a mut Vec<u8>,
}

impl<'a> Tap<'a> {
    pub(super) fn new(sock: &'a mut TcpStream, seen: &'a mut Vec<u8>) -> Self {
        Tap { sock, seen }
    }
}

impl Read for Tap<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.sock.read(buf)?;
        let room = KEEP.saturating_sub(self.seen.len());
        self.seen.extend_from_slice(buf.get(..n.min(room)).unwrap_or_default());
        Ok(n)
    }
}

impl Write for Tap<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sock.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.sock.flush()
    }
}

/// The plaintext FTP reply line among `seen`, read from `sock` to its end
/// when it was cut between two reads (briefly: the connection is already
/// lost). `None` when the bytes hold no reply.
pub(super) fn plaintext_reply(sock: &mut TcpStream, seen: &mut Vec<u8>) -> Option<String> {
    let start = reply_start(seen)?;
    let deadline = Instant::now() + LINE_WAIT;
    let restore = sock.read_timeout().ok().flatten();
    let mut buf = [0u8; KEEP];
    while !seen.get(start..).unwrap_or_default().contains(&b'\n') && seen.len() < KEEP {
        let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else { break };
        if sock.set_read_timeout(Some(left)).is_err() {
            break;
        }
        let room = KEEP - seen.len();
        match sock.read(buf.get_mut(..room).unwrap_or_default()) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(buf.get(..n).unwrap_or_default()),
        }
    }
    let _ = sock.set_read_timeout(restore);
    Some(reply_line(seen.get(start..).unwrap_or_default()))
}

/// Where a reply line starts: three digits (the first 1-5), a space or a
/// hyphen, then at least three printable characters. A TLS record starts
/// with a content-type byte below 0x20 (0x14-0x18), so a reply at the very
/// start is certain; elsewhere the printable run keeps ciphertext that
/// happens to hold digits from passing for one.
fn reply_start(seen: &[u8]) -> Option<usize> {
    (0..seen.len()).find(|&i| {
        let Some(head) = seen.get(i..i + 7) else { return false };
        matches!(head, [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9', b' ' | b'-', ..])
            && head.iter().skip(4).all(|b| b.is_ascii_graphic() || *b == b' ')
    })
}

/// The line's text (up to its line end, at most [`SHOWN`] bytes), decoded
/// leniently; controls are left for the printing side to escape.
fn reply_line(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|b| *b == b'\n' || *b == b'\r').unwrap_or(bytes.len()).min(SHOWN);
    String::from_utf8_lossy(bytes.get(..end).unwrap_or_default()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_found_at_the_start_or_after_a_record() {
        assert_eq!(reply_start(b"500 OOPS: priv_sock_get_cmd\r\n"), Some(0));
        let mut after_record = vec![0x17, 0x03, 0x03, 0x00, 0x02, 0xaa, 0xbb];
        after_record.extend_from_slice(b"421 Timeout.\r\n");
        assert_eq!(reply_start(&after_record), Some(7));
        assert_eq!(reply_start(b"\x16\x03\x03\x00\x7a\x02\x00"), None, "a TLS record is no reply");
        assert_eq!(reply_start(b"123 \x01\x02\x03"), None, "digits in ciphertext are no reply");
        assert_eq!(reply_start(b"500 OO"), None, "too little to tell");
    }

    #[test]
    fn the_line_is_cut_at_its_end_and_bounded() {
        assert_eq!(reply_line(b"500 OOPS: child died\r\nmore"), "500 OOPS: child died");
        let echo = b"502 Command not allowed: \x16\x03\x01\x02\x00\x01";
        assert_eq!(reply_line(echo), "502 Command not allowed: \u{16}\u{3}\u{1}\u{2}\u{0}\u{1}");
        assert_eq!(reply_line(&[b'5'; 1000]).len(), SHOWN);
    }

    use crate::error::{Error, Phase};
    use crate::stream::tests::{accept_tls, client, server_config, try_client};
    use std::net::TcpListener;

    /// A server that took the ClientHello for a command answers it in
    /// plaintext: shown, and worth another connection.
    #[test]
    fn a_plaintext_answer_to_the_client_hello_is_shown_and_transient() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut sock, _) = listener.accept().unwrap();
            let mut hello = [0u8; 64];
            let _ = sock.read(&mut hello);
            let _ = sock.write_all(b"502 Command not allowed: \x16\x03\x01\x02\r\n");
            std::thread::sleep(Duration::from_millis(500));
        });
        let e = try_client(addr).err().expect("no handshake");
        let _ = server.join();
        match &e {
            Error::TlsBroken { phase: Phase::TlsHandshake, said: Some(said), .. } => {
                assert!(said.starts_with("502 Command not allowed: \u{16}\u{3}"), "{said:?}")
            }
            other => panic!("{other:?}"),
        }
        assert!(e.is_transient(), "{e}");
        assert!(e.to_string().contains("answered the TLS handshake in plaintext: \"502 Command"), "{e}");
    }

    /// A session process that dies writes its last words unencrypted onto
    /// the established TLS connection: a lost connection, with those words.
    #[test]
    fn plaintext_on_an_established_connection_is_a_lost_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut sock, mut conn) = accept_tls(&listener, server_config());
            while conn.wants_write() {
                conn.write_tls(&mut sock).unwrap();
            }
            // Split in two writes: the line is read to its end.
            let _ = sock.write_all(b"500 OOPS: ");
            std::thread::sleep(Duration::from_millis(50));
            let _ = sock.write_all(b"priv_sock_get_cmd\r\n");
            std::thread::sleep(Duration::from_millis(500));
        });
        let mut stream = client(addr);
        let mut buf = [0u8; 64];
        let e = loop {
            match stream.read(&mut buf) {
                Ok(0) => panic!("a clean end"),
                Ok(_) => continue,
                Err(e) => break Error::from_io(e, Phase::Reply),
            }
        };
        let _ = server.join();
        match &e {
            Error::TlsBroken { phase: Phase::Reply, said: Some(said), .. } => {
                assert_eq!(said, "500 OOPS: priv_sock_get_cmd")
            }
            other => panic!("{other:?}"),
        }
        assert!(e.is_transient());
        assert_eq!(e.kind(), crate::error::ErrorKind::Connection);
    }
}
