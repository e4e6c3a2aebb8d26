//! Every line of the input through the LIST (Unix `ls -l` / DOS / EPLF)
//! parser, at a fixed "now" and at the two ends of chrono's range (year
//! inference). EPLF lines (`+...`) may carry no time; the others always do.
#![no_main]

use chrono::{DateTime, TimeZone, Utc};
use ftps::listing::list;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let nows: [DateTime<Utc>; 3] =
        [Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap(), DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC];
    for line in text.split_inclusive('\n') {
        for now in nows {
            if let Ok(Some(entry)) = list::parse_line(line, now) {
                assert!(!entry.name.is_empty(), "empty name from {line:?}");
                assert!(entry.name != "." && entry.name != "..", "dot entry from {line:?}");
                assert!(entry.modified.is_some() || line.starts_with('+'), "entry without time from {line:?}");
            }
        }
    }
});
