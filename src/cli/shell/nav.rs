//! Looking around on the server: `ls`/`dir`, `cd`, `pwd`, `size`, `stat`.

use anyhow::Context;

use super::lang::LsArgs;
use super::outcome::{Done, Io};
use super::state::Shell;
use crate::cli::printable;
use crate::cli::term::errln;
use crate::error::Error;
use crate::listing::EntryKind;

pub fn ls(shell: &mut Shell, args: &LsArgs, long: bool, io: &mut Io) -> anyhow::Result<Done> {
    let path = args.path.clone().unwrap_or_default();
    let listing = shell
        .remote(|sh, _| sh.list(&path))
        .with_context(|| format!("listing {}", if path.is_empty() { "." } else { path.as_str() }))?;
    for bad in &listing.unparsed {
        errln!("ftps: warning: could not parse listing line: {bad}");
    }
    let mut entries = listing.entries;
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    if args.json {
        crate::cli::term::write_json(&mut *io.out, &entries, true).context("writing JSON")?;
    } else if long {
        for e in &entries {
            writeln!(io.out, "{}", crate::cli::ls::long_line(e))?;
        }
    } else {
        for e in &entries {
            let slash = if e.kind == EntryKind::Dir { "/" } else { "" };
            writeln!(io.out, "{}{slash}", printable(&e.name))?;
        }
    }
    Ok(Done::default())
}

pub fn cd(shell: &mut Shell, path: Option<&str>) -> anyhow::Result<Done> {
    let target = match path {
        Some(p) => p.to_string(),
        None => shell.conn()?.home.clone(),
    };
    shell.remote(|sh, _| sh.change_dir(&target)).with_context(|| format!("cd {target}"))?;
    Ok(Done::default())
}

pub fn pwd(shell: &mut Shell, io: &mut Io) -> anyhow::Result<Done> {
    let cwd = shell.conn()?.cwd.clone();
    writeln!(io.out, "{}", printable(&cwd))?;
    Ok(Done::default())
}

pub fn size(shell: &mut Shell, paths: &[String], io: &mut Io) -> anyhow::Result<Done> {
    for p in paths {
        let n = shell.remote(|sh, _| Ok(sh.session()?.size(p)?))?;
        let n = n.ok_or_else(|| Error::Protocol(format!("the server does not report sizes (no SIZE) for {p:?}")))?;
        if paths.len() == 1 {
            writeln!(io.out, "{n}")?;
        } else {
            writeln!(io.out, "{n} {}", printable(p))?;
        }
    }
    Ok(Done::default())
}

/// `stat PATH`: MLST's facts where the server has MLST, else what SIZE,
/// MDTM and a CWD probe can tell.
pub fn stat(shell: &mut Shell, paths: &[String], io: &mut Io) -> anyhow::Result<Done> {
    for p in paths {
        let facts = shell.remote(|sh, _| facts(sh, p)).with_context(|| format!("stat {p}"))?;
        writeln!(io.out, "{}", printable(p))?;
        for (k, v) in facts {
            writeln!(io.out, "  {k}: {}", printable(&v))?;
        }
    }
    Ok(Done::default())
}

fn facts(sh: &mut Shell, path: &str) -> anyhow::Result<Vec<(String, String)>> {
    let facts = crate::ops::remote::stat(sh.session()?, path)?;
    Ok(facts
        .into_iter()
        .map(|(k, v)| {
            let shown = pretty_fact(&k, &v);
            (k, shown)
        })
        .collect())
}

/// `modify=20240102030405` shown as `2024-01-02 03:04:05 UTC`; anything
/// that is not a valid time is shown as the server sent it (escaped later).
pub(crate) fn pretty_fact(key: &str, value: &str) -> String {
    let k = key.to_ascii_lowercase();
    if (k == "modify" || k == "create")
        && let Some(t) = crate::listing::time_val::parse(value)
    {
        return t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_readable() {
        assert_eq!(super::pretty_fact("Modify", "20240102030405.123"), "2024-01-02 03:04:05 UTC");
        assert_eq!(super::pretty_fact("size", "12"), "12");
        assert_eq!(super::pretty_fact("modify", "bad"), "bad");
        // A multi-byte character at the fourteenth byte used to panic.
        assert_eq!(super::pretty_fact("modify", "2024010203040é"), "2024010203040é");
        assert_eq!(super::pretty_fact("modify", "20240102030405é"), "20240102030405é");
        assert_eq!(super::pretty_fact("create", "20240102030405x"), "20240102030405x");
    }
}
