//! The pool's work queue: jobs in the order submitted, taken by whichever
//! worker is free, and the first login's outcome the other workers wait on
//! before they send their credentials.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

use super::job::Job;

/// Owned by the caller, outside the thread scope, so workers can borrow it.
pub(super) struct Queue {
    state: Mutex<QueueState>,
    ready: Condvar,
    /// Whether the first worker's login succeeded, once it is known.
    first_login: Mutex<Option<bool>>,
    first_login_known: Condvar,
}

#[derive(Default)]
pub(super) struct QueueState {
    jobs: VecDeque<Job>,
    pub closed: bool,
    /// Workers asked to log out between jobs (the pool shrinks).
    retire: usize,
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

    pub(super) fn set_first_login(&self, ok: bool) {
        *self.first_login.lock().unwrap_or_else(|p| p.into_inner()) = Some(ok);
        self.first_login_known.notify_all();
    }

    pub(super) fn wait_first_login(&self) -> bool {
        let mut known = self.first_login.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(ok) = *known {
                return ok;
            }
            known = self.first_login_known.wait(known).unwrap_or_else(|p| p.into_inner());
        }
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        // Workers never panic while holding the lock; a poisoned queue is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn push(&self, job: Job) {
        self.lock().jobs.push_back(job);
        self.ready.notify_one();
    }

    /// The next job, or `None` once the queue is closed and empty, or when
    /// this worker is to retire.
    pub(super) fn pop(&self) -> Option<Job> {
        let mut st = self.lock();
        loop {
            if st.retire > 0 {
                st.retire -= 1;
                return None;
            }
            if let Some(job) = st.jobs.pop_front() {
                return Some(job);
            }
            if st.closed {
                return None;
            }
            st = self.ready.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    pub(super) fn retire(&self, n: usize) {
        self.lock().retire += n;
        self.ready.notify_all();
    }

    /// Drops the jobs no worker has taken yet; returns how many.
    pub(super) fn drop_waiting(&self) -> usize {
        let mut st = self.lock();
        let n = st.jobs.len();
        st.jobs.clear();
        n
    }

    /// Ends the workers' loops; jobs not yet started are dropped (the run
    /// is over, normally or not).
    pub(super) fn close(&self) {
        let mut st = self.lock();
        st.closed = true;
        st.jobs.clear();
        drop(st);
        self.ready.notify_all();
    }
}
