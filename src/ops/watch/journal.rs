//! The watch journal: what happened to each file, durable before the step
//! it announces, so a watcher killed at any moment resumes without sending
//! a verified file again and finishes the moves it had begun.
//!
//! One JSON object per line, appended and fsynced. At open the file is
//! replayed (a line torn by a crash is dropped: the step it announced had
//! not begun) and rewritten compacted, one line per file, through a
//! temporary file, fsync and rename, so appends never follow a torn line.
//! A lock file beside it keeps a second watcher of the same pair out.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Where a file is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// About to be sent (written before the first byte moves).
    Sending,
    /// The copy is complete, verified and under its final name; the source
    /// is still where it was (written before it is moved or deleted).
    Sent,
    /// Nothing left to do: moved, deleted, or kept and remembered.
    Done,
    /// Failed for good; taken again only once it changes.
    Failed,
}

/// One file's latest state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub name: String,
    pub size: u64,
    /// The file's modification time as the source gives it.
    pub time: String,
    pub step: Step,
    /// When this step was recorded (seconds since the epoch).
    pub at: i64,
    /// When this version of the file first failed to go (seconds since the
    /// epoch), kept across runs so that `--once` from cron gives up too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failing_since: Option<i64>,
}

impl Record {
    /// Whether this record is about the file as it is now (same size and time).
    pub fn is_of(&self, size: u64, time: &str) -> bool {
        self.size == size && self.time == time
    }

    /// Whether nothing is left to do for this file: it failed for good, or
    /// it was delivered and its source stays (with `--sent` or
    /// `--remove-source-files` a delivered source still here is moved).
    pub fn finished(&self, after: &super::After) -> bool {
        self.step == Step::Failed || (self.step == Step::Done && matches!(after, super::After::Keep))
    }
}

pub struct Journal {
    path: PathBuf,
    file: File,
    records: HashMap<String, Record>,
    /// Held (flock) for the journal's life.
    _lock: File,
}

impl Journal {
    /// Opens (creating) the journal at `path`, refusing one another watcher holds.
    pub fn open(path: &Path) -> Result<Journal> {
        let err = |action, source| Error::Local { action, path: path.into(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| err("create the directory of", e))?;
        }
        let lock_path = with_suffix(path, ".lock");
        let lock =
            OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(|e| err("lock", e))?;
        rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).map_err(|_| {
            err(
                "lock",
                std::io::Error::other(
                    "another ftps watch of the same source and destination is running (it holds the journal's lock)",
                ),
            )
        })?;
        let records = match File::open(path) {
            Ok(f) => replay(BufReader::new(f)).map_err(|e| err("read", e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(e) => return Err(err("read", e)),
        };
        compact(path, &records).map_err(|e| err("rewrite", e))?;
        let file = OpenOptions::new().append(true).open(path).map_err(|e| err("open", e))?;
        Ok(Journal { path: path.to_path_buf(), file, records, _lock: lock })
    }

    pub fn get(&self, name: &str) -> Option<&Record> {
        self.records.get(name)
    }

    /// Records `step` for the file `name` of `size` and `time`, durably.
    pub fn set(&mut self, name: &str, size: u64, time: &str, step: Step) -> Result<()> {
        // Another try of the same version is still failing since its first failure.
        let failing_since = self
            .records
            .get(name)
            .filter(|r| step == Step::Sending && r.is_of(size, time))
            .and_then(|r| r.failing_since);
        let rec = Record {
            name: name.into(),
            size,
            time: time.into(),
            step,
            at: chrono::Utc::now().timestamp(),
            failing_since,
        };
        self.write(rec)
    }

    /// Since when `name` has been failing (now, for its first failure; then
    /// recorded).
    pub fn failing(&mut self, name: &str) -> Result<i64> {
        let now = chrono::Utc::now().timestamp();
        match self.records.get(name).cloned() {
            Some(Record { failing_since: Some(t), .. }) => Ok(t),
            Some(rec) => self.write(Record { failing_since: Some(now), ..rec }).map(|()| now),
            None => Ok(now),
        }
    }

    fn write(&mut self, rec: Record) -> Result<()> {
        let mut line = serde_json::to_vec(&rec).map_err(|e| Error::Local {
            action: "write",
            path: self.path.clone(),
            source: std::io::Error::other(e),
        })?;
        line.push(b'\n');
        self.file.write_all(&line).and_then(|()| self.file.sync_data()).map_err(|e| Error::Local {
            action: "write",
            path: self.path.clone(),
            source: e,
        })?;
        self.records.insert(rec.name.clone(), rec);
        Ok(())
    }
}

impl Journal {
    /// Forgets the files for which `keep` is false (gone from the source:
    /// nothing is left to do for them), rewriting the journal when any was.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) -> Result<()> {
        let before = self.records.len();
        self.records.retain(|name, _| keep(name));
        if self.records.len() == before {
            return Ok(());
        }
        let err = |e| Error::Local { action: "rewrite", path: self.path.clone(), source: e };
        compact(&self.path, &self.records).map_err(err)?;
        self.file = OpenOptions::new().append(true).open(&self.path).map_err(err)?;
        Ok(())
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The latest record of each file; lines that do not parse (a torn last
/// line) are skipped.
fn replay(r: impl BufRead) -> std::io::Result<HashMap<String, Record>> {
    let mut out = HashMap::new();
    for line in r.split(b'\n') {
        if let Ok(rec) = serde_json::from_slice::<Record>(&line?) {
            out.insert(rec.name.clone(), rec);
        }
    }
    Ok(out)
}

fn compact(path: &Path, records: &HashMap<String, Record>) -> std::io::Result<()> {
    let tmp = with_suffix(path, ".tmp");
    let mut f = File::create(&tmp)?;
    let mut all: Vec<&Record> = records.values().collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    for rec in all {
        serde_json::to_writer(&mut f, rec)?;
        f.write_all(b"\n")?;
    }
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// The journal for one source and destination pair (`key` names both,
/// without secrets): `$XDG_STATE_HOME/ftps/watch/`, else the data directory.
pub fn default_path(key: &str) -> Option<PathBuf> {
    let base = dirs::state_dir().or_else(dirs::data_dir)?;
    let mut h = crate::ops::digest::Hasher::new(&[crate::wire::digest::Algo::Sha256]);
    h.update(key.as_bytes());
    let hex = h.finish().pop().map(|(_, hex)| hex).unwrap_or_default();
    Some(base.join("ftps").join("watch").join(format!("{}.journal", hex.get(..16).unwrap_or_default())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_a_torn_line_and_a_second_watcher_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/j.journal");
        {
            let mut j = Journal::open(&path).unwrap();
            j.set("a", 3, "1.5", Step::Sending).unwrap();
            j.set("b", 4, "2.0", Step::Sending).unwrap();
            j.set("a", 3, "1.5", Step::Sent).unwrap();
            let e = Journal::open(&path).err().unwrap().to_string();
            assert!(e.contains("another ftps watch"), "{e}");
        }
        // A crash in the middle of an append.
        OpenOptions::new().append(true).open(&path).unwrap().write_all(b"{\"name\":\"b\",\"si").unwrap();
        let mut j = Journal::open(&path).unwrap();
        assert_eq!(j.get("a").map(|r| r.step), Some(Step::Sent));
        assert!(j.get("a").unwrap().is_of(3, "1.5") && !j.get("a").unwrap().is_of(3, "1.6"));
        assert_eq!(j.get("b").map(|r| r.step), Some(Step::Sending));
        j.set("b", 4, "2.0", Step::Done).unwrap();
        drop(j);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.lines().all(|l| serde_json::from_str::<Record>(l).is_ok()), "{text}");
        let mut j = Journal::open(&path).unwrap();
        assert_eq!(j.get("b").map(|r| r.step), Some(Step::Done));
        j.retain(|n| n == "b").unwrap();
        // A failing file's first failure survives the next try and a restart.
        j.set("c", 1, "3.0", Step::Sending).unwrap();
        let since = j.failing("c").unwrap();
        j.set("c", 1, "3.0", Step::Sending).unwrap();
        assert_eq!(j.failing("c").unwrap(), since);
        j.set("c", 1, "3.0", Step::Sending).unwrap();
        drop(j);
        let j = Journal::open(&path).unwrap();
        assert!(j.get("a").is_none() && j.get("b").is_some() && j.get("c").is_some());
        assert_eq!(j.get("c").and_then(|r| r.failing_since), Some(since));
    }
}
