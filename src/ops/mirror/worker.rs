//! One worker: a control connection and the jobs it runs on it, with
//! reconnection and retries after transient failures.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Observer;
use super::plan::Transfer;
use super::transfer;
use crate::control::{ConnectOptions, Session};
use crate::error::{Error, Result};
use crate::ops::list::{self, Listing};
use crate::ops::transfer::{Prefetch, TimeSetter};
use crate::wire::Command;

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

pub(super) struct Worker<'a> {
    ctx: &'a WorkerCtx<'a>,
    session: Option<Session>,
    /// Control connections opened by earlier sessions of this worker.
    past_connections: u32,
    /// Passive port asked for at the end of the previous transfer.
    prefetch: Prefetch,
}

impl<'a> Worker<'a> {
    pub fn new(ctx: &'a WorkerCtx<'a>) -> Self {
        Worker { ctx, session: None, past_connections: 0, prefetch: Prefetch::default() }
    }

    pub fn connections(&self) -> u32 {
        self.past_connections + self.session.as_ref().map_or(0, |s| s.connections)
    }

    /// Logs in, retrying transient failures.
    pub fn connect(&mut self) -> Result<()> {
        let mut attempt = 0;
        loop {
            match Session::connect(self.ctx.connect.clone()) {
                Ok(s) => {
                    self.session = Some(s);
                    return Ok(());
                }
                Err(e) if e.is_transient() && attempt < self.ctx.retries && !self.cancelled() => {
                    attempt += 1;
                    backoff(attempt);
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn cancelled(&self) -> bool {
        self.ctx.connect.cancel.load(Ordering::Relaxed)
    }

    /// Runs a job; `Err` gives the job back when no connection can be had.
    pub fn run(&mut self, job: Job) -> std::result::Result<JobResult, Box<(Job, Error)>> {
        let mut attempt = 0;
        loop {
            if self.cancelled() {
                return Ok(JobResult { job, result: Err(Error::Interrupted) });
            }
            if self.session.is_none()
                && let Err(e) = self.connect()
            {
                return Err(Box::new((job, e)));
            }
            let Some(s) = self.session.as_mut() else { continue };
            // Only a transfer right after a transfer may use the prefetched port.
            let mut prefetch = std::mem::take(&mut self.prefetch);
            if !matches!(job, Job::Get(..) | Job::Put(..)) {
                prefetch = Prefetch::default();
            }
            let result = execute(self.ctx, s, &job, &mut prefetch);
            self.prefetch = prefetch;
            match result {
                Ok(out) => return Ok(JobResult { job, result: Ok(out) }),
                Err(e) => {
                    // Only a clean negative reply (other than 421, "closing")
                    // leaves the control connection in a known state; anything
                    // else may have left a reply unread or a transfer half done.
                    let in_step = matches!(&e, Error::Remote { reply, .. } if reply.code != 421);
                    if !in_step && let Some(s) = self.session.take() {
                        self.past_connections += s.connections;
                        self.prefetch = Prefetch::default();
                    }
                    if e.is_transient() && attempt < self.ctx.retries && !self.cancelled() {
                        attempt += 1;
                        backoff(attempt);
                        continue;
                    }
                    return Ok(JobResult { job, result: Err(e) });
                }
            }
        }
    }

    pub fn quit(&mut self) {
        if let Some(s) = self.session.take() {
            self.past_connections += s.connections;
            s.quit();
        }
    }
}

/// Only after failures: a short, growing pause before trying again.
fn backoff(attempt: u32) {
    std::thread::sleep(Duration::from_millis(100 * u64::from(attempt.min(10))));
}

fn execute(ctx: &WorkerCtx<'_>, s: &mut Session, job: &Job, prefetch: &mut Prefetch) -> Result<Output> {
    match job {
        Job::Probe { want_setter } => Ok(Output::Probed(probe(s, *want_setter)?)),
        Job::List(rel) => {
            let precise = s.features.mlsd;
            let listing = list::list(s, &remote_path(ctx.remote_root, rel))?;
            Ok(Output::Listed(listing, precise))
        }
        Job::Times(rels) => {
            let cmds: Vec<Command> = rels.iter().map(|r| Command::Mdtm(remote_path(ctx.remote_root, r))).collect();
            let replies = s.pipeline(&cmds)?;
            let times = rels
                .iter()
                .zip(replies)
                .map(|(rel, reply)| {
                    let t = if reply.code == 213 { super::times::parse_stamp(&reply.text()) } else { None };
                    (rel.clone(), t)
                })
                .collect();
            Ok(Output::Times(times))
        }
        Job::Get(t, mdtm) => transfer::download(ctx, s, t, *mdtm, prefetch),
        Job::Put(t, setter) => transfer::upload(ctx, s, t, *setter, prefetch),
        Job::Batch(kind, rels) => transfer::batch(ctx, s, *kind, rels).map(Output::Batch),
    }
}

fn probe(s: &mut Session, want_setter: bool) -> Result<Probe> {
    let setter = if !want_setter {
        TimeSetter::None
    } else if s.features.mfmt {
        TimeSetter::Mfmt
    } else {
        // SITE commands are not in FEAT; SITE HELP lists them where offered.
        let reply = s.command(Command::Site("HELP".into()))?;
        let offers_utime = reply.class() == 2
            && reply.lines.iter().any(|l| l.split_whitespace().any(|w| w.eq_ignore_ascii_case("UTIME")));
        if offers_utime { TimeSetter::SiteUtime } else { TimeSetter::None }
    };
    Ok(Probe { mlsd: s.features.mlsd, mdtm: s.features.mdtm, setter })
}

/// The server path of `rel` under the remote root.
pub(super) fn remote_path(root: &str, rel: &str) -> String {
    if rel.is_empty() { root.to_string() } else { crate::ops::join_remote(root, rel) }
}
