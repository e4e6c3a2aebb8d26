//! Directory listings: one `Entry` type fed by two parsers, because servers
//! speak either machine-readable MLSD (RFC 3659) or free-form `LIST`.

use chrono::{DateTime, Utc};
use serde::Serialize;

pub mod list;
pub mod mlsd;
pub mod names;
pub mod time_val;

/// What a listing entry is; servers that cannot tell say `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    Other,
}

/// One entry of a remote directory, normalised from MLSD or LIST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntryKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Always UTC; serialised as RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none", with = "rfc3339_opt")]
    pub modified: Option<DateTime<Utc>>,
    /// Unix permission string (`rwxr-xr-x`) or MLSD `UNIX.mode`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perms: Option<String>,
    /// Symlink target from a LIST `name -> target` line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

mod rfc3339_opt {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::Serializer;

    pub fn serialize<S: Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            None => s.serialize_none(),
        }
    }
}

/// A line the parser could not understand, kept whole so it can be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: String,
    pub reason: &'static str,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}", self.reason, self.line)
    }
}

impl std::error::Error for ParseError {}
