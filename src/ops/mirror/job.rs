//! What the coordinator and the workers exchange: jobs, their outputs, and
//! the context every worker shares. Kept apart from both so that neither
//! `worker` nor `transfer` needs the other's internals.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::Observer;
use super::plan::Transfer;
use crate::error::{Error, Result};
use crate::ops::list::Listing;
use crate::ops::transfer::TimeSetter;
use crate::session::control::ConnectOptions;

/// Commands per pipelined batch: small enough that replies never fill a
/// socket buffer while the batch is still being written.
pub const BATCH: usize = 64;

/// How each file is moved, the same for `mirror` and multi-file `get`/`put`,
/// so both requests carry it as one value and workers copy it from there.
#[derive(Debug, Clone, Copy)]
pub struct FileOptions {
    /// Retries per item after transient failures.
    pub retries: u32,
    /// Checksum verification of each transfer.
    pub verify: crate::ops::digest::Verify,
    /// Uploads go to a temporary name and are renamed into place.
    pub temp_uploads: bool,
    /// Compute each file's SHA-256 (for receipts) even when not verifying with it.
    pub sha256: bool,
    /// Delete each transferred file's source once it is checked (and renamed into place).
    pub remove_source: bool,
    /// Big downloads over several connections (`--segments`); `None` never.
    pub split: Option<Split>,
}

/// How big downloads are split over several connections. The routine is
/// passed in by the caller (it is `ops::segments::download`), so this
/// engine does not depend on the one that uses it for its pool rule.
#[derive(Debug, Clone, Copy)]
pub struct Split {
    /// Connections per file: `None` as many as pay off (see
    /// `ops::segments::adapt`; uploads only where the server takes ranged
    /// writes); 1 splits nothing, yet a split download an earlier run left
    /// is still continued by `run`.
    pub segments: Option<u32>,
    /// Files smaller than this move whole.
    pub min_size: u64,
    pub run: SplitDownload,
    /// Uploads of files from `min_size` unless `segments` is 1.
    pub up: SplitUpload,
}

/// The upload routine behind [`Split`] (`ops::segments::upload::upload`).
pub type SplitUpload = fn(
    &mut crate::session::control::Session,
    &crate::ops::transfer::Upload<'_>,
    Option<u32>,
    &mut dyn crate::ops::Progress,
) -> Result<crate::ops::transfer::Uploaded>;

/// The routine behind [`Split`].
pub type SplitDownload = fn(
    &mut crate::session::control::Session,
    &crate::ops::transfer::Download<'_>,
    Option<u32>,
    &mut dyn crate::ops::Progress,
) -> Result<crate::ops::transfer::Done>;

/// What every worker shares.
pub(super) struct WorkerCtx<'a> {
    pub connect: &'a ConnectOptions,
    pub remote_root: &'a str,
    pub local_root: &'a Path,
    pub keep_times: bool,
    pub verify: crate::ops::digest::Verify,
    /// Uploads go to a temporary name and are renamed into place.
    pub temp_uploads: bool,
    /// Compute each file's SHA-256 (for receipts) even when not verifying with it.
    pub sha256: bool,
    /// Delete each transferred file's source once it is checked.
    pub remove_source: bool,
    pub retries: u32,
    pub split: Option<Split>,
    pub observer: &'a dyn Observer,
    /// What [`Job::Task`] runs (see [`super::tasks`]).
    pub task: Option<&'a dyn super::tasks::Task>,
}

impl<'a> WorkerCtx<'a> {
    /// Workers for a list of files: no trees, so no roots, and times are
    /// not kept (a tree run sets those three on top).
    pub(super) fn new(connect: &'a ConnectOptions, file: FileOptions, observer: &'a dyn Observer) -> Self {
        let FileOptions { retries, verify, temp_uploads, sha256, remove_source, split } = file;
        WorkerCtx {
            connect,
            remote_root: "",
            local_root: Path::new(""),
            keep_times: false,
            verify,
            temp_uploads,
            sha256,
            remove_source,
            retries,
            split,
            observer,
            task: None,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) enum Job {
    /// What the server can do (listing precision, MDTM, a way to set times).
    Probe {
        want_setter: bool,
    },
    /// A remote directory, relative to the remote root.
    List(String),
    /// Exact modification times of remote files (for LIST-only servers).
    Times(Vec<String>),
    /// A download; `true` asks for the file's exact time (MDTM) in the turn
    /// that ends the transfer, for servers whose listing had none.
    Get(Transfer, bool),
    Put(Transfer, TimeSetter),
    /// One file of a multi-file `get`, with explicit paths.
    Fetch(FileJob),
    /// One file of a multi-file `put`, with explicit paths.
    Send(FileJob),
    /// Remote MKD / DELE / RMD, in order, pipelined.
    Batch(BatchKind, Vec<String>),
    /// Server digests of remote files (with their sizes), for `--checksum`.
    Digests(Vec<(String, u64)>),
    /// Item N of the caller's [`super::tasks::Task`].
    Task(usize),
}

/// One file of a `get` or `put` with several files: what the command line
/// named, resolved to paths on both sides.
#[derive(Debug, Clone)]
pub struct FileJob {
    /// Server path (relative to the login directory unless absolute).
    pub remote: String,
    /// Local file: the target of a download, the source of an upload.
    pub local: PathBuf,
    /// Temporary file of a download, chosen to collide with nothing else.
    pub part: PathBuf,
    /// Remote size from a listing (downloads).
    pub size: Option<u64>,
    /// Replace an existing local target (downloads).
    pub force: bool,
    /// Continue what an earlier run left (`-c`).
    pub resume: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BatchKind {
    Mkdir,
    /// Creates the remote root and its parents; refusals are fine (they exist).
    MkdirRoot,
    DeleteFile,
    RemoveDir,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Probe {
    pub mlsd: bool,
    pub mdtm: bool,
    pub setter: TimeSetter,
}

pub(super) enum Output {
    Probed(Probe),
    /// The listing, and whether its times are exact.
    Listed(Listing, bool),
    Times(Vec<(String, Option<DateTime<Utc>>)>),
    /// Bytes transferred; a warning when the modification time could not be set.
    Transferred(u64, Option<Error>),
    /// One result per item, in order.
    Batch(Vec<Result<()>>),
    Digests(Vec<super::checksum::RemoteDigest>),
}

impl Job {
    /// What the job works on, for reports (a path, or what kind of work).
    pub(super) fn label(&self) -> String {
        match self {
            Job::Get(t, _) | Job::Put(t, _) => t.path.clone(),
            Job::Fetch(f) | Job::Send(f) => f.remote.clone(),
            Job::List(rel) => format!("listing {}", if rel.is_empty() { "." } else { rel }),
            Job::Probe { .. } => "server features".into(),
            Job::Times(_) => "modification times".into(),
            Job::Batch(..) => "directory changes".into(),
            Job::Digests(_) => "server digests".into(),
            Job::Task(n) => format!("item {n}"),
        }
    }

    /// Jobs that move a file (and may use a prefetched passive port).
    pub(super) fn is_transfer(&self) -> bool {
        matches!(self, Job::Get(..) | Job::Put(..) | Job::Fetch(_) | Job::Send(_) | Job::Task(_))
    }
}

pub(super) struct JobResult {
    pub job: Job,
    pub result: Result<Output>,
}

/// The server path of `rel` under the remote root.
pub(super) fn remote_path(root: &str, rel: &str) -> String {
    if rel.is_empty() { root.to_string() } else { crate::ops::join_remote(root, rel) }
}
