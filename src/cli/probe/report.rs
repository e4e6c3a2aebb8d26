//! What the probe found: the `--json` object, and its text form.

use std::io::Write;

use serde::Serialize;

use crate::cli::printable;
use crate::cli::term::errln;

/// The `--json` object; field names are documented in the README and stable.
#[derive(Debug, Default, Serialize)]
pub(super) struct Report {
    pub(super) ok: bool,
    pub(super) host: String,
    pub(super) port: u16,
    /// "implicit" or "explicit": what the port speaks, which the steps
    /// after "mode" used.
    pub(super) mode: &'static str,
    /// The mode the URL asked for.
    pub(super) url_mode: &'static str,
    /// The URL's mode is not the port's: the "mode" step failed, the probe
    /// went on in `mode`, and `ok` is false whatever followed.
    pub(super) mode_mismatch: bool,
    pub(super) peer: Option<String>,
    pub(super) tls: Option<Negotiated>,
    /// Versions the server completed a handshake with, each tried alone: "1.2", "1.3".
    pub(super) tls_versions: Vec<&'static str>,
    pub(super) certificate: Option<Certificate>,
    /// "ok", "failed" or "skipped" (no credentials).
    pub(super) login: &'static str,
    pub(super) features: Option<FeatureSummary>,
    /// Digest algorithms the server offers (`HASH` and X-commands), strongest
    /// first, as the draft names them: "SHA-256", "SHA-512", "SHA-1", "MD5", "CRC32".
    pub(super) hash_algorithms: Vec<&'static str>,
    pub(super) protection: Option<bool>,
    pub(super) listing_entries: Option<usize>,
    pub(super) passive_address: Option<String>,
    pub(super) passive_address_mismatch: Option<bool>,
    pub(super) tls13_tickets_control: Option<usize>,
    /// The same after the listing: one ticket spent on its data connection,
    /// plus any the server issued with it.
    pub(super) tls13_tickets_after_listing: Option<usize>,
    /// Whether a data connection that cannot resume the control connection's
    /// TLS session was refused (`null` before login).
    pub(super) session_reuse_required: Option<bool>,
    /// What the server answered to it, when it refused.
    pub(super) reuse_refusal: Option<String>,
    /// Whether commands were pipelined (`null` before login), and why:
    /// "known_in_order", "not_known" or "out_of_order" (caught during the probe).
    pub(super) pipelining: Option<bool>,
    pub(super) pipelining_reason: Option<&'static str>,
    /// "ok", "failed" or "not_tested" (no `--write`, or the probe stopped before).
    pub(super) uploads: &'static str,
    pub(super) write: Option<WriteReport>,
    pub(super) steps: Vec<Step>,
}

/// What `--write` did.
#[derive(Debug, Default, Serialize)]
pub(super) struct WriteReport {
    /// Where the scratch file went ("" is the login directory).
    pub(super) directory: String,
    /// Its final name, and the temporary one it was uploaded under.
    pub(super) file: String,
    pub(super) temp: String,
    pub(super) bytes: u64,
    /// The server's `SIZE` of the renamed file was compared.
    pub(super) size_checked: bool,
    /// The digest the server confirmed ("SHA-256"...), if it offers one.
    pub(super) digest: Option<&'static str>,
    /// A scratch file the server did not let the probe remove.
    pub(super) left_behind: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct Negotiated {
    pub(super) version: String,
    pub(super) cipher: String,
    /// Key exchange group, e.g. "X25519" (absent when the library cannot tell).
    pub(super) group: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct Certificate {
    pub(super) subject: String,
    pub(super) issuer: String,
    pub(super) names: Vec<String>,
    pub(super) not_before: String,
    pub(super) not_after: String,
    pub(super) days_left: Option<i64>,
    pub(super) sha256: String,
    pub(super) public_key_sha256: Option<String>,
    /// Verified for the host typed (CA, pin or known host).
    pub(super) verified: bool,
    pub(super) problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct FeatureSummary {
    pub(super) mlsd: bool,
    pub(super) mfmt: bool,
    pub(super) mdtm: bool,
    pub(super) size: bool,
    pub(super) rest_stream: bool,
    pub(super) utf8: bool,
    pub(super) epsv: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct Step {
    pub(super) name: &'static str,
    pub(super) ok: bool,
    pub(super) ms: u64,
    pub(super) detail: String,
    /// What to do about it: the next step for a failure, or a note for a
    /// finding that blocks nothing here but would elsewhere.
    pub(super) hint: Option<String>,
    /// An informative "no" (a TLS version not offered, a delete refused):
    /// `ok` stays true, the text form says "no".
    #[serde(skip)]
    pub(super) no: bool,
}

/// What deserves attention although nothing failed.
pub(super) fn warnings(r: &Report) {
    // A coming expiry is warned about by every run (cli::trust::expiry_notice),
    // probe included; what is left here is one that already happened.
    if let Some(days) = r.certificate.as_ref().and_then(|c| c.days_left)
        && days < 0
    {
        errln!("ftps: probe: the server certificate expired {} days ago; the server must renew it", -days);
    }
    if r.passive_address_mismatch == Some(true) {
        errln!(
            "ftps: probe: WARNING: the server announces a passive address other than its own ({}); ftps \
             ignores it and connects to the control peer, but other clients will fail: set the server's \
             masquerade/passive address (vsftpd pasv_address, ProFTPD MasqueradeAddress)",
            r.passive_address.as_deref().unwrap_or("?")
        );
    }
}

pub(super) fn write_text(out: &mut dyn Write, r: &Report) -> std::io::Result<()> {
    let mismatch = if r.mode_mismatch { format!("; the URL asked for {} FTPS", r.url_mode) } else { String::new() };
    writeln!(out, "probe of {} ({} FTPS{mismatch})", crate::url::authority(&r.host, r.port), r.mode)?;
    for s in &r.steps {
        let verdict = match (s.ok, s.no) {
            (false, _) => "FAILED",
            (true, true) => "no",
            (true, false) => "ok",
        };
        writeln!(out, "  {:<8} {:<6} {:>6} ms  {}", s.name, verdict, s.ms, printable(&s.detail))?;
        if let Some(hint) = &s.hint {
            writeln!(out, "  {:<8} next step: {}", "", printable(hint))?;
        }
    }
    if let Some(c) = &r.certificate {
        writeln!(out, "certificate ({}):", if c.verified { "verified for this host" } else { "NOT verified" })?;
        writeln!(out, "  subject:     {}", printable(&c.subject))?;
        writeln!(out, "  issuer:      {}", printable(&c.issuer))?;
        writeln!(out, "  names:       {}", printable(&c.names.join(", ")))?;
        let left = c.days_left.map(|d| format!(" ({d} days left)")).unwrap_or_default();
        writeln!(out, "  valid:       {} to {}{left}", c.not_before, c.not_after)?;
        writeln!(out, "  sha256:      {}", c.sha256)?;
        if let Some(k) = &c.public_key_sha256 {
            writeln!(out, "  public key:  {k}")?;
        }
        for problem in &c.problems {
            writeln!(out, "  problem:     {}", printable(problem))?;
        }
    }
    let versions = if r.tls_versions.is_empty() { "none".into() } else { r.tls_versions.join(", ") };
    writeln!(out, "TLS versions accepted: {versions}")?;
    writeln!(out, "login: {}", r.login)?;
    if let Some(f) = &r.features {
        let on = |b: bool| if b { "yes" } else { "no" };
        writeln!(
            out,
            "features: MLSD {} MFMT {} MDTM {} SIZE {} REST STREAM {} UTF8 {} EPSV {}",
            on(f.mlsd),
            on(f.mfmt),
            on(f.mdtm),
            on(f.size),
            on(f.rest_stream),
            on(f.utf8),
            on(f.epsv)
        )?;
        let digests = if r.hash_algorithms.is_empty() { "none".into() } else { r.hash_algorithms.join(", ") };
        writeln!(out, "digests (HASH / X-commands): {digests}")?;
    }
    if let Some(t) = r.tls13_tickets_control {
        let after =
            r.tls13_tickets_after_listing.map(|a| format!(" ({a} unused after the listing)")).unwrap_or_default();
        writeln!(out, "TLS 1.3 tickets received on the control connection: {t}{after}")?;
    }
    if let Some(line) = pipelining_line(r) {
        writeln!(out, "pipelining: {line}")?;
    }
    writeln!(out, "uploads: {}", uploads_line(r))?;
    if let Some(required) = r.session_reuse_required {
        writeln!(out, "TLS session reuse on data connections: {}", if required { "required" } else { "not required" })?;
    }
    if let (Some(a), Some(m)) = (&r.passive_address, r.passive_address_mismatch) {
        let verdict =
            if m { "DIFFERS from the control peer (NAT misconfiguration?)" } else { "matches the control peer" };
        writeln!(out, "passive address: {a} {verdict}")?;
    }
    if r.mode_mismatch {
        let scheme = if r.mode == "implicit" { "ftps://" } else { "ftpes://" };
        writeln!(
            out,
            "mode: MISMATCH: the port speaks {} FTPS, the URL asked for {}; use {scheme} (the steps after \"mode\" ran in {} mode)",
            r.mode, r.url_mode, r.mode
        )?;
    }
    writeln!(out, "verdict: {}", verdict(r))
}

/// The verdict line claims only what was tried.
fn verdict(r: &Report) -> &'static str {
    match (r.ok, r.login, r.uploads) {
        (false, ..) => "FAILED",
        (true, "skipped", _) => "ok (login not tested: no credentials)",
        (true, _, "ok") => "ok (listings and uploads work)",
        (true, ..) => "ok (listings work; uploads not tested: --write tries one)",
    }
}

fn pipelining_line(r: &Report) -> Option<&'static str> {
    Some(match (r.pipelining?, r.pipelining_reason) {
        (true, _) => "yes (server known to answer in order)",
        (false, Some("out_of_order")) => {
            "no: the server answered out of order (ftps now sends it one command at a time)"
        }
        (false, _) => "no: one command at a time (server not known to answer in order)",
    })
}

fn uploads_line(r: &Report) -> String {
    let at = || r.steps.iter().rev().find(|s| !s.ok).map(|s| s.name).unwrap_or("?");
    match (r.uploads, &r.write) {
        ("ok", Some(w)) => {
            let digest = w.digest.map(|d| format!(", {d}")).unwrap_or_default();
            let size = if w.size_checked { ", SIZE" } else { "" };
            match &w.left_behind {
                None => format!("ok (stored, renamed, checked{size}{digest}, deleted)"),
                Some(left) => format!("ok (stored, renamed, checked{size}{digest}); not deleted: {left} stays"),
            }
        }
        ("failed", _) => format!("FAILED at step \"{}\"", at()),
        _ if r.login == "ok" => "not tested (--write tests them)".into(),
        _ => "not tested".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_claims_only_what_was_tried() {
        let mut r = Report { ok: true, login: "ok", uploads: "not_tested", ..Report::default() };
        assert_eq!(verdict(&r), "ok (listings work; uploads not tested: --write tries one)");
        assert_eq!(uploads_line(&r), "not tested (--write tests them)");
        r.uploads = "ok";
        assert_eq!(verdict(&r), "ok (listings and uploads work)");
        r.ok = false;
        assert_eq!(verdict(&r), "FAILED");
    }

    #[test]
    fn pipelining_says_why() {
        let mut r = Report { pipelining: Some(true), pipelining_reason: Some("known_in_order"), ..Report::default() };
        assert_eq!(pipelining_line(&r), Some("yes (server known to answer in order)"));
        r.pipelining = Some(false);
        r.pipelining_reason = Some("not_known");
        assert!(pipelining_line(&r).is_some_and(|l| l.starts_with("no: one command at a time")));
        r.pipelining_reason = Some("out_of_order");
        assert!(pipelining_line(&r).is_some_and(|l| l.starts_with("no: the server answered out of order")));
        r.pipelining = None;
        assert_eq!(pipelining_line(&r), None);
    }
}
