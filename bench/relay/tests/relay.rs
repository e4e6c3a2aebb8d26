//! The relay's promises, on loopback: delays, the handshake floor, half-close,
//! byte order, --rate, --conn-rate, --stats, the loopback check and SIGTERM. Every test
//! starts its own relay (127.0.0.2 -> 127.0.0.1) and servers on free ports;
//! the timing tests take turns (a shared lock) so they don't disturb each
//! other on a small machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_delay-relay");
const DELAY_MS: u64 = 10;
const LISTEN: &str = "127.0.0.2";

static TURN: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running relay, killed (SIGTERM) when dropped.
struct Relay(Child);

impl Relay {
    fn start(extra: &[&str], port: u16) -> Relay {
        let mut child = Command::new(BIN)
            .args(extra)
            .args([LISTEN, "127.0.0.1", &DELAY_MS.to_string(), &port.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the relay");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert!(line.starts_with("delay-relay: 127.0.0.2 -> 127.0.0.1, 1 ports, +10 ms each way"), "{line:?}");
        Relay(child)
    }

    fn connect(&self, port: u16) -> TcpStream {
        let s = TcpStream::connect((LISTEN, port)).unwrap();
        s.set_nodelay(true).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s
    }

    fn terminate(&mut self) -> Duration {
        let t = Instant::now();
        let ok = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status().unwrap();
        assert!(ok.success());
        for _ in 0..200 {
            if self.0.try_wait().unwrap().is_some() {
                return t.elapsed();
            }
            thread::sleep(Duration::from_millis(5));
        }
        let _ = self.0.kill();
        panic!("the relay did not exit within 1 s of SIGTERM");
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// A server on 127.0.0.1 at a free port, running `serve` on its first
/// connection.
fn server(serve: impl FnOnce(TcpStream) + Send + 'static) -> (u16, thread::JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let t = thread::spawn(move || {
        let (s, _) = l.accept().unwrap();
        s.set_nodelay(true).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        serve(s)
    });
    (port, t)
}

fn echo(mut s: TcpStream) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if s.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = s.shutdown(Shutdown::Write);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[test]
fn first_exchange_and_ping_pong() {
    let _t = turn();
    let (port, srv) = server(echo);
    let relay = Relay::start(&[], port);
    let d = DELAY_MS as f64;
    let t0 = Instant::now();
    let mut c = relay.connect(port);
    let mut b = [0u8; 1];
    c.write_all(b"x").unwrap();
    c.read_exact(&mut b).unwrap();
    let first = ms(t0.elapsed());
    println!("first exchange {first:.2} ms (floor {})", 4.0 * d);
    assert!(first >= 4.0 * d && first < 4.0 * d + 2.0, "first exchange {first:.2} ms");
    let mut rtt: Vec<f64> = (0..50)
        .map(|_| {
            let t = Instant::now();
            c.write_all(b"y").unwrap();
            c.read_exact(&mut b).unwrap();
            ms(t.elapsed())
        })
        .collect();
    rtt.sort_by(f64::total_cmp);
    println!("round trip min {:.2} median {:.2} max {:.2} ms", rtt[0], rtt[25], rtt[49]);
    assert!(rtt[0] >= 2.0 * d, "round trip below 2 x delay: {:.2} ms", rtt[0]);
    assert!(rtt[25] <= 2.0 * d + 1.0, "median round trip {:.2} ms", rtt[25]);
    drop(c);
    srv.join().unwrap();
}

#[test]
fn half_close_is_forwarded() {
    let _t = turn();
    let (port, srv) = server(|mut s| {
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        assert_eq!(got, b"hello");
        // Our read side saw EOF; our write side still works.
        s.write_all(b"bye").unwrap();
        s.shutdown(Shutdown::Write).unwrap();
    });
    let relay = Relay::start(&[], port);
    let mut c = relay.connect(port);
    c.write_all(b"hello").unwrap();
    c.shutdown(Shutdown::Write).unwrap();
    let mut got = Vec::new();
    c.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"bye");
    srv.join().unwrap();
}

#[test]
fn bytes_arrive_intact_and_in_order() {
    let _t = turn();
    let (port, srv) = server(echo);
    let relay = Relay::start(&[], port);
    let c = relay.connect(port);
    // 10 MiB of a simple generator, sent while the echo comes back.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let data: Vec<u8> = (0..10 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let sent = data.clone();
    let mut w = c.try_clone().unwrap();
    let writer = thread::spawn(move || {
        for piece in sent.chunks(100_000) {
            w.write_all(piece).unwrap();
        }
        w.shutdown(Shutdown::Write).unwrap();
    });
    let mut got = Vec::new();
    (&c).read_to_end(&mut got).unwrap();
    writer.join().unwrap();
    assert_eq!(got.len(), data.len());
    assert!(got == data, "bytes changed or reordered");
    srv.join().unwrap();
}

#[test]
fn rate_and_stats() {
    let _t = turn();
    let stats = std::env::temp_dir().join(format!("delay-relay-test-{}.stats", std::process::id()));
    let read_stats = || std::fs::read_to_string(&stats).unwrap();
    const MIB: usize = 1 << 20;
    let (port, srv) = server(|mut s| {
        // 1 MiB up, then 1000 bytes down.
        let mut buf = vec![0u8; MIB];
        s.read_exact(&mut buf).unwrap();
        s.write_all(&[7u8; 1000]).unwrap();
        s.shutdown(Shutdown::Write).unwrap();
    });
    let relay = Relay::start(&["--rate", &MIB.to_string(), "--stats", stats.to_str().unwrap()], port);
    assert_eq!(read_stats(), "0 0\n");
    let mut c = relay.connect(port);
    let t = Instant::now();
    c.write_all(&vec![1u8; MIB]).unwrap();
    let mut b = [0u8; 1];
    c.read_exact(&mut b).unwrap(); // the server had it all
    let secs = t.elapsed().as_secs_f64();
    println!("1 MiB at 1 MiB/s: {secs:.3} s");
    assert!((0.85..1.15).contains(&secs), "1 MiB at 1 MiB/s took {secs:.3} s");
    let mut rest = Vec::new();
    c.read_to_end(&mut rest).unwrap();
    assert_eq!(rest.len(), 999);
    srv.join().unwrap();
    assert_eq!(read_stats(), format!("{MIB} 1000\n"));
    let _ = std::fs::remove_file(&stats);
}

#[test]
fn conn_rate_caps_each_connection_on_its_own() {
    let _t = turn();
    const MIB: usize = 1 << 20;
    // Two connections at once, each sent 1 MiB by the server: at 1 MiB/s per
    // connection both take about a second (a shared cap would take two).
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let srv = thread::spawn(move || {
        let senders: Vec<_> = (0..2)
            .map(|_| {
                let (mut s, _) = l.accept().unwrap();
                thread::spawn(move || {
                    s.write_all(&vec![3u8; MIB]).unwrap();
                    s.shutdown(Shutdown::Write).unwrap();
                })
            })
            .collect();
        for t in senders {
            t.join().unwrap();
        }
    });
    let relay = Relay::start(&["--conn-rate", &MIB.to_string()], port);
    let conns: Vec<TcpStream> = (0..2).map(|_| relay.connect(port)).collect();
    let t = Instant::now();
    let readers: Vec<_> = conns
        .into_iter()
        .map(|mut c| {
            thread::spawn(move || {
                let mut got = Vec::new();
                c.read_to_end(&mut got).unwrap();
                (got.len(), t.elapsed().as_secs_f64())
            })
        })
        .collect();
    for r in readers {
        let (len, secs) = r.join().unwrap();
        println!("1 MiB at 1 MiB/s per connection, two at once: {secs:.3} s");
        assert_eq!(len, MIB);
        assert!((0.85..1.4).contains(&secs), "1 MiB at 1 MiB/s per connection took {secs:.3} s");
    }
    srv.join().unwrap();
}

#[test]
fn exits_promptly_on_sigterm() {
    let (port, _srv) = server(|_| {});
    let mut relay = Relay::start(&[], port);
    let took = relay.terminate();
    assert!(took < Duration::from_millis(500), "took {took:?}");
}

#[test]
fn only_loopback() {
    for args in [["192.0.2.1", "127.0.0.1"], ["127.0.0.2", "10.1.2.3"]] {
        let out = Command::new(BIN).args(args).args(["10", "7021"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains("is not a loopback address"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = Command::new(BIN).args(["::1", "127.0.0.1", "10"]).output().unwrap();
    assert!(!out.status.success(), "too few arguments");
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
}
