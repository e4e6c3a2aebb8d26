//! Connections through a SOCKS5 or HTTP `CONNECT` proxy: the control
//! connection and every data connection of a session take the same tunnel
//! to the FTP server. The proxy only carries bytes: TLS runs end to end, and
//! the certificate is checked against the FTP host (the session's
//! `ServerName`), never the proxy's name.
//!
//! The proxy is a server too, and is not trusted: every reply is read with
//! a byte bound, every byte of it that has one fixed value is checked, the
//! whole exchange (connecting to the proxy, its handshake, its reply) ends
//! by one deadline however the proxy spaces its bytes, and its text is not
//! echoed.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::Deadlined;

use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::url::authority;

mod no_proxy;
mod socks5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyKind {
    /// `socks5://`: names resolved here, the proxy gets an address.
    Socks5,
    /// `socks5h://`: the proxy resolves the name (what a proxy in another
    /// network, with its own DNS, needs).
    Socks5h,
    /// `http://`: an HTTP proxy's `CONNECT` tunnel.
    Http,
}

#[derive(Debug, Clone)]
pub struct Proxy {
    pub kind: ProxyKind,
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<Secret>,
}

/// Longest HTTP response head accepted from a proxy.
const MAX_HTTP_HEAD: usize = 8 * 1024;

impl Proxy {
    /// Parses `socks5://[user:pass@]host[:port]`, `socks5h://...` or
    /// `http://...` (port 1080 by default, as curl has it).
    pub fn parse(text: &str) -> Result<Proxy> {
        let bad = |why: &str| {
            Error::InvalidArgument(format!(
                "invalid proxy {:?}: {why} (expected socks5://, socks5h:// or http:// with \
                 [user[:password]@]host[:port])",
                crate::url::redact(text)
            ))
        };
        let url = url::Url::parse(text).map_err(|e| bad(&e.to_string()))?;
        let kind = match url.scheme() {
            "socks5" => ProxyKind::Socks5,
            "socks5h" => ProxyKind::Socks5h,
            "http" => ProxyKind::Http,
            "https" => return Err(bad("a TLS connection to the proxy itself (https://) is not supported")),
            other => return Err(bad(&format!("unsupported scheme {other:?}"))),
        };
        let host = match url.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            _ => return Err(bad("no host")),
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(bad("a proxy URL has no path"));
        }
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().map(|c| c.into_owned());
        let user = match url.username() {
            "" => None,
            u => Some(decode(u).map_err(|_| bad("the user name is not UTF-8"))?),
        };
        let password = url
            .password()
            .map(|p| decode(p).map_err(|_| bad("the password is not UTF-8")))
            .transpose()?
            .map(Secret::new);
        Ok(Proxy { kind, host, port: url.port().unwrap_or(1080), user, password })
    }

    /// `socks5h://host:port`, without credentials: for messages.
    pub fn label(&self) -> String {
        let scheme = match self.kind {
            ProxyKind::Socks5 => "socks5",
            ProxyKind::Socks5h => "socks5h",
            ProxyKind::Http => "http",
        };
        format!("{scheme}://{}", authority(&self.host, self.port))
    }

    /// A TCP connection to `host:port` through the proxy, all of it within
    /// `timeout`: a proxy that trickles its reply a byte at a time cannot
    /// stretch one step into thousands. The socket comes back with the usual
    /// options (keepalive, no Nagle, `timeout` per read and write) set.
    pub fn tunnel(&self, host: &str, port: u16, timeout: Duration) -> Result<TcpStream> {
        let deadline = Instant::now() + timeout;
        let mut sock = super::connect(&self.host, self.port, timeout).map_err(|e| match e {
            Error::Connect { source, .. } => Error::Connect { addr: format!("the proxy {}", self.label()), source },
            other => other,
        })?;
        let target = authority(host, port);
        let fail = |what: String| Error::Connect {
            addr: format!("{target} through the proxy {}", self.label()),
            source: io::Error::other(what),
        };
        let io_fail = |e: io::Error| match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                fail(format!("the proxy did not open the tunnel within {timeout:?}"))
            }
            io::ErrorKind::UnexpectedEof => fail("the proxy closed the connection".into()),
            _ => fail(e.to_string()),
        };
        let mut timed = Deadlined::new(&mut sock, deadline);
        let result = match self.kind {
            ProxyKind::Http => self.http_connect(&mut timed, &target),
            ProxyKind::Socks5 | ProxyKind::Socks5h => self.socks5(&mut timed, host, port, deadline),
        };
        // The exchange left the socket at its last remainder; the FTP
        // conversation gets the per-step timeout back.
        let restored = sock.set_read_timeout(Some(timeout)).and_then(|()| sock.set_write_timeout(Some(timeout)));
        match result.and_then(|()| restored.map_err(Step::Io)) {
            Ok(()) => Ok(sock),
            Err(Step::Io(e)) => Err(io_fail(e)),
            Err(Step::Refused(why)) => Err(fail(why)),
            Err(Step::Lib(e)) => Err(e),
        }
    }

    fn http_connect(&self, sock: &mut (impl Read + Write), target: &str) -> std::result::Result<(), Step> {
        let mut req = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        if let Some(user) = &self.user {
            let pass = self.password.as_ref().map(|p| p.expose()).unwrap_or("");
            req.push_str(&format!("Proxy-Authorization: Basic {}\r\n", base64(format!("{user}:{pass}").as_bytes())));
        }
        req.push_str("\r\n");
        sock.write_all(req.as_bytes()).map_err(Step::Io)?;
        // Byte by byte: whatever follows the head is the FTP server's.
        let mut head = Vec::with_capacity(256);
        while !head.ends_with(b"\r\n\r\n") {
            if head.len() >= MAX_HTTP_HEAD {
                return Err(Step::Refused(format!("the proxy's reply is longer than {MAX_HTTP_HEAD} bytes")));
            }
            let mut b = [0u8; 1];
            sock.read_exact(&mut b).map_err(Step::Io)?;
            head.push(b[0]);
        }
        let status = head.split(|&b| b == b' ').nth(1).and_then(|c| std::str::from_utf8(c).ok());
        match status {
            Some(code) if head.starts_with(b"HTTP/1.") && code.starts_with('2') && code.len() == 3 => Ok(()),
            Some("407") => Err(Step::Refused(
                "the proxy wants credentials (407); put them in the proxy URL as user:password@, or in a netrc \
                 machine entry for the proxy's host"
                    .into(),
            )),
            Some(code) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) => {
                Err(Step::Refused(format!("the proxy refused the tunnel with HTTP status {code}")))
            }
            _ => Err(Step::Refused("the proxy's reply is not HTTP".into())),
        }
    }
}

/// How one proxy exchange failed.
enum Step {
    Io(io::Error),
    Refused(String),
    Lib(Error),
}

/// Standard base64 with padding (RFC 4648), for `Proxy-Authorization`.
fn base64(input: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Which proxy, if any, a connection to `host:port` takes, by curl's rule:
/// the proxy is `explicit` (the caller's own setting), else `FTPS_PROXY`,
/// else `ALL_PROXY` (either in lower case too); the exemption list is
/// `no_proxy` (the caller's own list, which replaces the environment's even
/// when empty, so `Some("")` sends every host through the proxy), else
/// `NO_PROXY`. A host the list names (see [`no_proxy`] for how it is read)
/// goes direct whichever way the proxy was set: one list of internal hosts
/// must keep working when a proxy is typed for one run, as it does in curl
/// since 7.53.
pub fn select(
    explicit: Option<&str>,
    no_proxy: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    host: &str,
    port: u16,
) -> Result<Option<Proxy>> {
    let var = |name: &str| {
        let lower = name.to_ascii_lowercase();
        let found = env(name).map(|v| (name.to_string(), v)).or_else(|| env(&lower).map(|v| (lower, v)));
        found.filter(|(_, v)| !v.trim().is_empty())
    };
    let exempt = || match no_proxy {
        Some(list) => no_proxy::matches(list, host, port),
        None => var("NO_PROXY").is_some_and(|(_, list)| no_proxy::matches(&list, host, port)),
    };
    if let Some(p) = explicit {
        // Checked even for an exempt host: a typo on the command line is
        // reported, not hidden by the host this run happens to reach.
        let proxy = Proxy::parse(p)?;
        return Ok((!exempt()).then_some(proxy));
    }
    let Some((name, value)) = var("FTPS_PROXY").or_else(|| var("ALL_PROXY")) else { return Ok(None) };
    if exempt() {
        return Ok(None);
    }
    Proxy::parse(value.trim()).map(Some).map_err(|e| match e {
        Error::InvalidArgument(m) => Error::InvalidArgument(format!("{m}, in the environment variable {name}")),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_urls() {
        let p = Proxy::parse("socks5h://al%40x:s%3Acret@proxy.example:9050").unwrap();
        assert_eq!((p.kind, p.host.as_str(), p.port), (ProxyKind::Socks5h, "proxy.example", 9050));
        assert_eq!(p.user.as_deref(), Some("al@x"));
        assert_eq!(p.password.as_ref().map(|s| s.expose()), Some("s:cret"));
        assert_eq!(p.label(), "socks5h://proxy.example:9050");
        assert!(!format!("{p:?}").contains("s:cret"));
        let p = Proxy::parse("http://[::1]").unwrap();
        assert_eq!((p.kind, p.host.as_str(), p.port), (ProxyKind::Http, "::1", 1080));
        assert_eq!(p.label(), "http://[::1]:1080");
        assert_eq!(Proxy::parse("socks5://10.0.0.1:1").unwrap().kind, ProxyKind::Socks5);
        for bad in ["ftp://h", "https://h", "socks4://h", "socks5://", "http://h/path", "nonsense"] {
            assert!(Proxy::parse(bad).is_err(), "{bad}");
        }
        let e = Proxy::parse("gopher://u:hidden@h").unwrap_err().to_string();
        assert!(!e.contains("hidden"), "{e}");
    }

    fn select21(explicit: Option<&str>, env: &dyn Fn(&str) -> Option<String>, host: &str) -> Result<Option<Proxy>> {
        select(explicit, None, env, host, 21)
    }

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn selection_and_no_proxy() {
        let none = env(&[]);
        assert!(select21(None, &none, "h").unwrap().is_none());
        assert_eq!(select21(Some("socks5://p:1"), &none, "h").unwrap().unwrap().host, "p");
        let all = env(&[("ALL_PROXY", "http://a:1"), ("FTPS_PROXY", "socks5://f:2")]);
        assert_eq!(select21(None, &all, "h").unwrap().unwrap().host, "f", "FTPS_PROXY first");
        let lower = env(&[("all_proxy", "http://a:1"), ("no_proxy", "example.com, 10.1.2.3,[::1]")]);
        assert_eq!(select21(None, &lower, "h").unwrap().unwrap().host, "a");
        for direct in ["example.com", "ftp.EXAMPLE.com", "10.1.2.3", "::1"] {
            assert!(select21(None, &lower, direct).unwrap().is_none(), "{direct}");
        }
        for proxied in ["badexample.com", "example.org", "10.1.2.30"] {
            assert!(select21(None, &lower, proxied).unwrap().is_some(), "{proxied}");
        }
        let star = env(&[("ALL_PROXY", "http://a:1"), ("NO_PROXY", "*")]);
        assert!(select21(None, &star, "anything").unwrap().is_none());
        assert!(select21(None, &env(&[("ALL_PROXY", "bogus")]), "h").is_err());
    }

    /// curl's rule: the exemption list applies to an explicit proxy too.
    #[test]
    fn no_proxy_applies_to_an_explicit_proxy() {
        let star = env(&[("NO_PROXY", "*")]);
        assert!(select21(Some("http://x:1"), &star, "anything").unwrap().is_none());
        let some = env(&[("no_proxy", "10.0.0.0/8,.corp.example")]);
        assert!(select21(Some("http://x:1"), &some, "ftp.corp.example").unwrap().is_none());
        assert!(select21(Some("http://x:1"), &some, "10.2.3.4").unwrap().is_none());
        assert_eq!(select21(Some("http://x:1"), &some, "ftp.example.org").unwrap().unwrap().host, "x");
        // Still a usage error when the host would be exempt: the typo is reported.
        assert!(select21(Some("socks4://x:1"), &star, "anything").is_err());
    }

    /// `--noproxy LIST` as curl has it: replaces `NO_PROXY`, and `""`
    /// exempts nothing, whichever way the proxy was set.
    #[test]
    fn a_given_no_proxy_list_replaces_the_environment() {
        let vars = env(&[("ALL_PROXY", "http://a:1"), ("NO_PROXY", "*")]);
        let pick = |explicit, list, host| select(explicit, list, &vars, host, 21).unwrap().map(|p| p.host);
        assert_eq!(pick(None, Some(""), "h").as_deref(), Some("a"), "an empty list undoes NO_PROXY=*");
        assert_eq!(pick(Some("http://x:1"), Some(""), "h").as_deref(), Some("x"));
        assert_eq!(pick(None, Some("h, other"), "h"), None);
        assert_eq!(pick(Some("http://x:1"), Some("h"), "h"), None);
        assert_eq!(pick(None, Some("other"), "h").as_deref(), Some("a"), "NO_PROXY=* is not read");
        let ports = |list, port| select(Some("http://x:1"), Some(list), &vars, "h", port).unwrap().is_none();
        assert!(ports("h:990", 990) && !ports("h:990", 21));
        assert_eq!(select(None, Some("h"), &env(&[]), "h", 21).unwrap().map(|p| p.host), None);
    }

    #[test]
    fn base64_vectors() {
        for (i, o) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy"), ("u:p", "dTpw")]
        {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }
}
