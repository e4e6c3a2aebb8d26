//! One worker: a control connection and the jobs it runs on it, with
//! reconnection and retries after transient failures.

use std::sync::atomic::Ordering;

use super::Warning;
use super::job::{Job, JobResult, Output, Probe, WorkerCtx, remote_path};
use super::transfer;
use crate::error::{Error, Result};
use crate::ops::list;
use crate::ops::retry::{RetryPolicy, retry, retry_by};
use crate::ops::transfer::{Prefetch, TimeSetter};
use crate::session::control::{GateStep, Session};
use crate::wire::Command;

pub(super) struct Worker<'a> {
    ctx: &'a WorkerCtx<'a>,
    session: Option<Session>,
    /// Control connections opened by earlier sessions of this worker.
    past_connections: u32,
    /// Passive port asked for at the end of the previous transfer.
    prefetch: Prefetch,
    /// A server's refusal to log in (see `adapt::is_refusal`) is not retried.
    pub refusal_is_final: bool,
}

impl<'a> Worker<'a> {
    pub fn new(ctx: &'a WorkerCtx<'a>) -> Self {
        Worker { ctx, session: None, past_connections: 0, prefetch: Prefetch::default(), refusal_is_final: false }
    }

    pub fn connections(&self) -> u32 {
        self.past_connections + self.session.as_ref().map_or(0, |s| s.connections)
    }

    /// One round trip on the control connection (`NOOP`), timed: the link's
    /// latency without the server's login work in it.
    pub fn round_trip(&mut self) -> Option<std::time::Duration> {
        let s = self.session.as_mut()?;
        let started = std::time::Instant::now();
        let ok = s.command(Command::Noop).is_ok_and(|r| r.class() == 2);
        ok.then(|| started.elapsed())
    }

    /// Takes over a session that is already logged in.
    pub fn adopt(&mut self, s: Session) {
        self.session = Some(s);
    }

    /// Logs in, retrying transient failures (silently: the job's own
    /// retries are the ones reported).
    pub fn connect(&mut self) -> Result<()> {
        self.connect_gated(&mut |_| true).map(|_| ())
    }

    /// Like [`Worker::connect`]; `gate` is asked once before the first
    /// password, and told of each login that worked (see
    /// [`Session::connect_gated`]). `Ok(false)`: the gate said no.
    pub fn connect_gated(&mut self, gate: &mut dyn FnMut(GateStep) -> bool) -> Result<bool> {
        let ctx = self.ctx;
        let stop = || ctx.connect.cancel.load(Ordering::Relaxed);
        let policy = RetryPolicy::new(ctx.retries);
        let final_refusal = self.refusal_is_final;
        let allowed = |e: &Error| {
            let refused = final_refusal && super::adapt::is_refusal(e);
            if e.is_transient() && !refused { policy.retries } else { 0 }
        };
        let mut answer = None;
        let mut once = |step| match step {
            GateStep::Password => *answer.get_or_insert_with(|| gate(step)),
            GateStep::LoggedIn => gate(step),
        };
        let login = |_| Session::connect_gated(ctx.connect.clone(), &mut once);
        let session = retry_by(&policy, &allowed, &stop, &mut |_, _, _| {}, login)?;
        let admitted = session.is_some();
        self.session = session;
        Ok(admitted)
    }

    /// Runs a job; `Err` gives the job back when no connection can be had.
    pub fn run(&mut self, job: Job) -> std::result::Result<JobResult, Box<(Job, Error)>> {
        let ctx = self.ctx;
        if let (Job::Task(item), Some(task)) = (&job, ctx.task) {
            // A task keeps its own connection and retries (see `tasks`).
            let result = task.run(*item, &mut self.session, &mut self.past_connections);
            return Ok(JobResult { job, result: result.map(|bytes| Output::Transferred(bytes, None)) });
        }
        let stop = || ctx.connect.cancel.load(Ordering::Relaxed);
        let policy = RetryPolicy::new(ctx.retries);
        let mut report = |attempt, e: &Error, delay| {
            let error = e.to_string();
            ctx.observer.warning(&Warning::Retrying { what: job.label(), attempt, of: ctx.retries, error, delay });
        };
        // `Ok(Err(e))`: no connection could be had (not the job's failure).
        let result = retry(&policy, &stop, &mut report, |attempt| {
            if stop() {
                return Err(Error::Interrupted);
            }
            if self.session.is_none()
                && let Err(e) = self.connect()
            {
                return Ok(Err(e));
            }
            let Some(s) = self.session.as_mut() else { return Ok(Err(Error::ConnectionClosed)) };
            // Only a transfer right after a transfer may use the prefetched port.
            let mut prefetch = std::mem::take(&mut self.prefetch);
            if !job.is_transfer() {
                prefetch = Prefetch::default();
            }
            // A retry continues what the failed attempt left.
            let mut result = execute(ctx, s, &job, &mut prefetch, attempt > 0);
            // A listing the link cut (no close_notify, a cut last line) is
            // listed again while retries remain, like a cut transfer; the
            // last attempt's is used as it is (its whole lines, nothing
            // deleted below it).
            if let (Job::List(rel), Ok(Output::Listed(listing, _))) = (&job, &result)
                && (listing.unclean_end || listing.cut_line.is_some())
                && attempt < policy.retries
                && let Some(why) = listing.gap()
            {
                result = Err(Error::IncompleteListing { dir: remote_path(ctx.remote_root, rel), why });
            }
            self.prefetch = prefetch;
            // Only a clean negative reply (other than 421, "closing") leaves
            // the control connection in a known state; anything else may
            // have left a reply unread or a transfer half done.
            if let Err(e) = &result
                && !matches!(e, Error::Remote { reply, .. } if reply.code != 421)
                && let Some(s) = self.session.take()
            {
                self.past_connections += s.connections;
                self.prefetch = Prefetch::default();
            }
            result.map(Ok)
        });
        match result {
            Ok(Ok(out)) => Ok(JobResult { job, result: Ok(out) }),
            Ok(Err(no_connection)) => Err(Box::new((job, no_connection))),
            Err(e) => Ok(JobResult { job, result: Err(e) }),
        }
    }

    pub fn quit(&mut self) {
        if let Some(s) = self.session.take() {
            self.past_connections += s.connections;
            s.quit();
        }
    }
}

fn execute(ctx: &WorkerCtx<'_>, s: &mut Session, job: &Job, prefetch: &mut Prefetch, retry: bool) -> Result<Output> {
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
        Job::Fetch(f) => transfer::fetch(ctx, s, f, retry, prefetch),
        Job::Send(f) => transfer::send(ctx, s, f, prefetch),
        Job::Batch(kind, rels) => transfer::batch(ctx, s, *kind, rels).map(Output::Batch),
        Job::Digests(rels) => super::checksum::remote_digests(ctx, s, rels).map(Output::Digests),
        Job::Task(_) => Err(Error::Protocol("a task was queued without its runner".into())),
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
