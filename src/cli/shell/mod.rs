//! `ftps shell` and `ftps batch`: one command language, one connection, at a
//! prompt or from a script.
//!
//! - [`lang`]: the command language (shell-like words, clap per command).
//! - [`exec`]: runs a parsed line; [`nav`], [`remote_fs`], [`transfer`] and
//!   [`local`] implement the commands.
//! - [`state`]: the connection and remote directory; [`reconnect`] keeps
//!   them usable (lost connections, Ctrl-C during a transfer).
//! - [`prompt`] and [`complete`]: the interactive side; [`batch`]: scripts.

mod batch;
mod complete;
mod exec;
mod lang;
mod local;
mod nav;
mod outcome;
mod paths;
mod prompt;
mod reconnect;
mod remote_fs;
mod state;
mod transfer;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use super::App;
use super::args::BatchArgs;
// Shared with the one-shot commands, which show the same things.
use crate::cli::term::errln;
pub(crate) use nav::pretty_fact;
pub(crate) use remote_fs::warn_skipped;

pub fn run_shell(app: &App, url: Option<&str>) -> anyhow::Result<ExitCode> {
    if !std::io::stdin().is_terminal() {
        // `ftps shell URL < script` in cron: a script, never a prompt.
        let args = BatchArgs { script: "-".into(), keep_going: false, json: false, url: url.map(str::to_string) };
        return batch::run(app, &args);
    }
    prompt::run(app, url)
}

pub fn run_batch(app: &App, args: &BatchArgs) -> anyhow::Result<ExitCode> {
    batch::run(app, args)
}

/// Ctrl-C while a command runs sets `app.cancel`: a transfer then stops,
/// keeps its `.part` file, and the session is brought back in step. At the
/// prompt the line editor reads Ctrl-C as a key, so no signal arrives there.
/// A second Ctrl-C before the first was dealt with (a command stuck waiting
/// on the network) exits.
fn install_interrupt_handler(app: &App) {
    let cancel = app.cancel.clone();
    let installed = ctrlc::set_handler(move || {
        if cancel.swap(true, Ordering::SeqCst) {
            errln!("\nftps: interrupted");
            std::process::exit(i32::from(super::exit::INTERRUPTED));
        }
    });
    if let Err(e) = installed {
        errln!("ftps: warning: Ctrl-C will end ftps instead of the transfer ({e})");
    }
}
