//! The config file: defaults and named sites for the command line.
//!
//! A config entry is the option word it stands for, put in front of what
//! the user typed, so clap stays the only parser and validator of options.
//! Precedence (command line > site > `[defaults]`) is decided before that:
//! an option typed on the command line drops the config's value, which
//! keeps repeatable options such as `--ca-file` from adding up.

mod apply;
mod file;
pub mod sites;

use std::ffi::OsString;

use clap::FromArgMatches;

pub use file::ConfigFile;
use file::Entry;

use crate::cli::args::Cli;
use crate::error::Error;
use crate::secret::Secret;

/// The command line with the config applied.
pub struct Loaded {
    pub cli: Cli,
    /// The site the command names, with what applies to its server only.
    pub site: Option<SiteScope>,
    pub config: Option<ConfigFile>,
    /// Whether `-u` was typed: a user name from the config must not beat
    /// one the user wrote into a URL, as a typed `-u` does.
    pub user_typed: bool,
}

/// A site's credentials and trust settings, kept apart from the run's
/// options so that they reach only the site's own server: a command that
/// also names another server (`get lab:f ftp://other/g`) connects there
/// with the command line and `[defaults]` alone.
pub struct SiteScope {
    pub host: String,
    pub port: u16,
    /// The run's options with the site's scoped keys applied as well.
    pub global: crate::cli::args::Global,
    /// A literal `password` of the site.
    pub password: Option<Secret>,
}

impl SiteScope {
    /// Whether a URL's server is this site's (the same host, as typed
    /// modulo case, and the same port).
    pub fn covers(&self, url: &crate::url::FtpUrl) -> bool {
        url.port == self.port && url.host.eq_ignore_ascii_case(&self.host)
    }
}

pub enum Failure {
    /// The command line itself is wrong: clap prints it.
    Usage(clap::Error),
    /// The config file is wrong (or names nothing usable).
    Config(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Config(e)
    }
}

pub fn load(args: Vec<OsString>) -> Result<Loaded, Failure> {
    let cmd = crate::cli::command::command();
    let matches = cmd.clone().try_get_matches_from(&args).map_err(Failure::Usage)?;
    crate::cli::command::check_negations(&cmd, &matches).map_err(Failure::Usage)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(Failure::Usage)?;
    if cli.global.no_config {
        return Ok(Loaded { cli, site: None, config: None, user_typed: true });
    }
    let config = match file::locate(cli.global.config.as_deref()) {
        Some((path, explicit)) if explicit || path.exists() => Some(ConfigFile::load(&path)?),
        _ => None,
    };
    let Some(config) = config else {
        sites::referenced(&mut cli.command, None)?;
        return Ok(Loaded { cli, site: None, config: None, user_typed: true });
    };
    apply::check_defaults(&config)?;
    let site = sites::referenced(&mut cli.command, Some(&config))?;
    let typed = apply::typed(&matches, &cmd);
    let site_entries = site.map(|s| s.entries.as_slice()).unwrap_or_default();
    let (scoped, open): (Vec<Entry>, Vec<Entry>) = site_entries.iter().cloned().partition(|e| apply::is_scoped(&e.key));
    let reparse = |entries: &[&Entry]| -> Result<Cli, Failure> {
        let words = apply::to_argv(&config, entries, &cmd, matches.subcommand_name())?;
        if words.before.is_empty() && words.after.is_empty() {
            return Cli::from_arg_matches(&matches).map_err(Failure::Usage);
        }
        let mut full = args.clone();
        let mut rest = full.split_off(1.min(full.len()));
        // After what was typed, but before a `--` that ends the options.
        let end = rest.iter().position(|w| w == "--").unwrap_or(rest.len());
        let tail = rest.split_off(end);
        full.extend(words.before);
        full.extend(rest);
        full.extend(words.after);
        full.extend(tail);
        cmd.clone().try_get_matches_from(&full).and_then(|m| Cli::from_arg_matches(&m)).map_err(Failure::Usage)
    };
    let mut cli = reparse(&apply::merge(&config.defaults, &open, &typed))?;
    sites::rewrite(&mut cli.command, Some(&config))?;
    let scope = match site {
        Some(site) if !scoped.is_empty() => {
            let merged = apply::merge(&config.defaults, site_entries, &typed);
            let global = reparse(&merged)?.global;
            let password = match merged.iter().find(|e| e.key == "password") {
                Some(e) => Some(Secret::new(e.value.as_str().ok_or_else(|| {
                    Error::InvalidArgument(format!("{}: password: expected a string", config.at(e.line)))
                })?)),
                None => None,
            };
            let url = crate::url::FtpUrl::parse(sites::base_url(&config, site)?)?;
            Some(SiteScope { host: url.host, port: url.port, global, password })
        }
        _ => None,
    };
    Ok(Loaded { cli, site: scope, config: Some(config), user_typed: typed.iter().any(|t| t == "user") })
}
