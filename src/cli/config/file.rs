//! Reading `config.toml`: a `[defaults]` table and `[sites.NAME]` tables.
//! Every key keeps its line so that each later complaint (unknown key,
//! wrong type, bad value) can point at it, as a compiler would.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;
use crate::secret::{Exposure, exposure_of};

/// A config file is a few dozen lines; anything this big is not one.
const MAX_BYTES: u64 = 1024 * 1024;

/// One `key = value` line.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub value: toml::Value,
    pub line: usize,
}

/// One `[sites.NAME]` table.
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub line: usize,
    pub entries: Vec<Entry>,
}

impl Site {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub defaults: Vec<Entry>,
    pub sites: BTreeMap<String, Site>,
}

type RawTable = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    defaults: Option<RawTable>,
    sites: Option<BTreeMap<Spanned<String>, Spanned<RawTable>>>,
}

impl ConfigFile {
    /// `file:line: ` for messages about this file.
    pub fn at(&self, line: usize) -> String {
        format!("{}:{line}", self.path.display())
    }

    /// Reads and checks `path`. Refused outright when others could change
    /// it (it can name a password command, which we would run); refused
    /// when others can read it and it holds a literal password.
    pub fn load(path: &Path) -> Result<ConfigFile, Error> {
        let local = |source| Error::Local { action: "read the config file", path: path.to_path_buf(), source };
        let file = std::fs::File::open(path).map_err(local)?;
        // Judged on the opened file: checking the path after reading let
        // another file take its place in between.
        let meta = file.metadata().map_err(local)?;
        let canonical = std::fs::canonicalize(path).map_err(local)?;
        for dir in [path.parent(), canonical.parent()].into_iter().flatten() {
            let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
            if let Some(mode) = crate::secret::open_directory(dir) {
                return Err(Error::InvalidArgument(format!(
                    "refusing the config file {}: its directory {} is writable by other users (mode {mode:04o}), \
                     who could replace it (it can name a command ftps runs); move it to a private directory \
                     or fix it with: chmod go-w {}",
                    path.display(),
                    dir.display(),
                    dir.display()
                )));
            }
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_BYTES + 1), &mut text).map_err(local)?;
        if text.len() as u64 > MAX_BYTES {
            return Err(Error::InvalidArgument(format!(
                "the config file {} is larger than {MAX_BYTES} bytes; it cannot be a config file",
                path.display()
            )));
        }
        let config = Self::parse(path, &text)?;
        match exposure_of(&meta) {
            Some(e @ (Exposure::Writable(_) | Exposure::Owner(..))) => Err(Error::InvalidArgument(format!(
                "refusing the config file {}: it {e} {} (it can name a command ftps runs)",
                path.display(),
                path.display()
            ))),
            Some(e @ Exposure::Readable(_)) => match config.literal_password() {
                Some(line) => Err(Error::InvalidArgument(format!(
                    "refusing the config file {}: line {line} holds a password and the file {e} {}, \
                     or use password-command / password-file instead",
                    path.display(),
                    path.display()
                ))),
                None => Ok(config),
            },
            None => Ok(config),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, Error> {
        let line_of = |offset: usize| text.get(..offset).unwrap_or(text).matches('\n').count() + 1;
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
            Error::InvalidArgument(format!("{}:{line}: {}", path.display(), e.message().trim_end()))
        })?;
        let entries = |table: RawTable| -> Vec<Entry> {
            table
                .into_iter()
                .map(|(k, v)| Entry { line: line_of(k.span().start), key: k.into_inner(), value: v.into_inner() })
                .collect()
        };
        let mut config = ConfigFile { path: path.to_path_buf(), ..Default::default() };
        config.defaults = entries(raw.defaults.unwrap_or_default());
        for (name, table) in raw.sites.unwrap_or_default() {
            let line = line_of(name.span().start);
            let name = name.into_inner();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(Error::InvalidArgument(format!(
                    "{}:{line}: site name {name:?} may hold only letters, digits, '-' and '_' \
                     (it is written NAME:PATH on the command line)",
                    path.display()
                )));
            }
            let entries = entries(table.into_inner());
            config.sites.insert(name.clone(), Site { name, line, entries });
        }
        if let Some(e) = config.defaults.iter().find(|e| e.key == "url") {
            return Err(Error::InvalidArgument(format!(
                "{}: url belongs in a [sites.NAME] table, not in [defaults]",
                config.at(e.line)
            )));
        }
        Ok(config)
    }

    /// The line of the first literal password: a `password` key, a
    /// `user = "name:password"`, or a URL with one.
    pub fn literal_password(&self) -> Option<usize> {
        let all = self.defaults.iter().chain(self.sites.values().flat_map(|s| s.entries.iter()));
        all.filter(|e| {
            e.key == "password"
                || (e.key == "user" && e.value.as_str().is_some_and(|u| u.contains(':')))
                || (e.key == "url"
                    && e.value
                        .as_str()
                        .is_some_and(|u| crate::url::FtpUrl::parse(u).is_ok_and(|u| u.password.is_some())))
        })
        .map(|e| e.line)
        .min()
    }
}

/// `--config`, else `FTPS_CONFIG` (clap reads both into one field), else
/// `$XDG_CONFIG_HOME/ftps/config.toml`; the default may be absent.
pub fn locate(explicit: Option<&Path>) -> Option<(PathBuf, bool)> {
    match explicit {
        Some(p) => Some((p.to_path_buf(), true)),
        None => dirs::config_dir().map(|d| (d.join("ftps").join("config.toml"), false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        ConfigFile::parse(Path::new("c.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn tables_and_lines() {
        let c = parse("[defaults]\ntimeout = 5\n\n[sites.web]\nurl = \"ftps://h/x\"\nuser = \"bob\"\n").unwrap();
        assert_eq!(c.defaults[0].key, "timeout");
        assert_eq!(c.defaults[0].line, 2);
        let web = &c.sites["web"];
        assert_eq!(web.line, 4);
        assert_eq!(web.get("user").unwrap().line, 6);
        assert_eq!(web.get("url").unwrap().value.as_str(), Some("ftps://h/x"));
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let e = parse("[defaults]\ntimeout = 5\nretries = = 3\n").unwrap_err();
        assert!(e.contains("c.toml:3:"), "{e}");
    }

    #[test]
    fn unknown_top_level_table_is_refused_with_line() {
        let e = parse("[defaults]\n\n[site.web]\nurl = \"ftps://h\"\n").unwrap_err();
        assert!(e.contains("c.toml:3:") && e.contains("site"), "{e}");
    }

    #[test]
    fn bad_site_names_and_misplaced_url() {
        assert!(parse("[sites.\"a:b\"]\n").unwrap_err().contains("c.toml:1:"));
        assert!(parse("[defaults]\nurl = \"ftps://h\"\n").unwrap_err().contains("c.toml:2: url belongs"));
    }

    #[test]
    fn literal_passwords_found() {
        assert_eq!(parse("[sites.a]\nuser = \"u\"\npassword = \"p\"\n").unwrap().literal_password(), Some(3));
        assert_eq!(parse("[sites.a]\nurl = \"ftps://u:p@h/\"\n").unwrap().literal_password(), Some(2));
        assert_eq!(parse("[sites.a]\nurl = \"ftps://u@h/\"\n").unwrap().literal_password(), None);
        assert_eq!(parse("[defaults]\nuser = \"u:p\"\n").unwrap().literal_password(), Some(2));
    }
}
