//! `ftps batch` and `ftps shell` end to end against vsftpd (LIST, no MLST)
//! and ProFTPD (MLSD/MLST), one module per job: `scripts` (every command,
//! failures stopping at the right line with the right exit code,
//! `--keep-going`, `--json`, `ftps shell URL < script`), `prompt` (the prompt
//! driven through a pseudo-terminal: prompt text, history across sessions,
//! Tab completion of remote paths), `interrupt` (Ctrl-C during a large
//! download, at the prompt and in a script) and `reconnect` (after the server
//! dropped the control connection). `pty` is the terminal driver they share.
//!
//! Every wait is bounded: scripts by the harness deadline, the prompt by
//! `PTY_TIMEOUT` per expectation and a deadline on the process exit.

mod interrupt;
mod prompt;
mod pty;
mod reconnect;
mod scripts;
mod segments;

use std::fs;
use std::path::Path;

use crate::harness::{Output, Scratch, run};
use crate::servers::Server;

/// `ftps [args] batch --url URL SCRIPT` run in `work`, the script written first.
fn batch(srv: &Server, s: &Scratch, script: &str, args: &[&str]) -> Output {
    let path = s.work.join("script.txt");
    fs::write(&path, script).unwrap();
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).arg("batch").args(args).arg("--url").arg(srv.base_url()).arg(&path);
    run(&mut cmd)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn fixtures(srv: &Server, s: &Scratch) {
    srv.write_file("hello.txt", b"hello\n");
    srv.write_file("with space.txt", b"spaced\n");
    srv.write_file("sub/a.txt", b"a\n");
    srv.write_file("sub/b.log", b"bee\n");
    srv.write_file("sub/c.log", b"sea\n");
    fs::write(s.work.join("up.txt"), "uploaded\n").unwrap();
    fs::write(s.work.join("m1.csv"), "1\n").unwrap();
    fs::write(s.work.join("m2.csv"), "2\n").unwrap();
}
