//! `ftps mirror` (being written).
use std::process::ExitCode;

use super::App;
use super::args::MirrorArgs;

pub fn run(_app: &App, _args: &MirrorArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("mirror is not available in this build yet")
}
