//! The credentials and the session set-up after the TLS handshake: `USER`,
//! `PASS`, then `PBSZ`/`PROT`/`FEAT`/`TYPE`, pipelined so that a login
//! costs one round trip (see [`login`]).

use std::io::{BufReader, Write};

use super::login::GateStep;
use super::order::checked;
use super::{read_reply, send};
use crate::error::{Error, Phase, Result};
use crate::secret::Secret;
use crate::session::trace::Trace;
use crate::stream::Stream;
use crate::wire::features::Features;
use crate::wire::{Command, Reply};

/// What a login sends, and how.
pub(super) struct Login<'a> {
    pub user: &'a str,
    pub password: &'a Secret,
    /// `TYPE A` rather than `TYPE I`.
    pub ascii: bool,
    /// Send everything at once (a server known to answer in order, see
    /// [`super::order`]); else one command, then its reply.
    pub pipelined: bool,
}

/// `USER`, then (once `gate` allows) `PASS` and, pipelined, the [`prepare`]
/// commands without waiting for the 331 in between: a login costs one
/// round trip, not three. `Ok(false)` when the gate said no. The user name
/// goes out before the gate: it is no secret, and its round trip then
/// overlaps the wait. Every reply is checked against its command, so a
/// server answering out of order is recognised as such, never taken for a
/// refused password.
pub(super) fn login(
    ctrl: &mut BufReader<Stream>,
    login: &Login<'_>,
    trace: &Trace,
    gate: &mut dyn FnMut(GateStep) -> bool,
) -> Result<bool> {
    let user_cmd = Command::User(login.user.into());
    send(ctrl, &user_cmd, trace)?;
    // Asked before the user name's reply is read, so that an open gate
    // costs no wait; an extra connection whose first one failed ends
    // quietly instead of adding its own error.
    if !gate(GateStep::Password) {
        return Ok(false);
    }
    let pass_cmd = Command::Pass(login.password.expose().into());
    if !login.pipelined {
        let user = checked(&user_cmd, read_reply(ctrl, trace)?)?;
        let reply = match user.code {
            331 => {
                send(ctrl, &pass_cmd, trace)?;
                checked(&pass_cmd, read_reply(ctrl, trace)?)?
            }
            _ => user,
        };
        return verdict(reply);
    }
    let sent = send(ctrl, &pass_cmd, trace).and_then(|()| prepare(ctrl, trace, login.ascii));
    // A server refusing us may close before it has read all that: what it
    // said (a TLS alert, a 530, a 421) explains more than the failed write.
    let user = checked(&user_cmd, read_reply(ctrl, trace)?)?;
    let reply = match user.code {
        331 => {
            sent?;
            checked(&pass_cmd, read_reply(ctrl, trace)?)?
        }
        230 => {
            // In without a password: the PASS was one command too many,
            // and whatever it got ("503 already logged in") is skipped.
            sent?;
            read_reply(ctrl, trace)?;
            return Ok(true);
        }
        _ => user,
    };
    verdict(reply)
}

/// The final reply of a login, as a verdict.
fn verdict(reply: Reply) -> Result<bool> {
    match reply.code {
        230 | 202 => Ok(true),
        332 => Err(Error::Protocol("server asks for an ACCT account, which ftps does not support".into())),
        421 => Err(Error::Remote { command: "login".into(), reply }),
        _ => Err(Error::Auth { reply }),
    }
}

/// The set-up after login: data protection, features, transfer type
/// (binary, or ASCII for `--ascii`).
fn setup(ascii: bool) -> [Command; 4] {
    [Command::Pbsz(0), Command::Prot('P'), Command::Feat, Command::Type(if ascii { 'A' } else { 'I' })]
}

/// Pipelined, the four [`setup`] commands go out in one write, right
/// behind the password (one round trip with the login's; a refused login
/// answers them with 530s that are never read), and each reply is still
/// checked against its own step by [`prepared`].
fn prepare(ctrl: &mut BufReader<Stream>, trace: &Trace, ascii: bool) -> Result<()> {
    let cmds = setup(ascii);
    let mut bytes = Vec::new();
    for cmd in &cmds {
        bytes.extend_from_slice(&cmd.render()?);
        trace.sent(cmd);
    }
    let s = ctrl.get_mut();
    s.write_all(&bytes).map_err(|e| Error::from_io(e, Phase::Command))?;
    s.flush().map_err(|e| Error::from_io(e, Phase::Command))
}

/// The replies to the [`setup`] commands (sent by [`prepare`] when
/// pipelined, one at a time here otherwise).
pub(super) fn prepared(ctrl: &mut BufReader<Stream>, login: &Login<'_>, trace: &Trace) -> Result<Features> {
    let mut replies = Vec::with_capacity(4);
    for cmd in setup(login.ascii) {
        if !login.pipelined {
            send(ctrl, &cmd, trace)?;
        }
        replies.push(checked(&cmd, read_reply(ctrl, trace)?)?);
    }
    // PBSZ: some servers don't need it; PROT P decides.
    let [_pbsz, prot, feat, type_i] = <[Reply; 4]>::try_from(replies).map_err(|_| Error::ConnectionClosed)?;
    if prot.code != 200 {
        return Err(Error::TlsRefused { step: "PROT P (encrypted data connections)", reply: prot });
    }
    if type_i.code != 200 {
        let kind = if login.ascii { 'A' } else { 'I' };
        return Err(Error::Remote { command: format!("TYPE {kind}"), reply: type_i });
    }
    let features = Features::parse(&feat);
    if features.utf8 {
        let opts = Command::Opts("UTF8 ON".into());
        send(ctrl, &opts, trace)?;
        checked(&opts, read_reply(ctrl, trace)?)?;
    }
    Ok(features)
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, Write as _};
    use std::net::{TcpListener, TcpStream};

    use super::*;

    /// A peer that reads the four pipelined commands, then answers them
    /// with `replies` in one go, as a server reading line by line would.
    fn prepare_against(replies: &'static str) -> (Result<Features>, Vec<String>) {
        prepare_as(replies, false)
    }

    /// A server that reads `lines` commands before it answers any (one
    /// that needed a reply first would wait forever), then sends `replies`;
    /// `None` for `lines` reads until the client hangs up. Returns the
    /// client's end and what the server read.
    fn peer(lines: Option<usize>, replies: &'static str) -> (BufReader<Stream>, std::thread::JoinHandle<Vec<String>>) {
        scripted(vec![(lines.unwrap_or(usize::MAX), replies)])
    }

    /// A server that, for each `(n, reply)` in turn, reads `n` command
    /// lines (fewer if the client hangs up) and then writes `reply`. A
    /// command already waiting when a reply is due is recorded as `EARLY`:
    /// the client sent it without waiting.
    fn scripted(script: Vec<(usize, &'static str)>) -> (BufReader<Stream>, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (sock, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(sock.try_clone().unwrap());
            let mut seen = Vec::new();
            for (lines, reply) in script {
                for _ in 0..lines {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    seen.push(line.trim_end().to_string());
                }
                sock.set_nonblocking(true).unwrap();
                let waiting = !reader.buffer().is_empty() || sock.peek(&mut [0u8; 1]).is_ok_and(|n| n > 0);
                sock.set_nonblocking(false).unwrap();
                if waiting && lines != usize::MAX {
                    seen.push("EARLY".into());
                }
                let _ = (&sock).write_all(reply.as_bytes());
            }
            seen
        });
        let sock = TcpStream::connect(addr).unwrap();
        sock.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
        (BufReader::new(Stream::Plain(sock)), server)
    }

    fn prepare_as(replies: &'static str, ascii: bool) -> (Result<Features>, Vec<String>) {
        let (mut ctrl, server) = peer(Some(4), replies);
        let trace = Trace::default();
        let login = Login { user: "u", password: &Secret::new("pw"), ascii, pipelined: true };
        let result = prepare(&mut ctrl, &trace, ascii).and_then(|()| prepared(&mut ctrl, &login, &trace));
        (result, server.join().unwrap())
    }

    fn login_against(
        lines: Option<usize>,
        replies: &'static str,
        gate_open: bool,
    ) -> (Result<bool>, Option<Result<Features>>, Vec<String>) {
        let (mut ctrl, server) = peer(lines, replies);
        let trace = Trace::default();
        let asked = std::cell::Cell::new(0);
        let mut gate = |step| {
            assert_eq!(step, GateStep::Password, "only the password waits");
            asked.set(asked.get() + 1);
            gate_open
        };
        let how = Login { user: "u", password: &Secret::new("pw"), ascii: false, pipelined: true };
        let logged_in = login(&mut ctrl, &how, &trace, &mut gate);
        let features = matches!(logged_in, Ok(true)).then(|| prepared(&mut ctrl, &how, &trace));
        drop(ctrl);
        assert_eq!(asked.get(), 1);
        (logged_in, features, server.join().unwrap())
    }

    const SET_UP: &str = "200 ok\r\n200 ok\r\n211-Features:\r\n MDTM\r\n211 End\r\n200 binary\r\n";

    #[test]
    fn a_login_and_its_set_up_go_out_before_any_reply() {
        let replies = Box::leak(format!("331 password\r\n230 in\r\n{SET_UP}").into_boxed_str());
        let (ok, features, seen) = login_against(Some(6), replies, true);
        assert_eq!(seen, ["USER u", "PASS pw", "PBSZ 0", "PROT P", "FEAT", "TYPE I"]);
        assert!(ok.unwrap());
        assert!(features.unwrap().unwrap().mdtm);
    }

    #[test]
    fn a_user_without_a_password_skips_the_reply_to_pass() {
        let replies =
            Box::leak(format!("230 no password needed\r\n503 already logged in\r\n{SET_UP}").into_boxed_str());
        let (ok, features, _) = login_against(Some(6), replies, true);
        assert!(ok.unwrap());
        assert!(features.unwrap().unwrap().mdtm, "the set-up replies were read as such");
    }

    #[test]
    fn refused_logins_name_the_refusal() {
        let (wrong, _, _) = login_against(Some(6), "331 password\r\n530 Login incorrect.\r\n530 x\r\n", true);
        assert!(matches!(wrong, Err(Error::Auth { ref reply }) if reply.code == 530), "{wrong:?}");
        let (user, _, _) = login_against(Some(6), "530 not this user\r\n530 x\r\n", true);
        assert!(matches!(user, Err(Error::Auth { ref reply }) if reply.text().contains("not this user")), "{user:?}");
        let (busy, _, _) = login_against(Some(6), "331 password\r\n421 too many users\r\n", true);
        assert!(matches!(busy, Err(Error::Remote { ref reply, .. }) if reply.code == 421), "{busy:?}");
    }

    #[test]
    fn lock_step_sends_each_command_after_the_previous_reply() {
        let replies =
            ["331 pw\r\n", "230 in\r\n", "200 ok\r\n", "200 ok\r\n", "211-F:\r\n MDTM\r\n211 End\r\n", "200 I\r\n"];
        let (mut ctrl, server) = scripted(replies.iter().map(|r| (1, *r)).collect());
        let trace = Trace::default();
        let how = Login { user: "u", password: &Secret::new("pw"), ascii: false, pipelined: false };
        assert!(login(&mut ctrl, &how, &trace, &mut |_| true).unwrap());
        assert!(prepared(&mut ctrl, &how, &trace).unwrap().mdtm);
        drop(ctrl);
        assert_eq!(server.join().unwrap(), ["USER u", "PASS pw", "PBSZ 0", "PROT P", "FEAT", "TYPE I"]);
    }

    #[test]
    fn replies_out_of_order_are_no_refused_password() {
        // PBSZ's 200 overtook PASS's 230: before, "login failed" (exit 5).
        let (ok, _, _) = login_against(Some(6), "331 password\r\n200 PBSZ=0\r\n230 in\r\n200 ok\r\n", true);
        assert!(matches!(ok, Err(Error::OutOfOrder { ref command, .. }) if command == "PASS ****"), "{ok:?}");
        // An early EPSV-like reply to the user name.
        let (ok, _, _) = login_against(Some(6), "229 Entering Extended Passive Mode (|||5000|)\r\n", true);
        assert!(matches!(ok, Err(Error::OutOfOrder { .. })), "{ok:?}");
    }

    #[test]
    fn a_closed_gate_sends_no_password() {
        let (ok, _, seen) = login_against(None, "", false);
        assert!(!ok.unwrap());
        assert_eq!(seen, ["USER u"]);
    }

    #[test]
    fn pipelined_preparation_names_the_step_that_failed() {
        let (ok, seen) = prepare_against("200 ok\r\n200 ok\r\n211-Features:\r\n MDTM\r\n211 End\r\n200 binary\r\n");
        assert_eq!(seen, ["PBSZ 0", "PROT P", "FEAT", "TYPE I"]);
        assert!(ok.unwrap().mdtm);
        let (prot, _) = prepare_against("200 ok\r\n534 no protection\r\n211 none\r\n200 binary\r\n");
        match prot {
            Err(Error::TlsRefused { step, reply }) => {
                assert!(step.starts_with("PROT P"), "{step}");
                assert_eq!(reply.code, 534);
            }
            other => panic!("expected the PROT P refusal, got {:?}", other.map(|_| ())),
        }
        let (type_i, _) = prepare_against("200 ok\r\n200 ok\r\n211 none\r\n504 no binary\r\n");
        match type_i {
            Err(Error::Remote { command, reply }) => {
                assert_eq!(command, "TYPE I");
                assert_eq!(reply.code, 504);
            }
            other => panic!("expected the TYPE I refusal, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn ascii_sessions_ask_for_type_a() {
        let (ok, seen) = prepare_as("200 ok\r\n200 ok\r\n211 none\r\n200 ascii\r\n", true);
        assert_eq!(seen, ["PBSZ 0", "PROT P", "FEAT", "TYPE A"]);
        assert!(ok.is_ok());
        let (refused, _) = prepare_as("200 ok\r\n200 ok\r\n211 none\r\n504 no ascii\r\n", true);
        match refused {
            Err(Error::Remote { command, .. }) => assert_eq!(command, "TYPE A"),
            other => panic!("expected the TYPE A refusal, got {:?}", other.map(|_| ())),
        }
    }
}
