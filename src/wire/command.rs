//! Typed FTP commands rendered to `VERB arg\r\n`.
//!
//! Every argument passes through [`Command::render`], which refuses CR, LF
//! and NUL: a file name containing them would otherwise let a caller (or a
//! hostile listing echoed back) smuggle a second command onto the control
//! channel.

use std::fmt;

use crate::error::Error;

#[derive(Clone, PartialEq, Eq)]
pub enum Command {
    AuthTls,
    User(String),
    Pass(String),
    Pbsz(u32),
    Prot(char),
    Feat,
    Opts(String),
    Type(char),
    /// `MODE Z` (deflate, draft-preston-ftpext-deflate) or `MODE S`.
    Mode(char),
    Epsv,
    Pasv,
    Pwd,
    Cwd(String),
    Cdup,
    Mlsd(Option<String>),
    Mlst(Option<String>),
    List(Option<String>),
    Nlst(Option<String>),
    Retr(String),
    Stor(String),
    Appe(String),
    Rest(u64),
    Size(String),
    Mdtm(String),
    Mfmt(String, String),
    Mkd(String),
    Rmd(String),
    Dele(String),
    Rnfr(String),
    Rnto(String),
    Site(String),
    /// `HASH path` (draft-bryan-ftpext-hash), after `OPTS HASH <algo>`.
    Hash(String),
    /// `XSHA256 path` and its siblings: one command per algorithm.
    XDigest(super::digest::Algo, String),
    Noop,
    Abor,
    Quit,
    /// A raw line typed by the user (`quote`); still checked for CR/LF/NUL.
    Raw(String),
}

impl Command {
    /// The wire form, or an error naming the offending character.
    pub fn render(&self) -> Result<Vec<u8>, Error> {
        let line = self.to_line();
        if let Some(bad) = line.chars().find(|c| matches!(c, '\r' | '\n' | '\0')) {
            return Err(Error::InvalidArgument(format!(
                "{} argument contains a {} character, which cannot be sent on the FTP control channel",
                self.verb(),
                match bad {
                    '\r' => "carriage return",
                    '\n' => "line feed",
                    _ => "NUL",
                }
            )));
        }
        let mut bytes = line.into_bytes();
        bytes.extend_from_slice(b"\r\n");
        Ok(bytes)
    }

    pub fn verb(&self) -> &'static str {
        use Command::*;
        match self {
            AuthTls => "AUTH",
            User(_) => "USER",
            Pass(_) => "PASS",
            Pbsz(_) => "PBSZ",
            Prot(_) => "PROT",
            Feat => "FEAT",
            Opts(_) => "OPTS",
            Type(_) => "TYPE",
            Mode(_) => "MODE",
            Epsv => "EPSV",
            Pasv => "PASV",
            Pwd => "PWD",
            Cwd(_) => "CWD",
            Cdup => "CDUP",
            Mlsd(_) => "MLSD",
            Mlst(_) => "MLST",
            List(_) => "LIST",
            Nlst(_) => "NLST",
            Retr(_) => "RETR",
            Stor(_) => "STOR",
            Appe(_) => "APPE",
            Rest(_) => "REST",
            Size(_) => "SIZE",
            Mdtm(_) => "MDTM",
            Mfmt(..) => "MFMT",
            Mkd(_) => "MKD",
            Rmd(_) => "RMD",
            Dele(_) => "DELE",
            Rnfr(_) => "RNFR",
            Rnto(_) => "RNTO",
            Site(_) => "SITE",
            Hash(_) => "HASH",
            XDigest(algo, _) => algo.x_verb(),
            Noop => "NOOP",
            Abor => "ABOR",
            Quit => "QUIT",
            Raw(_) => "raw command",
        }
    }

    fn to_line(&self) -> String {
        use Command::*;
        let verb = self.verb();
        match self {
            AuthTls => "AUTH TLS".into(),
            Pbsz(n) => format!("PBSZ {n}"),
            Prot(c) | Type(c) | Mode(c) => format!("{verb} {c}"),
            Rest(n) => format!("REST {n}"),
            Mfmt(time, path) => format!("MFMT {time} {path}"),
            User(a)
            | Pass(a)
            | Opts(a)
            | Cwd(a)
            | Retr(a)
            | Stor(a)
            | Appe(a)
            | Size(a)
            | Mdtm(a)
            | Mkd(a)
            | Rmd(a)
            | Dele(a)
            | Rnfr(a)
            | Rnto(a)
            | Site(a)
            | Hash(a)
            | XDigest(_, a) => {
                format!("{verb} {a}")
            }
            Mlsd(a) | Mlst(a) | List(a) | Nlst(a) => match a {
                Some(a) => format!("{verb} {a}"),
                None => verb.into(),
            },
            Raw(line) => line.clone(),
            Feat | Epsv | Pasv | Pwd | Cdup | Noop | Abor | Quit => verb.into(),
        }
    }
}

/// Debug shows the trace form so a `{:?}` in a log or panic cannot leak the password.
impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Command({self})")
    }
}

/// Renders for traces: the password never appears (see [`redact`]).
impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Pass(_) => f.write_str("PASS ****"),
            other => f.write_str(&redact(&other.to_line())),
        }
    }
}

/// Verbs whose whole argument is a secret: the password, and the account
/// password some servers ask for after it (RFC 959 `ACCT`).
const SECRET_VERBS: &[&str] = &["PASS", "ACCT"];

/// SITE subcommands whose arguments carry passwords, as servers define
/// them: Serv-U `SITE PSWD old new`; glFTPd/ioFTPD/DrFTPD `SITE PASSWD new`,
/// `SITE CHPASS user new`, `SITE ADDUSER user pass`, `SITE GADDUSER group
/// user pass`; wu-ftpd `SITE GPASS pass`. Everything after the subcommand is
/// hidden, user names included: better too much than one password.
const SECRET_SITE: &[&str] = &["PSWD", "PASSWD", "PASS", "CHPASS", "CHPASSWD", "GPASS", "ADDUSER", "GADDUSER"];

/// A command line as it may be shown or stored: the secret arguments of
/// `PASS`, `ACCT` and password-carrying `SITE` forms become `****`. The one
/// redaction of command text, used by the `-v` trace (through `Display`)
/// and by the shell for its history, messages and JSON records.
pub fn redact(line: &str) -> std::borrow::Cow<'_, str> {
    let mut words = line.split_whitespace();
    let verb = words.next().unwrap_or_default();
    let is = |list: &[&str], w: &str| list.iter().any(|v| v.eq_ignore_ascii_case(w));
    if is(SECRET_VERBS, verb) && words.next().is_some() {
        return format!("{} ****", verb.to_ascii_uppercase()).into();
    }
    if verb.eq_ignore_ascii_case("SITE")
        && let Some(sub) = words.next()
        && is(SECRET_SITE, sub)
        && words.next().is_some()
    {
        return format!("SITE {} ****", sub.to_ascii_uppercase()).into();
    }
    line.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_verbs_and_arguments() {
        assert_eq!(Command::AuthTls.render().unwrap(), b"AUTH TLS\r\n");
        assert_eq!(Command::Pbsz(0).render().unwrap(), b"PBSZ 0\r\n");
        assert_eq!(Command::Prot('P').render().unwrap(), b"PROT P\r\n");
        assert_eq!(Command::Retr("a b/c.txt".into()).render().unwrap(), b"RETR a b/c.txt\r\n");
        assert_eq!(Command::Mlsd(None).render().unwrap(), b"MLSD\r\n");
        assert_eq!(Command::Rest(42).render().unwrap(), b"REST 42\r\n");
    }

    #[test]
    fn refuses_control_characters() {
        for bad in ["a\r\nDELE b", "a\nb", "a\0b", "x\r"] {
            let err = Command::Retr(bad.into()).render().unwrap_err();
            assert!(err.to_string().contains("RETR"), "{err}");
        }
        assert!(Command::Raw("NOOP\r\nQUIT".into()).render().is_err());
    }

    #[test]
    fn display_redacts_password() {
        let shown = Command::Pass("hunter2".into()).to_string();
        assert_eq!(shown, "PASS ****");
        assert!(!format!("{:?}", Command::Pass("hunter2".into())).contains("hunter2"));
        assert_eq!(Command::Raw("pass hunter2".into()).to_string(), "PASS ****");
        // Multi-byte characters around the fifth byte must not panic.
        assert_eq!(Command::Raw("PASSé".into()).to_string(), "PASSé");
    }

    #[test]
    fn secrets_in_acct_and_site_forms_are_redacted() {
        let cases = [
            ("ACCT s3cret", "ACCT ****"),
            ("acct  s3cret", "ACCT ****"),
            (" PASS s3cret", "PASS ****"),
            ("SITE PSWD old s3cret", "SITE PSWD ****"),
            ("site pswd old s3cret", "SITE PSWD ****"),
            ("SITE  PASSWD s3cret", "SITE PASSWD ****"),
            ("SITE CHPASS bob s3cret", "SITE CHPASS ****"),
            ("SITE GPASS s3cret", "SITE GPASS ****"),
            ("SITE ADDUSER bob s3cret *@127.0.0.1", "SITE ADDUSER ****"),
            ("SITE GADDUSER staff bob s3cret", "SITE GADDUSER ****"),
            // Nothing secret: shown as is.
            ("SITE CHMOD 644 f", "SITE CHMOD 644 f"),
            ("SITE PSWD", "SITE PSWD"),
            ("PASS", "PASS"),
            ("PASSIVE x", "PASSIVE x"),
            ("RETR pass", "RETR pass"),
            ("", ""),
        ];
        for (line, shown) in cases {
            assert_eq!(redact(line), shown, "{line:?}");
            assert_eq!(Command::Raw(line.into()).to_string(), shown, "{line:?}");
        }
        assert_eq!(Command::Site("PSWD old s3cret".into()).to_string(), "SITE PSWD ****");
        assert_eq!(Command::Site("CHMOD 644 f".into()).to_string(), "SITE CHMOD 644 f");
        assert!(!format!("{:?}", Command::Site("CHPASS bob s3cret".into())).contains("s3cret"));
    }
}
