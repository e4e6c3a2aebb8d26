//! The round trips run against vsftpd and ProFTPD, against ftp-srv (npm):
//! a server that handles each command as its own task (pipelined commands
//! are answered in the order they finish), sends `150` on a TLS data
//! connection only once its handshake is done, and may read a ClientHello
//! sent right after `234` as a plaintext command (curl meets that too: 4
//! of 4 attempts failed with its `wrong version number` under a parallel
//! test run, 0 of 3 on an idle machine, so no curl baseline here: it would
//! be flaky). Every case asserts what a client that copes achieves: exit 0
//! and byte-identical files. Failure messages carry the client's `-v`
//! dialogue and the server's own.

use std::fs;
use std::process::Command;

use super::support::{part_files, random_bytes};
use crate::harness::{Output, Scratch, run, scratch as local};
use crate::mirror::snapshot;
use crate::servers::{Server, ftpsrv};

/// Each step bounded well below the harness deadline: a deadlock shows as a
/// timeout of the client, with its dialogue, not as a killed process.
const STEP_TIMEOUT: &str = "15";

fn start() -> Option<Server> {
    ftpsrv(false)
}

/// `ftps -v --timeout 15 ARGS...` in `l.work`.
fn ftps(srv: &Server, l: &Scratch, args: &[&str]) -> Output {
    let mut cmd: Command = srv.client(&l.home);
    cmd.current_dir(&l.work).env("TZ", "UTC").args(["-v", "--timeout", STEP_TIMEOUT]).args(args);
    run(&mut cmd)
}

/// Asserts `out` exited with `code`; else shows the client's dialogue
/// (stderr under `-v`) and the server's.
#[track_caller]
fn expect(srv: &Server, out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.code,
        code,
        "ftp-srv, {what}: expected exit {code}, got {}\n--- stdout\n{}\n--- client (-v)\n{}\n--- server dialogue\n{}",
        out.code,
        out.stdout,
        out.stderr,
        srv.dialogue()
    );
}

fn url(srv: &Server, path: &str) -> String {
    format!("{}/{}", srv.base_url(), path.trim_start_matches('/'))
}

/// A small tree: nested and empty directories, an empty file, a name with
/// a space, one file of 300 kB.
const TREE: &[(&str, usize)] = &[
    ("top.txt", 10),
    ("empty.bin", 0),
    ("with space/a file.txt", 100),
    ("deep/er/big.bin", 300_000),
    ("deep/er/small.txt", 7),
    ("deep/b.txt", 2000),
];

fn fill(write: &dyn Fn(&str, &[u8]), mkdir: &dyn Fn(&str)) {
    for (i, (rel, len)) in TREE.iter().enumerate() {
        write(rel, &random_bytes(*len, 100 + i as u64));
    }
    mkdir("empty-dir");
    mkdir("deep/empty-inside");
}

#[test]
fn ls_lists_a_directory() {
    let Some(srv) = start() else { return };
    let l = local();
    srv.write_file("dir/one.txt", b"1");
    srv.write_file("dir/two words.bin", &random_bytes(5000, 1));
    srv.mkdir("dir/sub");
    let out = ftps(&srv, &l, &["ls", &url(&srv, "dir/")]);
    expect(&srv, &out, 0, "ls");
    for name in ["one.txt", "two words.bin", "sub"] {
        assert!(out.stdout.contains(name), "ls lacks {name}:\n{}", out.stdout);
    }
}

#[test]
fn get_is_byte_identical() {
    let Some(srv) = start() else { return };
    let l = local();
    let big = random_bytes(1 << 20, 2);
    srv.write_file("xfer/big.bin", &big);
    srv.write_file("xfer/empty.bin", b"");
    let out = ftps(&srv, &l, &["get", &url(&srv, "xfer/big.bin"), "-o", "big.bin"]);
    expect(&srv, &out, 0, "get 1 MiB");
    assert!(fs::read(l.work.join("big.bin")).unwrap() == big, "downloaded big.bin differs");
    let out = ftps(&srv, &l, &["get", &url(&srv, "xfer/empty.bin"), "-o", "empty.bin"]);
    expect(&srv, &out, 0, "get empty");
    assert_eq!(fs::read(l.work.join("empty.bin")).unwrap(), b"");
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");
}

#[test]
fn put_is_byte_identical() {
    let Some(srv) = start() else { return };
    let l = local();
    srv.mkdir("incoming");
    let big = random_bytes(1 << 20, 3);
    fs::write(l.work.join("big.bin"), &big).unwrap();
    fs::write(l.work.join("empty.bin"), b"").unwrap();
    let out = ftps(&srv, &l, &["put", "big.bin", &url(&srv, "incoming/big.bin")]);
    expect(&srv, &out, 0, "put 1 MiB");
    assert!(fs::read(srv.path("incoming/big.bin")).unwrap() == big, "uploaded big.bin differs");
    let out = ftps(&srv, &l, &["put", "empty.bin", &url(&srv, "incoming/")]);
    expect(&srv, &out, 0, "put empty into a directory URL");
    assert_eq!(fs::read(srv.path("incoming/empty.bin")).unwrap(), b"");
    assert_eq!(part_files(&srv.path("incoming")), Vec::<String>::new(), "a temporary upload was left");
}

/// `get -c` continues a `.part` file with `REST`: the result is whole.
#[test]
fn get_continue_resumes_a_part_file() {
    let Some(srv) = start() else { return };
    let l = local();
    let full = random_bytes(400_000, 4);
    srv.write_file("data.bin", &full);
    fs::write(l.work.join("data.bin.part"), &full[..150_000]).unwrap();
    let out = ftps(&srv, &l, &["get", "-c", &url(&srv, "data.bin")]);
    expect(&srv, &out, 0, "get -c");
    assert!(fs::read(l.work.join("data.bin")).unwrap() == full, "resumed data.bin differs");
    assert!(srv.dialogue().contains("<- REST 150000"), "no REST 150000:\n{}", srv.dialogue());
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");
}

/// `put -c` onto a partial remote file. ftp-srv 4.6.3 does not offer
/// `REST STREAM` in FEAT, and for good reason: its `REST n` + `STOR` opens
/// the file with `w+` (truncating it) and writes from offset n, leaving n
/// zero bytes and the right size (checked with Python's ftplib). A client
/// may upload the whole file or refuse to continue; it must never leave that
/// corrupted file behind.
#[test]
fn put_continue_never_corrupts() {
    let Some(srv) = start() else { return };
    let l = local();
    let full = random_bytes(400_000, 5);
    srv.write_file("up/data.bin", &full[..100_000]);
    fs::write(l.work.join("data.bin"), &full).unwrap();
    let out = ftps(&srv, &l, &["put", "-c", "--no-temp", "data.bin", &url(&srv, "up/data.bin")]);
    let remote = fs::read(srv.path("up/data.bin")).unwrap_or_default();
    if out.code == 0 {
        assert!(remote == full, "put -c reported success but the remote file differs\n{}", out.stderr);
    } else {
        // Refused: name the reason, leave the remote file as it was.
        assert!(!out.stderr.trim().is_empty(), "no error message");
        assert!(remote == full[..100_000], "put -c failed and changed the remote file\n{}", out.stderr);
    }
}

fn mirror_down(parallel: &str) {
    let Some(srv) = start() else { return };
    let l = local();
    fill(
        &|rel, data| {
            srv.write_file(&format!("src/{rel}"), data);
        },
        &|rel| {
            srv.mkdir(&format!("src/{rel}"));
        },
    );
    let dst = l.work.join("dst");
    let out = ftps(&srv, &l, &["mirror", "-P", parallel, &url(&srv, "src"), dst.to_str().unwrap()]);
    expect(&srv, &out, 0, &format!("mirror down -P {parallel}"));
    assert_eq!(snapshot(&dst), snapshot(&srv.path("src")), "mirror down -P {parallel}:\n{}", out.stderr);
}

fn mirror_up(parallel: &str) {
    let Some(srv) = start() else { return };
    let l = local();
    let src = l.work.join("src");
    fill(
        &|rel, data| {
            let p = src.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, data).unwrap();
        },
        &|rel| fs::create_dir_all(src.join(rel)).unwrap(),
    );
    srv.mkdir("up");
    let out = ftps(&srv, &l, &["mirror", "-P", parallel, src.to_str().unwrap(), &url(&srv, "up/tree")]);
    expect(&srv, &out, 0, &format!("mirror up -P {parallel}"));
    assert_eq!(snapshot(&srv.path("up/tree")), snapshot(&src), "mirror up -P {parallel}:\n{}", out.stderr);
}

#[test]
fn mirror_down_one_connection() {
    mirror_down("1");
}

#[test]
fn mirror_down_four_connections() {
    mirror_down("4");
}

#[test]
fn mirror_up_one_connection() {
    mirror_up("1");
}

#[test]
fn mirror_up_four_connections() {
    mirror_up("4");
}

/// `mkdir -p` (MKD a, MKD a/b), `mv` (RNFR + RNTO), `rm` and `rm -r`.
#[test]
fn rm_mkdir_mv() {
    let Some(srv) = start() else { return };
    let l = local();
    let out = ftps(&srv, &l, &["mkdir", "-p", &url(&srv, "made/deep/er")]);
    expect(&srv, &out, 0, "mkdir -p");
    assert!(srv.path("made/deep/er").is_dir(), "made/deep/er missing");

    srv.write_file("f.txt", b"hello");
    let out = ftps(&srv, &l, &["mv", &url(&srv, "f.txt"), "made/g.txt"]);
    expect(&srv, &out, 0, "mv");
    assert!(!srv.path("f.txt").exists(), "f.txt still there");
    assert_eq!(fs::read(srv.path("made/g.txt")).unwrap(), b"hello");

    let out = ftps(&srv, &l, &["rm", &url(&srv, "made/g.txt")]);
    expect(&srv, &out, 0, "rm");
    assert!(!srv.path("made/g.txt").exists(), "made/g.txt still there");

    srv.write_file("tree/a.txt", b"a");
    srv.write_file("tree/sub/b.txt", b"b");
    let out = ftps(&srv, &l, &["rm", "-r", &url(&srv, "tree")]);
    expect(&srv, &out, 0, "rm -r");
    assert!(!srv.path("tree").exists(), "tree still there");
}
