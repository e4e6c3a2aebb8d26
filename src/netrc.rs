//! netrc files: credentials per host, looked up the way curl does.
//!
//! Follows the ftp(1) format with curl's extensions (quoted tokens with
//! backslash escapes), so a file that works with curl works here. Passwords
//! never appear in errors or `Debug` output: both end up in logs and bug
//! reports. The grammar lives in the `syntax` child; this module holds what it
//! produces and the lookups (server and proxy) over it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

mod syntax;

pub use syntax::parse;

/// Parsed netrc contents, in file order so the first match wins as in curl.
#[derive(Debug, Clone, Default)]
pub struct Netrc {
    machines: Vec<(String, NetrcEntry)>,
    defaults: Vec<NetrcEntry>,
}

/// Credentials of one `machine` or `default` entry.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct NetrcEntry {
    pub login: Option<String>,
    pub password: Option<String>,
    pub account: Option<String>,
}

impl fmt::Debug for NetrcEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetrcEntry")
            .field("login", &self.login)
            .field("password", &self.password.as_ref().map(|_| "(redacted)"))
            .field("account", &self.account)
            .finish()
    }
}

impl Netrc {
    /// Credentials for `host`. A `login` the user already chose narrows the
    /// search to entries for that login or without one, so a password is
    /// never paired with somebody else's user name.
    pub fn lookup(&self, host: &str, login: Option<&str>) -> Option<&NetrcEntry> {
        self.machine(host, login).or_else(|| self.defaults.iter().find(|e| e.fits(login)))
    }

    /// [`Netrc::lookup`] without the `default` entry, for a proxy: `default`
    /// holds the credentials for any FTP server, which a proxy (a third
    /// party) must not be handed; only a `machine` naming it answers.
    pub fn machine(&self, host: &str, login: Option<&str>) -> Option<&NetrcEntry> {
        self.machines.iter().find(|(name, e)| name.eq_ignore_ascii_case(host) && e.fits(login)).map(|(_, e)| e)
    }
}

impl NetrcEntry {
    fn fits(&self, login: Option<&str>) -> bool {
        match (login, self.login.as_deref()) {
            (Some(wanted), Some(have)) => wanted == have,
            _ => true,
        }
    }
}

/// Why a netrc file could not be used. Messages name the file and line but
/// never the offending token, which may be (part of) a password.
#[derive(Debug)]
pub enum NetrcError {
    Io {
        path: PathBuf,
        source: io::Error,
    },
    Syntax {
        /// `None` when parsing text that did not come from [`load`].
        path: Option<PathBuf>,
        line: usize,
        message: &'static str,
    },
}

impl fmt::Display for NetrcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetrcError::Io { path, source } => {
                write!(f, "cannot read netrc file {}: {source}", path.display())
            }
            NetrcError::Syntax { path: Some(path), line, message } => write!(f, "{}:{line}: {message}", path.display()),
            NetrcError::Syntax { path: None, line, message } => write!(f, "netrc line {line}: {message}"),
        }
    }
}

impl std::error::Error for NetrcError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NetrcError::Io { source, .. } => Some(source),
            NetrcError::Syntax { .. } => None,
        }
    }
}

/// Reads and parses the netrc file at `path`.
pub fn load(path: &Path) -> Result<Netrc, NetrcError> {
    let text = std::fs::read_to_string(path).map_err(|source| NetrcError::Io { path: path.to_owned(), source })?;
    parse(&text).map_err(|e| match e {
        NetrcError::Syntax { line, message, .. } => NetrcError::Syntax { path: Some(path.to_owned()), line, message },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn entry(login: Option<&str>, password: Option<&str>, account: Option<&str>) -> NetrcEntry {
        NetrcEntry {
            login: login.map(str::to_owned),
            password: password.map(str::to_owned),
            account: account.map(str::to_owned),
        }
    }

    #[test]
    fn one_line_entry() {
        let n = parse("machine ftp.example.com login alice password s3cret").unwrap();
        assert_eq!(n.lookup("ftp.example.com", None), Some(&entry(Some("alice"), Some("s3cret"), None)));
        assert_eq!(n.lookup("other.example.com", None), None);
    }

    #[test]
    fn multi_line_entries_with_any_whitespace() {
        let text = "machine a.example\n\tlogin  alice\r\n\tpassword pa\n\n\
                    machine b.example login bob\n password pb account acct-7\n";
        let n = parse(text).unwrap();
        assert_eq!(n.lookup("a.example", None), Some(&entry(Some("alice"), Some("pa"), None)));
        assert_eq!(n.lookup("b.example", None), Some(&entry(Some("bob"), Some("pb"), Some("acct-7"))));
    }

    #[test]
    fn host_match_is_ascii_case_insensitive() {
        let n = parse("machine FTP.Example.COM login u password p").unwrap();
        assert!(n.lookup("ftp.example.com", None).is_some());
        assert!(n.lookup("FTP.EXAMPLE.COM", None).is_some());
        assert!(n.lookup("ftp.example.co", None).is_none());
    }

    #[test]
    fn first_matching_machine_wins() {
        let n = parse(
            "machine h login first password one\n\
             machine h login second password two\n",
        )
        .unwrap();
        assert_eq!(n.lookup("h", None).unwrap().password.as_deref(), Some("one"));
    }

    #[test]
    fn login_narrows_the_search() {
        let n = parse(
            "machine h login alice password pa\n\
             machine h login bob password pb\n\
             machine h password anyone\n\
             default login carol password pc\n",
        )
        .unwrap();
        assert_eq!(n.lookup("h", Some("bob")).unwrap().password.as_deref(), Some("pb"));
        assert_eq!(n.lookup("h", Some("alice")).unwrap().password.as_deref(), Some("pa"));
        // No entry for dave, but one without a login fits anybody.
        assert_eq!(n.lookup("h", Some("dave")), Some(&entry(None, Some("anyone"), None)));
        // Logins are case-sensitive.
        assert_eq!(n.lookup("h", Some("Alice")).unwrap().password.as_deref(), Some("anyone"));
        // Another host falls back to default, under the same login rule.
        assert_eq!(n.lookup("x", Some("carol")).unwrap().password.as_deref(), Some("pc"));
        assert_eq!(n.lookup("x", Some("dave")), None);
        assert_eq!(n.lookup("x", None).unwrap().login.as_deref(), Some("carol"));
    }

    #[test]
    fn default_only_when_no_machine_matches() {
        let n = parse(
            "default login anonymous password guest@\n\
             machine h login alice password pa\n",
        )
        .unwrap();
        assert_eq!(n.lookup("h", None).unwrap().login.as_deref(), Some("alice"));
        assert_eq!(n.lookup("elsewhere", None).unwrap().login.as_deref(), Some("anonymous"));
        // A machine whose login does not fit falls through to default.
        let n = parse("machine h login alice password pa default password dp").unwrap();
        assert_eq!(n.lookup("h", Some("bob")), Some(&entry(None, Some("dp"), None)));
    }

    #[test]
    fn a_proxy_never_gets_the_default_entry() {
        let n = parse("machine proxy.corp login pu password pp\ndefault login anonymous password ftp-secret").unwrap();
        assert_eq!(n.machine("PROXY.corp", None), Some(&entry(Some("pu"), Some("pp"), None)));
        assert_eq!(n.machine("proxy.corp", Some("pu")).unwrap().password.as_deref(), Some("pp"));
        assert_eq!(n.machine("proxy.corp", Some("other")), None);
        assert_eq!(n.machine("elsewhere", None), None);
        assert_eq!(n.lookup("elsewhere", None).unwrap().password.as_deref(), Some("ftp-secret"));
    }

    #[test]
    fn machine_without_credentials_still_matches() {
        let n = parse("machine bare\nmachine full login u password p").unwrap();
        assert_eq!(n.lookup("bare", None), Some(&NetrcEntry::default()));
    }

    #[test]
    fn debug_redacts_passwords() {
        let n = parse("machine h login alice password hunter2 account acct").unwrap();
        let e = n.lookup("h", None).unwrap();
        let shown = format!("{e:?}");
        assert_eq!(
            shown,
            "NetrcEntry { login: Some(\"alice\"), password: Some(\"(redacted)\"), account: Some(\"acct\") }"
        );
        assert!(!format!("{n:?}").contains("hunter2"));
        assert!(!format!("{n:#?}").contains("hunter2"));
        assert_eq!(format!("{:?}", NetrcEntry::default()), "NetrcEntry { login: None, password: None, account: None }");
    }

    #[test]
    fn load_reads_file_and_names_it_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good");
        std::fs::write(&good, "machine h login u password p\n").unwrap();
        let n = load(&good).unwrap();
        assert_eq!(n.lookup("h", None), Some(&entry(Some("u"), Some("p"), None)));

        let bad = dir.path().join("bad");
        std::fs::write(&bad, "machine h\n\nlogin\n").unwrap();
        let err = load(&bad).unwrap_err();
        assert_eq!(err.to_string(), format!("{}:3: `login` with no value", bad.display()));
    }

    #[test]
    fn load_io_error_has_source() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let err = load(&missing).unwrap_err();
        let NetrcError::Io { path, source } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(path, &missing);
        assert_eq!(source.kind(), io::ErrorKind::NotFound);
        assert!(err.to_string().starts_with(&format!("cannot read netrc file {}: ", missing.display())));
        let inner = std::error::Error::source(&err).unwrap();
        assert_eq!(inner.to_string(), source.to_string());
    }
}
