//! The crate's one `YYYYMMDDHHMMSS[.fraction]` parser (MLSD facts, MDTM).
#![no_main]

use ftps::listing::time_val;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(t) = time_val::parse(&text) else {
        return;
    };
    // Accepted only when the text has exactly the documented shape...
    let (main, fraction) = text.split_once('.').map_or((&*text, None), |(m, f)| (m, Some(f)));
    assert!(main.len() == 14 && main.bytes().all(|b| b.is_ascii_digit()), "accepted {text:?}");
    if let Some(f) = fraction {
        assert!(!f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()), "accepted fraction in {text:?}");
    }
    // ...and the time it stands for prints back as the same fourteen digits.
    assert_eq!(t.format("%Y%m%d%H%M%S").to_string(), main, "round trip of {text:?}");
});
