//! The coordinating thread of one run: reads both trees, plans, feeds the
//! workers and collects what they report.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::job::{BATCH, BatchKind, Job, JobResult, Output, Probe};
use super::local;
use super::plan::{self, Mode, Plan, PlanOptions, SkipReason, Transfer};
use super::pool::Pool;
use super::tree::{self, Node, Notice, Tree, ancestors};
use super::{Direction, Failure, Observer, Outcome, Request, Stats, Warning};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::part;
use crate::ops::transfer::TimeSetter;

/// How times are handled in this run.
struct Policy {
    /// Times take part in comparisons.
    use_times: bool,
    /// Copies get their source's time.
    times_kept: bool,
    setter: TimeSetter,
    /// Downloads ask for their exact time (MDTM) as they finish.
    ask_time: bool,
}

/// The coordinator's state for one run.
pub(super) struct Run<'a> {
    req: &'a Request,
    obs: &'a dyn Observer,
    failures: Vec<Failure>,
    stats: Stats,
    interrupted: bool,
    /// Local directories that received downloads, synced once at the end.
    touched_dirs: BTreeSet<String>,
}

impl<'a> Run<'a> {
    pub(super) fn new(req: &'a Request, obs: &'a dyn Observer) -> Self {
        Run {
            req,
            obs,
            failures: Vec::new(),
            stats: Stats::default(),
            interrupted: false,
            touched_dirs: BTreeSet::new(),
        }
    }

    fn upload(&self) -> bool {
        self.req.direction == Direction::Upload
    }

    pub(super) fn go(mut self, pool: &mut Pool<'_>) -> Result<Outcome> {
        let req = self.req;
        pool.submit(Job::Probe { want_setter: self.upload() && req.keep_times });
        pool.submit(Job::List(String::new()));
        // The local walk overlaps the first listings.
        let mut notices = Vec::new();
        let local = tree::walk_local(&req.local_root, &req.filter, !self.upload(), &mut notices)?;
        let (mut remote, probe, remote_root_missing) = self.read_remote(pool, &mut notices)?;
        self.stats.refused = notices.iter().filter(|n| matches!(n, Notice::RefusedName { .. })).count() as u64;
        for n in notices {
            self.obs.warning(&Warning::Tree(n));
        }

        let (use_times, times_kept, setter) = self.time_policy(&probe);
        if !probe.mlsd && probe.mdtm && use_times && req.mode != Mode::SizeOnly {
            // Display dates from LIST are too coarse: ask for exact times
            // where they decide something (same size on both sides). A
            // download's own time comes with its transfer (see `ask_time`).
            self.fetch_times(pool, &local, &mut remote)?;
        }
        let mut local = local;
        if req.checksum {
            super::checksum::apply(pool, self.obs, !self.upload(), &req.local_root, &mut local, &mut remote)?;
        }
        let ask_time = !self.upload() && times_kept && !probe.mlsd && probe.mdtm;
        let (src, dst) = match req.direction {
            Direction::Download => (remote, local),
            Direction::Upload => (local, remote),
        };
        self.finish_from(pool, src, dst, Policy { use_times, times_kept, setter, ask_time }, remote_root_missing)
    }

    /// Lists the remote tree, directory by directory, on all workers.
    fn read_remote(&mut self, pool: &mut Pool<'_>, notices: &mut Vec<Notice>) -> Result<(Tree, Probe, bool)> {
        let mut remote = Tree::default();
        let mut probe = None;
        let mut root_missing = false;
        while pool.outstanding() > 0 {
            let JobResult { job, result } = pool.recv()?;
            match (job, result) {
                (Job::Probe { .. }, Ok(Output::Probed(p))) => probe = Some(p),
                (Job::List(rel), Ok(Output::Listed(listing, precise))) => {
                    if let Some(why) = listing.gap() {
                        // Its complete lines are used; nothing below it is deleted.
                        let dir = super::job::remote_path(&self.req.remote_root, &rel);
                        self.fail(if rel.is_empty() { "." } else { &rel }, &Error::IncompleteListing { dir, why });
                        remote.incomplete.insert(rel.clone());
                    }
                    for dir in tree::add_listing(&mut remote, &rel, listing, precise, &self.req.filter, notices) {
                        if dir.split('/').count() > self.req.max_depth {
                            // Endless trees and symlink loops listed as directories end here.
                            self.stats.too_deep += 1;
                            let what = format!(
                                "{} is more than {} levels deep; not listed, nothing below it is changed",
                                super::job::remote_path(&self.req.remote_root, &dir),
                                self.req.max_depth
                            );
                            self.fail(&dir, &Error::Limit(what));
                            remote.incomplete.insert(dir);
                            continue;
                        }
                        pool.submit(Job::List(dir));
                    }
                    if remote.nodes.len() as u64 > self.req.max_entries {
                        return Err(Error::Limit(format!(
                            "the remote tree holds more than {} entries; stopped reading it",
                            self.req.max_entries
                        )));
                    }
                }
                (Job::List(rel), Err(e)) if rel.is_empty() => {
                    if self.upload() && e.kind() == ErrorKind::RemoteNotFound {
                        root_missing = true;
                    } else {
                        return Err(e);
                    }
                }
                (Job::List(rel), Err(e)) => {
                    self.fail(&rel, &e);
                    remote.incomplete.insert(rel);
                }
                (_, Err(e)) => return Err(e),
                _ => {}
            }
        }
        self.note_losses(pool);
        let probe = probe.ok_or_else(|| Error::Protocol("no server capabilities were probed".into()))?;
        Ok((remote, probe, root_missing))
    }

    /// (compare times, copies keep times, how to set remote times).
    fn time_policy(&self, probe: &Probe) -> (bool, bool, TimeSetter) {
        let req = self.req;
        if self.upload() {
            let kept = req.keep_times && probe.setter != TimeSetter::None;
            if req.keep_times && !kept {
                self.obs.warning(&Warning::TimesNotKept);
            }
            (kept, kept, probe.setter)
        } else {
            if !probe.mlsd && !probe.mdtm && (req.keep_times || req.mode != Mode::SizeOnly) {
                self.obs.warning(&Warning::RemoteTimesUnknown);
            }
            (req.keep_times, req.keep_times, TimeSetter::None)
        }
    }

    /// Fills in exact remote times (pipelined MDTM on all workers) for the
    /// remote files where they matter: those whose local side has the same
    /// size, where times decide.
    fn fetch_times(&mut self, pool: &mut Pool<'_>, local: &Tree, remote: &mut Tree) -> Result<()> {
        let wanted: Vec<String> = remote
            .nodes
            .iter()
            .filter_map(|(rel, node)| match node {
                Node::File(m) if self.req.filter.selects(rel) => {
                    local.file(rel).is_some_and(|o| o.size == m.size).then(|| rel.clone())
                }
                _ => None,
            })
            .collect();
        for chunk in wanted.chunks(BATCH) {
            pool.submit(Job::Times(chunk.to_vec()));
        }
        while pool.outstanding() > 0 {
            let JobResult { result, .. } = pool.recv()?;
            match result {
                Ok(Output::Times(times)) => {
                    for (rel, t) in times {
                        set_mtime(remote, &rel, t);
                    }
                }
                Err(Error::Interrupted) => return Err(Error::Interrupted),
                // Without exact times those files are compared by size.
                _ => {}
            }
        }
        Ok(())
    }

    fn finish_from(
        mut self,
        pool: &mut Pool<'_>,
        src: Tree,
        dst: Tree,
        policy: Policy,
        remote_root_missing: bool,
    ) -> Result<Outcome> {
        let req = self.req;
        let Policy { use_times, times_kept, setter, ask_time } = policy;
        let opts = PlanOptions {
            mode: req.mode,
            use_times,
            delete: req.delete,
            filter: req.filter.clone(),
            local_destination: req.direction == Direction::Download,
        };
        let plan = plan::plan(&src, &dst, &opts);
        drop((src, dst));
        self.stats.files_unchanged = plan.unchanged;
        self.stats.skipped = plan.skipped.len() as u64;
        for s in plan.skipped.iter().filter(|s| s.why == SkipReason::TypeConflict) {
            self.failures.push(Failure {
                path: s.path.clone(),
                error: s.why.to_string(),
                kind: ErrorKind::Local,
                remedy: None,
            });
        }
        if !req.dry_run {
            self.obs.planned(plan.transfers.len() as u64, plan.bytes());
            match req.direction {
                Direction::Download => self.execute_download(pool, &plan, ask_time)?,
                Direction::Upload => self.execute_upload(pool, &plan, setter, remote_root_missing)?,
            }
            self.note_losses(pool);
        }
        if self.interrupted {
            return Err(Error::Interrupted);
        }
        Ok(Outcome {
            plan,
            stats: self.stats,
            failures: self.failures,
            connections: 0,
            parallelism: Default::default(),
            times_kept,
        })
    }

    fn execute_download(&mut self, pool: &mut Pool<'_>, plan: &Plan, ask_time: bool) -> Result<()> {
        let root = &self.req.local_root;
        local::make_root(root)?;
        let mut failed_dirs = HashMap::new();
        for dir in &plan.mkdirs {
            match local::make_dir(root, dir) {
                Ok(()) => self.stats.dirs_created += 1,
                Err(e) => {
                    self.fail(dir, &e);
                    failed_dirs.insert(dir.clone(), Arc::new(e));
                }
            }
        }
        self.transfer_all(pool, plan, &failed_dirs, |t| Job::Get(t.clone(), ask_time && t.mtime.is_none()))?;
        // Each file was synced before its rename; one sync per directory makes
        // the renames durable too (measured cost in the README).
        for dir in std::mem::take(&mut self.touched_dirs) {
            if let Err(e) = part::sync_dir(&local::path_of(root, &dir)) {
                self.fail(&dir, &e);
            }
        }
        for f in &plan.delete_files {
            match local::remove_file(root, f) {
                Ok(()) => self.stats.files_deleted += 1,
                Err(e) => self.fail(f, &e),
            }
        }
        for d in &plan.delete_dirs {
            match local::remove_dir(root, d) {
                Ok(()) => self.stats.dirs_deleted += 1,
                Err(e) => self.fail(d, &e),
            }
        }
        Ok(())
    }

    fn execute_upload(
        &mut self,
        pool: &mut Pool<'_>,
        plan: &Plan,
        setter: TimeSetter,
        root_missing: bool,
    ) -> Result<()> {
        if root_missing {
            let root = self.req.remote_root.trim_end_matches('/');
            let prefixes: Vec<String> = tree::self_and_ancestors(root)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            self.batch(pool, BatchKind::MkdirRoot, prefixes)?;
        }
        let mut failed_dirs = HashMap::new();
        for (dir, result) in self.batch(pool, BatchKind::Mkdir, plan.mkdirs.clone())? {
            match result {
                Ok(()) => self.stats.dirs_created += 1,
                Err(e) => {
                    self.fail(&dir, &e);
                    failed_dirs.insert(dir, Arc::new(e));
                }
            }
        }
        self.transfer_all(pool, plan, &failed_dirs, |t| Job::Put(t.clone(), setter))?;
        for (f, result) in self.batch(pool, BatchKind::DeleteFile, plan.delete_files.clone())? {
            match result {
                Ok(()) => self.stats.files_deleted += 1,
                Err(e) => self.fail(&f, &e),
            }
        }
        // One job, so the server removes children before their parents.
        for (d, result) in self.batch_in_order(pool, BatchKind::RemoveDir, plan.delete_dirs.clone())? {
            match result {
                Ok(()) => self.stats.dirs_deleted += 1,
                Err(e) => self.fail(&d, &e),
            }
        }
        Ok(())
    }

    /// Queues every transfer (largest first, so a big file does not start
    /// last and run alone) and collects the results.
    fn transfer_all(
        &mut self,
        pool: &mut Pool<'_>,
        plan: &Plan,
        failed_dirs: &HashMap<String, Arc<Error>>,
        job: impl Fn(&Transfer) -> Job,
    ) -> Result<()> {
        let mut order: Vec<&Transfer> = plan.transfers.iter().collect();
        order.sort_by_key(|t| std::cmp::Reverse(t.size.unwrap_or(0)));
        for t in order {
            if let Some((dir, cause)) = ancestors(&t.path).find_map(|a| failed_dirs.get_key_value(a)) {
                let e = Error::DirNotCreated { dir: dir.clone(), source: cause.clone() };
                self.obs.finished(&t.path, Err(&e));
                self.fail(&t.path, &e);
                continue;
            }
            pool.submit(job(t));
        }
        while pool.outstanding() > 0 {
            let JobResult { job, result } = pool.recv()?;
            let path = match &job {
                Job::Get(t, _) | Job::Put(t, _) => t.path.as_str(),
                _ => continue,
            };
            match result {
                Ok(Output::Transferred(bytes, warning)) => {
                    if let Job::Get(..) = &job {
                        self.touched_dirs.insert(path.rsplit_once('/').map_or("", |(d, _)| d).to_string());
                    }
                    self.stats.files_transferred += 1;
                    self.stats.bytes_transferred += bytes;
                    self.obs.finished(path, Ok(bytes));
                    if let Some(e) = warning {
                        self.obs.warning(&Warning::TimeNotSet { path: path.to_string(), error: e.to_string() });
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    self.obs.finished(path, Err(&e));
                    self.fail(path, &e);
                }
            }
        }
        Ok(())
    }

    /// Pipelined remote commands, split across workers.
    fn batch(&mut self, pool: &mut Pool<'_>, kind: BatchKind, rels: Vec<String>) -> Result<Vec<(String, Result<()>)>> {
        for chunk in rels.chunks(BATCH) {
            pool.submit(Job::Batch(kind, chunk.to_vec()));
        }
        self.collect_batches(pool)
    }

    /// Pipelined remote commands on one worker, in the given order.
    fn batch_in_order(
        &mut self,
        pool: &mut Pool<'_>,
        kind: BatchKind,
        rels: Vec<String>,
    ) -> Result<Vec<(String, Result<()>)>> {
        if !rels.is_empty() {
            pool.submit(Job::Batch(kind, rels));
        }
        self.collect_batches(pool)
    }

    fn collect_batches(&mut self, pool: &mut Pool<'_>) -> Result<Vec<(String, Result<()>)>> {
        let mut out = Vec::new();
        while pool.outstanding() > 0 {
            let JobResult { job, result } = pool.recv()?;
            let Job::Batch(_, rels) = job else { continue };
            match result {
                Ok(Output::Batch(results)) => out.extend(rels.into_iter().zip(results)),
                Ok(_) => {}
                Err(Error::Interrupted) => {
                    self.interrupted = true;
                    out.extend(rels.into_iter().map(|r| (r, Err(Error::Interrupted))));
                }
                Err(e) => {
                    let e = std::sync::Arc::new(e);
                    out.extend(rels.into_iter().map(|r| (r, Err(Error::Batch(e.clone())))));
                }
            }
        }
        Ok(out)
    }

    fn fail(&mut self, path: &str, e: &Error) {
        if matches!(e, Error::Interrupted) {
            self.interrupted = true;
            return;
        }
        self.failures.push(Failure::new(path, e));
    }

    fn note_losses(&self, pool: &mut Pool<'_>) {
        for error in std::mem::take(&mut pool.losses) {
            self.obs.warning(&Warning::ConnectionLost { error });
        }
    }
}

fn set_mtime(tree: &mut Tree, rel: &str, t: Option<DateTime<Utc>>) {
    if let Some(Node::File(m)) = tree.nodes.get_mut(rel) {
        m.mtime = t;
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;
    use std::io;

    use super::*;
    use crate::wire::Reply;

    #[test]
    fn a_file_under_a_failed_directory_carries_its_error() {
        let mkd = Arc::new(Error::Remote {
            command: "MKD a/b".into(),
            reply: Reply { code: 550, lines: vec!["Permission denied".into()] },
        });
        let e = Error::DirNotCreated { dir: "a/b".into(), source: mkd.clone() };
        assert_eq!(e.kind(), ErrorKind::RemoteNotFound);
        assert!(!e.is_transient());
        let text = e.to_string();
        assert!(text.starts_with("its directory a/b could not be created: MKD a/b"), "{text}");
        assert!(text.contains("550 Permission denied"), "{text}");
        assert!(matches!(e.source().and_then(|c| c.downcast_ref::<Error>()), Some(Error::Remote { .. })));
        let local = Error::Local { action: "create", path: "x".into(), source: io::Error::other("full") };
        let e = Error::DirNotCreated { dir: "x".into(), source: Arc::new(local) };
        assert_eq!(e.kind(), ErrorKind::Local);
    }
}
