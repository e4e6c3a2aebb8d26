//! `ftps probe URL [--json] [--write]`: why a server does or does not work
//! with FTPS.
//!
//! Each step is timed and reported; the first blocking failure ends the
//! probe with its own exit code and the advice the other commands give for
//! it, so a cron job or an operator gets the same verdict `ls` would, plus
//! the next step to try ([`advice`]). Steps that only inform (which TLS
//! versions are accepted, the passive address, whether deletes are allowed)
//! never block: a failure is only what stops a transfer. Without
//! credentials (no user in the URL, `-u`, netrc or the config) the probe
//! stops after TLS and exits 0: everything that can be known without
//! logging in was checked and passed. Uploads are tested only when asked
//! (`--write`, [`write`]), and the verdict says whether they were.
//!
//! One failure does not end it: a URL of the wrong FTPS mode. The port has
//! told which mode it speaks, so the probe goes on in that mode and reports
//! both; the verdict stays FAILED, with the exit code `ls` would give that
//! URL, since the URL as typed does not work.

mod advice;
mod report;
mod write;

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use super::{App, exit};
use crate::cli::term::errln;
use crate::error::Error;
use crate::ops::list;
use crate::session::control::{Active, ConnectOptions, Handshake, Session, handshake_only};
use crate::tls::{CertInfo, Offer, TlsVersion};
use crate::url::FtpUrl;
use crate::wire::Command;
use crate::wire::text::parse_pasv;
use report::{Certificate, FeatureSummary, Negotiated, Report, Step, warnings, write_text};

struct Probe {
    report: Report,
    /// The "mode" step's failure, when the probe went on in the other mode.
    mismatch: Option<Error>,
    advice: advice::Context,
}

impl Probe {
    /// Runs `f` as step `name`, recording its time and outcome, and the
    /// next step when it failed.
    fn step<T>(&mut self, name: &'static str, f: impl FnOnce() -> crate::Result<T>) -> crate::Result<T> {
        let started = Instant::now();
        let result = f();
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (detail, hint) = match &result {
            Ok(_) => (String::new(), None),
            Err(e) => (e.to_string(), advice::for_failure(name, e, &self.advice)),
        };
        self.report.steps.push(Step { name, ok: result.is_ok(), ms, detail, hint, no: false });
        result
    }

    /// Adds what went well to the last step's line.
    fn note(&mut self, detail: String) {
        if let Some(last) = self.report.steps.last_mut() {
            last.detail = detail;
        }
    }

    /// Makes the last step an informative "no": what it found blocks no transfer.
    fn informative(&mut self, detail: String) {
        if let Some(last) = self.report.steps.last_mut() {
            last.ok = true;
            last.no = true;
            last.detail = detail;
        }
    }
}

pub fn run(app: &App, url: &str, json: bool, write: bool) -> anyhow::Result<ExitCode> {
    let url = FtpUrl::parse(url)?;
    let (opts, credentials) = options(app, &url)?;
    let order = opts.order.clone();
    let (host, port) = (opts.host.clone(), opts.port);
    let mode = mode_name(url.implicit);
    let mut p = Probe {
        report: Report {
            host: url.host.clone(),
            port: url.port,
            mode,
            url_mode: mode,
            login: "skipped",
            uploads: "not_tested",
            ..Report::default()
        },
        mismatch: None,
        advice: advice::Context { active: opts.active.is_some(), dir: url.path.clone(), scratch: None },
    };
    let outcome = probe(&mut p, opts, &url, credentials, write);
    if p.report.pipelining.is_some() && order.out_of_order(&host, port) {
        p.report.pipelining = Some(false);
        p.report.pipelining_reason = Some("out_of_order");
    }
    p.report.ok = outcome.is_ok() && p.mismatch.is_none();
    let mut out = super::term::stdout();
    if json {
        super::term::write_json(&mut out, &p.report, true)?;
    } else {
        write_text(&mut out, &p.report)?;
    }
    out.flush()?;
    warnings(&p.report);
    if let Some(wrong) = p.mismatch.take() {
        // Later failures are shown too, but the verdict is the URL's: the
        // exit code `ls` with this URL would give.
        if let Err(e) = outcome {
            let step = failed(&p.report).map(|s| s.name).unwrap_or("probe");
            let err = anyhow::Error::new(e).context(format!("probe (in {} mode): step {step:?} failed", p.report.mode));
            errln!("ftps: {}", super::render_error(&err));
            next_step(&p.report);
        }
        let err = anyhow::Error::new(wrong)
            .context(format!("probe: step \"mode\" failed (the steps after it ran in {} mode)", p.report.mode));
        errln!("ftps: {}", super::render_error(&err));
        return Ok(exit::code(exit::for_error(&err)));
    }
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
            let step = failed(&p.report).map(|s| s.name).unwrap_or("probe");
            let err = anyhow::Error::new(e).context(format!("probe: step {step:?} failed"));
            errln!("ftps: {}", super::render_error(&err));
            next_step(&p.report);
            Ok(exit::code(exit::for_error(&err)))
        }
    }
}

/// The step that ended the probe: the last that failed (informative
/// steps after it, such as "active", do not fail).
fn failed(r: &Report) -> Option<&Step> {
    r.steps.iter().rev().find(|s| !s.ok)
}

/// The failed step's next step, on stderr under its error.
fn next_step(r: &Report) {
    if let Some(hint) = failed(r).and_then(|s| s.hint.as_deref()) {
        errln!("ftps: probe: next step: {}", super::printable(hint));
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

fn mode_name(implicit: bool) -> &'static str {
    if implicit { "implicit" } else { "explicit" }
}

fn probe(p: &mut Probe, mut opts: ConnectOptions, url: &FtpUrl, credentials: bool, write: bool) -> crate::Result<()> {
    let opts = &mut opts;
    let tcp = p.step("tcp", || crate::stream::connect_via(opts.proxy.as_ref(), &opts.host, opts.port, opts.timeout))?;
    let peer = tcp.peer_addr().map(|a| a.to_string()).unwrap_or_default();
    drop(tcp);
    p.note(format!("connected to {peer}"));
    p.report.peer = Some(peer);

    let offer = opts.tls.offer(opts.tls.options.max_version);
    let mut shake = p.step("tls", || handshake_only(opts, offer));
    if let Err(Error::WrongMode { implicit, .. }) = &shake {
        // The port said what it speaks: the rest is diagnosed in that mode.
        if let Some(last) = p.report.steps.last_mut() {
            last.name = "mode";
        }
        opts.implicit = *implicit;
        p.report.mode = mode_name(*implicit);
        p.report.mode_mismatch = true;
        p.mismatch = shake.err();
        shake = p.step("tls", || handshake_only(opts, offer));
    }
    let shake = shake.inspect_err(|e| {
        if let Error::Tls { cert: Some(cert), .. } = e {
            p.report.certificate = Some(certificate(cert, false));
        }
    })?;
    let opts = &*opts;
    record_handshake(p, &shake);

    tls_versions(p, opts);
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
    p.report.pipelining = Some(session.pipelines());
    p.report.pipelining_reason = Some(if session.pipelines() { "known_in_order" } else { "not_known" });

    let listing =
        p.step("listing", || list::list(&mut session, &url.path)).inspect_err(|e| try_active(p, opts, url, e))?;
    p.report.listing_entries = Some(listing.entries.len());
    p.note(format!("{} entries over an encrypted data connection", listing.entries.len()));
    p.report.tls13_tickets_after_listing = Some(session.tls13_tickets());
    if write {
        write::run(p, &mut session, &url.path)?;
    }

    // Asked last: a PASV the probe does not use leaves the server listening.
    let control_peer = session.peer();
    let pasv = p.step("pasv", || session.expect(Command::Pasv, &[227]).and_then(|r| parse_pasv(&r)));
    match pasv {
        Ok((ip, port)) => {
            let announced = std::net::IpAddr::from(ip);
            p.report.passive_address = Some(format!("{announced}:{port}"));
            p.report.passive_address_mismatch = Some(announced != control_peer);
            p.note(format!("server announces {announced}:{port}"));
            if let Some(last) = p.report.steps.last_mut() {
                last.hint = advice::passive_address(announced, control_peer);
            }
        }
        // The listing's data connection worked (over EPSV): PASV is only for other clients.
        Err(e) => p.informative(format!("PASV refused; ftps uses EPSV: {e}")),
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
                last.hint = None;
                last.detail = format!("required: a data connection without resumption failed: {e}");
            }
        }
    }
    session.quit();
    Ok(())
}

/// One handshake offering only TLS 1.2, one only TLS 1.3. A version the
/// server does not speak blocks nothing while the other works.
fn tls_versions(p: &mut Probe, opts: &ConnectOptions) {
    let mut refused = Vec::new();
    for (v, name, short) in [(TlsVersion::V12, "tls1.2", "1.2"), (TlsVersion::V13, "tls1.3", "1.3")] {
        if p.step(name, || handshake_only(opts, Offer { min: v, max: v })).is_ok() {
            p.note(format!("{v} accepted"));
            p.report.tls_versions.push(short);
        } else {
            refused.push(p.report.steps.len() - 1);
        }
    }
    let [used] = p.report.tls_versions[..] else { return };
    for i in refused {
        if let Some(step) = p.report.steps.get_mut(i) {
            step.ok = true;
            step.no = true;
            step.hint = None;
            step.detail = format!("not offered by the server (fine: TLS {used} is used)");
        }
    }
}

/// Passive data connections did not get through: one listing in active
/// mode (a session of its own) tells whether `--active` is the way out,
/// so the advice is a finding rather than a guess. Informative: the
/// verdict stays the passive failure, which is what the URL as given does.
fn try_active(p: &mut Probe, opts: &ConnectOptions, url: &FtpUrl, e: &Error) {
    // Through a proxy the server cannot connect back to us.
    if opts.active.is_some() || opts.proxy.is_some() || !advice::passive_blocked(e) {
        return;
    }
    let listing = p.report.steps.len() - 1;
    let active = ConnectOptions { active: Some(Active::default()), ..opts.clone() };
    let tried = p.step("active", || {
        let mut session = Session::connect(active)?;
        let listed = list::list(&mut session, &url.path);
        session.quit();
        listed
    });
    let hint = match tried {
        Ok(l) => {
            p.note(format!("a listing in active mode worked ({} entries)", l.entries.len()));
            "passive data connections do not get through (a firewall or NAT between here and the server?), \
             active ones do: use --active"
        }
        Err(e) => {
            p.informative(format!("active mode failed too: {e}"));
            if let Some(last) = p.report.steps.last_mut() {
                last.hint = None;
            }
            "neither passive nor active data connections get through: a firewall between here and the server \
             blocks them (passive: the server's passive port range must be open to you; active: --port-range \
             with those ports open to the server)"
        }
    };
    if let Some(step) = p.report.steps.get_mut(listing) {
        step.hint = Some(hint.into());
    }
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
