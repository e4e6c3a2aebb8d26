//! `ftps batch [FILE|-]` (and `ftps shell` without a terminal): the command
//! language one line at a time, for cron. Nothing here ever waits on a
//! terminal; every failure names its script line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::exec;
use super::lang;
use super::outcome::{Done, Io, code_for};
use super::reconnect::is_interrupted;
use super::state::Shell;
use crate::cli::args::BatchArgs;
use crate::cli::term::errln;
use crate::cli::{App, exit, render_error};
use crate::error::Error;

/// Longest script line accepted (a script is not a place for megabyte lines).
const MAX_LINE: usize = 64 * 1024;

/// One `--json` record per command.
#[derive(Serialize)]
struct Record<'a> {
    command: &'a str,
    line: usize,
    ok: bool,
    exit_code: u8,
    bytes: u64,
    /// Seconds.
    elapsed: f64,
    error: Option<String>,
    /// What the command printed (listings, sizes, replies), when anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    /// One file's `get`/`put`: `sha256` and `verified`, as in receipts.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    proof: Option<super::outcome::Proof>,
}

pub fn run(app: &App, args: &BatchArgs) -> anyhow::Result<ExitCode> {
    super::install_interrupt_handler(app);
    let (name, mut input): (String, Box<dyn BufRead>) = if args.script == "-" {
        ("<stdin>".into(), Box::new(io::stdin().lock()))
    } else {
        let file = File::open(&args.script).map_err(|e| Error::Local {
            action: "open the script",
            path: args.script.clone().into(),
            source: e,
        })?;
        (args.script.clone(), Box::new(BufReader::new(file)))
    };
    let mut runner = Runner {
        shell: Shell::new(app, false, args.json),
        name,
        json: args.json,
        failed: Vec::new(),
        succeeded: 0,
        first_code: None,
    };
    let code = runner.run(args, &mut *input);
    runner.shell.close();
    Ok(exit::code(code))
}

struct Runner<'a> {
    shell: Shell<'a>,
    name: String,
    json: bool,
    /// Line numbers of failed commands.
    failed: Vec<usize>,
    /// Commands that succeeded, and the first failure's code (the one
    /// partial-failure rule, `exit::items`).
    succeeded: u64,
    first_code: Option<u8>,
}

impl Runner<'_> {
    /// Runs the script; returns the exit code.
    fn run(&mut self, args: &BatchArgs, input: &mut dyn BufRead) -> u8 {
        if let Some(url) = &args.url {
            let text = format!("open {url}");
            let started = Instant::now();
            let result = self.shell.open(url).map(|()| Done::default());
            if let Some(code) = self.report(0, &text, result, started.elapsed(), Vec::new(), false) {
                return code;
            }
        }
        let mut number = 0usize;
        let mut raw = Vec::new();
        loop {
            number += 1;
            raw.clear();
            let line = match read_line(input, &mut raw) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(e) => {
                    let err = anyhow::Error::new(Error::Local {
                        action: "read the script",
                        path: self.name.clone().into(),
                        source: e,
                    });
                    let code = code_for(&err);
                    errln!("ftps: {}:{number}: {}", self.name, render_error(&err));
                    return code;
                }
            };
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let started = Instant::now();
            let mut captured: Vec<u8> = Vec::new();
            let mut stdout = crate::cli::term::stdout();
            let out: &mut dyn Write = if self.json { &mut captured } else { &mut stdout };
            // A script states its intent: `rm -r` does not ask.
            let mut confirm = |_: &str| true;
            let result = exec::run_line(&mut self.shell, trimmed, &mut Io { out, confirm: &mut confirm });
            let interrupted = self.shell.app.cancel.load(Ordering::SeqCst);
            if let Some(code) = self.report(number, trimmed, result, started.elapsed(), captured, args.keep_going) {
                return code;
            }
            if interrupted {
                errln!("ftps: {}:{number}: interrupted; stopping", self.name);
                return exit::INTERRUPTED;
            }
        }
        if self.failed.is_empty() {
            return exit::OK;
        }
        let lines: Vec<String> = self.failed.iter().map(|n| n.to_string()).collect();
        errln!(
            "ftps: {}: {} command{} failed (line{} {})",
            self.name,
            self.failed.len(),
            if self.failed.len() == 1 { "" } else { "s" },
            if self.failed.len() == 1 { "" } else { "s" },
            lines.join(", ")
        );
        exit::items(self.succeeded, self.first_code)
    }

    /// Reports one command (stderr for failures, a JSON record when asked);
    /// returns the exit code when the script must stop here.
    fn report(
        &mut self,
        number: usize,
        line: &str,
        result: anyhow::Result<Done>,
        elapsed: Duration,
        output: Vec<u8>,
        keep_going: bool,
    ) -> Option<u8> {
        let shown = lang::redact_line(line);
        let output = (!output.is_empty()).then(|| String::from_utf8_lossy(&output).into_owned());
        // Line 0 is the --url connection, not a command of the script.
        if result.is_ok() && number > 0 {
            self.succeeded += 1;
        }
        let (record, stop) = match &result {
            Ok(done) => (
                Record {
                    command: &shown,
                    line: number,
                    // `exit N` stops the script with N.
                    ok: done.exit.is_none_or(|c| c == exit::OK),
                    exit_code: done.exit.unwrap_or(exit::OK),
                    bytes: done.bytes,
                    elapsed: secs(elapsed),
                    error: None,
                    output,
                    proof: done.proof.clone(),
                },
                done.exit,
            ),
            Err(e) => {
                let code = code_for(e);
                let message = render_error(e);
                // Most messages already start with the command ("get x: ..."); don't say it twice.
                let verb = shown.split_whitespace().next().unwrap_or_default();
                if number == 0 {
                    errln!("ftps: --url {}: {message}", shown.trim_start_matches("open "));
                } else if message.starts_with(verb) {
                    errln!("ftps: {}:{number}: {message}", self.name);
                } else {
                    errln!("ftps: {}:{number}: {shown}: {message}", self.name);
                }
                self.failed.push(number);
                self.first_code.get_or_insert(code);
                let stop = (!keep_going || is_interrupted(e) || number == 0).then_some(code);
                let record = Record {
                    command: &shown,
                    line: number,
                    ok: false,
                    exit_code: code,
                    bytes: 0,
                    elapsed: secs(elapsed),
                    error: Some(message),
                    output,
                    proof: None,
                };
                (record, stop)
            }
        };
        if self.json {
            let mut stdout = crate::cli::term::stdout();
            if crate::cli::term::write_json(&mut stdout, &record, false).is_ok() {
                let _ = stdout.flush();
            }
        }
        stop
    }
}

fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// One line without its terminator; `None` at the end of input.
fn read_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<Option<String>> {
    let n = (&mut *input).take(MAX_LINE as u64 + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() > MAX_LINE && !buf.ends_with(b"\n") {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("line longer than {MAX_LINE} bytes")));
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    String::from_utf8(std::mem::take(buf))
        .map(Some)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "line is not valid UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_with_bounds() {
        let mut input: &[u8] = b"one\r\ntwo\nthree";
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf).unwrap().as_deref(), Some("one"));
        assert_eq!(read_line(&mut input, &mut buf).unwrap().as_deref(), Some("two"));
        assert_eq!(read_line(&mut input, &mut buf).unwrap().as_deref(), Some("three"));
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), None);
        let long = vec![b'x'; MAX_LINE + 10];
        let mut input: &[u8] = &long;
        assert!(read_line(&mut input, &mut buf).is_err());
        let mut input: &[u8] = b"\xff\xfe\n";
        assert!(read_line(&mut input, &mut buf).is_err());
    }
}
