//! Who to log in as, and with which password. Sources in order: URL,
//! `-u user:pass`, `FTPS_PASSWORD`, netrc, then a prompt only when stdin is
//! a terminal. Without a terminal nothing ever waits for input: cron jobs
//! fail at once with a message naming the non-interactive sources.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::error::Error;
use crate::netrc;
use crate::secret::Secret;
use crate::url::FtpUrl;

pub struct Credentials {
    pub user: String,
    pub password: Secret,
}

pub fn resolve(url: &FtpUrl, cli_user: Option<&str>) -> Result<Credentials, Error> {
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

    let password = flag_pass
        .or_else(|| url.password.clone())
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
