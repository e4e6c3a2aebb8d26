//! The state file of a segmented download, `NAME.part.ranges`: which
//! byte ranges of the `.part` are on disk, and of which remote file (its
//! size and modification time), so a run after a crash fetches only the
//! rest, and a changed remote file starts over.
//!
//! A line format, versioned by its first line:
//!
//! ```text
//! ftps-ranges 1
//! size 41943040
//! mtime 20261206104500
//! done 0 1048576
//! done 2097152 4194304
//! ```
//!
//! `mtime -` when the server gave none. Written durably (temporary file,
//! fsync, rename) and only after the `.part`'s own bytes were synced, so it
//! never claims more than the disk holds.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::plan::Done;
use crate::error::{Error, Result};

const MAGIC: &str = "ftps-ranges";
const VERSION: u32 = 1;
/// A state file is a few lines per range; anything larger is not ours.
const MAX_LEN: u64 = 1024 * 1024;

/// What a state file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub size: u64,
    /// The remote modification time as `YYYYMMDDHHMMSS`, when known.
    pub mtime: Option<String>,
    pub done: Done,
}

/// The state file beside a `.part`.
pub fn path_for(part: &Path) -> PathBuf {
    crate::ops::part::ranges_path(part)
}

impl State {
    pub fn render(&self) -> String {
        let mut out =
            format!("{MAGIC} {VERSION}\nsize {}\nmtime {}\n", self.size, self.mtime.as_deref().unwrap_or("-"));
        for (a, b) in self.done.spans() {
            out.push_str(&format!("done {a} {b}\n"));
        }
        out
    }

    /// Parses a state file; `None` for anything that is not a version-1
    /// file with ranges inside the size (a reason to start over).
    pub fn parse(text: &str) -> Option<State> {
        let mut lines = text.lines();
        let mut head = lines.next()?.split(' ');
        if head.next()? != MAGIC || head.next()?.parse::<u32>().ok()? != VERSION {
            return None;
        }
        let size = lines.next()?.strip_prefix("size ")?.parse().ok()?;
        let mtime = match lines.next()?.strip_prefix("mtime ")? {
            "-" => None,
            t if t.len() == 14 && t.bytes().all(|b| b.is_ascii_digit()) => Some(t.to_string()),
            _ => return None,
        };
        let mut done = Done::new();
        for line in lines {
            let mut f = line.strip_prefix("done ")?.split(' ');
            let a: u64 = f.next()?.parse().ok()?;
            let b: u64 = f.next()?.parse().ok()?;
            if f.next().is_some() || a >= b || b > size {
                return None;
            }
            done.insert(a, b);
        }
        Some(State { size, mtime, done })
    }
}

/// Reads the state beside `part`: `Ok(None)` when there is none or it is
/// not one this version wrote.
pub fn load(part: &Path) -> Result<Option<State>> {
    let path = path_for(part);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_file() && m.len() <= MAX_LEN => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Local { action: "inspect", path, source: e }),
    }
    match fs::read_to_string(&path) {
        Ok(text) => Ok(State::parse(&text)),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => Ok(None),
        Err(e) => Err(Error::Local { action: "read", path, source: e }),
    }
}

/// Replaces the state beside `part` durably: a temporary file, synced,
/// renamed over the old one.
pub fn save(part: &Path, state: &State) -> Result<()> {
    let path = path_for(part);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let err = |action, e| Error::Local { action, path: tmp.clone(), source: e };
    let _ = fs::remove_file(&tmp);
    let mut f = File::options().write(true).create_new(true).open(&tmp).map_err(|e| err("create", e))?;
    f.write_all(state.render().as_bytes()).map_err(|e| err("write", e))?;
    f.sync_all().map_err(|e| err("flush to disk", e))?;
    drop(f);
    fs::rename(&tmp, &path).map_err(|e| Error::Local { action: "rename into place", path: path.clone(), source: e })
}

/// Removes the state beside `part` (the download finished or starts over).
pub fn remove(part: &Path) {
    let _ = fs::remove_file(path_for(part));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> State {
        let mut done = Done::new();
        done.insert(0, 10);
        done.insert(20, 30);
        State { size: 100, mtime: Some("20261206104500".into()), done }
    }

    #[test]
    fn round_trips() {
        let s = sample();
        assert_eq!(State::parse(&s.render()), Some(s));
        let none = State { size: 5, mtime: None, done: Done::new() };
        assert_eq!(none.render(), "ftps-ranges 1\nsize 5\nmtime -\n");
        assert_eq!(State::parse(&none.render()), Some(none));
    }

    #[test]
    fn refuses_what_it_did_not_write() {
        for bad in [
            "",
            "ftps-ranges 2\nsize 5\nmtime -\n",
            "lftp\nsize 5\nmtime -\n",
            "ftps-ranges 1\nsize x\nmtime -\n",
            "ftps-ranges 1\nsize 5\nmtime 2026\n",
            "ftps-ranges 1\nsize 5\nmtime -\ndone 0 6\n",
            "ftps-ranges 1\nsize 5\nmtime -\ndone 3 3\n",
            "ftps-ranges 1\nsize 5\nmtime -\ndone 0 1 2\n",
            "ftps-ranges 1\nsize 5\nmtime -\nmore\n",
        ] {
            assert_eq!(State::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn saves_durably_beside_the_part() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("f.part");
        assert_eq!(load(&part).unwrap(), None);
        save(&part, &sample()).unwrap();
        assert_eq!(path_for(&part), dir.path().join("f.part.ranges"));
        assert_eq!(load(&part).unwrap(), Some(sample()));
        save(&part, &State { size: 1, mtime: None, done: Done::new() }).unwrap();
        assert_eq!(load(&part).unwrap().unwrap().size, 1);
        remove(&part);
        assert_eq!(load(&part).unwrap(), None);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
