//! The protocol trace behind `-v`. Library layers report events here; only
//! the CLI decides where (if anywhere) they are printed.

use std::fmt;
use std::sync::Arc;

use crate::wire::{Command, Reply};

type Sink = Arc<dyn Fn(&str) + Send + Sync>;

#[derive(Clone, Default)]
pub struct Trace(Option<Sink>);

impl Trace {
    pub fn new(sink: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Trace(Some(Arc::new(sink)))
    }

    pub fn enabled(&self) -> bool {
        self.0.is_some()
    }

    /// `Command`'s Display redacts PASS, so this never shows a password.
    pub fn sent(&self, cmd: &Command) {
        if let Some(s) = &self.0 {
            s(&format!("-> {cmd}"));
        }
    }

    pub fn received(&self, reply: &Reply) {
        if let Some(s) = &self.0 {
            let n = reply.lines.len();
            for (i, line) in reply.lines.iter().enumerate() {
                let sep = if i + 1 == n { ' ' } else { '-' };
                if i == 0 || i + 1 == n {
                    s(&format!("<- {}{sep}{line}", reply.code));
                } else {
                    s(&format!("<- {line}"));
                }
            }
        }
    }

    /// One line of a reply as it arrives (a server's progress before its
    /// reply is complete), as sent.
    pub fn received_line(&self, line: &str) {
        if let Some(s) = &self.0 {
            s(&format!("<- {line}"));
        }
    }

    pub fn note(&self, args: fmt::Arguments<'_>) {
        if let Some(s) = &self.0 {
            s(&format!("** {args}"));
        }
    }
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Trace({})", if self.enabled() { "on" } else { "off" })
    }
}
