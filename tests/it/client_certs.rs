//! Client certificates as a PKCS#12 bundle and as an encrypted PKCS#8 key,
//! made here with the `openssl` CLI (as a person would) and presented to
//! ProFTPD with `TLSVerifyClient on`. A wrong passphrase is exit 4 (the
//! certificate/TLS class: the credential is the certificate, not the login).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::certs::pki;
use crate::harness::{Output, run, scratch};

fn openssl(args: &[&str]) {
    let out = Command::new("openssl").args(args).output().expect("run openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn secret_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, format!("{text}\n")).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    p
}

/// A PKCS#12 bundle (OpenSSL 3 defaults: AES-256-CBC, PBKDF2, SHA-256 MAC) and an encrypted PKCS#8 PEM key.
fn make(dir: &Path) -> (PathBuf, PathBuf) {
    let p12 = dir.join("client.bundle");
    let enc = dir.join("client-enc.key");
    let (cert, key) = (pki().client_cert_pem.to_str().unwrap(), pki().client_key_pem.to_str().unwrap());
    openssl(&[
        "pkcs12",
        "-export",
        "-in",
        cert,
        "-inkey",
        key,
        "-out",
        p12.to_str().unwrap(),
        "-passout",
        "pass:bundle pw",
    ]);
    openssl(&["pkcs8", "-topk8", "-in", key, "-out", enc.to_str().unwrap(), "-passout", "pass:key pw"]);
    assert!(fs::read_to_string(&enc).unwrap().contains("BEGIN ENCRYPTED PRIVATE KEY"));
    (p12, enc)
}

#[test]
fn pkcs12_and_encrypted_pem_keys_log_in_to_proftpd_verify_client() {
    let Some(srv) = crate::servers::proftpd_client_auth() else {
        return;
    };
    let l = scratch();
    let (p12, enc) = make(&l.work);
    srv.write_file("mtls.txt", b"mutual");
    let url = format!("{}/mtls.txt", srv.base_url());
    let get = |args: &[&std::ffi::OsStr], name: &str| -> Output {
        let dest = l.work.join(name);
        let out = run(srv.client(&l.home).current_dir(&l.work).args(args).arg("get").arg(&url).arg("-o").arg(&dest));
        if out.code == 0 {
            assert_eq!(fs::read(&dest).unwrap(), b"mutual", "{}", out.stderr);
        }
        out
    };
    let good_p12 = secret_file(&l.work, "p12.pass", "bundle pw");
    let good_key = secret_file(&l.work, "key.pass", "key pw");
    let wrong = secret_file(&l.work, "wrong.pass", "not it");

    // The bundle is named .bundle: told from PEM by its content.
    let out = get(&["--cert".as_ref(), p12.as_ref(), "--key-password-file".as_ref(), good_p12.as_ref()], "a");
    assert_eq!(out.code, 0, "PKCS#12 login failed\n{}\n{}", out.stderr, srv.logs());

    let cmd = format!("cat {}", good_key.display());
    let out = get(
        &[
            "--cert".as_ref(),
            pki().client_cert_pem.as_ref(),
            "--key".as_ref(),
            enc.as_ref(),
            "--key-password-command".as_ref(),
            cmd.as_ref(),
        ],
        "b",
    );
    assert_eq!(out.code, 0, "encrypted PEM key login failed\n{}\n{}", out.stderr, srv.logs());

    let out = get(&["--cert".as_ref(), p12.as_ref(), "--key-password-file".as_ref(), wrong.as_ref()], "c");
    assert_eq!(out.code, 4, "wrong PKCS#12 passphrase\n{}", out.stderr);
    assert!(out.stderr.contains("passphrase does not open"), "{}", out.stderr);

    let args = [
        "--cert".as_ref(),
        pki().client_cert_pem.as_os_str(),
        "--key".as_ref(),
        enc.as_os_str(),
        "--key-password-file".as_ref(),
        wrong.as_os_str(),
    ];
    let out = get(&args, "d");
    assert_eq!(out.code, 4, "wrong PEM key passphrase\n{}", out.stderr);
    assert!(out.stderr.contains("passphrase does not open"), "{}", out.stderr);

    // No terminal and no source: nothing waits; the message names the flags.
    let out = get(&["--cert".as_ref(), pki().client_cert_pem.as_ref(), "--key".as_ref(), enc.as_ref()], "e");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--key-password-file"), "{}", out.stderr);
    assert!(!l.work.join("e").exists());
}

/// At a terminal the passphrase is asked for (the bundle's name in the
/// prompt), and only because the bundle turned out to be encrypted.
#[test]
fn the_passphrase_is_asked_at_a_terminal() {
    use expectrl::{Eof, Session};
    let Some(srv) = crate::servers::proftpd_client_auth() else {
        return;
    };
    let l = scratch();
    let (p12, _) = make(&l.work);
    srv.write_file("tty.txt", b"asked");
    // Not srv.client(): that gives the binary a null stdin, and a terminal is the point here.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ftps"));
    cmd.env_clear().env("HOME", &l.home).env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.env("FTPS_PASSWORD", &srv.password).arg("--ca-file").arg(&pki().ca_pem).arg("-u").arg(&srv.user);
    cmd.current_dir(&l.work).arg("--cert").arg(&p12).arg("get").arg(format!("{}/tty.txt", srv.base_url()));
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session.expect("Passphrase for ").expect("the passphrase prompt");
    session.send_line("bundle pw").unwrap();
    session.expect(Eof).expect("the download finishes");
    assert_eq!(fs::read(l.work.join("tty.txt")).unwrap(), b"asked", "{}", srv.logs());
}
