//! URL parsing: whatever is accepted must be safe to put on the control
//! channel, i.e. no decoded part contains CR, LF or NUL.
#![no_main]

use ftps::url::FtpUrl;
use libfuzzer_sys::fuzz_target;

fn clean(s: &str) -> bool {
    !s.contains(['\r', '\n', '\0'])
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    if let Ok(url) = FtpUrl::parse(&input) {
        assert!(clean(&url.path), "control character in path {:?} from {input:?}", url.path);
        assert!(clean(&url.host), "control character in host {:?} from {input:?}", url.host);
        assert!(!url.host.is_empty(), "empty host from {input:?}");
        if let Some(user) = &url.user {
            assert!(clean(user), "control character in user from {input:?}");
        }
        if let Some(password) = &url.password {
            assert!(clean(password.expose()), "control character in password from {input:?}");
        }
        let _ = (url.is_dir(), url.split_last(), url.endpoint());
    }
});
