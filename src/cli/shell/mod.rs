//! `ftps shell` and `ftps batch` (being written).
use std::process::ExitCode;

use super::App;
use super::args::BatchArgs;

pub fn run_shell(_app: &App, _url: Option<&str>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("shell is not available in this build yet")
}

pub fn run_batch(_app: &App, _args: &BatchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("batch is not available in this build yet")
}
