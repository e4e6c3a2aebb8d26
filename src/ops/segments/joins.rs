//! Which connections of a segmented transfer moved data, and when each
//! began: a [`Mover`] that notes the thread of each range before passing
//! it on (every connection is one thread of the runner), for the report
//! of the choice ([`Connections`]).

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use super::plan::{Board, ClaimId};
use super::runner::Mover;
use crate::error::Result;
use crate::ops::connections::Connections;
use crate::session::control::Session;

pub(super) struct Noted<'a> {
    inner: &'a dyn Mover,
    started: Instant,
    joined: Mutex<Vec<(ThreadId, Duration)>>,
}

impl<'a> Noted<'a> {
    pub fn new(inner: &'a dyn Mover) -> Self {
        Noted { inner, started: Instant::now(), joined: Mutex::new(Vec::new()) }
    }

    /// The choice as it worked out: `asked` connections, or adaptive when `None`.
    pub fn report(&self, asked: Option<u32>) -> Connections {
        let joined = self.joined.lock().unwrap_or_else(|p| p.into_inner());
        let times: Vec<Duration> = joined.iter().map(|(_, t)| *t).collect();
        Connections::split(asked, &times)
    }
}

impl Mover for Noted<'_> {
    fn range(&self, s: &mut Session, board: &Mutex<Board>, id: ClaimId, written: &AtomicU64) -> Result<()> {
        let me = std::thread::current().id();
        {
            let mut joined = self.joined.lock().unwrap_or_else(|p| p.into_inner());
            if !joined.iter().any(|(t, _)| *t == me) {
                joined.push((me, self.started.elapsed()));
            }
        }
        self.inner.range(s, board, id, written)
    }

    fn checkpoint(&self, board: &Board) -> Result<()> {
        self.inner.checkpoint(board)
    }

    fn splitting(&self, board: &Board) -> Result<()> {
        self.inner.splitting(board)
    }

    fn local(&self) -> &Path {
        self.inner.local()
    }

    fn halted(&self) -> bool {
        self.inner.halted()
    }
}
