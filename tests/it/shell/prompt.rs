//! The prompt on a terminal: its text, Tab completion of remote paths,
//! history across sessions (without passwords), `rm -r` confirmation.

use expectrl::ControlCode;

use super::pty::{Prompt, history_file};
use super::read;
use crate::harness::scratch;
use crate::servers::{Kind, server};

/// The prompt names user, host and directory; Tab completes remote paths
/// (a directory, then a file inside it, fetched on demand); history
/// survives into a second session; passwords typed in `open` never reach it.
fn prompt_completion_and_history(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    srv.write_file("subdir/file-to-complete.txt", b"completed\n");
    srv.write_file("other.txt", b"x");

    let mut sh = Prompt::spawn(&srv, &s, None);
    sh.expect("ftps> ");
    // `open` with the password in the URL (it must not land in the history file).
    sh.line(&format!("open ftpes://{}:{}@127.0.0.1:{}/", srv.user, srv.password, srv.port()));
    sh.prompt("/");
    sh.send("cd subd\t");
    sh.expect("cd subdir/");
    sh.send("\r");
    sh.prompt("/subdir");
    sh.send("get file-to\t");
    sh.expect("get file-to-complete.txt ");
    sh.send("\r");
    sh.expect("file-to-complete.txt: 10 B");
    sh.prompt("/subdir");
    // Ctrl-C at an empty prompt: a fresh prompt, not an exit.
    sh.p.send(ControlCode::EndOfText).unwrap();
    sh.prompt("/subdir");
    sh.line("pwd");
    sh.expect("/subdir\r\n");
    sh.prompt("/subdir");
    // Passwords in raw commands (sent, refused by the server) or in an
    // ftp(1)-style `user NAME PASS` (not a command here) stay out too.
    sh.line("quote SITE PSWD old-hist-pw new-hist-pw");
    sh.prompt("/subdir");
    sh.line("user bob user-hist-pw");
    sh.prompt("/subdir");
    // rm -r asks at the prompt; "n" keeps the tree.
    sh.line("mkdir -p gone/deeper");
    sh.prompt("/subdir");
    sh.line("rm -r gone");
    sh.expect("[y/N] ");
    sh.line("n");
    sh.expect("not removed: gone");
    sh.prompt("/subdir");
    assert!(srv.path("subdir/gone/deeper").is_dir());
    sh.line("rm -r gone");
    sh.expect("[y/N] ");
    sh.line("y");
    sh.prompt("/subdir");
    assert!(!srv.path("subdir/gone").exists());
    assert_eq!(sh.quit(), 0);
    assert_eq!(read(&s.work.join("file-to-complete.txt")), "completed\n");

    let history = read(&history_file(&s));
    assert!(history.contains("get file-to-complete.txt"), "{history}");
    assert!(history.contains("cd subdir/"), "{history}");
    assert!(!history.contains(&srv.password), "password in history: {history}");
    assert!(history.contains(":****@"), "{history}");
    assert!(!history.contains("hist-pw"), "password in history: {history}");
    assert!(history.contains("quote SITE PSWD ****") && history.contains("user bob ****"), "{history}");

    // A second session: Up brings back the last commands.
    let mut sh = Prompt::spawn(&srv, &s, Some(&srv.base_url()));
    sh.prompt("/");
    sh.send("\x1b[A");
    sh.expect("rm -r gone");
    sh.send("\x1b[A");
    sh.expect("mkdir -p gone/deeper");
    // Clear the recalled line (Ctrl-U) and leave.
    sh.send("\x15");
    assert_eq!(sh.quit(), 0);
}

#[test]
fn prompt_completion_and_history_vsftpd() {
    prompt_completion_and_history(Kind::Vsftpd);
}

#[test]
fn prompt_completion_and_history_proftpd() {
    prompt_completion_and_history(Kind::Proftpd);
}
