//! How many control connections a run without a fixed `parallel` uses.
//!
//! The pool measures (login time as a round-trip proxy, time per job, jobs
//! left, throughput at each pool size, server refusals) and asks [`decide`]
//! at the few moments that matter: the first login, the end of a
//! measurement window, a refusal. The decision is a pure function so it can
//! be tested on simulated numbers; the pool only carries it out.

use std::fmt;
use std::time::Duration;

/// Most connections an adaptive run opens: past this, servers start to
/// refuse (vsftpd and ProFTPD ship per-IP limits near it) and a 2-core
/// client gains nothing more.
pub const CAP: usize = 16;
/// Connections opened once the first login has worked, when there are at
/// least this many jobs (or a tree of unknown size to read): the old fixed
/// default, safe everywhere.
pub const START: usize = 4;
/// A round trip (a timed `NOOP`) at least this long means a far server:
/// small files there wait on round trips, not on bandwidth or CPU, so the
/// opening move is larger. (Login time would mislead: a busy server's
/// password check makes loopback look far.)
pub const FAR: Duration = Duration::from_millis(5);
/// Jobs per connection the opening move over a slow link plans for.
const JOBS_PER_CONNECTION: usize = 8;
/// Growth multiplies the pool by this when the work left is worth it and
/// the server is not known to be near, else doubles it: each step costs a login and a
/// measurement, so over a slow link few large steps finish sooner than many
/// small ones. A near server's jobs wait on work (its CPU, ours, a disk),
/// not on round trips, and there each extra login takes from that work:
/// 4 to 16 at once on loopback made 1000 small files 17% slower than 4.
const STEP: usize = 4;
/// A larger pool must move at least this much more (files/s or bytes/s)
/// than the smaller one, or growth stops.
const GAIN: f64 = 1.15;
/// A new connection pays only if each connection still has this many login
/// times' worth of work once it has joined.
const WORK_PER_LOGIN: f64 = 2.0;
/// The same for a near server, whose jobs wait on CPU or disks rather than
/// round trips: a larger pool there may gain nothing, and its logins take
/// from the work (measured on loopback, 1000 x 4 KiB: 8 connections were
/// 7% slower than 4, and the 4 extra logins cost 184 ms each at once), so
/// only a long run risks the test.
const WORK_PER_LOGIN_NEAR: f64 = 20.0;

/// How a run sizes its pool of control connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parallel {
    /// Exactly this many (`--parallel N`, or `parallel` in a config file);
    /// refusals are retried like any transient failure.
    Fixed(usize),
    /// From what the run measures (see [`decide`]), up to [`CAP`].
    Adaptive,
}

/// What the pool chose, for `-v`, the summary line and `--json`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Parallelism {
    /// `"fixed"` or `"adaptive"`.
    pub chosen: &'static str,
    /// Most control connections logged in at once.
    pub max: usize,
    /// Why the pool stopped where it did when the server set the bound
    /// (`server refused connection 9: 421 ...`).
    pub limit: Option<String>,
    /// Each grow and shrink, `from -> to: why`, in order.
    pub changes: Vec<String>,
}

/// Whether `e`, met while logging in an extra connection (the first one
/// worked with the same credentials), is the server saying "no more":
/// `421` too many connections, `530` a per-IP or per-user login limit, a
/// connect refused or reset.
pub fn is_refusal(e: &crate::error::Error) -> bool {
    use crate::error::Error;
    use std::io::ErrorKind as K;
    match e {
        Error::Remote { reply, .. } => reply.code == 421,
        Error::Auth { reply } => reply.code == 530 || reply.code == 421,
        Error::Connect { source, .. } | Error::Io { source, .. } => {
            matches!(source.kind(), K::ConnectionRefused | K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe)
        }
        Error::ConnectionClosed => true,
        _ => false,
    }
}

/// Throughput measured while `connections` connections were all busy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub connections: usize,
    pub files_per_sec: f64,
    pub bytes_per_sec: f64,
}

/// What the pool knows when it asks.
#[derive(Debug, Clone, Default)]
pub struct Measure<'a> {
    /// Workers running or logging in.
    pub alive: usize,
    /// Most connections the server allowed so far, once it refused one.
    pub limit: Option<usize>,
    /// Jobs queued or running.
    pub jobs_left: usize,
    /// How long a login took (median seen so far).
    pub login: Option<Duration>,
    /// One control-connection round trip, timed after the first login.
    pub rtt: Option<Duration>,
    /// Mean time one connection spends on one job.
    pub per_job: Option<Duration>,
    /// Throughput per pool size, in the order measured (latest last).
    pub levels: &'a [Level],
    /// The server just refused a connection with this (a 421, a 530 after
    /// the first login worked, a refused or reset connect); `alive` no
    /// longer counts it.
    pub refused: Option<&'a str>,
    /// The jobs queued are not all there will be (a mirror still reading
    /// its trees): the opening move does not wait for them.
    pub more_coming: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Grow {
        to: usize,
        why: Why,
    },
    Shrink {
        to: usize,
        why: Why,
    },
    /// Stay; `settled` when growth is over for this run (a plateau).
    Hold {
        why: Why,
        settled: bool,
    },
}

/// The reason given under `-v` and kept for the summary.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    Start { jobs: usize, login: Option<Duration>, rtt: Option<Duration> },
    Faster { from: Level, to: Level, jobs: usize },
    FirstLevel { level: Level, jobs: usize, work_each: Duration, login: Duration },
    Plateau { from: Level, to: Level },
    Slower { from: Level, to: Level },
    Refused { nth: usize, reply: String },
    AtCeiling { ceiling: usize, limited: bool },
    LittleWork { work_each: Duration, login: Duration },
}

pub fn decide(m: &Measure<'_>) -> Decision {
    if let Some(reply) = m.refused {
        let to = m.alive.max(1);
        return Decision::Shrink { to, why: Why::Refused { nth: m.alive + 1, reply: reply.to_string() } };
    }
    let far = m.rtt.is_some_and(|r| r >= FAR);
    let opening = match (far, m.more_coming) {
        (false, _) => START,
        (true, true) => (m.jobs_left / JOBS_PER_CONNECTION).clamp(2 * START, CAP),
        (true, false) => (m.jobs_left / JOBS_PER_CONNECTION).clamp(START, CAP),
    };
    let known = if m.more_coming && m.levels.is_empty() { m.jobs_left.max(opening) } else { m.jobs_left };
    let ceiling = CAP.min(m.limit.unwrap_or(CAP)).min(known).max(1);
    if let [.., prev, last] = m.levels
        && last.connections > prev.connections
    {
        let better = last.files_per_sec >= prev.files_per_sec * GAIN || last.bytes_per_sec >= prev.bytes_per_sec * GAIN;
        if !better {
            let worse =
                last.files_per_sec * GAIN < prev.files_per_sec && last.bytes_per_sec * GAIN < prev.bytes_per_sec;
            return if worse {
                Decision::Shrink { to: prev.connections, why: Why::Slower { from: *prev, to: *last } }
            } else {
                Decision::Hold { why: Why::Plateau { from: *prev, to: *last }, settled: true }
            };
        }
    }
    if m.alive >= ceiling {
        return Decision::Hold { why: Why::AtCeiling { ceiling, limited: m.limit.is_some() }, settled: false };
    }
    let Some(per_job) = m.per_job.filter(|_| !m.levels.is_empty()) else {
        // Nothing measured yet but the first login: open the old default
        // (more to a far server), never more than there are jobs.
        let to = opening.min(ceiling);
        return if to > m.alive {
            Decision::Grow { to, why: Why::Start { jobs: m.jobs_left, login: m.login, rtt: m.rtt } }
        } else {
            Decision::Hold { why: Why::AtCeiling { ceiling, limited: m.limit.is_some() }, settled: false }
        };
    };
    // An unmeasured login (the caller's session was adopted) is guessed
    // dear: a login is several round trips, a job about one to three.
    let login = m.login.unwrap_or(per_job * 4).max(Duration::from_micros(1));
    let work = per_job.as_secs_f64() * m.jobs_left as f64;
    let near = m.rtt.is_some_and(|r| r < FAR);
    let per_login = if near { WORK_PER_LOGIN_NEAR } else { WORK_PER_LOGIN };
    let worth = (work / (per_login * login.as_secs_f64())).floor() as usize;
    let step = if !near && worth >= m.alive * STEP { STEP } else { 2 };
    let to = (m.alive * step).min(ceiling).min(worth);
    let work_each = Duration::from_secs_f64(work / m.alive.max(1) as f64);
    if to <= m.alive {
        return Decision::Hold { why: Why::LittleWork { work_each, login }, settled: false };
    }
    let why = match m.levels {
        [.., prev, last] if last.connections > prev.connections => {
            Why::Faster { from: *prev, to: *last, jobs: m.jobs_left }
        }
        [.., last] => Why::FirstLevel { level: *last, jobs: m.jobs_left, work_each, login },
        [] => Why::Start { jobs: m.jobs_left, login: m.login, rtt: m.rtt },
    };
    Decision::Grow { to, why }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {:.1} files/s, {}/s", self.connections, self.files_per_sec, human(self.bytes_per_sec))
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Start { jobs, login, rtt } => {
                if let Some(l) = login {
                    write!(f, "a login takes {}; ", secs(*l))?;
                }
                if let Some(r) = rtt {
                    write!(f, "a round trip {}; ", secs(*r))?;
                }
                write!(f, "{jobs} jobs queued")
            }
            Why::Faster { from, to, jobs } => write!(f, "{to} beat {from}; {jobs} jobs left"),
            Why::FirstLevel { level, jobs, work_each, login } => write!(
                f,
                "{level}; {jobs} jobs left, about {} of work per connection against {} per login",
                secs(*work_each),
                secs(*login)
            ),
            Why::Plateau { from, to } => write!(f, "{to} is no better than {from}; staying"),
            Why::Slower { from, to } => write!(f, "{to} is slower than {from}"),
            Why::Refused { nth, reply } => write!(f, "server refused connection {nth}: {reply}"),
            Why::AtCeiling { ceiling, limited: true } => write!(f, "at the server's limit of {ceiling}"),
            Why::AtCeiling { ceiling, limited: false } => write!(f, "at the ceiling of {ceiling}"),
            Why::LittleWork { work_each, login } => write!(
                f,
                "about {} of work left per connection, too little for a {} login",
                secs(*work_each),
                secs(*login)
            ),
        }
    }
}

fn secs(d: Duration) -> String {
    if d < Duration::from_millis(10) {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn human(bytes_per_sec: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB"];
    let mut v = bytes_per_sec.max(0.0);
    let mut i = 0;
    while v >= 1024.0 && i + 1 < units.len() {
        v /= 1024.0;
        i += 1;
    }
    format!("{v:.1} {}", units[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn level(connections: usize, files_per_sec: f64) -> Level {
        Level { connections, files_per_sec, bytes_per_sec: files_per_sec * 4096.0 }
    }

    fn to(d: &Decision) -> Option<usize> {
        match d {
            Decision::Grow { to, .. } | Decision::Shrink { to, .. } => Some(*to),
            Decision::Hold { .. } => None,
        }
    }

    #[test]
    fn a_far_server_gets_a_larger_opening() {
        let m = Measure { alive: 1, jobs_left: 200, rtt: Some(ms(20)), login: Some(ms(150)), ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(16));
        let m = Measure { alive: 1, jobs_left: 60, rtt: Some(ms(20)), login: Some(ms(150)), ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(7));
        let m = Measure { alive: 1, jobs_left: 2, rtt: Some(ms(20)), login: Some(ms(150)), ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(2), "never more than the jobs");
        let m = Measure {
            alive: 1,
            jobs_left: 2,
            rtt: Some(ms(20)),
            login: Some(ms(150)),
            more_coming: true,
            ..Measure::default()
        };
        assert_eq!(to(&decide(&m)), Some(2 * START));
        // The mirror's transfers arrive: nothing measured at this size yet, so the opening again.
        let m = Measure { alive: 8, jobs_left: 190, ..m };
        assert_eq!(to(&decide(&m)), Some(16));
        // A busy server's slow login alone is not a far server.
        let m = Measure { alive: 1, jobs_left: 200, rtt: Some(ms(1)), login: Some(ms(400)), ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(START));
    }

    #[test]
    fn the_first_login_opens_the_old_default_but_never_more_than_the_jobs() {
        let m = Measure { alive: 1, jobs_left: 200, login: Some(ms(20)), ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(START));
        let m = Measure { alive: 1, jobs_left: 2, login: Some(ms(20)), ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(2));
        let m = Measure { alive: 1, jobs_left: 1, login: Some(ms(20)), ..Measure::default() };
        assert!(matches!(decide(&m), Decision::Hold { settled: false, .. }), "one big file needs one connection");
        // A mirror's first listing is not all its work: open the default to read the trees.
        let m = Measure { alive: 1, jobs_left: 2, more_coming: true, ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(START));
        let m = Measure { alive: 1, jobs_left: 2, more_coming: true, limit: Some(2), ..Measure::default() };
        assert_eq!(to(&decide(&m)), Some(2));
    }

    #[test]
    fn many_small_files_over_a_slow_link_grow_to_the_cap() {
        // 20 ms round trip: a login ~ 200 ms, a file ~ 67 ms per connection.
        let at = |alive: usize, levels: &[Level]| {
            decide(&Measure {
                alive,
                jobs_left: 10_000,
                login: Some(ms(200)),
                rtt: Some(ms(20)),
                per_job: Some(ms(67)),
                levels,
                ..Measure::default()
            })
        };
        let l4 = level(4, 4.0 / 0.067);
        let l8 = level(8, 8.0 / 0.067);
        let l16 = level(16, 16.0 / 0.07);
        // Worth far more than 16: one step of four, not two of two.
        assert_eq!(to(&at(4, &[l4])), Some(16));
        assert_eq!(to(&at(8, &[l4, l8])), Some(16));
        assert!(matches!(at(16, &[l4, l16]), Decision::Hold { why: Why::AtCeiling { ceiling: 16, .. }, .. }));
        // A slower-paying tail doubles instead: 30 jobs x 67 ms against 200 ms logins is worth 5.
        let m = Measure {
            alive: 2,
            jobs_left: 30,
            login: Some(ms(200)),
            per_job: Some(ms(67)),
            levels: &[l4],
            ..Measure::default()
        };
        assert_eq!(to(&decide(&m)), Some(4));
    }

    #[test]
    fn growth_stops_where_throughput_stops_improving() {
        let levels = [level(4, 1000.0), level(8, 1050.0)];
        let m = Measure {
            alive: 8,
            jobs_left: 10_000,
            login: Some(ms(5)),
            per_job: Some(ms(4)),
            levels: &levels,
            ..Measure::default()
        };
        assert!(matches!(decide(&m), Decision::Hold { settled: true, why: Why::Plateau { .. } }));
        // Bytes/s alone improving is improvement (big files, few of them).
        let levels = [
            Level { connections: 2, files_per_sec: 1.0, bytes_per_sec: 100e6 },
            Level { connections: 4, files_per_sec: 1.0, bytes_per_sec: 180e6 },
        ];
        let m = Measure { alive: 4, jobs_left: 40, per_job: Some(ms(4000)), levels: &levels, ..m };
        assert_eq!(to(&decide(&m)), Some(16));
        let m = Measure { rtt: Some(Duration::from_micros(150)), ..m };
        assert_eq!(to(&decide(&m)), Some(8), "a near server's pool doubles");
        let m = Measure { rtt: Some(ms(20)), ..m };
        assert_eq!(to(&decide(&m)), Some(16), "a far one's grows by four");
    }

    #[test]
    fn a_near_server_grows_only_for_long_runs_and_one_doubling_at_a_time() {
        // Loopback, as measured: 852 small files left, 6.7 ms a job on each
        // of 4 connections, logins of 184 ms while others ran. Jobs there
        // wait on CPU: 1.4 s of work each is too little to risk 4 logins.
        let m = Measure {
            alive: 4,
            jobs_left: 852,
            login: Some(ms(184)),
            rtt: Some(Duration::from_micros(100)),
            per_job: Some(Duration::from_micros(6700)),
            levels: &[level(4, 594.5)],
            ..Measure::default()
        };
        assert!(matches!(decide(&m), Decision::Hold { why: Why::LittleWork { .. }, .. }), "{:?}", decide(&m));
        // A far server with the same numbers would grow.
        assert_eq!(to(&decide(&Measure { rtt: Some(ms(20)), ..m.clone() })), Some(8));
        // 20,000 files: worth it, but the next size is measured before the one after.
        assert_eq!(to(&decide(&Measure { jobs_left: 20_000, ..m })), Some(8));
    }

    #[test]
    fn a_larger_pool_that_is_slower_shrinks_back() {
        let levels = [level(4, 1000.0), level(8, 700.0)];
        let m = Measure {
            alive: 8,
            jobs_left: 10_000,
            login: Some(ms(5)),
            per_job: Some(ms(4)),
            levels: &levels,
            ..Measure::default()
        };
        assert!(matches!(decide(&m), Decision::Shrink { to: 4, why: Why::Slower { .. } }));
    }

    #[test]
    fn a_refusal_shrinks_to_what_works_and_the_limit_then_caps_growth() {
        let m = Measure { alive: 8, jobs_left: 500, refused: Some("421 Too many connections"), ..Measure::default() };
        let d = decide(&m);
        assert_eq!(to(&d), Some(8));
        assert!(matches!(&d, Decision::Shrink { why: Why::Refused { nth: 9, .. }, .. }), "{d:?}");
        assert_eq!(
            match d {
                Decision::Shrink { why, .. } => why.to_string(),
                _ => String::new(),
            },
            "server refused connection 9: 421 Too many connections"
        );
        let levels = [level(4, 50.0), level(8, 100.0)];
        let m = Measure {
            alive: 8,
            limit: Some(8),
            jobs_left: 500,
            login: Some(ms(200)),
            per_job: Some(ms(67)),
            levels: &levels,
            ..Measure::default()
        };
        assert!(matches!(decide(&m), Decision::Hold { why: Why::AtCeiling { ceiling: 8, limited: true }, .. }));
    }

    #[test]
    fn the_tail_of_a_run_does_not_pay_for_new_logins() {
        // 30 files of 1 ms each left on 4 connections: 7.5 ms each, logins 200 ms.
        let levels = [level(4, 4000.0)];
        let m = Measure {
            alive: 4,
            jobs_left: 30,
            login: Some(ms(200)),
            per_job: Some(ms(1)),
            levels: &levels,
            ..Measure::default()
        };
        assert!(matches!(decide(&m), Decision::Hold { why: Why::LittleWork { .. }, settled: false }));
        // The same files over a loopback login of 2 ms are worth more connections.
        let m = Measure { login: Some(ms(2)), ..m };
        assert_eq!(to(&decide(&m)), Some(7));
    }

    #[test]
    fn an_unmeasured_login_is_guessed_from_the_job_time() {
        let levels = [level(1, 15.0)];
        let m = Measure { alive: 1, jobs_left: 100, per_job: Some(ms(67)), levels: &levels, ..Measure::default() };
        // 100 x 67 ms of work against a guessed 268 ms login: worth 12, one step of 4 from 1.
        assert_eq!(to(&decide(&m)), Some(4));
        // 20 x 67 ms: worth 2, doubled.
        let m = Measure { jobs_left: 20, ..m };
        assert_eq!(to(&decide(&m)), Some(2));
    }
}
