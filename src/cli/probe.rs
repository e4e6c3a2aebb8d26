//! `ftps probe URL [--json]`: why a server does or does not work with FTPS.
//!
//! Each step is timed and reported; the first blocking failure ends the
//! probe with its own exit code and the advice the other commands give for
//! it, so a cron job or an operator gets the same verdict `ls` would. Steps
//! that only inform (which TLS versions are accepted, the passive address)
//! never block. Without credentials (no user in the URL, `-u`, netrc or the
//! config) the probe stops after TLS and exits 0: everything that can be
//! known without logging in was checked and passed.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use super::{App, exit, printable};
use crate::cli::term::errln;
use crate::error::Error;
use crate::ops::list;
use crate::session::control::{ConnectOptions, Handshake, Session, handshake_only};
use crate::tls::{CertInfo, Offer, TlsVersion};
use crate::url::FtpUrl;
use crate::wire::Command;
use crate::wire::text::parse_pasv;

/// The `--json` object; field names are documented in the README and stable.
#[derive(Debug, Default, Serialize)]
struct Report {
    ok: bool,
    host: String,
    port: u16,
    /// "implicit" or "explicit": the URL's mode (a wrong one fails the "mode" step).
    mode: &'static str,
    peer: Option<String>,
    tls: Option<Negotiated>,
    /// Versions the server completed a handshake with, each tried alone: "1.2", "1.3".
    tls_versions: Vec<&'static str>,
    certificate: Option<Certificate>,
    /// "ok", "failed" or "skipped" (no credentials).
    login: &'static str,
    features: Option<FeatureSummary>,
    /// Digest algorithms the server offers (`HASH` and X-commands), strongest
    /// first, as the draft names them: "SHA-256", "SHA-512", "SHA-1", "MD5", "CRC32".
    hash_algorithms: Vec<&'static str>,
    protection: Option<bool>,
    listing_entries: Option<usize>,
    passive_address: Option<String>,
    passive_address_mismatch: Option<bool>,
    tls13_tickets_control: Option<usize>,
    /// The same after the listing: one ticket spent on its data connection,
    /// plus any the server issued with it.
    tls13_tickets_after_listing: Option<usize>,
    /// Whether a data connection that cannot resume the control connection's
    /// TLS session was refused (`null` before login).
    session_reuse_required: Option<bool>,
    /// What the server answered to it, when it refused.
    reuse_refusal: Option<String>,
    steps: Vec<Step>,
}

#[derive(Debug, Serialize)]
struct Negotiated {
    version: String,
    cipher: String,
    /// Key exchange group, e.g. "X25519" (absent when the library cannot tell).
    group: Option<String>,
}

#[derive(Debug, Serialize)]
struct Certificate {
    subject: String,
    issuer: String,
    names: Vec<String>,
    not_before: String,
    not_after: String,
    days_left: Option<i64>,
    sha256: String,
    public_key_sha256: Option<String>,
    /// Verified for the host typed (CA, pin or known host).
    verified: bool,
    problems: Vec<String>,
}

#[derive(Debug, Serialize)]
struct FeatureSummary {
    mlsd: bool,
    mfmt: bool,
    mdtm: bool,
    size: bool,
    rest_stream: bool,
    utf8: bool,
    epsv: bool,
}

#[derive(Debug, Serialize)]
struct Step {
    name: &'static str,
    ok: bool,
    ms: u64,
    detail: String,
}

struct Probe {
    report: Report,
}

impl Probe {
    /// Runs `f` as step `name`, recording its time and outcome.
    fn step<T>(&mut self, name: &'static str, f: impl FnOnce() -> crate::Result<T>) -> crate::Result<T> {
        let started = Instant::now();
        let result = f();
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let detail = match &result {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        };
        self.report.steps.push(Step { name, ok: result.is_ok(), ms, detail });
        result
    }

    /// Adds what went well to the last step's line.
    fn note(&mut self, detail: String) {
        if let Some(last) = self.report.steps.last_mut() {
            last.detail = detail;
        }
    }
}

pub fn run(app: &App, url: &str, json: bool) -> anyhow::Result<ExitCode> {
    let url = FtpUrl::parse(url)?;
    let (opts, credentials) = options(app, &url)?;
    let mut p = Probe {
        report: Report {
            host: url.host.clone(),
            port: url.port,
            mode: if url.implicit { "implicit" } else { "explicit" },
            login: "skipped",
            ..Report::default()
        },
    };
    let outcome = probe(&mut p, &opts, &url, credentials);
    p.report.ok = outcome.is_ok();
    let mut out = super::term::stdout();
    if json {
        super::term::write_json(&mut out, &p.report, true)?;
    } else {
        write_text(&mut out, &p.report)?;
    }
    out.flush()?;
    warnings(&p.report);
    match outcome {
        Ok(()) => {
            if !credentials {
                errln!(
                    "ftps: probe: login skipped (no credentials): put the user in the URL or -u, \
                     and the password in --password-file, --password-command, FTPS_PASSWORD or netrc"
                );
            }
            Ok(exit::code(exit::OK))
        }
        Err(e) => {
            let step = p.report.steps.last().map(|s| s.name).unwrap_or("probe");
            let err = anyhow::Error::new(e).context(format!("probe: step {step:?} failed"));
            errln!("ftps: {}", super::render_error(&err));
            Ok(exit::code(exit::for_error(&err)))
        }
    }
}

/// The session options, and whether there are credentials to log in with.
/// Without any, a placeholder login stands in: it is never sent.
fn options(app: &App, url: &FtpUrl) -> anyhow::Result<(ConnectOptions, bool)> {
    // Without a user anywhere the login would be anonymous, which FTPS
    // servers almost always refuse: that verdict would be about the probe,
    // not the server. `-u anonymous` probes an anonymous login.
    let named = url.user.is_some() || app.user_for(url).is_some();
    match app.options_for(url) {
        Ok(o) => {
            let credentials = named || o.user != "anonymous";
            Ok((o, credentials))
        }
        Err(e) if e.chain().any(|c| matches!(c.downcast_ref::<Error>(), Some(Error::NoPassword { .. }))) => {
            let mut anon = url.clone();
            anon.user = Some(anon.user.unwrap_or_else(|| "anonymous".into()));
            anon.password = Some(crate::secret::Secret::new(""));
            Ok((app.options_for(&anon)?, false))
        }
        Err(e) => Err(e),
    }
}

fn probe(p: &mut Probe, opts: &ConnectOptions, url: &FtpUrl, credentials: bool) -> crate::Result<()> {
    let tcp = p.step("tcp", || crate::stream::connect_via(opts.proxy.as_ref(), &opts.host, opts.port, opts.timeout))?;
    let peer = tcp.peer_addr().map(|a| a.to_string()).unwrap_or_default();
    drop(tcp);
    p.note(format!("connected to {peer}"));
    p.report.peer = Some(peer);

    let offer = opts.tls.offer(opts.tls.options.max_version);
    let shake = p.step("tls", || handshake_only(opts, offer));
    let shake = match shake {
        Ok(h) => h,
        Err(e) => {
            if let Some(last) = p.report.steps.last_mut()
                && matches!(e, Error::WrongMode { .. })
            {
                last.name = "mode";
            }
            if let Error::Tls { cert: Some(cert), .. } = &e {
                p.report.certificate = Some(certificate(cert, false));
            }
            return Err(e);
        }
    };
    record_handshake(p, &shake);

    for v in [TlsVersion::V12, TlsVersion::V13] {
        let name = if v == TlsVersion::V12 { "tls1.2" } else { "tls1.3" };
        if p.step(name, || handshake_only(opts, Offer { min: v, max: v })).is_ok() {
            p.note(format!("{v} accepted"));
            p.report.tls_versions.push(if v == TlsVersion::V12 { "1.2" } else { "1.3" });
        }
    }
    if !credentials {
        return Ok(());
    }

    let mut session = p.step("login", || Session::connect(opts.clone())).inspect_err(|_| p.report.login = "failed")?;
    p.report.login = "ok";
    // The login's own choice (e.g. TLS 1.2 for a server stingy with TLS 1.3
    // tickets) is what transfers will use.
    let used = session.control_tls();
    let version = used.as_ref().map(|t| format!(", control connection {} {}", t.version, t.cipher)).unwrap_or_default();
    p.note(format!("logged in as {}{version}", opts.user));
    if let Some(t) = used {
        p.report.tls = Some(Negotiated { version: t.version, cipher: t.cipher, group: t.group });
    }
    let f = &session.features;
    p.report.features = Some(FeatureSummary {
        mlsd: f.mlsd,
        mfmt: f.mfmt,
        mdtm: f.mdtm,
        size: f.size,
        rest_stream: f.rest_stream,
        utf8: f.utf8,
        epsv: f.epsv,
    });
    p.report.hash_algorithms = crate::wire::digest::Algo::STRONGEST_FIRST
        .into_iter()
        .filter(|a| f.hash.contains(a) || f.x_digests.contains(a))
        .map(|a| a.name())
        .collect();
    // The session refuses to log in unless PROT P was accepted.
    p.report.protection = Some(true);
    p.report.tls13_tickets_control = Some(session.tls13_tickets());

    let listing = p.step("listing", || list::list(&mut session, &url.path))?;
    p.report.listing_entries = Some(listing.entries.len());
    p.note(format!("{} entries over an encrypted data connection", listing.entries.len()));
    p.report.tls13_tickets_after_listing = Some(session.tls13_tickets());

    // Asked last: a PASV the probe does not use leaves the server listening.
    let control_peer = session.peer();
    let pasv = p.step("pasv", || session.expect(Command::Pasv, &[227]).and_then(|r| parse_pasv(&r)));
    if let Ok((ip, port)) = pasv {
        let announced = std::net::IpAddr::from(ip);
        p.report.passive_address = Some(format!("{announced}:{port}"));
        p.report.passive_address_mismatch = Some(announced != control_peer);
        p.note(format!("server announces {announced}:{port}"));
    }
    // Last: vsftpd may drop the whole session after refusing the connection.
    let reuse = p.step("reuse", || fresh_data_connection(&mut session));
    match reuse {
        Ok(()) => {
            p.report.session_reuse_required = Some(false);
            p.note("a data connection without TLS session resumption was accepted".into());
        }
        Err(e) => {
            p.report.session_reuse_required = Some(true);
            p.report.reuse_refusal = Some(e.to_string());
            // Informative, not a failure: ftps always resumes.
            if let Some(last) = p.report.steps.last_mut() {
                last.ok = true;
                last.detail = format!("required: a data connection without resumption failed: {e}");
            }
        }
    }
    session.quit();
    Ok(())
}

/// One listing over a data connection whose TLS cannot resume the control
/// session, read to its end: whether the server insists on session reuse.
fn fresh_data_connection(session: &mut Session) -> crate::Result<()> {
    let tls = session.unresumable_tls()?;
    let mut data = session.open_data_fast(Command::List(None), None, Some(tls))?;
    data.read_into(&mut std::io::sink(), Some(list::MAX_LISTING_BYTES), &mut |_| {})?;
    drop(data.finish_read());
    session.finish_data("LIST").map(|_| ())
}

fn record_handshake(p: &mut Probe, h: &Handshake) {
    if let Some(t) = &h.tls {
        p.report.tls =
            Some(Negotiated { version: t.version.clone(), cipher: t.cipher.clone(), group: t.group.clone() });
        let group = t.group.as_deref().map(|g| format!(", key exchange {g}")).unwrap_or_default();
        p.note(format!(
            "{} {}{group} ({} mode, TCP connect {} ms)",
            t.version,
            t.cipher,
            p.report.mode,
            h.connect.as_millis()
        ));
    }
    if let Some(c) = &h.cert {
        p.report.certificate = Some(certificate(c, true));
    }
}

fn certificate(c: &CertInfo, verified: bool) -> Certificate {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Certificate {
        subject: c.subject.clone(),
        issuer: c.issuer.clone(),
        names: c.names.clone(),
        not_before: c.not_before.clone(),
        not_after: c.not_after.clone(),
        days_left: c.validity.map(|(_, until)| until.saturating_sub(now).div_euclid(86_400)),
        sha256: c.fingerprint.clone(),
        public_key_sha256: c.spki_fingerprint.clone(),
        verified,
        problems: c.problems.clone(),
    }
}

/// What deserves attention although nothing failed.
fn warnings(r: &Report) {
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

fn write_text(out: &mut dyn Write, r: &Report) -> std::io::Result<()> {
    writeln!(out, "probe of {} ({} FTPS)", crate::url::authority(&r.host, r.port), r.mode)?;
    for s in &r.steps {
        let verdict = if s.ok { "ok" } else { "FAILED" };
        writeln!(out, "  {:<8} {:<6} {:>6} ms  {}", s.name, verdict, s.ms, printable(&s.detail))?;
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
    if let Some(required) = r.session_reuse_required {
        writeln!(out, "TLS session reuse on data connections: {}", if required { "required" } else { "not required" })?;
    }
    if let (Some(a), Some(m)) = (&r.passive_address, r.passive_address_mismatch) {
        let verdict =
            if m { "DIFFERS from the control peer (NAT misconfiguration?)" } else { "matches the control peer" };
        writeln!(out, "passive address: {a} {verdict}")?;
    }
    writeln!(out, "verdict: {}", if r.ok { "ok" } else { "FAILED" })
}
