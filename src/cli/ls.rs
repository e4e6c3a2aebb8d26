//! `ftps ls URL [--json]`

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::{App, exit, printable};
use crate::cli::term::errln;
use crate::listing::{Entry, EntryKind};
use crate::ops::list;
use crate::url::FtpUrl;

pub fn run(app: &App, url: &str, json: bool) -> anyhow::Result<ExitCode> {
    let url = FtpUrl::parse(url)?;
    let mut session = app.connect(&url)?;
    let listing = app
        .retrying(&mut session, "listing", |s, _| list::list(s, &url.path))
        .with_context(|| format!("listing {:?}", display_path(&url)))?;
    session.quit();
    for bad in &listing.unparsed {
        errln!("ftps: warning: could not parse listing line: {bad}");
    }
    let gap = listing.gap();
    let mut entries = listing.entries;
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = super::term::stdout();
    if json {
        super::term::write_json(&mut out, &entries, true).context("writing JSON")?;
    } else {
        for e in &entries {
            writeln!(out, "{}", long_line(e))?;
        }
    }
    out.flush()?;
    // What was listed is shown, but a listing that may be cut is not a success.
    if let Some(why) = gap.as_deref() {
        errln!("ftps: listing {:?} may be incomplete: {why}", display_path(&url));
        return Ok(exit::code(exit::TRANSFER));
    }
    Ok(exit::code(exit::OK))
}

fn display_path(url: &FtpUrl) -> String {
    if url.path.is_empty() { "/".into() } else { url.path.clone() }
}

/// `TYPE SIZE YYYY-MM-DD HH:MM:SS NAME`, one entry per line, UTC times.
pub(crate) fn long_line(e: &Entry) -> String {
    let kind = match e.kind {
        EntryKind::Dir => 'd',
        EntryKind::File => '-',
        EntryKind::Symlink => 'l',
        EntryKind::Other => '?',
    };
    let size = e.size.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
    let time =
        e.modified.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_else(|| "????-??-?? ??:??:??".into());
    let mut line = format!("{kind} {size:>12} {time} {}", printable(&e.name));
    if let Some(t) = &e.target {
        line.push_str(" -> ");
        line.push_str(&printable(t));
    }
    line
}
