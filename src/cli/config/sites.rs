//! `NAME:PATH` arguments and the `ftps sites` listing.
//!
//! Only a configured NAME makes a word a site reference: `backup:x` stays a
//! local path for `put` and `mirror` unless a site `backup` exists, so no
//! command line that worked before changes meaning.

use std::io::Write;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::file::{ConfigFile, Site};
use crate::cli::args::Cmd;
use crate::error::Error;

/// Whether an argument must be remote or may also be a local path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Remote,
    Either,
}

/// Characters of a site PATH that would mean something else in a URL.
const PATH_ESCAPES: &AsciiSet = &CONTROLS.add(b' ').add(b'%').add(b'?').add(b'#').add(b'@').add(b'\\');

/// The URL-taking arguments of `cmd`: the one place that knows which
/// positional of which command names a server.
fn url_args(cmd: &mut Cmd) -> Vec<(&mut String, Side)> {
    use Side::*;
    match cmd {
        Cmd::Ls { url, .. } => vec![(url, Remote)],
        Cmd::Get { urls, .. } => urls.iter_mut().map(|u| (u, Remote)).collect(),
        Cmd::Put { url, .. } => vec![(url, Remote)],
        Cmd::Mirror(m) => vec![(&mut m.src, Either), (&mut m.dst, Either)],
        Cmd::Watch(w) => vec![(&mut w.src, Either), (&mut w.dst, Either)],
        Cmd::Shell { url } => url.iter_mut().map(|u| (u, Remote)).collect(),
        Cmd::Batch(b) => b.url.iter_mut().map(|u| (u, Remote)).collect(),
        Cmd::Rm { urls, .. } | Cmd::Mkdir { urls, .. } | Cmd::Chmod { urls, .. } | Cmd::Cat { urls } => {
            urls.iter_mut().map(|u| (u, Remote)).collect()
        }
        // NEW_PATH may be a plain path: only a configured NAME makes it a site.
        Cmd::Mv { url, new_path } => vec![(url, Remote), (new_path, Either)],
        Cmd::Stat { url, .. } | Cmd::Probe { url, .. } => vec![(url, Remote)],
        // `trust remove HOST:PORT` names a known_hosts entry, not a site.
        Cmd::Trust(t) => t.url.iter_mut().map(|u| (u, Remote)).collect(),
        Cmd::Sites | Cmd::Receipt { .. } | Cmd::GenerateAssets { .. } => Vec::new(),
    }
}

/// `("web", "htdocs/x")` for `web:htdocs/x`; `None` for URLs and for words
/// that cannot be site references.
fn split(word: &str) -> Option<(&str, &str)> {
    if word.contains("://") {
        return None;
    }
    let (name, path) = word.split_once(':')?;
    let plausible = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plausible.then_some((name, path))
}

/// The one site the command's arguments name, if any.
pub fn referenced<'c>(cmd: &mut Cmd, config: Option<&'c ConfigFile>) -> Result<Option<&'c Site>, Error> {
    let mut found: Option<&Site> = None;
    for (word, side) in url_args(cmd) {
        let Some((name, _)) = split(word) else { continue };
        match config.and_then(|c| c.sites.get(name)) {
            Some(site) => match found {
                Some(other) if other.name != site.name => {
                    return Err(Error::InvalidArgument(format!(
                        "one command can use one site, and this one names {} and {}; run one command per site",
                        other.name, site.name
                    )));
                }
                _ => found = Some(site),
            },
            None if side == Side::Remote => return Err(unknown_site(name, config)),
            None => {}
        }
    }
    Ok(found)
}

fn unknown_site(name: &str, config: Option<&ConfigFile>) -> Error {
    Error::InvalidArgument(match config {
        Some(c) if c.sites.is_empty() => {
            format!("{name:?} is not a URL, and {} defines no sites; write ftps://host/path", c.path.display())
        }
        Some(c) => format!(
            "no site {name:?} in {} (sites: {}); or write a URL, ftps://host/path",
            c.path.display(),
            c.sites.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
        ),
        None => format!("{name:?} is not a URL and no config file defines sites; write ftps://host/path"),
    })
}

/// Replaces every `NAME:PATH` of a configured site by the site's URL with
/// PATH appended below its base path.
pub fn rewrite(cmd: &mut Cmd, config: Option<&ConfigFile>) -> Result<(), Error> {
    let Some(config) = config else { return Ok(()) };
    for (word, _) in url_args(cmd) {
        let Some((name, path)) = split(word) else { continue };
        let Some(site) = config.sites.get(name) else { continue };
        *word = site_url(config, site, path)?;
    }
    Ok(())
}

fn site_url(config: &ConfigFile, site: &Site, path: &str) -> Result<String, Error> {
    let base = base_url(config, site)?;
    // PATH is below the base path even when written with a leading '/'.
    let path = utf8_percent_encode(path.trim_start_matches('/'), PATH_ESCAPES).to_string();
    let sep = if base.ends_with('/') { "" } else { "/" };
    Ok(format!("{base}{sep}{path}"))
}

pub(super) fn base_url<'s>(config: &ConfigFile, site: &'s Site) -> Result<&'s str, Error> {
    let entry = site.get("url").ok_or_else(|| {
        Error::InvalidArgument(format!(
            "{}: site {} has no url; add url = \"ftps://host/base/\"",
            config.at(site.line),
            site.name
        ))
    })?;
    let url = entry.value.as_str().ok_or_else(|| {
        Error::InvalidArgument(format!("{}: url: expected a string like \"ftps://host/base/\"", config.at(entry.line)))
    })?;
    crate::url::FtpUrl::parse(url).map_err(|e| Error::InvalidArgument(format!("{}: {e}", config.at(entry.line))))?;
    Ok(url)
}

/// `ftps sites`: one line per site, tab-separated for scripts.
pub fn list(config: Option<&ConfigFile>, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(config) = config else {
        writeln!(out, "no config file (see --config)")?;
        return Ok(());
    };
    for site in config.sites.values() {
        let url = site.get("url").and_then(|e| e.value.as_str()).map(crate::url::redact);
        let with_defaults = |key: &str| {
            site.get(key).or_else(|| {
                let site_has_group =
                    ["password", "password-file", "password-command"].iter().any(|k| site.get(k).is_some());
                (!site_has_group || key == "user").then(|| config.defaults.iter().find(|e| e.key == key)).flatten()
            })
        };
        let url_user = url.as_deref().and_then(|u| crate::url::FtpUrl::parse(u).ok()).and_then(|u| u.user);
        let user = with_defaults("user").and_then(|e| e.value.as_str()).map(str::to_string).or(url_user);
        let password = if with_defaults("password").is_some() || url.as_deref().is_some_and(|u| u.contains(":****@")) {
            "in the config file".to_string()
        } else if let Some(c) = with_defaults("password-command").and_then(|e| e.value.as_str()) {
            format!("command {c}")
        } else if let Some(f) = with_defaults("password-file").and_then(|e| e.value.as_str()) {
            format!("file {f}")
        } else {
            "FTPS_PASSWORD, netrc or prompt".to_string()
        };
        let fields = [
            site.name.clone(),
            url.unwrap_or_else(|| "(no url)".into()),
            user.unwrap_or_else(|| "anonymous".into()),
            format!("password: {password}"),
        ];
        let fields: Vec<String> = fields.iter().map(|f| crate::cli::printable(f)).collect();
        writeln!(out, "{}", fields.join("\t"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> ConfigFile {
        let text = "[sites.web]\nurl = \"ftps://h:2121/htdocs\"\n[sites.root]\nurl = \"ftp://h//\"\n[sites.bare]\n";
        ConfigFile::parse(Path::new("c.toml"), text).unwrap()
    }

    #[test]
    fn paths_go_below_the_base() {
        let c = config();
        let url = |site: &str, p: &str| site_url(&c, &c.sites[site], p).unwrap();
        assert_eq!(url("web", "a/b.csv"), "ftps://h:2121/htdocs/a/b.csv");
        assert_eq!(url("web", ""), "ftps://h:2121/htdocs/");
        assert_eq!(url("web", "/x"), "ftps://h:2121/htdocs/x");
        assert_eq!(url("root", "srv/x"), "ftp://h//srv/x");
        let odd = url("web", "a b#1?@%.txt");
        assert_eq!(crate::url::FtpUrl::parse(&odd).unwrap().path, "htdocs/a b#1?@%.txt");
        let e = site_url(&c, &c.sites["bare"], "x").unwrap_err().to_string();
        assert!(e.contains("c.toml:5: site bare has no url"), "{e}");
    }

    #[test]
    fn only_configured_names_are_sites() {
        let c = config();
        assert_eq!(split("web:x"), Some(("web", "x")));
        assert_eq!(split("ftps://h/x"), None);
        assert_eq!(split("./a:b"), None);
        use clap::Parser;
        let mut put_like =
            crate::cli::Cli::try_parse_from(["ftps", "mirror", "local:dir", "web:htdocs"]).unwrap().command;
        assert_eq!(referenced(&mut put_like, Some(&c)).unwrap().map(|s| s.name.as_str()), Some("web"));
        rewrite(&mut put_like, Some(&c)).unwrap();
        let Cmd::Mirror(m) = put_like else { unreachable!() };
        assert_eq!((m.src.as_str(), m.dst.as_str()), ("local:dir", "ftps://h:2121/htdocs/htdocs"));
        let mut watch = crate::cli::Cli::try_parse_from(["ftps", "watch", "web:in", "inbox"]).unwrap().command;
        rewrite(&mut watch, Some(&c)).unwrap();
        let Cmd::Watch(w) = watch else { unreachable!() };
        assert_eq!((w.src.as_str(), w.dst.as_str()), ("ftps://h:2121/htdocs/in", "inbox"));
        let mut ls = Cmd::Ls { url: "nosuch:x".into(), json: false };
        let e = referenced(&mut ls, Some(&c)).unwrap_err().to_string();
        assert!(e.contains("no site \"nosuch\"") && e.contains("bare, root, web"), "{e}");
    }
}
