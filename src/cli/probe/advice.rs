//! The next step for each failure the probe can meet, in terms of this
//! command line: the report names what to try, not only what broke.

use std::net::IpAddr;

use crate::error::{Error, Phase};

/// What the advice depends on besides the error.
#[derive(Debug, Default)]
pub(super) struct Context {
    /// Data connections were active (`--active`).
    pub(super) active: bool,
    /// The directory the probe lists and writes to ("" is the login directory).
    pub(super) dir: String,
    /// The scratch file of `--write`, once named.
    pub(super) scratch: Option<String>,
}

impl Context {
    fn dir(&self) -> &str {
        if self.dir.is_empty() { "the login directory" } else { &self.dir }
    }
}

/// The next step after step `step` failed with `e`, when there is one to give.
pub(super) fn for_failure(step: &str, e: &Error, cx: &Context) -> Option<String> {
    if let Error::OutOfOrder { .. } = e {
        return Some(
            "the server answered pipelined commands out of order: ftps now sends it one command at a time; \
             run the probe again"
                .into(),
        );
    }
    if let Some(hint) = data_connection(e, cx) {
        return Some(hint);
    }
    match (step, e) {
        ("tcp", Error::Connect { .. }) => Some(
            "nothing accepts connections there: check the host and the port (990 for ftps://, 21 for ftpes://)".into(),
        ),
        ("tcp", Error::Timeout { .. }) => {
            Some("no answer: the host is down or a firewall drops the connection; check the host and the port".into())
        }
        (_, Error::TlsRefused { step, .. }) if step.starts_with("PROT P") => Some(
            "the server does not allow encrypted data connections (PROT P refused), and ftps never moves data in \
             plaintext: the server must allow PROT P"
                .into(),
        ),
        (_, Error::TlsRefused { .. }) => Some(
            "the server does not offer TLS here, and ftps never falls back to plaintext: enable FTPS on the server, \
             or check the port"
                .into(),
        ),
        (_, Error::Tls { source: rustls::Error::InvalidCertificate(_), .. }) => Some(
            "the certificate is not trusted for this host: pass its CA with --ca-file, or pin it with --pin \
             (`ftps trust` shows it)"
                .into(),
        ),
        ("login", Error::Auth { .. }) => Some(
            "login refused: check the user name, and the password where it came from: the URL, -u, \
             --password-file, --password-command, FTPS_PASSWORD, netrc or the config file"
                .into(),
        ),
        ("listing", Error::Remote { reply, .. }) if matches!(reply.code, 450 | 550) => {
            Some(format!("the directory is missing or not readable: check the URL's path ({})", cx.dir()))
        }
        ("upload", Error::Remote { reply, .. }) if matches!(reply.code, 452 | 552) => {
            Some(format!("the server has no room for uploads (disk full or quota) in {}", cx.dir()))
        }
        ("upload", Error::Remote { reply, .. }) if reply.class() == 5 || reply.code == 450 => {
            Some(format!("uploads are refused: check write permission on {}", cx.dir()))
        }
        ("rename", _) => Some(
            "rename refused: use --no-temp (uploads then go straight to their final names, without the \
             temporary name that hides a partial file)"
                .into(),
        ),
        ("check", _) => Some(format!(
            "the server does not hold the bytes that were sent: do not trust uploads to {} until the server is fixed \
             (a full disk, or a server-side filter?)",
            cx.dir()
        )),
        ("delete", _) => Some(format!(
            "deletes are refused: remove the scratch file {} by other means; `ftps rm` and `mirror --delete` \
             will fail here too",
            cx.scratch.as_deref().unwrap_or("?")
        )),
        _ => None,
    }
}

/// Data connections that do not get through, or whose TLS the server refuses.
fn data_connection(e: &Error, cx: &Context) -> Option<String> {
    if let Error::DataHandshake { reply, .. } | Error::Remote { reply, .. } = e
        && reply.code == 522
        && reply.text().to_ascii_lowercase().contains("reuse")
    {
        return Some(
            "the server requires TLS session reuse on data connections and refused this one: check its TLS \
             session cache (vsftpd require_ssl_reuse, ProFTPD TLSOptions NoSessionReuseRequired)"
                .into(),
        );
    }
    if !passive_blocked(e) {
        return None;
    }
    Some(if cx.active {
        "active data connections from the server do not arrive (a firewall or NAT in front of this machine?): \
         try passive mode (without --active), or open a --port-range to the server"
            .into()
    } else {
        "passive data connections do not get through (a firewall or NAT between here and the server?): try --active"
            .into()
    })
}

/// A data connection that did not get through (timed out, refused, cut
/// during its handshake), as opposed to one the server refused to secure.
pub(super) fn passive_blocked(e: &Error) -> bool {
    match e {
        Error::Timeout { phase: Phase::DataConnect | Phase::TlsHandshake } | Error::DataConnect { .. } => true,
        Error::DataHandshake { source, reply } => {
            reply.code != 522 && matches!(**source, Error::Timeout { .. } | Error::Io { .. })
        }
        Error::Remote { reply, .. } => reply.code == 425,
        _ => false,
    }
}

/// A note on a passive address that differs from the control peer: ftps
/// ignores it, other clients do not.
pub(super) fn passive_address(announced: IpAddr, peer: IpAddr) -> Option<String> {
    if announced == peer {
        return None;
    }
    let kind = if unroutable(announced) { "a private or unroutable address" } else { "another address" };
    Some(format!(
        "the server announces {kind} ({announced}) for passive connections: ftps ignores it and connects to \
         {peer}, but other clients will fail until the server's masquerade address is set (vsftpd pasv_address, \
         ProFTPD MasqueradeAddress)"
    ))
}

fn unroutable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified() || v4.octets()[0] == 100
        }
        IpAddr::V6(v6) => v6.is_loopback() || v6.is_unspecified() || (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Reply;

    fn remote(code: u16) -> Error {
        Error::Remote { command: "STOR x".into(), reply: Reply { code, lines: vec!["no".into()] } }
    }

    #[test]
    fn each_failure_gets_its_next_step() {
        let cx = Context { dir: "/in/".into(), ..Context::default() };
        let hint = |step, e: &Error| for_failure(step, e, &cx).unwrap_or_default();
        assert_eq!(hint("upload", &remote(553)), "uploads are refused: check write permission on /in/");
        assert!(hint("upload", &remote(552)).contains("no room"));
        assert!(hint("rename", &remote(553)).contains("--no-temp"));
        let timeout = Error::Timeout { phase: Phase::TlsHandshake };
        assert!(hint("listing", &timeout).ends_with("try --active"));
        assert!(hint("upload", &remote(425)).ends_with("try --active"));
        let active = Context { active: true, ..Context::default() };
        assert!(for_failure("listing", &timeout, &active).is_some_and(|h| h.contains("without --active")));
        let no = Reply { code: 530, lines: vec!["no".into()] };
        let prot = Error::TlsRefused { step: "PROT P (encrypted data connections)", reply: no.clone() };
        assert!(hint("login", &prot).contains("does not allow encrypted data connections"));
        assert!(hint("login", &Error::Auth { reply: no }).contains("--password-file"));
        let reuse = Error::DataHandshake {
            source: Box::new(Error::ConnectionClosed),
            reply: Reply { code: 522, lines: vec!["SSL connection failed: session reuse required".into()] },
        };
        assert!(hint("listing", &reuse).contains("requires TLS session reuse"));
        let refused = Error::Remote {
            command: "LIST".into(),
            reply: Reply { code: 522, lines: vec!["SSL connection failed: session reuse required".into()] },
        };
        assert!(hint("listing", &refused).contains("requires TLS session reuse"));
        assert_eq!(for_failure("listing", &Error::Protocol("x".into()), &cx), None);
    }

    #[test]
    fn a_private_passive_address_is_explained() {
        let peer: IpAddr = [127, 0, 0, 1].into();
        assert_eq!(passive_address(peer, peer), None);
        let note = passive_address([10, 9, 8, 7].into(), peer).unwrap_or_default();
        assert!(note.contains("private or unroutable") && note.contains("ftps ignores it"), "{note}");
        assert!(passive_address([192, 0, 2, 1].into(), peer).is_some_and(|n| n.contains("another address")));
    }
}
