//! Runs one parsed line: the dispatch from command to implementation, and
//! what a command reports back (bytes moved, whether to stop).

use super::lang::{self, Cmd, Parsed};
use super::outcome::{Done, Io};
use super::state::Shell;
use super::transfer::{Fetching, Sending};
use super::{local, nav, remote_fs, transfer};
use crate::cli::exit;

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
        Cmd::Get { remote, local, force, resume, segments } => {
            transfer::get(shell, &remote, local.as_deref(), Fetching { force, resume, segments })
        }
        Cmd::Mget { patterns, force, resume, segments } => {
            transfer::mget(shell, &patterns, Fetching { force, resume, segments })
        }
        Cmd::Put { local, remote, resume, segments } => {
            transfer::put(shell, &local, remote.as_deref(), Sending { resume, segments })
        }
        Cmd::Mput { patterns, resume, segments } => transfer::mput(shell, &patterns, Sending { resume, segments }),
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
