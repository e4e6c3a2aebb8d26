//! `ftps probe`: each step reported and timed, `--json` fields, the first
//! blocking failure's exit code, a foreign passive address, and what is
//! reported without credentials; against the in-process server and real
//! vsftpd/ProFTPD in both modes.

use std::net::Ipv4Addr;

use serde_json::Value;

use crate::certs::pki;
use crate::edge::{client, ctx, with_file};
use crate::harness::{ftps, run, scratch};
use crate::servers::{Kind, server};

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
            let out = run(srv.client(&s.home).args(["probe", "--json", &format!("{}/", srv.base_url())]));
            srv.expect_code(&out, 0);
            let v = json(&out.stdout);
            check_full(&v);
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
