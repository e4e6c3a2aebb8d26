//! Shell completions and the man page, generated from the clap definition
//! and committed; a test compares the committed files with a fresh render.

use std::path::{Path, PathBuf};

use clap_complete::Shell;

use super::command::command;

/// Every generated file as (path relative to the repo root, contents).
pub fn render() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for (shell, file) in [
        (Shell::Bash, "ftps.bash"),
        (Shell::Zsh, "_ftps"),
        (Shell::Fish, "ftps.fish"),
        (Shell::PowerShell, "_ftps.ps1"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut command(), "ftps", &mut buf);
        out.push((Path::new("completions").join(file), buf));
    }
    let mut man = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = clap_mangen::Man::new(command()).render(&mut man);
    out.push((PathBuf::from("man/ftps.1"), man));
    out
}

pub fn write(dir: &Path) -> std::io::Result<()> {
    for (path, contents) in render() {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, contents)?;
    }
    Ok(())
}
