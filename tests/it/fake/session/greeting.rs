//! What a new control connection hears first: the greeting, or one of the
//! broken ones a [`Greeting`] switch asks for.

use std::io;
use std::time::Duration;

use super::Session;
use crate::fake::behaviour::{GARBAGE, Greeting, STALL_GAP};

impl Session {
    /// Sends the greeting; `Ok(false)` when the session ends with it.
    pub(super) fn greet(&mut self) -> io::Result<bool> {
        match self.b().greeting {
            Greeting::Normal => match self.b().greeting_line.clone() {
                Some(line) => self.send(format!("{line}\r\n").as_bytes())?,
                None => self.reply(220, "Fake FTPS server ready")?,
            },
            Greeting::MultiLine => self.multi(
                220,
                &[
                    "Welcome to the fake FTPS server",
                    "230 this inner line only looks like a reply",
                    " 220 neither does this one",
                    "220-nor this one",
                ],
                "Ready",
            )?,
            Greeting::Silent => {
                self.silence();
                return Ok(false);
            }
            Greeting::Stall => {
                self.send(b"2")?;
                std::thread::sleep(STALL_GAP);
                if !self.sh.stopped() {
                    self.send(b"2")?;
                }
                self.silence();
                return Ok(false);
            }
            Greeting::Garbage => {
                self.send(GARBAGE)?;
                self.silence();
                return Ok(false);
            }
            Greeting::Overlong => {
                self.overlong(220)?;
                self.silence();
                return Ok(false);
            }
            Greeting::Endless => {
                self.send(b"220-here it comes\r\n")?;
                // At most ~100k lines; the client must give up long before.
                for i in 0..100_000u32 {
                    if self.sh.stopped() || self.send(format!(" line {i}\r\n").as_bytes()).is_err() {
                        break;
                    }
                }
                return Ok(false);
            }
            Greeting::BadCode => {
                self.send(b"620 no such reply class\r\n")?;
                self.silence();
                return Ok(false);
            }
            Greeting::NonUtf8 => self.send(b"220 caf\xe9 \xff\xfe ready\r\n")?,
            Greeting::Trickle => {
                for b in b"220 slowly ready\r\n" {
                    if self.sh.stopped() || self.send(&[*b]).is_err() {
                        return Ok(false);
                    }
                    std::thread::sleep(Duration::from_millis(300));
                }
                self.silence();
                return Ok(false);
            }
        }
        Ok(true)
    }
}
