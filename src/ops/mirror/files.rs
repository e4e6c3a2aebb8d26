//! `get` and `put` with several files: the mirror's workers and queue, fed
//! an explicit list instead of a plan, so multi-file commands get the same
//! parallel connections, retries, progress and per-file results.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::job::{FileJob, FileOptions, Job, JobResult, Output, WorkerCtx};
use super::pool::Pool;
use super::queue::Queue;
use super::{Direction, Failure, Observer, Warning};
use crate::error::{Error, Result};
use crate::ops::part;
use crate::session::control::{ConnectOptions, Session};

/// One multi-file run.
pub struct FilesRequest {
    pub direction: Direction,
    pub connect: ConnectOptions,
    /// Control connections (workers); never more than there are files.
    pub parallel: super::Parallel,
    pub file: FileOptions,
    pub files: Vec<FileJob>,
    /// A session already logged in to this server (e.g. the one that
    /// expanded the globs): the first worker carries on with it.
    pub session: Option<Session>,
}

#[derive(Debug, Clone, Default)]
pub struct FilesOutcome {
    pub files_transferred: u64,
    pub bytes_transferred: u64,
    pub failures: Vec<Failure>,
    /// Control connections opened in all.
    pub connections: u32,
    /// How many ran at once, and why.
    pub parallelism: super::Parallelism,
}

/// Runs every file of `req` on up to `req.parallel` connections, largest
/// first; a failed file does not stop the others. Local directories that
/// received downloads are synced once at the end.
pub fn transfer_files(mut req: FilesRequest, observer: &dyn Observer) -> Result<FilesOutcome> {
    let seed = req.session.take();
    let req = &req;
    let queue = Queue::new();
    let ctx = WorkerCtx::new(&req.connect, req.file, observer);
    let size = match req.parallel {
        super::Parallel::Fixed(n) => super::Parallel::Fixed(n.clamp(1, req.files.len().max(1))),
        adaptive => adaptive,
    };
    std::thread::scope(|scope| {
        let mut pool = Pool::start(scope, size, false, &queue, &ctx, seed);
        let result = collect(req, observer, &mut pool);
        let (connections, parallelism) = pool.finish();
        result.map(|mut o| {
            o.connections = connections;
            o.parallelism = parallelism;
            o
        })
    })
}

fn collect(req: &FilesRequest, observer: &dyn Observer, pool: &mut Pool<'_>) -> Result<FilesOutcome> {
    let mut order: Vec<&FileJob> = req.files.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.size.unwrap_or(0)));
    observer.planned(req.files.len() as u64, req.files.iter().filter_map(|f| f.size).sum());
    for f in order {
        pool.submit(match req.direction {
            Direction::Download => Job::Fetch(f.clone()),
            Direction::Upload => Job::Send(f.clone()),
        });
    }
    let mut out = FilesOutcome::default();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut interrupted = false;
    while pool.outstanding() > 0 {
        let JobResult { job, result } = pool.recv()?;
        let (Job::Fetch(f) | Job::Send(f)) = &job else { continue };
        let label = f.remote.as_str();
        match result {
            Ok(Output::Transferred(bytes, _)) => {
                out.files_transferred += 1;
                out.bytes_transferred += bytes;
                if req.direction == Direction::Download
                    && let Some(dir) = f.local.parent()
                {
                    dirs.insert(dir.to_path_buf());
                }
                observer.finished(label, Ok(bytes));
            }
            Ok(_) => {}
            Err(Error::Interrupted) => interrupted = true,
            Err(e) => {
                observer.finished(label, Err(&e));
                out.failures.push(Failure::new(label, &e));
            }
        }
    }
    for error in std::mem::take(&mut pool.losses) {
        observer.warning(&Warning::ConnectionLost { error });
    }
    for dir in dirs {
        if let Err(e) = part::sync_dir(&dir) {
            out.failures.push(Failure::new(&dir.display().to_string(), &e));
        }
    }
    if interrupted {
        return Err(Error::Interrupted);
    }
    Ok(out)
}
