//! ftp-srv (npm): a Node server that runs each command as its own task, so
//! it answers pipelined commands out of order and sends `150` on a TLS data
//! connection only after that connection's handshake. Started through
//! `tests/servers/ftpsrv.js` with the instance's port, passive range, root
//! and the test PKI's server certificate; it drops root to the test user
//! once it listens, and logs every command and reply (bunyan JSON lines).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::launch::Setup;
use super::{FTPSTEST_PASSWORD, FTPSTEST_USER};
use crate::certs::pki;

/// Where `.ci/install-deps.sh` installs ftp-srv (override with `FTPS_FTPSRV_ROOT`).
pub const FTPSRV_ROOT_DEFAULT: &str = "/opt/ftps-test/ftp-srv";
/// The ftp-srv release `.ci/install-deps.sh` pins.
pub const FTPSRV_VERSION: &str = "4.6.3";

/// The install prefix (`npm install --prefix`).
pub(super) fn root() -> PathBuf {
    std::env::var_os("FTPS_FTPSRV_ROOT").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(FTPSRV_ROOT_DEFAULT))
}

/// The launcher script in this repository.
pub(super) fn launcher() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/servers/ftpsrv.js")
}

/// `node` from `FTPS_NODE`, else the first one on `PATH`.
pub(super) fn node() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FTPS_NODE") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("node")).find(|p| p.is_file())
}

/// Why ftp-srv cannot run here, if it cannot.
pub(super) fn missing() -> Option<String> {
    if node().is_none() {
        return Some("node not found on PATH (install Node.js or set FTPS_NODE)".into());
    }
    let package = root().join("node_modules/ftp-srv/package.json");
    if !package.is_file() {
        return Some(format!("{} missing (run .ci/install-deps.sh or set FTPS_FTPSRV_ROOT)", package.display()));
    }
    None
}

/// The command that starts ftp-srv for this instance and the logs worth showing.
pub(super) fn command(setup: &Setup<'_>) -> (Command, Vec<PathBuf>) {
    let Setup { bin, dir, data, pid_file, stderr_log, port, pasv, implicit, acct, .. } = *setup;
    let pki = pki();
    let log = dir.join("ftp-srv.log");
    let mut cmd = Command::new(bin);
    cmd.env("NODE_PATH", root().join("node_modules"))
        .arg(launcher())
        .args(["--port", &port.to_string()])
        .args(["--pasv-min", &pasv.0.to_string(), "--pasv-max", &pasv.1.to_string()])
        .arg("--root")
        .arg(data)
        .arg("--cert")
        .arg(&pki.cert_pem)
        .arg("--key")
        .arg(&pki.key_pem)
        .args(["--user", FTPSTEST_USER, "--password", FTPSTEST_PASSWORD])
        .arg("--pid-file")
        .arg(pid_file)
        .arg("--log")
        .arg(&log)
        .args(["--uid", &acct.uid.to_string(), "--gid", &acct.gid.to_string()]);
    if implicit {
        cmd.arg("--implicit");
    }
    (cmd, vec![stderr_log.to_path_buf(), log])
}

/// The dialogue in an ftp-srv log: one `<- COMMAND` or `-> REPLY` a line,
/// in the order the server handled them (PASS redacted by ftp-srv).
pub fn dialogue(log: &str) -> String {
    let mut out = String::new();
    for line in log.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        match v.get("msg").and_then(|m| m.as_str()) {
            Some("Handle command") => {
                let cmd = &v["command"];
                let verb = cmd["directive"].as_str().unwrap_or("?");
                let arg = cmd["arg"].as_str().map(|a| format!(" {a}")).unwrap_or_default();
                out.push_str(&format!("<- {}{}\n", verb.escape_debug(), arg.escape_debug()));
            }
            Some("Reply") => {
                let msg = v["message"].as_str().unwrap_or("");
                out.push_str(&format!("-> {}\n", msg.escape_debug()));
            }
            _ => {}
        }
    }
    out
}
