//! Every line of the input, made an EPLF line (`+` in front), through the
//! LIST parser, so all of the fuzzer's effort goes to the EPLF facts and
//! name. An accepted entry has the name as sent (non-empty, not `.`/`..`),
//! and every size or time it reports was spelled out in a fact (leading
//! zeros allowed).
#![no_main]

use chrono::{TimeZone, Utc};
use ftps::listing::list;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    for line in text.split_inclusive('\n') {
        let line = format!("+{line}");
        let Ok(Some(entry)) = list::parse_line(&line, now) else { continue };
        let body = line.trim_end_matches(['\r', '\n']);
        let (facts, name) = body.split_once('\t').expect("accepted without a TAB");
        assert_eq!(entry.name, name, "name changed from {line:?}");
        assert!(!name.is_empty() && name != "." && name != "..", "bad name from {line:?}");
        let said = |letter: char, n: i128| {
            facts
                .trim_start_matches('+')
                .split(',')
                .any(|f| f.strip_prefix(letter).and_then(|v| v.parse::<i128>().ok()) == Some(n))
        };
        if let Some(size) = entry.size {
            assert!(said('s', size.into()), "size {size} not in {line:?}");
        }
        if let Some(t) = entry.modified {
            assert!(said('m', t.timestamp().into()), "time {t} not in {line:?}");
        }
    }
});
