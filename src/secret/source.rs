//! Where a password can come from besides the command line: a file only its
//! owner can read, or a command such as `pass show ftp/host` (a password
//! manager). Both give the first line. Built once here so every caller (the
//! command line today, named sites from a config file later) gets the same
//! checks and bounds.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Secret, exposure};
use crate::error::{Error, Result};

mod child;

pub use child::run_bounded;

/// A password is a line; anything longer than this is not one.
const MAX_BYTES: u64 = 64 * 1024;

/// The first line of `path`, refused when others could read or change it.
pub fn from_file(path: &Path) -> Result<Secret> {
    if let Some(problem) = exposure(path) {
        return Err(Error::InvalidArgument(format!(
            "refusing the password file {}: it {problem} {}",
            path.display(),
            path.display()
        )));
    }
    let local = |source| Error::Local { action: "read the password file", path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(local)?;
    let mut bytes = Vec::new();
    BufReader::new(file.take(MAX_BYTES)).read_until(b'\n', &mut bytes).map_err(local)?;
    first_line(bytes, &format!("the password file {}", path.display()))
}

/// Runs `command` (split like a POSIX shell would, but run without one, so
/// nothing in it is expanded) and takes the first line of its output. Its
/// stderr is ours, and so is its stdin when that is a terminal, so a
/// password manager can ask for its own passphrase; other stdin (data for
/// `put -`) is not given to it. It does not get `FTPS_PASSWORD`, nor proxy
/// variables that hold credentials. `wait` bounds the whole run; at the
/// deadline it is stopped with all it started (see [`child`]).
pub fn from_command(command: &str, wait: Duration) -> Result<Secret> {
    let words = shlex::split(command).filter(|w| !w.is_empty()).ok_or_else(|| {
        Error::InvalidArgument(format!(
            "the password command {command:?} is empty or has unbalanced quotes; give a program and its arguments"
        ))
    })?;
    let Some((program, args)) = words.split_first() else {
        return Err(Error::InvalidArgument("the password command is empty".into()));
    };
    let what = format!("the password command {program:?}");
    let mut running = child::spawn(Command::new(program).args(args).env_remove("FTPS_PASSWORD"))
        .map_err(|source| Error::Local { action: "run the password command", path: program.into(), source })?;
    let Some(stdout) = running.child().stdout.take() else {
        running.stop();
        return Err(Error::InvalidArgument(format!("{what}: no output pipe")));
    };
    // Reading in a thread keeps a command that prints a lot, or never
    // closes its output, from blocking us past the deadline.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = BufReader::new(stdout);
        let mut bytes = Vec::new();
        let got = (&mut out).take(MAX_BYTES).read_until(b'\n', &mut bytes);
        let _ = tx.send(got.map(|_| bytes));
        // Drain the rest: closing early would kill the command with SIGPIPE.
        let _ = std::io::copy(&mut out, &mut std::io::sink());
    });
    let deadline = Instant::now() + wait;
    let status = loop {
        match running.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                running.stop();
                return Err(Error::InvalidArgument(format!(
                    "{what} did not finish within {} s; it was stopped",
                    wait.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(source) => {
                running.stop();
                return Err(Error::Local { action: "wait for the password command", path: program.into(), source });
            }
        }
    };
    if !status.success() {
        return Err(Error::InvalidArgument(format!(
            "{what} failed ({status}); run it yourself to see why (its error output is shown above, if any)"
        )));
    }
    let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(100));
    let bytes = match rx.recv_timeout(left) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(source)) => {
            return Err(Error::Local {
                action: "read the output of the password command",
                path: program.into(),
                source,
            });
        }
        Err(_) => {
            running.stop_leftovers();
            return Err(Error::InvalidArgument(format!(
                "{what} exited but something it started still holds its output open; it was stopped"
            )));
        }
    };
    first_line(bytes, &what)
}

fn first_line(mut bytes: Vec<u8>, what: &str) -> Result<Secret> {
    while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        bytes.pop();
    }
    let line = String::from_utf8(bytes)
        .map_err(|_| Error::InvalidArgument(format!("the first line of {what} is not valid UTF-8")))?;
    if line.is_empty() {
        return Err(Error::InvalidArgument(format!("{what} gave an empty password (its first line is empty)")));
    }
    if line.contains(['\0', '\r']) {
        return Err(Error::InvalidArgument(format!("the password from {what} contains CR or NUL")));
    }
    Ok(Secret::new(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::IsTerminal;
    use std::os::unix::fs::PermissionsExt;

    const WAIT: Duration = Duration::from_secs(10);

    #[test]
    fn file_gives_its_first_line_and_must_be_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        std::fs::write(&path, "s3cret word\r\nsecond line\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(from_file(&path).unwrap().expose(), "s3cret word");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let e = from_file(&path).unwrap_err().to_string();
        assert!(e.contains("readable by other users") && e.contains("chmod 600"), "{e}");
        assert!(!e.contains("s3cret"), "{e}");
        std::fs::write(&path, "\nx\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(from_file(&path).unwrap_err().to_string().contains("empty"));
        let e = from_file(&dir.path().join("absent")).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Local);
    }

    #[test]
    fn command_runs_without_a_shell_and_gives_its_first_line() {
        let p = from_command("printf 'a b$HOME\\nsecond\\n'", WAIT).unwrap();
        assert_eq!(p.expose(), "a b$HOME", "no shell expansion");
        let p = from_command("printf '%s\\n' \"two words\"", WAIT).unwrap();
        assert_eq!(p.expose(), "two words", "quotes group words as in a shell");
    }

    #[test]
    fn command_failures_are_clear_errors() {
        let e = from_command("false", WAIT).unwrap_err().to_string();
        assert!(e.contains("\"false\" failed"), "{e}");
        let e = from_command("true", WAIT).unwrap_err().to_string();
        assert!(e.contains("empty password"), "{e}");
        let e = from_command("/nonexistent/pw-tool", WAIT).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Local);
        assert!(from_command("", WAIT).is_err());
        assert!(from_command("'unbalanced", WAIT).is_err());
    }

    /// Data on a stdin that is not a terminal (`put -`) is not the
    /// command's: it reads nothing, and nothing is consumed.
    #[test]
    fn command_gets_no_stdin_unless_a_terminal() {
        if std::io::stdin().is_terminal() {
            return; // a terminal is the command's to read: nothing to check
        }
        let p = from_command("sh -c 'if read -r x; then echo \"read $x\"; else echo nothing; fi'", WAIT).unwrap();
        assert_eq!(p.expose(), "nothing");
    }

    /// At the deadline the whole process group goes: a background child
    /// of the command (which would hold its output open) is not left behind.
    #[test]
    fn the_deadline_stops_everything_the_command_started() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let cmd = format!("sh -c 'sleep 100 & echo $! > {}; sleep 100'", pid_file.display());
        let started = Instant::now();
        let e = from_command(&cmd, Duration::from_millis(500)).unwrap_err().to_string();
        assert!(e.contains("did not finish within"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let stat = Path::new("/proc").join(pid.trim()).join("stat");
        // SIGKILL is delivered at once, the reaping by init may lag a little.
        let gone = || std::fs::read_to_string(&stat).map_or(true, |s| s.contains(") Z "));
        let until = Instant::now() + Duration::from_secs(5);
        while !gone() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(gone(), "the background sleep {} survived", pid.trim());
    }

    #[test]
    fn command_is_stopped_at_the_deadline() {
        let started = Instant::now();
        let e = from_command("sleep 30", Duration::from_millis(300)).unwrap_err().to_string();
        assert!(e.contains("did not finish within"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
