//! The command-line edge: argument parsing, messages, exit codes. The only
//! layer that prints or exits.

mod args;
mod ascii;
pub mod assets;
mod auth;
mod config;
pub mod exit;
mod get;
mod known_hosts;
mod lock;
pub(crate) mod ls;
mod many;
mod mirror;
mod oneshot;
mod probe;
pub(crate) mod progress;
mod put;
mod receipt;
mod shell;
pub(crate) mod term;
mod trust;

use std::io;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::Context;

pub use args::Cli;
use args::{Cmd, Global, TlsVer};

use crate::cli::term::errln;
use crate::error::Error;
use crate::ops::retry::{RetryPolicy, retry_by, with_retries};
use crate::session::control::{ConnectOptions, Session};
use crate::session::trace::Trace;
use crate::tls::{TlsContext, TlsOptions, TlsVersion, Trust};
use crate::url::FtpUrl;

/// Entry point for the binary: parse, run, map the outcome to an exit code.
pub fn main() -> ExitCode {
    let loaded = match config::load(std::env::args_os().collect()) {
        Ok(l) => l,
        Err(config::Failure::Usage(e)) => {
            let _ = e.print();
            return exit::code(if e.use_stderr() { exit::USAGE } else { exit::OK });
        }
        Err(config::Failure::Config(e)) => {
            errln!("ftps: {}", printable(&e.to_string()));
            return exit::code(exit::for_kind(e.kind()));
        }
    };
    match run(loaded) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return exit::code(exit::OK);
            }
            errln!("ftps: {}", render_error(&err));
            exit::code(exit::for_error(&err))
        }
    }
}

fn render_error(err: &anyhow::Error) -> String {
    // Context lines first, then the library error's own message, then what
    // to do about it in terms of this command line.
    let mut parts: Vec<String> = Vec::new();
    let mut hint = None;
    for cause in err.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        if let Some(e) = cause.downcast_ref::<crate::Error>() {
            hint = e.remedy().as_ref().map(option_hint);
            break;
        }
    }
    parts.join(": ") + hint.as_deref().unwrap_or_default()
}

/// The options that set a library error's remedy, which the library itself
/// never names (it has no command line).
pub(crate) fn option_hint(remedy: &crate::Remedy) -> String {
    use crate::Remedy;
    match remedy {
        Remedy::LongerTimeout => " (raise --timeout if it is just slow)".into(),
        Remedy::Overwrite => "; pass --force to overwrite it".into(),
        Remedy::TrustCertificate { fingerprint } => format!(
            "\n  if you trust this server: pass its CA with --ca-file, pin it with --pin {fingerprint}, \
             or run once at a terminal to be asked"
        ),
        Remedy::TrustCa => "; pass the CA with --ca-file".into(),
        Remedy::DirectStore => "; --no-temp stores uploads directly under their final names".into(),
        Remedy::LessVerification => {
            "; --verify auto accepts transfers the server cannot verify, --verify off skips verification".into()
        }
        Remedy::Uncompressed => "; --no-compress transfers it uncompressed".into(),
    }
}

/// Whether the reader of our output went away (`ftps ls | head`, a FIFO's
/// reader): that ends the run quietly. A server closing a socket under a
/// write is no such thing but a failure like any other: the first library
/// error in the chain decides, and only a local write counts.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    for e in err.chain() {
        if let Some(lib) = e.downcast_ref::<Error>() {
            return matches!(lib, Error::Local { source, .. } if broken(source));
        }
        if let Some(io) = e.downcast_ref::<io::Error>() {
            return broken(io);
        }
    }
    false
}

fn run(loaded: config::Loaded) -> anyhow::Result<ExitCode> {
    let config::Loaded { cli, site, config, user_typed } = loaded;
    ascii::check(&cli)?;
    let mut ctx = App::new(&cli.global, site)?;
    ctx.user_typed = user_typed;
    if matches!(cli.command, Cmd::Get { .. } | Cmd::Put { .. } | Cmd::Mirror(_) | Cmd::Shell { .. } | Cmd::Batch(_)) {
        ctx.receipt = receipt::writer(&cli.global)?;
    }
    // Held until run() returns; a second overlapping run exits at once.
    let _lock = match &cli.global.lock {
        Some(path) => Some(lock::acquire(path)?),
        None => None,
    };
    match cli.command {
        Cmd::Ls { url, json } => ls::run(&ctx, &url, json),
        Cmd::Get { urls, output, force, resume, remove_source_files, segments, many } => {
            let flags = get::Flags { force, resume, remove_source: remove_source_files, segments };
            get::run(&ctx, &urls, output.as_deref(), flags, &many)
        }
        Cmd::Put { files, url, resume, no_temp, remove_source_files, segments, many } => {
            let flags =
                put::Flags { resume, no_temp, remove_source: remove_source_files, segments: segments.unwrap_or(1) };
            put::run(&ctx, &files, &url, flags, &many)
        }
        Cmd::Mirror(args) => mirror::run(&ctx, &args),
        Cmd::Shell { url } => shell::run_shell(&ctx, url.as_deref()),
        Cmd::Batch(args) => shell::run_batch(&ctx, &args),
        Cmd::Receipt { action } => receipt::run(&action),
        Cmd::Rm { urls, recursive, force } => oneshot::rm(&ctx, &urls, recursive, force),
        Cmd::Mkdir { urls, parents } => oneshot::mkdir(&ctx, &urls, parents),
        Cmd::Mv { url, new_path } => oneshot::mv(&ctx, &url, &new_path),
        Cmd::Chmod { mode, urls } => oneshot::chmod(&ctx, &mode, &urls),
        Cmd::Stat { url, json } => oneshot::stat(&ctx, &url, json),
        Cmd::Cat { urls } => oneshot::cat(&ctx, &urls),
        Cmd::Probe { url, json, write } => probe::run(&ctx, &url, json, write),
        Cmd::Trust(args) => trust::run(&ctx, &args),
        Cmd::Sites => {
            config::sites::list(config.as_ref(), &mut term::stdout())?;
            Ok(exit::code(exit::OK))
        }
        Cmd::GenerateAssets { dir } => {
            assets::write(&dir).with_context(|| format!("writing generated files under {}", dir.display()))?;
            Ok(exit::code(exit::OK))
        }
    }
}

/// What every command needs: global flags, TLS trust, the trace sink.
pub(crate) struct App {
    pub global: Global,
    /// Login and trust for any server the command names ...
    base: Profile,
    /// ... except the configured site's, which gets its own.
    site: Option<(config::SiteScope, Profile)>,
    /// `-u` typed (else it came from the config, and a URL's user wins).
    user_typed: bool,
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
    receipt: Option<Arc<crate::receipt::Writer>>,
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
    fn new(global: &Global, site: Option<config::SiteScope>) -> anyhow::Result<Self> {
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
        let quiet = self.global.quiet;
        let mut report = |n: u32, e: &Error, d: Duration| {
            if !quiet {
                errln!("ftps: session with {label}: {e}; retry {n} of {} in {:.1} s", policy.retries, d.as_secs_f64());
            }
        };
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
        let quiet = self.global.quiet;
        let mut report = |n: u32, e: &Error, d: Duration| {
            if !quiet {
                errln!("ftps: {what}: {e}; retry {n} of {} in {:.1} s", policy.retries, d.as_secs_f64());
            }
        };
        with_retries(s, &policy, &mut report, op)
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

pub(crate) use term::printable;

/// A fingerprint typed for `flag` must be `sha256:` and 64 hex digits
/// (colons allowed, as openssl prints them).
pub(crate) fn check_fingerprint(flag: &str, value: &str) -> Result<(), Error> {
    let hex = value.strip_prefix("sha256:").unwrap_or("").replace(':', "");
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::InvalidArgument(format!(
            "{flag} {value:?} is not a SHA-256 fingerprint; expected sha256: and 64 hex digits \
             (the form ftps prints when it shows a certificate)"
        )));
    }
    Ok(())
}

/// Whether a name (or path segment) uses glob syntax (`*`, `?`, `[...]`):
/// the one test for get, put and the prompt.
pub(crate) fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// A destination written into rather than replaced: a device, FIFO or socket
/// (`-o /dev/null`), or a link into `/proc` (`-o /dev/stdout`). Renaming a
/// `.part` over such a name would replace the device node or the link.
pub(crate) fn is_special(path: &std::path::Path) -> bool {
    if let Ok(link) = std::fs::read_link(path)
        && link.starts_with("/proc")
    {
        return true;
    }
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

#[cfg(test)]
mod tests {
    use super::{is_broken_pipe, is_special};
    use crate::error::{Error, Phase};
    use std::io;
    use std::path::Path;

    #[test]
    fn only_a_local_reader_going_away_ends_quietly() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&anyhow::Error::new(pipe()).context("writing the listing")));
        let local = Error::Local { action: "write", path: "standard output".into(), source: pipe() };
        assert!(is_broken_pipe(&anyhow::Error::new(local)));
        // A server that closed the control or data connection under a write
        // (seen: a pipelined login to a server refusing the handshake) is a
        // failure: this used to exit 0 with no message.
        for phase in [Phase::Command, Phase::DataTransfer] {
            let remote = anyhow::Error::new(Error::from_io(pipe(), phase)).context("put a.bin");
            assert!(!is_broken_pipe(&remote), "{phase:?}");
        }
        assert!(!is_broken_pipe(&anyhow::Error::new(io::Error::from(io::ErrorKind::ConnectionReset))));
    }

    #[test]
    fn devices_and_proc_links_are_written_into() {
        assert!(is_special(Path::new("/dev/null")));
        assert!(is_special(Path::new("/dev/stdout")) || !Path::new("/dev/stdout").exists());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        assert!(!is_special(&file));
        assert!(!is_special(dir.path()));
        assert!(!is_special(&dir.path().join("missing")));
    }
}
