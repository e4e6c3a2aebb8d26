//! A throwaway PKI for the tests: one CA and one server certificate for
//! `localhost`, `127.0.0.1` and `::1`, generated once per test process with
//! rcgen (ECDSA P-256) and written to a temporary directory that lives as long
//! as the process. Files are world-readable so that servers which read them
//! after dropping privileges (the unprivileged FTP user) can still load them.

#![allow(dead_code)] // shared API: not every item is used by every test module

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rcgen::{
    BasicConstraints, Certificate, CertificateParams, CertificateRevocationListParams, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyIdMethod, KeyPair, KeyUsagePurpose, RevocationReason, RevokedCertParams,
    SerialNumber, date_time_ymd,
};

/// Prefix of the per-process PKI directories in the system temp dir.
const DIR_PREFIX: &str = "ftps-it-pki-";

pub struct Pki {
    /// Directory holding the PEM files (lives for the whole test process).
    pub dir: PathBuf,
    /// The CA certificate (what `--ca-file` should point at).
    pub ca_pem: PathBuf,
    /// The server certificate (leaf only, signed by the CA).
    pub cert_pem: PathBuf,
    /// The server's private key (PKCS#8 PEM).
    pub key_pem: PathBuf,
    pub ca_der: Vec<u8>,
    pub cert_der: Vec<u8>,
    /// PKCS#8 DER of the server key.
    pub key_der: Vec<u8>,
    /// A client certificate signed by the same CA, for mutual TLS tests.
    pub client_cert_pem: PathBuf,
    pub client_key_pem: PathBuf,
    /// Server certificates for the trust tests, signed by the same CA:
    /// valid only for `other.example`; expired in 2021; the main server key
    /// in a new certificate (a renewal); and one listed in [`Pki::crl_pem`].
    pub wrong_name: Leaf,
    pub expired: Leaf,
    pub renewed: Leaf,
    pub revoked: Leaf,
    /// Valid for the local names and expiring 10 days (plus an hour) and 60
    /// days from now, for the expiry warning.
    pub expires_soon: Leaf,
    pub expires_later: Leaf,
    /// Signed by an intermediate CA (itself signed by the CA), and that
    /// intermediate's certificate (DER), for a chain of two.
    pub via_intermediate: Leaf,
    pub intermediate_der: Vec<u8>,
    /// Valid for 127.0.0.1, with terminal controls in its subject and a name.
    pub control_chars: Leaf,
    /// A CRL from the CA revoking [`Pki::revoked`].
    pub crl_pem: PathBuf,
    /// Keeps the directory alive; statics are never dropped, so it stays until
    /// the process exits (stale ones are removed by the next run).
    _dir: tempfile::TempDir,
}

/// A server certificate and its key (DER), for `Behaviour::leaf`.
pub struct Leaf {
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
}

impl Leaf {
    pub fn sha256(&self) -> String {
        sha256(&self.cert_der)
    }
}

/// `sha256:` + hex, as ftps prints fingerprints.
pub fn sha256(der: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    format!("sha256:{}", digest.as_ref().iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Fingerprint of a certificate's public key (SubjectPublicKeyInfo).
pub fn spki_sha256(cert_der: &[u8]) -> String {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).expect("test certificate parses");
    sha256(cert.tbs_certificate.subject_pki.raw)
}

/// When a test leaf is valid: from 2024 on, or only in 2020, or from 2024
/// until this many seconds from now.
#[derive(Clone, Copy)]
enum Validity {
    Current,
    Expired,
    EndsIn(u64),
}

fn leaf(
    names: &[&str],
    serial: u8,
    validity: Validity,
    key: Option<&KeyPair>,
    ca: &Certificate,
    ca_key: &KeyPair,
) -> Result<Leaf, rcgen::Error> {
    let fresh;
    let key = match key {
        Some(k) => k,
        None => {
            fresh = KeyPair::generate()?;
            &fresh
        }
    };
    let mut params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, names.first().copied().unwrap_or("server"));
    params.distinguished_name = dn;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.serial_number = Some(SerialNumber::from(vec![0x40, serial]));
    match validity {
        Validity::Expired => {
            params.not_before = date_time_ymd(2020, 1, 1);
            params.not_after = date_time_ymd(2021, 1, 1);
        }
        Validity::Current => params.not_before = date_time_ymd(2024, 1, 1),
        Validity::EndsIn(secs) => {
            params.not_before = date_time_ymd(2024, 1, 1);
            params.not_after = (std::time::SystemTime::now() + std::time::Duration::from_secs(secs)).into();
        }
    }
    let cert = params.signed_by(key, ca, ca_key)?;
    Ok(Leaf { cert_der: cert.der().to_vec(), key_der: key.serialize_der() })
}

impl Pki {
    /// Lower-case hex SHA-256 fingerprint of the server certificate, as an
    /// `ftps` error message about an untrusted certificate is expected to show it.
    pub fn cert_sha256_hex(&self) -> String {
        let digest = ring::digest::digest(&ring::digest::SHA256, &self.cert_der);
        digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The process-wide test PKI (generated on first use).
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| generate().expect("generating the test PKI"))
}

fn generate() -> Result<Pki, Box<dyn std::error::Error>> {
    remove_stale_dirs();

    let dir = tempfile::Builder::new().prefix(&format!("{DIR_PREFIX}{}-", std::process::id())).tempdir()?;
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755))?;

    // CA.
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let mut ca_dn = DistinguishedName::new();
    ca_dn.push(DnType::OrganizationName, "ftps integration tests");
    ca_dn.push(DnType::CommonName, "ftps throwaway test CA");
    ca_params.distinguished_name = ca_dn;
    ca_params.key_usages =
        vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let ca_cert = ca_params.self_signed(&ca_key)?;

    // Server certificate.
    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()])?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "ftps integration tests");
    dn.push(DnType::CommonName, "localhost");
    params.distinguished_name = dn;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let cert = params.signed_by(&key, &ca_cert, &ca_key)?;

    // Client certificate (mutual TLS).
    let client_key = KeyPair::generate()?;
    let mut client_params = CertificateParams::new(Vec::<String>::new())?;
    let mut client_dn = DistinguishedName::new();
    client_dn.push(DnType::CommonName, "ftpstest client");
    client_params.distinguished_name = client_dn;
    client_params.is_ca = IsCa::ExplicitNoCa;
    client_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    client_params.use_authority_key_identifier_extension = true;
    let client_cert = client_params.signed_by(&client_key, &ca_cert, &ca_key)?;
    let client_cert_pem = dir.path().join("client.pem");
    let client_key_pem = dir.path().join("client.key");
    write_readable(&client_cert_pem, client_cert.pem().as_bytes())?;
    write_readable(&client_key_pem, client_key.serialize_pem().as_bytes())?;

    let local = ["localhost", "127.0.0.1", "::1"];
    let wrong_name = leaf(&["other.example"], 1, Validity::Current, None, &ca_cert, &ca_key)?;
    let expired = leaf(&local, 2, Validity::Expired, None, &ca_cert, &ca_key)?;
    let renewed = leaf(&local, 3, Validity::Current, Some(&key), &ca_cert, &ca_key)?;
    let revoked = leaf(&local, 4, Validity::Current, None, &ca_cert, &ca_key)?;
    const DAY: u64 = 86_400;
    let expires_soon = leaf(&local, 5, Validity::EndsIn(10 * DAY + 3600), None, &ca_cert, &ca_key)?;
    let mid_key = KeyPair::generate()?;
    let mut mid_params = CertificateParams::new(Vec::<String>::new())?;
    mid_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let mut mid_dn = DistinguishedName::new();
    mid_dn.push(DnType::CommonName, "ftps test intermediate CA");
    mid_params.distinguished_name = mid_dn;
    mid_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
    mid_params.use_authority_key_identifier_extension = true;
    let mid_cert = mid_params.signed_by(&mid_key, &ca_cert, &ca_key)?;
    let via_intermediate = leaf(&local, 8, Validity::Current, None, &mid_cert, &mid_key)?;
    let control_chars =
        leaf(&["evil\x1b]0;pwned\x07.example", "127.0.0.1"], 7, Validity::Current, None, &ca_cert, &ca_key)?;
    let expires_later = leaf(&local, 6, Validity::EndsIn(60 * DAY + 3600), None, &ca_cert, &ca_key)?;
    let crl = CertificateRevocationListParams {
        this_update: date_time_ymd(2025, 1, 1),
        next_update: date_time_ymd(2099, 1, 1),
        crl_number: SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: vec![RevokedCertParams {
            serial_number: SerialNumber::from(vec![0x40, 4]),
            revocation_time: date_time_ymd(2025, 1, 1),
            reason_code: Some(RevocationReason::KeyCompromise),
            invalidity_date: None,
        }],
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&ca_cert, &ca_key)?;
    let crl_pem = dir.path().join("ca.crl.pem");
    write_readable(&crl_pem, crl.pem()?.as_bytes())?;

    let ca_pem = dir.path().join("ca.pem");
    let cert_pem = dir.path().join("server.pem");
    let key_pem = dir.path().join("server.key");
    write_readable(&ca_pem, ca_cert.pem().as_bytes())?;
    write_readable(&cert_pem, cert.pem().as_bytes())?;
    write_readable(&key_pem, key.serialize_pem().as_bytes())?;

    Ok(Pki {
        dir: dir.path().to_path_buf(),
        ca_pem,
        cert_pem,
        key_pem,
        ca_der: ca_cert.der().to_vec(),
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
        client_cert_pem,
        client_key_pem,
        wrong_name,
        expired,
        renewed,
        revoked,
        expires_soon,
        expires_later,
        control_chars,
        via_intermediate,
        intermediate_der: mid_cert.der().to_vec(),
        crl_pem,
        _dir: dir,
    })
}

fn write_readable(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    fs::write(path, contents)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

/// Removes PKI directories left behind by earlier test processes that have exited.
fn remove_stale_dirs() {
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
