//! What the coordinator and the workers exchange: jobs, their outputs, and
//! the context every worker shares. Kept apart from both so that neither
//! `worker` nor `transfer` needs the other's internals.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::Observer;
use super::plan::Transfer;
use crate::control::ConnectOptions;
use crate::error::{Error, Result};
use crate::ops::list::Listing;
use crate::ops::transfer::TimeSetter;

/// Commands per pipelined batch: small enough that replies never fill a
/// socket buffer while the batch is still being written.
pub const BATCH: usize = 64;

/// What every worker shares.
pub(super) struct WorkerCtx<'a> {
    pub connect: &'a ConnectOptions,
    pub remote_root: &'a str,
    pub local_root: &'a Path,
    pub keep_times: bool,
    pub retries: u32,
    pub observer: &'a dyn Observer,
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
    /// Remote MKD / DELE / RMD, in order, pipelined.
    Batch(BatchKind, Vec<String>),
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
}

pub(super) struct JobResult {
    pub job: Job,
    pub result: Result<Output>,
}

/// The server path of `rel` under the remote root.
pub(super) fn remote_path(root: &str, rel: &str) -> String {
    if rel.is_empty() { root.to_string() } else { crate::ops::join_remote(root, rel) }
}
