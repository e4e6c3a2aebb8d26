//! Real FTPS servers on loopback for interoperability tests.
//!
//! Each [`Server`] is a private vsftpd or ProFTPD instance started from a fresh
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

#![allow(dead_code)]

use std::fmt;
use std::fs::{self, File};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{PermissionsExt, chown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::harness::{ftps, interop_required};

/// The local account both servers authenticate (see `.ci/install-deps.sh`).
pub const FTPSTEST_USER: &str = "ftpstest";
/// Its password. Keep in sync with `.ci/install-deps.sh` and `scripts/local-server`.
pub const FTPSTEST_PASSWORD: &str = "ftpstest-Secret-1";
/// `openssl passwd -6 -salt ftpsTestSalt ftpstest-Secret-1`, for ProFTPD's AuthUserFile.
const FTPSTEST_PASSWORD_CRYPT: &str =
    "$6$ftpsTestSalt$cLsRwGQ0b16T019Ms8C/DTUYyfgibNNMy9r2njrwJd1F4c6UfwVAQxlyhAY30pkJ9B0QLyi2uVWOdnqae.9qC.";

/// Where `.ci/install-deps.sh` unpacks ProFTPD (override with `FTPS_PROFTPD`).
pub const PROFTPD_DEFAULT: &str = "/opt/ftps-test/proftpd/usr/sbin/proftpd";
/// Debian's vsftpd (override with `FTPS_VSFTPD`).
pub const VSFTPD_DEFAULT: &str = "/usr/sbin/vsftpd";
/// PAM service written by `.ci/install-deps.sh` (password check only, no shell check).
pub const PAM_SERVICE: &str = "ftps-test";

/// How long a server may take to accept TCP connections after start.
const READY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Vsftpd,
    Proftpd,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Vsftpd => "vsftpd",
            Kind::Proftpd => "ProFTPD",
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

/// The digest directives (and a command log) for [`proftpd_digest`], and
/// the deflate ones for [`proftpd_deflate`].
fn digest_conf(dir: &Path, extra: Extra) -> String {
    let mut conf = String::new();
    if extra.digest {
        conf.push_str(&format!(
            "LoadModule mod_digest.c\nDigestEngine on\nDigestAlgorithms all\nAllowStoreRestart on\nLogFormat cmds \"%m %J\"\nExtendedLog {} ALL cmds\n",
            dir.join("commands.log").display()
        ));
    }
    if extra.deflate {
        conf.push_str(&format!(
            "LoadModule mod_deflate.c\nDeflateEngine on\nDeflateLog {}\n",
            dir.join("deflate.log").display()
        ));
    }
    conf
}

/// vsftpd listening on `::1` only.
pub fn vsftpd_ipv6(implicit: bool) -> Option<Server> {
    server_ipv6(Kind::Vsftpd, implicit)
}

/// Either kind listening on `::1` only.
pub fn server_ipv6(kind: Kind, implicit: bool) -> Option<Server> {
    start_with(kind, implicit, Extra { ipv6: true, ..Extra::default() })
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
            s.push_str(&tail(path, 60));
        }
        s
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

fn signal(target: &str, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg("--")
        .arg(target)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn tail(path: &Path, lines: usize) -> String {
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

// ---------------------------------------------------------------------------
// Preconditions

struct Account {
    uid: u32,
    gid: u32,
}

fn ftp_account() -> Option<Account> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 4 || f[0] != FTPSTEST_USER {
            return None;
        }
        Some(Account { uid: f[2].parse().ok()?, gid: f[3].parse().ok()? })
    })
}

fn chown_to_ftp_user(path: &Path) {
    let acct = ftp_account().expect("user ftpstest");
    chown(path, Some(acct.uid), Some(acct.gid)).unwrap_or_else(|e| panic!("chown {}: {e}", path.display()));
}

fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(2) == Some("0")))
        .unwrap_or(false)
}

fn binary(kind: Kind) -> PathBuf {
    match kind {
        Kind::Vsftpd => {
            std::env::var_os("FTPS_VSFTPD").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(VSFTPD_DEFAULT))
        }
        Kind::Proftpd => {
            std::env::var_os("FTPS_PROFTPD").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(PROFTPD_DEFAULT))
        }
    }
}

/// ProFTPD's module directory next to its binary (`<root>/usr/sbin/proftpd`
/// -> `<root>/usr/lib/proftpd`), else the system one.
fn proftpd_modules(bin: &Path) -> PathBuf {
    let candidate = bin.parent().and_then(Path::parent).map(|usr| usr.join("lib/proftpd"));
    match candidate {
        Some(dir) if dir.join("mod_tls.so").exists() => dir,
        _ => PathBuf::from("/usr/lib/proftpd"),
    }
}

fn preflight(kind: Kind) -> Result<PathBuf, String> {
    let bin = binary(kind);
    if !bin.is_file() {
        return Err(format!(
            "{kind} not found at {} (run .ci/install-deps.sh{})",
            bin.display(),
            if kind == Kind::Proftpd { " or set FTPS_PROFTPD" } else { " or set FTPS_VSFTPD" }
        ));
    }
    if !is_root() {
        return Err(format!("{kind} tests need root (PAM login, chroot)"));
    }
    if ftp_account().is_none() {
        return Err(format!("user {FTPSTEST_USER} missing (run .ci/install-deps.sh)"));
    }
    match kind {
        Kind::Vsftpd => {
            if !Path::new("/etc/pam.d").join(PAM_SERVICE).exists() {
                return Err(format!("PAM service /etc/pam.d/{PAM_SERVICE} missing (run .ci/install-deps.sh)"));
            }
        }
        Kind::Proftpd => {
            let modules = proftpd_modules(&bin);
            if !modules.join("mod_tls.so").exists() {
                return Err(format!("mod_tls.so not found in {} (install proftpd-mod-crypto)", modules.display()));
            }
        }
    }
    Ok(bin)
}

fn start(kind: Kind, implicit: bool) -> Option<Server> {
    start_with(kind, implicit, Extra::default())
}

fn start_with(kind: Kind, implicit: bool, extra: Extra) -> Option<Server> {
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

// ---------------------------------------------------------------------------
// Ports

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local_addr").port()
}

/// Passive ranges are carved out of 10000..32000 (below Linux' ephemeral
/// range, so client sockets never occupy them) in slots of `PASV_SLOT` ports.
/// A slot is leased by holding an exclusive lock on its lock file for the
/// server's lifetime, so parallel tests and parallel test processes never
/// share a range; the kernel drops the lock when a process dies, so there is
/// nothing stale to reclaim.
const PASV_BASE: u16 = 10000;
const PASV_SLOT: u16 = 100;
const PASV_SLOTS: u32 = 220;

struct PasvLease {
    /// Holds the lock; closing it releases the slot.
    _lock: File,
    range: (u16, u16),
}

fn lease_pasv_range() -> PasvLease {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join("ftps-it-pasv");
    let _ = fs::create_dir_all(&dir);
    let first = std::process::id().wrapping_mul(7919).wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed));
    for i in 0..PASV_SLOTS {
        let slot = first.wrapping_add(i) % PASV_SLOTS;
        let path = dir.join(format!("slot-{slot}.lock"));
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        match file.try_lock() {
            Ok(()) => {
                let lo = PASV_BASE + slot as u16 * PASV_SLOT;
                return PasvLease { _lock: file, range: (lo, lo + PASV_SLOT - 1) };
            }
            Err(fs::TryLockError::WouldBlock) => continue,
            Err(fs::TryLockError::Error(e)) => panic!("cannot lock {}: {e}", path.display()),
        }
    }
    panic!("all {PASV_SLOTS} passive port ranges in {} are in use", dir.display());
}

// ---------------------------------------------------------------------------
// Start-up

fn try_start(kind: Kind, implicit: bool, extra: Extra, bin: &Path) -> Result<Server, StartError> {
    let pki = pki();
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

    let (mut cmd, logs) = match kind {
        Kind::Vsftpd => {
            let empty = dir.join("empty");
            fs::create_dir(&empty).unwrap();
            fs::set_permissions(&empty, fs::Permissions::from_mode(0o555)).unwrap();
            let log = dir.join("vsftpd.log");
            let conf = dir.join("vsftpd.conf");
            let text = format!(
                "\
# Generated by tests/it/servers.rs
{listen}
listen_port={port}
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
file_open_mode=0666
chmod_enable=YES
chroot_local_user=YES
allow_writeable_chroot=YES
local_root={data}
secure_chroot_dir={empty}
pam_service_name={PAM_SERVICE}
userlist_enable=NO
tcp_wrappers=NO
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
connect_from_port_20=NO
port_enable=YES
pasv_enable=YES
pasv_min_port={pasv_lo}
pasv_max_port={pasv_hi}
max_clients=0
max_per_ip=0
use_localtime=NO
idle_session_timeout=300
data_connection_timeout=120
ascii_upload_enable=YES
ascii_download_enable=YES
ssl_enable=YES
implicit_ssl={implicit}
force_local_logins_ssl=YES
force_local_data_ssl=YES
require_ssl_reuse=YES
ssl_sslv2=NO
ssl_sslv3=NO
ssl_tlsv1=NO
ssl_request_cert=NO
ssl_ciphers=HIGH
rsa_cert_file={cert}
rsa_private_key_file={key}
xferlog_enable=YES
xferlog_std_format=NO
log_ftp_protocol=YES
debug_ssl=YES
vsftpd_log_file={log}
",
                data = data.display(),
                empty = empty.display(),
                pasv_lo = pasv.0,
                pasv_hi = pasv.1,
                implicit = if implicit { "YES" } else { "NO" },
                listen = if extra.ipv6 {
                    "listen=NO\nlisten_ipv6=YES\nlisten_address6=::1"
                } else {
                    "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1"
                },
                cert = pki.cert_pem.display(),
                key = pki.key_pem.display(),
                log = log.display(),
            );
            fs::write(&conf, text).unwrap();
            let mut cmd = Command::new(bin);
            cmd.arg(&conf);
            (cmd, vec![stderr_log.clone(), log, conf])
        }
        Kind::Proftpd => {
            let passwd = dir.join("ftpd.passwd");
            let group = dir.join("ftpd.group");
            fs::write(
                &passwd,
                format!(
                    "{FTPSTEST_USER}:{FTPSTEST_PASSWORD_CRYPT}:{}:{}::{}:/bin/false\n",
                    acct.uid,
                    acct.gid,
                    data.display()
                ),
            )
            .unwrap();
            fs::write(&group, format!("{FTPSTEST_USER}:x:{}:\n", acct.gid)).unwrap();
            fs::set_permissions(&passwd, fs::Permissions::from_mode(0o600)).unwrap();
            fs::set_permissions(&group, fs::Permissions::from_mode(0o644)).unwrap();
            let system_log = dir.join("proftpd.log");
            let tls_log = dir.join("tls.log");
            let xfer_log = dir.join("xfer.log");
            let conf = dir.join("proftpd.conf");
            let text = format!(
                "\
# Generated by tests/it/servers.rs
ServerType standalone
ServerName \"ftps-test\"
DefaultServer on
DefaultAddress {address}
Port {port}
UseIPv6 {use_ipv6}
User nobody
Group nogroup
PidFile {pid}
ScoreboardFile {dir}/proftpd.scoreboard
SystemLog {system_log}
TransferLog {xfer_log}
WtmpLog off
UseReverseDNS off
DelayTable none
MaxInstances 300
MaxLoginAttempts 3
TimeoutIdle 300
TimeoutNoTransfer 300
Umask 022
ModulePath {modules}
<IfModule mod_delay.c>
  DelayEngine off
</IfModule>
<IfModule mod_cap.c>
  CapabilitiesEngine off
</IfModule>
LoadModule mod_tls.c
AuthOrder mod_auth_file.c
AuthUserFile {passwd}
AuthGroupFile {group}
RequireValidShell off
DefaultRoot ~
PassivePorts {pasv_lo} {pasv_hi}
AllowOverwrite on
<Limit SITE_CHMOD>
  AllowAll
</Limit>
TLSEngine on
TLSLog {tls_log}
TLSRequired on
TLSProtocol {protocols}
TLSECCertificateFile {cert}
TLSECCertificateKeyFile {key}
{verify}
TLSRenegotiate none
{implicit}
{limit}
{digest}",
                address = if extra.ipv6 { "::1" } else { "127.0.0.1" },
                use_ipv6 = if extra.ipv6 { "on" } else { "off" },
                pid = pid_file.display(),
                dir = dir.display(),
                system_log = system_log.display(),
                xfer_log = xfer_log.display(),
                modules = proftpd_modules(bin).display(),
                passwd = passwd.display(),
                group = group.display(),
                pasv_lo = pasv.0,
                pasv_hi = pasv.1,
                tls_log = tls_log.display(),
                cert = pki.cert_pem.display(),
                key = pki.key_pem.display(),
                implicit = if implicit { "TLSOptions UseImplicitSSL" } else { "" },
                digest = digest_conf(&dir, extra),
                limit = extra.max_per_host.map(|n| format!("MaxClientsPerHost {n}")).unwrap_or_default(),
                protocols = match (extra.tls13_only, extra.tls12_only) {
                    (true, _) => "TLSv1.3",
                    (_, true) => "TLSv1.2",
                    _ => "TLSv1.2 TLSv1.3",
                },
                verify = if extra.verify_client {
                    format!("TLSVerifyClient on\nTLSCACertificateFile {}", pki.ca_pem.display())
                } else {
                    "TLSVerifyClient off".to_string()
                },
            );
            fs::write(&conf, text).unwrap();
            let mut cmd = Command::new(bin);
            cmd.arg("-n").arg("-c").arg(&conf);
            (cmd, vec![stderr_log.clone(), system_log, tls_log, conf])
        }
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
