//! What a `--password-command` is given: no stdin unless it is a terminal
//! (`put -` data is not its to read), the terminal itself when there is one
//! (for a passphrase prompt, though it runs in a process group of its own),
//! and no proxy variable that carries credentials.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::thread;

use crate::certs::pki;
use crate::edge::{client_env, expect_code};
use crate::fake::Behaviour;
use crate::harness::{ftps, scratch};

/// Runs `cmd` with `input` on a piped stdin: exit code and stderr.
fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> (i32, String) {
    cmd.stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start ftps");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    let feeder = thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut err = String::new();
    let _ = child.stderr.take().expect("piped stderr").read_to_string(&mut err);
    let status = child.wait().expect("wait for ftps");
    let _ = feeder.join();
    (status.code().unwrap_or(-1), err)
}

/// A password command that reads a line (as `read` in a script may) used to
/// take the first line of `put -`'s data: the upload succeeded without it.
#[test]
fn put_from_stdin_keeps_every_byte_from_a_password_command() {
    let server = Behaviour::new().dir("/in").password("pw").start();
    let s = scratch();
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&pki().ca_pem);
    cmd.args(["--password-command", "sh -c 'read -r x; echo pw'", "put", "-"]);
    cmd.arg(server.url("ftp", "u", "/in/feed.csv"));
    let (code, err) = run_with_stdin(&mut cmd, b"HEADER\nrow1\nrow2\n");
    assert_eq!(code, 0, "{err}\n{}", server.log());
    assert_eq!(server.file("/in/feed.csv").as_deref(), Some(&b"HEADER\nrow1\nrow2\n"[..]), "{err}");
}

/// A proxy variable holding a user:password is withheld from the command;
/// one without credentials is passed on (a vault may sit behind a proxy).
#[test]
fn proxy_credentials_are_not_passed_to_a_password_command() {
    let server = Behaviour::new().dir("/in").password("pw--kept").start();
    let s = scratch();
    let env = [("HTTPS_PROXY", "http://alice:s3cret@127.0.0.1:9"), ("http_proxy", "http://127.0.0.1:9")];
    let cmd = "sh -c 'echo \"pw-${HTTPS_PROXY:+leaked}-${http_proxy:+kept}\"'";
    let (out, _) = client_env(&s, &env, &["--password-command", cmd, "ls", &server.url("ftp", "u", "/in/")]);
    expect_code(&out, &server, 0);
}

/// With a terminal on stdin the command may prompt on it and read the
/// answer, although it runs in a process group of its own: the terminal is
/// lent to that group while it runs, then taken back.
#[test]
fn a_password_command_can_prompt_at_the_terminal() {
    use expectrl::{Eof, Session};
    let server = Behaviour::new().dir("/in").password("typed").start();
    let s = scratch();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ftps"));
    cmd.env_clear().env("HOME", &s.home).env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.current_dir(&s.work).arg("--ca-file").arg(&pki().ca_pem);
    cmd.args(["--password-command", "sh -c 'printf \"vault passphrase: \" >&2; read -r p; echo \"$p\"'"]);
    cmd.args(["ls", &server.url("ftp", "u", "/in/")]);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session.expect("vault passphrase: ").expect("the command's prompt");
    session.send_line("typed").unwrap();
    session.expect(Eof).expect("it finishes");
    let logged_in = server.commands().iter().any(|c| c == "PASS typed");
    assert!(logged_in, "{:?}", server.commands());
}
