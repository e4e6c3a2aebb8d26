//! The server set-up itself, checked with curl.

use std::fs;
use std::process::{Command, Stdio};

use super::support::run_ok;
use crate::certs::pki;
use crate::harness::{interop_required, scratch as local};
use crate::servers::{Kind, server};

/// The server set-up itself, checked with curl (independent of `ftps`), so a
/// failing interop test can be told apart from a broken server instance.
pub(super) fn server_works_with_curl(kind: Kind, implicit: bool) {
    let curl_ok = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !curl_ok {
        assert!(!interop_required(), "FTPS_INTEROP=1 but curl is missing");
        eprintln!("SKIP: curl not installed");
        return;
    }
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    srv.write_file("dir/hello.txt", b"hello\n");
    let base =
        format!("{}://{}:{}@127.0.0.1:{}", if implicit { "ftps" } else { "ftp" }, srv.user, srv.password, srv.port());
    let curl = |args: &[&str]| {
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--ssl-reqd", "--max-time", "30", "--cacert"]).arg(&pki().ca_pem).args(args);
        run_ok(&srv, &mut cmd)
    };
    let out = curl(&[&format!("{base}/dir/")]);
    assert!(out.stdout.contains("hello.txt"), "LIST:\n{}", out.stdout);
    let out = curl(&[&format!("{base}/dir/hello.txt")]);
    assert_eq!(out.stdout, "hello\n");
    let up = l.work.join("up.txt");
    fs::write(&up, b"uploaded\n").unwrap();
    curl(&["-T", up.to_str().unwrap(), &format!("{base}/dir/up.txt")]);
    assert_eq!(fs::read(srv.path("dir/up.txt")).unwrap(), b"uploaded\n");
}
