//! One `read` on a TLS stream, bounded by the socket's read timeout in
//! total (see `impl Read for Stream`), and a broken record reported with
//! the plaintext reply that broke it, when there was one (see [`super::tap`]).

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::Instant;

use rustls::{ClientConnection, StreamOwned};

use super::tap;
use crate::error::{Error, Phase};

pub(super) fn within_timeout(t: &mut StreamOwned<ClientConnection, TcpStream>, buf: &mut [u8]) -> io::Result<usize> {
    let Some(budget) = t.sock.read_timeout()? else { return t.read(buf) };
    let deadline = Instant::now() + budget;
    let mut shortened = false;
    let mut first = true;
    // A peer that closed makes sending what rustls queued fail; what it
    // sent before closing (a TLS alert, such as a refused client
    // certificate) is still read: it says more than the failed write.
    let mut unsent: Option<io::Error> = None;
    // What arrived in this call, for a plaintext reply where records were due.
    let mut seen = Vec::new();
    let result = loop {
        match t.conn.reader().read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            done => break done, // data, clean EOF (0) or an unclean one
        }
        // Send what rustls queued (alerts, key updates) before waiting.
        if unsent.is_none()
            && let Err(e) = flush_tls(t)
        {
            use io::ErrorKind as K;
            if !matches!(e.kind(), K::BrokenPipe | K::ConnectionReset | K::ConnectionAborted) {
                break Err(e);
            }
            unsent = Some(e);
        }
        if !first {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break Err(io::Error::new(io::ErrorKind::TimedOut, "read deadline passed"));
            }
            if let Err(e) = t.sock.set_read_timeout(Some(left)) {
                break Err(e);
            }
            shortened = true;
        }
        first = false;
        match t.conn.read_tls(&mut tap::Tap::new(&mut t.sock, &mut seen)) {
            // 0 is EOF: the reader says next round whether it was clean.
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(e),
        }
        if let Err(e) = t.conn.process_new_packets() {
            let _ = flush_tls(t); // the alert rustls queued, as its own Stream does
            let e = match Error::from_tls(e, Phase::Reply) {
                Error::TlsBroken { phase, source, .. } => {
                    let said = tap::plaintext_reply(&mut t.sock, &mut seen);
                    io::Error::new(io::ErrorKind::InvalidData, Error::TlsBroken { phase, source, said })
                }
                Error::Tls { source, .. } => io::Error::new(io::ErrorKind::InvalidData, source),
                other => io::Error::new(io::ErrorKind::InvalidData, other),
            };
            break Err(e);
        }
    };
    if shortened {
        let _ = t.sock.set_read_timeout(Some(budget));
    }
    match (result, unsent) {
        // Nothing better came in: the failed write is the news.
        (Err(e), Some(w)) if e.kind() != io::ErrorKind::InvalidData => Err(w),
        (result, _) => result,
    }
}

fn flush_tls(t: &mut StreamOwned<ClientConnection, TcpStream>) -> io::Result<()> {
    while t.conn.wants_write() {
        t.conn.write_tls(&mut t.sock)?;
    }
    Ok(())
}
