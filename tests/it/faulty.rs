//! Faulty links: real servers behind a relay that breaks connections at
//! chosen bytes (see [`relay`]). A server that dies writing plaintext onto
//! the TLS control channel, and seeded random cuts of every kind on
//! control and data connections, must all end in a complete, correct copy
//! within `--retries`, with no temporary file left on either side.

pub mod relay;

use std::net::{IpAddr, Ipv4Addr};
use std::process::Command;

use crate::certs::{pki, sha256};
use crate::edge::sample;
use crate::harness::{Output, Scratch, run, scratch};
use crate::servers::{Server, vsftpd};
use relay::{Cut, Plan, Relay, Scripted};

/// Where the relay listens: another loopback address than the server's, at
/// the same ports (the server's control port and leased passive range).
const RELAY_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9));

fn relay(server: &Server, plan: Plan) -> Relay {
    Relay::start(RELAY_IP, IpAddr::V4(Ipv4Addr::LOCALHOST), server.port(), server.pasv_range(), plan)
        .expect("relay listens on 127.0.0.9")
}

/// `ftpes://127.0.0.9:PORT`: the server through the relay.
fn base(server: &Server) -> String {
    format!("ftpes://{RELAY_IP}:{}", server.port())
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
    let url = format!("{}/m", base(&server));
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
