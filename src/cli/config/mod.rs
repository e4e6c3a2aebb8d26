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

use clap::{CommandFactory, FromArgMatches};

pub use file::ConfigFile;

use crate::cli::args::Cli;
use crate::error::Error;
use crate::secret::Secret;

/// The command line with the config applied.
pub struct Loaded {
    pub cli: Cli,
    /// A literal `password` from the config (the file is then private).
    pub password: Option<Secret>,
    pub config: Option<ConfigFile>,
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
    let cmd = Cli::command();
    let matches = cmd.clone().try_get_matches_from(&args).map_err(Failure::Usage)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(Failure::Usage)?;
    if cli.global.no_config {
        return Ok(Loaded { cli, password: None, config: None });
    }
    let config = match file::locate(cli.global.config.as_deref()) {
        Some((path, explicit)) if explicit || path.exists() => Some(ConfigFile::load(&path)?),
        _ => None,
    };
    let Some(config) = config else {
        sites::referenced(&mut cli.command, None)?;
        return Ok(Loaded { cli, password: None, config: None });
    };
    let site = sites::referenced(&mut cli.command, Some(&config))?;
    let typed = apply::typed(&matches, &cmd);
    let site_entries = site.map(|s| s.entries.as_slice()).unwrap_or_default();
    let merged = apply::merge(&config.defaults, site_entries, &typed);
    let words = apply::to_argv(&config, &merged, &cmd, matches.subcommand_name())?;
    if !words.before.is_empty() || !words.after.is_empty() {
        let mut full = args;
        let mut rest = full.split_off(1.min(full.len()));
        // After what was typed, but before a `--` that ends the options.
        let end = rest.iter().position(|w| w == "--").unwrap_or(rest.len());
        let tail = rest.split_off(end);
        full.extend(words.before);
        full.extend(rest);
        full.extend(words.after);
        full.extend(tail);
        cli = cmd.try_get_matches_from(&full).and_then(|m| Cli::from_arg_matches(&m)).map_err(Failure::Usage)?;
    }
    sites::rewrite(&mut cli.command, Some(&config))?;
    let password =
        match merged.iter().find(|e| e.key == "password") {
            Some(e) => Some(Secret::new(e.value.as_str().ok_or_else(|| {
                Error::InvalidArgument(format!("{}: password: expected a string", config.at(e.line)))
            })?)),
            None => None,
        };
    Ok(Loaded { cli, password, config: Some(config) })
}
