//! The command-line edge: argument parsing, messages, exit codes. The only
//! layer that prints or exits.

mod app;
mod args;
mod ascii;
pub mod assets;
mod auth;
mod command;
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
mod watch;

use std::io;
use std::process::ExitCode;

use anyhow::Context;

pub(crate) use app::App;
pub use args::Cli;
use args::Cmd;

use crate::cli::term::errln;
use crate::error::Error;

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
    if matches!(
        cli.command,
        Cmd::Get { .. } | Cmd::Put { .. } | Cmd::Mirror(_) | Cmd::Shell { .. } | Cmd::Batch(_) | Cmd::Watch(_)
    ) {
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
            let flags = put::Flags { resume, no_temp, remove_source: remove_source_files, segments };
            put::run(&ctx, &files, &url, flags, &many)
        }
        Cmd::Mirror(args) => mirror::run(&ctx, &args),
        Cmd::Watch(args) => watch::run(&ctx, &args),
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
