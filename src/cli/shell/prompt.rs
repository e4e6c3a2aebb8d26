//! The interactive prompt: rustyline for editing, history kept in the
//! user's data directory, completion from [`super::complete`].

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

use rustyline::Editor;
use rustyline::config::{CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;

use super::complete::ShellHelper;
use super::exec;
use super::lang;
use super::outcome::Io;
use super::state::Shell;
use crate::cli::term::errln;
use crate::cli::{App, exit, render_error};

const HISTORY_SIZE: usize = 2000;

pub fn run(app: &App, url: Option<&str>) -> anyhow::Result<ExitCode> {
    let shell = Rc::new(RefCell::new(Shell::new(app, true, false)));
    if let Some(url) = url {
        let mut sh = shell.borrow_mut();
        match sh.open(url) {
            Ok(()) => {}
            // Bad credentials or an unknown certificate: retrying at the prompt will not help.
            Err(e) if matches!(exit::for_error(&e), exit::AUTH | exit::TLS | exit::USAGE) && sh.conn.is_none() => {
                return Err(e);
            }
            Err(e) => errln!("ftps: {}", render_error(&e)),
        }
    }
    let config = Config::builder()
        .max_history_size(HISTORY_SIZE)?
        .history_ignore_dups(true)?
        .history_ignore_space(true)
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .build();
    let mut editor: Editor<ShellHelper, FileHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(ShellHelper::new(shell.clone())));
    // After the editor: rustyline takes SIGINT for its own lifetime when it
    // is created, and this handler must be the one that sees Ctrl-C while a
    // command runs (at the prompt, raw mode turns Ctrl-C into a key).
    super::install_interrupt_handler(app);
    let history = history_file();
    if let Some(path) = &history
        && path.exists()
        && let Err(e) = editor.load_history(path)
    {
        errln!("ftps: warning: cannot read history {}: {e}", path.display());
    }

    let mut code = exit::OK;
    loop {
        let prompt = shell.borrow().prompt();
        let line = match editor.readline(&prompt) {
            Ok(line) => line,
            // Ctrl-C at the prompt: drop the line, stay.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        };
        if line.trim().is_empty() {
            continue;
        }
        remember(&mut editor, history.as_ref(), &line);
        let mut out = crate::cli::term::stdout();
        let mut confirm = |question: &str| match editor.readline(question) {
            Ok(answer) => matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"),
            Err(_) => false,
        };
        let mut io = Io { out: &mut out, confirm: &mut confirm };
        let result = exec::run_line(&mut shell.borrow_mut(), &line, &mut io);
        match result {
            Ok(done) => {
                if let Some(c) = done.exit {
                    code = c;
                    break;
                }
            }
            Err(e) => errln!("ftps: {}", render_error(&e)),
        }
    }
    shell.borrow_mut().close();
    Ok(exit::code(code))
}

/// `$XDG_DATA_HOME/ftps/history` (usually `~/.local/share/ftps/history`).
fn history_file() -> Option<PathBuf> {
    let dir = dirs::data_dir()?.join("ftps");
    if !dir.is_dir() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        if let Err(e) = builder.create(&dir) {
            errln!("ftps: warning: no history (cannot create {}: {e})", dir.display());
            return None;
        }
    }
    Some(dir.join("history"))
}

/// Adds the line (passwords removed) and appends it to the file at once, so
/// a killed session keeps its history too.
fn remember(editor: &mut Editor<ShellHelper, FileHistory>, file: Option<&PathBuf>, line: &str) {
    let _ = editor.add_history_entry(lang::redact_line(line.trim_end()));
    if let Some(path) = file
        && let Err(e) = editor.append_history(path)
    {
        errln!("ftps: warning: cannot save history {}: {e}", path.display());
    }
}
