//! TLS configuration shared by a control connection and its data connections.
//!
//! Data connections must resume the control connection's session (vsftpd and
//! ProFTPD refuse them otherwise), and rustls only offers a stored session to
//! a connection built from the same `ClientConfig`. So each control
//! connection gets its own [`SessionTls`]: one config, one verifier, one
//! ticket store, shared by the control stream and every data stream it opens.

mod client;
mod store;
mod verify;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rustls::ClientConfig;
use rustls::RootCertStore;
use rustls::client::Resumption;
use rustls::crypto::CryptoProvider;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, CertificateRevocationListDer, ServerName};

pub use crate::certinfo::{CertInfo, fingerprint};
use crate::error::{Error, Result};
use client::ClientAuth;
pub use client::{ClientCert, Passphrase};
pub use store::TicketStore;
pub use verify::{CertRecorder, KnownHostChanged, PinMismatch, Trust};

/// Told of every server certificate a handshake accepted, with the host name
/// it was checked against: the library never prints, so whoever wants to
/// warn about a coming expiry (the CLI) listens here, for every connection
/// of the run, mirror workers and reconnects included.
#[derive(Clone)]
pub struct OnAccepted(pub Arc<AcceptedFn>);

/// Host name checked, certificate accepted.
pub type AcceptedFn = dyn Fn(&str, &CertInfo) + Send + Sync;

impl std::fmt::Debug for OnAccepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnAccepted(..)")
    }
}

/// A TLS protocol version the client may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    V12,
    V13,
}

impl std::fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TlsVersion::V12 => "TLS 1.2",
            TlsVersion::V13 => "TLS 1.3",
        })
    }
}

impl TlsVersion {
    pub fn other(self) -> TlsVersion {
        match self {
            TlsVersion::V12 => TlsVersion::V13,
            TlsVersion::V13 => TlsVersion::V12,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TlsOptions {
    pub ca_files: Vec<PathBuf>,
    /// Certificate revocation lists (PEM) checked against the chain.
    pub crl_files: Vec<PathBuf>,
    pub insecure: bool,
    pub min_version: TlsVersion,
    pub max_version: TlsVersion,
    pub trust: Trust,
    /// Client certificate and key for mutual TLS.
    pub client_cert: Option<ClientCert>,
}

/// Process-wide trust settings, built once (loading the system store costs
/// milliseconds) and turned into per-connection configs cheaply.
#[derive(Debug, Clone)]
pub struct TlsContext {
    provider: Arc<CryptoProvider>,
    roots: Arc<RootCertStore>,
    crls: Vec<CertificateRevocationListDer<'static>>,
    client_auth: Option<ClientAuth>,
    pub options: TlsOptions,
    /// Shared by every clone, so all sessions of a run (mirror workers,
    /// reconnects, spare connections) learn from one refusal.
    refused: Arc<Refused>,
    accepted: Option<OnAccepted>,
    /// Let every certificate through, recording the verdict (see [`TlsContext::inspecting`]).
    inspect: bool,
}

/// Versions a server has refused during this run. A heuristic (or the
/// ticket policy) that picks one version must never lock a server out: the
/// refused one is retried with the other once, and not offered again.
#[derive(Debug, Default)]
struct Refused {
    v12: AtomicBool,
    v13: AtomicBool,
    /// A handshake of the run has finished (either way): later ones need
    /// not wait for [`Refused::first`].
    settled: AtomicBool,
    /// Held by the run's first handshake, so parallel connections (mirror
    /// workers connecting at once) learn its outcome before choosing a
    /// version instead of all meeting the same refusal.
    first: std::sync::Mutex<()>,
}

impl Refused {
    fn flag(&self, v: TlsVersion) -> &AtomicBool {
        match v {
            TlsVersion::V12 => &self.v12,
            TlsVersion::V13 => &self.v13,
        }
    }
}

/// The versions one handshake offers, lowest and highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub min: TlsVersion,
    pub max: TlsVersion,
}

impl Offer {
    /// Only one version: a refusal then says something about that version.
    pub fn single(&self) -> Option<TlsVersion> {
        (self.min == self.max).then_some(self.min)
    }
}

impl std::fmt::Display for Offer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.single() {
            Some(v) => write!(f, "{v} only"),
            None => write!(f, "{} and {}", self.min, self.max),
        }
    }
}

impl TlsContext {
    pub fn new(options: TlsOptions) -> Result<Self> {
        let provider = Arc::new(provider());
        let mut roots = RootCertStore::empty();
        if !options.insecure {
            let native = rustls_native_certs::load_native_certs();
            let (added, _) = roots.add_parsable_certificates(native.certs);
            if added == 0 {
                // No usable system store (minimal containers): fall back to
                // the Mozilla roots compiled in.
                roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            }
            for file in &options.ca_files {
                let certs = CertificateDer::pem_file_iter(file)
                    .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                    .map_err(|e| {
                        Error::InvalidArgument(format!(
                            "cannot read CA certificates from {}: {e}; a PEM file is needed",
                            file.display()
                        ))
                    })?;
                if certs.is_empty() {
                    return Err(Error::InvalidArgument(format!(
                        "{} holds no PEM certificate; a CA file needs BEGIN CERTIFICATE blocks",
                        file.display()
                    )));
                }
                for c in certs {
                    roots.add(c).map_err(|e| {
                        Error::InvalidArgument(format!("unusable CA certificate in {}: {e}", file.display()))
                    })?;
                }
            }
        }
        let crls = options.crl_files.iter().map(|f| load_crls(f)).collect::<Result<Vec<_>>>()?.concat();
        let client_auth = match &options.client_cert {
            Some(spec) => Some(client::load(spec)?),
            None => None,
        };
        Ok(TlsContext {
            provider,
            roots: Arc::new(roots),
            crls,
            client_auth,
            options,
            refused: Arc::default(),
            accepted: None,
            inspect: false,
        })
    }

    /// The same context letting any certificate through (the handshake
    /// signatures are still checked) while recording what verification
    /// would have said, so a person can be shown a whole chain that fails.
    /// Only for looking: a session built from it must never log in.
    pub fn inspecting(&self) -> TlsContext {
        TlsContext { inspect: true, ..self.clone() }
    }

    /// The same context telling `notice` of every certificate accepted.
    pub fn on_accepted(mut self, notice: OnAccepted) -> TlsContext {
        self.accepted = Some(notice);
        self
    }

    /// Whether `v` may be offered: allowed by the options and not refused
    /// by the server earlier in this run.
    pub fn usable(&self, v: TlsVersion) -> bool {
        self.options.min_version <= v && v <= self.options.max_version && !self.refused.flag(v).load(Ordering::Relaxed)
    }

    /// Runs `handshake` (choosing the version and shaking hands) alone while
    /// no handshake of this run has finished yet; afterwards at once. A
    /// refusal must be recorded inside `handshake` for the others to see it.
    pub fn first_handshake<T>(&self, handshake: impl FnOnce() -> crate::error::Result<T>) -> crate::error::Result<T> {
        if self.refused.settled.load(Ordering::Acquire) {
            return handshake();
        }
        let _alone = self.refused.first.lock().unwrap_or_else(|p| p.into_inner());
        if self.refused.settled.load(Ordering::Acquire) {
            // Waited for the first one: the rest need not queue behind each other.
            drop(_alone);
            return handshake();
        }
        let out = handshake();
        self.refused.settled.store(true, Ordering::Release);
        out
    }

    /// Records that the server refused a handshake offering only `v`.
    pub fn remember_refused(&self, v: TlsVersion) {
        self.refused.flag(v).store(true, Ordering::Relaxed);
    }

    /// What to offer when the caller would like at most `max`: the options'
    /// range capped at `max`, without refused versions. When that leaves
    /// nothing (the caller's cap names a refused version), the version still
    /// usable wins: a preference never locks a server out.
    pub fn offer(&self, max: TlsVersion) -> Offer {
        let allowed: Vec<TlsVersion> =
            [TlsVersion::V12, TlsVersion::V13].into_iter().filter(|v| self.usable(*v)).collect();
        let capped: Vec<TlsVersion> = allowed.iter().copied().filter(|v| *v <= max).collect();
        let pick = if capped.is_empty() { &allowed } else { &capped };
        match (pick.first(), pick.last()) {
            (Some(lo), Some(hi)) => Offer { min: *lo, max: *hi },
            // Everything refused: offer the configured range as it is.
            _ => Offer { min: self.options.min_version, max: self.options.max_version },
        }
    }

    /// The same context for a host remembered with these fingerprints
    /// (known hosts): it must present one of them.
    pub fn with_known(&self, fingerprints: Vec<String>) -> TlsContext {
        let mut ctx = self.clone();
        ctx.options.trust.known = fingerprints;
        ctx
    }

    /// The same context accepting this fingerprint whatever failed, after
    /// a person was shown what did ("trust once").
    pub fn with_once(&self, fingerprint: String) -> TlsContext {
        let mut ctx = self.clone();
        ctx.options.trust.once.push(fingerprint);
        ctx
    }

    /// A fresh per-control-connection TLS setup for `host`, offering the
    /// versions in `offer` (see [`TlsContext::offer`]).
    pub fn session(&self, host: &str, offer: Offer) -> Result<SessionTls> {
        let server_name = ServerName::try_from(host.to_string())
            .map_err(|_| Error::InvalidArgument(format!("{host:?} is not a valid host name")))?;
        let trust = self.options.trust.clone();
        let recorder = if self.options.insecure {
            CertRecorder::insecure(self.provider.clone(), trust)
        } else {
            CertRecorder::verifying(self.roots.clone(), self.crls.clone(), self.provider.clone(), trust)?
        };
        let recorder = Arc::new(recorder.notifying(self.accepted.clone()).inspecting(self.inspect));
        let versions: &[&'static rustls::SupportedProtocolVersion] = match (offer.min, offer.max) {
            (TlsVersion::V12, TlsVersion::V13) => &[&rustls::version::TLS13, &rustls::version::TLS12],
            (TlsVersion::V13, _) => &[&rustls::version::TLS13],
            (TlsVersion::V12, TlsVersion::V12) => &[&rustls::version::TLS12],
        };
        let store = Arc::new(TicketStore::default());
        let builder = ClientConfig::builder_with_provider(self.provider.clone())
            .with_protocol_versions(versions)
            .map_err(|e| Error::InvalidArgument(format!("TLS setup: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(recorder.clone());
        let mut config = match &self.client_auth {
            Some(auth) => builder
                .with_client_auth_cert(auth.chain.clone(), auth.key.clone_key())
                .map_err(|e| Error::InvalidArgument(format!("unusable client certificate or key: {e}")))?,
            None => builder.with_no_client_auth(),
        };
        config.resumption = Resumption::store(store.clone());
        Ok(SessionTls { config: Arc::new(config), server_name, recorder, store, offer })
    }
}

/// Everything one control connection and its data connections share.
#[derive(Debug, Clone)]
pub struct SessionTls {
    pub config: Arc<ClientConfig>,
    pub server_name: ServerName<'static>,
    pub recorder: Arc<CertRecorder>,
    pub store: Arc<TicketStore>,
    /// The versions this connection's handshakes offer.
    pub offer: Offer,
}

/// ring's suites with AES-128-GCM first. rustls prefers AES-256 (and so
/// SHA-384) and OpenSSL servers follow the client's order; AES-128-GCM is
/// as safe for this purpose and measurably cheaper on every one of the
/// thousands of short data connections a mirror opens.
fn provider() -> CryptoProvider {
    use rustls::crypto::ring::cipher_suite::*;
    CryptoProvider {
        cipher_suites: vec![
            TLS13_AES_128_GCM_SHA256,
            TLS13_AES_256_GCM_SHA384,
            TLS13_CHACHA20_POLY1305_SHA256,
            TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ],
        ..rustls::crypto::ring::default_provider()
    }
}

fn load_crls(file: &std::path::Path) -> Result<Vec<CertificateRevocationListDer<'static>>> {
    let crls = CertificateRevocationListDer::pem_file_iter(file)
        .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| Error::InvalidArgument(format!("cannot read revocation lists from {}: {e}", file.display())))?;
    if crls.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "{} holds no revocation list; a PEM file with BEGIN X509 CRL blocks is needed",
            file.display()
        )));
    }
    Ok(crls)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(min: TlsVersion, max: TlsVersion) -> TlsContext {
        TlsContext::new(TlsOptions {
            ca_files: Vec::new(),
            crl_files: Vec::new(),
            insecure: true,
            min_version: min,
            max_version: max,
            trust: Trust::default(),
            client_cert: None,
        })
        .unwrap()
    }

    const V12: TlsVersion = TlsVersion::V12;
    const V13: TlsVersion = TlsVersion::V13;

    #[test]
    fn offers_follow_options_and_preference() {
        let c = ctx(V12, V13);
        assert_eq!(c.offer(V13), Offer { min: V12, max: V13 });
        assert_eq!(c.offer(V12), Offer { min: V12, max: V12 });
        let only13 = ctx(V13, V13);
        // A preference for 1.2 (the ticket heuristic) never overrides --tls-min.
        assert_eq!(only13.offer(V12), Offer { min: V13, max: V13 });
        assert!(!only13.usable(V12));
    }

    #[test]
    fn a_refusal_is_shared_by_clones_and_never_locks_out() {
        let c = ctx(V12, V13);
        let worker = c.with_known(vec!["sha256:00".into()]);
        c.remember_refused(V12);
        assert!(!worker.usable(V12), "clones (mirror workers) share what was learnt");
        assert_eq!(worker.offer(V12), Offer { min: V13, max: V13 });
        assert_eq!(worker.offer(V13), Offer { min: V13, max: V13 });
        c.remember_refused(V13);
        // Both refused: offer the configured range again rather than nothing.
        assert_eq!(c.offer(V13), Offer { min: V12, max: V13 });
    }
}
