//! Certificate verification that remembers what the server presented, so a
//! rejection can show the certificate (the user needs its fingerprint to
//! decide whether to trust it), and that honours explicit trust beyond the
//! CA system:
//! - pins: the certificate or its public key must match one of them; a pin
//!   is a complete statement of trust and replaces the CA checks;
//! - remembered fingerprints (known hosts), SSH-like: a remembered host must
//!   present the remembered certificate or public key even when a CA vouches
//!   for another one, and only the issuer check is waived: expiry and host
//!   name are still checked;
//! - fingerprints the user accepted once at a terminal, after being told
//!   what failed: every check is waived, for this run only.
//!
//! `--insecure` still checks the handshake signatures, and still refuses a
//! remembered host that presents another key.

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, CertificateRevocationListDer, ServerName, UnixTime};

use super::CertInfo;
use crate::error::{Error, Result};

/// Explicit trust decisions, in addition to (or instead of) the CA roots.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// `sha256:HEX` each: the certificate (or its public key) must hash to one of them.
    pub pins: Vec<String>,
    /// Remembered for this host: it must present one of these.
    pub known: Vec<String>,
    /// Accepted for this run although checks failed.
    pub once: Vec<String>,
}

#[derive(Debug)]
pub struct CertRecorder {
    /// `None` means `--insecure`: any certificate is accepted.
    inner: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
    trust: Trust,
    last: Mutex<Option<CertInfo>>,
    accepted: Option<super::OnAccepted>,
    /// Accept whatever was presented, after recording the verdict.
    inspect: bool,
}

/// The certificate matched none of the pins.
#[derive(Debug)]
pub struct PinMismatch {
    pub expected: Vec<String>,
    pub actual: String,
}

impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "certificate matches no pinned fingerprint: expected {}, server presented {}",
            self.expected.join(" or "),
            self.actual
        )
    }
}

impl std::error::Error for PinMismatch {}

/// A remembered host presented a different certificate and public key.
#[derive(Debug)]
pub struct KnownHostChanged {
    pub known: Vec<String>,
    /// Fingerprint of the presented public key (or certificate, if unparsable).
    pub presented: String,
    /// Fingerprint of the presented certificate.
    pub presented_cert: String,
}

impl std::fmt::Display for KnownHostChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the server's certificate CHANGED since you trusted it: remembered {}, now public key {} \
             (certificate {}); this may be an attack, even though a CA may vouch for the new one",
            self.known.join(", "),
            self.presented,
            self.presented_cert
        )
    }
}

impl std::error::Error for KnownHostChanged {}

impl CertRecorder {
    pub fn verifying(
        roots: Arc<RootCertStore>,
        crls: Vec<CertificateRevocationListDer<'static>>,
        provider: Arc<CryptoProvider>,
        trust: Trust,
    ) -> Result<Self> {
        let mut builder = WebPkiServerVerifier::builder_with_provider(roots, provider.clone());
        if !crls.is_empty() {
            // A CRL file covers the CAs it comes from; certificates of other
            // CAs have no revocation status to check. A stale CRL is refused:
            // it may lack recent revocations.
            builder = builder.with_crls(crls).allow_unknown_revocation_status().enforce_revocation_expiration();
        }
        let inner =
            builder.build().map_err(|e| Error::InvalidArgument(format!("no usable trusted certificates: {e}")))?;
        Ok(CertRecorder { inner: Some(inner), provider, trust, last: Mutex::new(None), accepted: None, inspect: false })
    }

    pub fn insecure(provider: Arc<CryptoProvider>, trust: Trust) -> Self {
        CertRecorder { inner: None, provider, trust, last: Mutex::new(None), accepted: None, inspect: false }
    }

    /// Tells `accepted` of each certificate this verifier accepts.
    pub fn notifying(mut self, accepted: Option<super::OnAccepted>) -> Self {
        self.accepted = accepted;
        self
    }

    /// Lets every certificate through, recording what failed (for `ftps trust`).
    pub fn inspecting(mut self, inspect: bool) -> Self {
        self.inspect = inspect;
        self
    }

    /// The last end-entity certificate seen (for messages and trust prompts).
    pub fn last_cert(&self) -> Option<CertInfo> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

fn other(e: impl std::error::Error + Send + Sync + 'static) -> rustls::Error {
    rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(e))))
}

/// The checks a remembered certificate still gets when no CA vouches for it.
fn name_and_time(
    end_entity: &CertificateDer<'_>,
    info: &CertInfo,
    server_name: &ServerName<'_>,
    now: UnixTime,
) -> std::result::Result<(), rustls::Error> {
    let now_secs = now.as_secs() as i64;
    if let Some((from, to)) = info.validity {
        if now_secs < from {
            return Err(CertificateError::NotValidYet.into());
        }
        if now_secs > to {
            return Err(CertificateError::Expired.into());
        }
    }
    let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
    rustls::client::verify_server_name(&parsed, server_name)
}

/// Errors that say the certificate itself is unfit, whoever issued it.
fn is_unfit(e: &rustls::Error) -> bool {
    use CertificateError::*;
    matches!(
        e,
        rustls::Error::InvalidCertificate(
            Expired
                | ExpiredContext { .. }
                | NotValidYet
                | NotValidYetContext { .. }
                | NotValidForName
                | NotValidForNameContext { .. }
                | Revoked
                | InvalidPurpose
                | InvalidPurposeContext { .. }
        )
    )
}

impl CertRecorder {
    fn judge(
        &self,
        info: &CertInfo,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let trust = &self.trust;
        if !trust.pins.is_empty() {
            return if trust.pins.iter().any(|p| info.matches(p)) {
                Ok(ServerCertVerified::assertion())
            } else {
                Err(other(PinMismatch { expected: trust.pins.clone(), actual: info.fingerprint.clone() }))
            };
        }
        if trust.once.iter().any(|a| info.matches(a)) {
            return Ok(ServerCertVerified::assertion());
        }
        // Before the `--insecure` shortcut: turning checks off never lets a
        // remembered server present another key (only a pin, named for it, can).
        if !trust.known.is_empty() && !trust.known.iter().any(|k| info.matches(k)) {
            return Err(other(KnownHostChanged {
                known: trust.known.clone(),
                presented: info.spki_fingerprint.clone().unwrap_or_else(|| info.fingerprint.clone()),
                presented_cert: info.fingerprint.clone(),
            }));
        }
        let Some(v) = &self.inner else { return Ok(ServerCertVerified::assertion()) };
        if trust.known.is_empty() {
            return v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now);
        }
        match v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Ok(ok) => Ok(ok),
            Err(e) if is_unfit(&e) => Err(e),
            // The issuer is what remembering it vouches for; the rest still counts.
            Err(_) => name_and_time(end_entity, info, server_name, now).map(|()| ServerCertVerified::assertion()),
        }
    }
}

/// No trusted CA vouches for it (but it is otherwise well-formed).
fn is_issuer_problem(e: &rustls::Error) -> bool {
    match e {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => true,
        rustls::Error::InvalidCertificate(CertificateError::Other(o)) => format!("{o:?}").contains("CaUsedAsEndEntity"),
        _ => false,
    }
}

/// Every check that failed, in words, for the person deciding what to do.
/// WebPKI stops at the first failure, so the others are looked for here:
/// after an issuer failure, the name and dates; after a date failure, the
/// issuer and name as they would be judged while the certificate is valid.
fn problems(
    verifier: Option<&WebPkiServerVerifier>,
    e: &rustls::Error,
    info: &CertInfo,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    server_name: &ServerName<'_>,
    now: UnixTime,
) -> Vec<String> {
    use CertificateError::*;
    let mut out = vec![describe(e, info, server_name)];
    let ours = |o: &OtherError| o.0.is::<PinMismatch>() || o.0.is::<KnownHostChanged>();
    let more = match e {
        rustls::Error::InvalidCertificate(Other(o)) if ours(o) => None,
        rustls::Error::InvalidCertificate(
            Expired | ExpiredContext { .. } | NotValidYet | NotValidYetContext { .. },
        ) => {
            let within = info
                .validity
                .and_then(|(from, _)| u64::try_from(from).ok())
                .map(|from| UnixTime::since_unix_epoch(std::time::Duration::from_secs(from.saturating_add(1))));
            match (verifier, within) {
                (Some(v), Some(then)) => {
                    let mut found = Vec::new();
                    if let Err(e) = v.verify_server_cert(end_entity, intermediates, server_name, &[], then) {
                        found.push(e.clone());
                        if is_issuer_problem(&e) {
                            let named = rustls::server::ParsedCertificate::try_from(end_entity)
                                .and_then(|p| rustls::client::verify_server_name(&p, server_name));
                            found.extend(named.err());
                        }
                    }
                    Some(found)
                }
                _ => None,
            }
        }
        e if !is_unfit(e) => Some(name_and_time(end_entity, info, server_name, now).err().into_iter().collect()),
        _ => None,
    };
    for m in more.unwrap_or_default() {
        let text = describe(&m, info, server_name);
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

fn describe(e: &rustls::Error, info: &CertInfo, server_name: &ServerName<'_>) -> String {
    use CertificateError::*;
    let rustls::Error::InvalidCertificate(c) = e else { return e.to_string() };
    match c {
        // WebPKI's own error, for a self-signed certificate marked as a CA.
        UnknownIssuer | BadSignature => "not signed by a trusted CA (unknown issuer)".into(),
        Expired | ExpiredContext { .. } => format!("expired on {}", info.not_after),
        NotValidYet | NotValidYetContext { .. } => format!("not valid before {}", info.not_before),
        NotValidForName | NotValidForNameContext { .. } => format!(
            "wrong name: issued for {}, not {}",
            if info.names.is_empty() { "no host name".to_string() } else { info.names.join(", ") },
            server_name.to_str()
        ),
        Revoked => "revoked by its CA (listed in a CRL)".into(),
        Other(_) if is_issuer_problem(e) => {
            "self-signed: a CA certificate used as the server's, not signed by a trusted CA".into()
        }
        Other(o) => o.to_string(),
        other => format!("{other:?}"),
    }
}

impl ServerCertVerifier for CertRecorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let mut info = CertInfo::from_der(end_entity.as_ref());
        let verdict = self.judge(&info, end_entity, intermediates, server_name, ocsp_response, now);
        if let Err(e) = &verdict {
            info.problems = problems(self.inner.as_deref(), e, &info, end_entity, intermediates, server_name, now);
            info.issuer_only = info.problems.len() == 1 && is_issuer_problem(e);
        } else if let Some(notice) = &self.accepted {
            (notice.0)(&server_name.to_str(), &info);
        }
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(info);
        if self.inspect {
            return Ok(ServerCertVerified::assertion());
        }
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
