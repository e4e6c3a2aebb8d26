//! Adaptive parallelism: without `--parallel`, multi-file runs choose how
//! many control connections to open, learn a server's session limit from
//! its refusals (which never fail the run), and report the choice.

use std::fs;

use crate::edge::{client, ctx, entries, expect_code, sample, scratch};
use crate::fake::{Behaviour, FakeServer, LimitAt};

const FILES: usize = 200;
const K: usize = 3;
const TOO_MANY: &str = "421 There are too many connections from your internet address.";
const PER_HOST: &str = "530 Sorry, the maximum number of clients (3) from your host are already connected.";

fn limited(at: LimitAt, line: &str, files: usize) -> FakeServer {
    (0..files)
        .fold(Behaviour::new().dir("/up"), |b, i| b.file(&format!("/t/f{i:03}.bin"), sample(100 + i)))
        .session_limit(K, at, line)
        .max_connections(1000)
        .start()
}

fn summary(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).expect("a JSON summary on stdout")
}

/// The run chose, stayed within the server's limit, and said why.
#[track_caller]
fn assert_adapted_to_limit(json: &serde_json::Value, stderr: &str, server: &FakeServer, code_text: &str) {
    let p = &json["parallel"];
    assert_eq!(p["chosen"], "adaptive", "{json}");
    assert!(p["max"].as_u64().is_some_and(|m| m >= 1 && m <= K as u64), "{json}");
    let limit = p["limit"].as_str().unwrap_or_default();
    assert!(limit.contains(code_text), "the limit names the refusal: {json}");
    assert!(server.turned_away() >= 1, "it tried for more than the server allows");
    assert!(server.peak_sessions() <= K);
    assert!(stderr.contains("adaptive: "), "{stderr}");
    // Which connection meets the limit first depends on timing; it is one beyond K.
    let refused: Option<usize> = stderr
        .split("server refused connection ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok());
    assert!(refused.is_some_and(|n| n > K), "{stderr}");
    assert!(!stderr.contains("gave up"), "a refusal is a limit, not a loss: {stderr}");
}

#[test]
fn get_learns_a_421_limit_at_the_greeting_and_succeeds() {
    let server = limited(LimitAt::Greeting, TOO_MANY, FILES);
    let s = scratch();
    let (out, _) = client(&s, &["get", "--json", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work.join("out")).len(), FILES, "{}", ctx(&out, &server));
    assert!(fs::read(s.work.join("out/f123.bin")).unwrap() == sample(223));
    assert_adapted_to_limit(&summary(&out.stdout), &out.stderr, &server, "421");
    assert!(out.stderr.contains(&format!("get: {FILES} files transferred")), "{}", out.stderr);
}

#[test]
fn mirror_learns_a_530_per_host_limit_and_succeeds() {
    let server = limited(LimitAt::Login, PER_HOST, FILES);
    let s = scratch();
    let (out, _) = client(&s, &["mirror", "--json", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work.join("dst")).len(), FILES, "{}", ctx(&out, &server));
    let json = summary(&out.stdout);
    assert_eq!(json["files_transferred"], FILES);
    assert_adapted_to_limit(&json, &out.stderr, &server, "530");
}

#[test]
fn put_learns_a_limit_and_succeeds() {
    let server = limited(LimitAt::Login, TOO_MANY, 0);
    let s = scratch();
    let mut args: Vec<String> = vec!["put".into(), "--json".into()];
    for i in 0..FILES {
        let name = format!("u{i:03}.dat");
        fs::write(s.work.join(&name), sample(50 + i)).unwrap();
        args.push(name);
    }
    args.push(server.url("ftp", "u:p", "/up/"));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, _) = client(&s, &argv);
    expect_code(&out, &server, 0);
    assert_eq!(server.files().len(), FILES, "{}", ctx(&out, &server));
    assert!(server.file("/up/u199.dat").is_some_and(|f| f == sample(249)));
    assert_adapted_to_limit(&summary(&out.stdout), &out.stderr, &server, "421");
}

/// README: a fixed `--parallel N` above the server's limit keeps N; each
/// refused connection is retried (`--retries`, here none), then gives up
/// with a warning while the others finish the run.
#[test]
fn a_fixed_parallel_above_the_limit_warns_and_finishes_on_the_rest() {
    let server = limited(LimitAt::Greeting, TOO_MANY, 40);
    let s = scratch();
    let (out, _) =
        client(&s, &["get", "-P", "5", "--retries", "0", "--json", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work.join("out")).len(), 40, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("one connection gave up"), "{}", out.stderr);
    assert!(out.stderr.contains("too many connections"), "{}", out.stderr);
    let json = summary(&out.stdout);
    assert_eq!(json["parallel"]["chosen"], "fixed", "{json}");
    assert!(server.peak_sessions() <= K);
}

#[test]
fn a_few_files_keep_the_pool_small() {
    let server = Behaviour::new().file("/t/a.bin", sample(10)).file("/t/b.bin", sample(20)).max_connections(64).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", "--json", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work.join("out")).len(), 2);
    assert!(server.connections() <= 2, "2 files, {} logins\n{}", server.connections(), ctx(&out, &server));
    assert_eq!(summary(&out.stdout)["parallel"]["chosen"], "adaptive");

    let (out, _) = client(&s, &["mirror", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 0);
    // A tree's size is unknown until it is read: the old default of 4 at most.
    assert!(server.connections() <= 2 + 4, "2 files mirrored with {} more logins", server.connections() - 2);
    assert!(out.stderr.contains("adaptive: "), "{}", out.stderr);
}

#[test]
fn verbose_names_each_change_and_its_reason() {
    let server = limited(LimitAt::Greeting, TOO_MANY, 60);
    let s = scratch();
    let (out, _) = client(&s, &["-v", "get", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    let changes: Vec<&str> = out.stderr.lines().filter(|l| l.contains("** connections: ")).collect();
    assert!(
        // 4, or more when the loaded machine's loopback round trip looks far.
        changes.iter().any(|l| l.contains("connections: 1 -> ")
            && l.contains(": a round trip ")
            && l.contains("; 60 jobs queued")),
        "{changes:?}\n{}",
        out.stderr
    );
    assert!(
        changes.iter().any(|l| l.contains(" -> 3: server refused connection ") && l.contains("421")),
        "{changes:?}"
    );
}

/// A configured `parallel` counts as fixed, like the option.
#[test]
fn parallel_in_the_config_file_is_fixed() {
    let server = limited(LimitAt::Greeting, TOO_MANY, 10);
    let s = scratch();
    fs::create_dir_all(s.home.join(".config/ftps")).unwrap();
    let cfg = s.home.join(".config/ftps/config.toml");
    fs::write(&cfg, "[defaults]\nparallel = 2\n").unwrap();
    let mut perms = fs::metadata(&cfg).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o600);
    fs::set_permissions(&cfg, perms).unwrap();
    let (out, _) = client(&s, &["get", "--json", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    let json = summary(&out.stdout);
    assert_eq!(json["parallel"]["chosen"], "fixed", "{json}\n{}", out.stderr);
    assert_eq!(json["parallel"]["max"], 2, "{json}");
}
