//! Temporary download files: the one place that names, opens and commits
//! them, for `get`, `mirror` and the prompt alike.
//!
//! Bytes land in a temporary file beside the target and reach the final
//! name only by a rename after the transfer was checked, so a reader never
//! sees a partial file under the real name. What this module guarantees:
//! - the temporary name never collides with a name the source tree holds or
//!   with another file's temporary name in the same run ([`temp_name`]);
//! - a fresh temporary file is created with `O_EXCL` after removing what was
//!   there (a planted symlink is removed, never followed); one that is
//!   continued is opened with `O_NOFOLLOW` and refused when it is a hard link
//!   to some other file ([`open`]);
//! - the data is on disk (`fsync`) before the rename, and the directory is
//!   synced after it, so a power cut leaves the old file or the complete new
//!   one ([`commit`], [`sync_dir`]).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Suffix of a temporary download (`report.csv.part`): common pickup
/// patterns (`*.csv`) do not match it, and `get -c` finds it again.
pub const SUFFIX: &str = ".part";

/// The temporary file name for `name`: `NAME.part`, or `NAME.ftps-N.part`
/// with the smallest `N` for which `taken` is false (the source tree holds
/// `NAME.part` itself, or another transfer of the run already uses it).
pub fn temp_name(name: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let plain = format!("{name}{SUFFIX}");
    if !taken(&plain) {
        return plain;
    }
    (1u32..).map(|n| format!("{name}.ftps-{n}{SUFFIX}")).find(|candidate| !taken(candidate)).unwrap_or(plain) // unreachable: `taken` is true for finitely many names
}

/// `target.part` beside `target`, when nothing else in the run competes
/// for that name.
pub fn part_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(temp_name(&name, &|_| false))
}

/// The state file of a segmented download beside `part`
/// (`NAME.part.ranges`, see `segments::state`): while it exists the
/// `.part` has holes, so its length says nothing about what arrived.
pub fn ranges_path(part: &Path) -> PathBuf {
    let mut name = part.as_os_str().to_owned();
    name.push(".ranges");
    PathBuf::from(name)
}

/// Length of a temporary file to continue from: 0 when there is none, it
/// is not a regular file (it is then replaced, never followed), or it is a
/// segmented download's (only its state file knows which bytes are there;
/// a download that appends starts it over).
pub fn existing_len(part: &Path) -> Result<u64> {
    if fs::symlink_metadata(ranges_path(part)).is_ok() {
        return Ok(0);
    }
    match fs::symlink_metadata(part) {
        Ok(m) if m.file_type().is_file() => Ok(m.len()),
        Ok(_) => Ok(0),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(Error::Local { action: "inspect", path: part.into(), source: e }),
    }
}

/// Opens the temporary file: appending to what is there (`append`), or as
/// a new, empty file.
pub fn open(part: &Path, append: bool) -> Result<File> {
    open_mode(part, append, true)
}

/// Opens an existing temporary file for writes at offsets (a segmented
/// download continued), with [`open`]'s checks. Not in append mode: Linux
/// `pwrite` on an `O_APPEND` file ignores the offset.
pub fn open_at(part: &Path) -> Result<File> {
    open_mode(part, true, false)
}

fn open_mode(part: &Path, existing: bool, append: bool) -> Result<File> {
    let err = |action, e| Error::Local { action, path: part.into(), source: e };
    if existing {
        let file = open_nofollow(part, append).map_err(|e| err("continue", e))?;
        let meta = file.metadata().map_err(|e| err("inspect", e))?;
        if !meta.file_type().is_file() {
            return Err(err("continue", io::Error::other("it is not a regular file")));
        }
        if links(&meta) > 1 {
            return Err(err(
                "continue",
                io::Error::other(format!(
                    "it has {} hard links, so writing would change another file too; remove it to start over",
                    links(&meta)
                )),
            ));
        }
        return Ok(file);
    }
    // A fresh start leaves no state claiming ranges of the old file.
    let _ = fs::remove_file(ranges_path(part));
    // Unlinking removes a symlink or hard link itself, never its target.
    match fs::remove_file(part) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(err("replace", e)),
    }
    OpenOptions::new().write(true).create_new(true).open(part).map_err(|e| err("create", e))
}

#[cfg(unix)]
fn open_nofollow(path: &Path, append: bool) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).append(append).custom_flags(libc::O_NOFOLLOW).open(path)
}

#[cfg(not(unix))]
fn open_nofollow(path: &Path, append: bool) -> io::Result<File> {
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("it is a symlink"));
    }
    OpenOptions::new().write(true).append(append).open(path)
}

#[cfg(unix)]
fn links(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> u64 {
    1
}

/// Forces the temporary file's bytes to disk; the last step before [`commit`].
pub fn sync(file: &File, part: &Path) -> Result<()> {
    file.sync_all().map_err(|e| Error::Local { action: "flush to disk", path: part.into(), source: e })
}

/// Renames a synced temporary file to its final name.
pub fn commit(part: &Path, target: &Path) -> Result<()> {
    let _ = fs::remove_file(ranges_path(part));
    fs::rename(part, target).map_err(|e| Error::Local { action: "rename into place", path: target.into(), source: e })
}

/// Makes renames in `dir` durable. Batched by callers that commit many
/// files into one directory: once per directory and run is enough, because
/// each file's own data was synced before its rename.
pub fn sync_dir(dir: &Path) -> Result<()> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    #[cfg(unix)]
    {
        let d = File::open(dir).map_err(|e| Error::Local { action: "open directory", path: dir.into(), source: e })?;
        d.sync_all().map_err(|e| Error::Local { action: "flush to disk", path: dir.into(), source: e })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_avoid_taken_names() {
        assert_eq!(temp_name("a.bin", &|_| false), "a.bin.part");
        assert_eq!(temp_name("a.bin", &|n| n == "a.bin.part"), "a.bin.ftps-1.part");
        assert_eq!(temp_name("a.bin", &|n| n == "a.bin.part" || n == "a.bin.ftps-1.part"), "a.bin.ftps-2.part");
        assert_eq!(part_path(Path::new("/a/b.txt")), Path::new("/a/b.txt.part"));
        assert_eq!(part_path(Path::new("b")), Path::new("b.part"));
    }

    #[cfg(unix)]
    #[test]
    fn planted_links_are_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        let part = dir.path().join("x.part");

        // A symlink: a fresh open replaces it, a continued one refuses it.
        std::os::unix::fs::symlink(&victim, &part).unwrap();
        assert!(open(&part, true).is_err());
        assert_eq!(existing_len(&part).unwrap(), 0);
        drop(open(&part, false).unwrap());
        assert!(fs::symlink_metadata(&part).unwrap().file_type().is_file());
        assert_eq!(fs::read(&victim).unwrap(), b"keep");

        // A hard link: continuing would append to the victim too.
        fs::remove_file(&part).unwrap();
        fs::hard_link(&victim, &part).unwrap();
        let e = open(&part, true).unwrap_err().to_string();
        assert!(e.contains("hard links"), "{e}");
        drop(open(&part, false).unwrap());
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
    }

    #[test]
    fn a_segmented_part_is_never_continued_from_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("f.part");
        let ranges = ranges_path(&part);
        assert_eq!(ranges, dir.path().join("f.part.ranges"));
        fs::write(&part, vec![0u8; 100]).unwrap();
        fs::write(&ranges, b"ftps-ranges 1\n").unwrap();
        // Its length says nothing about what arrived.
        assert_eq!(existing_len(&part).unwrap(), 0);
        // A fresh start takes the state with it.
        drop(open(&part, false).unwrap());
        assert!(!ranges.exists());
        // So does the rename into place.
        fs::write(&ranges, b"ftps-ranges 1\n").unwrap();
        commit(&part, &dir.path().join("f")).unwrap();
        assert!(!ranges.exists());
    }

    #[cfg(unix)]
    #[test]
    fn writes_at_offsets_land_there() {
        use std::os::unix::fs::FileExt;
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("f.part");
        fs::write(&part, b"0123456789").unwrap();
        let f = open_at(&part).unwrap();
        f.write_all_at(b"ab", 3).unwrap();
        drop(f);
        assert_eq!(fs::read(&part).unwrap(), b"012ab56789");
    }

    #[test]
    fn commit_renames_and_syncs() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("f.part");
        let target = dir.path().join("f");
        let f = open(&part, false).unwrap();
        std::io::Write::write_all(&mut &f, b"data").unwrap();
        sync(&f, &part).unwrap();
        drop(f);
        commit(&part, &target).unwrap();
        sync_dir(dir.path()).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"data");
        assert!(!part.exists());
    }
}
