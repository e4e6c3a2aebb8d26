//! Nothing lost: the data-loss cases found in review, each against the
//! in-process server misbehaving in exactly that way. Every test asserts
//! what is left on disk (and on the server), not only the exit code.

use std::fs;
use std::time::Duration;

use crate::edge::{client, ctx, entries, expect_code, sample, scratch};
use crate::fake::{Behaviour, FakeServer};

/// Five files on the server and the same five locally, for `mirror --delete`.
fn five_files(b: Behaviour) -> Behaviour {
    (1..=5).fold(b, |b, i| b.file(&format!("/t/f{i}.txt"), format!("file {i}")))
}

fn local_five(dst: &std::path::Path) {
    fs::create_dir_all(dst).unwrap();
    for i in 1..=5 {
        fs::write(dst.join(format!("f{i}.txt")), format!("file {i}")).unwrap();
    }
}

fn mirror_delete(server: &FakeServer) -> (crate::harness::Scratch, crate::harness::Output) {
    let s = scratch();
    local_five(&s.work.join("dst"));
    let (out, _) = client(&s, &["--retries", "0", "mirror", "--delete", &server.url("ftp", "u:p", "/t"), "dst"]);
    (s, out)
}

#[test]
fn cut_listing_deletes_nothing() {
    // The MLSD data connection ends after the first entry without
    // close_notify, and the server says 226: before, 4 of 5 local files were
    // deleted with exit 0.
    let server = five_files(Behaviour::new()).cut_listing(60).max_connections(8).start();
    let (s, out) = mirror_delete(&server);
    // Nothing succeeded (the only listing failed): the failure's own code.
    expect_code(&out, &server, 7);
    assert_eq!(entries(&s.work.join("dst")).len(), 5, "a local file was deleted\n{}", ctx(&out, &server));
    assert!(out.stderr.contains("may be incomplete"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("close_notify"), "{}", ctx(&out, &server));
}

#[test]
fn listing_without_final_line_break_deletes_nothing() {
    let server = five_files(Behaviour::new()).unterminated_listing().max_connections(8).start();
    let (s, out) = mirror_delete(&server);
    expect_code(&out, &server, 10);
    assert_eq!(entries(&s.work.join("dst")).len(), 5, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("no line break"), "{}", ctx(&out, &server));
}

#[test]
fn ls_and_get_glob_fail_on_a_cut_listing() {
    let server = five_files(Behaviour::new()).cut_listing(60).max_connections(8).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "0", "ls", &server.url("ftp", "u:p", "/t")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("may be incomplete"), "{}", ctx(&out, &server));
    let (out, _) = client(&s, &["--retries", "0", "get", &server.url("ftp", "u:p", "/t/*.txt")]);
    assert_ne!(out.code, 0, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("may be incomplete"), "{}", ctx(&out, &server));
}

/// A remote directory holding both `a.bin` and `a.bin.part`: before, both
/// went through the local `a.bin.part` (one file lost, or wrong bytes).
fn part_collision(parallel: &str) {
    // Largest first: a.bin.part is fetched before a.bin, whose temporary
    // file then used to replace it.
    let a = sample(150_000);
    let b: Vec<u8> = sample(200_000).into_iter().rev().collect();
    let server = Behaviour::new()
        .file("/t/a.bin", a.clone())
        .file("/t/a.bin.part", b.clone())
        .file("/t/a.bin.ftps-1.part", "third")
        .max_connections(16)
        .start();
    let s = scratch();
    let (out, _) = client(&s, &["mirror", "-P", parallel, &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 0);
    let dst = s.work.join("dst");
    assert_eq!(entries(&dst), ["a.bin", "a.bin.ftps-1.part", "a.bin.part"], "{}", ctx(&out, &server));
    assert!(fs::read(dst.join("a.bin")).unwrap() == a, "a.bin has the wrong bytes\n{}", ctx(&out, &server));
    assert!(fs::read(dst.join("a.bin.part")).unwrap() == b, "a.bin.part has the wrong bytes");
    assert_eq!(fs::read(dst.join("a.bin.ftps-1.part")).unwrap(), b"third");
}

#[test]
fn part_names_never_collide_parallel_1() {
    part_collision("1");
}

#[test]
fn part_names_never_collide_parallel_4() {
    part_collision("4");
}

#[test]
fn get_glob_part_names_never_collide() {
    let a = sample(100_000);
    let server = Behaviour::new().file("/t/a.bin", a.clone()).file("/t/a.bin.part", "other").start();
    let s = scratch();
    // out/a.bin.part is the real copy of the remote a.bin.part from an
    // earlier run: `get -c` used to resume a.bin from it (wrong bytes, exit 0).
    fs::create_dir_all(s.work.join("out")).unwrap();
    fs::write(s.work.join("out/a.bin.part"), "other").unwrap();
    let (out, _) = client(&s, &["get", "-c", "--force", &server.url("ftp", "u:p", "/t/a.*"), "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work.join("out")), ["a.bin", "a.bin.part"], "{}", ctx(&out, &server));
    assert!(fs::read(s.work.join("out/a.bin")).unwrap() == a, "{}", ctx(&out, &server));
    assert_eq!(fs::read(s.work.join("out/a.bin.part")).unwrap(), b"other");
}

/// Every REST is preceded by EPSV/PASV and followed by RETR/STOR.
#[track_caller]
fn assert_rest_order(server: &FakeServer, out: &crate::harness::Output) {
    let cmds = server.commands();
    let mut seen = 0;
    for (i, c) in cmds.iter().enumerate() {
        if c.starts_with("REST ") {
            seen += 1;
            let before = cmds.get(i.wrapping_sub(1)).map(String::as_str).unwrap_or("");
            let after = cmds.get(i + 1).map(String::as_str).unwrap_or("");
            assert!(before == "EPSV" || before == "PASV", "REST after {before:?}\n{}", ctx(out, server));
            assert!(after.starts_with("RETR ") || after.starts_with("STOR "), "REST before {after:?}");
        }
    }
    assert!(seen > 0, "no REST was sent\n{}", ctx(out, server));
}

#[test]
fn rest_follows_the_passive_command_in_get_put_and_mirror() {
    let data = sample(120_000);
    let server = Behaviour::new().file("/t/big.bin", data.clone()).file("/up/u.bin", &data[..40_000]).start();
    let s = scratch();
    fs::write(s.work.join("big.bin.part"), &data[..50_000]).unwrap();
    let (out, _) = client(&s, &["get", "-c", &server.url("ftp", "u:p", "/t/big.bin")]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data);
    fs::write(s.work.join("u.bin"), &data).unwrap();
    let (out, _) = client(&s, &["put", "-c", "u.bin", &server.url("ftp", "u:p", "/up/u.bin")]);
    expect_code(&out, &server, 0);
    assert!(server.file("/up/u.bin").is_some_and(|f| f == data), "{}", ctx(&out, &server));
    fs::create_dir_all(s.work.join("dst")).unwrap();
    fs::write(s.work.join("dst/big.bin.part"), &data[..30_000]).unwrap();
    let (out, _) = client(&s, &["mirror", "-P", "1", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("dst/big.bin")).unwrap() == data);
    assert!(server.commands().iter().any(|c| c == "REST 30000"), "{}", ctx(&out, &server));
    assert_rest_order(&server, &out);
}

#[test]
fn trickling_download_stalls_and_fails_in_time() {
    // One byte every 500 ms: before, --timeout 2 never fired (each read got a byte).
    let server = Behaviour::new().file("/t/slow.bin", sample(4096)).trickle_data(1, Duration::from_millis(500)).start();
    let s = scratch();
    let (out, took) =
        client(&s, &["--timeout", "2", "--retries", "0", "get", &server.url("ftp", "u:p", "/t/slow.bin")]);
    expect_code(&out, &server, 3);
    assert!(out.stderr.contains("stalled"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(15), "took {took:?}\n{}", ctx(&out, &server));
    assert!(!s.work.join("slow.bin").exists());
}

#[test]
fn trickling_listing_stalls() {
    let server = Behaviour::new().file("/t/a", "a").trickle_data(1, Duration::from_millis(500)).start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "2", "--retries", "0", "ls", &server.url("ftp", "u:p", "/t")]);
    expect_code(&out, &server, 3);
    assert!(out.stderr.contains("stalled"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

#[test]
fn slow_but_steady_download_completes() {
    // 512 bytes every 100 ms (about 5 KiB/s) for 20 KiB, with --timeout 1.
    let data = sample(20 * 1024);
    let server =
        Behaviour::new().file("/t/steady.bin", data.clone()).trickle_data(512, Duration::from_millis(100)).start();
    let s = scratch();
    let (out, _) = client(&s, &["--timeout", "1", "--retries", "0", "get", &server.url("ftp", "u:p", "/t/steady.bin")]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("steady.bin")).unwrap() == data);
}

#[test]
fn upload_to_a_server_that_barely_reads_stalls() {
    let s = scratch();
    fs::write(s.work.join("big.bin"), sample(32 * 1024 * 1024)).unwrap();
    let server = Behaviour::new().dir("/up").slow_stor(Duration::from_millis(200)).start();
    let (out, took) =
        client(&s, &["--timeout", "2", "--retries", "0", "put", "big.bin", &server.url("ftp", "u:p", "/up/big.bin")]);
    expect_code(&out, &server, 3);
    assert!(out.stderr.contains("stalled"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(15), "took {took:?}\n{}", ctx(&out, &server));
}

#[test]
fn upload_drain_is_bounded() {
    // After the upload the server keeps sending a byte every 100 ms for 30 s:
    // before, the drain read on (up to 1024 reads of 5 s each).
    let s = scratch();
    fs::write(s.work.join("f.bin"), sample(10_000)).unwrap();
    let server = Behaviour::new().dir("/up").chatter_after_stor().start();
    let (out, took) =
        client(&s, &["--timeout", "2", "--retries", "0", "put", "f.bin", &server.url("ftp", "u:p", "/up/f.bin")]);
    // The drain gives up after the timeout; the 226 then never comes in time.
    expect_code(&out, &server, 3);
    assert!(took < Duration::from_secs(12), "took {took:?}\n{}", ctx(&out, &server));
}

#[test]
fn endless_remote_tree_stops_at_the_depth_limit() {
    let server = Behaviour::new().file("/t/top.txt", "top").endless_dirs("/t/loop").max_connections(8).start();
    let s = scratch();
    let (out, took) =
        client(&s, &["--retries", "0", "mirror", "--max-depth", "20", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 10);
    assert!(out.stderr.contains("more than 20 levels deep"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("--max-depth"), "{}", ctx(&out, &server));
    assert_eq!(fs::read(s.work.join("dst/top.txt")).unwrap(), b"top");
    let listed = server.commands().iter().filter(|c| c.starts_with("MLSD")).count();
    assert!(listed <= 22, "{listed} listings\n{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(30));
}

#[test]
fn endless_remote_tree_default_limit() {
    let server = Behaviour::new().endless_dirs("/t").max_connections(8).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "0", "mirror", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 10);
    assert!(out.stderr.contains("more than 256 levels deep"), "{}", ctx(&out, &server));
}

#[test]
fn entry_limit_per_run() {
    let b = (0..50).fold(Behaviour::new(), |b, i| b.file(&format!("/t/f{i}"), "x"));
    let server = b.start();
    let s = scratch();
    let (out, _) = client(&s, &["mirror", "--max-entries", "10", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("more than 10 entries"), "{}", ctx(&out, &server));
    assert!(!s.work.join("dst").exists() || entries(&s.work.join("dst")).is_empty());
}

#[cfg(unix)]
#[test]
fn resume_refuses_a_hard_linked_part_file() {
    let data = sample(100_000);
    let server = Behaviour::new().file("/t/f.bin", data).start();
    let s = scratch();
    let victim = s.work.join("victim");
    fs::write(&victim, b"precious").unwrap();
    fs::hard_link(&victim, s.work.join("f.bin.part")).unwrap();
    let (out, _) = client(&s, &["get", "-c", &server.url("ftp", "u:p", "/t/f.bin")]);
    expect_code(&out, &server, 8);
    assert!(out.stderr.contains("hard links"), "{}", ctx(&out, &server));
    assert_eq!(fs::read(&victim).unwrap(), b"precious", "wrote through a hard link");
}

#[test]
fn one_partial_rule_for_multi_file_commands() {
    let server = Behaviour::new().file("/t/a.txt", "a").dir("/up").max_connections(32).start();
    let s = scratch();
    let url = |p: &str| server.url("ftp", "u:p", p);
    // One of two downloads fails: partial (10).
    let (out, _) = client(&s, &["get", &url("/t/a.txt"), &url("/t/missing.txt"), "-o", "one"]);
    expect_code(&out, &server, 10);
    // Every download fails: the failure's own code (6), not 10.
    let (out, _) = client(&s, &["get", &url("/t/gone1"), &url("/t/gone2"), "-o", "none"]);
    expect_code(&out, &server, 6);
    // The same for uploads.
    fs::write(s.work.join("x.txt"), "x").unwrap();
    let (out, _) = client(&s, &["put", "x.txt", "nonexistent.txt", &url("/up/")]);
    expect_code(&out, &server, 10);
    // And for script lines: all failed is the failure's code, some is 10.
    fs::write(s.work.join("bad.ftps"), "get t/gone1\nget t/gone2\n").unwrap();
    let (out, _) = client(&s, &["batch", "--keep-going", "--url", &url("/"), "bad.ftps"]);
    expect_code(&out, &server, 6);
    fs::write(s.work.join("mixed.ftps"), "get t/a.txt b.txt\nget t/gone\n").unwrap();
    let (out, _) = client(&s, &["batch", "--keep-going", "--url", &url("/"), "mixed.ftps"]);
    expect_code(&out, &server, 10);
}

#[test]
fn a_retry_never_commits_a_stale_part_file() {
    // A leftover of an older version, as long as the new file: the first RETR
    // fails with 425 before any data; the retry used to "resume" the
    // leftover, find it complete and rename it into place (exit 0).
    let fresh = sample(50_000);
    let server = Behaviour::new().file("/t/f.bin", fresh.clone()).fail_first_transfer().max_connections(8).start();
    let s = scratch();
    fs::write(s.work.join("f.bin.part"), vec![b'o'; 50_000]).unwrap();
    let (out, _) = client(&s, &["--retries", "2", "get", &server.url("ftp", "u:p", "/t/f.bin")]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("f.bin")).unwrap() == fresh, "stale bytes committed\n{}", ctx(&out, &server));
}

#[test]
fn a_retried_upload_never_keeps_the_old_remote_file() {
    // The old remote file is as long as the new one: a retry that resumed
    // would find it "complete" and report success over the old bytes.
    let new = sample(40_000);
    let server =
        Behaviour::new().file("/up/f.bin", vec![b'o'; 40_000]).fail_first_transfer().max_connections(8).start();
    let s = scratch();
    fs::write(s.work.join("f.bin"), &new).unwrap();
    let (out, _) = client(&s, &["--retries", "2", "put", "f.bin", &server.url("ftp", "u:p", "/up/f.bin")]);
    expect_code(&out, &server, 0);
    assert!(server.file("/up/f.bin").is_some_and(|f| f == new), "old remote bytes kept\n{}", ctx(&out, &server));
}

#[test]
fn several_sources_never_share_one_destination() {
    let server = Behaviour::new().file("/a/x", "from a").file("/b/x", "from b").dir("/up").max_connections(16).start();
    let s = scratch();
    let url = |p: &str| server.url("ftp", "u:p", p);
    let (out, _) = client(&s, &["get", "-P", "2", &url("/a/x"), &url("/b/x"), "-o", "out"]);
    expect_code(&out, &server, 10);
    assert_eq!(fs::read(s.work.join("out/x")).unwrap(), b"from a", "{}", ctx(&out, &server));
    assert!(out.stderr.contains("would be saved as"), "{}", ctx(&out, &server));
    fs::create_dir_all(s.work.join("p/q")).unwrap();
    fs::write(s.work.join("p/y"), "one").unwrap();
    fs::write(s.work.join("p/q/y"), "two").unwrap();
    let (out, _) = client(&s, &["put", "-P", "2", "p/y", "p/q/y", &url("/up/")]);
    expect_code(&out, &server, 10);
    assert_eq!(server.file("/up/y").as_deref(), Some(&b"one"[..]), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("would be uploaded to"), "{}", ctx(&out, &server));
}

#[test]
fn a_download_stops_at_the_announced_size() {
    let server = Behaviour::new().file("/t/f.bin", sample(10_000)).retr_extra(5_000_000).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "0", "get", &server.url("ftp", "u:p", "/t/f.bin")]);
    assert_ne!(out.code, 0, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("more than the 10000 bytes"), "{}", ctx(&out, &server));
    assert!(!s.work.join("f.bin").exists());
    let kept = fs::metadata(s.work.join("f.bin.part")).map(|m| m.len()).unwrap_or(0);
    assert!(kept <= 10_000 + 64 * 1024, "kept {kept} bytes");
}

#[test]
fn list_only_mirror_never_commits_a_stale_full_length_part() {
    // No MLSD: the listing has no exact time, so nothing says a leftover
    // .part is of this version; it is downloaded again.
    let fresh = sample(30_000);
    let server = Behaviour::new()
        .file("/t/f.bin", fresh.clone())
        .feat(&["EPSV", "PASV", "SIZE", "MDTM", "REST STREAM", "UTF8"])
        .max_connections(8)
        .start();
    let s = scratch();
    fs::create_dir_all(s.work.join("dst")).unwrap();
    fs::write(s.work.join("dst/f.bin.part"), vec![b'o'; 30_000]).unwrap();
    let (out, _) = client(&s, &["mirror", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("dst/f.bin")).unwrap() == fresh, "{}", ctx(&out, &server));
}
