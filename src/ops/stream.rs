//! Transfers to and from a byte stream (stdout, stdin) instead of a file:
//! `cat`, `get -o -`, `put -`. No `.part`, no resume: a stream cannot be
//! rewound. The checks are the file transfers' own: a download must match
//! the remote size (or end with `close_notify` when the server gives none),
//! an upload of unknown length is checked against the server's size after.
//! In ASCII mode (see [`super::ascii`]) only `close_notify` is checked.

use std::io::{Read, Write};

use crate::error::{Error, Result};
use crate::ops::transfer::{check_received, check_size, send_body};
use crate::ops::{Progress, ascii};
use crate::session::control::Session;
use crate::wire::Command;

/// Copies `remote` into `out`; returns the byte count.
pub fn fetch_to(s: &mut Session, remote: &str, out: &mut dyn Write, progress: &mut dyn Progress) -> Result<u64> {
    let ascii = s.options().ascii;
    let expected = s.size(remote)?;
    let label = format!("RETR {remote}");
    let mut data = s.open_data(Command::Retr(remote.into()))?;
    progress.begin(remote, expected);
    // Not a byte more than the server announced (as for files).
    let end = if ascii {
        ascii::read_text(&mut data, &mut *out, expected, &mut |n| progress.advance(n))
    } else {
        data.read_into(out, expected, &mut |n| progress.advance(n))
    };
    progress.end();
    let end = match end {
        Ok(end) => end,
        Err(e) => {
            drop(data);
            let _ = s.finish_data(&label);
            return Err(e);
        }
    };
    let closed = data.finish_read();
    s.finish_data(&label)?;
    drop(closed);
    out.flush().map_err(|e| Error::Local { action: "write", path: "standard output".into(), source: e })?;
    end.check_whole()?;
    check_received(remote, expected.filter(|_| !ascii), end.bytes, end.clean, "").map(|()| end.bytes)
}

/// Uploads everything `input` yields to `remote`; returns the byte count,
/// checked against the server's `SIZE` afterwards where it has one.
pub fn store_from(s: &mut Session, input: &mut dyn Read, remote: &str, progress: &mut dyn Progress) -> Result<u64> {
    let label = format!("STOR {remote}");
    let data = s.open_data(Command::Stor(remote.into()))?;
    progress.begin(remote, None);
    let ascii = s.options().ascii;
    let (data, sent) = send_body(s, data, &label, input, progress)?;
    let closed = data.finish_write()?;
    s.finish_data(&label)?;
    drop(closed);
    if s.features.size && !ascii {
        let reply = s.command(Command::Size(remote.into()))?;
        check_size(remote, &reply, sent)?;
    }
    Ok(sent)
}
