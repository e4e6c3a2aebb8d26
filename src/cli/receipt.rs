//! `--receipt FILE` (one signed, chained JSON line per transferred file)
//! and `ftps receipt keygen|verify|head`: the command-line words around
//! [`crate::receipt`], which names none of them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context, anyhow};

use super::args::{Global, ReceiptCmd};
use super::{App, exit, term};
use crate::ops::mirror::{Observer, Warning};
use crate::ops::transfer::Evidence;
use crate::receipt::sign::{self, PublicKey, SigningKey};
use crate::receipt::{self, Check, Record, Report, Signer, Writer};

/// Where one command's receipt lines go, and the URL they are relative to.
pub(crate) struct Sink {
    writer: Arc<Writer>,
    /// `ftps://user@host:port` (never a password).
    base: String,
    /// The first failure to write (mirror records from worker threads).
    failed: Mutex<Option<crate::Error>>,
}

impl Sink {
    /// A sink for the server a session is logged in to.
    pub fn for_session(app: &App, o: &crate::session::control::ConnectOptions) -> Option<Sink> {
        let writer = app.receipt.clone()?;
        let scheme = if o.implicit { "ftps" } else { "ftpes" };
        let base = format!("{scheme}://{}@{}:{}", o.user, o.host, o.port);
        Some(Sink { writer, base, failed: Mutex::new(None) })
    }

    /// Appends the record of one finished transfer of `remote` (a server
    /// path) to or from `local`.
    pub fn record(&self, op: &str, remote: &str, local: &Path, bytes: u64, ev: &Evidence) -> crate::Result<()> {
        let url = format!("{}/{}", self.base, remote);
        self.writer.append(&Record::new(op, url, local, bytes, ev))
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

    /// Keeps `e` as the failure [`Sink::finish`] reports (after a caller
    /// took it to say so at once).
    pub fn record_failure(&self, e: crate::Error) {
        if let Ok(mut slot) = self.failed.lock() {
            slot.get_or_insert(e);
        }
    }
}

/// The default `--receipt-key`: private data, not configuration, so under
/// the data directory (`~/.local/share/ftps/receipt-key` on Linux).
fn default_key() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("ftps").join("receipt-key"))
}

fn key_path(global: &Global) -> anyhow::Result<PathBuf> {
    global.receipt_key.clone().or_else(default_key).ok_or_else(|| {
        anyhow!("no data directory is known for the default receipt signing key; pass --receipt-key FILE")
    })
}

/// `--receipt`'s writer with its key loaded and the file's end checked,
/// before anything is transferred: a run that cannot sign records fails
/// here rather than move files it cannot vouch for.
pub(crate) fn writer(global: &Global) -> anyhow::Result<Option<Arc<Writer>>> {
    let Some(path) = &global.receipt else { return Ok(None) };
    let key_path = key_path(global)?;
    let key = SigningKey::load(&key_path).map_err(|e| {
        let missing = matches!(&e, crate::Error::Local { source, .. } if source.kind() == std::io::ErrorKind::NotFound);
        let fix = match (missing, &global.receipt_key) {
            (true, None) => "--receipt signs every record and there is no signing key yet; create one with: \
                             ftps receipt keygen"
                .to_string(),
            (true, Some(p)) => format!(
                "--receipt signs every record with --receipt-key, which does not exist; create it with: \
                 ftps receipt keygen --out {}",
                p.display()
            ),
            (false, _) => "--receipt signs every record, and its signing key cannot be used".into(),
        };
        anyhow::Error::new(e).context(fix)
    })?;
    let writer = Writer::open(path, Arc::new(key)).with_context(|| format!("--receipt {}", path.display()))?;
    Ok(Some(Arc::new(writer)))
}

pub fn run(action: &ReceiptCmd) -> anyhow::Result<ExitCode> {
    match action {
        ReceiptCmd::Keygen { out } => keygen(out.clone().or_else(default_key)),
        ReceiptCmd::Verify { file, public_key, fingerprint, head, files } => {
            let signer = match (public_key, fingerprint) {
                (Some(k), _) => Signer::Key(public_key_arg(k)?),
                (None, Some(f)) => Signer::Fingerprint(receipt::parse_fingerprint(f).ok_or_else(|| {
                    crate::Error::InvalidArgument(format!("--fingerprint {f:?} is not sha256: and 64 hex digits"))
                })?),
                (None, None) => Signer::Unknown,
            };
            let head = head.as_deref().map(head_arg).transpose()?;
            verify(file, &Check { signer, head, files: *files })
        }
        ReceiptCmd::Head { file } => {
            let report = receipt::verify(file, &Check { signer: Signer::Unknown, head: None, files: false })?;
            if let Some(code) = broken(file, &report) {
                return Ok(code);
            }
            let mut out = term::stdout();
            writeln!(out, "sha256:{}", report.head.unwrap_or_default())?;
            out.flush()?;
            Ok(exit::code(exit::OK))
        }
    }
}

fn keygen(out: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let path = out.ok_or_else(|| anyhow!("no data directory is known for the default key; pass --out FILE"))?;
    let key = sign::generate(&path)?;
    let public = key.public();
    let mut o = term::stdout();
    writeln!(o, "created the receipt signing key {} (only you may read it)", path.display())?;
    writeln!(o, "public key:  {public} (also in {})", sign::public_path(&path).display())?;
    writeln!(o, "fingerprint: {}", public.fingerprint())?;
    writeln!(
        o,
        "Keep the fingerprint where this machine cannot change it; check receipts with:\n  \
         ftps receipt verify --fingerprint {} FILE",
        public.fingerprint()
    )?;
    o.flush()?;
    Ok(exit::code(exit::OK))
}

/// `--public-key`: the key itself, or a file holding it.
fn public_key_arg(text: &str) -> anyhow::Result<PublicKey> {
    if let Some(k) = PublicKey::parse(text) {
        return Ok(k);
    }
    let bad = |why: String| crate::Error::InvalidArgument(format!("--public-key {text:?}: {why}"));
    let content = std::fs::read(text).map_err(|e| bad(format!("neither ed25519:HEX nor a readable file ({e})")))?;
    let first = content.split(|&b| b == b'\n').next().unwrap_or_default();
    let key = std::str::from_utf8(first).ok().and_then(PublicKey::parse);
    Ok(key.ok_or_else(|| bad("the file's first line is not ed25519: and 64 hex digits".into()))?)
}

fn head_arg(text: &str) -> anyhow::Result<String> {
    receipt::parse_head(text).ok_or_else(|| {
        crate::Error::InvalidArgument(format!("--head {text:?} is not sha256: and 64 hex digits")).into()
    })
}

/// Says what is wrong with a receipt, if anything, and the exit code for it.
fn broken(path: &Path, report: &Report) -> Option<ExitCode> {
    let b = report.broken.as_ref()?;
    let name = path.display();
    match b.line {
        0 => term::errln!("ftps: {name}: {}", b.why),
        n => term::errln!("ftps: {name}: line {n} is broken: {}", b.why),
    }
    Some(exit::code(exit::RECEIPT_BROKEN))
}

/// `ftps receipt verify`: exit 0 only when every check passed; stdout says
/// exactly what that proves.
fn verify(path: &Path, check: &Check) -> anyhow::Result<ExitCode> {
    let report = receipt::verify(path, check)?;
    if let Some(code) = broken(path, &report) {
        return Ok(code);
    }
    let mut out = term::stdout();
    let name = path.display();
    let signer = report.signer.map(|k| k.fingerprint()).unwrap_or_default();
    let files = if check.files { "; every recorded file still has its SHA-256" } else { "" };
    match check.signer {
        Signer::Unknown => {
            writeln!(
                out,
                "{name}: {} record(s), internally consistent, all signed by {signer}{files}",
                report.records
            )?;
            writeln!(
                out,
                "NOT authenticated: without --public-key or --fingerprint this proves nothing about who wrote it; \
                 anyone who could write the file could have rewritten and re-signed all of it. \
                 Check that {signer} is your key's fingerprint, or pass --fingerprint."
            )?;
        }
        _ => writeln!(
            out,
            "{name}: {} record(s) signed by {signer}, the key you gave: written by its holder, in this order, \
             none removed, inserted or changed between the first and the last{files}",
            report.records
        )?,
    }
    match (report.anchored, &report.head) {
        (Some(at), _) if at == report.records => writeln!(out, "the anchored head is the last record: none removed")?,
        (Some(at), _) => writeln!(
            out,
            "the anchored head is record {at}: none removed up to it; {} record(s) appended since",
            report.records - at
        )?,
        (None, Some(head)) => writeln!(
            out,
            "not checked: whether records were removed from the end (no --head); the head now is sha256:{head}"
        )?,
        (None, None) => {}
    }
    for n in &report.torn {
        writeln!(out, "note: line {n} is a torn write (an interrupted append), not a record; skipped")?;
    }
    out.flush()?;
    Ok(exit::code(exit::OK))
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
    /// How many connections moved it, and why (where that was chosen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<crate::ops::connections::Connections>,
}

impl FileRecord {
    pub fn new(remote: &str, local: &Path, bytes: u64, ev: &Evidence) -> FileRecord {
        FileRecord {
            remote: remote.into(),
            local: local.to_string_lossy().into_owned(),
            bytes,
            sha256: ev.sha256.clone(),
            verified: ev
                .verified
                .as_ref()
                .map(|v| receipt::VerifiedField { algo: v.algo.name().into(), server: v.server.clone() }),
            segments: ev.segments.clone(),
        }
    }
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
            files.push(FileRecord::new(remote, local, bytes, ev));
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
