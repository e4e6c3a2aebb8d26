//! When a file in a watched folder may be taken: never while it is some
//! writer's work in progress (its name says so), and only once it stopped
//! changing. An inotify close is no proof (some writers open and close a
//! file many times) and network filesystems send no events at all, so
//! readiness is decided from what scans see: the same size and time for
//! the whole settle period, or a trigger file the writer made beside it.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use crate::ops::mirror::Filter;

/// Which names a watch takes.
pub struct Names {
    pub filter: Filter,
    /// `--ready-suffix`: a file is ready only when NAME+SUFFIX is beside it.
    pub trigger: Option<String>,
}

impl Names {
    /// Whether `rel` (a name, or with `--recursive` a path below the
    /// folder) is a file to deliver: not a trigger, not anyone's temporary
    /// file, not inside a hidden folder, selected by the globs. Each path
    /// segment must be a plain name (see [`plain`]).
    pub fn takes(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        rel.split('/').all(|seg| plain(seg) && !seg.starts_with('.'))
            && !in_progress(name)
            && !self.trigger.as_deref().is_some_and(|t| name.ends_with(t))
            && self.filter.selects(rel)
    }

    /// The trigger file's name for `name`, when triggers are in use.
    pub fn trigger_of(&self, name: &str) -> Option<String> {
        self.trigger.as_ref().map(|t| format!("{name}{t}"))
    }
}

/// Names that writers use for files they have not finished: hidden files
/// (rsync's `.NAME.XXXXXX`, editors' `.swp`), downloads in progress
/// (`.part`, also ftps's own `NAME.ftps-N.part`), `.tmp`, editor backups
/// (`~`), and ftps's temporary upload names (and the `.old` its rename
/// fallback sets aside).
pub fn in_progress(name: &str) -> bool {
    use crate::ops::{part, remote_temp};
    let old = format!("{}.old", remote_temp::SUFFIX);
    name.starts_with('.')
        || name.ends_with('~')
        || [part::SUFFIX, ".tmp", ".crdownload", remote_temp::SUFFIX, old.as_str()].iter().any(|s| name.ends_with(s))
}

/// A single path segment that is safe to use as a local or remote name
/// (a hostile listing's `../x` or `a/b` is none).
pub fn plain(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.chars().any(char::is_control)
}

/// What a scan saw of one file: size and modification time (whatever
/// resolution the source gives, as text so local nanoseconds and remote
/// listing times compare alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub size: u64,
    pub time: String,
}

/// Whether a file is ready, or when it might be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// Not before this instant (if nothing changes meanwhile).
    NotBefore(Instant),
}

/// Each file's last observation and since when it has looked that way.
#[derive(Default)]
pub struct Settle {
    seen: HashMap<String, (Seen, Instant)>,
}

impl Settle {
    /// Records an observation of `name` at `now`. `age` is how long ago the
    /// file was last written by its own clock, when that is trustworthy (a
    /// local file's mtime): a file untouched for the settle period is ready
    /// on first sight. Remote times are never trusted this way (another
    /// clock, and listings often give minutes only): there, two listings
    /// `settle` apart must agree.
    pub fn observe(
        &mut self,
        name: &str,
        seen: Seen,
        age: Option<Duration>,
        settle: Duration,
        now: Instant,
    ) -> Readiness {
        let since = match self.seen.get(name) {
            Some((before, since)) if *before == seen => *since,
            _ => now,
        };
        self.seen.insert(name.to_string(), (seen, since));
        if age.is_some_and(|a| a >= settle) || now.duration_since(since) >= settle {
            Readiness::Ready
        } else {
            Readiness::NotBefore(since + settle)
        }
    }

    /// Whether `name` may be taken now: its trigger file is there (with
    /// `--ready-suffix`: `trigger` is `Some(present)`), or it has settled
    /// (see [`Settle::observe`]). When it has not yet, the instant worth
    /// looking again joins `next`.
    #[allow(clippy::too_many_arguments)]
    pub fn ready_now(
        &mut self,
        name: &str,
        trigger: Option<bool>,
        seen: Seen,
        age: Option<Duration>,
        settle: Duration,
        now: Instant,
        next: &mut Option<Instant>,
    ) -> bool {
        if let Some(present) = trigger {
            return present;
        }
        match self.observe(name, seen, age, settle, now) {
            Readiness::Ready => true,
            Readiness::NotBefore(t) => {
                *next = Some(next.map_or(t, |n| n.min(t)));
                false
            }
        }
    }

    /// Forgets files no longer there (so a later file of that name settles
    /// anew) and those taken.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.seen.retain(|name, _| keep(name));
    }
}

/// How long ago `t` was, `None` for a time in the future (another clock).
pub fn age(t: SystemTime) -> Option<Duration> {
    SystemTime::now().duration_since(t).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(trigger: Option<&str>, include: &[&str], exclude: &[&str]) -> Names {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        Names { filter: Filter::new(&s(include), &s(exclude)).unwrap(), trigger: trigger.map(str::to_string) }
    }

    #[test]
    fn work_in_progress_is_never_taken() {
        let n = names(None, &[], &["*.log"]);
        for bad in [
            ".hidden",
            ".report.csv.Xa3f9Q",
            "report.csv.part",
            "report.csv.ftps-2.part",
            "x.tmp",
            "x~",
            "report.csv.0a1b2c3d.ftps-upload",
            "report.csv.0a1b2c3d.ftps-upload.old",
            "big.crdownload",
            "app.log",
            "..",
            "a//b",
            "../x",
            "sub/.git/x",
            "sub/x.part",
            "bell\u{7}",
        ] {
            assert!(!n.takes(bad), "{bad}");
        }
        assert!(!plain("a/b") && plain("a.b"));
        for good in ["report.csv", "a.part.csv", "tmp", "x.tmp.gz", "sub/dir/report.csv"] {
            assert!(n.takes(good), "{good}");
        }
        let only_csv = names(Some(".ok"), &["*.csv"], &[]);
        assert!(only_csv.takes("a.csv"));
        assert!(!only_csv.takes("a.txt"));
        assert!(!only_csv.takes("a.csv.ok"));
        assert_eq!(only_csv.trigger_of("a.csv").as_deref(), Some("a.csv.ok"));
    }

    #[test]
    fn a_file_is_ready_once_unchanged_for_the_settle_period() {
        let settle = Duration::from_secs(5);
        let t0 = Instant::now();
        let mut s = Settle::default();
        let v = |size| Seen { size, time: "t".into() };
        assert_eq!(s.observe("a", v(1), None, settle, t0), Readiness::NotBefore(t0 + settle));
        // It grew: the clock starts again.
        let t1 = t0 + Duration::from_secs(3);
        assert_eq!(s.observe("a", v(2), None, settle, t1), Readiness::NotBefore(t1 + settle));
        assert_eq!(s.observe("a", v(2), None, settle, t1 + Duration::from_secs(4)), Readiness::NotBefore(t1 + settle));
        assert_eq!(s.observe("a", v(2), None, settle, t1 + settle), Readiness::Ready);
        // A local file last written long ago is ready on first sight ...
        assert_eq!(s.observe("b", v(1), Some(Duration::from_secs(60)), settle, t0), Readiness::Ready);
        // ... one written just now (or in the future) is not.
        assert!(matches!(s.observe("c", v(1), Some(Duration::from_secs(1)), settle, t0), Readiness::NotBefore(_)));
        s.retain(|n| n != "a");
        assert!(matches!(s.observe("a", v(2), None, settle, t1 + settle), Readiness::NotBefore(_)));
    }
}
