//! An arbitrary argument must never let a second command onto the control
//! channel: a rendered command holds exactly one CRLF, at its end, and no NUL.
#![no_main]

use ftps::wire::Command;
use libfuzzer_sys::fuzz_target;

fn check(rendered: &[u8], input: &str) {
    let crlfs = rendered.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(crlfs, 1, "{crlfs} CRLFs in rendering of {input:?}");
    assert!(rendered.ends_with(b"\r\n"), "rendering of {input:?} does not end in CRLF");
    let body = &rendered[..rendered.len() - 2];
    assert!(!body.contains(&b'\r') && !body.contains(&b'\n'), "bare CR/LF in rendering of {input:?}");
    assert!(!rendered.contains(&0), "NUL in rendering of {input:?}");
}

fuzz_target!(|data: &[u8]| {
    let arg = String::from_utf8_lossy(data).into_owned();
    let bad = arg.contains(['\r', '\n', '\0']);

    match Command::Retr(arg.clone()).render() {
        Ok(bytes) => {
            check(&bytes, &arg);
            assert!(bytes.starts_with(b"RETR "), "RETR rendering of {arg:?} lost its verb");
            assert_eq!(&bytes[5..bytes.len() - 2], arg.as_bytes(), "RETR argument altered");
        }
        Err(_) => assert!(bad, "RETR {arg:?} refused without a CR/LF/NUL"),
    }
    // `quote` sends the user's raw line: same guarantee.
    match Command::Raw(arg.clone()).render() {
        Ok(bytes) => check(&bytes, &arg),
        Err(_) => assert!(bad, "raw {arg:?} refused without a CR/LF/NUL"),
    }
});
