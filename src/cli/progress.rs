//! Progress bars on stderr, only for a person watching a terminal: [`Bar`]
//! for one file, [`RunBar`] for every command that moves many (mirror, and
//! get/put with several files).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::printable;
use super::term::errln;
use crate::error::Error;
use crate::ops::Progress;
use crate::ops::mirror::{self, Notice, Warning};

pub struct Bar {
    enabled: bool,
    bar: Option<ProgressBar>,
}

impl Bar {
    pub fn new(quiet: bool) -> Self {
        Bar { enabled: !quiet && super::term::stderr_is_terminal(), bar: None }
    }
}

impl Progress for Bar {
    fn begin(&mut self, name: &str, total: Option<u64>) {
        if !self.enabled {
            return;
        }
        let bar = match total {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let style = ProgressStyle::with_template(
            "{msg:30!} {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {wide_bar} {eta:>4}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        // Drawn on the terminal: a server-chosen name is escaped like any other.
        bar.set_message(super::term::printable(name));
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bar = Some(bar);
    }

    fn advance(&mut self, bytes: u64) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
        }
    }

    /// A spinner saying what ftps waits for, in place of the finished bar.
    fn waiting(&mut self, what: &str) {
        if !self.enabled {
            return;
        }
        self.end();
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {msg} {elapsed:>4}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(super::term::printable(what));
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bar = Some(bar);
    }

    fn end(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

/// Below this many bytes per file on average, files carry the work (a
/// round trip per file costs more than its bytes), so the bar counts files.
const BYTES_PER_FILE_FOR_BYTE_BAR: u64 = 256 * 1024;

/// One overall bar for a multi-file run (files and bytes, rate, ETA), and
/// its warnings on stderr. The bar follows whichever of files and bytes
/// carries the work: a run of 100,000 empty files counts files, not a full
/// bar at "0 B/0 B".
pub(crate) struct RunBar {
    quiet: bool,
    terminal: bool,
    bar: OnceLock<ProgressBar>,
    by_bytes: AtomicBool,
    files_total: AtomicU64,
    files_done: AtomicU64,
    bytes_done: AtomicU64,
}

impl RunBar {
    pub(crate) fn new(quiet: bool) -> Self {
        RunBar {
            quiet,
            terminal: super::term::stderr_is_terminal(),
            bar: OnceLock::new(),
            by_bytes: AtomicBool::new(true),
            files_total: AtomicU64::new(0),
            files_done: AtomicU64::new(0),
            bytes_done: AtomicU64::new(0),
        }
    }

    fn say(&self, line: String) {
        match self.bar.get() {
            Some(bar) => bar.suspend(|| errln!("{line}")),
            None => errln!("{line}"),
        }
    }

    pub(crate) fn clear(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }

    /// Which unit the bar counts for a run of `files` files and `bytes` bytes.
    fn counts_bytes(files: u64, bytes: u64) -> bool {
        bytes >= files.saturating_mul(BYTES_PER_FILE_FOR_BYTE_BAR)
    }
}

impl mirror::Observer for RunBar {
    fn warning(&self, w: &Warning) {
        if self.quiet {
            return;
        }
        self.say(match w {
            Warning::Tree(Notice::RefusedName { dir, name, why }) => format!(
                "ftps: warning: refusing server entry {:?} in {:?}: {why}; it is not written anywhere",
                printable(name),
                printable(if dir.is_empty() { "." } else { dir })
            ),
            Warning::Tree(Notice::Unparsed { dir, line }) => {
                format!("ftps: warning: unparsable listing line in {:?}: {:?}", printable(dir), printable(line))
            }
            Warning::Tree(Notice::UnsendableName { path }) => format!(
                "ftps: warning: skipping {}: its name is not UTF-8 or holds CR/LF/NUL, which FTP cannot carry",
                path.display()
            ),
            Warning::TimesNotKept => "ftps: note: this server offers neither MFMT nor SITE UTIME, so uploaded \
                                      files cannot keep their modification times; comparing by size"
                .to_string(),
            Warning::RemoteTimesUnknown => "ftps: note: this server lists no exact times and has no MDTM; \
                                            comparing by size and not setting times"
                .to_string(),
            Warning::TimeNotSet { path, error } => {
                format!("ftps: warning: could not set the modification time of {}: {error}", printable(path))
            }
            Warning::ConnectionLost { error } => {
                format!("ftps: warning: one connection gave up ({error}); continuing with the others")
            }
            Warning::ChecksumUnavailable { files } => format!(
                "ftps: note: --checksum: no usable server digest for {files} file(s) (the server offers none \
                 ftps computes, or refused); those were compared by size and time"
            ),
            Warning::Retrying { what, attempt, of, error, delay } => {
                format!("ftps: {}: {error}; retry {attempt} of {of} in {:.1} s", printable(what), delay.as_secs_f64())
            }
        });
    }

    fn planned(&self, files: u64, bytes: u64) {
        self.files_total.store(files, Ordering::Relaxed);
        if self.quiet || !self.terminal || files == 0 {
            return;
        }
        let by_bytes = Self::counts_bytes(files, bytes);
        self.by_bytes.store(by_bytes, Ordering::Relaxed);
        // {msg} is the file most recently started; {prefix} the other unit.
        let (len, template) = if by_bytes {
            (bytes, "{msg:24!} {prefix:>13} {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {wide_bar} {eta:>4}")
        } else {
            (files, "{msg:24!} {pos:>7}/{len:<7} files {per_sec:>12} {prefix:>10} {wide_bar} {eta:>4}")
        };
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
        bar.set_prefix(if by_bytes { format!("0/{files} files") } else { "0 B".to_string() });
        bar.enable_steady_tick(Duration::from_millis(200));
        let _ = self.bar.set(bar);
    }

    fn started(&self, path: &str) {
        if let Some(bar) = self.bar.get() {
            // Drawn on the terminal: a server-chosen name is escaped like any other.
            bar.set_message(printable(path));
        }
    }

    fn progress(&self, bytes: u64) {
        let total = self.bytes_done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if let Some(bar) = self.bar.get() {
            if self.by_bytes.load(Ordering::Relaxed) {
                bar.inc(bytes);
            } else {
                bar.set_prefix(HumanBytes(total).to_string());
            }
        }
    }

    fn finished(&self, _path: &str, _result: Result<u64, &Error>) {
        let done = self.files_done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = self.bar.get() {
            if self.by_bytes.load(Ordering::Relaxed) {
                bar.set_prefix(format!("{done}/{} files", self.files_total.load(Ordering::Relaxed)));
            } else {
                bar.inc(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RunBar;

    #[test]
    fn the_bar_follows_what_carries_the_work() {
        assert!(!RunBar::counts_bytes(100_000, 0), "empty files: count files");
        assert!(!RunBar::counts_bytes(1000, 1000 * 4096), "small files: count files");
        assert!(RunBar::counts_bytes(1, 1 << 30), "one big file: count bytes");
        assert!(RunBar::counts_bytes(10, 10 * 1024 * 1024));
    }
}
