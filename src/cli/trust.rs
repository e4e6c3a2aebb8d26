//! Certificate management at the command line: the warning about a server
//! certificate that expires soon, and `ftps trust` (show a server's chain,
//! remember it in known_hosts, list and remove remembered hosts).

use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context;

use super::args::{TrustAction, TrustArgs};
use super::term::{self, errln};
use super::{App, exit, known_hosts, printable};
use crate::error::Error;
use crate::session::control::Session;
use crate::tls::{CertInfo, OnAccepted};
use crate::url::FtpUrl;

/// Days before expiry from which every run warns: a monthly cron job still
/// hears of it at least once before the certificate breaks it.
const WARN_DAYS: i64 = 30;

/// Warns on stderr, once per run and host, when an accepted server
/// certificate expires within [`WARN_DAYS`]. Printed even with `--quiet`:
/// the point is that an unattended job's mail carries it.
pub(crate) fn expiry_notice() -> OnAccepted {
    let warned = Arc::new(Mutex::new(HashSet::<String>::new()));
    OnAccepted(Arc::new(move |host: &str, cert: &CertInfo| {
        let now = chrono::Utc::now().timestamp();
        let Some(days) = cert.expires_within(now, WARN_DAYS) else { return };
        if !warned.lock().unwrap_or_else(|p| p.into_inner()).insert(host.to_ascii_lowercase()) {
            return;
        }
        errln!("ftps: warning: {}", expiry_text(host, cert, days));
    }))
}

pub(crate) fn run(app: &App, args: &TrustArgs) -> anyhow::Result<ExitCode> {
    match (&args.action, &args.url) {
        (Some(TrustAction::List), _) => list(),
        (Some(TrustAction::Remove { target }), _) => remove(target),
        (None, Some(url)) => trust(app, url, args.expect.as_deref()),
        (None, None) => Err(Error::InvalidArgument("trust needs a URL, `list` or `remove HOST[:PORT]`".into()).into()),
    }
}

fn list() -> anyhow::Result<ExitCode> {
    let mut out = term::stdout();
    for e in known_hosts::list()? {
        let kind = e.kind.as_deref().unwrap_or("certificate-or-key");
        writeln!(out, "{}  {kind}  {}", e.key, e.fingerprint).context("writing the list")?;
    }
    out.flush().context("writing the list")?;
    Ok(exit::code(exit::OK))
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address.
fn parse_target(target: &str) -> Result<(String, Option<u16>), Error> {
    let bad_port = |p: &str| {
        Error::InvalidArgument(format!(
            "{p:?} in {target:?} is not a port number; use HOST or HOST:PORT (e.g. ftp.example.com:21)"
        ))
    };
    let (host, port) = if let Some(rest) = target.strip_prefix('[') {
        match rest.split_once(']') {
            Some((h, "")) => (h, None),
            Some((h, p)) => (h, Some(p.strip_prefix(':').ok_or_else(|| bad_port(p))?)),
            None => return Err(Error::InvalidArgument(format!("{target:?} lacks the closing ]; use [ADDRESS]:PORT"))),
        }
    } else {
        match target.split_once(':') {
            Some((h, p)) if !p.contains(':') => (h, Some(p)),
            _ => (target, None), // no colon, or a bare IPv6 address
        }
    };
    if host.is_empty() {
        return Err(Error::InvalidArgument(format!("{target:?} names no host; use HOST or HOST:PORT")));
    }
    let port = port.map(|p| p.parse::<u16>().map_err(|_| bad_port(p))).transpose()?;
    Ok((host.to_string(), port))
}

fn remove(target: &str) -> anyhow::Result<ExitCode> {
    let (host, port) = parse_target(target)?;
    let removed =
        known_hosts::forget(&host, port).with_context(|| format!("cannot rewrite {}", known_hosts::shown_path()))?;
    if removed == 0 {
        errln!("ftps: trust remove: nothing remembered for {} in {}", printable(target), known_hosts::shown_path());
        return Ok(exit::code(exit::REMOTE_NOT_FOUND));
    }
    errln!(
        "ftps: forgot {removed} entr{} for {} in {}",
        if removed == 1 { "y" } else { "ies" },
        printable(target),
        known_hosts::shown_path()
    );
    Ok(exit::code(exit::OK))
}

fn trust(app: &App, url: &str, expect: Option<&str>) -> anyhow::Result<ExitCode> {
    if let Some(e) = expect {
        super::check_fingerprint("--expect", e)?;
    }
    let url = FtpUrl::parse(url)?;
    if app.insecure_for(&url) {
        return Err(Error::InvalidArgument(
            "trust judges the server's certificate itself; drop --insecure (from the command line or the site)".into(),
        )
        .into());
    }
    let label = known_hosts::key(&url.host, url.port);
    let opts = app.options_without_login(&url)?;
    let known = opts.tls.options.trust.known.clone();
    let chain =
        Session::inspect_certificates(&opts).with_context(|| format!("fetching the certificates of {label}"))?;
    let Some(leaf) = chain.first() else {
        return Err(Error::Protocol(format!("{label} presented no certificate")).into());
    };
    show(&label, &chain)?;

    if !known.is_empty() {
        if known.iter().any(|k| leaf.matches(k)) {
            errln!("ftps: {label} is already remembered with this certificate; nothing to do");
            return Ok(exit::code(exit::OK));
        }
        errln!(
            "ftps: {label} is remembered with a different key ({}); if the change is expected, \
             run `ftps trust remove {label}` first",
            known.join(", ")
        );
        return Ok(exit::code(exit::TLS));
    }
    if !leaf.problems.is_empty() && !leaf.issuer_only {
        errln!(
            "ftps: not remembered: a remembered certificate must still be valid for the host name and dates, \
             and this one is not: {}",
            leaf.problems.join("; ")
        );
        return Ok(exit::code(exit::TLS));
    }
    let (stored, kind) = known_hosts::stored_fingerprint(leaf);
    match expect {
        Some(e) if !leaf.matches(e) => {
            errln!(
                "ftps: not remembered: {e} matches neither the certificate ({}) nor its public key ({}); \
                 check where the expected fingerprint came from",
                leaf.fingerprint,
                leaf.spki_fingerprint.as_deref().unwrap_or("unknown")
            );
            return Ok(exit::code(exit::TLS));
        }
        Some(_) => {}
        None if std::io::stdin().is_terminal() && term::stderr_is_terminal() => {
            term::stderr_prompt(&format!("Remember the {kind} of {label} ({stored})? [y/N] "));
            let mut answer = String::new();
            // An answer is a short line; a bound keeps a pasted stream from filling memory.
            let read = std::io::stdin().lock().take(1024).read_line(&mut answer);
            if !(read.is_ok() && matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")) {
                errln!("ftps: nothing remembered");
                return Ok(exit::code(exit::GENERAL));
            }
        }
        None => {
            errln!(
                "ftps: not remembered: without a terminal nobody confirmed it; compare the fingerprints above \
                 with ones obtained another way (e.g. from the server's administrator) and run again with \
                 --expect sha256:HEX (the certificate's or the public key's)"
            );
            return Ok(exit::code(exit::USAGE));
        }
    }
    let path = known_hosts::remember(&url.host, url.port, &stored, kind)
        .with_context(|| format!("cannot store the trusted certificate in {}", known_hosts::shown_path()))?;
    errln!("ftps: remembered {label} ({kind} {stored}) in {}", path.display());
    Ok(exit::code(exit::OK))
}

/// The chain, server's own certificate first, and what verification says.
fn show(label: &str, chain: &[CertInfo]) -> anyhow::Result<()> {
    let mut out = term::stdout();
    let write = |out: &mut dyn Write, chain: &[CertInfo]| -> std::io::Result<()> {
        writeln!(out, "certificates presented by {label}:")?;
        for (i, cert) in chain.iter().enumerate() {
            let role = if i == 0 { " (the server's own)" } else { "" };
            writeln!(out, "certificate {}{role}:", i + 1)?;
            // CertInfo's Display keeps each field on one line; stdout() escapes the rest.
            writeln!(out, "{cert}")?;
        }
        match chain.first() {
            Some(leaf) if leaf.problems.is_empty() => {
                writeln!(out, "verification: passed (remembering it also refuses any other key for {label})")?
            }
            Some(leaf) => {
                writeln!(out, "verification failed:")?;
                for p in &leaf.problems {
                    writeln!(out, "  - {p}")?;
                }
            }
            None => {}
        }
        out.flush()
    };
    write(&mut out, chain).context("writing the certificates")
}

fn expiry_text(host: &str, cert: &CertInfo, days: i64) -> String {
    let date = cert
        .validity
        .and_then(|(_, to)| chrono::DateTime::from_timestamp(to, 0))
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| cert.not_after.clone());
    let when = match days {
        0 => "in less than a day".to_string(),
        1 => "in 1 day".to_string(),
        n => format!("in {n} days"),
    };
    format!(
        "the server certificate of {} expires {when} ({date}); renew it before then, \
         or connections will fail from that date",
        super::printable(host)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_host_and_optional_port() {
        let ok = |t: &str| parse_target(t).unwrap();
        assert_eq!(ok("ftp.example.com"), ("ftp.example.com".into(), None));
        assert_eq!(ok("ftp.example.com:2121"), ("ftp.example.com".into(), Some(2121)));
        assert_eq!(ok("[::1]:990"), ("::1".into(), Some(990)));
        assert_eq!(ok("[::1]"), ("::1".into(), None));
        assert_eq!(ok("::1"), ("::1".into(), None));
        assert!(parse_target("host:port").is_err());
        assert!(parse_target("host:99999").is_err());
        assert!(parse_target(":21").is_err());
        assert!(parse_target("[::1").is_err());
        assert!(parse_target("[::1]x").is_err());
    }

    #[test]
    fn expiry_text_names_host_days_and_date() {
        let mut cert = CertInfo::from_der(b"junk");
        cert.validity = Some((0, 86_400 * 10));
        let text = expiry_text("ftp.example\u{1b}]", &cert, 10);
        assert!(text.contains("expires in 10 days (1970-01-11 00:00 UTC)"), "{text}");
        assert!(text.contains("renew it before"), "{text}");
        assert!(!text.contains('\u{1b}'), "server-influenced text is escaped: {text}");
        assert!(expiry_text("h", &cert, 0).contains("in less than a day"));
    }
}
