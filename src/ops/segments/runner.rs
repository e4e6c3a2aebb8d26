//! Drives a segmented download: one thread per connection, each taking
//! claims from the shared [`Board`] and reading them with
//! [`range::fetch`], while the calling thread reports progress and writes
//! the state file as ranges complete (and every [`CHECKPOINT`] meanwhile).
//!
//! The first connection is the caller's session; the others log in with
//! its options. A server that refuses an extra login (`421`, `530`, a
//! refused connect) only shrinks the pool. A connection that fails gives
//! its claim back for the others; the download fails only when none is
//! left and ranges are missing, and then the state file lets the retry
//! fetch just those.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::plan::Board;
use super::range;
use super::state::{self, State};
use crate::error::{Error, Result};
use crate::ops::Progress;
use crate::session::control::Session;
use crate::session::data::relabel_local;

/// How often the state file is brought up to date while ranges run.
const CHECKPOINT: Duration = Duration::from_secs(1);

/// What the threads share.
struct Shared<'a> {
    board: Mutex<Board>,
    /// Signalled when a claim ends (an idle connection may find work).
    changed: Condvar,
    file: &'a File,
    remote: &'a str,
    written: AtomicU64,
    /// Connections still running.
    alive: AtomicUsize,
    errors: Mutex<Vec<Error>>,
}

impl Shared<'_> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next claim, waiting while others run and nothing can be taken;
    /// `None` once everything is done.
    fn next(&self) -> Option<usize> {
        let mut b = self.lock();
        loop {
            if let Some(id) = b.take() {
                return Some(id);
            }
            if b.in_flight() == 0 {
                return None;
            }
            b = self.changed.wait_timeout(b, CHECKPOINT).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
        }
    }

    fn release(&self, id: usize) {
        self.lock().release(id);
        self.changed.notify_all();
    }

    /// Runs claims on `s` until none is left or the session fails.
    fn work(&self, s: &mut Session) -> Result<()> {
        while let Some(id) = self.next() {
            let r = range::fetch(s, self.remote, &self.board, id, self.file, &self.written);
            self.release(id);
            r?;
        }
        Ok(())
    }
}

/// The remote file a run fetches: its size and modification time.
pub struct Remote<'a> {
    pub path: &'a str,
    pub size: u64,
    pub mtime: Option<String>,
}

/// Fetches what `board` says is missing into `file` (the `.part` at
/// `part`) on `s` and up to `extra` more sessions. Returns whether the
/// caller's session failed (it needs a reconnect before further commands).
pub fn run(
    s: &mut Session,
    remote: &Remote<'_>,
    part: &Path,
    file: &File,
    board: Board,
    extra: usize,
    progress: &mut dyn Progress,
) -> Result<bool> {
    let opts = s.options().clone();
    let trace = s.trace().clone();
    let sh = Shared {
        board: Mutex::new(board),
        changed: Condvar::new(),
        file,
        remote: remote.path,
        written: AtomicU64::new(0),
        alive: AtomicUsize::new(1 + extra),
        errors: Mutex::new(Vec::new()),
    };
    let mut main_failed = false;
    let outcome = std::thread::scope(|scope| {
        let sh = &sh;
        for k in 0..extra {
            let opts = opts.clone();
            let trace = trace.clone();
            scope.spawn(move || {
                let r = match Session::connect(opts) {
                    Ok(mut extra) => {
                        let r = sh.work(&mut extra);
                        extra.quit();
                        r
                    }
                    Err(e) if crate::ops::mirror::is_refusal(&e) => {
                        trace.note(format_args!("server refused segment connection {}: {e}", k + 2));
                        Ok(())
                    }
                    Err(e) => Err(e),
                };
                if let Err(e) = r {
                    trace.note(format_args!("segment connection {}: {e}", k + 2));
                    sh.errors.lock().unwrap_or_else(|p| p.into_inner()).push(e);
                }
                sh.alive.fetch_sub(1, Ordering::Relaxed);
                sh.changed.notify_all();
            });
        }
        let main = scope.spawn(|| {
            let r = sh.work(s);
            sh.alive.fetch_sub(1, Ordering::Relaxed);
            sh.changed.notify_all();
            r
        });
        let r = watch(sh, remote, part, progress);
        match main.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                main_failed = true;
                sh.errors.lock().unwrap_or_else(|p| p.into_inner()).insert(0, e);
            }
            Err(_) => main_failed = true,
        }
        r
    });
    outcome?;
    // The threads are done: the last checkpoint sees everything they wrote.
    let board = sh.board.into_inner().unwrap_or_else(|p| p.into_inner());
    checkpoint(part, file, remote, &board)?;
    if board.finished() {
        return Ok(main_failed);
    }
    let errors = sh.errors.into_inner().unwrap_or_else(|p| p.into_inner());
    let missing = board.written().missing(remote.size).iter().map(|(a, b)| b - a).sum::<u64>();
    Err(errors.into_iter().next().map(|e| relabel_local(e, part)).unwrap_or_else(|| {
        Error::Transfer(format!("{}: {missing} bytes are still missing and no connection is left", remote.path))
    }))
}

/// The calling thread's part while connections run: progress, and the
/// state file every [`CHECKPOINT`] when bytes arrived.
fn watch(sh: &Shared<'_>, remote: &Remote<'_>, part: &Path, progress: &mut dyn Progress) -> Result<()> {
    let mut reported = 0;
    let mut saved = Instant::now();
    let mut saved_at = 0;
    loop {
        let done = sh.alive.load(Ordering::Relaxed) == 0;
        let now = sh.written.load(Ordering::Relaxed);
        progress.advance(now - reported);
        reported = now;
        if done {
            return Ok(());
        }
        if saved.elapsed() >= CHECKPOINT && now != saved_at {
            let board = sh.lock();
            let snapshot = State { size: remote.size, mtime: remote.mtime.clone(), done: board.written() };
            drop(board);
            save(part, sh.file, &snapshot)?;
            saved = Instant::now();
            saved_at = now;
        }
        let b = sh.lock();
        drop(sh.changed.wait_timeout(b, Duration::from_millis(200)));
    }
}

/// Writes the state of `board` durably.
fn checkpoint(part: &Path, file: &File, remote: &Remote<'_>, board: &Board) -> Result<()> {
    save(part, file, &State { size: remote.size, mtime: remote.mtime.clone(), done: board.written() })
}

/// The `.part`'s bytes reach the disk before a state that counts them.
fn save(part: &Path, file: &File, st: &State) -> Result<()> {
    file.sync_data().map_err(|e| Error::Local { action: "flush to disk", path: part.into(), source: e })?;
    state::save(part, st)
}
