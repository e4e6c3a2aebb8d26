//! Tab completion at the prompt: command names, remote paths (from listings
//! cached per directory, fetched on first use), local paths.

use std::cell::RefCell;
use std::rc::Rc;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::lang;
use super::paths::{self, escape};
use super::state::Shell;

/// What the word under the cursor names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg {
    Command,
    Remote { dirs_only: bool },
    Local { dirs_only: bool },
    Nothing,
}

const REMOTE: Arg = Arg::Remote { dirs_only: false };
const LOCAL: Arg = Arg::Local { dirs_only: false };

/// Decides from the words before the cursor; options (`-x`) are skipped.
fn arg_kind(before: &[String]) -> Arg {
    let Some(cmd) = before.first() else { return Arg::Command };
    let index = before.iter().skip(1).filter(|w| !w.starts_with('-')).count();
    let reverse = before.iter().any(|w| w == "-R" || w == "--reverse");
    match (cmd.as_str(), index) {
        ("help", 0) => Arg::Command,
        ("cd", 0) => Arg::Remote { dirs_only: true },
        ("lcd", 0) => Arg::Local { dirs_only: true },
        ("lls", 0) => LOCAL,
        ("ls" | "dir", 0) => REMOTE,
        ("get", 0) | ("put", 1) => REMOTE,
        ("get", 1) | ("put", 0) => LOCAL,
        ("mget" | "rm" | "rmdir" | "mkdir" | "size" | "stat" | "info", _) => REMOTE,
        ("rename" | "mv", 0 | 1) => REMOTE,
        ("chmod", 1..) => REMOTE,
        ("mput", _) => LOCAL,
        ("mirror", 0) => {
            if reverse {
                LOCAL
            } else {
                REMOTE
            }
        }
        ("mirror", 1) => {
            if reverse {
                REMOTE
            } else {
                LOCAL
            }
        }
        _ => Arg::Nothing,
    }
}

pub struct ShellHelper<'a> {
    shell: Rc<RefCell<Shell<'a>>>,
    names: Vec<String>,
}

impl<'a> ShellHelper<'a> {
    pub fn new(shell: Rc<RefCell<Shell<'a>>>) -> Self {
        ShellHelper { shell, names: lang::command_names() }
    }

    fn commands(&self, prefix: &str) -> Vec<Pair> {
        self.names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .map(|n| Pair { display: n.clone(), replacement: format!("{n} ") })
            .collect()
    }

    fn remote(&self, word: &str, dirs_only: bool) -> Vec<Pair> {
        // Busy (a command is asking a question): no completion rather than a panic.
        let Ok(mut shell) = self.shell.try_borrow_mut() else { return Vec::new() };
        if shell.conn.is_none() {
            return Vec::new();
        }
        let (dir_part, prefix) = split_word(word);
        let key = shell.absolute(if dir_part.is_empty() { "." } else { dir_part });
        if shell.cache.get(&key).is_none() {
            let path = if dir_part.is_empty() { String::new() } else { key.clone() };
            // A failure just means no candidates; the next command reports the real problem.
            let _ = shell.list(&path);
        }
        let Some(entries) = shell.cache.get(&key) else { return Vec::new() };
        let found = entries.iter().filter(|e| !dirs_only || e.is_dir).map(|e| (e.name.clone(), e.is_dir));
        candidates(dir_part, prefix, found)
    }

    fn local(&self, word: &str, dirs_only: bool) -> Vec<Pair> {
        let (dir_part, prefix) = split_word(word);
        let dir = if dir_part.is_empty() { "." } else { dir_part };
        let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
        let found = read.filter_map(Result::ok).filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // Follows symlinks, so a link to a directory completes like one.
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            (!dirs_only || is_dir).then_some((name, is_dir))
        });
        candidates(dir_part, prefix, found)
    }
}

/// `a/b/pre` → (`a/b/`, `pre`).
fn split_word(word: &str) -> (&str, &str) {
    match word.rfind('/') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    }
}

/// Matching names, escaped for the line; directories end in `/` so the next
/// Tab goes on inside them, files in a space.
fn candidates(dir_part: &str, prefix: &str, found: impl Iterator<Item = (String, bool)>) -> Vec<Pair> {
    let mut out: Vec<Pair> = found
        .filter(|(name, _)| name.starts_with(prefix) && (prefix.starts_with('.') || !name.starts_with('.')))
        // The line editor draws candidates and the completed line raw: a name
        // the sanitiser would change (controls, bidi overrides) is not offered.
        .filter(|(name, _)| crate::cli::printable(name) == *name)
        .map(|(name, is_dir)| {
            let end = if is_dir { "/" } else { " " };
            Pair {
                display: format!("{name}{}", if is_dir { "/" } else { "" }),
                replacement: format!("{}{end}", escape(&format!("{dir_part}{name}"))),
            }
        })
        .collect();
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out
}

impl Completer for ShellHelper<'_> {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Some(head) = line.get(..pos) else { return Ok((pos, Vec::new())) };
        if head.trim_start().starts_with('!') {
            return Ok((pos, Vec::new()));
        }
        let w = paths::word_at(head);
        let found = match arg_kind(&w.before) {
            Arg::Command => self.commands(&w.text),
            Arg::Remote { dirs_only } => self.remote(&w.text, dirs_only),
            Arg::Local { dirs_only } => self.local(&w.text, dirs_only),
            Arg::Nothing => Vec::new(),
        };
        Ok((w.start, found))
    }
}

impl Hinter for ShellHelper<'_> {
    type Hint = String;
}
impl Highlighter for ShellHelper<'_> {}
impl Validator for ShellHelper<'_> {}
impl Helper for ShellHelper<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Arg {
        arg_kind(&paths::word_at(line).before)
    }

    #[test]
    fn argument_kinds() {
        assert_eq!(kind("ge"), Arg::Command);
        assert_eq!(kind("help g"), Arg::Command);
        assert_eq!(kind("get sub/f"), REMOTE);
        assert_eq!(kind("get -c remote loc"), LOCAL);
        assert_eq!(kind("put loc"), LOCAL);
        assert_eq!(kind("put loc rem"), REMOTE);
        assert_eq!(kind("cd s"), Arg::Remote { dirs_only: true });
        assert_eq!(kind("mirror -R loc"), LOCAL);
        assert_eq!(kind("mirror -R loc rem"), REMOTE);
        assert_eq!(kind("chmod 644 f"), REMOTE);
        assert_eq!(kind("chmod 6"), Arg::Nothing);
        assert_eq!(kind("open ftp"), Arg::Nothing);
    }

    #[test]
    fn candidates_are_escaped_and_marked() {
        let found = vec![("my file.txt".to_string(), false), ("sub".to_string(), true), (".hidden".to_string(), false)];
        let c = candidates("d/", "", found.clone().into_iter());
        let r: Vec<&str> = c.iter().map(|p| p.replacement.as_str()).collect();
        assert_eq!(r, vec!["d/my\\ file.txt ", "d/sub/"]);
        let c = candidates("", ".h", found.into_iter());
        assert_eq!(c.len(), 1);
        let hostile = ["a\x1b]0;x\x07", "a\u{9b}31m", "a\u{202e}gpj.exe", "a\tb"].map(|n| (n.to_string(), false));
        assert!(candidates("", "a", hostile.into_iter()).is_empty());
    }
}
