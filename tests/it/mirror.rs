//! `ftps mirror` end to end: both directions against vsftpd (LIST, no MFMT)
//! and ProFTPD (MLSD, MFMT). The cases against the in-process fake server
//! (hostile listings, per-file failures, symlinks in the destination) are
//! in [`fake_server`].

mod fake_server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::edge::sample;
use crate::harness::{Output, run, set_mtime};
use crate::servers::{Kind, Server, server};

/// 2024-01-02 03:04:05 UTC.
const T0: u64 = 1_704_164_645;

// ---------------------------------------------------------------------------
// Helpers

struct Scratch {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    root: PathBuf,
}

fn dirs() -> Scratch {
    let tmp = tempfile::Builder::new().prefix("ftps-it-mirror-").tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir(&home).unwrap();
    let root = tmp.path().to_path_buf();
    Scratch { _tmp: tmp, home, root }
}

fn mtime(path: &Path) -> u64 {
    fs::metadata(path).unwrap().modified().unwrap().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs()
}

/// What a tree holds: directories as `None`, files as their bytes.
pub(crate) fn snapshot(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap_or_else(|e| panic!("read_dir {}: {e}", dir.display())) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(e.path());
                out.insert(rel, None);
            } else if ft.is_file() {
                out.insert(rel, Some(fs::read(e.path()).unwrap()));
            }
        }
    }
    out
}

/// File modification times (seconds) by relative path.
fn times(root: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, mtime(&e.path()));
            }
        }
    }
    out
}

/// A nested tree: empty directories, a name with spaces, a UTF-8 name, an
/// empty file and one of a few MiB; every file dated `T0 + n`.
fn fill_tree(write: &dyn Fn(&str, &[u8]) -> PathBuf, mkdir: &dyn Fn(&str)) {
    let files: [(&str, Vec<u8>); 6] = [
        ("top.txt", b"top level\n".to_vec()),
        ("empty.bin", Vec::new()),
        ("with space/a file.txt", b"spaces in names\n".to_vec()),
        ("ünïcödé/ファイル.txt", "utf-8 名前\n".as_bytes().to_vec()),
        ("deep/er/still/big.bin", sample(3 * 1024 * 1024 + 17)),
        ("deep/er/small.txt", b"small\n".to_vec()),
    ];
    for (i, (rel, data)) in files.iter().enumerate() {
        let p = write(rel, data);
        set_mtime(&p, T0 + i as u64 * 61);
    }
    mkdir("empty-dir");
    mkdir("deep/empty-inside");
}

fn local_tree(root: &Path) {
    let write = |rel: &str, data: &[u8]| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, data).unwrap();
        p
    };
    let mkdir = |rel: &str| fs::create_dir_all(root.join(rel)).unwrap();
    fill_tree(&write, &mkdir);
}

fn remote_tree(srv: &Server, base: &str) {
    let write = |rel: &str, data: &[u8]| srv.write_file(&format!("{base}/{rel}"), data);
    let mkdir = |rel: &str| {
        srv.mkdir(&format!("{base}/{rel}"));
    };
    fill_tree(&write, &mkdir);
}

/// `ftps mirror ARGS...` against `srv`.
fn mirror(srv: &Server, home: &Path, args: &[&str]) -> Output {
    let mut cmd: Command = srv.client(home);
    cmd.env("TZ", "UTC").arg("mirror").args(args);
    run(&mut cmd)
}

fn url(srv: &Server, path: &str) -> String {
    format!("{}/{path}", srv.base_url())
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[track_caller]
fn says_nothing_to_do(srv: &Server, out: &Output) {
    srv.expect_code(out, 0);
    assert!(out.stderr.contains("nothing to transfer"), "{}: second run did work:\n{}", srv.kind, out.stderr);
}

// ---------------------------------------------------------------------------
// Cases against real servers

fn download_nested_tree(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    remote_tree(&srv, "src");
    let dst = s.root.join("dst");
    let out = mirror(&srv, &s.home, &[&url(&srv, "src"), path_str(&dst)]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&dst), snapshot(&srv.path("src")), "{}\n{}", srv.kind, out.stderr);
    // Downloads carry the remote modification times.
    assert_eq!(times(&dst), times(&srv.path("src")), "{}", srv.kind);
    assert!(out.stderr.contains("6 files transferred"), "{}", out.stderr);
    assert!(fs::read_dir(&dst).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".part")));

    let again = mirror(&srv, &s.home, &[&url(&srv, "src"), path_str(&dst)]);
    says_nothing_to_do(&srv, &again);
}

fn upload_nested_tree(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    let src = s.root.join("src");
    local_tree(&src);
    // The remote root does not exist yet: it is created, parents included.
    let out = mirror(&srv, &s.home, &[path_str(&src), &url(&srv, "up/tree")]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&srv.path("up/tree")), snapshot(&src), "{}\n{}", srv.kind, out.stderr);
    match kind {
        // MFMT keeps the local times on the server.
        Kind::Proftpd => assert_eq!(times(&srv.path("up/tree")), times(&src)),
        Kind::Vsftpd | Kind::FtpSrv => {
            assert!(out.stderr.contains("cannot keep their modification times"), "{}", out.stderr)
        }
    }
    let again = mirror(&srv, &s.home, &[path_str(&src), &url(&srv, "up/tree")]);
    says_nothing_to_do(&srv, &again);
}

fn changed_file_is_transferred_again(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    remote_tree(&srv, "src");
    let dst = s.root.join("dst");
    srv.expect_code(&mirror(&srv, &s.home, &[&url(&srv, "src"), path_str(&dst)]), 0);

    // Same size, new content, another time: only the time tells.
    let changed = srv.write_file("src/deep/er/small.txt", b"SMALL\n");
    set_mtime(&changed, T0 + 86_400);
    let out = mirror(&srv, &s.home, &[&url(&srv, "src"), path_str(&dst)]);
    srv.expect_code(&out, 0);
    assert!(out.stderr.contains("1 file transferred"), "{}: {}", srv.kind, out.stderr);
    assert_eq!(fs::read(dst.join("deep/er/small.txt")).unwrap(), b"SMALL\n");
    assert_eq!(mtime(&dst.join("deep/er/small.txt")), T0 + 86_400);

    if kind == Kind::Proftpd {
        // Uploads too, where the server keeps times.
        let up = s.root.join("up");
        local_tree(&up);
        srv.expect_code(&mirror(&srv, &s.home, &[path_str(&up), &url(&srv, "up")]), 0);
        fs::write(up.join("top.txt"), b"TOP LEVEL\n").unwrap();
        set_mtime(&up.join("top.txt"), T0 + 7200);
        let out = mirror(&srv, &s.home, &[path_str(&up), &url(&srv, "up")]);
        srv.expect_code(&out, 0);
        assert!(out.stderr.contains("1 file transferred"), "{}", out.stderr);
        assert_eq!(fs::read(srv.path("up/top.txt")).unwrap(), b"TOP LEVEL\n");
    }
}

fn delete_removes_what_the_source_lacks(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    remote_tree(&srv, "src");
    let dst = s.root.join("dst");
    srv.expect_code(&mirror(&srv, &s.home, &[&url(&srv, "src"), path_str(&dst)]), 0);
    fs::write(dst.join("extra.txt"), b"x").unwrap();
    fs::create_dir_all(dst.join("old/nested")).unwrap();
    fs::write(dst.join("old/nested/f"), b"x").unwrap();

    let out = mirror(&srv, &s.home, &[&url(&srv, "src"), path_str(&dst)]);
    srv.expect_code(&out, 0);
    assert!(dst.join("extra.txt").exists(), "deleted without --delete");
    let out = mirror(&srv, &s.home, &["--delete", &url(&srv, "src"), path_str(&dst)]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&dst), snapshot(&srv.path("src")), "{}", out.stderr);

    // Upload direction: remote extras go, files first, then empty directories.
    let up = s.root.join("up");
    local_tree(&up);
    srv.expect_code(&mirror(&srv, &s.home, &[path_str(&up), &url(&srv, "up")]), 0);
    srv.write_file("up/remote-only.txt", b"r");
    srv.write_file("up/gone/sub/x", b"r");
    let out = mirror(&srv, &s.home, &["--delete", path_str(&up), &url(&srv, "up")]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&srv.path("up")), snapshot(&up), "{}", out.stderr);
}

/// Names legal on Unix that Windows would read as paths: listed by the
/// server, so they are mirrored, and their local copies are never taken for
/// orphans. Before, they were dropped from the plan and `--delete` removed
/// the local copies ("2 deleted", exit 0).
fn delete_keeps_files_with_windows_only_odd_names(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    srv.write_file("odd/c:drive.txt", b"server drive\n");
    srv.write_file("odd/back\\slash.txt", b"server slash\n");
    let dst = s.root.join("odd");
    fs::create_dir_all(&dst).unwrap();
    fs::write(dst.join("c:drive.txt"), b"local drive, older\n").unwrap();
    fs::write(dst.join("back\\slash.txt"), b"local slash, older\n").unwrap();
    fs::write(dst.join("orphan.txt"), b"x").unwrap();
    let out = mirror(&srv, &s.home, &["--delete", &url(&srv, "odd"), path_str(&dst)]);
    srv.expect_code(&out, 0);
    assert_eq!(fs::read(dst.join("c:drive.txt")).unwrap(), b"server drive\n", "{}", out.stderr);
    assert_eq!(fs::read(dst.join("back\\slash.txt")).unwrap(), b"server slash\n", "{}", out.stderr);
    assert!(!dst.join("orphan.txt").exists(), "{}", out.stderr);
    assert_eq!(snapshot(&dst), snapshot(&srv.path("odd")), "{}", out.stderr);
}

fn dry_run_changes_nothing(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    remote_tree(&srv, "src");
    let dst = s.root.join("dst");
    fs::create_dir(&dst).unwrap();
    fs::write(dst.join("extra.txt"), b"x").unwrap();
    let before_local = snapshot(&dst);
    let before_remote = snapshot(&srv.path("src"));
    let out = mirror(&srv, &s.home, &["--dry-run", "--delete", &url(&srv, "src"), path_str(&dst)]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&dst), before_local, "dry run changed the destination");
    assert!(out.stdout.contains("transfer  deep/er/still/big.bin  (missing)"), "{}", out.stdout);
    assert!(out.stdout.contains("mkdir     empty-dir"), "{}", out.stdout);
    assert!(out.stdout.contains("delete    extra.txt"), "{}", out.stdout);
    assert!(out.stderr.contains("dry run"), "{}", out.stderr);

    let up = s.root.join("up");
    local_tree(&up);
    let out = mirror(&srv, &s.home, &["-n", "--delete", path_str(&up), &url(&srv, "src")]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&srv.path("src")), before_remote, "dry run changed the server");
}

fn include_and_exclude(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    remote_tree(&srv, "src");
    srv.write_file("src/deep/skip-me.txt", b"no");
    let dst = s.root.join("dst");
    let out = mirror(
        &srv,
        &s.home,
        &["--include", "*.txt", "--exclude", "skip-*", "--exclude", "with space", &url(&srv, "src"), path_str(&dst)],
    );
    srv.expect_code(&out, 0);
    let got: Vec<String> = snapshot(&dst).into_iter().filter(|(_, v)| v.is_some()).map(|(k, _)| k).collect();
    assert_eq!(got, vec!["deep/er/small.txt", "top.txt", "ünïcödé/ファイル.txt"], "{}", out.stderr);

    // Upload: a pattern with a slash is anchored at the source root.
    let up = s.root.join("up");
    local_tree(&up);
    let out = mirror(&srv, &s.home, &["--exclude", "deep/er/still", path_str(&up), &url(&srv, "up")]);
    srv.expect_code(&out, 0);
    assert!(srv.path("up/deep/er/small.txt").exists() && !srv.path("up/deep/er/still").exists());
}

fn parallel_1_and_8_agree(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    remote_tree(&srv, "src");
    for i in 0..40 {
        srv.write_file(&format!("src/many/f{i:02}"), &sample(100 + i * 37));
    }
    let one = s.root.join("one");
    let eight = s.root.join("eight");
    srv.expect_code(&mirror(&srv, &s.home, &["-P", "1", &url(&srv, "src"), path_str(&one)]), 0);
    let out = mirror(&srv, &s.home, &["--parallel", "8", "--json", &url(&srv, "src"), path_str(&eight)]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&one), snapshot(&eight));
    assert_eq!(times(&one), times(&eight));
    assert_eq!(snapshot(&one), snapshot(&srv.path("src")));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("--json prints one JSON object");
    assert_eq!(json["files_transferred"], 46, "{json}");
    assert_eq!(json["failed"].as_array().map(Vec::len), Some(0), "{json}");
    assert_eq!(json["direction"], "download");

    let up1 = "up1";
    let up8 = "up8";
    srv.expect_code(&mirror(&srv, &s.home, &["-P", "1", path_str(&one), &url(&srv, up1)]), 0);
    srv.expect_code(&mirror(&srv, &s.home, &["-P", "8", path_str(&one), &url(&srv, up8)]), 0);
    assert_eq!(snapshot(&srv.path(up1)), snapshot(&srv.path(up8)));
    assert_eq!(snapshot(&srv.path(up1)), snapshot(&one));
}

/// Hundreds of small files on one connection: the pipelined turns (EPSV
/// fetched with the previous transfer's final reply, ClientHello sent with the
/// command, MDTM and SIZE/MFMT batches) stay in step with the server.
fn many_small_files_on_one_connection(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = dirs();
    for i in 0..300 {
        let p = srv.write_file(&format!("many/f{i:03}"), &sample(1 + i * 13));
        set_mtime(&p, T0 + i as u64);
    }
    let dst = s.root.join("dst");
    let out = mirror(&srv, &s.home, &["-P", "1", "-v", &url(&srv, "many"), path_str(&dst)]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&dst), snapshot(&srv.path("many")));
    assert_eq!(times(&dst), times(&srv.path("many")));
    assert!(out.stderr.contains("1 connection)"), "{}", out.stderr.lines().last().unwrap_or(""));
    // Same sizes everywhere: exact times decide (a pipelined MDTM batch on vsftpd).
    says_nothing_to_do(&srv, &mirror(&srv, &s.home, &["-P", "1", &url(&srv, "many"), path_str(&dst)]));

    let out = mirror(&srv, &s.home, &["-P", "1", path_str(&dst), &url(&srv, "back")]);
    srv.expect_code(&out, 0);
    assert_eq!(snapshot(&srv.path("back")), snapshot(&dst));
    says_nothing_to_do(&srv, &mirror(&srv, &s.home, &["-P", "1", path_str(&dst), &url(&srv, "back")]));
}

macro_rules! real_servers {
    ($($case:ident),* $(,)?) => {
        mod vsftpd {
            $( #[test] fn $case() { super::$case(crate::servers::Kind::Vsftpd); } )*
        }
        mod proftpd {
            $( #[test] fn $case() { super::$case(crate::servers::Kind::Proftpd); } )*
        }
    };
}

real_servers!(
    download_nested_tree,
    upload_nested_tree,
    changed_file_is_transferred_again,
    delete_removes_what_the_source_lacks,
    delete_keeps_files_with_windows_only_odd_names,
    dry_run_changes_nothing,
    include_and_exclude,
    parallel_1_and_8_agree,
    many_small_files_on_one_connection,
);

#[test]
fn implicit_ftps_round_trip() {
    let Some(srv) = server(Kind::Proftpd, true) else { return };
    let s = dirs();
    remote_tree(&srv, "src");
    let dst = s.root.join("dst");
    srv.expect_code(&mirror(&srv, &s.home, &[&url(&srv, "src"), path_str(&dst)]), 0);
    assert_eq!(snapshot(&dst), snapshot(&srv.path("src")));
}
