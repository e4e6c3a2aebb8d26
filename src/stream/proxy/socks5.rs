//! SOCKS5 (RFC 1928) with its user name and password sub-negotiation
//! (RFC 1929), on a stream the caller bounds by a deadline. Every byte of
//! the proxy's answers that has one allowed value is checked: a peer that
//! gets one wrong is not a SOCKS5 proxy to send a password or a target to.

use std::io::{Read, Write};
use std::net::IpAddr;
use std::time::Instant;

use super::{Proxy, ProxyKind, Step};
use crate::error::Error;

impl Proxy {
    pub(super) fn socks5(
        &self,
        sock: &mut (impl Read + Write),
        host: &str,
        port: u16,
        deadline: Instant,
    ) -> std::result::Result<(), Step> {
        // Methods: 0 no authentication, 2 user name and password (RFC 1929).
        let greeting: &[u8] = if self.user.is_some() { &[5, 2, 0, 2] } else { &[5, 1, 0] };
        sock.write_all(greeting).map_err(Step::Io)?;
        let mut choice = [0u8; 2];
        sock.read_exact(&mut choice).map_err(Step::Io)?;
        match choice {
            [5, 0] => {}
            // Method 2 only when it was offered: a proxy choosing a method we
            // did not list is not one to send anything to.
            [5, 2] if self.user.is_some() => {
                let user = self.user.as_deref().unwrap_or("");
                let pass = self.password.as_ref().map(|p| p.expose()).unwrap_or("");
                let (Ok(ul), Ok(pl)) = (u8::try_from(user.len()), u8::try_from(pass.len())) else {
                    return Err(Step::Lib(Error::InvalidArgument(
                        "a SOCKS5 user name and password hold at most 255 bytes each".into(),
                    )));
                };
                let mut auth = vec![1, ul];
                auth.extend_from_slice(user.as_bytes());
                auth.push(pl);
                auth.extend_from_slice(pass.as_bytes());
                sock.write_all(&auth).map_err(Step::Io)?;
                let mut status = [0u8; 2];
                sock.read_exact(&mut status).map_err(Step::Io)?;
                // RFC 1929: the sub-negotiation's reply carries its own
                // version, 1; then 0 for success.
                match status {
                    [1, 0] => {}
                    [1, _] => {
                        return Err(Step::Refused("the SOCKS5 proxy rejected the user name or password".into()));
                    }
                    [v, _] => {
                        return Err(Step::Refused(format!(
                            "the SOCKS5 proxy's answer to the user name and password has version {v}, not 1 \
                             (RFC 1929): it is not a SOCKS5 proxy we can log in to"
                        )));
                    }
                }
            }
            [5, 0xff] if self.user.is_none() => {
                return Err(Step::Refused(
                    "the SOCKS5 proxy wants credentials; put them in the proxy URL as user:password@, or in a netrc \
                     machine entry for the proxy's host"
                        .into(),
                ));
            }
            [5, _] => return Err(Step::Refused("the SOCKS5 proxy offered no authentication method we sent".into())),
            _ => return Err(Step::Refused("the proxy does not speak SOCKS5".into())),
        }
        let mut req = vec![5, 1, 0];
        let literal = host.parse::<IpAddr>().ok();
        let ip = match (literal, self.kind) {
            (Some(ip), _) => Some(ip),
            (None, ProxyKind::Socks5) => Some(
                crate::stream::connect::resolve(host, port, deadline.saturating_duration_since(Instant::now()))
                    .map_err(|e| Step::Refused(format!("cannot resolve {host}: {e}")))?
                    .first()
                    .map(|a| a.ip())
                    .ok_or_else(|| Step::Refused(format!("{host} resolved to no address")))?,
            ),
            (None, _) => None,
        };
        match ip {
            Some(IpAddr::V4(a)) => {
                req.push(1);
                req.extend_from_slice(&a.octets());
            }
            Some(IpAddr::V6(a)) => {
                req.push(4);
                req.extend_from_slice(&a.octets());
            }
            None => {
                let len = u8::try_from(host.len())
                    .map_err(|_| Step::Refused("the host name is too long for SOCKS5 (255 bytes)".into()))?;
                req.push(3);
                req.push(len);
                req.extend_from_slice(host.as_bytes());
            }
        }
        req.extend_from_slice(&port.to_be_bytes());
        sock.write_all(&req).map_err(Step::Io)?;
        let mut reply = [0u8; 4];
        sock.read_exact(&mut reply).map_err(Step::Io)?;
        if reply[0] != 5 {
            return Err(Step::Refused("the proxy does not speak SOCKS5".into()));
        }
        if reply[1] != 0 {
            return Err(Step::Refused(format!("the SOCKS5 proxy could not connect: {}", socks_reason(reply[1]))));
        }
        if reply[2] != 0 {
            return Err(Step::Refused("the SOCKS5 proxy's reply has a non-zero reserved byte".into()));
        }
        // The bound address, which we do not need, has a length by type.
        let rest = match reply[3] {
            1 => 4 + 2,
            4 => 16 + 2,
            3 => {
                let mut len = [0u8; 1];
                sock.read_exact(&mut len).map_err(Step::Io)?;
                usize::from(len[0]) + 2
            }
            _ => return Err(Step::Refused("the SOCKS5 proxy's reply has an unknown address type".into())),
        };
        let mut skip = vec![0u8; rest];
        sock.read_exact(&mut skip).map_err(Step::Io)
    }
}

fn socks_reason(code: u8) -> &'static str {
    match code {
        1 => "general failure",
        2 => "not allowed by its rules",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused by the destination",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => "unknown error code",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::time::Duration;

    /// A proxy's side of the exchange, scripted: what it answers, and what
    /// it was sent.
    struct Script(io::Cursor<Vec<u8>>, Vec<u8>);
    impl Read for Script {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.0.read(buf)
        }
    }
    impl Write for Script {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.1.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Every byte of a SOCKS5 answer with one allowed value is checked.
    #[test]
    fn socks5_answers_are_checked_byte_by_byte() {
        let run = |url: &str, answer: &[u8]| {
            let p = Proxy::parse(url).unwrap();
            let mut peer = Script(io::Cursor::new(answer.to_vec()), Vec::new());
            let far = Instant::now() + Duration::from_secs(5);
            match p.socks5(&mut peer, "10.0.0.1", 21, far) {
                Ok(()) => Ok(peer.1),
                Err(Step::Refused(why)) => Err(why),
                Err(Step::Io(e)) => Err(format!("io: {e}")),
                Err(Step::Lib(e)) => Err(format!("lib: {e}")),
            }
        };
        let ok_connect = [5, 0, 0, 1, 10, 0, 0, 1, 0, 21];
        let with_auth = |auth: [u8; 2]| [&[5u8, 2][..], &auth, &ok_connect].concat();
        let sent = run("socks5://u:pw@p:1", &with_auth([1, 0])).expect("a good exchange");
        assert_eq!(sent, [&[5u8, 2, 0, 2, 1, 1, b'u', 2, b'p', b'w', 5, 1, 0, 1, 10, 0, 0, 1, 0, 21][..]].concat());
        let e = run("socks5://u:pw@p:1", &with_auth([5, 0])).unwrap_err();
        assert!(e.contains("version 5, not 1 (RFC 1929)"), "{e}");
        let e = run("socks5://u:pw@p:1", &with_auth([1, 1])).unwrap_err();
        assert!(e.contains("rejected the user name or password"), "{e}");
        // Method 2 chosen although only "no authentication" was offered.
        let e = run("socks5://p:1", &[&[5u8, 2][..], &ok_connect].concat()).unwrap_err();
        assert!(e.contains("no authentication method we sent"), "{e}");
        let e = run("socks5://p:1", &[5, 0, 5, 0, 1, 1, 10, 0, 0, 1, 0, 21]).unwrap_err();
        assert!(e.contains("reserved byte"), "{e}");
        let e = run("socks5://p:1", &[5, 0, 4, 0, 0, 1, 10, 0, 0, 1, 0, 21]).unwrap_err();
        assert!(e.contains("does not speak SOCKS5"), "{e}");
        let e = run("socks5://p:1", &[5, 0, 5, 0, 0, 9]).unwrap_err();
        assert!(e.contains("unknown address type"), "{e}");
    }
}
