//! The pool for work this engine does not know: a caller (the watch) hands
//! in numbered items and a [`Task`] that runs one on a worker's connection,
//! and gets the same workers, gated first login, adaptive sizing and server
//! limits as `mirror` and multi-file `get`/`put`, instead of a second pool.

use std::time::Instant;

use super::Parallel;
use super::adapt::Parallelism;
use super::job::{FileOptions, Job, JobResult, Output, WorkerCtx};
use super::pool::Pool;
use super::queue::Queue;
use crate::error::Result;
use crate::session::control::{ConnectOptions, Session};

/// Runs one item on a worker's connection.
pub trait Task: Sync {
    /// Runs `item` on `session` (logged in when the worker hands it over;
    /// the task may replace it, or leave `None` after a failure, adding the
    /// connections of any session it drops to `dropped`). The task does its
    /// own retries: the pool's are not applied. `Ok` is the bytes moved
    /// (the pool's throughput measure).
    fn run(&self, item: usize, session: &mut Option<Session>, dropped: &mut u32) -> Result<u64>;
}

/// The caller's side of a running pool.
pub struct Tasks<'p, 'scope> {
    pool: &'p mut Pool<'scope>,
}

impl Tasks<'_, '_> {
    /// Queues `item`; workers take items in the order submitted.
    pub fn submit(&mut self, item: usize) {
        self.pool.submit(Job::Task(item));
    }

    /// Items queued or running.
    pub fn outstanding(&self) -> usize {
        self.pool.outstanding()
    }

    /// The next finished item and its result; `None` once `until` has
    /// passed. An error only when every worker has gone (could not log in).
    pub fn next(&mut self, until: Instant) -> Result<Option<(usize, Result<u64>)>> {
        loop {
            let Some(JobResult { job, result }) = self.pool.recv_until(Some(until))? else { return Ok(None) };
            if let Job::Task(item) = job {
                return Ok(Some((item, result.map(|o| if let Output::Transferred(b, _) = o { b } else { 0 }))));
            }
        }
    }

    /// Forgets the items no worker has started (a stop).
    pub fn drop_queued(&mut self) {
        self.pool.drop_queued();
    }

    /// Why workers left while others carried on (said once, then forgotten).
    pub fn losses(&mut self) -> Vec<String> {
        std::mem::take(&mut self.pool.losses)
    }
}

/// Runs `body` with a pool of `parallel` workers running `task`'s items
/// (a fixed size is opened as items are submitted: one connection per item
/// waiting, up to the size); `seed`, a session already logged in, becomes
/// the first worker's. Returns
/// what `body` returned, the control connections opened in all, and how
/// many ran at once. Workers log out when `body` returns.
pub fn with_tasks<R>(
    connect: &ConnectOptions,
    parallel: Parallel,
    retries: u32,
    task: &dyn Task,
    seed: Option<Session>,
    body: impl FnOnce(&mut Tasks<'_, '_>) -> R,
) -> (R, u32, Parallelism) {
    let queue = Queue::new();
    let file = FileOptions {
        retries,
        verify: crate::ops::digest::Verify::default(),
        temp_uploads: true,
        sha256: false,
        remove_source: false,
        split: None,
    };
    let ctx = WorkerCtx { task: Some(task), ..WorkerCtx::new(connect, file, &super::Quiet) };
    std::thread::scope(|scope| {
        // A fixed size is reached as items arrive, not logged in up front.
        let start = match parallel {
            Parallel::Fixed(_) => Parallel::Fixed(1),
            adaptive => adaptive,
        };
        let mut pool = Pool::start(scope, start, false, &queue, &ctx, seed);
        if let Parallel::Fixed(n) = parallel {
            pool.widen_with_work(n);
        }
        let r = body(&mut Tasks { pool: &mut pool });
        let (opened, parallelism) = pool.finish();
        (r, opened, parallelism)
    })
}
