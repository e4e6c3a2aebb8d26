//! The command-line edge: argument parsing, messages, exit codes. The only
//! layer that prints or exits.

mod args;
pub mod assets;
mod auth;
pub mod exit;
mod get;
mod lock;
mod ls;
mod mirror;
pub(crate) mod progress;
mod put;
mod shell;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;

pub use args::Cli;
use args::{Cmd, Global, TlsMax};

use crate::control::{ConnectOptions, Session};
use crate::tls::{TlsContext, TlsOptions, TlsVersion};
use crate::trace::Trace;
use crate::url::FtpUrl;

/// Entry point for the binary: parse, run, map the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return exit::code(if e.use_stderr() { exit::USAGE } else { exit::OK });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return exit::code(exit::OK);
            }
            eprintln!("ftps: {}", render_error(&err));
            exit::code(exit::for_error(&err))
        }
    }
}

fn render_error(err: &anyhow::Error) -> String {
    // Context lines first, then the library error's own message.
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        if cause.downcast_ref::<crate::Error>().is_some() {
            break;
        }
    }
    parts.join(": ")
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = App::new(&cli.global)?;
    // Held until run() returns; a second overlapping run exits at once.
    let _lock = match &cli.global.lock {
        Some(path) => Some(lock::acquire(path)?),
        None => None,
    };
    match cli.command {
        Cmd::Ls { url, json } => ls::run(&ctx, &url, json),
        Cmd::Get { urls, output, force, resume } => get::run(&ctx, &urls, output.as_deref(), force, resume),
        Cmd::Put { files, url, resume } => put::run(&ctx, &files, &url, resume),
        Cmd::Mirror(args) => mirror::run(&ctx, &args),
        Cmd::Shell { url } => shell::run_shell(&ctx, url.as_deref()),
        Cmd::Batch(args) => shell::run_batch(&ctx, &args),
        Cmd::GenerateAssets { dir } => {
            assets::write(&dir).with_context(|| format!("writing generated files under {}", dir.display()))?;
            Ok(exit::code(exit::OK))
        }
    }
}

/// What every command needs: global flags, TLS trust, the trace sink.
pub(crate) struct App {
    pub global: Global,
    tls: TlsContext,
    trace: Trace,
    /// Shared by every session of this run; a Ctrl-C handler may set it.
    pub cancel: Arc<AtomicBool>,
}

impl App {
    fn new(global: &Global) -> anyhow::Result<Self> {
        if global.insecure {
            eprintln!(
                "ftps: WARNING: --insecure: the server certificate is NOT verified; \
                 anyone on the network path can impersonate the server and read your password and files"
            );
        }
        let tls = TlsContext::new(TlsOptions {
            ca_files: global.ca_file.clone(),
            insecure: global.insecure,
            max_version: match global.tls_max {
                TlsMax::V12 => TlsVersion::V12,
                TlsMax::V13 => TlsVersion::V13,
            },
        })?;
        let trace = if global.verbose {
            let start = Instant::now();
            Trace::new(move |line| {
                let t = start.elapsed().as_secs_f64();
                let _ = writeln!(io::stderr().lock(), "[{t:9.4}] {line}");
            })
        } else {
            Trace::default()
        };
        Ok(App { global: global.clone(), tls, trace, cancel: Arc::new(AtomicBool::new(false)) })
    }

    /// Logs in to the server a URL names.
    pub fn connect(&self, url: &FtpUrl) -> anyhow::Result<Session> {
        let opts = self.options_for(url)?;
        let label = format!("{}:{}", url.host, url.port);
        Session::connect(opts).with_context(|| format!("session with {label}"))
    }

    /// Resolves credentials once (prompting at most once) into options that
    /// any number of sessions, on any thread, can connect with.
    pub fn options_for(&self, url: &FtpUrl) -> anyhow::Result<ConnectOptions> {
        let creds = auth::resolve(url, self.global.user.as_deref())?;
        Ok(ConnectOptions {
            host: url.host.clone(),
            port: url.port,
            implicit: url.implicit,
            user: creds.user,
            password: creds.password,
            timeout: Duration::from_secs(self.global.timeout),
            tls: self.tls.clone(),
            trace: self.trace.clone(),
            cancel: self.cancel.clone(),
        })
    }
}

/// Makes a server-supplied name safe to show on a terminal.
pub(crate) fn printable(name: &str) -> String {
    name.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}
