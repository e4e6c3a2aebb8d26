//! Commands served before and around login: `AUTH` (the TLS upgrade),
//! `USER`/`PASS`, `PBSZ`/`PROT`, `FEAT`, `QUIT`; everything else waits for
//! a login and goes to the logged-in dispatcher.

use std::io::{self, Write};

use super::Session;
use crate::fake::behaviour::LimitAt;
use crate::fake::net::{Ctrl, accept_tls};

impl Session {
    /// Handles one command; `Ok(false)` ends the session.
    pub(super) fn handle(&mut self, line: &str) -> io::Result<bool> {
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.to_string()),
            None => (line.to_ascii_uppercase(), String::new()),
        };
        if let Some(v) = &self.b().overlong_reply_to
            && *v == verb
            && !self.sh.state().overlong_sent
        {
            self.overlong(200)?;
            return Ok(true);
        }
        let tls = matches!(self.ctrl, Ctrl::Tls(_));
        match verb.as_str() {
            "AUTH" if self.early_hello_armed() && matches!(arg.to_ascii_uppercase().as_str(), "TLS" | "TLS-C") => {
                if !self.auth_early_hello()? {
                    return Ok(false);
                }
            }
            "FEAT" | "SIZE" | "MDTM" | "NLST" if self.b().tasks.minimal => {
                self.reply(502, &format!("Command not allowed: {verb}"))?
            }
            "PBSZ" | "PROT" if self.b().tasks.minimal && !self.logged_in => {
                self.reply(530, &format!("Command requires authentication: {verb}"))?
            }
            "AUTH" => {
                if let Some(refusal) = self.b().auth_refusal.clone() {
                    self.send(format!("{refusal}\r\n").as_bytes())?;
                } else if tls {
                    self.reply(503, "Already using TLS")?;
                } else if !matches!(arg.to_ascii_uppercase().as_str(), "TLS" | "TLS-C" | "SSL") {
                    self.reply(504, "Unknown AUTH type")?;
                } else {
                    self.reply(234, "Proceed with negotiation.")?;
                    let Ctrl::Plain(sock) = std::mem::replace(&mut self.ctrl, Ctrl::Gone) else { unreachable!() };
                    let s = accept_tls(&self.sh.tls, sock)
                        .map_err(|e| io::Error::other(format!("AUTH TLS handshake: {e}")))?;
                    self.ctrl = Ctrl::Tls(Box::new(s));
                }
            }
            "USER" => {
                self.user = Some(arg);
                self.logged_in = false;
                self.reply(331, "Please specify the password.")?;
            }
            "PASS" => {
                if self.user.is_none() {
                    self.reply(503, "Login with USER first.")?;
                } else if self.b().password.as_deref().is_some_and(|p| p != arg) {
                    self.reply(530, "Login incorrect.")?;
                } else if let Some(line) = self.refused_by_limit(LimitAt::Login) {
                    self.send(format!("{line}\r\n").as_bytes())?;
                    return Ok(false);
                } else {
                    self.logged_in = true;
                    self.reply_maybe_multi(230, "Login successful.")?;
                }
            }
            "QUIT" => {
                self.reply_maybe_multi(221, "Goodbye.")?;
                if let Ctrl::Tls(s) = &mut self.ctrl {
                    s.conn.send_close_notify();
                    let _ = s.flush();
                }
                return Ok(false);
            }
            "FEAT" => {
                let mut s = "211-Features:\r\n".to_string();
                if self.b().multiline {
                    s += "226 this inner line only looks like a reply\r\n";
                    s += "211-and so does this one\r\n";
                }
                for f in &self.b().feat {
                    s += &format!(" {f}\r\n");
                }
                s += "211 End\r\n";
                self.send(s.as_bytes())?;
            }
            "SYST" => self.reply(215, "UNIX Type: L8")?,
            "NOOP" => self.reply(200, "NOOP ok.")?,
            "PBSZ" if tls => self.reply(200, "PBSZ=0")?,
            "PROT" if tls && self.b().refuse_prot_p && arg.eq_ignore_ascii_case("P") => {
                self.reply(534, "Request denied for policy reasons.")?
            }
            "PROT" if tls => match arg.to_ascii_uppercase().as_str() {
                "P" => {
                    self.prot_private = true;
                    self.reply(200, "Protection level set to P")?;
                }
                "C" => {
                    self.prot_private = false;
                    self.reply(200, "Protection level set to C")?;
                }
                _ => self.reply(504, "Unsupported protection level")?,
            },
            "PBSZ" | "PROT" => self.reply(503, "PBSZ/PROT need a secure control connection")?,
            _ if !self.logged_in => self.reply(530, "Please login with USER and PASS.")?,
            _ => self.handle_logged_in(&verb, &arg)?,
        }
        Ok(true)
    }
}
