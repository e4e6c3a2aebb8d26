//! `--proxy` and `FTPS_PROXY`/`ALL_PROXY`/`NO_PROXY`: a SOCKS5 and an HTTP
//! CONNECT proxy written here, on loopback, that log every tunnel, so a test
//! can check that the control connection and every data connection went
//! through the proxy, and that TLS still checks the FTP host's certificate.

use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::certs::pki;
use crate::edge::{client, client_env, ctx, expect_code, sample, scratch};
use crate::fake::{Behaviour, FakeServer};

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Socks5,
    Http,
}

/// One tunnel the proxy opened.
#[derive(Debug, Clone)]
struct Tunnel {
    /// The target as the client asked for it (`localhost:2121`, `127.0.0.1:2121`).
    target: String,
    /// The proxy's own end of the connection to the server: what the server
    /// sees as the peer.
    outbound: SocketAddr,
}

pub(crate) struct TestProxy {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    tunnels: Arc<Mutex<Vec<Tunnel>>>,
    refused: Arc<Mutex<Vec<String>>>,
    acceptor: Option<JoinHandle<()>>,
}

/// Credentials the proxies accept when started with `auth`.
const USER: &str = "tester";
const PASS: &str = "s3cret";

impl TestProxy {
    pub(crate) fn start(kind: Kind, auth: bool) -> TestProxy {
        TestProxy::start_on("127.0.0.1", kind, auth)
    }

    /// A proxy listening on `ip` (a loopback address), for a test that
    /// tells it apart from the server's address.
    pub(crate) fn start_on(ip: &str, kind: Kind, auth: bool) -> TestProxy {
        let listener = TcpListener::bind((ip, 0)).unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let tunnels = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(Mutex::new(Vec::new()));
        let (st, tu, re) = (stop.clone(), tunnels.clone(), refused.clone());
        let acceptor = thread::spawn(move || {
            while !st.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((sock, _)) => {
                        let (tu, re) = (tu.clone(), re.clone());
                        thread::spawn(move || {
                            let _ = sock.set_nonblocking(false);
                            let _ = sock.set_read_timeout(Some(Duration::from_secs(30)));
                            let result = match kind {
                                Kind::Socks5 => socks5(sock, auth),
                                Kind::Http => http(sock, auth),
                            };
                            match result {
                                Ok((client, server, target)) => {
                                    let outbound = server.local_addr().unwrap();
                                    tu.lock().unwrap().push(Tunnel { target, outbound });
                                    relay(client, server);
                                }
                                Err(e) => re.lock().unwrap().push(e.to_string()),
                            }
                        });
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => thread::sleep(Duration::from_millis(5)),
                    Err(_) => break,
                }
            }
        });
        TestProxy { addr, stop, tunnels, refused, acceptor: Some(acceptor) }
    }

    pub(crate) fn url(&self, scheme: &str, userinfo: &str) -> String {
        format!("{scheme}://{userinfo}{}", self.addr)
    }

    fn tunnels(&self) -> Vec<Tunnel> {
        self.tunnels.lock().unwrap().clone()
    }
}

impl Drop for TestProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
    }
}

fn dial(target: &str) -> io::Result<TcpStream> {
    let addr = target.to_socket_addrs()?.find(|a| a.is_ipv4()).ok_or_else(|| io::Error::other("no address"))?;
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    Ok(s)
}

fn socks5(mut c: TcpStream, auth: bool) -> io::Result<(TcpStream, TcpStream, String)> {
    let mut head = [0u8; 2];
    c.read_exact(&mut head)?;
    let mut methods = vec![0u8; usize::from(head[1])];
    c.read_exact(&mut methods)?;
    if head[0] != 5 {
        return Err(io::Error::other("not SOCKS5"));
    }
    if auth {
        if !methods.contains(&2) {
            c.write_all(&[5, 0xff])?;
            return Err(io::Error::other("no user/password method offered"));
        }
        c.write_all(&[5, 2])?;
        let mut v = [0u8; 2];
        c.read_exact(&mut v)?;
        let mut user = vec![0u8; usize::from(v[1])];
        c.read_exact(&mut user)?;
        let mut pl = [0u8; 1];
        c.read_exact(&mut pl)?;
        let mut pass = vec![0u8; usize::from(pl[0])];
        c.read_exact(&mut pass)?;
        if user != USER.as_bytes() || pass != PASS.as_bytes() {
            c.write_all(&[1, 1])?;
            return Err(io::Error::other("bad credentials"));
        }
        c.write_all(&[1, 0])?;
    } else {
        c.write_all(&[5, 0])?;
    }
    let mut req = [0u8; 4];
    c.read_exact(&mut req)?;
    let host = match req[3] {
        1 => {
            let mut a = [0u8; 4];
            c.read_exact(&mut a)?;
            std::net::Ipv4Addr::from(a).to_string()
        }
        3 => {
            let mut l = [0u8; 1];
            c.read_exact(&mut l)?;
            let mut n = vec![0u8; usize::from(l[0])];
            c.read_exact(&mut n)?;
            String::from_utf8_lossy(&n).into_owned()
        }
        _ => return Err(io::Error::other("address type not handled here")),
    };
    let mut p = [0u8; 2];
    c.read_exact(&mut p)?;
    let target = format!("{host}:{}", u16::from_be_bytes(p));
    match dial(&target) {
        Ok(s) => {
            c.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])?;
            Ok((c, s, target))
        }
        Err(_) => {
            c.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0])?;
            Err(io::Error::other(format!("cannot reach {target}")))
        }
    }
}

fn http(mut c: TcpStream, auth: bool) -> io::Result<(TcpStream, TcpStream, String)> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        let mut b = [0u8; 1];
        c.read_exact(&mut b)?;
        head.push(b[0]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let target = text
        .strip_prefix("CONNECT ")
        .and_then(|r| r.split(' ').next())
        .ok_or_else(|| io::Error::other("not CONNECT"))?
        .to_string();
    if auth && !text.contains("\r\nProxy-Authorization: Basic dGVzdGVyOnMzY3JldA==\r\n") {
        c.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n")?;
        return Err(io::Error::other("no or wrong credentials"));
    }
    let s = dial(&target)?;
    c.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    Ok((c, s, target))
}

fn relay(client: TcpStream, server: TcpStream) {
    let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let up = thread::spawn(move || {
        let mut c = client;
        let mut s = server;
        let _ = io::copy(&mut c, &mut s);
        let _ = s.shutdown(Shutdown::Write);
    });
    let _ = io::copy(&mut s2, &mut c2);
    let _ = c2.shutdown(Shutdown::Write);
    let _ = up.join();
}

/// Every connection the server saw came through `proxy`: one tunnel per
/// control and data connection, each data connection from a tunnel's end,
/// and every tunnel aimed at `target_host`.
#[track_caller]
pub(crate) fn all_through(proxy: &TestProxy, server: &FakeServer, target_host: &str, out: &crate::harness::Output) {
    let tunnels = proxy.tunnels();
    let data = server.data_connections();
    assert!(!data.is_empty());
    assert_eq!(tunnels.len(), server.connections() + data.len(), "{tunnels:?}\n{}", ctx(out, server));
    for d in &data {
        assert!(tunnels.iter().any(|t| t.outbound == d.peer), "{d:?} bypassed the proxy: {tunnels:?}");
    }
    for t in &tunnels {
        assert!(t.target.starts_with(&format!("{target_host}:")), "{t:?}");
    }
}

fn files() -> FakeServer {
    Behaviour::new().file("/d/a.bin", sample(90_000)).file("/d/b.txt", "bee").dir("/up").max_connections(8).start()
}

/// `socks5h://`: the proxy resolves `localhost`; listing, download, upload.
#[test]
fn socks5h_carries_control_and_every_data_connection() {
    let server = files();
    let proxy = TestProxy::start(Kind::Socks5, false);
    let s = scratch();
    let base = format!("ftp://u:p@localhost:{}", server.port());
    let p = proxy.url("socks5h", "");
    let (out, _) = client(&s, &["--proxy", &p, "ls", &format!("{base}/d/")]);
    expect_code(&out, &server, 0);
    assert!(out.stdout.contains("a.bin"), "{}", ctx(&out, &server));
    let (out, _) = client(&s, &["--proxy", &p, "get", &format!("{base}/d/a.bin"), "-o", "a.bin"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("a.bin")).unwrap() == sample(90_000));
    let (out, _) = client(&s, &["--proxy", &p, "put", "a.bin", &format!("{base}/up/")]);
    expect_code(&out, &server, 0);
    assert!(server.file("/up/a.bin").is_some_and(|f| f == sample(90_000)));
    all_through(&proxy, &server, "localhost", &out);
}

/// `socks5://` from `ALL_PROXY`, with credentials: the proxy is asked for
/// an address. Parallel workers all tunnel.
#[test]
fn socks5_from_all_proxy_with_credentials_and_parallel_workers() {
    let server = files();
    let proxy = TestProxy::start(Kind::Socks5, true);
    let s = scratch();
    let env = [("ALL_PROXY", proxy.url("socks5", &format!("{USER}:{PASS}@")))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let url = format!("ftp://u:p@127.0.0.1:{}/d/*", server.port());
    let (out, _) = client_env(&s, &env, &["get", "-P", "2", &url, "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("out/b.txt")).unwrap(), b"bee");
    all_through(&proxy, &server, "127.0.0.1", &out);
    assert!(server.connections() >= 2, "{}", ctx(&out, &server));
}

/// HTTP CONNECT from `FTPS_PROXY` with credentials; `NO_PROXY` exempts a host.
#[test]
fn http_connect_from_ftps_proxy_and_no_proxy() {
    let server = files();
    let proxy = TestProxy::start(Kind::Http, true);
    let s = scratch();
    let purl = proxy.url("http", &format!("{USER}:{PASS}@"));
    let url = format!("ftp://u:p@localhost:{}/d/b.txt", server.port());
    let (out, _) = client_env(&s, &[("FTPS_PROXY", &purl)], &["get", &url, "-o", "b.txt"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("b.txt")).unwrap(), b"bee");
    all_through(&proxy, &server, "localhost", &out);
    let before = proxy.tunnels().len();
    let env = [("FTPS_PROXY", purl.as_str()), ("NO_PROXY", "example.org,.localhost")];
    let (out, _) = client_env(&s, &env, &["get", "-f", &url, "-o", "b.txt"]);
    expect_code(&out, &server, 0);
    assert_eq!(proxy.tunnels().len(), before, "NO_PROXY: direct");
}

#[test]
fn wrong_proxy_credentials_are_a_clear_connection_error() {
    let server = files();
    let s = scratch();
    let url = format!("ftp://u:p@localhost:{}/d/b.txt", server.port());
    for kind in [Kind::Socks5, Kind::Http] {
        let proxy = TestProxy::start(kind, true);
        let scheme = if kind == Kind::Http { "http" } else { "socks5h" };
        let purl = proxy.url(scheme, "tester:wrong@");
        let (out, _) = client(&s, &["--retries", "0", "--proxy", &purl, "get", &url, "-o", "b.txt"]);
        assert_eq!(out.code, 3, "{}", out.stderr);
        assert!(out.stderr.contains("through the proxy"), "{}", out.stderr);
        assert!(out.stderr.contains("password") || out.stderr.contains("credentials"), "{}", out.stderr);
        assert!(!out.stderr.contains(":wrong"), "the proxy password is not shown: {}", out.stderr);
        assert!(out.stderr.contains("WARNING: the proxy password in --proxy"), "{}", out.stderr);
        assert!(proxy.tunnels().is_empty());
        assert!(!proxy.refused.lock().unwrap().is_empty());
    }
    assert_eq!(server.connections(), 0);
}

/// Through the proxy the certificate is still checked against the FTP host
/// typed (`localhost`), not the proxy: a certificate for another name, from
/// the trusted CA, is refused before the password is sent.
#[test]
fn the_certificate_is_checked_against_the_ftp_host_through_a_proxy() {
    let server = Behaviour::new().file("/f", "x").leaf(&pki().wrong_name).start();
    let proxy = TestProxy::start(Kind::Socks5, false);
    let s = scratch();
    let url = format!("ftp://u:p@localhost:{}/f", server.port());
    let (out, _) = client(&s, &["--proxy", &proxy.url("socks5h", ""), "get", &url, "-o", "f"]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("localhost"), "{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("PASS")), "{}", ctx(&out, &server));
    assert_eq!(proxy.tunnels().len(), 1);
}

#[test]
fn a_bad_proxy_url_is_a_usage_error() {
    let s = scratch();
    let (out, _) = client(&s, &["--proxy", "socks4://h:1", "ls", "ftp://u:p@127.0.0.1:1/"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("socks5://"), "{}", out.stderr);
    let (out, _) = client_env(&s, &[("ALL_PROXY", "ftp://nope")], &["ls", "ftp://u:p@127.0.0.1:1/"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("ALL_PROXY"), "{}", out.stderr);
}

/// `proxy` (and `limit-rate`) from the config file's `[defaults]`: the
/// proxy carries the session, and its password, not being on the command
/// line, brings no warning about `ps`.
#[test]
fn a_proxy_from_the_config_file() {
    use std::os::unix::fs::PermissionsExt;
    let server = files();
    let proxy = TestProxy::start(Kind::Socks5, true);
    let s = scratch();
    let dir = s.home.join(".config/ftps");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    let purl = proxy.url("socks5h", &format!("{USER}:{PASS}@"));
    fs::write(&path, format!("[defaults]\nproxy = \"{purl}\"\nlimit-rate = \"2M\"\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let url = format!("ftp://u:p@localhost:{}/d/a.bin", server.port());
    let (out, _) = client(&s, &["get", &url, "-o", "a.bin"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("a.bin")).unwrap() == sample(90_000));
    all_through(&proxy, &server, "localhost", &out);
    assert!(!out.stderr.contains("proxy password"), "{}", out.stderr);
}

/// Writes `~/.netrc` (mode 0600) into the scratch home.
fn netrc(s: &crate::edge::Scratch, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = s.home.join(".netrc");
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
}

/// A proxy URL without a user takes the proxy's credentials from a netrc
/// `machine` entry for the proxy host: SOCKS5 (RFC 1929) from `--proxy`,
/// HTTP `Proxy-Authorization: Basic` from `FTPS_PROXY`. `-v` shows neither
/// the password nor its base64 form.
#[test]
fn proxy_credentials_from_netrc() {
    let server = files();
    let s = scratch();
    // The FTP host is `localhost`, the proxies `127.0.0.1`: separate entries.
    netrc(&s, &format!("machine localhost login u password p\nmachine 127.0.0.1 login {USER} password {PASS}\n"));
    let url = format!("ftp://localhost:{}/d/a.bin", server.port());
    for kind in [Kind::Socks5, Kind::Http] {
        let proxy = TestProxy::start(kind, true);
        let (scheme, env) = if kind == Kind::Http { ("http", "FTPS_PROXY") } else { ("socks5h", "") };
        let purl = proxy.url(scheme, "");
        let out = if env.is_empty() {
            client(&s, &["-v", "--proxy", &purl, "get", "-f", &url, "-o", "a.bin"]).0
        } else {
            client_env(&s, &[(env, &purl)], &["-v", "get", "-f", &url, "-o", "a.bin"]).0
        };
        expect_code(&out, &server, 0);
        assert!(fs::read(s.work.join("a.bin")).unwrap() == sample(90_000));
        assert!(!proxy.tunnels().is_empty() && proxy.refused.lock().unwrap().is_empty());
        for secret in [PASS, "dGVzdGVyOnMzY3JldA=="] {
            assert!(!out.stderr.contains(secret) && !out.stdout.contains(secret), "{}", ctx(&out, &server));
        }
        assert!(!out.stderr.contains("WARNING"), "nothing typed on the command line: {}", out.stderr);
    }
    assert_eq!(server.commands().iter().filter(|c| c.starts_with("USER u")).count(), 2);
}

/// netrc's `default` entry (meant for any FTP server) is never sent to a
/// proxy; the proxy's refusal then names both places credentials can go.
#[test]
fn a_proxy_never_gets_the_netrc_default() {
    let server = files();
    let s = scratch();
    netrc(&s, &format!("default login {USER} password {PASS}\n"));
    let url = format!("ftp://u:p@localhost:{}/d/b.txt", server.port());
    for (kind, scheme) in [(Kind::Socks5, "socks5h"), (Kind::Http, "http")] {
        let proxy = TestProxy::start(kind, true);
        let (out, _) = client(&s, &["--retries", "0", "--proxy", &proxy.url(scheme, ""), "get", &url, "-o", "b.txt"]);
        assert_eq!(out.code, 3, "{}", out.stderr);
        assert!(out.stderr.contains("wants credentials"), "{}", out.stderr);
        assert!(out.stderr.contains("netrc machine entry for the proxy's host"), "{}", out.stderr);
        assert!(proxy.tunnels().is_empty());
    }
    assert_eq!(server.connections(), 0);
}

/// `NO_PROXY` read as curl reads it: CIDR blocks and IPv6 blocks go direct;
/// an entry limited to another port does not exempt the host.
#[test]
fn no_proxy_blocks_and_ports() {
    let server = files();
    let proxy = TestProxy::start(Kind::Http, false);
    let s = scratch();
    let purl = proxy.url("http", "");
    let url = format!("ftp://u:p@127.0.0.1:{}/d/b.txt", server.port());
    let port = server.port();
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1).max(1));
    for (no_proxy, direct) in [
        ("10.0.0.0/8, 127.0.0.0/8", true),
        (&format!("[::1]:{port} 127.0.0.1:{port}")[..], true),
        (&other_port[..], false),
        ("127.0.0.10/32,localhost", false),
    ] {
        let before = proxy.tunnels().len();
        let env = [("ALL_PROXY", purl.as_str()), ("NO_PROXY", no_proxy)];
        let (out, _) = client_env(&s, &env, &["get", "-f", &url, "-o", "b.txt"]);
        expect_code(&out, &server, 0);
        assert_eq!(proxy.tunnels().len() == before, direct, "NO_PROXY={no_proxy:?}: {:?}", proxy.tunnels());
    }
    if !crate::fake::has_ipv6_loopback() {
        eprintln!("SKIPPED: IPv6 part (this machine cannot listen on ::1)");
        return;
    }
    let six = Behaviour::new().file("/f", "six").ipv6().start();
    let before = proxy.tunnels().len();
    let env = [("ALL_PROXY", purl.as_str()), ("no_proxy", "fd00::/8,::1/128")];
    let (out, _) = client_env(&s, &env, &["get", &six.url("ftp", "u:p", "/f"), "-o", "f"]);
    expect_code(&out, &six, 0);
    assert_eq!(fs::read(s.work.join("f")).unwrap(), b"six");
    assert_eq!(proxy.tunnels().len(), before, "::1 is in ::1/128: direct");
}

/// curl's rule: `NO_PROXY` exempts a host from a typed `--proxy` too, and
/// `--noproxy LIST` replaces `NO_PROXY` (`""` exempting nothing) for a proxy
/// from either place.
#[test]
fn no_proxy_and_noproxy_apply_to_a_typed_proxy() {
    let server = files();
    let proxy = TestProxy::start(Kind::Socks5, false);
    let s = scratch();
    let purl = proxy.url("socks5h", "");
    let url = format!("ftp://u:p@localhost:{}/d/b.txt", server.port());
    type Env<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Env, &[&str], bool); 5] = [
        (&[("NO_PROXY", "localhost")], &["--proxy", &purl], true),
        (&[("no_proxy", "example.org")], &["--proxy", &purl], false),
        (&[("NO_PROXY", "*")], &["--proxy", &purl, "--noproxy", ""], false),
        (&[], &["--proxy", &purl, "--noproxy", "example.org localhost"], true),
        (&[("ALL_PROXY", &purl), ("NO_PROXY", "example.org")], &["--noproxy", "localhost"], true),
    ];
    for (env, flags, direct) in cases {
        let before = proxy.tunnels().len();
        let args: Vec<&str> = flags.iter().copied().chain(["get", "-f", &url, "-o", "b.txt"]).collect();
        let (out, _) = client_env(&s, env, &args);
        expect_code(&out, &server, 0);
        assert_eq!(fs::read(s.work.join("b.txt")).unwrap(), b"bee");
        let tunnelled = proxy.tunnels().len() - before;
        assert_eq!(tunnelled == 0, direct, "{env:?} {flags:?}: {:?}", proxy.tunnels());
    }
}
