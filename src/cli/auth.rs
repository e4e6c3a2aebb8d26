//! Who to log in as, and with which password. Sources in order:
//! `-u user:pass`, the URL, `--password-file`, `--password-command` (each
//! also from the config file), the config's `password`, `FTPS_PASSWORD`, netrc, then a prompt only when stdin is a terminal.
//! Without a terminal nothing ever waits for input: cron jobs fail at once
//! with a message naming the non-interactive sources.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;
use crate::netrc;
use crate::secret::{Secret, source};
use crate::url::FtpUrl;

/// The password sources given by flags.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub file: Option<PathBuf>,
    pub command: Option<String>,
    /// A literal `password` of the config file's site (or defaults).
    pub config: Option<Secret>,
    /// Bound on the password command's run.
    pub wait: Duration,
}

/// Warns (even under `--quiet`: it is about a leak, not progress) when a
/// password is on the command line, where `ps` and shell history show it to
/// other local users.
pub fn warn_about_argv_passwords(cli_user: Option<&str>, argv: impl Iterator<Item = String>) {
    let in_user = cli_user.is_some_and(|u| u.contains(':'));
    let in_url = argv.filter(|a| a.contains("://")).any(|a| FtpUrl::parse(&a).is_ok_and(|u| u.password.is_some()));
    let place = match (in_user, in_url) {
        (true, _) => "-u user:password",
        (false, true) => "a URL",
        (false, false) => return,
    };
    super::term::errln!(
        "ftps: WARNING: the password in {place} is visible to other local users (ps, shell history); \
         prefer --password-file FILE, --password-command CMD, FTPS_PASSWORD, or a netrc entry"
    );
}

pub struct Credentials {
    pub user: String,
    pub password: Secret,
}

pub fn resolve(url: &FtpUrl, cli_user: Option<&str>, flags: &Sources) -> Result<Credentials, Error> {
    let (flag_user, flag_pass) = match cli_user.map(|u| u.split_once(':')) {
        Some(Some((u, p))) => (Some(u.to_string()), Some(Secret::new(p))),
        Some(None) => (cli_user.map(str::to_string), None),
        None => (None, None),
    };
    let explicit_user = flag_user.or_else(|| url.user.clone());
    let rc = load_netrc()?;
    let entry = rc.as_ref().and_then(|rc| rc.lookup(&url.host, explicit_user.as_deref()));
    let user = explicit_user
        .clone()
        .or_else(|| entry.and_then(|e| e.login.clone()))
        .unwrap_or_else(|| "anonymous".to_string());

    let mut password = flag_pass.or_else(|| url.password.clone());
    if password.is_none() {
        // Only run the command (or read the file) when nothing before it gave a password.
        password = match (&flags.file, &flags.command) {
            (Some(file), _) => Some(source::from_file(file)?),
            (None, Some(cmd)) => Some(source::from_command(cmd, flags.wait)?),
            (None, None) => flags.config.clone(),
        };
    }
    let password = password
        .or_else(|| std::env::var("FTPS_PASSWORD").ok().map(Secret::new))
        .or_else(|| entry.and_then(|e| e.password.clone()).map(Secret::new));
    let password = match password {
        Some(p) => p,
        None if user == "anonymous" && explicit_user.is_none() => Secret::new("ftps@"),
        None if std::io::stdin().is_terminal() => {
            let prompt = format!("Password for {user}@{}: ", url.host);
            let p = rpassword::prompt_password(prompt).map_err(|e| Error::Local {
                action: "read the password from",
                path: "the terminal".into(),
                source: e,
            })?;
            Secret::new(p)
        }
        None => return Err(Error::NoPassword { user }),
    };
    Ok(Credentials { user, password })
}

/// Fills in a proxy's missing user name or password from the netrc file
/// (the same file, checks and parser as the FTP host's), from a `machine`
/// entry for the proxy's host only: `default` holds FTP credentials, which
/// a proxy must not be sent. A user name in the proxy URL narrows the
/// search as `-u` does for the FTP host.
pub fn proxy_credentials(proxy: &mut crate::stream::Proxy) -> Result<(), Error> {
    if proxy.password.is_some() {
        return Ok(());
    }
    let Some(rc) = load_netrc()? else { return Ok(()) };
    let Some(entry) = rc.machine(&proxy.host, proxy.user.as_deref()) else { return Ok(()) };
    if proxy.user.is_none() {
        proxy.user = entry.login.clone();
    }
    if proxy.user.is_some() {
        proxy.password = entry.password.clone().map(Secret::new);
    }
    Ok(())
}

/// Where the passphrase of an encrypted client key comes from: the file,
/// the command, else a terminal prompt; never argv (a passphrase there would
/// show in `ps`). Called by the TLS layer only once it finds the key encrypted.
pub fn key_passphrase(file: Option<PathBuf>, command: Option<String>, wait: Duration) -> crate::tls::Passphrase {
    crate::tls::Passphrase(std::sync::Arc::new(move |path: &std::path::Path| match (&file, &command) {
        (Some(file), _) => source::from_file(file),
        (None, Some(cmd)) => source::from_command(cmd, wait),
        (None, None) if std::io::stdin().is_terminal() => {
            let prompt = format!("Passphrase for {}: ", super::term::printable(&path.display().to_string()));
            rpassword::prompt_password(prompt).map(Secret::new).map_err(|e| Error::Local {
                action: "read the key passphrase from",
                path: "the terminal".into(),
                source: e,
            })
        }
        (None, None) => Err(Error::InvalidArgument(format!(
            "{} is encrypted and there is no terminal to ask for its passphrase; \
             give --key-password-file FILE or --key-password-command CMD",
            path.display()
        ))),
    }))
}

fn netrc_path() -> Option<PathBuf> {
    match std::env::var_os("NETRC") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::home_dir().map(|h| h.join(".netrc")),
    }
}

fn load_netrc() -> Result<Option<netrc::Netrc>, Error> {
    let Some(path) = netrc_path() else {
        return Ok(None);
    };
    if !path.exists() {
        return Ok(None);
    }
    if let Some(problem) = crate::secret::exposure(&path) {
        // A password file others can read leaks; one others can write, or
        // another user owns, can send our password anywhere.
        return Err(Error::InvalidArgument(format!(
            "refusing the netrc file {}: it {problem} {}",
            path.display(),
            path.display()
        )));
    }
    netrc::load(&path).map(Some).map_err(|e| Error::InvalidArgument(format!("{e}; fix or remove the netrc file")))
}
