//! What `--ascii` rules out, refused before anything connects, and the one
//! note (under `-v`) on what is checked instead of sizes and digests.

use super::args::{Cli, Cmd, VerifyMode};
use crate::cli::errln;
use crate::error::Error;

pub fn check(cli: &Cli) -> anyhow::Result<()> {
    if !cli.global.ascii {
        return Ok(());
    }
    let resume = match &cli.command {
        Cmd::Get { resume, .. } | Cmd::Put { resume, .. } => *resume,
        _ => false,
    };
    if resume {
        return Err(Error::InvalidArgument(
            "--ascii cannot continue a transfer (-c): offsets do not map across line-end conversion; \
             drop -c (the file is transferred whole), or drop --ascii"
                .into(),
        )
        .into());
    }
    if cli.global.verify == VerifyMode::Require {
        return Err(Error::InvalidArgument(
            "--ascii cannot be combined with --verify require: the server's digest describes its own copy, \
             not the converted text; use --verify auto or off, or drop --ascii"
                .into(),
        )
        .into());
    }
    if cli.global.verbose {
        errln!(
            "ftps: --ascii: line ends are converted (CRLF on the wire, LF here), so sizes and server digests \
             are not compared; a transfer counts as complete only when it ends with TLS close_notify"
        );
    }
    Ok(())
}
