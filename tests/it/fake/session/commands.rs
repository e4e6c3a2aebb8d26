//! The logged-in dispatcher and the commands that need no data
//! connection: navigation, passive/active setup, file facts, deletes,
//! directories, renames and digests.

use std::io;

use super::Session;
use crate::fake::net::parse_active;
use crate::fake::{MTIME, normalize, sha256_hex};

impl Session {
    pub(super) fn handle_logged_in(&mut self, verb: &str, arg: &str) -> io::Result<()> {
        // RFC 959 4.1.3: REST is followed immediately by the transfer command;
        // like strict servers, anything in between voids the restart offset.
        if !matches!(verb, "REST" | "RETR" | "STOR" | "APPE") {
            self.rest = 0;
        }
        if let Some((_, line)) = self.b().replies.iter().find(|(v, _)| v == verb).cloned() {
            self.pasv = None;
            return self.send(format!("{line}\r\n").as_bytes());
        }
        match verb {
            "OPTS" => self.reply(200, "Always in UTF8 mode.")?,
            "MODE" if arg.eq_ignore_ascii_case("Z") && self.b().mode_z.is_some() => {
                self.deflating = true;
                self.reply(200, "OK")?
            }
            "MODE" if arg.eq_ignore_ascii_case("Z") => self.reply(504, "Unsupported transfer mode")?,
            "TYPE" | "MODE" | "STRU" => self.reply(200, "OK")?,
            "PWD" | "XPWD" => {
                let cwd = self.cwd.replace('"', "\"\"");
                self.reply(257, &format!("\"{cwd}\" is the current directory"))?;
            }
            "CWD" | "CDUP" => {
                let target = if verb == "CDUP" { ".." } else { arg };
                let p = normalize(&self.cwd, target);
                if self.is_dir(&p) {
                    self.cwd = p;
                    self.reply(250, "Directory successfully changed.")?;
                } else {
                    self.reply(550, "Failed to change directory.")?;
                }
            }
            "EPSV" if self.b().epsv_refused => self.reply(500, "'EPSV': command not understood.")?,
            "EPSV" => {
                self.active = None;
                let port = self.open_pasv()?;
                self.reply(229, &format!("Entering Extended Passive Mode (|||{port}|)"))?;
            }
            "EPRT" if self.b().eprt_refused => self.reply(500, "'EPRT': command not understood.")?,
            "EPRT" | "PORT" => match parse_active(verb, arg) {
                Some(addr) => {
                    self.pasv = None;
                    self.active = Some(addr);
                    self.reply(200, &format!("{verb} command successful. Consider using EPSV."))?;
                }
                None => self.reply(501, "Illegal EPRT/PORT command.")?,
            },
            "PASV" if self.b().ipv6 => self.reply(522, "Network protocol not supported, use (2)")?,
            "PASV" => {
                let port = self.open_pasv()?;
                let [a, b, c, d] = self.b().pasv_address.octets();
                let (p1, p2) = (port >> 8, port & 0xff);
                self.reply(227, &format!("Entering Passive Mode ({a},{b},{c},{d},{p1},{p2})."))?;
            }
            "SIZE"
                if self.b().tasks.size_of_empty_is_text
                    && self.sh.state().files.get(&normalize(&self.cwd, arg)).is_some_and(|f| f.is_empty()) =>
            {
                self.reply(213, "File status")?
            }
            "SIZE" => {
                let p = normalize(&self.cwd, arg);
                let size = self.sh.state().files.get(&p).map(|f| f.len());
                match size {
                    Some(n) => self.reply(213, &n.to_string())?,
                    None => self.reply(550, "Could not get file size.")?,
                }
            }
            "MDTM" => {
                let p = normalize(&self.cwd, arg);
                if self.sh.state().files.contains_key(&p) {
                    self.reply(213, MTIME)?;
                } else {
                    self.reply(550, "Could not get file modification time.")?;
                }
            }
            "MLST" => {
                let p = normalize(&self.cwd, arg);
                match self.facts(&p) {
                    Some(facts) => {
                        self.send(format!("250-Listing {p}\r\n {facts} {p}\r\n250 End\r\n").as_bytes())?;
                    }
                    None => self.reply(550, "No such file or directory.")?,
                }
            }
            "REST" => match arg.parse::<u64>() {
                Ok(n) => {
                    self.rest = n;
                    self.reply(350, &format!("Restart position accepted ({n})."))?;
                }
                Err(_) => self.reply(501, "Bad restart position.")?,
            },
            "DELE" => {
                let p = normalize(&self.cwd, arg);
                if self.sh.state().files.remove(&p).is_some() {
                    self.reply(250, "Delete operation successful.")?;
                } else {
                    self.reply(550, "Delete operation failed.")?;
                }
            }
            // A server that runs MKD a and MKD a/b as two tasks creates
            // a/b only if a is already there.
            "MKD" if self.b().tasks.reorder.iter().any(|v| v == "MKD") && !self.parent_is_dir(arg) => {
                self.reply(550, "Cannot create directory: parent does not exist")?
            }
            "MKD" => {
                let p = normalize(&self.cwd, arg);
                self.sh.state().dirs.insert(p.clone());
                self.reply(257, &format!("\"{p}\" created"))?;
            }
            "RNFR" => {
                let p = normalize(&self.cwd, arg);
                if self.sh.state().files.contains_key(&p) {
                    self.rename_from = Some(p);
                    self.reply(350, "Ready for RNTO.")?;
                } else {
                    self.reply(550, "RNFR command failed.")?;
                }
            }
            "XSHA256" if self.b().xsha256.is_some() => {
                let p = normalize(&self.cwd, arg);
                let content = self.sh.state().files.get(&p).cloned();
                match content {
                    Some(mut c) => {
                        if self.b().xsha256 == Some(true) {
                            c.push(b'!');
                        }
                        self.send(
                            format!("250-Computing SHA256 digest\r\n250 {}\r\n", sha256_hex(&c).to_uppercase())
                                .as_bytes(),
                        )?;
                    }
                    None => self.reply(550, "No such file.")?,
                }
            }
            "RNTO" if self.b().refuse_rename => self.reply(553, "Rename not permitted in this directory.")?,
            "RNTO" if self.b().refuse_rename_over && self.sh.state().files.contains_key(&normalize(&self.cwd, arg)) => {
                self.reply(550, "Rename failed: file exists.")?
            }
            "RNTO" => {
                let to = normalize(&self.cwd, arg);
                let moved = self.rename_from.take().and_then(|from| {
                    let mut st = self.sh.state();
                    let content = st.files.remove(&from)?;
                    st.files.insert(to, content);
                    Some(())
                });
                match moved {
                    Some(()) => self.reply(250, "Rename successful.")?,
                    None => self.reply(503, "RNFR required first.")?,
                }
            }
            "RETR" | "STOR" if self.b().fail_first_transfer && !self.sh.state().transfer_failed_once => {
                self.sh.state().transfer_failed_once = true;
                self.pasv = None;
                self.reply(425, "Can't open data connection.")?;
            }
            "RETR" => self.retr(arg)?,
            "STOR" => self.stor(arg)?,
            "LIST" | "NLST" | "MLSD" if self.b().tasks.missing_listing_451 && !self.listed_path_exists(arg) => {
                self.pasv = None;
                self.reply(451, "ENOENT: no such file or directory")?
            }
            "LIST" | "NLST" | "MLSD" => self.listing(verb, arg)?,
            v if self.b().x_digests.iter().any(|(x, _)| x == v) => self.x_digest(v, arg)?,
            "HASH" if self.b().slow_hash.is_some() => self.slow_hash(arg)?,
            _ => self.reply(502, "Command not implemented.")?,
        }
        Ok(())
    }
}

impl Session {
    /// `HASH` as [`crate::fake::SlowHash`] says: progress lines first (one
    /// with terminal controls, which the client must escape), then the digest or nothing.
    fn slow_hash(&mut self, arg: &str) -> io::Result<()> {
        let Some(how) = self.b().slow_hash else { return Ok(()) };
        let p = normalize(&self.cwd, arg);
        let Some(content) = self.sh.state().files.get(&p).cloned() else {
            return self.reply(550, "No such file.");
        };
        self.send(b"213-Computing SHA-256 digest\r\n")?;
        for i in 0..how.progress {
            std::thread::sleep(how.every);
            self.send(format!("213-Computing... \x1b[2K{i}\r\n").as_bytes())?;
        }
        if how.answer {
            self.reply(213, &format!("SHA-256 0-{} {} {arg}", content.len(), sha256_hex(&content)))?;
        }
        Ok(())
    }

    /// `XMD5` answered Windows style, path first (`250 /d.bin <HEX>`), and
    /// `XCRC` as a bare number without leading zeros (`250 1A2B3C`).
    fn x_digest(&mut self, verb: &str, arg: &str) -> io::Result<()> {
        use md5::Digest as _;
        let p = normalize(&self.cwd, arg);
        let Some(mut content) = self.sh.state().files.get(&p).cloned() else {
            return self.reply(550, "No such file.");
        };
        if self.b().x_digests.iter().any(|(x, lie)| x == verb && *lie) {
            content.push(b'!');
        }
        let line = match verb {
            "XMD5" => {
                let hex: String = md5::Md5::digest(&content).iter().map(|b| format!("{b:02X}")).collect();
                format!("{p} {hex}")
            }
            _ => format!("{:X}", crc32fast::hash(&content)),
        };
        self.reply(250, &line)
    }
}
