//! Directory listings: `MLSD`, `LIST` and `NLST`, with the cut and
//! unterminated-listing switches and hostile raw entries.

use std::io::{self, Write};
use std::time::Duration;

use super::Session;
use crate::fake::net::{Data, finish};
use crate::fake::{MTIME, normalize};

impl Session {
    pub(super) fn listing(&mut self, verb: &str, arg: &str) -> io::Result<()> {
        // LIST may carry ls options.
        let path_arg = arg.split(' ').filter(|a| !a.starts_with('-')).collect::<Vec<_>>().join(" ");
        let p = normalize(&self.cwd, &path_arg);
        let name_of = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        let file_size = self.sh.state().files.get(&p).map(|f| f.len());
        let entries: Vec<(String, Option<usize>)> = if self.is_dir(&p) {
            let mut v = self.children(&p);
            v.extend(self.b().raw_entries.iter().filter(|(d, _)| *d == p).map(|(_, n)| (n.clone(), Some(4))));
            v
        } else if let Some(n) = file_size {
            if verb == "MLSD" {
                self.pasv = None;
                return self.reply(501, "MLSD needs a directory.");
            }
            vec![(name_of(&p), Some(n))]
        } else {
            self.pasv = None;
            return self.reply(550, "No such file or directory.");
        };
        let mut text = String::new();
        if verb == "MLSD" {
            text += &format!("type=cdir;modify={MTIME}; {p}\r\n");
        }
        for (name, size) in &entries {
            text += &match (verb, size) {
                // 1704164645 is MTIME in Unix seconds.
                ("LIST", Some(n)) if self.b().eplf => format!("+i7.{n},m1704164645,r,s{n},up644,\t{name}\r\n"),
                ("LIST", None) if self.b().eplf => format!("+i8.1,m1704164645,/,\t{name}\r\n"),
                ("MLSD", Some(n)) => format!("type=file;size={n};modify={MTIME}; {name}\r\n"),
                ("MLSD", None) => format!("type=dir;modify={MTIME}; {name}\r\n"),
                ("NLST", _) => format!("{name}\r\n"),
                (_, Some(n)) => {
                    format!("-rw-r--r--    1 1000     1000     {n:>8} Jan 02  2024 {name}\r\n")
                }
                (_, None) => {
                    format!("drwxr-xr-x    2 1000     1000         4096 Jan 02  2024 {name}\r\n")
                }
            };
        }
        if self.b().unterminated_listing {
            text.truncate(text.trim_end_matches("\r\n").len());
        }
        let command = if arg.is_empty() { verb.to_string() } else { format!("{verb} {arg}") };
        let Some(mut data) = self.open_data(&command, "the directory listing")? else {
            return Ok(());
        };
        if let Some(after) = self.b().cut_listing {
            let cut = &text.as_bytes()[..after.min(text.len())];
            let res = match &mut data {
                Data::Plain(s) => s.write_all(cut),
                Data::Tls(s) => s.write_all(cut).and_then(|_| s.flush()),
            };
            if let Err(e) = res {
                self.sh.error(format!("sending a cut listing: {e}"));
            }
            // Plain TCP close, no close_notify, and a 226 as if all was well.
            finish(data.sock(), Duration::from_secs(3));
            drop(data);
            return self.reply_maybe_multi(226, "Directory send OK.");
        }
        if self.send_data(data, text.as_bytes()) {
            self.reply_maybe_multi(226, "Directory send OK.")
        } else {
            self.reply(426, "Failure writing network stream.")
        }
    }
}
