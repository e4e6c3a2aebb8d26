//! Segmented downloads: one file fetched over several connections at once,
//! each reading a byte range (`REST` + `RETR`, closed early) into the one
//! `.part` at its offset, and resumable after a crash from the state file
//! beside it (`NAME.part.ranges`).
//!
//! Why: one TCP connection over a long link is often capped (per-flow
//! shapers, a server's per-session limit); N connections move about N
//! times as much. Layered as the issue asks: [`plan`] decides which ranges
//! and who takes what, [`state`] is the file format, `runner` drives the
//! sessions and `range` is one ranged read. Everything a whole-file
//! download guarantees holds here too: the final name appears only after
//! the size and, where the server offers one, its digest of the whole file
//! matched; a state that does not match the remote file (size, MDTM) starts
//! over; a server that ignores `REST` is found out before any range is
//! written, and the file then moves on one connection.

pub mod adapt;
mod joins;
pub mod plan;
mod range;
mod runner;
pub mod state;
pub mod upload;
mod upload_probe;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::Progress;
use super::conclude::{ask_digest, hash_existing, verify_download};
use super::connections::Connections;
use super::digest::{self, Hasher, Method};
use super::mirror::times;
use super::part;
use super::transfer::{self, Done, Download, Evidence, Resume};
use crate::error::{Error, Result};
use crate::session::control::Session;
use crate::wire::Command;
use crate::wire::digest::Algo;
use plan::{Board, Done as Spans};
use state::State;

/// No range is cut smaller than this; a claim is halved for an idle
/// connection only while twice this much of it is left.
pub const MIN_PIECE: u64 = 1024 * 1024;
/// Most connections one file uses.
pub const MAX_SEGMENTS: u32 = 16;

/// Downloads `job` over `segments` connections (the caller's session and
/// more logged in with its options), or as many as pay off when `None`
/// (see [`adapt`]). Falls back to the whole-file routine
/// ([`transfer::download`]) where ranges cannot work or are not wanted:
/// one segment asked for (or a file under [`adapt::MIN_SIZE`] by default)
/// and no earlier segmented run to continue, ASCII mode, `MODE Z`, no
/// `SIZE`, no `REST STREAM`, or a server found to ignore `REST`.
pub fn download(
    s: &mut Session,
    job: &Download<'_>,
    segments: Option<u32>,
    progress: &mut dyn Progress,
) -> Result<Done> {
    let started = Instant::now();
    let Download { remote, target, part, .. } = *job;
    if !job.force && std::fs::symlink_metadata(target).is_ok() {
        return Err(Error::LocalExists(target.to_path_buf()));
    }
    let saved = if job.resume == Resume::No { None } else { state::load(part)? };
    let whole = |s: &mut Session, job: Download<'_>, why: &str, progress: &mut dyn Progress| {
        s.trace().note(format_args!("{remote}: one connection: {why}"));
        let mut done = transfer::download(s, &job, None, progress)?;
        done.evidence.segments = Some(Connections::one(why));
        Ok(done)
    };
    if segments.is_some_and(|n| n <= 1) && saved.is_none() {
        return whole(s, *job, "one asked for", progress);
    }
    let Some(path) = from_login(s, remote) else {
        return whole(s, *job, "the working directory is not a path other connections can start from", progress);
    };
    let job = &Download { remote: &path, ..*job };
    let remote = job.remote;
    if s.options().ascii || s.features.deflating {
        return whole(s, *job, "ASCII mode and MODE Z transfers are not split", progress);
    }
    let size = match job.size {
        Some(n) => Some(n),
        None => s.size(remote)?,
    };
    let Some(size) = size else { return whole(s, *job, "the server gave no size", progress) };
    let job = &Download { size: Some(size), ..*job };
    if segments.is_none() && size < adapt::MIN_SIZE && saved.is_none() {
        return whole(s, *job, &too_small(), progress);
    }
    if !s.features.rest_stream {
        return whole(s, *job, "the server offers no REST STREAM", progress);
    }
    let method = digest::plan(&s.features, job.verify, remote)?;
    // MDTM's round trip tells a near server (see `adapt::NEAR`), else a NOOP's.
    let asked = Instant::now();
    let mtime = if s.features.mdtm { mdtm(s, remote)? } else { None };
    let rtt = match (s.features.mdtm, segments) {
        (true, _) => asked.elapsed(),
        (false, None) => round_trip(s)?,
        (false, Some(_)) => Duration::ZERO,
    };
    let stamp = mtime.map(times::stamp);
    let done = resumable(s, job, saved, size, stamp.as_deref())?;
    let missing = done.missing(size);
    let probed = Instant::now();
    let probe = match missing.is_empty() || size < 2 {
        true => None,
        false => Some(range::probe(s, remote, size)?),
    };
    if probe.as_ref().is_some_and(|p| !p.rest) {
        let job = Download { resume: Resume::No, ..*job };
        return whole(s, job, "the server ignores or refuses REST", progress);
    }
    // A login is a few round trips more than the probe's transfer.
    let login_guess = probed.elapsed() * 2;
    let fresh = done.total() == 0;
    let file = if fresh { part::open(part, false)? } else { part::open_at(part)? };
    let local = |e| Error::Local { action: "extend", path: part.into(), source: e };
    // A fresh adaptive download starts as a whole-file one (its `.part` a
    // prefix); the state is written when it splits. Otherwise the state
    // goes first: a `.part` of full length with holes must never be found
    // without the state that says where the holes are.
    let unsplit = fresh && segments.is_none();
    if !unsplit {
        sync_and_save(part, &file, &State { size, mtime: stamp.clone(), done: done.clone() })?;
        file.set_len(size).map_err(local)?;
    }
    let here = if fresh { String::new() } else { format!(" ({} already here)", indicatif::HumanBytes(done.total())) };
    let (n, pool) = match segments {
        Some(n) => {
            let n = n.clamp(1, MAX_SEGMENTS) as usize;
            let pieces = plan::split(&missing, n, MIN_PIECE);
            let biggest = pieces.iter().map(|(a, b)| b - a).max().unwrap_or(0);
            let conns = n.min(pieces.len()).max(1);
            s.trace().note(format_args!(
                "{remote}: {} segment{} of up to {} on {conns} connection{}{here}",
                pieces.len(),
                plural(pieces.len()),
                indicatif::HumanBytes(biggest),
                plural(conns),
            ));
            (n, runner::Pool::Fixed(conns - 1))
        }
        None => {
            s.trace().note(format_args!(
                "{remote}: {}: starting on one connection, adding up to {MAX_SEGMENTS} while they pay off{here}",
                indicatif::HumanBytes(size)
            ));
            (1, runner::Pool::Adaptive { max: MAX_SEGMENTS as usize, login: login_guess, rtt })
        }
    };
    progress.begin(remote, Some(size));
    progress.advance(done.total());
    let board = Board::new(size, done, n, MIN_PIECE);
    let fetch = range::Fetch {
        remote,
        file: &file,
        part,
        size,
        mtime: stamp,
        unsplit: std::sync::atomic::AtomicBool::new(unsplit),
    };
    let noted = joins::Noted::new(&fetch);
    let ran = runner::run(s, remote, size, &noted, board, pool, progress);
    let used = noted.report(segments.map(|_| u32::try_from(n).unwrap_or(MAX_SEGMENTS)));
    s.trace().note(format_args!("{remote}: {used}"));
    progress.end();
    if ran? {
        // The caller's session failed while others finished the file.
        s.reconnect_same()?;
    }
    part::sync(&file, part)?;
    drop(file);
    // A server whose listing has no exact times: the copy gets MDTM's.
    let mtime = job.mtime.or(mtime.filter(|_| job.ask_mdtm));
    let conn = probe.map(|p| (p.tls, p.cert)).unwrap_or_default();
    let mut done = conclude(s, &Download { mtime, ..*job }, method, size, conn, started, progress)?;
    done.evidence.segments = Some(used);
    Ok(done)
}

/// `remote` as a connection that has just logged in names it: the extra
/// connections start in the login directory, not in the one the caller's
/// session changed into (the prompt's `cd`), and a relative name there is
/// another file, perhaps of the same size. `None` when that directory is
/// itself relative (it cannot be told from where).
pub(crate) fn from_login(s: &Session, remote: &str) -> Option<String> {
    match s.working_dir() {
        _ if remote.starts_with('/') => Some(remote.to_string()),
        None => Some(remote.to_string()),
        Some(dir) if dir.starts_with('/') => Some(super::join_remote(dir, remote)),
        Some(_) => None,
    }
}

/// Why the adaptive default moves a file whole.
fn too_small() -> String {
    format!("smaller than {}, where splitting starts", indicatif::HumanBytes(adapt::MIN_SIZE))
}

/// A command's round trip (a `NOOP`'s), which tells a near server.
fn round_trip(s: &mut Session) -> Result<Duration> {
    let asked = Instant::now();
    s.command(Command::Noop)?;
    Ok(asked.elapsed())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The ranges of an earlier run this one continues: the state's, when it
/// describes this remote file and its `.part` is there; a plain `.part`
/// (a whole-file download that stopped) as the prefix it holds; else none.
fn resumable(s: &Session, job: &Download<'_>, saved: Option<State>, size: u64, stamp: Option<&str>) -> Result<Spans> {
    let len = std::fs::symlink_metadata(job.part).ok().filter(|m| m.file_type().is_file()).map(|m| m.len());
    let mut done = Spans::new();
    match saved {
        _ if job.resume == Resume::No => {}
        Some(st) => {
            let covered = st.done.spans().last().map_or(0, |(_, b)| *b);
            if st.size == size && st.mtime.as_deref() == stamp && len.is_some_and(|l| l >= covered && l <= size) {
                done = st.done;
            } else {
                s.trace().note(format_args!(
                    "{}: the remote file changed since the earlier segmented download (or its .part is gone): \
                     starting over",
                    job.remote
                ));
            }
        }
        // Only `get -c` and retries continue a plain `.part` blindly; mirror
        // (`IfCurrent`) cannot tell it from a leftover of an older version.
        None if job.resume == Resume::Always => {
            let have = part::existing_len(job.part)?;
            if have <= size {
                done.insert(0, have);
            }
        }
        None => {}
    }
    Ok(done)
}

fn sync_and_save(part: &Path, file: &std::fs::File, st: &State) -> Result<()> {
    file.sync_data().map_err(|e| Error::Local { action: "flush to disk", path: part.into(), source: e })?;
    state::save(part, st)
}

/// The remote modification time, when `MDTM` gives one.
fn mdtm(s: &mut Session, remote: &str) -> Result<Option<DateTime<Utc>>> {
    let reply = s.command(Command::Mdtm(remote.into()))?;
    Ok(if reply.code == 213 { times::parse_stamp(&reply.text()) } else { None })
}

/// Checks the assembled `.part` (size, the server's digest where offered)
/// and renames it into place.
fn conclude(
    s: &mut Session,
    job: &Download<'_>,
    method: Option<Method>,
    size: u64,
    conn: (Option<crate::stream::TlsInfo>, Option<String>),
    started: Instant,
    progress: &mut dyn Progress,
) -> Result<Done> {
    let part = job.part;
    let len =
        std::fs::metadata(part).map_err(|e| Error::Local { action: "inspect", path: part.into(), source: e })?.len();
    if len != size {
        return Err(Error::Transfer(format!("{}: assembled {len} of {size} bytes", job.remote)));
    }
    // Ranges arrive out of order, so the digest is of the assembled file.
    let algos: Vec<Algo> = method.map(Method::algo).into_iter().chain(job.sha256.then_some(Algo::Sha256)).collect();
    let mut hasher = Hasher::new(&algos);
    if !hasher.is_empty() {
        hash_existing(&mut hasher, part, size)?;
    }
    let replies = ask_digest(s, method, job.remote, size, progress)?;
    if let Some(m) = job.mtime {
        times::set_local_mtime(part, m)?;
    }
    let digests = hasher.finish();
    // A mismatch removes the `.part`; its state goes with it.
    let verified = verify_download(s, job, method, &digests, &replies, size).inspect_err(|_| state::remove(part))?;
    part::commit(part, job.target)?;
    if let Some(dir) = job.target.parent().filter(|_| job.sync_dir) {
        part::sync_dir(dir)?;
    }
    Ok(Done { bytes: size, evidence: Evidence::new(s, started, &digests, verified, conn) })
}
