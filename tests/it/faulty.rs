//! Faulty links: real servers behind a relay that breaks connections at
//! chosen bytes (see [`relay`]). A server that dies writing plaintext onto
//! the TLS control channel, and seeded random cuts of every kind on
//! control and data connections, must all end in a complete, correct copy
//! within `--retries`, with no temporary file left on either side.

pub mod relay;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::process::Command;

use crate::certs::{pki, sha256};
use crate::edge::sample;
use crate::harness::{Output, Scratch, run, scratch};
use crate::servers::{self, Server, vsftpd};
use relay::{Cut, Plan, Random, Relay, Scripted};

/// Where the relay listens: another loopback address than the server's, at
/// the same ports (the server's control port and leased passive range).
const RELAY_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9));

fn relay(server: &Server, plan: Plan) -> Relay {
    Relay::start(RELAY_IP, IpAddr::V4(Ipv4Addr::LOCALHOST), server.port(), server.pasv_range(), plan)
        .expect("relay listens on 127.0.0.9")
}

/// `ftpes://127.0.0.9:PORT`: the server through the relay.
fn base(relay: &Relay) -> String {
    format!("ftpes://{RELAY_IP}:{}", relay.control_port())
}

/// `ftps` for the server through the relay. The certificate names
/// 127.0.0.1, not the relay's address: it is pinned instead.
fn client(server: &Server, s: &Scratch, args: &[&str]) -> Output {
    let mut cmd: Command = server.client(&s.home);
    cmd.current_dir(&s.work).arg("--pin").arg(sha256(&pki().cert_der)).args(args);
    run(&mut cmd)
}

fn context(out: &Output, server: &Server, relay: &Relay) -> String {
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}\n--- relay: {}\n{}",
        out.code,
        out.stdout,
        out.stderr,
        relay.stats.summary(),
        server.logs()
    )
}

/// The case: a data connection cut a few bytes into its TLS
/// handshake. vsftpd's session process dies and writes its `500 OOPS`
/// line unencrypted onto the TLS control connection, where ftps (which
/// opens the next data connection ahead, while the server still reads
/// commands) reads it instead of the next reply. Before, ftps called that a
/// TLS failure (exit 4 for the file, 10 for the run) and gave up on the
/// file; it is a lost connection: reconnect, resume, and show the server's
/// words.
#[test]
fn a_server_dying_in_plaintext_is_a_lost_connection() {
    let Some(server) = vsftpd(false) else { return };
    let mut want = std::collections::BTreeMap::new();
    for i in 0..6 {
        let data = sample(1000 + i * 7919);
        server.write_file(&format!("m/f{i}.bin"), &data);
        want.insert(format!("f{i}.bin"), data);
    }
    let cuts = vec![
        Scripted { data: true, nth: 2, upstream: true, at: 20, cut: Cut::Reset },
        Scripted { data: true, nth: 5, upstream: true, at: 5, cut: Cut::Fin },
    ];
    let relay = relay(&server, Plan::Script(cuts));
    let s = scratch();
    let url = format!("{}/m", base(&relay));
    let out = client(&server, &s, &["--retries", "2", "--timeout", "5", "mirror", "-P", "1", &url, "m"]);
    let ctx = || context(&out, &server, &relay);
    assert_eq!(out.code, 0, "{}", ctx());
    assert_eq!(relay.stats.faults(), 2, "{}", ctx());
    for (name, data) in &want {
        let got = std::fs::read(s.work.join("m").join(name)).ok();
        assert!(got.as_ref() == Some(data), "{name} differs\n{}", ctx());
    }
    assert_eq!(std::fs::read_dir(s.work.join("m")).map(|d| d.count()).ok(), Some(want.len()), "{}", ctx());
    assert!(
        out.stderr.contains("plaintext onto the TLS channel: \"500 OOPS"),
        "the server's words are shown\n{}",
        ctx()
    );
}

/// A directory listing cut by the link (a FIN without `close_notify` in
/// the middle of it) is listed again, like a cut transfer: before, mirror
/// used its whole lines, failed the directory without a retry and exited
/// 10 with files missing.
#[test]
fn a_cut_listing_is_listed_again() {
    let Some(server) = vsftpd(false) else { return };
    let mut want = BTreeMap::new();
    for i in 0..60 {
        let data = sample(100 + i);
        server.write_file(&format!("m/a-rather-long-file-name-{i:03}.bin"), &data);
        want.insert(format!("a-rather-long-file-name-{i:03}.bin"), data);
    }
    // The first data connection is the listing: its handshake is a few
    // hundred bytes, the listing about 5000.
    let cut = Scripted { data: true, nth: 0, upstream: false, at: 2500, cut: Cut::Fin };
    let relay = relay(&server, Plan::Script(vec![cut]));
    let s = scratch();
    let url = format!("{}/m", base(&relay));
    let out = client(&server, &s, &["--retries", "2", "--timeout", "5", "mirror", &url, "m"]);
    let ctx = || context(&out, &server, &relay);
    assert_eq!(out.code, 0, "{}", ctx());
    assert_eq!(relay.stats.faults(), 1, "{}", ctx());
    assert!(files_under(&s.work.join("m")) == want, "{}", ctx());
    assert!(out.stderr.contains("may be incomplete"), "the retry says why\n{}", ctx());
}

/// Sizes from empty to a few MiB, spread evenly on a log scale.
const SIZES: [usize; 12] = [0, 1, 10, 100, 1000, 5000, 20_000, 70_000, 200_000, 600_000, 1_500_000, 3_000_000];

/// The tree every case copies: `rel path -> bytes`.
fn tree() -> BTreeMap<String, Vec<u8>> {
    SIZES
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let dir = if i % 2 == 0 { "a" } else { "b/c" };
            (format!("{dir}/f{i}.bin"), sample(n).into_iter().map(|b| b.wrapping_add(i as u8)).collect())
        })
        .collect()
}

/// Every file under `root`, as `rel path -> bytes`.
fn files_under(root: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.insert(rel.to_string_lossy().into_owned(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

/// Random cuts of all three kinds in a share `chance` of the connections,
/// at most `budget` of them.
fn random(seed: u64, chance: f64, budget: u32) -> Plan {
    Plan::Random(Random { seed, chance, max_byte: 4 << 20, budget, cuts: vec![Cut::Fin, Cut::Reset, Cut::Stall] })
}

/// What every faulty run must end with: success, and no temporary file
/// (a download's `.part`, an upload's `.ftps-upload`) on either side.
#[track_caller]
fn expect_clean(out: &Output, server: &Server, relay: &Relay, local: &std::path::Path) {
    let ctx = || context(out, server, relay);
    assert_eq!(out.code, 0, "{}", ctx());
    for (side, root) in [("local", local), ("server", server.data_dir())] {
        let leftovers: Vec<String> =
            files_under(root).into_keys().filter(|k| k.ends_with(".part") || k.contains(".ftps-upload")).collect();
        assert!(leftovers.is_empty(), "{side} temporary files left: {leftovers:?}\n{}", ctx());
    }
}

/// Seeded cuts (FIN without close_notify, reset, stall) at log-uniform
/// bytes of control and data connections, in handshakes, listings,
/// transfers and renames: mirror down and up, get and put all finish with
/// byte-identical copies and nothing temporary left.
fn survives_a_faulty_link(server: Option<Server>) {
    let Some(server) = server else { return };
    let kind = server.kind;
    let want = tree();
    for (rel, data) in &want {
        server.write_file(&format!("down/{rel}"), data);
    }
    server.mkdir("up");
    server.mkdir("put");
    let s = scratch();
    for (rel, data) in &want {
        let path = s.work.join("src").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, data).expect("write");
    }
    let opts = ["--retries", "8", "--timeout", "2"];
    let big = "b/c/f11.bin";
    // A mirror opens a connection per file; get and put only two, so they
    // run twice each, cut more often (again after a reconnect,
    // within the budget). `BASE` stands for the relay's URL.
    let get = format!("get BASE/down/{big} -o got.bin");
    let put = format!("put src/{big} BASE/put/put.bin");
    let cases: Vec<(&str, f64, String)> = vec![
        ("mirror down", 0.3, "mirror BASE/down down".into()),
        ("mirror up", 0.3, "mirror src BASE/up".into()),
        ("get", 0.9, get.clone()),
        ("put", 0.9, put.clone()),
        ("get", 0.9, get),
        ("put", 0.9, put),
    ];
    // Other seeds, for a longer hunt: FTPS_FAULTY_SEED=N.
    let first: u64 = std::env::var("FTPS_FAULTY_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let mut faults = 0;
    for (i, (name, chance, args)) in cases.iter().enumerate() {
        let seed = first + i as u64;
        let relay = relay(&server, random(seed, *chance, 5));
        let args = args.replace("BASE", &base(&relay));
        let mut all: Vec<&str> = opts.to_vec();
        all.extend(args.split(' '));
        let _ = std::fs::remove_file(s.work.join("got.bin"));
        let _ = std::fs::remove_file(server.path("put/put.bin"));
        let out = client(&server, &s, &all);
        eprintln!("{kind} {name} (seed {seed}): {}", relay.stats.summary().lines().next().unwrap_or_default());
        expect_clean(&out, &server, &relay, &s.work);
        let ctx = || format!("{kind} {name}: {}", context(&out, &server, &relay));
        match *name {
            "mirror down" => assert!(files_under(&s.work.join("down")) == want, "{}", ctx()),
            "mirror up" => assert!(files_under(&server.path("up")) == want, "{}", ctx()),
            "get" => assert!(std::fs::read(s.work.join("got.bin")).ok().as_ref() == want.get(big), "{}", ctx()),
            _ => assert!(std::fs::read(server.path("put/put.bin")).ok().as_ref() == want.get(big), "{}", ctx()),
        }
        faults += relay.stats.faults();
    }
    assert!(faults >= 10, "{kind}: only {faults} faults were injected: the test tests too little");
}

#[test]
fn vsftpd_survives_a_faulty_link() {
    survives_a_faulty_link(vsftpd(false));
}

/// With `mod_digest`: every transfer is also checked against the server's
/// `HASH`, so cuts land in digest exchanges too.
#[test]
fn proftpd_survives_a_faulty_link() {
    survives_a_faulty_link(servers::proftpd_digest());
}
