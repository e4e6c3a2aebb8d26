//! The process of a password command (or of a hook a watch runs per file):
//! what it is given and how it ends.
//!
//! It runs in a process group of its own, so stopping it at its deadline
//! stops whatever it started too (`sh -c 'helper & wait'` leaves no helper
//! behind holding our pipe). Its stdin is ours only when ours is a
//! terminal, for a passphrase prompt; then, as a shell does for a job, the
//! terminal's foreground is handed to its group while it runs (a group in
//! the background that reads the terminal is stopped by SIGTTIN) and taken
//! back after. Anything else on our stdin (`put -` data) is not its to read.

use std::ffi::{OsStr, OsString};
use std::io::{self, IsTerminal};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};

use nix::sys::signal::{SigSet, SigmaskHow, Signal, killpg, pthread_sigmask};
use nix::unistd::{Pid, getpgrp, tcgetpgrp, tcsetpgrp};

/// A running command, leader of its own process group.
pub struct Running {
    child: Child,
    group: Pid,
    /// Set while the command's group holds the terminal's foreground.
    lent: Option<Pid>,
}

/// Starts `cmd` as described above: stdout piped, stderr inherited, stdin
/// the terminal or nothing, without the proxy variables that carry
/// credentials (see [`credentialed_proxies`]).
pub fn spawn(cmd: &mut Command) -> io::Result<Running> {
    let terminal = io::stdin().is_terminal();
    cmd.process_group(0).stdout(Stdio::piped()).stdin(if terminal { Stdio::inherit() } else { Stdio::null() });
    for name in credentialed_proxies(std::env::vars_os()) {
        cmd.env_remove(name);
    }
    let child = cmd.spawn()?;
    let group = Pid::from_raw(i32::try_from(child.id()).map_err(io::Error::other)?);
    let lent = if terminal { lend_terminal(group) } else { None };
    Ok(Running { child, group, lent })
}

/// Runs a hook (`watch --on-success CMD`): no stdin, its output where the
/// caller set it, no proxy credentials, its own process group, stopped
/// whole at `wait`. `None` when it was stopped.
pub fn run_bounded(cmd: &mut Command, wait: std::time::Duration) -> io::Result<Option<ExitStatus>> {
    cmd.process_group(0).stdin(Stdio::null());
    for name in credentialed_proxies(std::env::vars_os()) {
        cmd.env_remove(name);
    }
    let child = cmd.spawn()?;
    let group = Pid::from_raw(i32::try_from(child.id()).map_err(io::Error::other)?);
    let mut running = Running { child, group, lent: None };
    let deadline = std::time::Instant::now() + wait;
    loop {
        if let Some(status) = running.try_wait()? {
            running.stop_leftovers();
            return Ok(Some(status));
        }
        if std::time::Instant::now() >= deadline {
            running.stop();
            return Ok(None);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

impl Running {
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// The command's exit status once it has exited; the terminal comes back then.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        let status = self.child.try_wait()?;
        if status.is_some() {
            self.take_terminal_back();
        }
        Ok(status)
    }

    /// Kills the whole group (the command and all it started that did not
    /// leave the group) and reaps the command.
    pub fn stop(&mut self) {
        let _ = killpg(self.group, Signal::SIGKILL);
        let _ = self.child.wait();
        self.take_terminal_back();
    }

    /// Kills what is left of the group after the command itself exited
    /// (something it started that still holds its output, say).
    pub fn stop_leftovers(&mut self) {
        let _ = killpg(self.group, Signal::SIGKILL);
    }

    fn take_terminal_back(&mut self) {
        let Some(ours) = self.lent.take() else { return };
        // We are a background group now: the change would stop us with
        // SIGTTOU unless this thread blocks it meanwhile.
        let ttou = SigSet::from(Signal::SIGTTOU);
        let mut old = SigSet::empty();
        if pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&ttou), Some(&mut old)).is_ok() {
            let _ = tcsetpgrp(io::stdin(), ours);
            let _ = pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&old), None);
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.take_terminal_back();
    }
}

/// Gives the terminal's foreground to `group` when it is ours to give
/// (a run started in the background has none); our own group, to take it
/// back, when it was given.
fn lend_terminal(group: Pid) -> Option<Pid> {
    let ours = getpgrp();
    if tcgetpgrp(io::stdin()).ok()? != ours {
        return None;
    }
    tcsetpgrp(io::stdin(), group).ok()?;
    // A read of the terminal before the handover stopped the command with
    // SIGTTIN: let it go on (harmless when it was not stopped).
    let _ = killpg(group, Signal::SIGCONT);
    Some(ours)
}

/// The proxy variables (`HTTPS_PROXY`, `all_proxy`, any `*_PROXY`) whose
/// value holds a user or password (an `@`): the command is not given them.
/// Those without one stay, so a password manager that reaches its vault
/// through a proxy still can; a proxy password is only for where the user
/// pointed it, which is not the password command.
pub fn credentialed_proxies(vars: impl Iterator<Item = (OsString, OsString)>) -> Vec<OsString> {
    vars.filter(|(name, value)| is_proxy_variable(name) && value.as_encoded_bytes().contains(&b'@'))
        .map(|(name, _)| name)
        .collect()
}

fn is_proxy_variable(name: &OsStr) -> bool {
    name.to_str().is_some_and(|n| n.to_ascii_lowercase().ends_with("_proxy"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_proxy_variables_with_credentials_are_withheld() {
        let vars = [
            ("HTTPS_PROXY", "http://alice:s3cret@proxy:3128"),
            ("http_proxy", "http://proxy:3128"),
            ("ALL_PROXY", "socks5h://bob@proxy:1080"),
            ("FTPS_PROXY", "alice:pw@proxy:1080"),
            ("no_proxy", "localhost,.corp"),
            ("EMAIL", "someone@example.org"),
        ]
        .map(|(n, v)| (OsString::from(n), OsString::from(v)));
        let withheld = credentialed_proxies(vars.into_iter());
        assert_eq!(withheld, ["HTTPS_PROXY", "ALL_PROXY", "FTPS_PROXY"].map(OsString::from));
    }
}
