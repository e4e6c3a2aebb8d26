//! What a person needs to decide whether to trust a certificate: subject,
//! issuer, validity and fingerprints, parsed leniently (a certificate we
//! cannot parse still gets a fingerprint).
//!
//! A leaf module (it uses no other module of the crate): [`crate::error`]
//! carries a `CertInfo` in its TLS errors and [`crate::tls`] fills it in,
//! so it lives below both instead of in `tls`, which the error type must
//! not depend on.

use x509_parser::prelude::{FromDer, X509Certificate};

/// SHA-256 of a DER certificate as `sha256:` and 64 lower-case hex digits:
/// one token a user can copy into a pin or compare with
/// `openssl x509 -noout -fingerprint -sha256` (which adds colons).
pub fn fingerprint(der: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// `sha256:` + hex of the whole DER certificate.
    pub fingerprint: String,
    /// `sha256:` + hex of the SubjectPublicKeyInfo, stable across renewals with the same key.
    pub spki_fingerprint: Option<String>,
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    /// Unix seconds (not before, not after), for the checks a remembered
    /// certificate still gets.
    pub validity: Option<(i64, i64)>,
    /// DNS names and IP addresses the certificate is valid for.
    pub names: Vec<String>,
    /// What failed, in words, when verification failed (filled in by the verifier).
    pub problems: Vec<String>,
    /// Verification failed only because no trusted CA signed it: the one
    /// failure that remembering the certificate may waive.
    pub issuer_only: bool,
}

impl CertInfo {
    pub fn from_der(der: &[u8]) -> CertInfo {
        let fingerprint = fingerprint(der);
        match X509Certificate::from_der(der) {
            Ok((_, cert)) => CertInfo {
                fingerprint,
                spki_fingerprint: Some(self::fingerprint(cert.tbs_certificate.subject_pki.raw)),
                subject: cert.subject().to_string(),
                issuer: cert.issuer().to_string(),
                not_before: cert.validity().not_before.to_string(),
                not_after: cert.validity().not_after.to_string(),
                validity: Some((cert.validity().not_before.timestamp(), cert.validity().not_after.timestamp())),
                names: subject_names(&cert),
                problems: Vec::new(),
                issuer_only: false,
            },
            Err(_) => CertInfo {
                fingerprint,
                spki_fingerprint: None,
                subject: "(unparsable)".into(),
                issuer: "(unparsable)".into(),
                not_before: "?".into(),
                not_after: "?".into(),
                validity: None,
                names: Vec::new(),
                problems: Vec::new(),
                issuer_only: false,
            },
        }
    }

    /// Whole days until the certificate expires, when it does so within
    /// `within_days` of `now` (Unix seconds) and has not already: a cron job
    /// should hear of a coming expiry while there is time to renew.
    pub fn expires_within(&self, now: i64, within_days: i64) -> Option<i64> {
        let (_, not_after) = self.validity?;
        let left = not_after.checked_sub(now)?;
        (0..=within_days.saturating_mul(86_400)).contains(&left).then_some(left / 86_400)
    }

    /// True when `pin` names this certificate or its public key.
    pub fn matches(&self, pin: &str) -> bool {
        let pin = pin.trim().to_ascii_lowercase().replace(':', "");
        let pin = pin.strip_prefix("sha256").unwrap_or(&pin);
        let norm = |f: &str| f.to_ascii_lowercase().replace(':', "").trim_start_matches("sha256").to_string();
        norm(&self.fingerprint) == pin || self.spki_fingerprint.as_deref().is_some_and(|s| norm(s) == pin)
    }
}

fn subject_names(cert: &X509Certificate<'_>) -> Vec<String> {
    use x509_parser::extensions::GeneralName;
    let Ok(Some(san)) = cert.subject_alternative_name() else { return Vec::new() };
    san.value
        .general_names
        .iter()
        .filter_map(|n| match n {
            GeneralName::DNSName(d) => Some(d.to_string()),
            GeneralName::IPAddress(b) => match b.len() {
                4 => <[u8; 4]>::try_from(*b).ok().map(|a| std::net::IpAddr::from(a).to_string()),
                16 => <[u8; 16]>::try_from(*b).ok().map(|a| std::net::IpAddr::from(a).to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

impl std::fmt::Display for CertInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // One line per field: a line break in a server-chosen name would
        // otherwise start a line of its own (terminal controls are escaped
        // where the text is printed, by cli::term).
        let one_line = |v: &str| v.replace('\r', "\\x0d").replace('\n', "\\x0a");
        writeln!(f, "  subject:     {}", one_line(&self.subject))?;
        writeln!(f, "  issuer:      {}", one_line(&self.issuer))?;
        writeln!(f, "  valid:       {} to {}", self.not_before, self.not_after)?;
        if !self.names.is_empty() {
            writeln!(f, "  names:       {}", one_line(&self.names.join(", ")))?;
        }
        write!(f, "  fingerprint: {}", self.fingerprint)?;
        if let Some(spki) = &self.spki_fingerprint {
            write!(f, "\n  public key:  {spki}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_match_with_or_without_colons_and_case() {
        let info = CertInfo {
            fingerprint: "sha256:abcd".into(),
            spki_fingerprint: Some("sha256:1234".into()),
            subject: String::new(),
            issuer: String::new(),
            not_before: String::new(),
            not_after: String::new(),
            validity: None,
            names: Vec::new(),
            problems: Vec::new(),
            issuer_only: false,
        };
        assert!(info.matches("sha256:ABCD"));
        assert!(info.matches("sha256:ab:cd"));
        assert!(info.matches("sha256:1234"));
        assert!(!info.matches("sha256:abce"));
        assert!(!CertInfo::from_der(b"junk").matches("sha256:"));
    }

    #[test]
    fn expiry_is_reported_within_the_window_only() {
        let day = 86_400;
        let mut info = CertInfo::from_der(b"junk");
        assert_eq!(info.expires_within(0, 30), None, "no validity known: nothing to say");
        info.validity = Some((0, 100 * day));
        assert_eq!(info.expires_within(90 * day + 5, 30), Some(9));
        assert_eq!(info.expires_within(70 * day, 30), Some(30));
        assert_eq!(info.expires_within(69 * day, 30), None, "31 days left");
        assert_eq!(info.expires_within(100 * day + 1, 30), None, "already expired: the verifier says so");
        info.validity = Some((0, i64::MIN));
        assert_eq!(info.expires_within(i64::MAX, 30), None, "no overflow on odd dates");
    }
}
