//! The prompt's transfers split big files as the command line does: `get`
//! adaptive from 64 MiB (or `--segments N`), `put --segments N` where the
//! server takes ranged writes; in a directory changed into with `cd`, where
//! every extra connection must still name the same file.

use std::fs;

use super::batch;
use crate::harness::scratch;
use crate::segments::content;
use crate::servers;

/// `cd sub; get --segments 4 big.bin`: four ranges of `sub/big.bin`, not of
/// the `big.bin` (same size, other bytes) in the login directory where the
/// extra connections start.
#[test]
fn prompt_get_splits_in_the_current_directory() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(40 << 20, 41);
    srv.write_file("sub/big.bin", &data);
    srv.write_file("big.bin", &content(40 << 20, 42));
    let s = scratch();
    let out = batch(&srv, &s, "cd sub\nget --segments 4 big.bin\n", &["-v"]);
    srv.expect_code(&out, 0);
    assert!(out.stderr.contains("4 segments of up to 10.00 MiB on 4 connections"), "{}", out.stderr);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "the assembled file differs");
}

/// Without `--segments` a file from 64 MiB takes the adaptive path (and
/// one under it stays whole, as on the command line).
#[test]
fn prompt_get_is_adaptive_by_default() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(64 << 20, 43);
    srv.write_file("big.bin", &data);
    let s = scratch();
    let out = batch(&srv, &s, "mget big.bin\n", &["-v"]);
    srv.expect_code(&out, 0);
    assert!(out.stderr.contains("big.bin: 64.00 MiB: starting on one connection, adding up to 16"), "{}", out.stderr);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "the assembled file differs");
}

/// `cd up; put --segments 4`: ranged writes into the temporary name in
/// that directory, where vsftpd takes them (`lock_upload_files=NO`).
#[test]
fn prompt_put_splits_where_the_server_takes_ranges() {
    let Some(srv) = servers::vsftpd_unlocked() else { return };
    let data = content(40 << 20, 44);
    let s = scratch();
    fs::write(s.work.join("big.bin"), &data).unwrap();
    srv.mkdir("up");
    let out = batch(&srv, &s, "cd up\nput --segments 4 big.bin\n", &["-v"]);
    srv.expect_code(&out, 0);
    assert!(out.stderr.contains("ranged writes work here: 4 segments on 4 connections"), "{}", out.stderr);
    assert!(fs::read(srv.path("up/big.bin")).unwrap() == data, "the server's copy differs");
    assert!(!srv.path("big.bin").exists(), "a range went to the login directory");
}
