//! Whether a reply can be the answer to a command. RFC 959 does not promise
//! that pipelined commands are answered in order, and servers that run each
//! command as a task of its own answer in whatever order the tasks finish.
//! Most codes are generic (200, 250, 4xx, 5xx) and say nothing about which
//! command they answer; some are the signature of one command (227 is PASV's,
//! 229 EPSV's, 350 RNFR's or REST's, 331 USER's...). A signature reply to
//! another command, a preliminary 1xx to a command without a data
//! connection, or a 2xx to PASS other than 230/202 cannot belong: the
//! replies are out of step, and reading them on would blame the wrong
//! command (a refused login for a PBSZ's 200, a STOR for an EPSV's 229).

use super::{Command, Reply};

/// `false` only when `reply` certainly answers some other command.
pub fn fits(cmd: &Command, reply: &Reply) -> bool {
    use Command::*;
    let code = reply.code;
    // Errors can answer anything; a 1xx only a command with a data transfer.
    match code / 100 {
        4 | 5 => return true,
        1 => return matches!(cmd, Retr(_) | Stor(_) | Appe(_) | List(_) | Nlst(_) | Mlsd(_) | Raw(_)),
        _ => {}
    }
    match cmd {
        // Anything typed by hand may get anything.
        Raw(_) => true,
        User(_) => matches!(code, 230 | 331 | 332),
        Pass(_) => matches!(code, 230 | 202 | 332),
        AuthTls => matches!(code, 234 | 334),
        Epsv => code == 229,
        Pasv => code == 227,
        Rnfr(_) | Rest(_) => code == 350,
        Pwd => code == 257,
        // 213 for SIZE, MDTM, MFMT and HASH; some servers answer a digest with 250.
        Size(_) | Mdtm(_) => code == 213,
        Feat => matches!(code, 211 | 214),
        Quit => matches!(code, 221 | 200),
        // Transfers end with 226/250 (225 after an ABOR); a first reply of
        // another 2xx is some other command's.
        Retr(_) | Stor(_) | Appe(_) | List(_) | Nlst(_) | Mlsd(_) => matches!(code, 225 | 226 | 250),
        // Commands whose positive answers are generic: only another
        // command's signature gives them away.
        _ => !is_signature(code),
    }
}

/// Codes that name the command they answer.
fn is_signature(code: u16) -> bool {
    matches!(code, 227 | 229 | 230 | 234 | 331 | 332 | 350 | 221)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(code: u16) -> Reply {
        Reply { code, lines: vec!["x".into()] }
    }

    #[test]
    fn replies_that_cannot_belong_are_recognised() {
        let stor = Command::Stor("f".into());
        assert!(fits(&stor, &r(150)) && fits(&stor, &r(226)) && fits(&stor, &r(451)));
        assert!(!fits(&stor, &r(229)) && !fits(&stor, &r(227)) && !fits(&stor, &r(213)));
        let pass = Command::Pass("p".into());
        assert!(fits(&pass, &r(230)) && fits(&pass, &r(202)) && fits(&pass, &r(530)));
        assert!(!fits(&pass, &r(200)) && !fits(&pass, &r(211)), "a PBSZ or FEAT reply is no login verdict");
        assert!(!fits(&Command::Rnto("b".into()), &r(350)));
        assert!(fits(&Command::Rnto("b".into()), &r(250)) && fits(&Command::Rnfr("a".into()), &r(350)));
        assert!(!fits(&Command::Rnfr("a".into()), &r(250)));
        assert!(!fits(&Command::Pbsz(0), &r(230)) && fits(&Command::Pbsz(0), &r(200)));
        assert!(!fits(&Command::Mkd("a".into()), &r(150)) && fits(&Command::Mkd("a".into()), &r(257)));
        assert!(!fits(&Command::Epsv, &r(200)) && fits(&Command::Epsv, &r(229)));
        assert!(!fits(&Command::Size("f".into()), &r(226)));
        assert!(fits(&Command::Type('I'), &r(200)) && !fits(&Command::Type('I'), &r(229)));
        assert!(fits(&Command::Raw("SITE X".into()), &r(150)));
    }
}
