//! What every interop case uses: fixture bytes, running the client with the
//! server's logs in the failure message, `.part` leftovers.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::harness::{Output, run};
use crate::servers::Server;

/// Deterministic pseudo-random bytes (xorshift64*), different per seed.
pub(super) fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out.extend_from_slice(&x.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Runs `cmd` for `srv`, printing the server logs if the test then fails.
#[track_caller]
pub(super) fn run_ok(srv: &Server, cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert_eq!(
        out.code,
        0,
        "{} ({}) failed with exit code {}\n--- stdout\n{}\n--- stderr\n{}\n{}",
        srv.kind,
        mode(srv),
        out.code,
        out.stdout,
        out.stderr,
        srv.logs()
    );
    out
}

#[track_caller]
pub(super) fn run_expect(srv: &Server, cmd: &mut Command, code: i32) -> Output {
    let out = run(cmd);
    assert_eq!(
        out.code,
        code,
        "{} ({}): expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
        srv.kind,
        mode(srv),
        out.code,
        out.stdout,
        out.stderr
    );
    out
}

pub(super) fn mode(srv: &Server) -> &'static str {
    if srv.implicit { "implicit" } else { "explicit" }
}

/// Names in a local directory ending in `.part`.
pub(super) fn part_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}
