//! Directory listings: MLSD where offered (exact facts, UTC times), LIST
//! otherwise, parsed tolerantly; unparsable lines are kept for reporting.

use chrono::Utc;

use crate::error::{Error, Result};
use crate::listing::{Entry, ParseError, list, mlsd};
use crate::session::control::Session;
use crate::wire::Command;
use crate::wire::text::quoted_path;

/// Largest listing accepted from a server, to bound memory.
pub const MAX_LISTING_BYTES: u64 = 64 * 1024 * 1024;
/// Most entries one listing may hold: each costs an allocation however
/// short its line, so bytes alone do not bound memory.
pub const MAX_LISTING_ENTRIES: usize = 1_000_000;
/// Most unparsable lines one listing may hold before it is refused as
/// not a listing at all.
pub const MAX_UNPARSED: usize = 1000;

#[derive(Debug, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    /// Lines no parser understood; shown to the user, never silently dropped.
    pub unparsed: Vec<ParseError>,
    /// The data connection ended without TLS `close_notify`.
    pub unclean_end: bool,
    /// The last line had no line break, so it was cut in the middle; it is
    /// kept here and never parsed (a cut name would be a phantom entry).
    pub cut_line: Option<String>,
}

impl Listing {
    /// Why this listing may not be the whole directory, if it may not. The one
    /// rule for everything that acts on absence (mirror deletions, `rm -r`):
    /// complete means the server's `close_notify`, a final line break, and
    /// every line understood.
    pub fn gap(&self) -> Option<String> {
        if self.unclean_end {
            Some(
                "the data connection ended without TLS close_notify (or, compressed, before the final \
                 block of its MODE Z stream), so the listing may be cut short"
                    .into(),
            )
        } else if let Some(line) = &self.cut_line {
            Some(format!("its last line has no line break (cut in the middle: {line:?})"))
        } else {
            let n = self.unparsed.len();
            self.unparsed.first().map(|first| format!("{n} line(s) could not be parsed, e.g. {first}"))
        }
    }

    /// This listing, or an error when it may be incomplete (see [`Listing::gap`]).
    pub fn require_complete(self, dir: &str) -> Result<Listing> {
        match self.gap() {
            None => Ok(self),
            Some(why) => Err(Error::IncompleteListing { dir: dir.to_string(), why }),
        }
    }
}

/// Lists `path` (a directory, or a single file), relative to the login
/// directory unless it starts with `/`; empty means the login directory.
pub fn list(s: &mut Session, path: &str) -> Result<Listing> {
    let arg = (!path.is_empty()).then(|| path.to_string());
    if s.features.mlsd {
        match fetch(s, Command::Mlsd(arg.clone())) {
            Ok((text, clean)) => return with_end(parse(&text, true), clean),
            Err(Error::Remote { reply, .. }) if matches!(reply.code, 501 | 550) && arg.is_some() => {
                // Not a directory: MLST describes a single file.
                return mlst(s, path, reply);
            }
            Err(e) => return Err(missing_or(s, path, e)),
        }
    }
    let (text, clean) = fetch(s, Command::List(arg.clone())).map_err(|e| missing_or(s, path, e))?;
    let listing = with_end(parse(&text, false), clean)?;
    if listing.entries.is_empty() && listing.unparsed.is_empty() && arg.is_some() {
        // vsftpd answers LIST of a missing path with an empty listing and 226;
        // tell "empty directory" from "no such path" with a CWD round trip.
        ensure_directory(s, path)?;
    }
    Ok(listing)
}

/// The listing's bytes and whether the server ended them with `close_notify`.
fn fetch(s: &mut Session, cmd: Command) -> Result<(Vec<u8>, bool)> {
    let label = cmd.to_string();
    let mut data = s.open_data(cmd)?;
    let mut buf = Vec::new();
    let end = data.read_into(&mut buf, Some(MAX_LISTING_BYTES), &mut |_| {})?;
    let closed = data.finish_read();
    s.finish_data(&label)?;
    drop(closed);
    Ok((buf, end.clean))
}

fn with_end(listing: Result<Listing>, clean: bool) -> Result<Listing> {
    listing.map(|l| Listing { unclean_end: !clean, ..l })
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

/// A listing refused with a transient-looking 4xx (some servers answer a
/// missing path with `451 ENOENT`, which a retry would meet forever): when
/// a CWD says the path is not there, that is the error; otherwise `e`.
fn missing_or(s: &mut Session, path: &str, e: Error) -> Error {
    match &e {
        Error::Remote { reply, .. } if reply.class() == 4 && !path.is_empty() => match ensure_directory(s, path) {
            Err(missing @ Error::Remote { .. }) if !missing.is_transient() => missing,
            _ => e,
        },
        _ => e,
    }
}

fn ensure_directory(s: &mut Session, path: &str) -> Result<()> {
    let pwd = s.expect(Command::Pwd, &[257])?;
    let here = quoted_path(&pwd.text()).ok_or_else(|| Error::Protocol(format!("unparsable PWD reply: {pwd}")))?;
    s.expect(Command::Cwd(path.into()), &[200, 250])?;
    s.expect(Command::Cwd(here), &[200, 250])?;
    Ok(())
}

/// Parses listing bytes line by line (CRLF or LF, invalid UTF-8 replaced).
/// A last line without a line break is set aside as cut, never parsed. More
/// than [`MAX_LISTING_ENTRIES`] entries or [`MAX_UNPARSED`] unparsable lines
/// is an error: no real directory needs that, and each costs memory.
pub fn parse(bytes: &[u8], machine: bool) -> Result<Listing> {
    let (body, cut) = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(i) => (bytes.get(..=i).unwrap_or_default(), bytes.get(i + 1..).unwrap_or_default()),
        None => (&[][..], bytes),
    };
    let text = String::from_utf8_lossy(body);
    let now = Utc::now();
    let mut listing = Listing::default();
    let cut = String::from_utf8_lossy(cut);
    if !cut.trim().is_empty() {
        listing.cut_line = Some(cut.chars().take(200).collect());
    }
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let parsed = if machine { mlsd::parse_line(line) } else { list::parse_line(line, now) };
        match parsed {
            Ok(Some(e)) => {
                if listing.entries.len() >= MAX_LISTING_ENTRIES {
                    return Err(Error::Limit(format!(
                        "the server listed more than {MAX_LISTING_ENTRIES} entries in one directory; refusing to hold more"
                    )));
                }
                listing.entries.push(e)
            }
            Ok(None) => {}
            Err(err) => {
                if listing.unparsed.len() >= MAX_UNPARSED {
                    return Err(Error::Limit(format!(
                        "more than {MAX_UNPARSED} lines of the listing could not be parsed; this is not a directory listing"
                    )));
                }
                listing.unparsed.push(err)
            }
        }
    }
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_last_line_is_never_an_entry() {
        let l = parse(b"type=file;size=1; a\r\ntype=file;size=2; b\r\ntype=file;size=3; lon", true).unwrap();
        assert_eq!(l.entries.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(l.cut_line.as_deref(), Some("type=file;size=3; lon"));
        assert!(l.gap().unwrap().contains("no line break"));
        let whole = parse(b"type=file;size=1; a\r\n", true).unwrap();
        assert!(whole.gap().is_none());
        assert!(parse(b"", true).unwrap().gap().is_none());
    }

    #[test]
    fn gaps_make_a_listing_incomplete() {
        let l = Listing { unclean_end: true, ..parse(b"type=file;size=1; a\n", true).unwrap() };
        assert!(l.gap().unwrap().contains("close_notify"));
        assert!(matches!(l.require_complete("d"), Err(Error::IncompleteListing { dir, .. }) if dir == "d"));
        let unparsed = parse(b"type=file;size=1; a\nthis is not a listing line\n", false).unwrap();
        assert!(unparsed.gap().unwrap().contains("could not be parsed"), "{:?}", unparsed.gap());
    }

    #[test]
    fn listings_are_bounded_in_lines_not_only_bytes() {
        let junk = "garbage\n".repeat(MAX_UNPARSED + 1);
        assert!(matches!(parse(junk.as_bytes(), true), Err(Error::Limit(_))));
        let ok = "garbage\n".repeat(MAX_UNPARSED);
        assert_eq!(parse(ok.as_bytes(), true).unwrap().unparsed.len(), MAX_UNPARSED);
    }
}
