//! Segmented uploads: one file sent over several connections into its one
//! temporary remote name (see [`remote_temp`]), each connection writing a
//! byte range with `REST offset` + `STOR`, then the whole checked (`SIZE`,
//! the server's digest where offered) and renamed into place as a
//! whole-file upload is.
//!
//! Why only where measured: FTP has no ranged write, only `REST` before
//! `STOR`, and servers differ in what they make of it: ProFTPD refuses it
//! unless `AllowStoreRestart on`, vsftpd's `lock_upload_files` makes
//! concurrent `STOR`s into one file wait for each other, and some servers
//! truncate the file at the offset. [`probe`] tries two ranged writes into
//! a scratch file first; anything short of the exact bytes and the file
//! moves on one connection. The planner and runner are the download's:
//! only the [`Mover`] differs.
//!
//! A `STOR` at offset 0 (no `REST`) truncates the file on every server, so
//! the range at the start opens first and the others wait for it
//! ([`Gate`]); a failed first range is never sent again (that would cut
//! what the others wrote): the upload fails and its temporary file is
//! removed, so a failed segmented upload leaves nothing behind.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::adapt;
use super::plan::{Board, ClaimId, Done};
use super::runner::{self, Mover};
use super::upload_probe::{position, probe, second_wait};
use super::{MAX_SEGMENTS, MIN_PIECE, plural};
use crate::error::{Error, Result};
use crate::ops::conclude::{ask_digest, hash_existing, verify_upload};
use crate::ops::connections::Connections;
use crate::ops::digest::{self, Hasher};
use crate::ops::mirror::times;
use crate::ops::source::SourceStamp;
use crate::ops::transfer::{self, Evidence, TimeSetter, Upload, Uploaded, check_size, send_body};
use crate::ops::{NoProgress, Progress, remote_temp};
use crate::session::control::Session;
use crate::wire::Command;
use crate::wire::digest::Algo;

/// Uploads `job` over `segments` connections where the server is measured
/// to take ranged writes, or by default (`None`) as many as pay off for a
/// file from [`adapt::MIN_SIZE`] to a server that is not near (see
/// [`adapt`]: on a LAN one connection fills the line); else (and for small
/// files, ASCII mode, `MODE Z`, direct or continued uploads) with
/// [`transfer::upload`]. Its signature is
/// [`crate::ops::mirror::SplitUpload`], for `mirror`.
pub fn upload(
    s: &mut Session,
    job: &Upload<'_>,
    segments: Option<u32>,
    progress: &mut dyn Progress,
) -> Result<Uploaded> {
    let started = Instant::now();
    let final_name = job.remote;
    let meta = std::fs::metadata(job.local).ok().filter(|m| m.is_file());
    let size = meta.as_ref().map_or(0, |m| m.len());
    if segments.is_none() && size < adapt::MIN_SIZE {
        // Silently, as a small download: most files of a run are small.
        let mut done = transfer::upload(s, job, None, progress)?;
        done.evidence.segments = Some(Connections::one(&super::too_small()));
        return Ok(done);
    }
    let why = if segments.is_some_and(|n| n <= 1) || meta.is_none() {
        Some("one asked for")
    } else if size < 2 * MIN_PIECE {
        Some("too small to split")
    } else if s.options().ascii || s.features.deflating {
        Some("ASCII mode and MODE Z transfers are not split")
    } else if !job.temp {
        Some("an upload under the final name is not split")
    } else if job.resume {
        Some("a continued upload is not split")
    } else if !s.features.rest_stream {
        Some("the server offers no REST STREAM")
    } else {
        None
    };
    let whole = |s: &mut Session, why: &str, progress: &mut dyn Progress| {
        s.trace().note(format_args!("{final_name}: one connection: {why}"));
        let mut done = transfer::upload(s, job, None, progress)?;
        done.evidence.segments = Some(Connections::one(why));
        Ok(done)
    };
    let (Some(meta), None) = (meta.as_ref(), why) else { return whole(s, why.unwrap_or_default(), progress) };
    let Some(path) = super::from_login(s, final_name) else {
        return whole(s, "the working directory is not a path other connections can start from", progress);
    };
    let (final_name, job) = (path.as_str(), &Upload { remote: &path, ..*job });
    // By default a near server gets one connection (nothing caps it), and
    // the probe of a far one waits as its round trip says.
    let rtt = match segments {
        Some(_) => None,
        None => {
            let rtt = super::round_trip(s)?;
            if rtt < adapt::NEAR {
                let why = format!(
                    "the server is {:.1} ms away, where one connection fills the line (--segments N splits anyway)",
                    rtt.as_secs_f64() * 1000.0
                );
                return whole(s, &why, progress);
            }
            Some(rtt)
        }
    };
    let plain = remote_temp::name(final_name, job.local, meta);
    let temp = remote_temp::ranged(&plain);
    // Measured once per server and run: on a server that makes the second
    // write wait, the probe costs seconds, and a mirror may have many big files.
    let (host, port) = (s.options().host.clone(), s.options().port);
    let probed_in = Instant::now();
    let probed = match s.options().order.verdict(&host, port, RANGED_WRITES) {
        Some(Some(why)) => return whole(s, &format!("{why} (measured earlier in this run)"), progress),
        Some(None) => None,
        None => {
            let scratch = format!("{}.probe{}", plain.trim_end_matches(remote_temp::SUFFIX), remote_temp::SUFFIX);
            let probed = probe(s, &scratch, rtt.map(second_wait))?;
            s.options().order.remember_verdict(&host, port, RANGED_WRITES, probed.refused.clone());
            if let Some(why) = probed.refused {
                return whole(s, &why, progress);
            }
            Some(probed)
        }
    };
    let method = digest::plan(&s.features, job.verify, final_name)?;
    let (n, pool) = match (segments, rtt) {
        (None, Some(rtt)) => {
            s.trace().note(format_args!(
                "{final_name}: ranged writes work here: {}: starting on one connection, adding up to \
                 {MAX_SEGMENTS} while they pay off",
                indicatif::HumanBytes(size)
            ));
            // A login is most of the probe (a second login and two writes).
            let login = probed_in.elapsed().max(rtt * 10);
            (1, runner::Pool::Adaptive { max: MAX_SEGMENTS as usize, login, rtt })
        }
        _ => {
            let n = segments.unwrap_or(1).clamp(1, MAX_SEGMENTS) as usize;
            let pieces = super::plan::split(&[(0, size)], n, MIN_PIECE).len();
            s.trace().note(format_args!(
                "{final_name}: ranged writes work here: {pieces} segment{} on {} connection{}",
                plural(pieces),
                n.min(pieces),
                plural(n.min(pieces))
            ));
            (n, runner::Pool::Fixed(n.min(pieces) - 1))
        }
    };
    let board = Board::new(size, Done::new(), n, MIN_PIECE);
    let file = File::open(job.local).map_err(|e| Error::Local { action: "open", path: job.local.into(), source: e })?;
    let mover = Send {
        temp: &temp,
        file: &file,
        local: job.local,
        gate: Gate::default(),
        wait: s.options().timeout,
        conn: Mutex::default(),
    };
    progress.begin(final_name, Some(size));
    let noted = super::joins::Noted::new(&mover);
    // Notes and errors name the file as the user typed it, not its temporary name.
    let ran = runner::run(s, final_name, size, &noted, board, pool, progress);
    let used = noted.report(segments.map(|_| u32::try_from(n).unwrap_or(MAX_SEGMENTS)));
    s.trace().note(format_args!("{final_name}: {used}"));
    progress.end();
    let main_failed = match ran {
        Ok(failed) => failed,
        Err(e) => {
            // The ranges are not continued (`put -c` continues a prefix):
            // nothing of this upload stays on the server.
            if s.command(Command::Noop).is_err() && s.reconnect_same().is_err() {
                return Err(e);
            }
            remote_temp::discard(s, &temp);
            return Err(e);
        }
    };
    if main_failed {
        s.reconnect_same()?;
    }
    // Ranges went out of order: the digest is of the local file.
    let algos: Vec<Algo> =
        method.map(digest::Method::algo).into_iter().chain(job.sha256.then_some(Algo::Sha256)).collect();
    let mut hasher = Hasher::new(&algos);
    if !hasher.is_empty() {
        hash_existing(&mut hasher, job.local, size)?;
    }
    let time_not_set = set_time(s, job, &temp)?;
    if s.features.size {
        let reply = s.command(Command::Size(temp.clone()))?;
        check_size(&temp, &reply, size).map_err(|e| remote_temp::discard_failed(s, true, &temp, e))?;
    }
    let replies = ask_digest(s, method, &temp, size, progress)?;
    let digests = hasher.finish();
    let verified = verify_upload(s, job, &temp, method, &digests, &replies, size, &mut |_| {})?;
    // The probe's data connection, or else the first range's: every range
    // resumes the same TLS session.
    let (tls, cert) = match probed {
        Some(p) => (p.tls, p.cert),
        None => mover.conn.into_inner().unwrap_or_else(|p| p.into_inner()).unwrap_or_default(),
    };
    Ok(Uploaded {
        bytes: size,
        time_not_set,
        evidence: Evidence {
            sha256: digests.iter().find(|(a, _)| *a == Algo::Sha256).map(|(_, h)| h.clone()),
            verified,
            tls,
            data_cert_sha256: cert,
            control_cert_sha256: s.server_cert_sha256(),
            elapsed: started.elapsed(),
            segments: Some(used),
        },
        source: SourceStamp::of(meta),
    })
}

/// Gives the temporary file the job's modification time (before the
/// rename, as a whole-file upload does); a refusal is returned, not failed.
fn set_time(s: &mut Session, job: &Upload<'_>, temp: &str) -> Result<Option<Error>> {
    let Some((setter, t)) = job.mtime else { return Ok(None) };
    let stamp = times::stamp(t);
    let cmd = match setter {
        TimeSetter::Mfmt => Command::Mfmt(stamp, temp.into()),
        TimeSetter::SiteUtime => Command::Site(format!("UTIME {stamp} {temp}")),
        TimeSetter::None => return Ok(None),
    };
    let label = cmd.to_string();
    let reply = s.command(cmd)?;
    Ok((reply.class() != 2).then_some(Error::Remote { command: label, reply }))
}

/// Whether the range at offset 0 (the `STOR` that creates, and truncates,
/// the temporary file) has begun.
#[derive(Default)]
struct Gate {
    state: Mutex<First>,
    changed: Condvar,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum First {
    #[default]
    NotYet,
    Open,
    /// It failed after opening: sending it again would truncate the rest.
    Broken,
}

impl Gate {
    fn get(&self) -> First {
        *self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set(&self, to: First) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = to;
        self.changed.notify_all();
    }

    /// Waits (at most `wait`) until the first range has opened.
    fn wait_open(&self, wait: Duration, remote: &str) -> Result<()> {
        let until = Instant::now() + wait;
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            match *st {
                First::Open => return Ok(()),
                First::Broken => return Err(broken(remote)),
                First::NotYet => {}
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::Transfer(format!("{remote}: the first range did not start")));
            }
            st = self.changed.wait_timeout(st, left).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
        }
    }
}

fn broken(remote: &str) -> Error {
    Error::Transfer(format!(
        "{remote}: the range at the start of the file failed; sending it again would truncate the others"
    ))
}

/// A segmented upload's part for the runner: ranged writes of `file` into `temp`.
struct Send<'a> {
    temp: &'a str,
    file: &'a File,
    local: &'a Path,
    gate: Gate,
    wait: Duration,
    /// The first range's data connection: its TLS and certificate (for
    /// receipts when no probe ran).
    conn: Mutex<Option<ConnInfo>>,
}

type ConnInfo = (Option<crate::stream::TlsInfo>, Option<String>);

/// The key of [`probe`]'s verdict in the run's memory of its servers.
const RANGED_WRITES: &str = "ranged writes";

impl Mover for Send<'_> {
    fn range(&self, s: &mut Session, board: &Mutex<Board>, id: ClaimId, written: &AtomicU64) -> Result<()> {
        let start = board.lock().unwrap_or_else(|p| p.into_inner()).claim(id).map_or(0, |c| c.pos);
        let first = start == 0;
        if first && self.gate.get() != First::NotYet {
            self.gate.set(First::Broken);
            return Err(broken(self.temp));
        }
        if !first {
            self.gate.wait_open(self.wait, self.temp)?;
        }
        let r = self.send(s, board, id, written, first);
        if r.is_err() {
            // What the server kept of this range is unknown: all of it goes again.
            let n = board.lock().unwrap_or_else(|p| p.into_inner()).rewind(id);
            written.fetch_sub(n, Ordering::Relaxed);
            if first && self.gate.get() == First::Open {
                self.gate.set(First::Broken);
            }
        }
        r
    }

    /// Nothing to record: a failed segmented upload starts over.
    fn checkpoint(&self, _: &Board) -> Result<()> {
        Ok(())
    }

    fn local(&self) -> &Path {
        self.local
    }

    fn halted(&self) -> bool {
        self.gate.get() == First::Broken
    }
}

impl Send<'_> {
    fn send(&self, s: &mut Session, board: &Mutex<Board>, id: ClaimId, written: &AtomicU64, first: bool) -> Result<()> {
        let (start, end) = board.lock().unwrap_or_else(|p| p.into_inner()).claim(id).map_or((0, 0), |c| (c.pos, c.end));
        position(s, start, end)?;
        let label = format!("STOR {}", self.temp);
        let data = s.open_data(Command::Stor(self.temp.into()))?;
        if first {
            self.gate.set(First::Open);
        }
        self.conn
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert_with(|| (data.tls_info(), data.peer_cert_sha256()));
        let mut source = ClaimSource { board, id, file: self.file, written };
        let (data, _) = send_body(s, data, &label, &mut source, &mut NoProgress)?;
        let closed = data.finish_write()?;
        s.finish_data(&label)?;
        drop(closed);
        Ok(())
    }
}

/// Reads one claim of the local file, from the claim's position to its
/// end (which may shrink while it runs, when an idle connection takes half).
struct ClaimSource<'a> {
    board: &'a Mutex<Board>,
    id: ClaimId,
    file: &'a File,
    written: &'a AtomicU64,
}

impl io::Read for ClaimSource<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Under the lock, so a connection halving this claim sees every byte taken.
        let mut board = self.board.lock().unwrap_or_else(|p| p.into_inner());
        let Some(c) = board.claim(self.id) else { return Ok(0) };
        let n = usize::try_from(c.left()).unwrap_or(usize::MAX).min(buf.len());
        if n == 0 {
            return Ok(0);
        }
        let got = read_at(self.file, buf.get_mut(..n).unwrap_or_default(), c.pos)?;
        if got == 0 {
            return Err(io::Error::other("it shrank while being uploaded"));
        }
        board.advance(self.id, got as u64);
        self.written.fetch_add(got as u64, Ordering::Relaxed);
        Ok(got)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file;
    f.seek(SeekFrom::Start(at))?;
    f.read(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_claim_source_stops_at_its_claims_end() {
        let mut f = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut f, &(0..100u8).collect::<Vec<_>>()).unwrap();
        let board = Mutex::new(Board::new(100, Done::new(), 2, 10));
        let id = board.lock().unwrap().take().unwrap();
        let _other = board.lock().unwrap().take().unwrap();
        let written = AtomicU64::new(0);
        let mut src = ClaimSource { board: &board, id, file: &f, written: &written };
        let mut got = Vec::new();
        src.read_to_end(&mut got).unwrap();
        assert_eq!(got, (0..50u8).collect::<Vec<_>>());
        assert_eq!(written.load(Ordering::Relaxed), 50);
    }

    #[test]
    fn the_first_range_opens_the_gate_once() {
        let g = Gate::default();
        assert!(g.wait_open(Duration::from_millis(10), "f").is_err());
        g.set(First::Open);
        assert!(g.wait_open(Duration::from_millis(10), "f").is_ok());
        g.set(First::Broken);
        assert!(g.wait_open(Duration::from_millis(10), "f").is_err());
    }
}
