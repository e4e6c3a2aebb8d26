//! Modification times: comparison with the tolerance servers need, the
//! `YYYYMMDDHHMMSS` form of MDTM/MFMT, and local file times.
//!
//! Everything is compared in UTC. Servers report whole seconds (MLSD
//! `modify` may carry a fraction, MDTM and most LIST styles do not), while
//! local file systems keep nanoseconds, so two times within one second of
//! each other are the same time.

use std::fs::Metadata;
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::{Error, Result};

/// Granularity of a server that gives no sub-seconds.
const TOLERANCE: TimeDelta = TimeDelta::seconds(1);

/// True when `a` and `b` name the same moment at one-second granularity.
pub fn same(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).abs() < TOLERANCE
}

/// True when `a` is later than `b` by at least the granularity.
pub fn newer(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    a - b >= TOLERANCE
}

/// `YYYYMMDDHHMMSS`, UTC, as MFMT, SITE UTIME and MDTM use it. Sub-seconds
/// are dropped: servers that store them would otherwise disagree with those
/// that do not on later comparisons, and [`same`] absorbs the difference.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%d%H%M%S").to_string()
}

/// Parses the time in an MDTM reply (`YYYYMMDDHHMMSS[.fraction]`, UTC),
/// surrounding space allowed; the crate's one parser is
/// [`crate::listing::time_val::parse`].
pub fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    crate::listing::time_val::parse(text.trim())
}

/// A local file's modification time, when the platform reports one.
pub fn local_mtime(meta: &Metadata) -> Option<DateTime<Utc>> {
    meta.modified().ok().map(DateTime::<Utc>::from)
}

/// Sets a local file's modification time (access time too, to the same
/// value: nothing reads it, and leaving it at "now" would only be noise).
pub fn set_local_mtime(path: &Path, t: DateTime<Utc>) -> Result<()> {
    let ft = filetime::FileTime::from_unix_time(t.timestamp(), t.timestamp_subsec_nanos());
    filetime::set_file_times(path, ft, ft).map_err(|e| Error::Local {
        action: "set the modification time of",
        path: path.into(),
        source: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64, nanos: u32) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + s, nanos).unwrap()
    }

    #[test]
    fn one_second_tolerance() {
        assert!(same(t(0, 0), t(0, 999_000_000)));
        assert!(same(t(1, 0), t(0, 500_000_000)));
        assert!(!same(t(1, 0), t(0, 0)));
        assert!(!same(t(0, 0), t(60, 0)));
        assert!(newer(t(1, 0), t(0, 0)));
        assert!(!newer(t(0, 900_000_000), t(0, 0)));
        assert!(!newer(t(0, 0), t(5, 0)));
    }

    #[test]
    fn stamps_round_trip() {
        let x = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(stamp(x), "20240102030405");
        assert_eq!(parse_stamp("20240102030405"), Some(x));
        assert_eq!(parse_stamp(" 20240102030405.25 ").map(|p| p - x), Some(TimeDelta::milliseconds(250)));
        for bad in ["", "2024010203040", "2024010203040x", "20241302030405", "20240102030405.x"] {
            assert_eq!(parse_stamp(bad), None, "{bad}");
        }
    }
}
