//! `mirror`: synchronise a directory tree in either direction over N
//! control connections fed from one work queue.
//!
//! The run (`coordinator`) has four steps:
//! 1. read both trees: the local one by walking it (`tree`), the remote one
//!    by listing directories in parallel on the workers (`pool`,
//!    `worker`); exact times are fetched with pipelined MDTM where the
//!    listing only has display dates;
//! 2. plan: compare the trees (`plan`, pure and unit-tested; `filter`,
//!    `times`);
//! 3. execute: directories first, then the transfers from the queue, then
//!    deletions (`transfer`, `conn`, `local`);
//! 4. report: an [`Outcome`] the CLI turns into a summary.
//!
//! The library never prints: warnings, progress and per-file results go to
//! an [`Observer`].

mod adapt;
mod checksum;
mod coordinator;
mod files;
mod filter;
pub(crate) mod job;
mod local;
mod plan;
mod pool;
mod queue;
mod tasks;
pub(crate) mod times;
mod transfer;
mod tree;
mod worker;

use std::path::PathBuf;

use serde::Serialize;

pub use crate::ops::transfer::TimeSetter;
pub use adapt::{Parallel, Parallelism, is_refusal};
pub use files::{FilesOutcome, FilesRequest, transfer_files};
pub use filter::Filter;
pub use job::{FileJob, FileOptions, Split, SplitDownload, SplitUpload};
pub use plan::{Mode, Plan, Reason, Skip, SkipReason, Transfer};
pub use tasks::{Task, Tasks, with_tasks};
pub use tree::Notice;

use crate::error::{Error, ErrorKind, Result};
use crate::session::control::ConnectOptions;
use job::WorkerCtx;
use pool::Pool;
use queue::Queue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Remote source, local destination.
    Download,
    /// Local source, remote destination.
    Upload,
}

/// Everything one mirror run needs.
#[derive(Debug, Clone)]
pub struct Request {
    pub direction: Direction,
    /// Server path of the remote tree, relative to the login directory
    /// (empty: the login directory; leading `/`: absolute).
    pub remote_root: String,
    pub local_root: PathBuf,
    pub connect: ConnectOptions,
    /// Control connections (workers): fixed, or chosen by the run.
    pub parallel: Parallel,
    pub mode: Mode,
    pub filter: Filter,
    pub delete: bool,
    /// Give copies the source's modification time.
    pub keep_times: bool,
    pub dry_run: bool,
    /// Deepest remote directory level listed (the root's children are level 1).
    pub max_depth: usize,
    /// Most remote entries read in one run; more is a fatal error.
    pub max_entries: u64,
    pub file: FileOptions,
    /// Compare same-size files by digest instead of time (`--checksum`).
    pub checksum: bool,
}

/// Things the user should hear about that do not fail the run.
#[derive(Debug, Clone)]
pub enum Warning {
    Tree(Notice),
    /// Upload: the server has neither MFMT nor SITE UTIME, so copies get the
    /// upload time and sizes decide what changed.
    TimesNotKept,
    /// Download: the server lists without exact times and has no MDTM, so
    /// sizes decide what changed.
    RemoteTimesUnknown,
    /// The server refused to set one file's time.
    TimeNotSet {
        path: String,
        error: String,
    },
    /// `--checksum`: these files had no usable digest (the server offers
    /// none, or refused) and were compared by size and time.
    ChecksumUnavailable {
        files: u64,
    },
    /// One worker could not keep a connection; the others carry on.
    ConnectionLost {
        error: String,
    },
    /// A job failed in a way a fresh connection may cure; it runs again.
    Retrying {
        what: String,
        attempt: u32,
        of: u32,
        error: String,
        delay: std::time::Duration,
    },
}

/// Receives what happens during a run; called from worker threads too.
pub trait Observer: Sync {
    fn warning(&self, _w: &Warning) {}
    /// The transfers about to start: a total for a progress bar.
    fn planned(&self, _files: u64, _bytes: u64) {}
    /// A transfer is starting (any worker).
    fn started(&self, _path: &str) {}
    /// Bytes moved (any file, any worker).
    fn progress(&self, _bytes: u64) {}
    /// One transfer ended.
    fn finished(&self, _path: &str, _result: std::result::Result<u64, &Error>) {}
    /// What proves a finished transfer of `remote` (server path) to or from
    /// `local` (digests, TLS), for receipts.
    fn evidence(&self, _remote: &str, _local: &std::path::Path, _bytes: u64, _ev: &crate::ops::transfer::Evidence) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl Observer for Quiet {}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
    #[serde(skip)]
    pub kind: ErrorKind,
    /// What would have let it succeed (the CLI names the option).
    #[serde(skip)]
    pub remedy: Option<crate::Remedy>,
}

impl Failure {
    pub(super) fn new(path: &str, e: &Error) -> Failure {
        Failure { path: path.to_string(), error: e.to_string(), kind: e.kind(), remedy: e.remedy() }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub files_transferred: u64,
    pub bytes_transferred: u64,
    /// Files already up to date.
    pub files_unchanged: u64,
    pub files_deleted: u64,
    pub dirs_created: u64,
    pub dirs_deleted: u64,
    /// Symlinks, special files, conflicts (see the plan's `skipped`).
    pub skipped: u64,
    /// Server entries with unusable names.
    pub refused: u64,
    /// Remote directories deeper than the depth limit, not listed.
    pub too_deep: u64,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub plan: Plan,
    pub stats: Stats,
    pub failures: Vec<Failure>,
    /// Control connections opened in all.
    pub connections: u32,
    /// How many ran at once, and why.
    pub parallelism: Parallelism,
    /// Whether copies carry their source's modification time.
    pub times_kept: bool,
}

pub fn run(req: &Request, observer: &dyn Observer) -> Result<Outcome> {
    let queue = Queue::new();
    let ctx = WorkerCtx {
        remote_root: &req.remote_root,
        local_root: &req.local_root,
        keep_times: req.keep_times,
        ..WorkerCtx::new(&req.connect, req.file, observer)
    };
    std::thread::scope(|scope| {
        let mut pool = Pool::start(scope, req.parallel, true, &queue, &ctx, None);
        let result = coordinator::Run::new(req, observer).go(&mut pool);
        let (connections, parallelism) = pool.finish();
        result.map(|mut o| {
            o.connections = connections;
            o.parallelism = parallelism;
            o
        })
    })
}
