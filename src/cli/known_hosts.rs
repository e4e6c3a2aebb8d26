//! Trust on first use for servers no CA vouches for, like SSH's known_hosts.
//!
//! The file (`$XDG_CONFIG_HOME/ftps/known_hosts`, one `host:port sha256:HEX`
//! per line) is only ever consulted when CA verification fails, and only
//! ever asked about at a terminal: cron runs fail with the line to add.

use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use crate::error::Error;
use crate::tls::CertInfo;

pub fn path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("ftps").join("known_hosts"))
}

pub fn key(host: &str, port: u16) -> String {
    if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}

/// Fingerprints stored for `host:port`.
pub fn lookup(host: &str, port: u16) -> Vec<String> {
    let Some(path) = path() else { return Vec::new() };
    let Ok(text) = fs::read_to_string(path) else { return Vec::new() };
    let want = key(host, port);
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            match (parts.next(), parts.next()) {
                (Some(k), Some(fp)) if k == want && !l.trim_start().starts_with('#') => Some(fp.to_string()),
                _ => None,
            }
        })
        .collect()
}

fn remember(host: &str, port: u16, fingerprint: &str) -> io::Result<PathBuf> {
    let path = path().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no configuration directory"))?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut f = OpenOptions::new().create(true).append(true).open(&path)?;
    writeln!(f, "{} {fingerprint}", key(host, port))?;
    Ok(path)
}

/// What to do about a certificate no CA vouches for.
pub enum Decision {
    /// Connect again, accepting this fingerprint.
    Accept(String),
    /// Give up with this error.
    Refuse(anyhow::Error),
}

/// Called when the handshake failed on certificate grounds with `cert` shown.
pub fn decide(host: &str, port: u16, err: Error, cert: &CertInfo, is_pin_failure: bool) -> Decision {
    let known = lookup(host, port);
    if is_pin_failure {
        return Decision::Refuse(err.into());
    }
    if !known.is_empty() {
        return Decision::Refuse(anyhow::Error::new(err).context(format!(
            "the certificate of {} CHANGED since you trusted it: known {}, now {}. \
             This may be an attack; if the server really got a new certificate, remove its line from {}",
            key(host, port),
            known.join(", "),
            cert.fingerprint,
            path().map(|p| p.display().to_string()).unwrap_or_default()
        )));
    }
    if !(io::stdin().is_terminal() && io::stderr().is_terminal()) {
        let file = path().map(|p| p.display().to_string()).unwrap_or_else(|| "the known_hosts file".into());
        return Decision::Refuse(anyhow::Error::new(err).context(format!(
            "to trust it without a prompt, add the line \"{} {}\" to {file}",
            key(host, port),
            cert.fingerprint
        )));
    }
    eprintln!("ftps: the certificate of {} is not signed by a trusted CA ({err}).", key(host, port));
    eprint!("Trust it? [o]nce, [a]lways (remember it), [N]o: ");
    let mut answer = String::new();
    let _ = io::stdin().lock().read_line(&mut answer);
    match answer.trim().to_ascii_lowercase().as_str() {
        "o" | "once" => Decision::Accept(cert.fingerprint.clone()),
        "a" | "always" => match remember(host, port, &cert.fingerprint) {
            Ok(p) => {
                eprintln!("ftps: remembered in {}", p.display());
                Decision::Accept(cert.fingerprint.clone())
            }
            Err(e) => Decision::Refuse(anyhow::anyhow!("cannot store the trusted certificate: {e}")),
        },
        _ => Decision::Refuse(err.into()),
    }
}
