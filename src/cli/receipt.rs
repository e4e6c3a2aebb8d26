//! `--receipt FILE` (one chained JSON line per transferred file) and
//! `ftps receipt verify FILE [--files]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use super::{App, exit, term};
use crate::ops::transfer::Evidence;
use crate::receipt::{self, Record};
use crate::url::FtpUrl;

/// Where one command's receipt lines go, and the URL they are relative to.
pub(crate) struct Sink {
    path: PathBuf,
    /// `ftps://user@host:port` (never a password).
    base: String,
    /// The first failure to write (mirror records from worker threads).
    failed: Mutex<Option<crate::Error>>,
}

impl Sink {
    /// A sink when `--receipt` was given.
    pub fn new(app: &App, url: &FtpUrl) -> Option<Sink> {
        let path = app.global.receipt.clone()?;
        let user = app.global.user.as_deref().or(url.user.as_deref()).map(|u| u.split(':').next().unwrap_or(u));
        let scheme = if url.implicit { "ftps" } else { "ftpes" };
        let base = match user {
            Some(u) => format!("{scheme}://{u}@{}:{}", url.host, url.port),
            None => format!("{scheme}://{}:{}", url.host, url.port),
        };
        Some(Sink { path, base, failed: Mutex::new(None) })
    }

    /// Appends the record of one finished transfer of `remote` (a server
    /// path) to or from `local`.
    pub fn record(&self, op: &str, remote: &str, local: &Path, bytes: u64, ev: &Evidence) -> crate::Result<()> {
        let url = format!("{}/{}", self.base, remote);
        receipt::append(&self.path, &mut Record::new(op, url, local, bytes, ev))
    }

    /// Like [`Sink::record`], keeping the first failure for [`Sink::finish`].
    pub fn record_later(&self, op: &str, remote: &str, local: &Path, bytes: u64, ev: &Evidence) {
        if let Err(e) = self.record(op, remote, local, bytes, ev)
            && let Ok(mut slot) = self.failed.lock()
        {
            slot.get_or_insert(e);
        }
    }

    pub fn finish(&self) -> crate::Result<()> {
        match self.failed.lock().ok().and_then(|mut f| f.take()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// `ftps receipt verify FILE [--files]`: exit 0 only for an intact chain.
pub fn verify(path: &Path, files: bool) -> anyhow::Result<ExitCode> {
    let report = receipt::verify(path, files)?;
    match report.broken {
        None => {
            println!(
                "{}: {} line(s), chain intact{}",
                path.display(),
                report.lines,
                if files { ", files match" } else { "" }
            );
            Ok(exit::code(exit::OK))
        }
        Some((line, why)) => {
            eprintln!("ftps: {}: line {line} is broken: {}", path.display(), term::message(&why));
            Ok(exit::code(exit::RECEIPT_BROKEN))
        }
    }
}
