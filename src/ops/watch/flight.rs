//! Files in flight: what is ready goes to the engine's pool of connections
//! (`--parallel`, adaptive by default, as `mirror` and multi-file `get` and
//! `put`), oldest first. The coordinating thread keeps scanning while they
//! run (a long file does not hold back the ones that arrive meanwhile), and
//! never hands out a file that is still in flight; the workers share the
//! journal, whose every line is still written, and synced, before its step.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{Cx, Direction, Journal, Link, Observer, Pass, Request, inbox, outbox, wait};
use crate::error::{Error, Result};
use crate::ops::mirror::{self, Tasks};
use crate::session::control::Session;

/// How often a coordinator waiting on the workers looks at the stop flag
/// and for local events.
const TICK: Duration = Duration::from_millis(200);

/// One file to deliver.
#[derive(Clone)]
pub(super) enum Item {
    Out(outbox::Local),
    In(inbox::Remote),
}

impl Item {
    pub fn name(&self) -> &str {
        match self {
            Item::Out(f) => &f.name,
            Item::In(f) => &f.name,
        }
    }
}

/// A file delivered (or finished after an interruption).
pub(super) struct Done {
    pub local: String,
    pub remote: String,
    /// What the transfer proved, when one ran (for `--receipt`).
    pub evidence: Option<crate::ops::transfer::Evidence>,
    pub bytes: u64,
    /// An earlier, interrupted run had delivered it.
    pub recovered: bool,
    pub moved_to: Option<String>,
    /// Why the source stayed, when it could not be moved or deleted.
    pub kept: Option<String>,
}

/// What a worker made of one file: done, the file's failure (the
/// coordinator decides between later and for good), or an error that ends
/// the run (the journal could not be written).
type Outcome = Result<std::result::Result<Done, Error>>;

/// What the workers share.
pub(super) struct Shared<'a> {
    pub req: &'a Request,
    pub obs: &'a dyn Observer,
    journal: Mutex<Journal>,
    /// Server folders made (or found) in this run of the pool, for `--recursive`.
    pub made: Mutex<HashSet<String>>,
    /// Items handed out, and their outcomes once run.
    slots: Mutex<HashMap<usize, (Item, Option<Outcome>)>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A worker that panicked left the data consistent (each change is one call).
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl<'a> Shared<'a> {
    pub fn new(req: &'a Request, obs: &'a dyn Observer, journal: Journal) -> Self {
        Shared {
            req,
            obs,
            journal: Mutex::new(journal),
            made: Mutex::new(HashSet::new()),
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub fn journal(&self) -> MutexGuard<'_, Journal> {
        lock(&self.journal)
    }

    pub fn made(&self) -> MutexGuard<'_, HashSet<String>> {
        lock(&self.made)
    }
}

impl mirror::Task for Shared<'_> {
    fn run(&self, item: usize, session: &mut Option<Session>, dropped: &mut u32) -> Result<u64> {
        let Some(it) = lock(&self.slots).get(&item).map(|(it, _)| it.clone()) else { return Ok(0) };
        let mut link = Link { session, dropped };
        let outcome = if self.req.connect.cancel.load(std::sync::atomic::Ordering::SeqCst) {
            Ok(Err(Error::Interrupted))
        } else {
            match &it {
                Item::Out(f) => outbox::deliver(self, &mut link, f),
                Item::In(f) => inbox::deliver(self, &mut link, f),
            }
        };
        let bytes = match &outcome {
            Ok(Ok(d)) if !d.recovered => d.bytes,
            _ => 0,
        };
        if let Some(slot) = lock(&self.slots).get_mut(&item) {
            slot.1 = Some(outcome);
        }
        Ok(bytes)
    }
}

impl Cx<'_> {
    /// Scans, delivers what is ready on the pool (scanning again meanwhile
    /// unless `once`), and returns the last scan's news.
    pub(super) fn pass(&mut self, waiter: &mut wait::Waiter) -> Result<Pass> {
        let pass = self.scan()?;
        for dir in &pass.dirs {
            waiter.add(dir);
        }
        if pass.ready.is_empty() {
            return Ok(pass);
        }
        let (req, sh) = (self.req, self.sh);
        let seed = self.session.take();
        let (result, opened, parallelism) =
            mirror::with_tasks(&req.connect, req.parallel, req.retries, sh, seed, |tasks| {
                self.fly(tasks, pass, waiter)
            });
        self.summary.connections += opened;
        let p = &mut self.summary.parallel;
        p.max = p.max.max(parallelism.max);
        p.limit = p.limit.take().or(parallelism.limit);
        // A long-running watch keeps the first changes, not an endless list.
        let room = 32usize.saturating_sub(p.changes.len());
        p.changes.extend(parallelism.changes.into_iter().take(room));
        // Folders on the server may be removed before the pool runs again.
        sh.made().clear();
        lock(&sh.slots).clear();
        self.in_flight.clear();
        result
    }

    /// Hands `pass.ready` to the workers and reports each file as it comes
    /// back; until all are back, scans again when due (or when a local
    /// event says so) and hands out what became ready.
    fn fly(&mut self, tasks: &mut Tasks<'_, '_>, mut pass: Pass, waiter: &mut wait::Waiter) -> Result<Pass> {
        self.submit(tasks, std::mem::take(&mut pass.ready));
        let mut scan_at = self.next_scan(&pass);
        let mut fatal = None;
        while tasks.outstanding() > 0 {
            let until = if self.req.once { Instant::now() + TICK } else { scan_at.min(Instant::now() + TICK) };
            if let Some((item, _)) = tasks.next(until)? {
                match self.landed(item) {
                    Ok(()) | Err(Error::Interrupted) => {}
                    Err(e) => {
                        fatal.get_or_insert(e);
                        tasks.drop_queued();
                    }
                }
                continue;
            }
            if self.stopped() {
                // The files running finish or give up; the rest wait for the next start.
                tasks.drop_queued();
                continue;
            }
            let event = waiter.pending();
            if self.req.once || fatal.is_some() || !(event || Instant::now() >= scan_at) {
                continue;
            }
            match self.scan() {
                Ok(mut more) => {
                    for dir in &more.dirs {
                        waiter.add(dir);
                    }
                    self.submit(tasks, std::mem::take(&mut more.ready));
                    pass = more;
                }
                Err(Error::Interrupted) => {}
                Err(e) => self.obs.trouble(&e),
            }
            // An inbox lists on a session of its own: not kept while idle.
            if self.req.direction == Direction::Inbox {
                self.quit();
            }
            scan_at = self.next_scan(&pass);
        }
        for error in tasks.losses() {
            // A worker that could not log in had taken no file: a note under -v.
            self.req.connect.trace.note(format_args!("connections: one was lost, the others carried on: {error}"));
        }
        match fatal {
            Some(e) => Err(e),
            None if self.stopped() => Err(Error::Interrupted),
            None => Ok(pass),
        }
    }

    fn submit(&mut self, tasks: &mut Tasks<'_, '_>, ready: Vec<Item>) {
        for it in ready {
            self.in_flight.insert(it.name().to_string());
            let n = self.items;
            self.items += 1;
            lock(&self.sh.slots).insert(n, (it, None));
            tasks.submit(n);
        }
    }

    /// Reports a file a worker is done with (or records its failure).
    fn landed(&mut self, item: usize) -> Result<()> {
        let Some((it, outcome)) = lock(&self.sh.slots).remove(&item) else { return Ok(()) };
        self.in_flight.remove(it.name());
        match (outcome, it) {
            (None, _) => Ok(()),
            (Some(Err(fatal)), _) => Err(fatal),
            (Some(Ok(Ok(done))), it) => {
                self.delivered(it.name(), done);
                Ok(())
            }
            (Some(Ok(Err(e))), Item::Out(f)) => outbox::fail(self, &f, e),
            (Some(Ok(Err(e))), Item::In(f)) => inbox::fail(self, &f, e),
        }
    }
}
