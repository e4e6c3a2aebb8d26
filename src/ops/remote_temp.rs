//! Temporary names for uploads, and the rename that publishes them.
//!
//! An upload is stored under a temporary name in the target directory and
//! renamed (`RNFR`/`RNTO`) to its real name only after the transfer was
//! checked, so a partner polling the directory never sees a partial file
//! under the real name, and a killed or failed upload leaves the previous
//! version intact.
//!
//! The name, `NAME.<tag>.ftps-upload`:
//! - ends in neither `NAME`'s extension nor anything a pickup pattern such as
//!   `*.csv` or `*.xml` matches;
//! - carries a tag derived from the local file (path, size, modification
//!   time), so two uploads of different files to one target never share a
//!   temporary file, while a later run for the same unchanged file finds it
//!   again (`put -c` continues it; a changed file gets a new name and starts
//!   over instead of continuing an older version's bytes);
//! - ends in [`SUFFIX`], which a later run (or a person) recognises.

use std::fs::Metadata;
use std::path::Path;

use super::digest::Hasher;
use crate::error::{Error, Result};
use crate::session::control::Session;
use crate::wire::digest::Algo;
use crate::wire::{Command, Reply};

pub const SUFFIX: &str = ".ftps-upload";

/// The temporary path for uploading `local` (with metadata `meta`) to `remote`.
pub fn name(remote: &str, local: &Path, meta: &Metadata) -> String {
    let mut h = Hasher::new(&[Algo::Sha256]);
    let abs = std::path::absolute(local).unwrap_or_else(|_| local.to_path_buf());
    h.update(abs.as_os_str().as_encoded_bytes());
    h.update(&meta.len().to_le_bytes());
    let mtime = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).unwrap_or_default();
    h.update(&mtime.as_nanos().to_le_bytes());
    let tag = h.finish().pop().map(|(_, hex)| hex).unwrap_or_default();
    format!("{remote}.{}{SUFFIX}", tag.get(..8).unwrap_or_default())
}

/// The temporary name of a segmented upload whose plain temporary name is
/// `temp`: its own, because its file holds ranges with holes between them
/// until every range is written, and `put -c` continues a plain temporary
/// file from its end: continuing this one would publish the holes as
/// zeros, with the right size (caught only where the server has a digest).
pub fn ranged(temp: &str) -> String {
    format!("{}.ranges{SUFFIX}", temp.strip_suffix(SUFFIX).unwrap_or(temp))
}

/// Renames the checked temporary file `temp` to `remote`.
///
/// A server that refuses to rename over an existing file gets the old file
/// moved aside first, then the rename, then the old file deleted (said
/// under `-v`): as good as delete-then-rename, but a server that refuses
/// renames altogether fails at the first step and loses nothing. When the
/// rename is refused, the temporary file is removed where the server
/// permits and the old file is put back. `meanwhile` runs once the first
/// rename is on its way (see [`Session::pipeline_meanwhile`]).
pub fn publish(s: &mut Session, temp: &str, remote: &str, meanwhile: &mut dyn FnMut(&mut Session)) -> Result<()> {
    let first = match rename(s, temp, remote, meanwhile)? {
        Renamed::Yes => return Ok(()),
        Renamed::FromRefused(r) => r,
        Renamed::ToRefused(r) => {
            let aside = format!("{temp}.old");
            match rename(s, remote, &aside, &mut |_| {})? {
                Renamed::Yes => match rename(s, temp, remote, &mut |_| {})? {
                    Renamed::Yes => {
                        let gone = s.command(Command::Dele(aside.clone()))?;
                        s.trace().note(format_args!(
                            "the server refused to rename {temp} over the existing {remote} ({r}); \
                             moved the old file aside, renamed, and deleted the old file{}",
                            if gone.class() == 2 {
                                String::new()
                            } else {
                                format!(" (refused: {gone}; it is {aside})")
                            }
                        ));
                        return Ok(());
                    }
                    Renamed::FromRefused(again) | Renamed::ToRefused(again) => {
                        let restored = matches!(rename(s, &aside, remote, &mut |_| {})?, Renamed::Yes);
                        return Err(refused(s, temp, remote, again, (!restored).then_some(aside)));
                    }
                },
                // Renames are refused altogether (or the target is missing).
                Renamed::FromRefused(_) | Renamed::ToRefused(_) => r,
            }
        }
    };
    Err(refused(s, temp, remote, first, None))
}

enum Renamed {
    Yes,
    FromRefused(Reply),
    ToRefused(Reply),
}

fn rename(s: &mut Session, from: &str, to: &str, meanwhile: &mut dyn FnMut(&mut Session)) -> Result<Renamed> {
    let cmds = [Command::Rnfr(from.into()), Command::Rnto(to.into())];
    let mut replies = s.pipeline_meanwhile(&cmds, meanwhile)?.into_iter();
    let (Some(rnfr), Some(rnto)) = (replies.next(), replies.next()) else {
        return Err(Error::Protocol("missing reply to RNFR/RNTO".into()));
    };
    Ok(match (rnfr.code, rnto.class()) {
        (350, 2) => Renamed::Yes,
        (350, _) => Renamed::ToRefused(rnto),
        _ => Renamed::FromRefused(rnfr),
    })
}

/// The error for a refused rename, after removing the temporary file.
fn refused(s: &mut Session, temp: &str, remote: &str, reply: Reply, old_moved_to: Option<String>) -> Error {
    let temp_removed = s.command(Command::Dele(temp.into())).is_ok_and(|r| r.class() == 2);
    Error::RenameRefused { temp: temp.into(), target: remote.into(), reply, temp_removed, old_moved_to }
}

/// Removes a temporary file whose bytes are known bad, where permitted; a
/// failure changes nothing about the error being reported.
pub fn discard(s: &mut Session, temp: &str) {
    let _ = s.command(Command::Dele(temp.into()));
}

/// Passes on the error of a failed check, after removing the file the check
/// condemned when it is a temporary one (`is_temp`): continuing its bytes
/// would only repeat the failure. A direct upload's file is the final name,
/// which a failed check never touches.
pub fn discard_failed(s: &mut Session, is_temp: bool, stored: &str, e: crate::error::Error) -> crate::error::Error {
    if is_temp {
        discard(s, stored);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_per_file_and_dodge_patterns() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(&a, b"1").unwrap();
        std::fs::write(&b, b"1").unwrap();
        let meta_a = std::fs::metadata(&a).unwrap();
        let n = name("in/report.csv", &a, &meta_a);
        assert!(n.starts_with("in/report.csv.") && n.ends_with(".ftps-upload"), "{n}");
        assert!(!glob::Pattern::new("*.csv").unwrap().matches(&n));
        assert_eq!(n, name("in/report.csv", &a, &meta_a));
        // Another local file for the same target: another name.
        assert_ne!(n, name("in/report.csv", &b, &std::fs::metadata(&b).unwrap()));
        // The same file, changed: another name, so an older part is never continued.
        std::fs::write(&a, b"12").unwrap();
        assert_ne!(n, name("in/report.csv", &a, &std::fs::metadata(&a).unwrap()));
    }
}
