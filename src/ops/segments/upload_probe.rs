//! Whether a server takes ranged writes into one file from several
//! connections at once: measured, never assumed (see [`super::upload`]).
//!
//! The pattern of a real segmented upload, in miniature: `STOR` of `AAAA`
//! on the caller's session, left open, while a second login writes `CCCC`
//! at offset 8, past the end (`REST 8`, or `RANG 8 11` where offered), and
//! must finish; then the first sends `BBBB` and closes. The scratch file
//! must hold exactly `AAAABBBBCCCC` (`SIZE` where offered, and a `RETR`): a
//! server that refuses `REST` before `STOR`, makes the second wait for the
//! first (a lock on files being uploaded), ignores the offset or truncates
//! at it is found out here, before any byte of the real file moves.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::ops::remote_temp;
use crate::session::control::Session;
use crate::wire::Command;

const FIRST: &[u8] = b"AAAA";
const MIDDLE: &[u8] = b"BBBB";
const LAST: &[u8] = b"CCCC";
/// The longest the second write's login and transfer wait for any one
/// reply (its `--timeout`, when shorter): a server that holds the write
/// back while the first is open serialises uploads into one file. Each
/// wait is a round trip or two, so this allows links of up to about a
/// second; vsftpd's lock costs two such waits (measured: 3 s then).
const SECOND_WAIT: Duration = Duration::from_millis(1500);

/// The second write's wait for a server `rtt` away: ten round trips (a
/// reply is one, a TLS handshake two plus the server's work), at least
/// 0.3 s, at most [`SECOND_WAIT`]. On a 20 ms link vsftpd's lock then costs
/// 0.6 s, not 3 s: what an upload split by default can afford to ask.
pub fn second_wait(rtt: Duration) -> Duration {
    (rtt * 10).clamp(Duration::from_millis(300), SECOND_WAIT)
}

/// What [`probe`] found.
pub struct Probe {
    /// `None` when ranged writes work on this server; else why not.
    pub refused: Option<String>,
    /// The first write's data connection: its TLS and certificate
    /// fingerprint, as every range's connection resumes the same session
    /// (for receipts).
    pub tls: Option<crate::stream::TlsInfo>,
    pub cert: Option<String>,
}

/// Tries ranged writes on a scratch file. Leaves no scratch file behind
/// where the server lets it be deleted.
pub fn probe(s: &mut Session, scratch: &str, wait: Option<Duration>) -> Result<Probe> {
    let r = writes(s, scratch, wait.unwrap_or(SECOND_WAIT));
    remote_temp::discard(s, scratch);
    r
}

/// Makes the next `STOR` on `s` write from `start`: `RANG start end-1`
/// where the server offers `RANG STREAM` (ProFTPD refuses `REST` past the
/// end of the file, and every range but the first starts there), else
/// `REST start`; nothing for 0 (a plain `STOR`, which truncates).
pub fn position(s: &mut Session, start: u64, end: u64) -> Result<()> {
    if start > 0 && s.features.rang_stream && end > start {
        s.restart_at(0);
        s.expect(Command::Raw(format!("RANG {start} {}", end - 1)), &[350]).map(|_| ())
    } else {
        s.restart_at(start);
        Ok(())
    }
}

fn writes(s: &mut Session, scratch: &str, wait: Duration) -> Result<Probe> {
    let label = format!("STOR {scratch}");
    s.restart_at(0);
    let mut data = s.open_data(Command::Stor(scratch.into()))?;
    let (tls, cert) = (data.tls_info(), data.peer_cert_sha256());
    if let Err(e) = data.write_from(&mut &FIRST[..], &mut |_| {}) {
        drop(data);
        let _ = s.finish_data(&label);
        return Err(e);
    }
    let second = second_write(s, scratch, wait);
    // The first range goes on up to where the second began.
    let more = if second.is_ok() { data.write_from(&mut &MIDDLE[..], &mut |_| {}) } else { Ok(0) };
    if let Err(e) = more {
        drop(data);
        let _ = s.finish_data(&label);
        return Err(e);
    }
    let closed = data.finish_write()?;
    s.finish_data(&label)?;
    drop(closed);
    let refused = match second {
        Err(why) => Some(why),
        Ok(()) => check(s, scratch)?,
    };
    Ok(Probe { refused, tls, cert })
}

/// The second, ranged write past the end of the file, on a login of its
/// own while the first is open.
fn second_write(s: &Session, scratch: &str, wait: Duration) -> std::result::Result<(), String> {
    let mut opts = s.options().clone();
    opts.timeout = opts.timeout.min(wait);
    let mut two = Session::connect(opts).map_err(|e| format!("a second login failed ({e})"))?;
    let label = format!("STOR {scratch}");
    let at = (FIRST.len() + MIDDLE.len()) as u64;
    let r = (|| {
        position(&mut two, at, at + LAST.len() as u64)?;
        let mut data = two.open_data(Command::Stor(scratch.into()))?;
        data.write_from(&mut &LAST[..], &mut |_| {})?;
        let closed = data.finish_write()?;
        two.finish_data(&label)?;
        drop(closed);
        Ok::<(), Error>(())
    })();
    match r {
        Ok(()) => {
            two.quit();
            Ok(())
        }
        // Dropped, not quit: the server may still hold the second write.
        Err(Error::Timeout { .. }) => Err("a second STOR into the same file waits for the first to end \
                                            (the server locks files being uploaded, as vsftpd's \
                                            lock_upload_files does)"
            .into()),
        Err(Error::Remote { command, reply }) => Err(format!(
            "the server refused {command} at offset {at}, past the end of the file being written (reply {})",
            reply.code
        )),
        Err(e) => Err(format!("a ranged STOR on a second connection failed ({e})")),
    }
}

/// Whether the scratch file holds exactly the three writes.
fn check(s: &mut Session, scratch: &str) -> Result<Option<String>> {
    let want = [FIRST, MIDDLE, LAST].concat();
    if let Ok(Some(n)) = s.size(scratch)
        && n != want.len() as u64
    {
        return Ok(Some(format!(
            "two ranged writes left a file of {n} bytes, not {} (the server ignores the offset or truncates at it)",
            want.len()
        )));
    }
    let label = format!("RETR {scratch}");
    let mut data = s.open_data(Command::Retr(scratch.into()))?;
    let mut got = Vec::new();
    match data.read_into(&mut got, Some(64), &mut |_| {}) {
        Ok(_) => {
            let closed = data.finish_read();
            s.finish_data(&label)?;
            drop(closed);
        }
        Err(Error::Limit(_)) => {
            drop(data);
            let _ = s.finish_data(&label);
            return Ok(Some("the scratch file grew past the writes".into()));
        }
        Err(e) => return Err(e),
    }
    if got == want {
        return Ok(None);
    }
    let lost = got.len() == want.len() && got.get(..FIRST.len()) != Some(FIRST);
    Ok(Some(if lost {
        "a ranged STOR lost the bytes before its offset (the server truncates at the offset)".to_string()
    } else {
        format!("two ranged writes left {} bytes that are not both writes", got.len())
    }))
}
