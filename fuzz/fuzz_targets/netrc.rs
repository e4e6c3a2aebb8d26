//! netrc text through the parser, then lookups on whatever it accepted.
#![no_main]

use ftps::netrc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = match netrc::parse(&text) {
        Ok(parsed) => parsed,
        Err(e) => {
            // Error messages must render (they never quote the token).
            let _ = e.to_string();
            return;
        }
    };
    let _ = format!("{parsed:?}");
    for host in ["example.com", "EXAMPLE.COM", "127.0.0.1", "", "machine"] {
        let _ = parsed.lookup(host, None);
        for login in ["alice", ""] {
            if let Some(entry) = parsed.lookup(host, Some(login)) {
                // A password is never paired with somebody else's user name.
                if let Some(found) = entry.login.as_deref() {
                    assert_eq!(found, login, "lookup({host:?}, Some({login:?})) returned another login");
                }
            }
        }
    }
});
