//! The terminal driver for the prompt tests: `ftps shell` on a
//! pseudo-terminal, with every expectation bounded by `PTY_TIMEOUT`.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use expectrl::{ControlCode, Session, WaitStatus};

use crate::harness::Scratch;
use crate::servers::Server;

/// Longest wait for one expected piece of output.
pub(super) const PTY_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) struct Prompt {
    pub(super) p: Session,
    /// The prompt text for the login directory, e.g. `ftps ftpstest@127.0.0.1:2121:/> `.
    base: String,
}

impl Prompt {
    /// `ftps shell [URL]` on a terminal, in `work`, with `HOME=home`.
    pub(super) fn spawn(srv: &Server, s: &Scratch, url: Option<&str>) -> Prompt {
        let mut cmd: Command = srv.client(&s.home);
        cmd.current_dir(&s.work)
            .env("TERM", "xterm")
            .stdin(Stdio::inherit())
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .arg("shell");
        if let Some(u) = url {
            cmd.arg(u);
        }
        let mut p = Session::spawn(cmd).expect("spawn ftps on a pseudo-terminal");
        p.set_expect_timeout(Some(PTY_TIMEOUT));
        let base = format!("ftps {}@127.0.0.1:{}:/", srv.user, srv.port());
        Prompt { p, base }
    }

    #[track_caller]
    pub(super) fn expect(&mut self, text: &str) -> String {
        match self.p.expect(text) {
            Ok(found) => String::from_utf8_lossy(found.before()).into_owned(),
            Err(e) => {
                // Show what did arrive, for the failure message.
                let mut seen = Vec::new();
                let mut buf = [0u8; 8192];
                while let Ok(n @ 1..) = self.p.try_read(&mut buf) {
                    seen.extend_from_slice(&buf[..n]);
                }
                panic!("waiting for {text:?}: {e}; the terminal showed: {:?}", String::from_utf8_lossy(&seen))
            }
        }
    }

    /// Waits for the prompt in remote directory `dir` ("" for the login directory).
    #[track_caller]
    pub(super) fn prompt(&mut self, dir: &str) -> String {
        let text = format!("{}{}> ", self.base, dir.trim_start_matches('/'));
        self.expect(&text)
    }

    pub(super) fn send(&mut self, text: &str) {
        self.p.send(text).expect("write to the terminal");
    }

    pub(super) fn line(&mut self, text: &str) {
        self.send(text);
        self.send("\r");
    }

    /// Ctrl-D, then the exit status (bounded wait).
    #[track_caller]
    pub(super) fn quit(mut self) -> i32 {
        self.p.send(ControlCode::EndOfTransmission).expect("send Ctrl-D");
        let deadline = Instant::now() + PTY_TIMEOUT;
        let mut buf = [0u8; 4096];
        loop {
            match self.p.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => return code,
                Ok(WaitStatus::StillAlive) | Err(_) if Instant::now() < deadline => {
                    let _ = self.p.try_read(&mut buf);
                    thread::sleep(Duration::from_millis(20));
                }
                other => panic!("ftps did not exit after Ctrl-D: {other:?}"),
            }
        }
    }
}

pub(super) fn history_file(s: &Scratch) -> PathBuf {
    s.home.join(".local/share/ftps/history")
}
