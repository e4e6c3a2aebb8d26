//! Waiting between passes without spinning: until the next pass is due,
//! something happens in a watched local folder (inotify), or the run is
//! told to stop.
//!
//! inotify comes through rustix, already a dependency, rather than the
//! `notify` crate: one directory, one descriptor and `poll` with a timeout
//! is all a watch needs, without notify's thread and its dependencies. It
//! is a hint only: the pass after it rescans and settles as always, and
//! without it (a network filesystem sends no events for other hosts'
//! writes, or inotify is unavailable) the periodic rescan does the work.

use std::os::fd::OwnedFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustix::fs::inotify;

/// How often a wait looks at the stop flag (a signal also cuts a `poll` short).
const TICK: Duration = Duration::from_millis(500);

/// Files closed, moved in or out, created, removed, or touched.
const MASK: inotify::WatchFlags = inotify::WatchFlags::CLOSE_WRITE
    .union(inotify::WatchFlags::MOVED_TO)
    .union(inotify::WatchFlags::MOVED_FROM)
    .union(inotify::WatchFlags::CREATE)
    .union(inotify::WatchFlags::DELETE)
    .union(inotify::WatchFlags::ATTRIB);

pub struct Waiter {
    events: Option<OwnedFd>,
}

impl Waiter {
    /// Watches `dir` for files being closed, moved in, created or removed;
    /// without `dir`, or where inotify fails, waits on the clock alone.
    pub fn new(dir: Option<&Path>) -> Waiter {
        let events = dir.and_then(|dir| {
            let fd = inotify::init(inotify::CreateFlags::CLOEXEC | inotify::CreateFlags::NONBLOCK).ok()?;
            inotify::add_watch(&fd, dir, MASK).ok()?;
            Some(fd)
        });
        Waiter { events }
    }

    /// Watches `dir` too (a subfolder, with `--recursive`); watching one
    /// twice is harmless, and a failure leaves it to the rescan.
    pub fn add(&mut self, dir: &Path) {
        if let Some(fd) = &self.events {
            let _ = inotify::add_watch(fd, dir, MASK);
        }
    }

    /// Returns at `until`, after an event in the watched folder (true), or
    /// once `stop` is set.
    pub fn wait(&mut self, until: Instant, stop: &AtomicBool) -> bool {
        loop {
            let now = Instant::now();
            if stop.load(Ordering::SeqCst) || now >= until {
                return false;
            }
            let slice = (until - now).min(TICK);
            match &self.events {
                Some(fd) => {
                    let ts = rustix::event::Timespec {
                        tv_sec: slice.as_secs() as i64,
                        tv_nsec: i64::from(slice.subsec_nanos()),
                    };
                    let mut fds = [rustix::event::PollFd::new(fd, rustix::event::PollFlags::IN)];
                    if let Ok(n) = rustix::event::poll(&mut fds, Some(&ts))
                        && n > 0
                    {
                        drain(fd);
                        return true;
                    }
                }
                None => std::thread::sleep(slice),
            }
        }
    }
}

impl Waiter {
    /// Whether something happened in a watched folder since the last look,
    /// without waiting.
    pub fn pending(&mut self) -> bool {
        let Some(fd) = &self.events else { return false };
        let ts = rustix::event::Timespec { tv_sec: 0, tv_nsec: 0 };
        let mut fds = [rustix::event::PollFd::new(fd, rustix::event::PollFlags::IN)];
        let ready = rustix::event::poll(&mut fds, Some(&ts)).is_ok_and(|n| n > 0);
        if ready {
            drain(fd);
        }
        ready
    }
}

/// Reads every pending event (their content does not matter: the next
/// pass rescans the folder).
fn drain(fd: &OwnedFd) {
    let mut buf = [0u8; 4096];
    while rustix::io::read(fd, &mut buf[..]).is_ok_and(|n| n > 0) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_wakes_the_wait_and_the_clock_ends_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Waiter::new(Some(dir.path()));
        assert!(w.events.is_some());
        let stop = AtomicBool::new(false);
        let started = Instant::now();
        assert!(!w.wait(started + Duration::from_millis(50), &stop));
        std::fs::write(dir.path().join("a"), b"x").unwrap();
        assert!(w.wait(Instant::now() + Duration::from_secs(10), &stop));
        // The events were taken: the next wait runs to its end.
        assert!(!w.wait(Instant::now() + Duration::from_millis(20), &stop));
        stop.store(true, Ordering::SeqCst);
        assert!(!w.wait(Instant::now() + Duration::from_secs(10), &stop));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
