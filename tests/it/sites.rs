//! The config file and named sites: `NAME:PATH` arguments, precedence
//! (command line > site > `[defaults]`), password sources from the config,
//! errors with file and line, the permission rule, and `ftps sites`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::certs::pki;
use crate::edge::{FILE, ctx, with_file};
use crate::fake::FakeServer;
use crate::harness::{Output, Scratch, ftps, run, scratch};

/// Writes the default config (`~/.config/ftps/config.toml`) with `mode`.
fn write_config(s: &Scratch, text: &str, mode: u32) -> PathBuf {
    let dir = s.home.join(".config/ftps");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    path
}

/// `ftps ARGS` with only the config to go on (no `--ca-file` of its own).
fn ftps_in(s: &Scratch, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

fn ca() -> String {
    pki().ca_pem.to_str().unwrap().to_string()
}

fn logins(server: &FakeServer) -> Vec<(String, String)> {
    let cmds = server.commands();
    let users = cmds.iter().filter_map(|c| c.strip_prefix("USER ")).map(str::to_string);
    let passes = cmds.iter().filter_map(|c| c.strip_prefix("PASS ")).map(str::to_string);
    users.zip(passes).collect()
}

/// A config with every layer setting user and password differently
/// (`[defaults]` may name a user but hold no password source).
fn layered(server: &FakeServer) -> String {
    format!(
        "[defaults]\nca-file = \"{ca}\"\nuser = \"dflt\"\nretries = 0\n\n\n\
         [sites.fake]\nurl = \"ftp://127.0.0.1:{port}/pub\"\nuser = \"siteuser\"\npassword-command = \"echo sitepass\"\n",
        ca = ca(),
        port = server.port()
    )
}

#[test]
fn site_values_beat_defaults_and_the_command_line_beats_both() {
    let server = with_file().start();
    let s = scratch();
    write_config(&s, &layered(&server), 0o644);

    let out = ftps_in(&s, &[], &["get", "fake:data.bin"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_eq!(fs::read(s.work.join("data.bin")).unwrap().len(), crate::edge::FILE_LEN);
    assert_eq!(logins(&server).last().unwrap(), &("siteuser".into(), "sitepass".into()));

    let out = ftps_in(&s, &[], &["-u", "cliuser", "get", "fake:data.bin", "-o", "b.bin"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_eq!(logins(&server).last().unwrap(), &("cliuser".into(), "sitepass".into()));

    // A typed option after the subcommand counts as typed, too.
    let out = ftps_in(&s, &[], &["get", "fake:data.bin", "-o", "c.bin", "--password-command", "echo clipass"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_eq!(logins(&server).last().unwrap(), &("siteuser".into(), "clipass".into()));

    // A plain URL gets [defaults] only.
    let url = server.url("ftp", "", FILE).replace("//@", "//");
    let out = ftps_in(&s, &[("FTPS_PASSWORD", "envpass")], &["get", &url, "-o", "d.bin"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_eq!(logins(&server).last().unwrap(), &("dflt".into(), "envpass".into()));
}

#[test]
fn a_sites_credentials_go_to_its_server_only() {
    let site = with_file().start();
    let other = crate::fake::Behaviour::new().file("/pub/report.csv", "a,b\n").start();
    let s = scratch();
    write_config(&s, &layered(&site), 0o600);
    let elsewhere = other.url("ftp", "someone", "/pub/report.csv");
    let out = ftps_in(&s, &[("FTPS_PASSWORD", "envpass")], &["get", "fake:data.bin", &elsewhere, "-o", "out"]);
    assert_eq!(out.code, 0, "{}\n{}", ctx(&out, &site), ctx(&out, &other));
    assert_eq!(logins(&site), [("siteuser".to_string(), "sitepass".to_string())]);
    // Before: the other server was sent USER siteuser, PASS sitepass.
    assert_eq!(logins(&other), [("someone".to_string(), "envpass".to_string())]);
}

#[test]
fn a_sites_trust_settings_go_to_its_server_only() {
    let site = with_file().start();
    let other = crate::fake::Behaviour::new().file("/pub/report.csv", "a,b\n").start();
    let s = scratch();
    // No CA anywhere: only the site's own `insecure` lets its server in.
    let text = format!(
        "[sites.fake]\nurl = \"ftp://127.0.0.1:{}/pub\"\nuser = \"u\"\npassword = \"p\"\ninsecure = true\nretries = 0\n",
        site.port()
    );
    write_config(&s, &text, 0o600);
    let elsewhere = other.url("ftp", "someone:pw", "/pub/report.csv");
    let out = ftps_in(&s, &[], &["get", "fake:data.bin", &elsewhere, "-o", "out"]);
    // Before: exit 0, the other server's certificate never checked.
    assert_eq!(out.code, 4, "{}\n{}", ctx(&out, &site), ctx(&out, &other));
    assert!(out.stderr.contains("unknown issuer"), "{}", out.stderr);
    assert_eq!(logins(&site), [("u".to_string(), "p".to_string())]);
    assert!(logins(&other).is_empty(), "nothing may be sent to an unverified server: {:?}", other.commands());
    assert!(out.stderr.contains("--insecure (site server 127.0.0.1:"), "{}", out.stderr);
}

#[test]
fn defaults_hold_no_secrets_or_trust_exceptions() {
    let s = scratch();
    for (key, value) in [
        ("password", "\"x\""),
        ("password-command", "\"echo x\""),
        ("password-file", "\"/p\""),
        ("insecure", "true"),
        ("pin", "\"sha256:00\""),
        ("cert", "\"/c.pem\""),
        ("key-password-command", "\"echo k\""),
    ] {
        let path = write_config(&s, &format!("[defaults]\nretries = 1\n{key} = {value}\n"), 0o600);
        let out = ftps_in(&s, &[], &["ls", "ftp://127.0.0.1:1/"]);
        assert_eq!(out.code, 2, "{key}: {}", out.stderr);
        let at = format!("{}:3: {key}: not allowed in [defaults]", path.display());
        assert!(out.stderr.contains(&at) && out.stderr.contains("[sites.NAME]"), "{}", out.stderr);
    }
}

#[test]
fn a_typed_no_flag_switches_a_config_flag_off() {
    let server = with_file().start();
    let s = scratch();
    let text = format!(
        "[sites.fake]\nurl = \"ftp://127.0.0.1:{}/pub\"\nuser = \"u\"\npassword = \"p\"\ninsecure = true\n",
        server.port()
    );
    write_config(&s, &text, 0o600);
    let out = ftps_in(&s, &[], &["ls", "fake:", "--no-insecure", "--retries", "0"]);
    // The certificate is checked again (and there is no CA for it).
    assert_eq!(out.code, 4, "{}", ctx(&out, &server));
    assert!(!out.stderr.contains("WARNING: --insecure"), "{}", out.stderr);
    let out = ftps_in(&s, &[], &["--insecure", "ls", "fake:", "--no-insecure"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--no-insecure and --insecure contradict each other"), "{}", out.stderr);
}

#[test]
fn literal_password_needs_a_private_file() {
    let server = with_file().password("lit-pass").start();
    let s = scratch();
    let text = format!(
        "[sites.fake]\nurl = \"ftp://127.0.0.1:{}/pub/\"\nca-file = \"{}\"\nuser = \"bob\"\npassword = \"lit-pass\"\n",
        server.port(),
        ca()
    );
    let path = write_config(&s, &text, 0o644);
    let out = ftps_in(&s, &[], &["ls", "fake:"]);
    assert_eq!(out.code, 2, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("config.toml") && out.stderr.contains("line 5"), "{}", out.stderr);
    assert!(out.stderr.contains("chmod 600") && !out.stderr.contains("lit-pass"), "{}", out.stderr);
    assert!(server.commands().is_empty(), "nothing may be sent with a refused config");

    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let out = ftps_in(&s, &[], &["ls", "fake:"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert!(out.stdout.contains("data.bin"), "{}", ctx(&out, &server));
    assert_eq!(logins(&server), [("bob".to_string(), "lit-pass".to_string())]);

    // Others may change it: refused even without a password in it.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    let out = ftps_in(&s, &[], &["sites"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("writable by other users"), "{}", out.stderr);
}

#[test]
fn config_errors_name_file_and_line() {
    let s = scratch();
    let path = write_config(&s, "[defaults]\nretries = 1\ntimeuot = 5\n", 0o600);
    let out = ftps_in(&s, &[], &["ls", "ftp://127.0.0.1:1/"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let at = format!("{}:3: timeuot: unknown key", path.display());
    assert!(out.stderr.contains(&at) && out.stderr.contains("timeout"), "{}", out.stderr);

    write_config(&s, "[defaults]\n\ntimeout = \"soon\"\n", 0o600);
    let out = ftps_in(&s, &[], &["sites"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains(&format!("{}:3: timeout: invalid value 'soon'", path.display())), "{}", out.stderr);

    write_config(&s, "[defaults]\ncompress = 1\n", 0o600);
    let out = ftps_in(&s, &[], &["sites"]);
    assert!(out.code == 2 && out.stderr.contains("config.toml:2: compress: expected true or false"), "{}", out.stderr);

    write_config(&s, "[sites.a]\nurl = \"ftps://h/\"\n[sites.a]\n", 0o600);
    let out = ftps_in(&s, &[], &["sites"]);
    assert!(out.code == 2 && out.stderr.contains("config.toml:3"), "{}", out.stderr);

    write_config(&s, "[sites.web]\nurl = \"ftps://h/\"\n", 0o600);
    let out = ftps_in(&s, &[], &["get", "wbe:x"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no site \"wbe\"") && out.stderr.contains("(sites: web)"), "{}", out.stderr);
}

#[test]
fn sites_lists_without_passwords() {
    let s = scratch();
    let text = "[sites.web]\nurl = \"ftps://deploy@web.example/htdocs/\"\npassword-command = \"pass show ftp\"\n\
                [sites.partner]\nurl = \"ftpes://partner.example:2121/\"\nuser = \"acme\"\npassword = \"hunter2\"\n\
                [sites.vault]\nurl = \"ftps://v.example/\"\npassword-file = \"~/.ftps-pass\"\n";
    write_config(&s, text, 0o600);
    let out = ftps_in(&s, &[], &["sites"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("hunter2"), "{}", out.stdout);
    let line = |name: &str| out.stdout.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_string();
    assert_eq!(line("web"), "web\tftps://deploy@web.example/htdocs/\tdeploy\tpassword: command pass show ftp");
    assert_eq!(line("partner"), "partner\tftpes://partner.example:2121/\tacme\tpassword: in the config file");
    assert_eq!(line("vault"), "vault\tftps://v.example/\tanonymous\tpassword: file ~/.ftps-pass");
}

#[test]
fn config_flag_env_and_no_config() {
    let server = with_file().start();
    let s = scratch();
    let elsewhere = s.work.join("other.toml");
    fs::write(&elsewhere, layered(&server)).unwrap();
    // Not in the default place: only --config or FTPS_CONFIG find it.
    let out = ftps_in(&s, &[], &["sites"]);
    assert!(out.code == 0 && out.stdout.contains("no config file"), "{}", out.stderr);
    let out = ftps_in(&s, &[], &["--config", elsewhere.to_str().unwrap(), "sites"]);
    assert!(out.code == 0 && out.stdout.starts_with("fake\tftp://127.0.0.1:"), "{}", out.stderr);
    let out = ftps_in(&s, &[("FTPS_CONFIG", elsewhere.to_str().unwrap())], &["ls", "fake:"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let out = ftps_in(&s, &[("FTPS_CONFIG", elsewhere.to_str().unwrap())], &["--no-config", "ls", "fake:"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let missing = ftps_in(&s, &[], &["--config", "/nonexistent/ftps.toml", "sites"]);
    assert!(missing.code == 8 && missing.stderr.contains("/nonexistent/ftps.toml"), "{}", missing.stderr);
}

#[test]
fn a_word_that_is_no_site_stays_a_local_path() {
    let server = with_file().dir("/pub/up").start();
    let s = scratch();
    write_config(&s, &layered(&server), 0o600);
    fs::create_dir(s.work.join("local:dir")).unwrap();
    fs::write(s.work.join("local:dir/a.txt"), b"hello").unwrap();
    let out = ftps_in(&s, &[], &["mirror", "local:dir", "fake:up/"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_eq!(server.file("/pub/up/a.txt").as_deref(), Some(&b"hello"[..]), "{}", ctx(&out, &server));
    assert!(Path::new(&s.work.join("local:dir/a.txt")).exists());
}

#[test]
fn site_against_real_servers() {
    for kind in [crate::servers::Kind::Vsftpd, crate::servers::Kind::Proftpd] {
        let Some(srv) = crate::servers::server(kind, false) else { continue };
        srv.write_file("outgoing/nov.csv", b"a,b\n1,2\n");
        let s = scratch();
        let pass = s.home.join("pass");
        fs::write(&pass, format!("{}\n", crate::servers::FTPSTEST_PASSWORD)).unwrap();
        fs::set_permissions(&pass, fs::Permissions::from_mode(0o600)).unwrap();
        let text = format!(
            "[defaults]\nca-file = \"{}\"\ntls-max = \"1.2\"\n[sites.partner]\nurl = \"{}/\"\nuser = \"{}\"\npassword-file = \"~/pass\"\n",
            ca(),
            srv.base_url(),
            crate::servers::FTPSTEST_USER
        );
        write_config(&s, &text, 0o644);
        let out = ftps_in(&s, &[], &["-v", "get", "partner:outgoing/nov.csv"]);
        srv.expect_code(&out, 0);
        assert_eq!(fs::read(s.work.join("nov.csv")).unwrap(), b"a,b\n1,2\n");
        assert!(out.stderr.contains("TLSv1_2") || out.stderr.contains("TLS 1.2"), "{kind}: {}", out.stderr);
    }
}

#[test]
fn options_of_the_command_come_from_the_config_too() {
    let server = with_file().start();
    let s = scratch();
    let text = layered(&server) + "json = true\nparallel = 3\n";
    write_config(&s, &text, 0o600);
    // ls has --json (and no --parallel, which is get's: left out for ls).
    let out = ftps_in(&s, &[], &["ls", "fake:"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    assert_eq!(v[0]["name"], "data.bin", "{}", out.stdout);
    write_config(&s, &(layered(&server) + "parallel = 0\n"), 0o600);
    let out = ftps_in(&s, &[], &["get", "fake:data.bin"]);
    assert_eq!(out.code, 2, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("config.toml:11: parallel: invalid value '0'"), "{}", out.stderr);
}
