//! `--receipt FILE` (one chained JSON line per transferred file) and
//! `ftps receipt verify FILE [--files]`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use super::{App, exit, term};
use crate::ops::mirror::{Observer, Warning};
use crate::ops::transfer::Evidence;
use crate::receipt::{self, Record};

/// Where one command's receipt lines go, and the URL they are relative to.
pub(crate) struct Sink {
    path: PathBuf,
    /// `ftps://user@host:port` (never a password).
    base: String,
    /// The first failure to write (mirror records from worker threads).
    failed: Mutex<Option<crate::Error>>,
}

impl Sink {
    /// A sink for the server a session is logged in to.
    pub fn for_session(app: &App, o: &crate::session::control::ConnectOptions) -> Option<Sink> {
        let path = app.global.receipt.clone()?;
        let scheme = if o.implicit { "ftps" } else { "ftpes" };
        let base = format!("{scheme}://{}@{}:{}", o.user, o.host, o.port);
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
            let mut out = term::stdout();
            let files = if files { ", files match" } else { "" };
            writeln!(out, "{}: {} line(s), chain intact{files}", path.display(), report.lines)?;
            out.flush()?;
            Ok(exit::code(exit::OK))
        }
        Some((line, why)) => {
            term::errln!("ftps: {}: line {line} is broken: {why}", path.display());
            Ok(exit::code(exit::RECEIPT_BROKEN))
        }
    }
}

/// An observer that records each finished transfer's evidence in a receipt
/// (and, for `--json`, in `files`) and passes everything on to `inner` (the
/// progress bar).
pub(crate) struct Recording<'a> {
    pub inner: &'a dyn Observer,
    pub sink: Option<Sink>,
    pub op: &'static str,
    /// `Some` when a `--json` report lists the transferred files.
    pub files: Option<Mutex<Vec<FileRecord>>>,
}

/// One transferred file in a `--json` report: the receipt's digest fields.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct FileRecord {
    pub remote: String,
    pub local: String,
    pub bytes: u64,
    pub sha256: Option<String>,
    pub verified: Option<receipt::VerifiedField>,
}

impl Observer for Recording<'_> {
    fn warning(&self, w: &Warning) {
        self.inner.warning(w);
    }
    fn planned(&self, files: u64, bytes: u64) {
        self.inner.planned(files, bytes);
    }
    fn started(&self, path: &str) {
        self.inner.started(path);
    }
    fn progress(&self, bytes: u64) {
        self.inner.progress(bytes);
    }
    fn finished(&self, path: &str, result: std::result::Result<u64, &crate::Error>) {
        self.inner.finished(path, result);
    }
    fn evidence(&self, remote: &str, local: &Path, bytes: u64, ev: &Evidence) {
        if let Some(sink) = &self.sink {
            sink.record_later(self.op, remote, local, bytes, ev);
        }
        if let Some(files) = &self.files
            && let Ok(mut files) = files.lock()
        {
            files.push(FileRecord {
                remote: remote.into(),
                local: local.to_string_lossy().into_owned(),
                bytes,
                sha256: ev.sha256.clone(),
                verified: ev
                    .verified
                    .as_ref()
                    .map(|v| receipt::VerifiedField { algo: v.algo.name().into(), server: v.server.clone() }),
            });
        }
        self.inner.evidence(remote, local, bytes, ev);
    }
}

impl Recording<'_> {
    /// The first receipt write that failed, if any.
    pub fn finish(&self) -> crate::Result<()> {
        self.sink.as_ref().map_or(Ok(()), Sink::finish)
    }

    /// The files collected for `--json`, sorted by remote path.
    pub fn take_files(&self) -> Vec<FileRecord> {
        let mut files =
            self.files.as_ref().and_then(|f| f.lock().ok().map(|mut v| std::mem::take(&mut *v))).unwrap_or_default();
        files.sort_by(|a, b| a.remote.cmp(&b.remote));
        files
    }
}
