//! Starting a server process and watching it come up: preflight, retries
//! when a port was taken, the instance directory, readiness by TCP connect;
//! and the process helpers stopping it needs.

use std::fs::{self, File};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::{PermissionsExt, chown};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::ports::{free_port, lease_pasv_range};
use super::preflight::{Account, ftp_account, preflight};
use super::{Extra, FTPSTEST_PASSWORD, FTPSTEST_USER, Kind, Server, ftpsrv, proftpd, vsftpd};
use crate::harness::interop_required;

/// How long a server may take to accept TCP connections after start.
const READY_TIMEOUT: Duration = Duration::from_secs(5);
/// What a configuration writer needs to know about the instance.
#[derive(Clone, Copy)]
pub(super) struct Setup<'a> {
    pub(super) bin: &'a Path,
    pub(super) dir: &'a Path,
    pub(super) data: &'a Path,
    pub(super) pid_file: &'a Path,
    pub(super) stderr_log: &'a Path,
    pub(super) port: u16,
    pub(super) pasv: (u16, u16),
    pub(super) implicit: bool,
    pub(super) extra: Extra,
    pub(super) acct: &'a Account,
}

pub(super) fn signal(target: &str, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg("--")
        .arg(target)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

pub(super) fn tail(path: &Path, lines: usize) -> String {
    match fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let all: Vec<&str> = text.lines().collect();
            let start = all.len().saturating_sub(lines);
            let mut s = all[start..].join("\n");
            s.push('\n');
            s
        }
        Err(e) => format!("(cannot read: {e})\n"),
    }
}
pub(super) fn start(kind: Kind, implicit: bool) -> Option<Server> {
    start_with(kind, implicit, Extra::default())
}

pub(super) fn start_with(kind: Kind, implicit: bool, extra: Extra) -> Option<Server> {
    let bin = match preflight(kind) {
        Ok(bin) => bin,
        Err(reason) => {
            if interop_required() {
                panic!("FTPS_INTEROP=1 but {kind} is unavailable: {reason}");
            }
            eprintln!("SKIP: {kind}: {reason}");
            return None;
        }
    };
    // A freshly released port can be grabbed by someone else before the
    // server binds it; retry with another one in that case.
    let mut last = String::new();
    for _ in 0..4 {
        match try_start(kind, implicit, extra, &bin) {
            Ok(server) => return Some(server),
            Err(StartError::Retry(msg)) => last = msg,
            Err(StartError::Fatal(msg)) => panic!("{msg}"),
        }
    }
    panic!("{kind} did not start: {last}");
}

enum StartError {
    Retry(String),
    Fatal(String),
}
fn try_start(kind: Kind, implicit: bool, extra: Extra, bin: &Path) -> Result<Server, StartError> {
    let acct = ftp_account().expect("checked in preflight");
    let tmp = tempfile::Builder::new()
        .prefix(&format!("ftps-it-{}-", kind.to_string().to_lowercase()))
        .tempdir()
        .map_err(|e| StartError::Fatal(format!("tempdir: {e}")))?;
    let dir = tmp.path().to_path_buf();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let data = dir.join("data");
    fs::create_dir(&data).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
    chown(&data, Some(acct.uid), Some(acct.gid)).unwrap();

    let port = free_port();
    let lease = lease_pasv_range();
    let pasv = lease.range;
    let stdout_log = dir.join("stdout.log");
    let stderr_log = dir.join("stderr.log");
    let pid_file = dir.join("server.pid");
    let setup = Setup {
        bin,
        dir: &dir,
        data: &data,
        pid_file: &pid_file,
        stderr_log: &stderr_log,
        port,
        pasv,
        implicit,
        extra,
        acct: &acct,
    };
    let (mut cmd, logs) = match kind {
        Kind::Vsftpd => vsftpd::command(&setup),
        Kind::Proftpd => proftpd::command(&setup),
        Kind::FtpSrv => ftpsrv::command(&setup),
    };

    cmd.current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_log).unwrap())
        .stderr(File::create(&stderr_log).unwrap())
        .process_group(0);
    let mut child = cmd.spawn().map_err(|e| StartError::Fatal(format!("cannot start {}: {e}", bin.display())))?;

    let ip: std::net::IpAddr =
        if extra.ipv6 { std::net::Ipv6Addr::LOCALHOST.into() } else { std::net::Ipv4Addr::LOCALHOST.into() };
    let addr = SocketAddr::new(ip, port);
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let mut msg = format!(
                "{kind} exited during start-up ({status}), port {port}; config and logs in {}:\n",
                dir.display()
            );
            for path in &logs {
                msg.push_str(&format!("--- {}\n{}", path.display(), tail(path, 40)));
            }
            let in_use = msg.contains("in use") || msg.contains("could not bind") || msg.contains("Failed binding");
            drop(tmp);
            return Err(if in_use { StartError::Retry(msg) } else { StartError::Fatal(msg) });
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            break;
        }
        if started.elapsed() > READY_TIMEOUT {
            signal(&format!("-{}", child.id()), "KILL");
            let _ = child.kill();
            let _ = child.wait();
            let mut msg = format!("{kind} did not accept connections on {addr} within {READY_TIMEOUT:?}; logs:\n");
            for path in &logs {
                msg.push_str(&format!("--- {}\n{}", path.display(), tail(path, 40)));
            }
            return Err(StartError::Fatal(msg));
        }
        thread::sleep(Duration::from_millis(20));
    }

    Ok(Server {
        kind,
        implicit,
        user: FTPSTEST_USER.to_string(),
        password: FTPSTEST_PASSWORD.to_string(),
        port,
        pasv,
        ipv6: extra.ipv6,
        data,
        pid_file,
        logs,
        child,
        dir: Some(tmp),
        _pasv_lease: lease,
    })
}
