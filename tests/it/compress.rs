//! `--compress` (MODE Z): ProFTPD with `mod_deflate` for every kind of
//! transfer, vsftpd without it, and the in-process server sending cut,
//! corrupt and explosive deflate streams.

use std::fs;
use std::time::Duration;

use crate::edge::{client, ctx, entries, expect_code};
use crate::fake::{Behaviour, FakeServer, sha256_hex};
use crate::harness::{Output, run, scratch};
use crate::servers::{self, Server};

mod zstream;
pub use zstream::{ZStream, inflate};

/// CSV-like rows: compressible, as the feeds `--compress` is for.
pub(crate) fn rows(n: usize) -> Vec<u8> {
    (0..n)
        .flat_map(|i| {
            format!("{i},2026-12-01T12:{:02}:00Z,sensor-{},{}.{}\n", i % 60, i % 17, i % 1000, i % 7).into_bytes()
        })
        .collect()
}

#[track_caller]
fn ok(srv: &Server, out: &Output) {
    srv.expect_code(out, 0);
}

/// Bytes `mod_deflate` says it deflated (downloads) or inflated (uploads),
/// summed over its log: `(plain, wire)`.
fn deflate_totals(srv: &Server, verb: &str) -> (u64, u64) {
    let mut sum = (0, 0);
    for line in srv.deflate_log().lines().filter(|l| l.contains(verb)) {
        let nums: Vec<u64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        if let [a, b, ..] = nums[..] {
            // "deflated A bytes to B bytes", "inflated A bytes to B bytes" (A is the wire side)
            sum = if verb == "deflated" { (sum.0 + a, sum.1 + b) } else { (sum.0 + b, sum.1 + a) };
        }
    }
    sum
}

#[test]
fn proftpd_get_put_and_ls_compressed_and_verified() {
    let Some(srv) = servers::proftpd_deflate() else { return };
    let l = scratch();
    let data = rows(40_000);
    srv.mkdir("z");
    srv.write_file("z/feed.csv", &data);
    let url = format!("{}/z/feed.csv", srv.base_url());
    let out =
        run(srv.client(&l.home).current_dir(&l.work).args(["-v", "--compress", "--verify", "require", "get", &url]));
    ok(&srv, &out);
    assert!(fs::read(l.work.join("feed.csv")).unwrap() == data, "downloaded bytes differ");
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", out.stderr);
    assert!(out.stderr.contains("MODE Z on"), "{}", out.stderr);
    let (plain, wire) = deflate_totals(&srv, "deflated");
    assert_eq!(plain, data.len() as u64, "{}", srv.deflate_log());
    assert!(wire * 3 < plain, "compressed on the wire: {wire} of {plain}");

    let up = l.work.join("up.csv");
    let updata = rows(30_000);
    fs::write(&up, &updata).unwrap();
    let out = run(srv
        .client(&l.home)
        .args(["-v", "--compress", "--verify", "require", "put"])
        .arg(&up)
        .arg(format!("{}/z/up.csv", srv.base_url())));
    ok(&srv, &out);
    assert!(fs::read(srv.path("z/up.csv")).unwrap() == updata, "uploaded bytes differ");
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&updata))), "{}", out.stderr);
    let (plain, wire) = deflate_totals(&srv, "inflated");
    assert_eq!(plain, updata.len() as u64, "{}", srv.deflate_log());
    assert!(wire * 3 < plain, "compressed on the wire: {wire} of {plain}");

    let out = run(srv.client(&l.home).args(["--compress", "ls", &format!("{}/z/", srv.base_url())]));
    ok(&srv, &out);
    assert!(out.stdout.contains("feed.csv") && out.stdout.contains("up.csv"), "{}", out.stdout);
    let cmds = srv.commands();
    assert_eq!(cmds.lines().filter(|l| l.trim() == "MODE Z").count(), 3, "once per control connection:\n{cmds}");
    assert!(!out.stderr.contains("MODE Z"), "no notice where it worked: {}", out.stderr);
}

fn fake(kind: ZStream, content: &[u8]) -> FakeServer {
    Behaviour::new().file("/z/feed.csv", content.to_vec()).mode_z(kind).max_connections(8).start()
}

#[test]
fn fake_whole_stream_downloads_and_lists() {
    let data = rows(5_000);
    let server = fake(ZStream::Whole, &data);
    let s = scratch();
    let (out, _) = client(&s, &["--compress", "get", &server.url("ftp", "u:p", "/z/feed.csv")]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("feed.csv")).unwrap() == data, "{}", ctx(&out, &server));
    let (out, _) = client(&s, &["--compress", "ls", &server.url("ftp", "u:p", "/z/")]);
    expect_code(&out, &server, 0);
    assert!(out.stdout.contains("feed.csv"), "{}", ctx(&out, &server));
    let up = s.work.join("up.csv");
    fs::write(&up, &data).unwrap();
    let (out, _) = client(&s, &["--compress", "put", up.to_str().unwrap(), &server.url("ftp", "u:p", "/z/up.csv")]);
    expect_code(&out, &server, 0);
    assert!(server.file("/z/up.csv").as_deref() == Some(&data[..]), "{}", ctx(&out, &server));
}

/// Every byte arrives and the size matches, but the stream never ends:
/// the server did not finish its transfer, whatever the 226 says.
#[test]
fn fake_stream_without_final_block_fails_and_keeps_nothing() {
    let data = rows(5_000);
    let server = fake(ZStream::NoFinalBlock, &data);
    let s = scratch();
    let (out, _) = client(&s, &["--compress", "--retries", "0", "get", &server.url("ftp", "u:p", "/z/feed.csv")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("before its final block"), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "nothing kept: {:?}\n{}", entries(&s.work), ctx(&out, &server));
    let (out, _) = client(&s, &["--compress", "--retries", "0", "ls", &server.url("ftp", "u:p", "/z/")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("may be incomplete"), "{}", ctx(&out, &server));
}

#[test]
fn fake_stream_with_trailing_junk_is_corrupt_and_keeps_nothing() {
    let data = rows(5_000);
    let server = fake(ZStream::Trailing, &data);
    let s = scratch();
    let (out, _) = client(&s, &["--compress", "--retries", "0", "get", &server.url("ftp", "u:p", "/z/feed.csv")]);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("corrupt compressed (MODE Z) data"), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "nothing kept: {:?}\n{}", entries(&s.work), ctx(&out, &server));
}

/// A listing of a few hundred KiB that inflates to 80 MiB stops at the
/// 64 MiB listing cap, counted after inflating.
#[test]
fn fake_deflate_bomb_in_a_listing_hits_the_cap() {
    let server = fake(ZStream::Bomb, b"x");
    let s = scratch();
    let (out, took) = client(&s, &["--compress", "--retries", "0", "ls", &server.url("ftp", "u:p", "/z/")]);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("more than the 67108864 bytes"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn without_compress_no_mode_command_is_sent() {
    let data = rows(100);
    let server = fake(ZStream::Whole, &data);
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/z/feed.csv")]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("feed.csv")).unwrap() == data);
    assert!(!server.commands().iter().any(|c| c.starts_with("MODE")), "{:?}", server.commands());
}

#[test]
fn fake_streams_are_what_they_say() {
    let data = rows(5_000);
    assert!(inflate(&ZStream::Whole.encode(&data)).unwrap() == data);
    assert!(inflate(&ZStream::Trailing.encode(&data)).is_err());
    assert!(inflate(&ZStream::NoFinalBlock.encode(&data)).is_err());
    assert!(inflate(&ZStream::Zeros.encode(&data)).unwrap() == data);
    let zeros = vec![0u8; 3 * (1 << 20) + 12345];
    let wire = ZStream::Zeros.encode(&zeros);
    assert!(wire.len() < 8 * 1024, "{}", wire.len());
    assert!(inflate(&wire).unwrap() == zeros);
}

const MIB: usize = 1 << 20;

/// The file at `path` is `len` zeros (read piece by piece, not kept).
#[track_caller]
fn is_zeros(path: &std::path::Path, len: usize) -> bool {
    use std::io::Read;
    let mut f = fs::File::open(path).unwrap();
    let (mut buf, zeros, mut seen) = (vec![0u8; MIB], vec![0u8; MIB], 0);
    loop {
        let n = f.read(&mut buf).unwrap();
        if n == 0 {
            return seen == len;
        }
        if buf[..n] != zeros[..n] {
            return false;
        }
        seen += n;
    }
}

/// 200 MiB of zeros, 200 KiB on the wire: the decoder drains its window in
/// steps that take no input, which once parked the rest of each piece and
/// lost it at the end ("before its final block", exit 7, nothing kept).
#[test]
fn fake_200_mib_of_zeros_download_whole() {
    // flate2's own stream of all 200 MiB (which one matters: the Zeros
    // variant's repeated blocks did not trip the old decoder here).
    let server = Behaviour::new().file("/z/zeros.bin", vec![0u8; 200 * MIB]).mode_z(ZStream::Whole).start();
    let s = scratch();
    let (out, _) = client(&s, &["--compress", "--retries", "0", "get", &server.url("ftp", "u:p", "/z/zeros.bin")]);
    expect_code(&out, &server, 0);
    assert!(is_zeros(&s.work.join("zeros.bin"), 200 * MIB), "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["zeros.bin"], "{}", ctx(&out, &server));
}

/// The reported failure, from the server it was seen with: ProFTPD's
/// `mod_deflate` (zlib) streams 200 MiB of zeros in about 200 KiB, and
/// 200 MiB of noise in stored blocks; both arrive whole.
#[test]
fn proftpd_200_mib_of_zeros_and_noise_download_whole() {
    let Some(srv) = servers::proftpd_deflate() else { return };
    let l = scratch();
    srv.write_file("big/zeros.bin", &vec![0u8; 200 * MIB]);
    let url = format!("{}/big/zeros.bin", srv.base_url());
    let out = run(srv.client(&l.home).current_dir(&l.work).args(["--compress", "--retries", "0", "get", &url]));
    ok(&srv, &out);
    assert!(is_zeros(&l.work.join("zeros.bin"), 200 * MIB), "{}", out.stderr);
    let (plain, wire) = deflate_totals(&srv, "deflated");
    assert!(plain == 200 * MIB as u64 && wire < MIB as u64, "{wire} on the wire for {plain}");
    // xorshift noise: incompressible.
    let data = crate::segments::content(200 * MIB, 1);
    srv.write_file("big/noise.bin", &data);
    let url = format!("{}/big/noise.bin", srv.base_url());
    let out = run(srv.client(&l.home).current_dir(&l.work).args(["--compress", "--retries", "0", "get", &url]));
    ok(&srv, &out);
    assert!(fs::read(l.work.join("noise.bin")).unwrap() == data, "noise.bin differs");
}

/// Without SIZE nothing bounds what a stream inflates to: past 64 MiB at
/// over 200 times the wire bytes it is refused as a bomb (the same 200 MiB
/// of zeros), and nothing is kept; `--no-compress` fetches it, and ordinary
/// data still downloads compressed.
#[test]
fn fake_bomb_without_size_is_refused_and_keeps_nothing() {
    let feat: Vec<String> = crate::fake::default_feat().into_iter().filter(|f| f != "SIZE").collect();
    let feat: Vec<&str> = feat.iter().map(String::as_str).collect();
    let server = Behaviour::new()
        .feat(&feat)
        .reply_to("SIZE", "502 Command not implemented.")
        .file("/z/zeros.bin", vec![0u8; 200 * MIB])
        .file("/z/feed.csv", rows(5_000))
        .mode_z(ZStream::Zeros)
        .start();
    let s = scratch();
    let (out, took) = client(&s, &["--compress", "--retries", "0", "get", &server.url("ftp", "u:p", "/z/zeros.bin")]);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("deflate bomb"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("--no-compress transfers it uncompressed"), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "nothing kept: {:?}\n{}", entries(&s.work), ctx(&out, &server));
    assert!(took < Duration::from_secs(60), "{took:?}");
    // What the message says to do works.
    let (out, _) = client(&s, &["--no-compress", "get", &server.url("ftp", "u:p", "/z/zeros.bin")]);
    expect_code(&out, &server, 0);
    assert!(is_zeros(&s.work.join("zeros.bin"), 200 * MIB), "{}", ctx(&out, &server));
    let (out, _) = client(&s, &["--compress", "get", &server.url("ftp", "u:p", "/z/feed.csv")]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("feed.csv")).unwrap() == rows(5_000), "{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("SIZE")), "{:?}", server.commands());
}

/// Every worker's control connection sends `MODE Z` once (one per login,
/// reconnects included), and every file both ways is compressed and verified.
#[test]
fn proftpd_mirror_both_ways_compressed_and_verified() {
    let Some(srv) = servers::proftpd_deflate() else { return };
    let l = scratch();
    srv.mkdir("tree/sub");
    let names = ["a.csv", "b.csv", "sub/c.csv", "sub/d.csv"];
    for (i, name) in names.iter().enumerate() {
        srv.write_file(&format!("tree/{name}"), &rows(2_000 * (i + 1)));
    }
    srv.write_file("tree/empty.csv", b"");
    let dst = l.work.join("copy");
    let out = run(srv
        .client(&l.home)
        .args(["--compress", "--verify", "require", "mirror", "-P", "3"])
        .arg(format!("{}/tree/", srv.base_url()))
        .arg(&dst));
    ok(&srv, &out);
    for (i, name) in names.iter().enumerate() {
        assert!(fs::read(dst.join(name)).unwrap() == rows(2_000 * (i + 1)), "{name} differs");
    }
    assert_eq!(fs::read(dst.join("empty.csv")).unwrap(), b"");
    assert_eq!(srv.commands().matches("HASH tree/").count(), 5, "{}", srv.commands());

    let out = run(srv
        .client(&l.home)
        .args(["--compress", "--verify", "require", "mirror", "-P", "2"])
        .arg(&dst)
        .arg(format!("{}/back/", srv.base_url())));
    ok(&srv, &out);
    for (i, name) in names.iter().enumerate() {
        assert!(fs::read(srv.path(&format!("back/{name}"))).unwrap() == rows(2_000 * (i + 1)), "{name} differs");
    }
    assert_eq!(fs::read(srv.path("back/empty.csv")).unwrap(), b"");
    assert_eq!(srv.commands().matches("HASH back/").count(), 5, "{}", srv.commands());
    let cmds = srv.commands();
    let logins = cmds.lines().filter(|l| l.starts_with("PASS")).count();
    let modes = cmds.lines().filter(|l| l.trim() == "MODE Z").count();
    assert!(logins >= 3, "several workers: {logins} logins\n{cmds}");
    assert_eq!(modes, logins, "MODE Z once per control connection\n{cmds}");
    let (plain, wire) = deflate_totals(&srv, "deflated");
    assert!(plain > 0 && wire * 3 < plain, "downloads compressed: {wire} of {plain}");
    let (plain, wire) = deflate_totals(&srv, "inflated");
    assert!(plain > 0 && wire * 3 < plain, "uploads compressed: {wire} of {plain}");
}

/// `REST` under `MODE Z` on ProFTPD counts uncompressed bytes both ways
/// (measured: it seeks the file, then deflates or inflates from there), so
/// `-c` continues where the local or remote copy ends and the digest of the
/// whole file still matches.
#[test]
fn proftpd_resumes_compressed_transfers_at_uncompressed_offsets() {
    let Some(srv) = servers::proftpd_deflate() else { return };
    let l = scratch();
    let data = rows(20_000);
    srv.mkdir("r");
    srv.write_file("r/f.csv", &data);
    fs::write(l.work.join("f.csv.part"), &data[..data.len() / 3]).unwrap();
    let url = format!("{}/r/f.csv", srv.base_url());
    let out = run(srv.client(&l.home).current_dir(&l.work).args([
        "-v",
        "--compress",
        "--verify",
        "require",
        "get",
        "-c",
        &url,
    ]));
    ok(&srv, &out);
    assert!(out.stderr.contains(&format!("REST {}", data.len() / 3)), "{}", out.stderr);
    assert!(fs::read(l.work.join("f.csv")).unwrap() == data, "resumed download differs");
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", out.stderr);

    let up = l.work.join("up.csv");
    fs::write(&up, &data).unwrap();
    srv.write_file("r/up.csv", &data[..data.len() / 2]);
    let out = run(srv
        .client(&l.home)
        .args(["-v", "--compress", "--verify", "require", "put", "-c", "--no-temp"])
        .arg(&up)
        .arg(format!("{}/r/up.csv", srv.base_url())));
    ok(&srv, &out);
    assert!(out.stderr.contains(&format!("REST {}", data.len() / 2)), "{}", out.stderr);
    assert!(fs::read(srv.path("r/up.csv")).unwrap() == data, "resumed upload differs");
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", out.stderr);
}

/// vsftpd has no `MODE Z`: the run works uncompressed, says so once (for
/// all its connections), and never sends `MODE`.
#[test]
fn vsftpd_without_mode_z_says_so_once_and_works() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let l = scratch();
    for name in ["a.csv", "b.csv", "c.csv"] {
        srv.write_file(&format!("v/{name}"), &rows(500));
    }
    let dst = l.work.join("copy");
    let out = run(srv
        .client(&l.home)
        .args(["--compress", "mirror", "-P", "3"])
        .arg(format!("{}/v/", srv.base_url()))
        .arg(&dst));
    ok(&srv, &out);
    assert!(fs::read(dst.join("b.csv")).unwrap() == rows(500));
    assert_eq!(out.stderr.matches("does not offer MODE Z").count(), 1, "{}", out.stderr);
    let out = run(srv.client(&l.home).args(["-v", "--compress", "ls", &format!("{}/v/", srv.base_url())]));
    ok(&srv, &out);
    assert!(out.stderr.contains("MODE Z is not in the server's FEAT reply"), "{}", out.stderr);
    assert!(!out.stderr.contains("-> MODE"), "{}", out.stderr);
}

/// The config file maps every global option by name: a site can ask for
/// compression, and its server then gets `MODE Z`.
#[test]
fn a_site_can_set_compress() {
    let server = fake(ZStream::Whole, &rows(300));
    let s = scratch();
    let dir = s.home.join(".config/ftps");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.toml"),
        format!(
            "[sites.feed]\nurl = \"ftp://127.0.0.1:{}/z\"\nuser = \"u\"\npassword-command = \"echo p\"\ncompress = true\n",
            server.port()
        ),
    )
    .unwrap();
    let (out, _) = client(&s, &["get", "feed:feed.csv"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("feed.csv")).unwrap() == rows(300), "{}", ctx(&out, &server));
    assert!(server.commands().iter().any(|c| c == "MODE Z"), "{:?}", server.commands());
}

/// FEAT lists `MODE Z` but the server refuses it: uncompressed, said once.
#[test]
fn a_refused_mode_z_is_a_notice_not_an_error() {
    let mut feat = crate::fake::default_feat();
    feat.push("MODE Z".into());
    let feat: Vec<&str> = feat.iter().map(String::as_str).collect();
    let server = Behaviour::new().file("/z/feed.csv", rows(300)).feat(&feat).start();
    let s = scratch();
    let (out, _) = client(&s, &["--compress", "get", &server.url("ftp", "u:p", "/z/feed.csv")]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("feed.csv")).unwrap() == rows(300), "{}", ctx(&out, &server));
    assert_eq!(out.stderr.matches("refused MODE Z").count(), 1, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("504"), "{}", ctx(&out, &server));
    // --quiet prints only errors: the notice is none.
    let (out, _) = client(&s, &["-q", "--compress", "get", "-f", &server.url("ftp", "u:p", "/z/feed.csv")]);
    expect_code(&out, &server, 0);
    assert!(!out.stderr.contains("MODE Z"), "{}", ctx(&out, &server));
}
