//! `ftp://`, `ftpes://` and `ftps://` URLs.
//!
//! Paths follow curl: `ftp://host/dir/f` names `dir/f` relative to the login
//! directory, `ftp://host//abs/f` the absolute `/abs/f`. Everything is
//! percent-decoded, and control characters are refused here, before any
//! connection, because they could never be sent safely.

use percent_encoding::percent_decode_str;

use crate::error::{Error, Result};
use crate::secret::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtpUrl {
    /// TLS from the first byte (`ftps://`, port 990) rather than `AUTH TLS`.
    pub implicit: bool,
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<Secret>,
    /// Decoded path; empty for the login directory.
    pub path: String,
}

impl FtpUrl {
    pub fn parse(input: &str) -> Result<FtpUrl> {
        let bad = |why: &str| {
            Error::InvalidArgument(format!(
                "invalid URL {:?}: {why} (expected ftps://[user[:password]@]host[:port]/path, \
                 or ftp:// / ftpes:// for explicit FTPS)",
                redact(input)
            ))
        };
        if ambiguous_userinfo(input) {
            return Err(bad(
                "an '@' after host:port is ambiguous: a password holding '/', '?' or '#' must encode them \
                 (%2F, %3F, %23), and an '@' in a path must be written %40",
            ));
        }
        let url = url::Url::parse(input).map_err(|e| bad(&e.to_string()))?;
        let (implicit, default_port) = match url.scheme() {
            "ftps" => (true, 990),
            "ftp" | "ftpes" => (false, 21),
            other => return Err(bad(&format!("unsupported scheme {other:?}"))),
        };
        let host = match url.host() {
            Some(url::Host::Domain(d)) => decode(d, "host")?,
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            None => return Err(bad("no host")),
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let user = match url.username() {
            "" => None,
            u => Some(decode(u, "user name")?),
        };
        let password = url.password().map(|p| decode(p, "password")).transpose()?.map(Secret::new);
        let raw_path = url.path();
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad("'?' and '#' must be percent-encoded in FTP paths (%3F, %23)"));
        }
        // Drop the one slash that separates host and path (curl semantics).
        let path = decode(raw_path.strip_prefix('/').unwrap_or(raw_path), "path")?;
        Ok(FtpUrl { implicit, host, port: url.port().unwrap_or(default_port), user, password, path })
    }

    /// True when the URL names a directory (`.../` or the login directory).
    pub fn is_dir(&self) -> bool {
        self.path.is_empty() || self.path.ends_with('/')
    }

    /// Splits the path into (directory, last segment).
    pub fn split_last(&self) -> (&str, &str) {
        match self.path.rsplit_once('/') {
            Some((dir, last)) => (if dir.is_empty() && self.path.starts_with('/') { "/" } else { dir }, last),
            None => ("", &self.path),
        }
    }

    /// Identity of the server account, for grouping URLs onto one session.
    pub fn endpoint(&self) -> (bool, &str, u16, Option<&str>) {
        (self.implicit, &self.host, self.port, self.user.as_deref())
    }
}

/// `host:port` as a person or a URL writes it: an IPv6 literal in brackets
/// (`[::1]:21`), so the port cannot be read as part of the address.
pub fn authority(host: &str, port: u16) -> String {
    if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}

/// The URL with any password replaced, for error messages.
///
/// Errs towards hiding too much: the user-info ends at the *last* `@`, so a
/// password holding a raw `/`, `?` or `#` (`ftp://u:a/b@host/`, which no URL
/// parser reads as intended) is still hidden. The price is that a path with
/// an `@` after `host:port` is shown as `host:****@...`; such a URL is
/// refused by [`FtpUrl::parse`] anyway, being ambiguous.
pub fn redact(input: &str) -> String {
    let Some((scheme, rest)) = input.split_once("://") else { return input.to_string() };
    let Some((userinfo, after)) = rest.rsplit_once('@') else { return input.to_string() };
    match userinfo.split_once(':') {
        // A ':' after the first '/' belongs to the path: no password here.
        Some((user, _)) if !user.contains(['/', '?', '#']) => format!("{scheme}://{user}:****@{after}"),
        _ => input.to_string(),
    }
}

/// True for `scheme://a:b/c@d`: either a path with an `@` or, more likely,
/// a password with a raw `/`, which a URL parser would split into a host,
/// a "port" and a path, sending parts of the password to the wrong places.
fn ambiguous_userinfo(input: &str) -> bool {
    let Some((_, rest)) = input.split_once("://") else { return false };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // The ':' of an IPv6 literal (`[::1]`) is not a user-info separator.
    let after_literal = authority.rsplit(']').next().unwrap_or(authority);
    !authority.contains('@') && after_literal.contains(':') && tail.contains('@')
}

fn decode(s: &str, what: &str) -> Result<String> {
    let decoded = percent_decode_str(s).decode_utf8().map_err(|_| {
        Error::InvalidArgument(format!("the {what} in the URL is not valid UTF-8 after percent-decoding"))
    })?;
    if decoded.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(Error::InvalidArgument(format!(
            "the {what} in the URL contains CR, LF or NUL, which cannot be sent over FTP"
        )));
    }
    Ok(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_ports() {
        let u = FtpUrl::parse("ftps://example.com/a/b.txt").unwrap();
        assert!(u.implicit);
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("example.com", 990, "a/b.txt"));
        let u = FtpUrl::parse("ftp://h:2121/").unwrap();
        assert!(!u.implicit);
        assert_eq!((u.port, u.path.as_str()), (2121, ""));
        assert!(u.is_dir());
        assert_eq!(FtpUrl::parse("ftpes://h").unwrap().port, 21);
        assert!(FtpUrl::parse("http://h/").is_err());
        assert!(FtpUrl::parse("not a url").is_err());
    }

    #[test]
    fn ipv6_literals_in_brackets() {
        let u = FtpUrl::parse("ftp://u:p@[::1]:2121/d/f").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("::1", 2121, "d/f"));
        assert_eq!(u.password.as_ref().map(|p| p.expose()), Some("p"));
        let u = FtpUrl::parse("ftps://[2001:DB8::0:1]/").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("2001:db8::1", 990), "normalised, as certificates hold it");
        assert_eq!(authority(&u.host, u.port), "[2001:db8::1]:990");
        assert_eq!(authority("h.example", 21), "h.example:21");
        assert!(FtpUrl::parse("ftp://::1:2121/").is_err(), "an IPv6 literal needs brackets");
        assert!(FtpUrl::parse("ftp://[::1/").is_err());
        assert!(FtpUrl::parse("ftp://[fe80::1%25eth0]/").is_err(), "zone ids are not URL syntax (RFC 6874 aside)");
    }

    #[test]
    fn credentials_are_decoded() {
        let u = FtpUrl::parse("ftp://us%40er:p%3Ass@127.0.0.1/x").unwrap();
        assert_eq!(u.user.as_deref(), Some("us@er"));
        assert_eq!(u.password.as_ref().map(|p| p.expose()), Some("p:ss"));
        assert_eq!(u.host, "127.0.0.1");
    }

    #[test]
    fn paths() {
        assert_eq!(FtpUrl::parse("ftp://h//etc/x").unwrap().path, "/etc/x");
        assert_eq!(FtpUrl::parse("ftp://h/a%20b/c%23").unwrap().path, "a b/c#");
        let u = FtpUrl::parse("ftp://h/dir/*.bin").unwrap();
        assert_eq!(u.split_last(), ("dir", "*.bin"));
        assert_eq!(FtpUrl::parse("ftp://h/f").unwrap().split_last(), ("", "f"));
        assert_eq!(FtpUrl::parse("ftp://h//f").unwrap().split_last(), ("/", "f"));
    }

    #[test]
    fn errors_never_show_the_password() {
        let e = FtpUrl::parse("ftps://bob:s3cret@host:99999/x").unwrap_err().to_string();
        assert!(!e.contains("s3cret"), "{e}");
        assert!(e.contains("bob:****@host"), "{e}");
        assert_eq!(redact("ftp://h/a@b"), "ftp://h/a@b");
        assert_eq!(redact("ftp://u@h/a:b@c"), "ftp://u@h/a:b@c");
    }

    #[test]
    fn a_password_with_raw_slash_question_or_hash_never_shows() {
        for (input, secret) in [
            ("ftp://u:a/b@host/x", "a/b"),
            ("ftp://u:12/b@host/x", "12/b"),
            ("ftps://u:p?q@host/", "p?q"),
            ("ftps://u:p#q@host/", "p#q"),
            ("ftp://u:x/y/z@h:2121//abs/f", "x/y/z"),
        ] {
            let shown = redact(input);
            assert!(!shown.contains(secret), "{input} -> {shown}");
            assert!(shown.starts_with(&format!("{}://u:****@", input.split("://").next().unwrap())), "{shown}");
            let e = FtpUrl::parse(input).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Usage, "{input}");
            let e = e.to_string();
            assert!(!e.contains(secret), "{input}: {e}");
        }
        // Encoded, the same password is fine.
        let u = FtpUrl::parse("ftp://u:a%2Fb@host/x").unwrap();
        assert_eq!(u.password.as_ref().map(|p| p.expose()), Some("a/b"));
        assert_eq!(u.host, "host");
        assert_eq!(FtpUrl::parse("ftp://[::1]/a@b").unwrap().path, "a@b");
        assert_eq!(FtpUrl::parse("ftp://h/a@b").unwrap().path, "a@b");
    }

    #[test]
    fn ipv6_host() {
        let u = FtpUrl::parse("ftp://[::1]:2121/x").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 2121));
    }

    #[test]
    fn control_characters_refused() {
        for bad in ["ftp://h/a%0d%0aDELE%20x", "ftp://h/a%00", "ftp://u%0a:p@h/"] {
            let e = FtpUrl::parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Usage, "{bad}");
        }
    }
}
