//! Trust on first use for servers no CA vouches for, like SSH's known_hosts.
//!
//! The file (`$XDG_CONFIG_HOME/ftps/known_hosts`, one `host:port sha256:HEX`
//! per line, host names in lower case, optionally followed by what the
//! fingerprint covers: `public-key` or `certificate`) remembers a public key (or, in lines
//! written by hand, a certificate) per server. The model is SSH's: a
//! remembered server must present that key even when a CA vouches for a
//! different certificate, and a change is refused, never silently accepted.
//! Remembering waives only the issuer check: a remembered certificate must
//! still be valid for the host name and unexpired. The public key rather
//! than the certificate is stored so that a renewal with the same key passes.
//! A person is only ever asked at a terminal; cron runs fail with the line
//! to add.

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::secret::Exposure;
use crate::tls::{CertInfo, KnownHostChanged, PinMismatch};

use super::term;

pub fn path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("ftps").join("known_hosts"))
}

pub fn shown_path() -> String {
    path().map(|p| p.display().to_string()).unwrap_or_else(|| "the known_hosts file".into())
}

/// `host:port`, host in lower case: DNS names are case-insensitive, and one
/// server must not be "unknown" because it was typed in capitals.
pub fn key(host: &str, port: u16) -> String {
    crate::url::authority(&host.to_ascii_lowercase(), port)
}

/// Fingerprints remembered for `host:port`. A file others can write (or
/// another user owns) is refused: whoever can add a line can vouch for a
/// server. Others reading it is harmless; fingerprints are public.
pub fn lookup(host: &str, port: u16) -> Result<Vec<String>, Error> {
    let want = key(host, port);
    Ok(list()?.into_iter().filter(|e| e.key.eq_ignore_ascii_case(&want)).map(|e| e.fingerprint).collect())
}

/// The file's text ("" when there is none), refused when others could have
/// written it, and an error when it cannot be read: an unreadable file must
/// not look like an empty one, or every remembered key would vanish and
/// the CA's word (or `--insecure`) would stand in for them.
fn read_checked() -> Result<(Option<PathBuf>, String), Error> {
    let Some(path) = path() else { return Ok((None, String::new())) };
    if let Some(problem @ (Exposure::Writable(_) | Exposure::Owner(..))) = crate::secret::exposure(&path) {
        return Err(Error::InvalidArgument(format!(
            "refusing the known_hosts file {}: it {problem} {}",
            path.display(),
            path.display()
        )));
    }
    match fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok((Some(path), text)),
            Err(e) => {
                let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
                Err(unusable(&path, line, "it is not UTF-8 text"))
            }
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((None, String::new())),
        Err(e) => Err(Error::Local { action: "read the known_hosts file", path, source: e }),
    }
}

fn unusable(path: &Path, line: usize, why: &str) -> Error {
    Error::InvalidArgument(format!(
        "the known_hosts file {}:{line} cannot be read: {why}; fix or delete that line \
         (each line is HOST:PORT sha256:HEX [public-key|certificate], or a # comment); \
         until then no server it remembers is trusted",
        path.display()
    ))
}

/// One remembered server.
pub struct Entry {
    pub key: String,
    pub fingerprint: String,
    /// `public-key` or `certificate` where the line says (lines written by
    /// hand may not; a fingerprint matches either).
    pub kind: Option<String>,
}

/// Every remembered server, in file order; any line that is not a comment,
/// blank, or a well-formed entry makes the whole file an error.
pub fn list() -> Result<Vec<Entry>, Error> {
    let (path, text) = read_checked()?;
    parse(&text).map_err(|(line, why)| unusable(path.as_deref().unwrap_or(Path::new("known_hosts")), line, &why))
}

/// The entries of `text`, or the first bad line's number and what is wrong.
fn parse(text: &str) -> Result<Vec<Entry>, (usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (key, fingerprint, kind) = match parts[..] {
            [k, f] => (k, f, None),
            [k, f, kind @ ("public-key" | "certificate")] => (k, f, Some(kind)),
            [_, _, other] => return Err((n + 1, format!("{other:?} is neither public-key nor certificate"))),
            _ => return Err((n + 1, "expected HOST:PORT, a fingerprint and at most a kind".into())),
        };
        let port = key.rsplit_once(':').and_then(|(h, p)| (!h.is_empty()).then(|| p.parse::<u16>().ok()).flatten());
        if port.is_none() {
            return Err((n + 1, format!("{key:?} is not HOST:PORT")));
        }
        if crate::cli::check_fingerprint("known_hosts", fingerprint).is_err() {
            return Err((n + 1, format!("{fingerprint:?} is not sha256: and 64 hex digits")));
        }
        out.push(Entry { key: key.to_string(), fingerprint: fingerprint.to_string(), kind: kind.map(str::to_string) });
    }
    Ok(out)
}

/// What is remembered of a certificate, and what that covers: the public
/// key, so a renewal with the same key passes; the whole certificate only
/// when it cannot be parsed.
pub fn stored_fingerprint(cert: &CertInfo) -> (String, &'static str) {
    match &cert.spki_fingerprint {
        Some(spki) => (spki.clone(), "public-key"),
        None => (cert.fingerprint.clone(), "certificate"),
    }
}

/// The host part of a `host:port` key, without IPv6 brackets, lower case.
fn key_host(key: &str) -> String {
    let host = key.rsplit_once(':').map_or(key, |(h, _)| h);
    host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase()
}

/// Removes the lines for `host` on `port` (every port when `None`),
/// atomically; comments and other hosts stay. Returns how many went.
pub fn forget(host: &str, port: Option<u16>) -> io::Result<usize> {
    let wanted = |k: &str| match port {
        Some(p) => k.eq_ignore_ascii_case(&key(host, p)),
        None => key_host(k) == host.to_ascii_lowercase(),
    };
    let mut removed = 0;
    let Some(path) = path() else { return Ok(0) };
    if !path.exists() {
        return Ok(0);
    }
    list().map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    rewrite(|text| {
        let mut kept = String::new();
        for line in text.lines() {
            let k = line.split_whitespace().next().unwrap_or("");
            if !line.trim_start().starts_with('#') && wanted(k) {
                removed += 1;
            } else {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        kept
    })?;
    Ok(removed)
}

/// Adds a line, atomically: the new file is written next to the old one
/// (mode 0600, in a 0700 directory) and renamed over it, so a crash or a
/// concurrent run never leaves a half-written file.
pub fn remember(host: &str, port: u16, fingerprint: &str, kind: &str) -> io::Result<PathBuf> {
    rewrite(|text| {
        let mut text = text.to_string();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&format!("{} {fingerprint} {kind}\n", key(host, port)));
        text
    })
}

/// Replaces the file's text by `edit(old text)`, atomically.
fn rewrite(edit: impl FnOnce(&str) -> String) -> io::Result<PathBuf> {
    let path = path().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no configuration directory"))?;
    let dir = path.parent().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no directory"))?;
    private_dir(dir)?;
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let text = edit(&text);
    let tmp = dir.join(format!(".known_hosts.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp); // left by a crashed run with the same pid
    let written = write_private(&tmp, text.as_bytes()).and_then(|()| fs::rename(&tmp, &path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written.map(|()| path)
}

#[cfg(unix)]
fn private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// What to do about a certificate that failed verification.
pub enum Decision {
    /// Connect again, accepting this fingerprint whatever failed, this run only.
    Once(String),
    /// Connect again treating the host as remembered with this fingerprint.
    Remembered(String),
    /// Give up with this error.
    Refuse(anyhow::Error),
}

fn is<T: std::error::Error + 'static>(ce: &rustls::CertificateError) -> bool {
    matches!(ce, rustls::CertificateError::Other(o) if o.0.is::<T>())
}

/// Called when the handshake failed on certificate grounds with `cert` shown;
/// `remembered` says whether known_hosts had an entry for the host.
pub fn decide(
    host: &str,
    port: u16,
    err: Error,
    ce: &rustls::CertificateError,
    cert: Option<&CertInfo>,
    remembered: bool,
) -> Decision {
    let label = key(host, port);
    if is::<PinMismatch>(ce) {
        return Decision::Refuse(anyhow::Error::new(err).context(
            "the server matches none of the --pin fingerprints; if it rotated its certificate, \
             add the new fingerprint as another --pin",
        ));
    }
    if is::<KnownHostChanged>(ce) {
        return Decision::Refuse(anyhow::Error::new(err).context(format!(
            "refusing {label} (--insecure does not override a remembered key): if the server really got \
             a new key, remove the line for {label} from {} (ftps trust remove {label}) and connect again \
             at a terminal, or run ftps trust, to trust the new one; --pin with the new fingerprint \
             overrides it for one run",
            shown_path()
        )));
    }
    let Some(cert) = cert else { return Decision::Refuse(err.into()) };
    let failed = cert.problems.join("; ");
    if remembered {
        return Decision::Refuse(anyhow::Error::new(err).context(format!(
            "{label} is remembered in {}, but its certificate failed: {failed} \
             (a remembered certificate must still be valid for the host name and not expired)",
            shown_path()
        )));
    }
    let (stored, kind) = stored_fingerprint(cert);
    if !(io::stdin().is_terminal() && term::stderr_is_terminal()) {
        let hint = if cert.issuer_only {
            format!(
                "to trust it without a prompt, add the line \"{label} {stored}\" to {} \
                 (ftps trust URL --expect {stored} does that once you have checked the fingerprint)",
                shown_path()
            )
        } else {
            format!("its certificate failed: {failed}")
        };
        return Decision::Refuse(anyhow::Error::new(err).context(hint));
    }
    let mut text = format!("the certificate of {label} failed verification:\n");
    for p in &cert.problems {
        text.push_str(&format!("  - {p}\n"));
    }
    text.push_str(&cert.to_string());
    term::errln!("ftps: {text}");
    if cert.issuer_only {
        term::stderr_prompt("Trust it? [o]nce, [a]lways (remember its public key), [N]o: ");
    } else {
        term::stderr_prompt(
            "It cannot be remembered (a remembered certificate must still be valid for the name and dates).\n\
             Trust it for this run only? [o]nce, [N]o: ",
        );
    }
    let mut answer = String::new();
    let _ = io::stdin().lock().read_line(&mut answer);
    match answer.trim().to_ascii_lowercase().as_str() {
        "o" | "once" => Decision::Once(cert.fingerprint.clone()),
        "a" | "always" if cert.issuer_only => match remember(host, port, &stored, kind) {
            Ok(p) => {
                term::errln!("ftps: remembered in {}", p.display());
                Decision::Remembered(stored)
            }
            Err(e) => Decision::Refuse(anyhow::anyhow!("cannot store the trusted certificate: {e}")),
        },
        _ => Decision::Refuse(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_match_case_insensitively() {
        assert_eq!(key("FTP.Example.COM", 21), "ftp.example.com:21");
        assert_eq!(key("::1", 990), "[::1]:990");
        assert_eq!(key_host("[::1]:990"), "::1");
        assert_eq!(key_host("FTP.example.com:21"), "ftp.example.com");
    }

    #[test]
    fn every_line_is_an_entry_a_comment_or_an_error() {
        let (a, b) = (format!("sha256:{}", "a".repeat(64)), format!("sha256:{}", "B".repeat(64)));
        let text = format!("# comment\n\n  ftp.example.com:21 {a} public-key\n[::1]:990 {b}\n");
        let got = parse(&text).unwrap();
        assert_eq!(got.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["ftp.example.com:21", "[::1]:990"]);
        assert_eq!(got[0].kind.as_deref(), Some("public-key"));
        for (bad, why) in [
            ("h:21\n".to_string(), "expected HOST:PORT"),
            (format!("h {a}\n"), "is not HOST:PORT"),
            (format!("h:99999 {a}\n"), "is not HOST:PORT"),
            ("h:21 sha256:zz\n".to_string(), "is not sha256:"),
            (format!("h:21 {a} key\n"), "neither public-key nor certificate"),
            (format!("h:21 {a} public-key extra\n"), "expected HOST:PORT"),
        ] {
            let text = format!("# ok\n{bad}");
            let (line, msg) = parse(&text).map(|_| ()).unwrap_err();
            assert_eq!(line, 2, "{bad}");
            assert!(msg.contains(why), "{bad}: {msg}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn written_privately_and_atomically() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("ftps");
        let file = sub.join("known_hosts");
        private_dir(&sub).unwrap();
        write_private(&file, b"a:1 sha256:x\n").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&sub), 0o700);
        assert_eq!(mode(&file), 0o600);
        // create_new: an existing temp file (e.g. a planted symlink) is never written through.
        assert!(write_private(&file, b"x").is_err());
    }
}
