//! What a real server needs before it can start: root, the test account,
//! the binary, its PAM service or modules. A missing piece is a reason to
//! skip (or, under `FTPS_INTEROP=1`, to fail).

use std::fs;
use std::os::unix::fs::chown;
use std::path::{Path, PathBuf};

use super::{FTPSTEST_USER, Kind, PAM_SERVICE, PROFTPD_DEFAULT, VSFTPD_DEFAULT};

pub(super) struct Account {
    pub(super) uid: u32,
    pub(super) gid: u32,
}

pub(super) fn ftp_account() -> Option<Account> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 4 || f[0] != FTPSTEST_USER {
            return None;
        }
        Some(Account { uid: f[2].parse().ok()?, gid: f[3].parse().ok()? })
    })
}

pub(super) fn chown_to_ftp_user(path: &Path) {
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
        Kind::FtpSrv => super::ftpsrv::node().unwrap_or_else(|| PathBuf::from("node")),
    }
}

/// ProFTPD's module directory next to its binary (`<root>/usr/sbin/proftpd`
/// -> `<root>/usr/lib/proftpd`), else the system one.
pub(super) fn proftpd_modules(bin: &Path) -> PathBuf {
    let candidate = bin.parent().and_then(Path::parent).map(|usr| usr.join("lib/proftpd"));
    match candidate {
        Some(dir) if dir.join("mod_tls.so").exists() => dir,
        _ => PathBuf::from("/usr/lib/proftpd"),
    }
}

pub(super) fn preflight(kind: Kind) -> Result<PathBuf, String> {
    let bin = binary(kind);
    if kind == Kind::FtpSrv
        && let Some(reason) = super::ftpsrv::missing()
    {
        return Err(reason);
    }
    if !bin.is_file() {
        return Err(format!(
            "{kind} not found at {} (run .ci/install-deps.sh{})",
            bin.display(),
            match kind {
                Kind::Proftpd => " or set FTPS_PROFTPD",
                Kind::Vsftpd => " or set FTPS_VSFTPD",
                Kind::FtpSrv => " or set FTPS_NODE",
            }
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
        // Checked above: node and the ftp-srv package.
        Kind::FtpSrv => {}
    }
    Ok(bin)
}
