//! `mirror --checksum`: files present on both sides with the same size are
//! compared by digest (the server's `HASH`/`XSHA256`... against a local
//! hash) instead of by modification time, for trees whose times cannot be
//! trusted. Files whose digest cannot be had keep the size-and-time rule.

use std::collections::HashMap;

use super::job::{BATCH, Job, JobResult, Output, WorkerCtx, remote_path};
use super::pool::Pool;
use super::tree::{Node, Tree};
use super::{Observer, Warning};
use crate::error::{Error, Result};
use crate::ops::digest::{self, Hasher, Method};
use crate::session::control::Session;
use crate::wire::Command;
use crate::wire::digest::Algo;

/// A remote file (relative path) and the server's digest of it, if any.
pub(super) type RemoteDigest = (String, Option<(Algo, String)>);

/// Worker side: the server's digests of `rels` (with their sizes), one
/// pipelined batch; `None` where the server gave none.
pub(super) fn remote_digests(
    ctx: &WorkerCtx<'_>,
    s: &mut Session,
    rels: &[(String, u64)],
) -> Result<Vec<RemoteDigest>> {
    let Some(m) = digest::choose(&s.features) else {
        return Ok(rels.iter().map(|(r, _)| (r.clone(), None)).collect());
    };
    if let Method::Hash(a) = m
        && s.features.hash_current != Some(a)
        && s.command(Command::Opts(format!("HASH {}", a.name())))?.code == 200
    {
        s.features.hash_current = Some(a);
    }
    let cmds: Vec<Command> = rels
        .iter()
        .map(|(rel, _)| {
            let path = remote_path(ctx.remote_root, rel);
            match m {
                Method::Hash(_) => Command::Hash(path),
                Method::X(a) => Command::XDigest(a, path),
            }
        })
        .collect();
    // Each reply may take as long as the biggest file's digest does.
    let biggest = rels.iter().map(|(_, n)| *n).max().unwrap_or(0);
    s.await_digest(Some(crate::ops::conclude::digest_wait(s, biggest)));
    let replies = s.pipeline(&cmds);
    s.await_digest(None);
    let replies = replies?;
    Ok(rels
        .iter()
        .zip(replies)
        .map(|((rel, size), reply)| {
            let hex = digest::server_digest(m, &mut s.features, std::slice::from_ref(&reply), *size).ok();
            (rel.clone(), hex.map(|h| (m.algo(), h)))
        })
        .collect())
}

/// Coordinator side: asks the workers for the remote digests of every file
/// both trees hold with the same size, hashes the local copies, and makes
/// the trees say what the digests found: equal files get equal times (so
/// they count as unchanged), different ones an unknown size (so they are
/// transferred). Files without a digest are left to size and time, said once.
pub(super) fn apply(
    pool: &mut Pool<'_>,
    obs: &dyn Observer,
    remote_is_src: bool,
    local_root: &std::path::Path,
    local: &mut Tree,
    remote: &mut Tree,
) -> Result<()> {
    let wanted: Vec<(String, u64)> = remote
        .nodes
        .iter()
        .filter_map(|(rel, node)| match (node, local.file(rel)) {
            (Node::File(r), Some(l)) if r.size.is_some() && r.size == l.size => Some((rel.clone(), r.size?)),
            _ => None,
        })
        .collect();
    for chunk in wanted.chunks(BATCH) {
        pool.submit(Job::Digests(chunk.to_vec()));
    }
    let mut found: HashMap<String, (Algo, String)> = HashMap::new();
    let mut missing = 0u64;
    while pool.outstanding() > 0 {
        let JobResult { job, result } = pool.recv()?;
        match result {
            Ok(Output::Digests(list)) => {
                for (rel, d) in list {
                    match d {
                        Some(d) => {
                            found.insert(rel, d);
                        }
                        None => missing += 1,
                    }
                }
            }
            Err(Error::Interrupted) => return Err(Error::Interrupted),
            _ => missing += if let Job::Digests(list) = job { list.len() as u64 } else { 0 },
        }
    }
    for (rel, (algo, server)) in found {
        let Some(ours) = hash_file(&super::local::path_of(local_root, &rel), algo) else {
            missing += 1;
            continue;
        };
        let (src, dst) = if remote_is_src { (&*remote, &mut *local) } else { (&*local, &mut *remote) };
        let src_mtime = src.file(&rel).and_then(|m| m.mtime);
        if let Some(Node::File(m)) = dst.nodes.get_mut(&rel) {
            if ours == server {
                m.mtime = src_mtime;
            } else {
                m.size = None;
                m.mtime = None;
            }
        }
    }
    if missing > 0 {
        obs.warning(&Warning::ChecksumUnavailable { files: missing });
    }
    Ok(())
}

fn hash_file(path: &std::path::Path, algo: Algo) -> Option<String> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Hasher::new(&[algo]);
    h.update_from(&mut f, u64::MAX).ok()?;
    h.finish().pop().map(|(_, hex)| hex)
}
