//! `ftps probe`: each step reported and timed, `--json` fields, the first
//! blocking failure's exit code, a foreign passive address, and what is
//! reported without credentials, `--write` (one upload, renamed, checked,
//! deleted), the next step for each failure, pipelining, and TLS versions
//! a server does not offer; against the in-process server and real
//! vsftpd/ProFTPD in both modes.

use std::net::Ipv4Addr;

use serde_json::Value;

use crate::certs::pki;
use crate::edge::{client, ctx, with_file};
use crate::harness::{ftps, run, scratch};
use crate::servers::{Kind, proftpd_tls12_only, server};

/// A probe opens up to five control connections (TCP, TLS, each version, login).
const CONNECTIONS: usize = 8;

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

fn step<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["steps"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == name))
        .unwrap_or_else(|| panic!("no step {name}: {v}"))
}

/// The fields every successful probe with credentials fills in.
fn check_full(v: &Value) {
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["login"], "ok", "{v}");
    let cert = &v["certificate"];
    assert_eq!(cert["verified"], true, "{v}");
    assert!(cert["sha256"].as_str().is_some_and(|s| s.starts_with("sha256:") && s.len() == 71), "{v}");
    assert!(cert["days_left"].as_i64().is_some_and(|d| d > 0), "{v}");
    assert!(v["tls_versions"].as_array().is_some_and(|a| !a.is_empty()), "{v}");
    assert!(v["tls"]["group"].as_str().is_some_and(|g| !g.is_empty()), "key exchange group: {v}");
    assert!(v["features"]["size"].is_boolean(), "{v}");
    assert_eq!(v["protection"], true, "{v}");
    for name in ["tcp", "tls", "tls1.2", "tls1.3", "login", "listing", "pasv"] {
        assert!(step(v, name)["ms"].is_u64(), "{name}: {v}");
    }
    for name in ["tcp", "tls", "login", "listing"] {
        assert_eq!(step(v, name)["ok"], true, "{name}: {v}");
    }
}

/// The steps `--write` adds, all passed.
fn check_written(v: &Value) {
    assert_eq!(v["uploads"], "ok", "{v}");
    for name in ["upload", "rename", "check", "delete"] {
        assert_eq!(step(v, name)["ok"], true, "{name}: {v}");
        assert!(step(v, name)["ms"].is_u64(), "{name}: {v}");
    }
    let w = &v["write"];
    assert!(w["temp"].as_str().is_some_and(|t| t.ends_with(".ftps-upload")), "the uploads' temporary name: {v}");
    assert!(w["bytes"].as_u64().is_some_and(|b| b > 0), "{v}");
    assert_eq!(w["size_checked"], true, "{v}");
    assert!(w["left_behind"].is_null(), "{v}");
}

#[test]
fn fake_server_both_modes_json() {
    for implicit in [false, true] {
        let b = with_file().max_connections(CONNECTIONS);
        let server = if implicit { b.implicit() } else { b }.start();
        let s = scratch();
        let scheme = if implicit { "ftps" } else { "ftpes" };
        let (out, _) = client(&s, &["probe", "--json", &server.url(scheme, "u:p", "/pub/")]);
        assert_eq!(out.code, 0, "{}", ctx(&out, &server));
        let v = json(&out.stdout);
        check_full(&v);
        assert_eq!(v["mode"], if implicit { "implicit" } else { "explicit" });
        assert_eq!(v["passive_address_mismatch"], false, "{}", ctx(&out, &server));
        assert_eq!(v["listing_entries"], 1, "{}", ctx(&out, &server));
        // The in-process server does not insist on TLS session reuse.
        assert_eq!(v["session_reuse_required"], false, "{}", ctx(&out, &server));
        let fresh = server.data_connections().into_iter().filter(|d| d.tls && !d.resumed).count();
        assert_eq!(fresh, 1, "one data connection without resumption: {}", ctx(&out, &server));
    }
}

#[test]
fn offered_digests_are_listed_strongest_first() {
    let base = crate::fake::default_feat();
    let mut feat: Vec<&str> = base.iter().map(String::as_str).collect();
    feat.extend(["HASH SHA-1*;MD5;SHA-256", "XSHA512", "XCRC"]);
    let server = with_file().max_connections(2 * CONNECTIONS).feat(&feat).start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--json", &server.url("ftpes", "u:p", "/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    assert_eq!(v["hash_algorithms"], serde_json::json!(["SHA-256", "SHA-512", "SHA-1", "MD5", "CRC32"]), "{v}");
    let (out, _) = client(&s, &["probe", &server.url("ftpes", "u:p", "/")]);
    assert!(out.stdout.contains("digests (HASH / X-commands): SHA-256, SHA-512, SHA-1, MD5, CRC32"), "{}", out.stdout);
}

#[test]
fn a_foreign_passive_address_is_reported() {
    let server = with_file().max_connections(2 * CONNECTIONS).pasv_address(Ipv4Addr::new(10, 9, 8, 7)).start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--json", &server.url("ftpes", "u:p", "/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    assert_eq!(v["passive_address_mismatch"], true, "{}", ctx(&out, &server));
    assert!(v["passive_address"].as_str().is_some_and(|a| a.starts_with("10.9.8.7:")), "{v}");
    let hint = step(&v, "pasv")["hint"].as_str().unwrap_or_default().to_string();
    assert!(hint.contains("a private or unroutable address (10.9.8.7)") && hint.contains("ftps ignores it"), "{v}");
    assert!(out.stderr.contains("passive address other than its own"), "{}", out.stderr);
    // The text form says so too.
    let (out, _) = client(&s, &["probe", &server.url("ftpes", "u:p", "/")]);
    assert!(out.stdout.contains("DIFFERS from the control peer"), "{}", ctx(&out, &server));
}

#[test]
fn without_credentials_it_reports_up_to_login_and_exits_0() {
    let server = with_file().max_connections(CONNECTIONS).start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--json", &format!("ftpes://{}/", server.addr())]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    assert_eq!(v["login"], "skipped", "{v}");
    assert_eq!(v["certificate"]["verified"], true, "{v}");
    assert!(v["features"].is_null(), "{v}");
    assert!(out.stderr.contains("login skipped (no credentials)"), "{}", out.stderr);
    assert!(
        !server.commands().iter().any(|c| c.starts_with("USER") || c.starts_with("PASS")),
        "{:?}",
        server.commands()
    );
}

/// A URL of the wrong mode fails the "mode" step with the exit code `ls`
/// would give it (2) and the scheme to use, and the probe goes on in the
/// mode the port speaks: `mode` is that one, `url_mode` the URL's.
#[test]
fn a_wrong_mode_is_reported_and_the_probe_goes_on_in_the_ports_mode() {
    for implicit in [true, false] {
        let b = with_file().max_connections(2 * CONNECTIONS);
        let server = if implicit { b.implicit() } else { b }.start();
        let s = scratch();
        let (wrong, fix, port_mode, url_mode) = if implicit {
            ("ftpes", "use ftps://", "implicit", "explicit")
        } else {
            ("ftps", "use ftpes://", "explicit", "implicit")
        };
        let (out, _) = client(&s, &["probe", "--json", &server.url(wrong, "u:p", "/pub/")]);
        assert_eq!(out.code, 2, "{}", ctx(&out, &server));
        assert!(out.stderr.contains(fix), "{}", out.stderr);
        let v = json(&out.stdout);
        assert_eq!(v["ok"], false, "{v}");
        assert_eq!((v["mode"].as_str(), v["url_mode"].as_str()), (Some(port_mode), Some(url_mode)), "{v}");
        assert_eq!(v["mode_mismatch"], true, "{v}");
        assert_eq!(step(&v, "mode")["ok"], false, "{v}");
        for name in ["tls", "login", "listing"] {
            assert_eq!(step(&v, name)["ok"], true, "{name} in the port's mode: {v}");
        }
        assert_eq!(v["listing_entries"], 1, "{v}");
        let (out, _) = client(&s, &["probe", &server.url(wrong, "u:p", "/pub/")]);
        assert_eq!(out.code, 2, "{}", ctx(&out, &server));
        assert!(out.stdout.contains(&format!("mode: MISMATCH: the port speaks {port_mode} FTPS")), "{}", out.stdout);
        assert!(out.stdout.contains("verdict: FAILED"), "{}", out.stdout);
    }
}

/// With a proxy, every connection of the probe goes through it, the mode
/// check's included (it used to go to the proxy's address on the FTP port,
/// with a ClientHello naming the FTP host). The proxy listens on 127.0.0.2
/// and a listener there on the FTP port catches anything sent around it.
#[test]
fn a_probe_through_a_proxy_sends_nothing_around_it() {
    use crate::proxy::{Kind as ProxyKind, TestProxy, all_through};
    let server = with_file().max_connections(2 * CONNECTIONS).implicit().start();
    let proxy = TestProxy::start_on("127.0.0.2", ProxyKind::Socks5, false);
    let around = std::net::TcpListener::bind(("127.0.0.2", server.port())).expect("bind 127.0.0.2");
    around.set_nonblocking(true).unwrap();
    let s = scratch();
    let purl = proxy.url("socks5", "");
    let (out, _) =
        client(&s, &["--timeout", "8", "--proxy", &purl, "probe", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    let v = json(&out.stdout);
    assert!(around.accept().is_err(), "a connection went around the proxy\n{}", ctx(&out, &server));
    assert_eq!(v["mode_mismatch"], true, "{}", ctx(&out, &server));
    assert_eq!(v["login"], "ok", "{}", ctx(&out, &server));
    all_through(&proxy, &server, "127.0.0.1", &out);
}

#[test]
fn an_unverified_certificate_is_shown_and_exits_4() {
    let server = with_file().max_connections(CONNECTIONS).start();
    let s = scratch();
    // No --ca-file: the test CA is unknown.
    let mut cmd = ftps(&s.home);
    cmd.args(["probe", "--json", &server.url("ftpes", "u:p", "/")]);
    let out = run(&mut cmd);
    assert_eq!(out.code, 4, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    assert_eq!(v["certificate"]["verified"], false, "{v}");
    assert!(v["certificate"]["sha256"].as_str().is_some_and(|s| s.starts_with("sha256:")), "{v}");
    assert!(out.stderr.contains("--ca-file"), "{}", out.stderr);
}

#[test]
fn an_expired_certificate_is_reported_with_negative_days_left() {
    let server = with_file().max_connections(CONNECTIONS).leaf(&pki().expired).start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--json", &server.url("ftpes", "u:p", "/")]);
    assert_eq!(out.code, 4, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    let cert = &v["certificate"];
    assert_eq!(cert["verified"], false, "{v}");
    assert!(cert["days_left"].as_i64().is_some_and(|d| d < 0), "{v}");
    assert_eq!(cert["sha256"], pki().expired.sha256(), "{v}");
    assert!(out.stderr.contains("certificate expired"), "{}", out.stderr);
}

#[test]
fn real_servers_both_modes() {
    for kind in [Kind::Vsftpd, Kind::Proftpd] {
        for implicit in [false, true] {
            let Some(srv) = server(kind, implicit) else { return };
            let s = scratch();
            let text = run(srv.client(&s.home).args(["probe", &format!("{}/", srv.base_url())]));
            srv.expect_code(&text, 0);
            println!("{kind} implicit={implicit}:\n{}", text.stdout);
            let out = run(srv.client(&s.home).args(["probe", "--write", "--json", &format!("{}/", srv.base_url())]));
            srv.expect_code(&out, 0);
            let v = json(&out.stdout);
            check_full(&v);
            check_written(&v);
            let left: Vec<_> = std::fs::read_dir(srv.data_dir())
                .map(|d| d.flatten().map(|e| e.file_name()).collect())
                .unwrap_or_default();
            assert!(left.is_empty(), "{kind} {implicit}: the scratch file is gone: {left:?}");
            assert_eq!(v["pipelining"], true, "{kind} {implicit}: known to answer in order: {v}");
            assert!(v["tls13_tickets_after_listing"].is_u64(), "{kind} {implicit}: {v}");
            assert_eq!(v["passive_address_mismatch"], false, "{kind} {implicit}: {v}");
            // Both are configured to require reuse (require_ssl_reuse, ProFTPD's default).
            assert_eq!(v["session_reuse_required"], true, "{kind} {implicit}: {v}");
            assert!(v["reuse_refusal"].as_str().is_some_and(|r| !r.is_empty()), "{kind} {implicit}: {v}");
            // Without credentials: everything up to login.
            let mut anon = ftps(&s.home);
            anon.arg("--ca-file").arg(&pki().ca_pem).args(["probe", &format!("{}/", srv.base_url())]);
            let out = run(&mut anon);
            srv.expect_code(&out, 0);
            println!("{kind} implicit={implicit}, no credentials:\n{}", out.stdout);
            assert!(out.stdout.contains("login: skipped"), "{kind} {implicit}: {}", out.stdout);
            assert!(out.stdout.contains("TLS versions accepted: 1.2"), "{kind} {implicit}: {}", out.stdout);
        }
    }
}

/// `--write` against a writable server: stored under the temporary name
/// uploads use, renamed, checked (SIZE and the server's SHA-256), deleted;
/// the directory holds what it held before.
#[test]
fn write_stores_renames_checks_and_deletes_a_scratch_file() {
    let server = with_file().max_connections(2 * CONNECTIONS).xsha256(false).start();
    let before = server.files();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--write", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    check_full(&v);
    check_written(&v);
    assert_eq!(v["write"]["digest"], "SHA-256", "{v}");
    assert!(v["write"]["file"].as_str().is_some_and(|f| f.starts_with("pub/ftps-probe-")), "{v}");
    let commands = server.commands();
    let temp = v["write"]["temp"].as_str().unwrap_or_default();
    for cmd in [format!("STOR {temp}"), format!("RNFR {temp}")] {
        assert!(commands.contains(&cmd), "{cmd}: {commands:?}");
    }
    assert!(commands.iter().any(|c| c.starts_with("DELE pub/ftps-probe-")), "{commands:?}");
    assert_eq!(server.files(), before, "the scratch file is gone");
    // The text form says what was tested.
    let (out, _) = client(&s, &["probe", "--write", &server.url("ftpes", "u:p", "/pub/")]);
    assert!(out.stdout.contains("uploads: ok (stored, renamed, checked, SIZE, SHA-256, deleted)"), "{}", out.stdout);
    assert!(out.stdout.contains("verdict: ok (listings and uploads work)"), "{}", out.stdout);
    assert_eq!(server.files(), before, "the scratch file is gone");
}

/// Without `--write` nothing is written and the verdict does not claim
/// that uploads work.
#[test]
fn without_write_uploads_are_reported_untested() {
    let server = with_file().max_connections(2 * CONNECTIONS).start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    assert_eq!(v["uploads"], "not_tested", "{v}");
    assert!(v["write"].is_null(), "{v}");
    let (out, _) = client(&s, &["probe", &server.url("ftpes", "u:p", "/pub/")]);
    assert!(out.stdout.contains("uploads: not tested (--write tests them)"), "{}", out.stdout);
    assert!(out.stdout.contains("verdict: ok (listings work; uploads not tested"), "{}", out.stdout);
    let written = ["STOR", "RNFR", "RNTO", "DELE", "APPE", "MKD"];
    let commands = server.commands();
    assert!(!commands.iter().any(|c| written.iter().any(|w| c.starts_with(w))), "{commands:?}");
}

/// A server refusing STOR: the "upload" step fails with the exit code a
/// refused `put` gives, and the next step names the directory.
#[test]
fn write_against_a_server_refusing_uploads_names_the_step() {
    let server = with_file().max_connections(2 * CONNECTIONS).reply_to("STOR", "553 Could not create file.").start();
    let s = scratch();
    let url = server.url("ftpes", "u:p", "/pub/");
    let (out, _) = client(&s, &["probe", "--write", "--json", &url]);
    let v = json(&out.stdout);
    assert_eq!(v["ok"], false, "{}", ctx(&out, &server));
    assert_eq!(v["uploads"], "failed", "{v}");
    let upload = step(&v, "upload");
    assert_eq!(upload["ok"], false, "{v}");
    assert_eq!(upload["hint"], "uploads are refused: check write permission on pub/", "{v}");
    assert!(out.stderr.contains("step \"upload\" failed"), "{}", out.stderr);
    assert!(out.stderr.contains("next step: uploads are refused"), "{}", out.stderr);
    std::fs::write(s.work.join("a.txt"), b"a").unwrap();
    let (put, _) = client(&s, &["put", s.work.join("a.txt").to_str().unwrap_or_default(), &url]);
    assert_ne!(put.code, 0, "{}", ctx(&put, &server));
    assert_eq!(out.code, put.code, "the exit code of a refused put\n{}", ctx(&out, &server));
    let (out, _) = client(&s, &["probe", "--write", &url]);
    assert!(out.stdout.contains("uploads: FAILED at step \"upload\""), "{}", out.stdout);
    assert!(out.stdout.contains("verdict: FAILED"), "{}", out.stdout);
}

/// A server refusing renames: the "rename" step fails and points at
/// `--no-temp`; the temporary file is removed again.
#[test]
fn write_against_a_server_refusing_renames_suggests_no_temp() {
    let server = with_file().max_connections(2 * CONNECTIONS).refuse_rename().start();
    let before = server.files();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--write", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    assert_ne!(out.code, 0, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    assert_eq!(step(&v, "upload")["ok"], true, "{v}");
    assert_eq!(step(&v, "rename")["ok"], false, "{v}");
    assert!(step(&v, "rename")["hint"].as_str().is_some_and(|h| h.contains("--no-temp")), "{v}");
    assert!(out.stderr.contains("--no-temp"), "{}", out.stderr);
    assert_eq!(server.files(), before, "the temporary file is gone");
}

/// Passive data connections that never get through: the listing fails,
/// one listing in active mode shows that `--active` works, and that is the
/// next step; the exit code stays the passive failure's.
#[test]
fn a_passive_timeout_suggests_active_mode() {
    let server = with_file().max_connections(2 * CONNECTIONS).passive_unanswered().start();
    let s = scratch();
    let (out, _) = client(&s, &["--timeout", "2", "probe", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    assert_eq!(out.code, 3, "a timeout: {}", ctx(&out, &server));
    let v = json(&out.stdout);
    let listing = step(&v, "listing");
    assert_eq!(listing["ok"], false, "{v}");
    assert!(listing["hint"].as_str().is_some_and(|h| h.ends_with("active ones do: use --active")), "{v}");
    assert_eq!(step(&v, "active")["ok"], true, "{v}");
    assert!(server.commands().iter().any(|c| c.starts_with("EPRT") || c.starts_with("PORT")), "{}", server.log());
    assert!(out.stderr.contains("step \"listing\" failed"), "{}", out.stderr);
    assert!(out.stderr.contains("next step: passive data connections do not get through"), "{}", out.stderr);
    let (out, _) = client(&s, &["--timeout", "2", "probe", &server.url("ftpes", "u:p", "/pub/")]);
    assert!(out.stdout.contains("next step: passive data connections do not get through"), "{}", out.stdout);
    let active = out.stdout.lines().find(|l| l.trim_start().starts_with("active")).unwrap_or_default();
    assert!(active.contains(" ok ") && active.contains("a listing in active mode worked"), "{}", out.stdout);
}

/// Whether commands are pipelined, and why: the in-process server is not
/// known to answer in order; one greeting like vsftpd's is; one that
/// greets like vsftpd but answers the pipelined login out of order is
/// caught at it.
#[test]
fn pipelining_is_reported_with_its_reason() {
    let vsftpd = Some("220 (vsFTPd 3.0.5)");
    for (greeting, reorder, pipelined, line) in [
        (None, false, false, "pipelining: no: one command at a time (server not known to answer in order)"),
        (vsftpd, false, true, "pipelining: yes (server known to answer in order)"),
        (vsftpd, true, false, "pipelining: no: the server answered out of order"),
    ] {
        let mut b = with_file().max_connections(4 * CONNECTIONS);
        if let Some(g) = greeting {
            b = b.greeting_line(g);
        }
        if reorder {
            b = b.reorder(&["PASS"]);
        }
        let server = b.start();
        let s = scratch();
        let (out, _) = client(&s, &["probe", "--json", &server.url("ftpes", "u:p", "/pub/")]);
        assert_eq!(out.code, 0, "{}", ctx(&out, &server));
        let v = json(&out.stdout);
        assert_eq!(v["pipelining"], pipelined, "{v}");
        let (out, _) = client(&s, &["probe", &server.url("ftpes", "u:p", "/pub/")]);
        assert!(out.stdout.contains(line), "{}", out.stdout);
    }
}

/// A server speaking TLS 1.2 only: TLS 1.3 is "not offered", no failure,
/// and the verdict is ok.
#[test]
fn a_tls12_only_server_is_not_a_failure() {
    for implicit in [false, true] {
        let Some(srv) = proftpd_tls12_only(implicit) else { return };
        let s = scratch();
        let out = run(srv.client(&s.home).args(["probe", &format!("{}/", srv.base_url())]));
        srv.expect_code(&out, 0);
        assert!(!out.stdout.contains("FAILED"), "{}", out.stdout);
        let tls13 = out.stdout.lines().find(|l| l.trim_start().starts_with("tls1.3")).unwrap_or_default();
        assert!(tls13.contains("not offered by the server (fine: TLS 1.2 is used)"), "{}", out.stdout);
        assert!(out.stdout.contains("verdict: ok"), "{}", out.stdout);
        let out = run(srv.client(&s.home).args(["probe", "--json", &format!("{}/", srv.base_url())]));
        srv.expect_code(&out, 0);
        let v = json(&out.stdout);
        assert_eq!(v["ok"], true, "{v}");
        assert_eq!(v["tls_versions"], serde_json::json!(["1.2"]), "{v}");
        assert_eq!(step(&v, "tls1.3")["ok"], true, "{v}");
    }
}

/// A refused login fails the "login" step (exit 5) and the next step
/// lists where a password comes from.
#[test]
fn a_refused_login_points_at_the_password_sources() {
    let server = with_file().max_connections(CONNECTIONS).reject_login().start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    assert_eq!(out.code, 5, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    let hint = step(&v, "login")["hint"].as_str().unwrap_or_default().to_string();
    assert!(hint.starts_with("login refused") && hint.contains("--password-file"), "{v}");
    assert!(out.stderr.contains("next step: login refused"), "{}", out.stderr);
}

/// A server refusing `PROT P`: the login step fails (exit 4, as for any
/// command) and the next step says encrypted data connections are not allowed.
#[test]
fn a_refused_prot_p_says_encrypted_data_is_not_allowed() {
    let server = with_file().max_connections(CONNECTIONS).refuse_prot_p().start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    assert_eq!(out.code, 4, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    let hint = step(&v, "login")["hint"].as_str().unwrap_or_default().to_string();
    assert!(hint.starts_with("the server does not allow encrypted data connections"), "{v}");
}

/// Real servers refusing uploads (a directory the user cannot write):
/// the "upload" step fails with the exit code of a refused `put`.
#[test]
fn write_to_a_read_only_directory_on_real_servers() {
    use std::os::unix::fs::PermissionsExt;
    for kind in [Kind::Vsftpd, Kind::Proftpd] {
        let Some(srv) = server(kind, false) else { return };
        let dir = srv.mkdir("ro");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let s = scratch();
        let url = format!("{}/ro/", srv.base_url());
        let out = run(srv.client(&s.home).args(["probe", "--write", "--json", &url]));
        let v = json(&out.stdout);
        assert_eq!(v["uploads"], "failed", "{kind}: {v}");
        assert_eq!(step(&v, "upload")["ok"], false, "{kind}: {v}");
        assert_eq!(step(&v, "upload")["hint"], "uploads are refused: check write permission on ro/", "{kind}: {v}");
        std::fs::write(s.work.join("a.txt"), b"a").unwrap();
        let put = run(srv.client(&s.home).arg("put").arg(s.work.join("a.txt")).arg(&url));
        assert_ne!(put.code, 0, "{kind}: {}", put.stderr);
        srv.expect_code(&out, put.code);
        assert_eq!(std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(1), 0, "{kind}: nothing left in ro/");
    }
}

/// A server that takes uploads but refuses deletes: uploads work (verdict
/// ok), the "delete" step says "no" and the report names the file left.
#[test]
fn write_where_deletes_are_refused_reports_the_file_left_behind() {
    let server = with_file().max_connections(2 * CONNECTIONS).reply_to("DELE", "550 Permission denied.").start();
    let s = scratch();
    let (out, _) = client(&s, &["probe", "--write", "--json", &server.url("ftpes", "u:p", "/pub/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v = json(&out.stdout);
    assert_eq!(v["uploads"], "ok", "{v}");
    assert_eq!(step(&v, "delete")["ok"], true, "{v}");
    assert!(step(&v, "delete")["hint"].as_str().is_some_and(|h| h.starts_with("deletes are refused")), "{v}");
    let left = v["write"]["left_behind"].as_str().unwrap_or_default();
    assert!(left.starts_with("pub/ftps-probe-") && left == v["write"]["file"], "{v}");
    assert!(server.file(&format!("/{left}")).is_some(), "{}", server.log());
    let (out, _) = client(&s, &["probe", "--write", &server.url("ftpes", "u:p", "/pub/")]);
    let delete = out.stdout.lines().find(|l| l.trim_start().starts_with("delete")).unwrap_or_default();
    assert!(delete.contains(" no "), "{}", out.stdout);
    assert!(out.stdout.contains("; not deleted: pub/ftps-probe-"), "{}", out.stdout);
}
