//! File transfers: `RETR` (with the cut, extra-bytes and restart switches)
//! and `STOR` (slow reads, chatter, `MODE Z` inflation, restart).

use std::io::{self, Read, Write};
use std::thread;
use std::time::Duration;

use super::Session;
use crate::fake::behaviour::{CutEnd, RangedStor};
use crate::fake::net::{Data, finish};
use crate::fake::normalize;

impl Session {
    pub(super) fn retr(&mut self, arg: &str) -> io::Result<()> {
        let p = normalize(&self.cwd, arg);
        let asked = std::mem::take(&mut self.rest);
        let rest = if self.b().ignore_rest { 0 } else { asked as usize };
        let Some(content) = self.sh.state().files.get(&p).cloned() else {
            self.pasv = None;
            return self.reply(550, "Failed to open file.");
        };
        let command = format!("RETR {arg}");
        let Some(mut data) = self.open_data(&command, &p)? else {
            return Ok(());
        };
        let mut content = content[rest.min(content.len())..].to_vec();
        content.extend(std::iter::repeat_n(b'!', self.b().retr_extra));
        let content = &content[..];
        if let Some((after, end)) = self.b().cut_retr {
            let cut = &content[..after.min(content.len())];
            let res = match &mut data {
                Data::Plain(s) => s.write_all(cut),
                Data::Tls(s) => s.write_all(cut).and_then(|_| s.flush()),
            };
            if let Err(e) = res {
                self.sh.error(format!("sending cut data: {e}"));
            }
            // Plain TCP close, no close_notify.
            let sock = data.sock();
            finish(sock, Duration::from_secs(3));
            drop(data);
            return match end {
                CutEnd::Complete226 => self.reply_maybe_multi(226, "Transfer complete."),
                CutEnd::Abort426 => self.reply(426, "Connection closed; transfer aborted."),
            };
        }
        if let Some((_, n)) = self.b().stall_retr_at.filter(|(at, _)| *at == asked && asked > 0) {
            return self.stall(data, &content[..n.min(content.len())]);
        }
        if self.send_data(data, content) {
            self.reply_maybe_multi(226, "Transfer complete.")
        } else {
            self.reply(426, "Failure writing network stream.")
        }
    }

    /// Sends `head`, then nothing while the connection stays open (up to
    /// 30 s, or until the client gives up or the server stops).
    fn stall(&mut self, mut data: Data, head: &[u8]) -> io::Result<()> {
        let res = match &mut data {
            Data::Plain(s) => s.write_all(head),
            Data::Tls(s) => s.write_all(head).and_then(|_| s.flush()),
        };
        let started = std::time::Instant::now();
        let mut probe = [0u8; 1];
        while res.is_ok() && !self.sh.stopped() && started.elapsed() < Duration::from_secs(30) {
            let sock = data.sock();
            let _ = sock.set_read_timeout(Some(Duration::from_millis(100)));
            // The client closing (EOF or reset) ends the stall.
            match sock.peek(&mut probe) {
                Ok(0) => break,
                Err(e) if e.kind() != io::ErrorKind::WouldBlock && e.kind() != io::ErrorKind::TimedOut => break,
                _ => thread::sleep(Duration::from_millis(50)),
            }
        }
        drop(data);
        self.reply(426, "Connection closed; transfer aborted.")
    }

    pub(super) fn stor(&mut self, arg: &str) -> io::Result<()> {
        let p = normalize(&self.cwd, arg);
        let parent = match p.rfind('/') {
            Some(0) => "/".to_string(),
            Some(i) => p[..i].to_string(),
            None => "/".to_string(),
        };
        if p == "/" || !self.is_dir(&parent) || self.is_dir(&p) {
            self.pasv = None;
            return self.reply(553, "Could not create file.");
        }
        let rest = std::mem::take(&mut self.rest) as usize;
        let command = format!("STOR {arg}");
        let Some(mut data) = self.open_data(&command, &p)? else {
            return Ok(());
        };
        // A disk-backed server truncates when the file opens (and one that
        // zeroes what precedes the offset does so then too).
        let ranged = self.b().ranged_stor;
        match ranged {
            Some(_) if rest == 0 => drop(self.sh.state().files.insert(p.clone(), Vec::new())),
            Some(RangedStor::ZeroesBefore) => drop(self.sh.state().files.insert(p.clone(), vec![0; rest])),
            _ => {}
        }
        let mut buf = Vec::new();
        let slow = self.b().slow_stor;
        // A ranged write in place reads at most this many bytes per pause.
        let trickle = self.b().trickle_data;
        let chatter = self.b().chatter_after_stor;
        let sh = self.sh.clone();
        let path = p.clone();
        let mut read_all = |r: &mut dyn Read| -> io::Result<()> {
            match slow {
                // Each chunk lands at its offset as it arrives.
                None if ranged.is_some() => {
                    let step = trickle.map_or(16384, |(n, _)| n.max(1));
                    let (mut at, mut chunk) = (rest, vec![0u8; step]);
                    loop {
                        let mut n = r.read(&mut chunk)?;
                        if n == 0 {
                            return Ok(());
                        }
                        if let Some((_, every)) = trickle {
                            // A step at a time (a TLS read gives one record).
                            while n < step {
                                match r.read(&mut chunk[n..])? {
                                    0 => break,
                                    got => n += got,
                                }
                            }
                            thread::sleep(every);
                        }
                        let mut st = sh.state();
                        let content = st.files.entry(path.clone()).or_default();
                        if content.len() < at + n {
                            content.resize(at + n, 0);
                        }
                        content[at..at + n].copy_from_slice(&chunk[..n]);
                        at += n;
                    }
                }
                None => r.read_to_end(&mut buf).map(|_| ()),
                Some(every) => {
                    let mut byte = [0u8; 1];
                    while !sh.stopped() && r.read(&mut byte)? == 1 {
                        buf.push(byte[0]);
                        thread::sleep(every);
                    }
                    Ok(())
                }
            }
        };
        let res = match &mut data {
            Data::Plain(s) => read_all(s),
            Data::Tls(s) => read_all(s.as_mut()).and_then(|_| {
                if chatter {
                    for _ in 0..300 {
                        if self.sh.stopped() || s.write_all(b"x").and_then(|_| s.flush()).is_err() {
                            break;
                        }
                        thread::sleep(Duration::from_millis(100));
                    }
                }
                s.conn.send_close_notify();
                s.flush()
            }),
        };
        let sock = data.sock();
        finish(sock, Duration::from_secs(3));
        drop(data);
        if let Err(e) = res {
            self.sh.error(format!("STOR {p}: {e}"));
            return self.reply(426, "Failure reading network stream.");
        }
        if self.deflating {
            match crate::compress::inflate(&buf) {
                Ok(plain) => buf = plain,
                Err(e) => {
                    self.sh.error(format!("STOR {p}: MODE Z data: {e}"));
                    return self.reply(451, "Corrupt compressed data.");
                }
            }
        }
        {
            let mut st = self.sh.state();
            let mut content = st.files.get(&p).cloned().unwrap_or_default();
            if let Some(how) = ranged {
                drop(st);
                if matches!(how, RangedStor::FullFrom(at) if rest >= at) {
                    return self.reply(552, "Exceeded storage allocation.");
                }
                return self.reply_maybe_multi(226, "Transfer complete.");
            }
            content.truncate(rest);
            if self.b().tasks.rest_stor_truncates {
                content = vec![0; rest];
            }
            content.extend_from_slice(&buf);
            st.files.insert(p, content);
        }
        self.reply_maybe_multi(226, "Transfer complete.")
    }
}
