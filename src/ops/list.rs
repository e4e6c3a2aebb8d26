//! Directory listings: MLSD where offered (exact facts, UTC times), LIST
//! otherwise, parsed tolerantly; unparsable lines are kept for reporting.

use chrono::Utc;

use crate::control::Session;
use crate::error::{Error, Result};
use crate::listing::{Entry, ParseError, list, mlsd};
use crate::wire::Command;

/// Largest listing accepted from a server, to bound memory.
pub const MAX_LISTING_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    /// Lines no parser understood; shown to the user, never silently dropped.
    pub unparsed: Vec<ParseError>,
}

/// Lists `path` (a directory, or a single file), relative to the login
/// directory unless it starts with `/`; empty means the login directory.
pub fn list(s: &mut Session, path: &str) -> Result<Listing> {
    let arg = (!path.is_empty()).then(|| path.to_string());
    if s.features.mlsd {
        match fetch(s, Command::Mlsd(arg.clone())) {
            Ok(text) => return Ok(parse(&text, true)),
            Err(Error::Remote { reply, .. }) if matches!(reply.code, 501 | 550) && arg.is_some() => {
                // Not a directory: MLST describes a single file.
                return mlst(s, path, reply);
            }
            Err(e) => return Err(e),
        }
    }
    let text = fetch(s, Command::List(arg.clone()))?;
    let listing = parse(&text, false);
    if listing.entries.is_empty() && listing.unparsed.is_empty() && arg.is_some() {
        // vsftpd answers LIST of a missing path with an empty listing and 226;
        // tell "empty directory" from "no such path" with a CWD round trip.
        ensure_directory(s, path)?;
    }
    Ok(listing)
}

fn fetch(s: &mut Session, cmd: Command) -> Result<Vec<u8>> {
    let label = cmd.to_string();
    let mut data = s.open_data(cmd)?;
    let mut buf = Vec::new();
    let end = data.read_into(&mut buf, Some(MAX_LISTING_BYTES), &mut |_| {})?;
    let closed = data.finish_read();
    s.finish_data(&label)?;
    drop(closed);
    let _ = end; // A listing cut short still parses line by line; the 226 decides.
    Ok(buf)
}

fn mlst(s: &mut Session, path: &str, mlsd_refusal: crate::wire::Reply) -> Result<Listing> {
    let reply = s.command(Command::Mlst(Some(path.into())))?;
    if reply.code != 250 {
        return Err(Error::Remote { command: format!("MLSD {path}"), reply: mlsd_refusal });
    }
    // Facts are on the lines between the first and last; the name is the full path.
    let mut listing = Listing::default();
    for line in reply.lines.iter().skip(1).take(reply.lines.len().saturating_sub(2)) {
        match mlsd::parse_line(line) {
            Ok(Some(mut e)) => {
                if let Some(base) = e.name.rsplit('/').next() {
                    e.name = base.to_string();
                }
                listing.entries.push(e)
            }
            Ok(None) => {}
            Err(err) => listing.unparsed.push(err),
        }
    }
    Ok(listing)
}

fn ensure_directory(s: &mut Session, path: &str) -> Result<()> {
    let pwd = s.expect(Command::Pwd, &[257])?;
    let here = quoted_path(&pwd.text()).ok_or_else(|| Error::Protocol(format!("unparsable PWD reply: {pwd}")))?;
    s.expect(Command::Cwd(path.into()), &[200, 250])?;
    s.expect(Command::Cwd(here), &[200, 250])?;
    Ok(())
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

/// Parses listing bytes line by line (CRLF or LF, invalid UTF-8 replaced).
pub fn parse(bytes: &[u8], machine: bool) -> Listing {
    let text = String::from_utf8_lossy(bytes);
    let now = Utc::now();
    let mut listing = Listing::default();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let parsed = if machine { mlsd::parse_line(line) } else { list::parse_line(line, now) };
        match parsed {
            Ok(Some(e)) => listing.entries.push(e),
            Ok(None) => {}
            Err(err) => listing.unparsed.push(err),
        }
    }
    listing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pwd_quoting() {
        assert_eq!(quoted_path("\"/home/x\" is the current directory").as_deref(), Some("/home/x"));
        assert_eq!(quoted_path("\"/a \"\"b\"\"\" ok").as_deref(), Some("/a \"b\""));
        assert_eq!(quoted_path("no quotes"), None);
        assert_eq!(quoted_path("\"unterminated"), None);
    }
}
