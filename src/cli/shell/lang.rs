//! The command language shared by the prompt and batch scripts: one line,
//! split like a POSIX shell splits words, parsed by clap in multicall mode so
//! every command gets option parsing, `-h` and `help CMD` for free.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::cli::args::MirrorArgs;
use crate::error::Error;

#[derive(Debug, Parser)]
#[command(
    name = "ftps",
    multicall = true,
    disable_help_subcommand = true,
    color = clap::ColorChoice::Never
)]
pub struct Line {
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Connect to a server (closing the current connection first).
    Open {
        /// ftps://[user@]host[:port]/dir (ftp:// or ftpes:// for explicit TLS; a bare host means ftp://)
        url: String,
    },
    /// Disconnect from the server.
    Close,
    /// List a remote directory: names (directories end in /), -l for details.
    Ls(LsArgs),
    /// List a remote directory with details (ls -l).
    Dir(LsArgs),
    /// Change the remote directory (no argument: the login directory).
    Cd {
        /// Remote directory.
        path: Option<String>,
    },
    /// Go to the parent remote directory.
    Cdup,
    /// Print the remote directory.
    Pwd,
    /// Change the local directory (no argument: your home directory).
    Lcd {
        /// Local directory.
        dir: Option<PathBuf>,
    },
    /// Print the local directory.
    Lpwd,
    /// List a local directory.
    Lls {
        /// Local directory (default: the current one).
        dir: Option<PathBuf>,
    },
    /// Download one remote file.
    Get {
        /// Remote file.
        remote: String,
        /// Local file or directory (default: the remote name, here).
        local: Option<PathBuf>,
        /// Overwrite an existing local file.
        #[arg(short, long)]
        force: bool,
        /// Resume from an existing NAME.part file.
        #[arg(short = 'c', long = "continue")]
        resume: bool,
        /// Fetch over N connections at once, each reading a byte range (1 = never split) [default: files
        /// from 64 MiB start on one and add connections while that speeds them up, up to 16].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        segments: Option<u32>,
    },
    /// Download the remote files matching globs (* ? [..] in the last path segment).
    Mget {
        /// Remote files or globs, e.g. logs/*.gz.
        #[arg(required = true)]
        patterns: Vec<String>,
        /// Overwrite existing local files.
        #[arg(short, long)]
        force: bool,
        /// Resume from existing NAME.part files.
        #[arg(short = 'c', long = "continue")]
        resume: bool,
        /// Fetch over N connections at once, each reading a byte range (1 = never split) [default: files
        /// from 64 MiB start on one and add connections while that speeds them up, up to 16].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        segments: Option<u32>,
    },
    /// Upload one local file.
    Put {
        /// Local file.
        local: PathBuf,
        /// Remote file, or directory when it ends in / (default: the local name, here).
        remote: Option<String>,
        /// Resume a partial upload from the remote file's current size.
        #[arg(short = 'c', long = "continue")]
        resume: bool,
        /// Upload files of at least 2 MiB over N connections at once, each writing a byte range into the
        /// temporary file, where the server is measured to allow it (else one) [default: 1, never split].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        segments: Option<u32>,
    },
    /// Upload the local files matching globs into the remote directory.
    Mput {
        /// Local files or globs, e.g. *.csv.
        #[arg(required = true)]
        patterns: Vec<String>,
        /// Resume partial uploads.
        #[arg(short = 'c', long = "continue")]
        resume: bool,
        /// Upload files of at least 2 MiB over N connections at once, each writing a byte range into the
        /// temporary file, where the server is measured to allow it (else one) [default: 1, never split].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        segments: Option<u32>,
    },
    /// Synchronise a tree: REMOTE LOCAL downloads; -R LOCAL REMOTE uploads (options as `ftps mirror`).
    #[command(
        mut_arg("src", |a| a.help("Remote directory (or a URL); with -R, the local directory")),
        mut_arg("dst", |a| a.help("Local directory; with -R, the remote directory (or a URL)"))
    )]
    Mirror(MirrorLine),
    /// Create remote directories.
    Mkdir {
        /// Create missing parents too; an existing directory is no error.
        #[arg(short, long)]
        parents: bool,
        #[arg(required = true)]
        dirs: Vec<String>,
    },
    /// Remove empty remote directories.
    Rmdir {
        #[arg(required = true)]
        dirs: Vec<String>,
    },
    /// Remove remote files (-r: directories and everything in them).
    Rm {
        /// Remove directories recursively (asks first at the prompt).
        #[arg(short, long)]
        recursive: bool,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        force: bool,
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Rename or move a remote file or directory.
    #[command(visible_alias = "mv")]
    Rename { from: String, to: String },
    /// Change permissions of remote files (SITE CHMOD).
    Chmod {
        /// Octal mode, e.g. 644.
        mode: String,
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Print the size of remote files in bytes.
    Size {
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Show the facts the server knows about a remote path (MLST).
    #[command(visible_alias = "info")]
    Stat {
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Send a raw command and print the reply (commands that need a data connection are refused).
    Quote {
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Send SITE ARGS and print the reply.
    Site {
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// List the commands, or describe one.
    Help {
        /// A command name.
        command: Option<String>,
    },
    /// Leave (Ctrl-D does too); in a script, stop with CODE.
    #[command(visible_aliases = ["quit", "bye"])]
    Exit {
        /// Exit code (default 0).
        code: Option<u8>,
    },
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Long format: type, size, modification time (UTC), name.
    #[arg(short = 'l')]
    pub long: bool,
    /// A JSON array of {name, type, size, modified}.
    #[arg(long)]
    pub json: bool,
    /// Remote directory (default: the current one).
    pub path: Option<String>,
}

#[derive(Debug, Args)]
pub struct MirrorLine {
    /// Upload: SRC is local, DST remote (default: SRC remote, DST local).
    #[arg(short = 'R', long)]
    pub reverse: bool,
    #[command(flatten)]
    pub args: MirrorArgs,
}

/// What one script or prompt line asks for.
#[derive(Debug)]
pub enum Parsed {
    /// Blank or comment.
    Nothing,
    /// `!cmd`: run a local shell command.
    Local(String),
    /// A command, with the raw text after its name (for `quote`/`site`).
    Command { cmd: Box<Cmd>, rest: String },
    /// `-h` or `--help` on a command: text to print.
    Help(String),
}

/// Splits and parses one line. Errors are usage errors with one clear line.
pub fn parse(line: &str) -> Result<Parsed, Error> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(Parsed::Nothing);
    }
    if let Some(cmd) = line.strip_prefix('!') {
        if cmd.trim().is_empty() {
            return Err(Error::InvalidArgument("! needs a command to run, e.g. !ls -l".into()));
        }
        return Ok(Parsed::Local(cmd.trim().to_string()));
    }
    let words =
        shlex::split(line).ok_or_else(|| Error::InvalidArgument("unbalanced quotes or trailing backslash".into()))?;
    let Some(first) = words.first() else {
        return Ok(Parsed::Nothing);
    };
    if find_command(first).is_none() {
        return Err(Error::InvalidArgument(format!("unknown command {first:?}; type help for the list")));
    }
    match Line::try_parse_from(&words) {
        Ok(parsed) => Ok(Parsed::Command { cmd: Box::new(parsed.cmd), rest: rest_after_first_word(line) }),
        Err(e) => match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                Ok(Parsed::Help(e.to_string()))
            }
            _ => Err(Error::InvalidArgument(first_line_of_clap_error(&e, first))),
        },
    }
}

fn first_line_of_clap_error(e: &clap::Error, cmd: &str) -> String {
    let text = e.to_string();
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("invalid arguments");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    format!("{cmd}: {first} (see help {cmd})")
}

/// The line after its first word, as typed (quotes kept): the argument of
/// `quote` and `site`, which go to the server verbatim.
fn rest_after_first_word(line: &str) -> String {
    let line = line.trim_start();
    match line.find(char::is_whitespace) {
        Some(i) => line[i..].trim().to_string(),
        None => String::new(),
    }
}

/// The clap definition of a command, by name or alias.
pub fn find_command(name: &str) -> Option<clap::Command> {
    Line::command().get_subcommands().find(|c| c.get_name() == name || c.get_all_aliases().any(|a| a == name)).cloned()
}

/// Every command name and alias, for completion.
pub fn command_names() -> Vec<String> {
    let mut names = Vec::new();
    for c in Line::command().get_subcommands() {
        names.push(c.get_name().to_string());
        names.extend(c.get_all_aliases().map(str::to_string));
    }
    names.sort();
    names
}

/// `help`: one line per command.
pub fn overview() -> String {
    let mut out = String::from("Commands (help CMD for details; quote names with spaces like a shell):\n");
    for c in Line::command().get_subcommands() {
        let mut name = c.get_name().to_string();
        let aliases: Vec<&str> = c.get_visible_aliases().collect();
        if !aliases.is_empty() {
            name = format!("{name} ({})", aliases.join(", "));
        }
        let about = c.get_about().map(|a| a.to_string()).unwrap_or_default();
        out.push_str(&format!("  {name:<18} {about}\n"));
    }
    out.push_str(&format!("  {:<18} {}\n", "!CMD", "Run CMD in a local shell."));
    out
}

/// `help CMD`.
pub fn describe(name: &str) -> Result<String, Error> {
    if name.starts_with('!') {
        return Ok("!CMD: runs CMD with sh -c on this machine, without FTPS_PASSWORD in its environment; its output is shown as is.\n".into());
    }
    let mut cmd = find_command(name)
        .ok_or_else(|| Error::InvalidArgument(format!("unknown command {name:?}; type help for the list")))?;
    Ok(cmd.render_long_help().to_string())
}

/// The line with any password removed, for history, JSON and messages:
/// URL passwords become `****`; so do the secrets of a raw `PASS`, `ACCT`
/// or password-carrying `SITE` command (through `quote`, `site`, or typed
/// bare by mistake), judged by [`crate::wire::command::redact`], the one
/// redaction of command text; and the password of ftp(1)'s `user NAME PASS`.
pub fn redact_line(line: &str) -> String {
    let line: Vec<String> =
        line.split(' ').map(|w| if w.contains("://") { crate::url::redact(w) } else { w.to_string() }).collect();
    let line = line.join(" ");
    // Quotes are kept on the wire but a person typing `quote 'PASS x'` still
    // typed a password: judge the shell words too.
    let words = shlex::split(&line).unwrap_or_else(|| line.split_whitespace().map(str::to_string).collect());
    let Some((first, rest)) = words.split_first() else {
        return line;
    };
    let rest = rest.join(" ");
    let raw_rest = rest_after_first_word(&line);
    let secret = |text: &str| crate::wire::command::redact(text) != text;
    match first.to_ascii_lowercase().as_str() {
        "quote" if secret(&rest) || secret(&raw_rest) => {
            let shown = crate::wire::command::redact(&rest);
            let shown = if shown == rest { crate::wire::command::redact(&raw_rest) } else { shown };
            format!("{first} {shown}")
        }
        "site" if secret(&format!("SITE {rest}")) || secret(&format!("SITE {raw_rest}")) => {
            let sub = words.get(1).map(|w| w.to_ascii_uppercase()).unwrap_or_default();
            format!("{first} {sub} ****")
        }
        "user" if words.len() > 2 => format!("{first} {} ****", words[1]),
        _ if secret(&line) => crate::wire::command::redact(&line).into_owned(),
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(line: &str) -> Cmd {
        match parse(line).unwrap() {
            Parsed::Command { cmd, .. } => *cmd,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn definitions_are_consistent() {
        Line::command().debug_assert();
    }

    #[test]
    fn words_are_split_like_a_shell() {
        match cmd("get 'a b.txt' \"c d\"") {
            Cmd::Get { remote, local, .. } => {
                assert_eq!(remote, "a b.txt");
                assert_eq!(local, Some(PathBuf::from("c d")));
            }
            other => panic!("{other:?}"),
        }
        match cmd("mkdir -p x\\ y/z") {
            Cmd::Mkdir { parents, dirs } => {
                assert!(parents);
                assert_eq!(dirs, vec!["x y/z"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn aliases_comments_and_local_commands() {
        assert!(matches!(cmd("mv a b"), Cmd::Rename { .. }));
        assert!(matches!(cmd("bye"), Cmd::Exit { code: None }));
        assert!(matches!(cmd("info x"), Cmd::Stat { .. }));
        assert!(matches!(parse("  # comment").unwrap(), Parsed::Nothing));
        assert!(matches!(parse("").unwrap(), Parsed::Nothing));
        assert!(matches!(parse("!echo hi").unwrap(), Parsed::Local(c) if c == "echo hi"));
        assert!(matches!(parse("get -h").unwrap(), Parsed::Help(_)));
    }

    #[test]
    fn quote_keeps_the_raw_text() {
        match parse("quote SITE  CHMOD 644 'x'").unwrap() {
            Parsed::Command { cmd, rest } => {
                assert!(matches!(*cmd, Cmd::Quote { .. }));
                assert_eq!(rest, "SITE  CHMOD 644 'x'");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_are_one_line() {
        for bad in ["frobnicate", "get", "get 'open", "chmod 644", "rm --bogus x"] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Usage, "{bad}");
            assert!(!e.to_string().contains('\n'), "{bad}: {e}");
        }
    }

    #[test]
    fn mirror_takes_the_subcommand_options() {
        match cmd("mirror -R --delete -P 2 --exclude '*.tmp' src dst") {
            Cmd::Mirror(m) => {
                assert!(m.reverse && m.args.delete);
                assert_eq!(m.args.parallel, Some(2));
                assert_eq!(m.args.exclude, vec!["*.tmp"]);
                assert_eq!((m.args.src.as_str(), m.args.dst.as_str()), ("src", "dst"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn help_texts() {
        assert!(overview().contains("mget"));
        assert!(describe("get").unwrap().contains("--continue"));
        assert!(describe("mv").unwrap().contains("Rename"));
        assert!(describe("nope").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_line("open ftps://bob:s3cret@h/x"), "open ftps://bob:****@h/x");
        assert_eq!(redact_line("quote PASS s3cret"), "quote PASS ****");
        assert_eq!(redact_line("get a"), "get a");
        let cases = [
            ("quote ACCT s3cret", "quote ACCT ****"),
            ("quote 'PASS s3cret'", "quote PASS ****"),
            ("quote SITE PSWD old s3cret", "quote SITE PSWD ****"),
            ("quote site  chpass bob s3cret", "quote SITE CHPASS ****"),
            ("site PSWD old s3cret", "site PSWD ****"),
            ("site passwd s3cret", "site PASSWD ****"),
            ("user bob s3cret", "user bob ****"),
            ("user bob s3cret acct", "user bob ****"),
            ("pass s3cret", "PASS ****"),
            ("open ftps://bob:s3cret@h/x", "open ftps://bob:****@h/x"),
            ("mirror ftps://bob:s3cret@h/x here", "mirror ftps://bob:****@h/x here"),
            ("site chmod 644 f", "site chmod 644 f"),
            ("quote NOOP", "quote NOOP"),
            ("user bob", "user bob"),
            ("get 'open", "get 'open"),
        ];
        for (line, shown) in cases {
            assert_eq!(redact_line(line), shown, "{line:?}");
            assert!(!redact_line(line).contains("s3cret"), "{line:?}");
        }
    }
}
