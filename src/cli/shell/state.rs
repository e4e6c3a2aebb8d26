//! What a shell or batch run remembers between commands: the connection, the
//! remote directory, and listings cached for Tab completion.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::Context;

use super::paths;
use crate::cli::App;
use crate::cli::term::errln;
use crate::error::Error;
use crate::listing::{Entry, EntryKind};
use crate::ops::list::{self, Listing};
use crate::session::control::Session;
use crate::url::FtpUrl;

pub struct Shell<'a> {
    pub app: &'a App,
    pub conn: Option<Conn>,
    pub cache: Cache,
    /// At a terminal: `rm -r` asks, `!cmd` gets the terminal.
    pub interactive: bool,
    /// `--json` batch: command output is collected into the JSON record.
    pub json: bool,
}

/// One open connection and where it stands.
pub struct Conn {
    pub session: Session,
    /// The URL it was opened with, without path or password (for `mirror`).
    pub url: FtpUrl,
    /// `user@host[:port]`, for the prompt and messages.
    pub label: String,
    /// The login directory, absolute as the server reports it.
    pub home: String,
    /// The remote directory, absolute.
    pub cwd: String,
    pub last_used: Instant,
    /// The last command lost the connection; the next one reconnects first.
    pub broken: bool,
}

impl<'a> Shell<'a> {
    pub fn new(app: &'a App, interactive: bool, json: bool) -> Self {
        Shell { app, conn: None, cache: Cache::default(), interactive, json }
    }

    /// Informational lines (summaries, reconnects) go to stderr unless `-q`
    /// or `--json` (whose records carry the same facts).
    pub fn note(&self, msg: impl std::fmt::Display) {
        if self.speaks() {
            errln!("ftps: {msg}");
        }
    }

    /// Whether [`Shell::note`] prints (not under `--quiet` or `--json`).
    pub fn speaks(&self) -> bool {
        !self.app.global.quiet && !self.json
    }

    pub fn conn(&mut self) -> Result<&mut Conn, Error> {
        self.conn.as_mut().ok_or_else(not_connected)
    }

    pub fn session(&mut self) -> Result<&mut Session, Error> {
        Ok(&mut self.conn()?.session)
    }

    /// `ftps user@host:/dir> `, or `ftps> ` when not connected.
    pub fn prompt(&self) -> String {
        match &self.conn {
            Some(c) => format!("ftps {}:{}> ", crate::cli::printable(&c.label), crate::cli::printable(&c.cwd)),
            None => "ftps> ".into(),
        }
    }

    /// Absolute form of a remote path typed by the user.
    pub fn absolute(&self, path: &str) -> String {
        let cwd = self.conn.as_ref().map(|c| c.cwd.as_str()).unwrap_or("/");
        paths::resolve(cwd, path)
    }

    /// `open URL`: connects (after closing any current connection) and
    /// changes to the URL's directory, if it names one.
    pub fn open(&mut self, text: &str) -> anyhow::Result<()> {
        let text = if text.contains("://") { text.to_string() } else { format!("ftp://{text}") };
        let url = FtpUrl::parse(&text)?;
        self.close();
        let mut session = self.app.connect(&url)?;
        let home = pwd(&mut session)?;
        let user = session.options().user.clone();
        let default_port = if url.implicit { 990 } else { 21 };
        let host = if url.host.contains(':') { format!("[{}]", url.host) } else { url.host.clone() };
        let label =
            if url.port == default_port { format!("{user}@{host}") } else { format!("{user}@{host}:{}", url.port) };
        let bare = FtpUrl { path: String::new(), password: None, user: Some(user), ..url.clone() };
        self.conn = Some(Conn {
            session,
            url: bare,
            label,
            home: home.clone(),
            cwd: home,
            last_used: Instant::now(),
            broken: false,
        });
        if !url.path.is_empty() {
            let path = url.path.trim_end_matches('/');
            if !path.is_empty() {
                self.change_dir(path).with_context(|| format!("connected, but cannot change to {path:?}"))?;
            }
        }
        Ok(())
    }

    pub fn close(&mut self) {
        self.cache.clear();
        if let Some(c) = self.conn.take() {
            c.session.quit();
        }
    }

    /// `cd`: the session remembers the absolute path, so a reconnect (here
    /// or inside a retried transfer) comes back to the same directory.
    pub fn change_dir(&mut self, path: &str) -> anyhow::Result<()> {
        let target = if self.conn()?.cwd.starts_with('/') { self.absolute(path) } else { path.to_string() };
        let conn = self.conn()?;
        conn.session.cwd(&target)?;
        conn.cwd = pwd(&mut conn.session)?;
        Ok(())
    }

    /// Lists a remote directory ("" = the current one) and caches the names
    /// for completion.
    pub fn list(&mut self, path: &str) -> anyhow::Result<Listing> {
        let key = self.absolute(path);
        let listing = list::list(self.session()?, path)?;
        let single_file = listing.entries.len() == 1
            && listing.entries[0].kind != EntryKind::Dir
            && listing.entries[0].name == paths::base_name(path);
        if !single_file {
            self.cache.put(&key, &listing.entries);
        }
        Ok(listing)
    }
}

/// Why a remote command cannot run.
pub fn not_connected() -> Error {
    Error::InvalidArgument("not connected; use open URL first".into())
}

/// `PWD`, parsed (the one implementation is in the ops layer).
pub fn pwd(s: &mut Session) -> anyhow::Result<String> {
    Ok(crate::ops::remote::pwd(s)?)
}

/// Names of remote directories listed so far, by absolute path.
#[derive(Default)]
pub struct Cache {
    dirs: HashMap<String, Vec<Cached>>,
}

#[derive(Debug, Clone)]
pub struct Cached {
    pub name: String,
    pub is_dir: bool,
}

/// Bounds memory for very large trees browsed in one long session.
const MAX_CACHED_DIRS: usize = 256;

impl Cache {
    pub fn get(&self, dir: &str) -> Option<&[Cached]> {
        self.dirs.get(dir).map(Vec::as_slice)
    }

    pub fn put(&mut self, dir: &str, entries: &[Entry]) {
        if self.dirs.len() >= MAX_CACHED_DIRS {
            self.dirs.clear();
        }
        let names = entries
            .iter()
            .filter(|e| crate::listing::names::check_name(&e.name).is_ok())
            .map(|e| Cached { name: e.name.clone(), is_dir: e.kind == EntryKind::Dir })
            .collect();
        self.dirs.insert(dir.to_string(), names);
    }

    /// After anything that changes the remote tree.
    pub fn clear(&mut self) {
        self.dirs.clear();
    }
}
