//! Certificate verification that remembers what the server presented, so a
//! rejection can show the certificate's fingerprint (the user needs it to
//! decide whether to trust the server) and `--insecure` still checks the
//! handshake signatures.

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use crate::error::{Error, Result};

#[derive(Debug)]
pub struct CertRecorder {
    /// `None` means `--insecure`: any certificate is accepted.
    inner: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
    last_fingerprint: Mutex<Option<String>>,
}

impl CertRecorder {
    pub fn verifying(roots: Arc<RootCertStore>, provider: Arc<CryptoProvider>) -> Result<Self> {
        let inner = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(|e| Error::InvalidArgument(format!("no usable trusted certificates: {e}")))?;
        Ok(CertRecorder { inner: Some(inner), provider, last_fingerprint: Mutex::new(None) })
    }

    pub fn insecure(provider: Arc<CryptoProvider>) -> Self {
        CertRecorder { inner: None, provider, last_fingerprint: Mutex::new(None) }
    }

    /// SHA-256 fingerprint of the last end-entity certificate seen.
    pub fn last_fingerprint(&self) -> Option<String> {
        self.last_fingerprint.lock().unwrap_or_else(|p| p.into_inner()).clone()
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
        *self.last_fingerprint.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(super::fingerprint(end_entity.as_ref()));
        match &self.inner {
            Some(v) => v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now),
            None => Ok(ServerCertVerified::assertion()),
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
