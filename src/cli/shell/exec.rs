//! Runs one parsed line: the dispatch from command to implementation, and
//! what a command reports back (bytes moved, whether to stop).

use std::io::Write;

use super::lang::{self, Cmd, Parsed};
use super::state::Shell;
use super::{local, nav, remote_fs, transfer};
use crate::cli::exit;

/// Where a command writes and how it asks.
pub struct Io<'o> {
    /// Command output (listings, sizes, replies): stdout, or a buffer in `--json` mode.
    pub out: &'o mut dyn Write,
    /// Asks a yes/no question at the prompt; never called in batch mode.
    pub confirm: &'o mut dyn FnMut(&str) -> bool,
}

/// A command's result.
#[derive(Debug, Default, Clone)]
pub struct Done {
    /// Bytes transferred.
    pub bytes: u64,
    /// `exit`: stop with this code.
    pub exit: Option<u8>,
    /// One file's `get`/`put`: what proves it (for `batch --json`).
    pub proof: Option<Proof>,
}

/// A transferred file's digest, and what the server confirmed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Proof {
    pub sha256: Option<String>,
    pub verified: Option<crate::receipt::VerifiedField>,
}

impl Proof {
    pub fn of(ev: &crate::ops::transfer::Evidence) -> Proof {
        Proof {
            sha256: ev.sha256.clone(),
            verified: ev
                .verified
                .as_ref()
                .map(|v| crate::receipt::VerifiedField { algo: v.algo.name().into(), server: v.server.clone() }),
        }
    }
}

impl Done {
    pub fn bytes(bytes: u64) -> Self {
        Done { bytes, exit: None, proof: None }
    }
}

/// A failure that carries its own exit code (e.g. partial `mget`).
#[derive(Debug)]
pub struct Failed {
    pub code: u8,
    pub message: String,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failed {}

/// The exit code a failed command stands for.
pub fn code_for(err: &anyhow::Error) -> u8 {
    match err.chain().find_map(|e| e.downcast_ref::<Failed>()) {
        Some(f) => f.code,
        None => exit::for_error(err),
    }
}

/// Parses and runs one line.
pub fn run_line(shell: &mut Shell, line: &str, io: &mut Io) -> anyhow::Result<Done> {
    // A Ctrl-C that arrived between commands must not abort the next one.
    shell.app.cancel.store(false, std::sync::atomic::Ordering::SeqCst);
    let result = match lang::parse(line)? {
        Parsed::Nothing => Ok(Done::default()),
        Parsed::Help(text) => {
            write!(io.out, "{text}")?;
            Ok(Done::default())
        }
        Parsed::Local(cmd) => local::shell_command(shell, &cmd, io),
        Parsed::Command { cmd, rest } => dispatch(shell, *cmd, &rest, io),
    };
    io.out.flush()?;
    result
}

fn dispatch(shell: &mut Shell, cmd: Cmd, rest: &str, io: &mut Io) -> anyhow::Result<Done> {
    match cmd {
        Cmd::Open { url } => {
            shell.open(&url)?;
            if let Some(c) = &shell.conn {
                shell.note(format_args!("connected to {}, in {}", c.label, crate::cli::printable(&c.cwd)));
            }
            Ok(Done::default())
        }
        Cmd::Close => {
            if shell.conn.is_none() {
                return Err(super::state::not_connected().into());
            }
            shell.close();
            Ok(Done::default())
        }
        Cmd::Ls(args) => nav::ls(shell, &args, args.long, io),
        Cmd::Dir(args) => nav::ls(shell, &args, true, io),
        Cmd::Cd { path } => nav::cd(shell, path.as_deref()),
        Cmd::Cdup => nav::cd(shell, Some("..")),
        Cmd::Pwd => nav::pwd(shell, io),
        Cmd::Lcd { dir } => local::lcd(shell, dir.as_deref()),
        Cmd::Lpwd => local::lpwd(io),
        Cmd::Lls { dir } => local::lls(dir.as_deref(), io),
        Cmd::Get { remote, local, force, resume } => transfer::get(shell, &remote, local.as_deref(), force, resume),
        Cmd::Mget { patterns, force, resume } => transfer::mget(shell, &patterns, force, resume),
        Cmd::Put { local, remote, resume } => transfer::put(shell, &local, remote.as_deref(), resume),
        Cmd::Mput { patterns, resume } => transfer::mput(shell, &patterns, resume),
        Cmd::Mirror(m) => transfer::mirror(shell, m),
        Cmd::Mkdir { parents, dirs } => remote_fs::mkdir(shell, &dirs, parents),
        Cmd::Rmdir { dirs } => remote_fs::rmdir(shell, &dirs),
        Cmd::Rm { recursive, force, paths } => remote_fs::rm(shell, &paths, recursive, force, io),
        Cmd::Rename { from, to } => remote_fs::rename(shell, &from, &to),
        Cmd::Chmod { mode, paths } => remote_fs::chmod(shell, &mode, &paths),
        Cmd::Size { paths } => nav::size(shell, &paths, io),
        Cmd::Stat { paths } => nav::stat(shell, &paths, io),
        Cmd::Quote { .. } => remote_fs::quote(shell, rest, io),
        Cmd::Site { .. } => remote_fs::quote(shell, &format!("SITE {rest}"), io),
        Cmd::Help { command } => {
            let text = match command {
                Some(name) => lang::describe(&name)?,
                None => lang::overview(),
            };
            write!(io.out, "{text}")?;
            Ok(Done::default())
        }
        Cmd::Exit { code } => Ok(Done { bytes: 0, exit: Some(code.unwrap_or(exit::OK)), proof: None }),
    }
}
