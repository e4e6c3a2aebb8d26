//! N worker threads, each owning one control connection, fed from one queue.
//!
//! The coordinating thread submits jobs and collects their results. The
//! first worker logs in alone (a wrong password then costs one failed login,
//! not N); the others log in as soon as it has succeeded, while it reads the
//! first listing. Workers reconnect after a failure; one that cannot log in
//! at all puts its job back and leaves, and the run goes on with the others
//! until none is left.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Condvar, Mutex};
use std::thread::{Scope, ScopedJoinHandle};

use super::job::{Job, JobResult, WorkerCtx};
use super::worker::Worker;
use crate::error::{Error, Result};
use crate::session::control::Session;

/// Owned by the caller, outside the thread scope, so workers can borrow it.
pub(super) struct Queue {
    state: Mutex<QueueState>,
    ready: Condvar,
    /// Whether the first worker's login succeeded, once it is known.
    first_login: Mutex<Option<bool>>,
    first_login_known: Condvar,
}

#[derive(Default)]
struct QueueState {
    jobs: VecDeque<Job>,
    closed: bool,
}

impl Queue {
    pub fn new() -> Queue {
        Queue {
            state: Mutex::new(QueueState::default()),
            ready: Condvar::new(),
            first_login: Mutex::new(None),
            first_login_known: Condvar::new(),
        }
    }

    fn set_first_login(&self, ok: bool) {
        *self.first_login.lock().unwrap_or_else(|p| p.into_inner()) = Some(ok);
        self.first_login_known.notify_all();
    }

    fn wait_first_login(&self) -> bool {
        let mut known = self.first_login.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(ok) = *known {
                return ok;
            }
            known = self.first_login_known.wait(known).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        // Workers never panic while holding the lock; a poisoned queue is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn push(&self, job: Job) {
        self.lock().jobs.push_back(job);
        self.ready.notify_one();
    }

    /// The next job, or `None` once the queue is closed and empty.
    fn pop(&self) -> Option<Job> {
        let mut st = self.lock();
        loop {
            if let Some(job) = st.jobs.pop_front() {
                return Some(job);
            }
            if st.closed {
                return None;
            }
            st = self.ready.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Ends the workers' loops; jobs not yet started are dropped (the run
    /// is over, normally or not).
    fn close(&self) {
        let mut st = self.lock();
        st.closed = true;
        st.jobs.clear();
        drop(st);
        self.ready.notify_all();
    }
}

/// What workers send back.
pub(super) enum Message {
    Done(JobResult),
    /// A worker could not (re)connect and has left; `None` when it never
    /// tried because the first login had failed.
    Gone(Option<Error>),
}

pub(super) struct Pool<'scope> {
    queue: &'scope Queue,
    rx: Receiver<Message>,
    alive: usize,
    outstanding: usize,
    handles: Vec<ScopedJoinHandle<'scope, u32>>,
    /// Why the first worker to leave left: the error when none is left.
    first_loss: Option<Error>,
    /// Why workers left while others carried on, for a warning.
    pub losses: Vec<String>,
}

impl<'scope> Pool<'scope> {
    /// Starts `n` workers; `seed`, a session the caller already logged in
    /// with, becomes the first worker's (one login fewer, and trust decisions
    /// already taken).
    pub fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        n: usize,
        queue: &'env Queue,
        ctx: &'env WorkerCtx<'env>,
        seed: Option<Session>,
    ) -> Pool<'scope>
    where
        'env: 'scope,
    {
        let (tx, rx) = mpsc::channel::<Message>();
        let mut seed = seed;
        let handles = (0..n)
            .map(|i| {
                let tx: Sender<Message> = tx.clone();
                let session = if i == 0 { seed.take() } else { None };
                scope.spawn(move || run_worker(ctx, queue, tx, i == 0, session))
            })
            .collect();
        Pool { queue, rx, alive: n, outstanding: 0, handles, first_loss: None, losses: Vec::new() }
    }

    pub fn submit(&mut self, job: Job) {
        self.outstanding += 1;
        self.queue.push(job);
    }

    pub fn outstanding(&self) -> usize {
        self.outstanding
    }

    /// The next finished job; an error only when every worker has gone.
    pub fn recv(&mut self) -> Result<JobResult> {
        loop {
            if self.alive == 0 {
                return Err(self.first_loss.take().unwrap_or(Error::ConnectionClosed));
            }
            match self.rx.recv() {
                Ok(Message::Done(r)) => {
                    self.outstanding -= 1;
                    return Ok(r);
                }
                Ok(Message::Gone(e)) => {
                    self.alive -= 1;
                    if let Some(e) = e {
                        if self.alive > 0 {
                            self.losses.push(e.to_string());
                        }
                        self.first_loss.get_or_insert(e);
                    }
                }
                Err(_) => self.alive = 0,
            }
        }
    }

    /// Closes the queue, lets workers log out, and returns how many control
    /// connections were opened in all.
    pub fn finish(mut self) -> u32 {
        self.queue.close();
        std::mem::take(&mut self.handles).into_iter().map(|h| h.join().unwrap_or(0)).sum()
    }
}

impl Drop for Pool<'_> {
    /// An early return (a fatal error) must still release the workers, or the
    /// thread scope would wait for them forever.
    fn drop(&mut self) {
        self.queue.close();
    }
}

fn run_worker(ctx: &WorkerCtx<'_>, queue: &Queue, tx: Sender<Message>, first: bool, seed: Option<Session>) -> u32 {
    let mut worker = Worker::new(ctx);
    if !first && (!queue.wait_first_login() || queue.lock().closed) {
        let _ = tx.send(Message::Gone(None));
        return 0;
    }
    let login = match seed {
        Some(s) => {
            worker.adopt(s);
            Ok(())
        }
        None => worker.connect(),
    };
    if first {
        queue.set_first_login(login.is_ok());
    }
    if let Err(e) = login {
        let _ = tx.send(Message::Gone(Some(e)));
        return worker.connections();
    }
    while let Some(job) = queue.pop() {
        match worker.run(job) {
            Ok(result) => {
                if tx.send(Message::Done(result)).is_err() {
                    break;
                }
            }
            Err(lost) => {
                let (job, e) = *lost;
                // Could not get a working connection: let another worker have it.
                queue.push(job);
                let _ = tx.send(Message::Gone(Some(e)));
                return worker.connections();
            }
        }
    }
    worker.quit();
    worker.connections()
}
