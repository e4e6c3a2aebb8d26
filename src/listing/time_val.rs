//! RFC 3659 `time-val` (`YYYYMMDDHHMMSS[.fraction]`, always UTC): the one
//! parser for the MLSD/MLST `modify`/`create` facts and MDTM replies.
//!
//! One parser, because three used to disagree on trailing garbage, empty
//! fractions and leap seconds, and one of them sliced server text by byte
//! offsets (a multi-byte character there panicked). Everything here walks
//! bytes that were first checked to be ASCII digits, so no input can panic.

use chrono::{DateTime, NaiveDate, Utc};

/// Parses a time-val exactly: 14 ASCII digits, optionally `.` and at least
/// one more digit. No surrounding space, sign, or any other character is
/// accepted; callers trim reply text themselves. A leap second (`60`) is
/// kept the way chrono spells it (59 s plus one second of nanoseconds).
pub fn parse(value: &str) -> Option<DateTime<Utc>> {
    let bytes = value.as_bytes();
    let (main, fraction) = match bytes.iter().position(|&b| b == b'.') {
        Some(dot) => (bytes.get(..dot)?, Some(bytes.get(dot + 1..)?)),
        None => (bytes, None),
    };
    if main.len() != 14 || !main.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) if f.is_empty() || !f.iter().all(u8::is_ascii_digit) => return None,
        // Digits past nanoseconds carry nothing chrono can keep.
        Some(f) => {
            let digits = f.get(..9).unwrap_or(f);
            let value = number(digits);
            let scale = 10u32.pow(9 - digits.len() as u32);
            value * scale
        }
    };
    let field = |at: usize, len: usize| main.get(at..at + len).map(number);
    let year = i32::try_from(field(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, field(4, 2)?, field(6, 2)?)?;
    let (second, nanos) = match field(12, 2)? {
        60 => (59, nanos + 1_000_000_000),
        s => (s, nanos),
    };
    Some(date.and_hms_nano_opt(field(8, 2)?, field(10, 2)?, second, nanos)?.and_utc())
}

/// The value of at most nine ASCII digits (checked by the caller).
fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Timelike};

    #[test]
    fn good_values() {
        let at = |y, mo, d, h, mi, s| Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
        let cases: &[(&str, DateTime<Utc>, u32)] = &[
            ("20240102030405", at(2024, 1, 2, 3, 4, 5), 0),
            ("19700101000000", at(1970, 1, 1, 0, 0, 0), 0),
            ("99991231235959", at(9999, 12, 31, 23, 59, 59), 0),
            ("00010101000000", at(1, 1, 1, 0, 0, 0), 0),
            ("20240229235959", at(2024, 2, 29, 23, 59, 59), 0),
            ("20240102030405.25", at(2024, 1, 2, 3, 4, 5), 250_000_000),
            ("20240102030405.123", at(2024, 1, 2, 3, 4, 5), 123_000_000),
            ("20240102030405.000000001", at(2024, 1, 2, 3, 4, 5), 1),
            ("20240102030405.1234567891234", at(2024, 1, 2, 3, 4, 5), 123_456_789),
        ];
        for (text, whole, nanos) in cases {
            let t = parse(text).unwrap_or_else(|| panic!("{text:?} rejected"));
            assert_eq!(t.with_nanosecond(0), Some(*whole), "{text:?}");
            assert_eq!(t.nanosecond(), *nanos, "{text:?}");
        }
        let leap = parse("20161231235960").unwrap();
        assert_eq!((leap.second(), leap.nanosecond()), (59, 1_000_000_000));
        let leap = parse("20161231235960.5").unwrap();
        assert_eq!((leap.second(), leap.nanosecond()), (59, 1_500_000_000));
    }

    #[test]
    fn bad_values() {
        for text in [
            "",
            ".",
            "2024010203040",
            "202401020304050",
            "2024010203040x",
            "20240102030405.",
            "20240102030405.x",
            "20240102030405.12a",
            "20240102030405..1",
            "20240102030405.1.2",
            " 20240102030405",
            "20240102030405 ",
            "+2024010203040",
            "-2024010203040",
            "20241302030405",
            "20240002030405",
            "20240100030405",
            "20240230000000",
            "20230229120000",
            "20240103250000",
            "20240103106000",
            "20240103101561",
            "2024-01-03T10:15",
            // Multi-byte characters where digits should be, and right after
            // the fourteenth byte (what used to panic in `stat`).
            "２０２４0103101530",
            "2024010310153é",
            "20240103101530é",
            "2024010310153\u{0663}",
            "20240103101530.\u{0663}",
            "\u{202E}20240103101530",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
