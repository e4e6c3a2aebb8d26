//! Certificate management at the command line: the warning about a server
//! certificate that expires soon, and `ftps trust` (show a server's chain,
//! remember it in known_hosts, list and remove remembered hosts).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::tls::{CertInfo, OnAccepted};

use super::term::errln;

/// Days before expiry from which every run warns: a monthly cron job still
/// hears of it at least once before the certificate breaks it.
const WARN_DAYS: i64 = 30;

/// Warns on stderr, once per run and host, when an accepted server
/// certificate expires within [`WARN_DAYS`]. Printed even with `--quiet`:
/// the point is that an unattended job's mail carries it.
pub(crate) fn expiry_notice() -> OnAccepted {
    let warned = Arc::new(Mutex::new(HashSet::<String>::new()));
    OnAccepted(Arc::new(move |host: &str, cert: &CertInfo| {
        let now = chrono::Utc::now().timestamp();
        let Some(days) = cert.expires_within(now, WARN_DAYS) else { return };
        if !warned.lock().unwrap_or_else(|p| p.into_inner()).insert(host.to_ascii_lowercase()) {
            return;
        }
        errln!("ftps: warning: {}", expiry_text(host, cert, days));
    }))
}

fn expiry_text(host: &str, cert: &CertInfo, days: i64) -> String {
    let date = cert
        .validity
        .and_then(|(_, to)| chrono::DateTime::from_timestamp(to, 0))
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| cert.not_after.clone());
    let when = match days {
        0 => "in less than a day".to_string(),
        1 => "in 1 day".to_string(),
        n => format!("in {n} days"),
    };
    format!(
        "the server certificate of {} expires {when} ({date}); renew it before then, \
         or connections will fail from that date",
        super::printable(host)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_text_names_host_days_and_date() {
        let mut cert = CertInfo::from_der(b"junk");
        cert.validity = Some((0, 86_400 * 10));
        let text = expiry_text("ftp.example\u{1b}]", &cert, 10);
        assert!(text.contains("expires in 10 days (1970-01-11 00:00 UTC)"), "{text}");
        assert!(text.contains("renew it before"), "{text}");
        assert!(!text.contains('\u{1b}'), "server-influenced text is escaped: {text}");
        assert!(expiry_text("h", &cert, 0).contains("in less than a day"));
    }
}
