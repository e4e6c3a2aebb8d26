//! Nothing injected: server text carrying terminal controls (an OSC window
//! title ended by BEL, erase-line, conceal, a C1 CSI, a right-to-left
//! override) reaches stdout and stderr only escaped, whichever way it comes:
//! the plaintext greeting, the `AUTH TLS` refusal (both forgeable by anyone
//! on the path), a failure reply, listing names (`ls`, `get` with a glob,
//! mirror failure lines), the shell's output, and the `-v` trace. Also: `!cmd`
//! children do not inherit `FTPS_PASSWORD`, and the trace hides `ACCT` and
//! password-carrying `SITE` arguments.

use std::fs;

use crate::certs::Leaf;
use crate::edge::{client, client_env, ctx};
use crate::fake::{Behaviour, FakeServer};
use crate::harness::{Output, Scratch, scratch};

/// What a hostile server sends: OSC title (BEL-terminated), erase line,
/// conceal, a C1 CSI (U+009B) and RIGHT-TO-LEFT OVERRIDE (U+202E).
const HOSTILE: &str = "\x1b]0;owned\x07\x1b[2K\x1b[8m\u{9b}31m\u{202e}gpj.exe";
/// None of these may reach a terminal raw.
const RAW: [char; 4] = ['\x1b', '\x07', '\u{9b}', '\u{202e}'];
/// How `ftps` shows [`HOSTILE`] (its control characters escaped).
const SHOWN: &str = "\\x1b]0;owned\\x07\\x1b[2K\\x1b[8m\\u{009b}31m\\u{202e}gpj.exe";

#[track_caller]
fn assert_no_raw_controls(out: &Output, server: &FakeServer) {
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(c) = text.chars().find(|c| RAW.contains(c)) {
            panic!("raw {c:?} reached {stream}\n{}", ctx(out, server));
        }
    }
    assert!(!out.stderr.contains("panicked"), "{}", ctx(out, server));
}

/// No raw control anywhere, and the escaped form is there for a person to see.
#[track_caller]
fn assert_defused(out: &Output, server: &FakeServer) {
    assert_no_raw_controls(out, server);
    let both = format!("{}{}", out.stdout, out.stderr);
    assert!(both.contains(SHOWN), "the escaped server text is not shown\n{}", ctx(out, server));
}

/// A self-signed certificate for 127.0.0.1 whose subject and issuer carry
/// [`HOSTILE`] and a line break followed by a forged message line.
fn hostile_certificate() -> Leaf {
    let key = rcgen::KeyPair::generate().expect("key");
    let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, format!("evil{HOSTILE}\nftps: forged line"));
    params.distinguished_name = dn;
    let cert = params.self_signed(&key).expect("self-signed certificate");
    Leaf { cert_der: cert.der().to_vec(), key_der: key.serialize_der() }
}

fn url(server: &FakeServer, path: &str) -> String {
    server.url("ftp", "u:p", path)
}

#[test]
fn plaintext_greeting_is_escaped() {
    let server = Behaviour::new().greeting_line(&format!("421 {HOSTILE}")).start();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &url(&server, "/")]);
    assert_ne!(out.code, 0, "{}", ctx(&out, &server));
    assert_defused(&out, &server);
}

#[test]
fn auth_tls_refusal_is_escaped() {
    let server = Behaviour::new().refuse_auth(&format!("534 {HOSTILE}")).start();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &url(&server, "/")]);
    assert_eq!(out.code, 4, "{}", ctx(&out, &server));
    assert_defused(&out, &server);
}

#[test]
fn certificate_subject_in_errors_is_escaped() {
    let server = Behaviour::new().leaf(&hostile_certificate()).start();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &url(&server, "/")]);
    assert_eq!(out.code, 4, "{}", ctx(&out, &server));
    assert_no_raw_controls(&out, &server);
    assert!(out.stderr.contains("\\x1b]0;owned"), "the subject is shown, escaped\n{}", ctx(&out, &server));
    assert!(
        !out.stderr.lines().any(|l| l.starts_with("ftps: forged line")),
        "a line break in the subject forged a message line\n{}",
        ctx(&out, &server)
    );
}

/// The trust prompt at a terminal shows the same subject, escaped.
#[test]
fn certificate_subject_in_the_trust_prompt_is_escaped() {
    use expectrl::{Eof, Session};
    let server = Behaviour::new().leaf(&hostile_certificate()).start();
    let s = scratch();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ftps"));
    cmd.env_clear().env("HOME", &s.home).env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.current_dir(&s.work).args(["ls", &url(&server, "/")]);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let found = session.expect("[o]nce, [a]lways").expect("the trust question");
    let shown = String::from_utf8_lossy(found.before()).into_owned();
    session.send_line("n").expect("answer");
    session.expect(Eof).expect("ftps ends after the refusal");
    assert!(!shown.chars().any(|c| RAW.contains(&c)), "raw control in the trust prompt: {shown:?}");
    assert!(shown.contains("\\x1b]0;owned"), "the subject is shown, escaped: {shown:?}");
}

/// The progress bar (only drawn on a terminal) names the file escaped. The
/// bar draws with escape sequences of its own, so this looks for the
/// server's sequences, not for any ESC.
#[test]
fn progress_bar_name_is_escaped() {
    use expectrl::{Eof, Session};
    let name = format!("n{HOSTILE}.bin");
    let server = Behaviour::new()
        .file(&format!("/t/{name}"), vec![b'x'; 8192])
        .trickle_data(512, std::time::Duration::from_millis(50))
        .start();
    let s = scratch();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ftps"));
    cmd.env_clear().env("HOME", &s.home).env("TERM", "xterm").env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.current_dir(&s.work).arg("--ca-file").arg(&crate::certs::pki().ca_pem);
    cmd.args(["get", &url(&server, "/t/*.bin"), "-o", "out"]);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let found = session.expect(Eof).expect("the download ends");
    // Eof matches everything that arrived.
    let mut seen = found.before().to_vec();
    for m in found.matches() {
        seen.extend_from_slice(m);
    }
    let shown = String::from_utf8_lossy(&seen).into_owned();
    assert_eq!(std::fs::read(s.work.join("out").join(&name)).map(|d| d.len()).ok(), Some(8192), "{shown:?}");
    assert!(shown.contains("\\x1b]0;owned"), "the bar shows the name, escaped: {shown:?}");
    for raw in ["\x1b]0;owned", "\x07", "\u{9b}", "\u{202e}"] {
        assert!(!shown.contains(raw), "raw {raw:?} on the terminal: {shown:?}");
    }
}

#[test]
fn failure_reply_to_retr_is_escaped() {
    let server = Behaviour::new().file("/a.txt", "data").reply_to("RETR", &format!("550 {HOSTILE}")).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &url(&server, "/a.txt")]);
    assert_ne!(out.code, 0, "{}", ctx(&out, &server));
    assert_defused(&out, &server);
    // With retries, every retry report is escaped too.
    let server = Behaviour::new().file("/a.txt", "data").reply_to("RETR", &format!("450 {HOSTILE}")).start();
    let (out, _) = client(&s, &["--retries", "1", "get", &url(&server, "/a.txt")]);
    assert_ne!(out.code, 0, "{}", ctx(&out, &server));
    assert_defused(&out, &server);
}

#[test]
fn trace_is_escaped() {
    let server = Behaviour::new().greeting_line(&format!("220 {HOSTILE}")).file("/a.txt", "data").start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "ls", &url(&server, "/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_defused(&out, &server);
}

fn hostile_listing() -> FakeServer {
    Behaviour::new().file("/t/ok.bin", "fine").raw_entry("/t", &format!("n{HOSTILE}.bin")).start()
}

#[test]
fn listing_names_are_escaped_in_ls() {
    let server = hostile_listing();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &url(&server, "/t/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_defused(&out, &server);
}

#[test]
fn ls_json_keeps_the_name_and_escapes_it_the_json_way() {
    let server = hostile_listing();
    let s = scratch();
    let (out, _) = client(&s, &["ls", "--json", &url(&server, "/t/")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert_no_raw_controls(&out, &server);
    let entries: serde_json::Value = serde_json::from_str(&out.stdout).expect("ls --json prints JSON");
    let names: Vec<&str> =
        entries.as_array().expect("an array").iter().filter_map(|e| e.get("name")?.as_str()).collect();
    assert!(names.contains(&format!("n{HOSTILE}.bin").as_str()), "the real name, byte for byte: {names:?}");
}

#[test]
fn listing_names_are_escaped_in_get_failures() {
    let server = hostile_listing();
    let s = scratch();
    // The hostile name matches but cannot be fetched: its failure line names it.
    let (out, _) = client(&s, &["get", &url(&server, "/t/*.bin"), "-o", "out"]);
    assert_eq!(out.code, 10, "one of two files failed: partial\n{}", ctx(&out, &server));
    assert!(s.work.join("out/ok.bin").is_file(), "{}", ctx(&out, &server));
    assert_defused(&out, &server);
}

#[test]
fn listing_names_are_escaped_in_mirror_failures() {
    let server = hostile_listing();
    let s = scratch();
    let (out, _) = client(&s, &["mirror", &url(&server, "/t"), "copy"]);
    assert_ne!(out.code, 0, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("failed"), "{}", ctx(&out, &server));
    assert_defused(&out, &server);
    // The --json report: escaped the JSON way, the exact name inside.
    let server = hostile_listing();
    let (out, _) = client(&s, &["-q", "mirror", "--json", &url(&server, "/t"), "copy2"]);
    assert_no_raw_controls(&out, &server);
    let report: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("mirror --json prints JSON: {e}\n{}", ctx(&out, &server)));
    assert!(report.to_string().contains("\\u001b]0;owned"), "{report}");
    assert!(serde_json::to_string(&report["failed"]).is_ok_and(|t| t.contains("gpj.exe")), "{report}");
}

fn batch(s: &Scratch, server: &FakeServer, env: &[(&str, &str)], flags: &[&str], script: &str) -> Output {
    let path = s.work.join("script.txt");
    fs::write(&path, script).expect("write the script");
    let url = url(server, "/");
    let script = path.to_string_lossy();
    let mut args: Vec<&str> = flags.to_vec();
    args.extend(["batch", "--keep-going", "--url", &url]);
    args.push(&script);
    client_env(s, env, &args).0
}

#[test]
fn shell_output_is_escaped() {
    let server = Behaviour::new()
        .file("/t/ok.bin", "fine")
        .raw_entry("/t", &format!("n{HOSTILE}.bin"))
        .file("/a.txt", "data")
        .reply_to("SITE", &format!("200 {HOSTILE}"))
        .reply_to("RETR", &format!("550 {HOSTILE}"))
        .start();
    let s = scratch();
    let script = "ls /t\nls -l /t\nsite HELP\nget /a.txt\nmget /t/*.bin\n";
    let out = batch(&s, &server, &[], &[], script);
    assert_eq!(out.code, 10, "some commands fail\n{}", ctx(&out, &server));
    assert_defused(&out, &server);
    // --json records carry the same text, escaped the JSON way.
    let out = batch(&s, &server, &[], &[], &script.replace("ls /t\n", "ls --json /t\n"));
    assert_defused(&out, &server);
    let out = batch(&s, &server, &[], &["-v"], "ls /t\n");
    assert_defused(&out, &server);
}

#[test]
fn shell_json_records_escape_controls() {
    let server = Behaviour::new().file("/a.txt", "data").reply_to("RETR", &format!("550 {HOSTILE}")).start();
    let s = scratch();
    let path = s.work.join("script.txt");
    fs::write(&path, "get /a.txt\n").expect("write the script");
    let (out, _) =
        client(&s, &["batch", "--json", "--keep-going", "--url", &url(&server, "/"), &path.to_string_lossy()]);
    assert_no_raw_controls(&out, &server);
    // The second record (the first is the --url `open`).
    let record: serde_json::Value =
        serde_json::from_str(out.stdout.lines().nth(1).unwrap_or_default()).expect("one JSON record per line");
    let error = record.get("error").and_then(|e| e.as_str()).unwrap_or_default();
    assert!(error.contains(HOSTILE), "the record keeps the server's text exactly: {error:?}");
}

#[test]
fn shell_escapes_do_not_see_the_password() {
    let server = Behaviour::new().start();
    let s = scratch();
    let script = "!sh -c 'echo \"pw=${FTPS_PASSWORD-unset}\"'\n!env\n";
    let out = batch(&s, &server, &[("FTPS_PASSWORD", "env-s3cret")], &[], script);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert!(out.stdout.contains("pw=unset"), "{}", ctx(&out, &server));
    assert!(!out.stdout.contains("env-s3cret"), "{}", ctx(&out, &server));
}

#[test]
fn trace_and_messages_redact_acct_and_site_passwords() {
    let server = Behaviour::new().start();
    let s = scratch();
    let script = "quote ACCT acct-s3cret\nsite PSWD old-s3cret new-s3cret\nquote site chpass bob chpass-s3cret\n";
    let out = batch(&s, &server, &[], &["-v"], script);
    // The fake server implements none of them: every line failed, so the
    // exit code is the first failure's own (502: protocol), not 10.
    assert_eq!(out.code, 9, "{}", ctx(&out, &server));
    assert!(server.commands().iter().any(|c| c == "ACCT acct-s3cret"), "sent as typed\n{}", ctx(&out, &server));
    assert!(!out.stderr.contains("s3cret") && !out.stdout.contains("s3cret"), "{}", ctx(&out, &server));
    for shown in ["ACCT ****", "SITE PSWD ****", "SITE CHPASS ****"] {
        assert!(out.stderr.contains(shown), "{shown} missing\n{}", ctx(&out, &server));
    }
}
