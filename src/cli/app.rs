//! What every command needs, built once per run: the global options, the
//! TLS trust and login profile for each server (a configured site's own
//! profile for its server only), the trace sink, the shared cancel flag and
//! rate buckets, and how a session to a URL is opened.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::args::{Global, TlsVer};
use super::term::errln;
use super::{args, auth, check_fingerprint, config, known_hosts, printable, trust};
use crate::error::Error;
use crate::ops::retry::{RetryPolicy, retry_by, with_retries};
use crate::session::control::{ConnectOptions, Session};
use crate::session::trace::Trace;
use crate::tls::{TlsContext, TlsOptions, TlsVersion, Trust};
use crate::url::FtpUrl;

/// What every command needs: global flags, TLS trust, the trace sink.
pub(crate) struct App {
    pub global: Global,
    /// Login and trust for any server the command names ...
    base: Profile,
    /// ... except the configured site's, which gets its own.
    site: Option<(config::SiteScope, Profile)>,
    /// `-u` typed (else it came from the config, and a URL's user wins).
    pub(super) user_typed: bool,
    trace: Trace,
    /// Shared by every session of this run; a Ctrl-C handler may set it.
    pub cancel: Arc<AtomicBool>,
    /// The run's bandwidth buckets, shared by every session built here.
    rates: crate::ratelimit::Rates,
    /// Servers found answering pipelined commands out of order, for every
    /// session of this run.
    order: crate::session::control::Learned,
    /// `--compress`, shared by every session built here.
    compress: Option<crate::session::compress::Ask>,
    /// `--receipt`'s writer, key loaded, for the commands that transfer.
    pub(super) receipt: Option<Arc<crate::receipt::Writer>>,
}

/// `--compress` for a run: a server without `MODE Z` is named once on
/// stderr (a notice, not an error: the transfers go on uncompressed; so
/// `--quiet`, which prints only errors, leaves it out).
fn compress_notice(quiet: bool) -> crate::session::compress::Ask {
    let said = std::sync::Once::new();
    crate::session::compress::Ask::new(move |why| {
        if quiet {
            return;
        }
        said.call_once(|| match why {
            crate::session::compress::Unavailable::NotOffered => errln!(
                "ftps: note: the server does not offer MODE Z compression; transferring uncompressed \
                 (--compress has no effect on this server)"
            ),
            crate::session::compress::Unavailable::Refused(reply) => {
                errln!("ftps: note: the server refused MODE Z compression ({reply}); transferring uncompressed")
            }
        })
    })
}

/// Who to log in as and whom to trust, for one set of servers.
struct Profile {
    user: Option<String>,
    password: auth::Sources,
    tls: TlsContext,
    insecure: bool,
}

impl Profile {
    fn new(global: &Global, config_password: Option<crate::secret::Secret>, whose: &str) -> anyhow::Result<Self> {
        if global.insecure {
            errln!(
                "ftps: WARNING: --insecure{whose}: the server certificate is NOT verified; \
                 anyone on the network path can impersonate the server and read your password and files"
            );
        }
        for pin in &global.pin {
            check_fingerprint("--pin", pin)?;
        }
        let version = |v: TlsVer| match v {
            TlsVer::V12 => TlsVersion::V12,
            TlsVer::V13 => TlsVersion::V13,
        };
        if version(global.tls_min) > version(global.tls_max) {
            return Err(Error::InvalidArgument(
                "--tls-min 1.3 with --tls-max 1.2 leaves no TLS version to offer; \
                 drop one of them (or make them equal)"
                    .into(),
            )
            .into());
        }
        let tls = TlsContext::new(TlsOptions {
            ca_files: global.ca_file.clone(),
            crl_files: global.crl_file.clone(),
            insecure: global.insecure,
            min_version: version(global.tls_min),
            max_version: version(global.tls_max),
            trust: Trust { pins: global.pin.clone(), ..Trust::default() },
            client_cert: global.cert.clone().map(|cert| crate::tls::ClientCert {
                cert,
                key: global.key.clone(),
                passphrase: Some(auth::key_passphrase(
                    global.key_password_file.clone(),
                    global.key_password_command.clone(),
                    Duration::from_secs(global.timeout),
                )),
            }),
        })?
        .on_accepted(trust::expiry_notice());
        let password = auth::Sources {
            file: global.password_file.clone(),
            command: global.password_command.clone(),
            config: config_password,
            wait: Duration::from_secs(global.timeout),
        };
        Ok(Profile { user: global.user.clone(), password, tls, insecure: global.insecure })
    }
}

impl App {
    pub(super) fn new(global: &Global, site: Option<config::SiteScope>) -> anyhow::Result<Self> {
        let base = Profile::new(global, None, "")?;
        let site = match site {
            Some(scope) => {
                let whose = format!(" (site server {})", crate::url::authority(&scope.host, scope.port));
                let profile = Profile::new(&scope.global, scope.password.clone(), &whose)?;
                Some((scope, profile))
            }
            None => None,
        };
        auth::warn_about_argv_passwords(
            global.user.as_deref(),
            std::env::args_os().filter_map(|a| a.into_string().ok()),
        );
        // Only a proxy typed on this command line is visible in `ps`; one
        // from the config file or the environment is not.
        if let Some(text) = global.proxy.as_deref()
            && crate::stream::Proxy::parse(text).is_ok_and(|p| p.password.is_some())
            && std::env::args().any(|a| a == text || a.strip_prefix("--proxy=") == Some(text))
        {
            errln!(
                "ftps: WARNING: the proxy password in --proxy is visible to other local users (ps, shell history); \
                 prefer FTPS_PROXY or ALL_PROXY in the environment"
            );
        }
        let trace = if global.verbose {
            let start = Instant::now();
            Trace::new(move |line| {
                let t = start.elapsed().as_secs_f64();
                // One event, one line: nothing in it may start another.
                errln!("[{t:9.4}] {}", printable(line));
            })
        } else {
            Trace::default()
        };
        let rates = crate::ratelimit::Rates::new(global.limit_rate, global.limit_rate_up, global.limit_rate_down);
        Ok(App {
            global: global.clone(),
            compress: global.compress.then(|| compress_notice(global.quiet)),
            base,
            site,
            user_typed: true,
            order: Default::default(),
            trace,
            cancel: Arc::new(AtomicBool::new(false)),
            rates,
            receipt: None,
        })
    }

    /// The profile for a URL's server: the site's only for the site's own
    /// host and port, so its password and trust settings go nowhere else.
    fn profile(&self, url: &FtpUrl) -> &Profile {
        match &self.site {
            Some((scope, profile)) if scope.covers(url) => profile,
            _ => &self.base,
        }
    }

    /// The user name `-u` (or the config, for a URL that names none)
    /// gives for a URL.
    pub fn user_for(&self, url: &FtpUrl) -> Option<&str> {
        let from_config = !self.user_typed && url.user.is_some();
        self.profile(url).user.as_deref().filter(|_| !from_config)
    }

    /// Whether certificate checks are off for a URL's server.
    pub fn insecure_for(&self, url: &FtpUrl) -> bool {
        self.profile(url).insecure
    }

    /// Logs in to the server a URL names. A certificate no CA vouches for
    /// is checked against known hosts, or offered for trust at a terminal.
    pub fn connect(&self, url: &FtpUrl) -> anyhow::Result<Session> {
        let mut opts = self.options_for(url)?;
        let label = crate::url::authority(&url.host, url.port);
        // A link that breaks or stalls during the login is retried by the
        // same rule as a failed transfer; a refused TCP connect (nobody
        // listens) is reported at once, as before.
        let policy = RetryPolicy::new(self.global.retries);
        let allowed =
            |e: &Error| if e.is_transient() && !matches!(e, Error::Connect { .. }) { policy.retries } else { 0 };
        let what = format!("session with {label}");
        let mut report = self.retry_report(&what, &policy);
        let stop = || self.cancel.load(std::sync::atomic::Ordering::Relaxed);
        match retry_by(&policy, &allowed, &stop, &mut report, |_| Session::connect(opts.clone())) {
            Ok(s) => Ok(s),
            Err(Error::Tls { host, source: rustls::Error::InvalidCertificate(ce), cert }) => {
                let remembered = !opts.tls.options.trust.known.is_empty();
                let shown = cert.clone();
                let err = Error::Tls { host, source: rustls::Error::InvalidCertificate(ce.clone()), cert };
                opts.tls = match known_hosts::decide(&url.host, url.port, err, &ce, shown.as_deref(), remembered) {
                    known_hosts::Decision::Once(fp) => opts.tls.with_once(fp),
                    known_hosts::Decision::Remembered(fp) => opts.tls.with_known(vec![fp]),
                    known_hosts::Decision::Refuse(e) => return Err(e.context(format!("session with {label}"))),
                };
                Session::connect(opts).with_context(|| format!("session with {label}"))
            }
            Err(e) => {
                let hint = self.version_hint(&e);
                Err(anyhow::Error::new(e).context(format!("session with {label}{hint}")))
            }
        }
    }

    /// The fix for a server that refuses every version the flags leave.
    fn version_hint(&self, e: &Error) -> &'static str {
        use rustls::AlertDescription::{HandshakeFailure, ProtocolVersion};
        let refused =
            matches!(e, Error::Tls { source: rustls::Error::AlertReceived(ProtocolVersion | HandshakeFailure), .. });
        match (refused, self.global.tls_min, self.global.tls_max) {
            (true, TlsVer::V13, _) => " (the server refused TLS 1.3; without --tls-min 1.3 ftps would try TLS 1.2)",
            (true, _, TlsVer::V12) => " (the server refused TLS 1.2; without --tls-max 1.2 ftps would try TLS 1.3)",
            _ => "",
        }
    }

    pub fn verify(&self) -> crate::ops::digest::Verify {
        use crate::ops::digest::Verify;
        match self.global.verify {
            args::VerifyMode::Auto => Verify::Auto,
            args::VerifyMode::Require => Verify::Require,
            args::VerifyMode::Off => Verify::Off,
        }
    }

    /// Runs one operation with `--retries`, reporting each retry on stderr.
    pub fn retrying<T>(
        &self,
        s: &mut Session,
        what: &str,
        op: impl FnMut(&mut Session, bool) -> crate::Result<T>,
    ) -> crate::Result<T> {
        let policy = RetryPolicy::new(self.global.retries);
        let mut report = self.retry_report(what, &policy);
        with_retries(s, &policy, &mut report, op)
    }

    /// The one retry line on stderr (none with `--quiet`).
    fn retry_report<'a>(&self, what: &'a str, policy: &'a RetryPolicy) -> impl FnMut(u32, &Error, Duration) + 'a {
        let quiet = self.global.quiet;
        move |n, e, d| {
            if !quiet {
                errln!("ftps: {what}: {e}; retry {n} of {} in {:.1} s", policy.retries, d.as_secs_f64());
            }
        }
    }

    /// Resolves credentials once (prompting at most once) into options that
    /// any number of sessions, on any thread, can connect with.
    pub fn options_for(&self, url: &FtpUrl) -> anyhow::Result<ConnectOptions> {
        let profile = self.profile(url);
        let creds = auth::resolve(url, self.user_for(url), &profile.password).map_err(|e| match e {
            Error::NoPassword { .. } => anyhow::Error::new(e)
                .context("cannot log in (--password-file FILE or --password-command CMD can also supply the password)"),
            e => e.into(),
        })?;
        Ok(ConnectOptions { user: creds.user, password: creds.password, ..self.options_without_login(url)? })
    }

    /// Everything about reaching the server a URL names (TLS trust, proxy,
    /// timeouts) but no credentials: for looking at it before any login.
    pub fn options_without_login(&self, url: &FtpUrl) -> anyhow::Result<ConnectOptions> {
        let mut proxy = crate::stream::select_proxy(
            self.global.proxy.as_deref(),
            self.global.noproxy.as_deref(),
            &|k| std::env::var(k).ok(),
            &url.host,
            url.port,
        )?;
        if self.global.active && proxy.is_some() {
            return Err(Error::InvalidArgument(
                "--active cannot work through a proxy (the server would have to connect back past it); \
                 drop --active, or --proxy (or FTPS_PROXY/ALL_PROXY), or list the host in --noproxy or NO_PROXY"
                    .into(),
            )
            .into());
        }
        if let Some(p) = proxy.as_mut() {
            auth::proxy_credentials(p)?;
        }
        Ok(ConnectOptions {
            host: url.host.clone(),
            port: url.port,
            implicit: url.implicit,
            user: String::new(),
            password: crate::secret::Secret::new(""),
            timeout: Duration::from_secs(self.global.timeout),
            tls: self.profile(url).tls.with_known(known_hosts::lookup(&url.host, url.port)?),
            trace: self.trace.clone(),
            cancel: self.cancel.clone(),
            rates: self.rates.clone(),
            proxy,
            ascii: self.global.ascii,
            compress: self.compress.clone(),
            order: self.order.clone(),
            active: self.global.active.then_some(crate::session::control::Active {
                announce: self.global.active_address,
                ports: self.global.port_range,
            }),
        })
    }
}
