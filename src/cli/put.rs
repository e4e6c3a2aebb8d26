//! `ftps put FILE... URL`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::progress::Bar;
use super::{App, exit};
use crate::cli::term::errln;
use crate::error::{Error, ErrorKind};
use crate::ops::{join_remote, store};
use crate::url::FtpUrl;

pub fn run(app: &App, files: &[String], url: &str, resume: bool) -> anyhow::Result<ExitCode> {
    let url = FtpUrl::parse(url)?;
    let locals = expand(files)?;
    let into_dir = url.is_dir() || locals.len() > 1;
    let mut plan = Vec::new();
    for local in &locals {
        let remote = if into_dir {
            let name = local
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| Error::InvalidArgument(format!("{} has no usable file name", local.display())))?;
            join_remote(&url.path, name)
        } else {
            url.path.clone()
        };
        plan.push((local.clone(), remote));
    }
    let mut session = app.connect(&url)?;
    let mut bar = Bar::new(app.global.quiet);
    let mut first_failure: Option<u8> = None;
    let mut succeeded = 0u64;
    for (local, remote) in &plan {
        match app.retrying(&mut session, remote, |s, retry| store::store(s, local, remote, resume || retry, &mut bar)) {
            Ok(_) => succeeded += 1,
            Err(e) => {
                let kind = e.kind();
                let err = anyhow::Error::new(e).context(format!("uploading {} to {remote}", local.display()));
                if matches!(kind, ErrorKind::Connection | ErrorKind::Tls | ErrorKind::Auth) || plan.len() == 1 {
                    return Err(err);
                }
                errln!("ftps: {}", super::render_error(&err));
                first_failure.get_or_insert(exit::for_error(&err));
            }
        }
    }
    session.quit();
    Ok(exit::code(exit::items(succeeded, first_failure)))
}

/// Expands glob patterns the shell left alone; plain names pass through
/// (a missing one fails later with its own name in the message).
fn expand(files: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for f in files {
        if f.contains(['*', '?', '[']) && !std::path::Path::new(f).exists() {
            let matches: Vec<PathBuf> = glob::glob(f)
                .with_context(|| format!("bad glob pattern {f:?}"))?
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .collect();
            if matches.is_empty() {
                bail!(Error::Local {
                    action: "find files matching",
                    path: f.into(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no match"),
                });
            }
            out.extend(matches);
        } else {
            out.push(PathBuf::from(f));
        }
    }
    Ok(out)
}
