//! Real FTPS servers on loopback for interoperability tests.
//!
//! Each [`Server`] is a private vsftpd, ProFTPD or ftp-srv (npm) instance started from a fresh
//! temporary directory (config, logs, PID file, data directory) on a free
//! loopback port, using the process-wide test PKI from [`crate::certs`]. The
//! logged-in user (`ftpstest`, created by `.ci/install-deps.sh`) is chrooted
//! into [`Server::data_dir`], which tests fill with fixtures and inspect.
//! Dropping the handle stops the server and removes the directory (kept, and
//! its logs printed, when the test is panicking).
//!
//! Servers need root (vsftpd authenticates through PAM and chroots; ProFTPD
//! switches to the test user's uid). When something is missing the
//! constructors print a `SKIP:` line and return `None`, unless
//! `FTPS_INTEROP=1`, in which case they panic.
//!
//! Layout: this file is what a test uses ([`Server`] and its constructors);
//! [`preflight`] checks what a server needs, [`ports`] leases port ranges,
//! [`vsftpd`] and [`proftpd`] write each server's configuration, [`ftpsrv`]
//! builds the command line of `tests/servers/ftpsrv.js`, and
//! [`launch`] starts and watches the process.

#![allow(dead_code)]

mod ftpsrv;
mod launch;
mod ports;
mod preflight;
mod proftpd;
mod vsftpd;

use std::fmt;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::thread;
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::harness::ftps;
pub use ftpsrv::dialogue;
use launch::{signal, start, start_with, tail};
use ports::PasvLease;
use preflight::chown_to_ftp_user;

/// The local account both servers authenticate (see `.ci/install-deps.sh`).
pub const FTPSTEST_USER: &str = "ftpstest";
/// Its password. Keep in sync with `.ci/install-deps.sh` and `scripts/local-server`.
pub const FTPSTEST_PASSWORD: &str = "ftpstest-Secret-1";

/// Where `.ci/install-deps.sh` unpacks ProFTPD (override with `FTPS_PROFTPD`).
pub const PROFTPD_DEFAULT: &str = "/opt/ftps-test/proftpd/usr/sbin/proftpd";
/// Debian's vsftpd (override with `FTPS_VSFTPD`).
pub const VSFTPD_DEFAULT: &str = "/usr/sbin/vsftpd";
/// PAM service written by `.ci/install-deps.sh` (password check only, no shell check).
pub const PAM_SERVICE: &str = "ftps-test";
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Vsftpd,
    Proftpd,
    /// ftp-srv from npm (explicit FTPS; no MLSD, LIST only).
    FtpSrv,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Vsftpd => "vsftpd",
            Kind::Proftpd => "ProFTPD",
            Kind::FtpSrv => "ftp-srv",
        })
    }
}

/// A running server instance; dropping it stops the server.
pub struct Server {
    pub kind: Kind,
    /// Implicit FTPS (TLS from the first byte) instead of explicit `AUTH TLS`.
    pub implicit: bool,
    pub user: String,
    pub password: String,
    port: u16,
    pasv: (u16, u16),
    /// Listening on `::1` instead of `127.0.0.1`.
    ipv6: bool,
    data: PathBuf,
    pid_file: PathBuf,
    logs: Vec<PathBuf>,
    child: Child,
    dir: Option<tempfile::TempDir>,
    _pasv_lease: PasvLease,
}

/// A vsftpd instance (`None` after a `SKIP:` line when vsftpd or the test user is missing).
pub fn vsftpd(implicit: bool) -> Option<Server> {
    start(Kind::Vsftpd, implicit)
}

/// A ProFTPD instance (`None` after a `SKIP:` line when ProFTPD or the test user is missing).
pub fn proftpd(implicit: bool) -> Option<Server> {
    start(Kind::Proftpd, implicit)
}

/// ProFTPD that demands a client certificate signed by the test CA
/// (`TLSVerifyClient on`): mutual TLS.
pub fn proftpd_client_auth() -> Option<Server> {
    start_with(Kind::Proftpd, false, Extra { verify_client: true, ..Extra::default() })
}

/// ProFTPD with `TLSProtocol TLSv1.3`: the hardened configuration that
/// refuses TLS 1.2 (and so the usual way out of its TLS 1.3 ticket shortage).
pub fn proftpd_tls13_only(implicit: bool) -> Option<Server> {
    start_with(Kind::Proftpd, implicit, Extra { tls13_only: true, ..Extra::default() })
}

/// ProFTPD with `TLSProtocol TLSv1.2` (an older or cautious configuration).
pub fn proftpd_tls12_only(implicit: bool) -> Option<Server> {
    start_with(Kind::Proftpd, implicit, Extra { tls12_only: true, ..Extra::default() })
}

/// [`proftpd_tls13_only`] that also limits the sessions one client host may
/// hold at once (`MaxClientsPerHost`).
pub fn proftpd_tls13_only_limited(implicit: bool, max_per_host: u32) -> Option<Server> {
    start_with(
        Kind::Proftpd,
        implicit,
        Extra { tls13_only: true, max_per_host: Some(max_per_host), ..Extra::default() },
    )
}

/// Configuration beyond the defaults every instance shares.
#[derive(Debug, Clone, Copy, Default)]
struct Extra {
    /// ProFTPD: `TLSVerifyClient on` with the test CA (mutual TLS).
    verify_client: bool,
    /// ProFTPD: `TLSProtocol TLSv1.3` instead of `TLSv1.2 TLSv1.3`.
    tls13_only: bool,
    /// ProFTPD: `TLSProtocol TLSv1.2` instead of `TLSv1.2 TLSv1.3`.
    tls12_only: bool,
    /// ProFTPD: `MaxClientsPerHost`.
    max_per_host: Option<u32>,
    /// ProFTPD: `mod_digest` and a command log (see [`proftpd_digest`]).
    digest: bool,
    /// Listen on `::1` instead of 127.0.0.1 (vsftpd `listen_ipv6=YES`,
    /// ProFTPD `UseIPv6 on`).
    ipv6: bool,
    /// ProFTPD: `mod_deflate` (`MODE Z`), with `mod_digest` and the command log.
    deflate: bool,
    /// vsftpd: `lock_upload_files=NO` (see [`vsftpd_unlocked`]).
    unlocked_uploads: bool,
}

/// ProFTPD with `mod_digest`: `HASH` (SHA-256, SHA-512, SHA-1, MD5, CRC32)
/// and the X-commands, `REST` before `STOR` allowed (`put -c`), plus a
/// command log (`Server::commands`).
pub fn proftpd_digest() -> Option<Server> {
    start_with(Kind::Proftpd, false, Extra { digest: true, ..Extra::default() })
}

/// ProFTPD with `mod_deflate` (FEAT lists `MODE Z`) as well as everything
/// [`proftpd_digest`] has, so compressed transfers can be verified against
/// the server's digests of its uncompressed copy and its command log read.
pub fn proftpd_deflate() -> Option<Server> {
    start_with(Kind::Proftpd, false, Extra { digest: true, deflate: true, ..Extra::default() })
}

/// vsftpd with `lock_upload_files=NO`: concurrent `STOR`s into one file
/// proceed at once (the default lock makes each wait for the one before),
/// so a segmented upload can write its ranges in parallel.
pub fn vsftpd_unlocked() -> Option<Server> {
    start_with(Kind::Vsftpd, false, Extra { unlocked_uploads: true, ..Extra::default() })
}

/// vsftpd listening on `::1` only.
pub fn vsftpd_ipv6(implicit: bool) -> Option<Server> {
    server_ipv6(Kind::Vsftpd, implicit)
}

/// Either kind listening on `::1` only.
pub fn server_ipv6(kind: Kind, implicit: bool) -> Option<Server> {
    start_with(kind, implicit, Extra { ipv6: true, ..Extra::default() })
}

/// An ftp-srv instance (`None` after a `SKIP:` line when node or ftp-srv is missing).
pub fn ftpsrv(implicit: bool) -> Option<Server> {
    start(Kind::FtpSrv, implicit)
}

/// Either kind.
pub fn server(kind: Kind, implicit: bool) -> Option<Server> {
    start(kind, implicit)
}

impl Server {
    /// `scheme://127.0.0.1:PORT` (or `[::1]`; no trailing slash), e.g. `srv.url("ftpes")`.
    pub fn url(&self, scheme: &str) -> String {
        let host = if self.ipv6 { "[::1]" } else { "127.0.0.1" };
        format!("{scheme}://{host}:{}", self.port)
    }

    /// The URL base with the scheme matching this server's mode: `ftpes://`
    /// for explicit, `ftps://` for implicit.
    pub fn base_url(&self) -> String {
        self.url(if self.implicit { "ftps" } else { "ftpes" })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The passive port range this instance uses (inclusive).
    pub fn pasv_range(&self) -> (u16, u16) {
        self.pasv
    }

    /// The logged-in user's root (the chroot) as a local directory.
    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// `data_dir()/rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.data.join(rel.trim_start_matches('/'))
    }

    /// Creates `rel` (and parents) inside the data dir, owned by the FTP user.
    pub fn mkdir(&self, rel: &str) -> PathBuf {
        let path = self.path(rel);
        let mut cur = self.data.clone();
        for comp in Path::new(rel.trim_start_matches('/')).components() {
            cur.push(comp);
            if !cur.exists() {
                fs::create_dir(&cur).unwrap_or_else(|e| panic!("mkdir {}: {e}", cur.display()));
                fs::set_permissions(&cur, fs::Permissions::from_mode(0o755)).unwrap();
                chown_to_ftp_user(&cur);
            }
        }
        path
    }

    /// Writes a fixture file inside the data dir (parents created), owned by
    /// the FTP user so the server may also overwrite or delete it.
    pub fn write_file(&self, rel: &str, contents: &[u8]) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = Path::new(rel.trim_start_matches('/')).parent()
            && !parent.as_os_str().is_empty()
        {
            self.mkdir(&parent.to_string_lossy());
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        chown_to_ftp_user(&path);
        path
    }

    /// An `ftps` command for this server: `--ca-file` (the test CA), `-u`, and
    /// the password in `FTPS_PASSWORD`; append the subcommand and its arguments.
    pub fn client(&self, home: &Path) -> Command {
        let mut cmd = ftps(home);
        cmd.arg("--ca-file").arg(&pki().ca_pem).arg("-u").arg(&self.user).env("FTPS_PASSWORD", &self.password);
        cmd
    }

    /// Paths of the server's own output and logs (stderr, server log, TLS log...).
    pub fn log_paths(&self) -> &[PathBuf] {
        &self.logs
    }

    /// The tail of every log, for assertion messages.
    /// Asserts `out` exited with `code`, showing both sides on failure.
    #[track_caller]
    pub fn expect_code(&self, out: &crate::harness::Output, code: i32) {
        assert_eq!(
            out.code,
            code,
            "{}: expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}\n{}",
            self.kind,
            out.code,
            out.stdout,
            out.stderr,
            self.logs()
        );
    }

    /// The command log of a [`proftpd_digest`] server: one `VERB arg` a line.
    pub fn commands(&self) -> String {
        let dir = self.pid_file.parent().expect("pid file in the server dir");
        fs::read_to_string(dir.join("commands.log")).unwrap_or_default()
    }

    /// What `mod_deflate` logged on a [`proftpd_deflate`] server (one line
    /// per compressed transfer, with the byte counts both ways).
    pub fn deflate_log(&self) -> String {
        let dir = self.pid_file.parent().expect("pid file in the server dir");
        fs::read_to_string(dir.join("deflate.log")).unwrap_or_default()
    }

    pub fn logs(&self) -> String {
        let mut s = String::new();
        for path in &self.logs {
            s.push_str(&format!("--- {} ({}):\n", self.kind, path.display()));
            if self.kind == Kind::FtpSrv && path.file_name().is_some_and(|n| n == "ftp-srv.log") {
                // Its log is JSON lines: show the dialogue instead.
                let text = fs::read_to_string(path).unwrap_or_default();
                let d = dialogue(&text);
                let lines: Vec<&str> = d.lines().collect();
                s.push_str(&lines[lines.len().saturating_sub(80)..].join("\n"));
                s.push('\n');
            } else {
                s.push_str(&tail(path, 60));
            }
        }
        s
    }

    /// ftp-srv: the whole dialogue it logged (see [`dialogue`]); empty for
    /// the other kinds.
    pub fn dialogue(&self) -> String {
        if self.kind != Kind::FtpSrv {
            return String::new();
        }
        self.logs.get(1).map(|p| dialogue(&fs::read_to_string(p).unwrap_or_default())).unwrap_or_default()
    }

    fn stop(&mut self) {
        let pid = fs::read_to_string(&self.pid_file)
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            .unwrap_or_else(|| self.child.id());
        // The server runs in its own process group (led by the child we
        // spawned); signal the group so session processes go too.
        signal(&format!("-{}", self.child.id()), "TERM");
        if pid != self.child.id() {
            signal(&pid.to_string(), "TERM");
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                _ => {
                    signal(&format!("-{}", self.child.id()), "KILL");
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        // Session processes of the group.
        signal(&format!("-{}", self.child.id()), "KILL");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if thread::panicking() {
            let dir = self.dir.take().map(|d| d.keep());
            eprintln!(
                "{} ({}, port {}) logs, kept in {}:",
                self.kind,
                if self.implicit { "implicit" } else { "explicit" },
                self.port,
                dir.as_deref().unwrap_or(Path::new("?")).display()
            );
            eprintln!("{}", self.logs());
        }
    }
}
