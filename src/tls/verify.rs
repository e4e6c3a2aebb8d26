//! Certificate verification that remembers what the server presented, so a
//! rejection can show the certificate (the user needs its fingerprint to
//! decide whether to trust it), and that honours two kinds of explicit trust
//! beyond the CA system: a `--pin` (must match, CA or not) and fingerprints
//! the user accepted before (known hosts: accepted when CA checks fail).
//! `--insecure` still checks the handshake signatures.

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::certinfo::CertInfo;
use crate::error::{Error, Result};

/// Explicit trust decisions, in addition to (or instead of) the CA roots.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// `--pin sha256:HEX`: the certificate (or its public key) must hash to this.
    pub pin: Option<String>,
    /// Fingerprints accepted for this host although no CA vouches for them.
    pub accepted: Vec<String>,
}

#[derive(Debug)]
pub struct CertRecorder {
    /// `None` means `--insecure`: any certificate is accepted.
    inner: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
    trust: Trust,
    last: Mutex<Option<CertInfo>>,
}

/// The certificate did not match `--pin`.
#[derive(Debug)]
pub struct PinMismatch {
    pub expected: String,
    pub actual: String,
}

impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "certificate does not match --pin: expected {}, server presented {}", self.expected, self.actual)
    }
}

impl std::error::Error for PinMismatch {}

impl CertRecorder {
    pub fn verifying(roots: Arc<RootCertStore>, provider: Arc<CryptoProvider>, trust: Trust) -> Result<Self> {
        let inner = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(|e| Error::InvalidArgument(format!("no usable trusted certificates: {e}")))?;
        Ok(CertRecorder { inner: Some(inner), provider, trust, last: Mutex::new(None) })
    }

    pub fn insecure(provider: Arc<CryptoProvider>, trust: Trust) -> Self {
        CertRecorder { inner: None, provider, trust, last: Mutex::new(None) }
    }

    /// The last end-entity certificate seen (for messages and trust prompts).
    pub fn last_cert(&self) -> Option<CertInfo> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn last_fingerprint(&self) -> Option<String> {
        self.last_cert().map(|c| c.fingerprint)
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
        let info = CertInfo::from_der(end_entity.as_ref());
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(info.clone());
        if let Some(pin) = &self.trust.pin {
            // A pin is the strongest statement of trust: it replaces CA checks.
            return if info.matches(pin) {
                Ok(ServerCertVerified::assertion())
            } else {
                Err(rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(PinMismatch {
                    expected: pin.clone(),
                    actual: info.fingerprint,
                })))))
            };
        }
        let Some(v) = &self.inner else { return Ok(ServerCertVerified::assertion()) };
        match v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Ok(ok) => Ok(ok),
            Err(_) if self.trust.accepted.iter().any(|a| info.matches(a)) => Ok(ServerCertVerified::assertion()),
            Err(e) => Err(e),
        }
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
