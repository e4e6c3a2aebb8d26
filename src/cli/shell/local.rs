//! Local commands: `lcd`, `lpwd`, `lls`, `!cmd`.

use std::path::Path;
use std::process::{Command, Stdio};

use super::outcome::{Done, Failed, Io};
use super::state::Shell;
use crate::cli::{exit, printable};
use crate::error::Error;

pub fn lcd(shell: &mut Shell, dir: Option<&Path>) -> anyhow::Result<Done> {
    let target = match dir {
        Some(d) => d.to_path_buf(),
        None => dirs::home_dir().ok_or_else(|| Error::InvalidArgument("no home directory known; lcd DIR".into()))?,
    };
    std::env::set_current_dir(&target).map_err(|e| Error::Local {
        action: "change to directory",
        path: target.clone(),
        source: e,
    })?;
    if shell.interactive {
        shell.note(format_args!("local directory now {}", current()?.display()));
    }
    Ok(Done::default())
}

fn current() -> Result<std::path::PathBuf, Error> {
    std::env::current_dir().map_err(|e| Error::Local { action: "read", path: ".".into(), source: e })
}

pub fn lpwd(io: &mut Io) -> anyhow::Result<Done> {
    writeln!(io.out, "{}", current()?.display())?;
    Ok(Done::default())
}

pub fn lls(dir: Option<&Path>, io: &mut Io) -> anyhow::Result<Done> {
    let dir = dir.unwrap_or(Path::new("."));
    let read_err = |e| Error::Local { action: "list", path: dir.to_path_buf(), source: e };
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let mut name = printable(&entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            name.push('/');
        }
        names.push(name);
    }
    names.sort();
    for n in names {
        writeln!(io.out, "{n}")?;
    }
    Ok(Done::default())
}

/// Variables ftps reads secrets from: a `!cmd` child (any program, run
/// from a script line or a prompt) has no business seeing them.
const SECRET_VARS: &[&str] = &["FTPS_PASSWORD"];

/// `!cmd`: `sh -c cmd`. At the prompt it gets the terminal; in a script its
/// stdin is closed (so it cannot eat the script's lines), and with `--json`
/// its output goes into the record. It never inherits [`SECRET_VARS`].
pub fn shell_command(shell: &mut Shell, cmd: &str, io: &mut Io) -> anyhow::Result<Done> {
    let mut command = Command::new("sh");
    command.arg("-c").arg(cmd);
    for var in SECRET_VARS {
        command.env_remove(var);
    }
    if !shell.interactive {
        command.stdin(Stdio::null());
    }
    let status = if shell.json {
        let output = command.stderr(Stdio::inherit()).output();
        let output = output.map_err(|e| Error::Local { action: "run", path: "sh".into(), source: e })?;
        io.out.write_all(&output.stdout)?;
        output.status
    } else {
        command.status().map_err(|e| Error::Local { action: "run", path: "sh".into(), source: e })?
    };
    if status.success() {
        Ok(Done::default())
    } else {
        let how = match status.code() {
            Some(c) => format!("exit status {c}"),
            None => "a signal".to_string(),
        };
        Err(Failed { code: exit::GENERAL, message: format!("!{cmd}: ended with {how}") }.into())
    }
}
