//! A failed check after an upload (the server's `SIZE` disagrees, or the
//! temporary file to continue is larger than the local file) removes the
//! temporary remote file and never touches the final name.

use std::fs;

use crate::edge::{client, ctx, expect_code, sample};
use crate::fake::Behaviour;
use crate::harness::scratch;
use crate::verify::temps;

#[test]
fn size_mismatch_after_upload_discards_the_temporary_file() {
    let server = Behaviour::new().file("/in/u.bin", "old").reply_to("SIZE", "213 1").start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("server holds 1 bytes"), "{}", ctx(&out, &server));
    assert!(temps(&server).is_empty(), "temporary file left: {:?}\n{}", server.files().keys(), ctx(&out, &server));
    assert_eq!(server.file("/in/u.bin").unwrap(), b"old", "{}", ctx(&out, &server));
    let cmds = server.commands();
    assert!(!cmds.iter().any(|c| c.starts_with("RNFR ") || c == "DELE in/u.bin"), "{cmds:?}");
}

#[test]
fn size_mismatch_with_no_temp_leaves_the_final_name_alone() {
    let server = Behaviour::new().dir("/in").reply_to("SIZE", "213 1").start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["put", "--no-temp", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    let cmds = server.commands();
    assert!(!cmds.iter().any(|c| c.starts_with("DELE ")), "{cmds:?}");
    assert_eq!(server.file("/in/u.bin").unwrap(), sample(5000));
}

#[test]
fn oversized_temporary_file_to_continue_is_discarded() {
    // Every SIZE says more than the local file holds: `put -c` finds "its"
    // temporary file too large to be a partial upload of this file.
    let server = Behaviour::new().file("/in/u.bin", "old").reply_to("SIZE", "213 999999").start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["put", "-c", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    let cmds = server.commands();
    let dele = cmds.iter().find(|c| c.starts_with("DELE ")).unwrap_or_else(|| panic!("no DELE: {cmds:?}"));
    assert!(dele.ends_with(".ftps-upload"), "{cmds:?}");
    assert!(!cmds.iter().any(|c| c.starts_with("STOR ") || c.starts_with("RNFR ")), "{cmds:?}");
    assert_eq!(server.file("/in/u.bin").unwrap(), b"old");
}
