//! The client certificate and key for mutual TLS, from PEM files (the key
//! plain or as encrypted PKCS#8) or one PKCS#12 bundle. The passphrase is
//! asked for only when a file turns out to be encrypted, so a person with a
//! plain key is never prompted; where it comes from (file, command,
//! terminal) is the caller's business: this layer never prompts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Larger than any certificate bundle a person keeps; bounds the read.
const MAX_FILE: u64 = 1024 * 1024;

/// Where a client certificate lives: a PEM chain plus its key, or a
/// PKCS#12 bundle holding both (then `key` is `None`).
#[derive(Debug, Clone)]
pub struct ClientCert {
    pub cert: PathBuf,
    pub key: Option<PathBuf>,
    /// Asked once, only for an encrypted key or a PKCS#12 bundle that the
    /// empty passphrase does not open.
    pub passphrase: Option<Passphrase>,
}

/// Gives the passphrase for the named file.
#[derive(Clone)]
pub struct Passphrase(pub Arc<AskFn>);

/// File to open, its passphrase.
pub type AskFn = dyn Fn(&Path) -> Result<Secret> + Send + Sync;

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(..)")
    }
}

#[derive(Debug, Clone)]
pub(super) struct ClientAuth {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: Arc<PrivateKeyDer<'static>>,
}

pub(super) fn load(spec: &ClientCert) -> Result<ClientAuth> {
    let bytes = read(&spec.cert)?;
    if is_pkcs12(&spec.cert, &bytes) {
        if let Some(key) = &spec.key {
            return Err(Error::InvalidArgument(format!(
                "{} is a PKCS#12 bundle, which holds its own key; drop the separate key file {}",
                spec.cert.display(),
                key.display()
            )));
        }
        return load_pkcs12(spec, &bytes);
    }
    let chain = CertificateDer::pem_slice_iter(&bytes)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::InvalidArgument(format!("cannot read client certificate {}: {e}", spec.cert.display())))?;
    if chain.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "the client certificate file {} holds neither a PEM certificate nor a PKCS#12 bundle",
            spec.cert.display()
        )));
    }
    let Some(key_path) = &spec.key else {
        return Err(Error::InvalidArgument(format!(
            "the client certificate {} is PEM, so its private key file is needed too",
            spec.cert.display()
        )));
    };
    let key_bytes = read(key_path)?;
    let key = match encrypted_pkcs8(&key_bytes) {
        Some(der) => decrypt_pkcs8(spec, key_path, &der)?,
        None => PrivateKeyDer::from_pem_slice(&key_bytes).map_err(|e| {
            Error::InvalidArgument(format!("cannot read private key {} (a PEM key is needed): {e}", key_path.display()))
        })?,
    };
    Ok(ClientAuth { chain, key: Arc::new(key) })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let local = |source| Error::Local { action: "read the client certificate file", path: path.to_path_buf(), source };
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes)).map_err(local)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(Error::InvalidArgument(format!(
            "{} is larger than {} KiB: not a certificate or key file",
            path.display(),
            MAX_FILE / 1024
        )));
    }
    Ok(bytes)
}

/// By extension, or by content: a DER SEQUENCE where PEM would start with
/// text. PEM files never begin with byte 0x30 followed by a length byte
/// of 0x80 or more (a bundle is always longer than 127 bytes).
fn is_pkcs12(path: &Path, bytes: &[u8]) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("p12" | "pfx")) || matches!(bytes, [0x30, len, ..] if *len >= 0x80)
}

const ENCRYPTED_BEGIN: &[u8] = b"-----BEGIN ENCRYPTED PRIVATE KEY-----";
const ENCRYPTED_END: &[u8] = b"-----END ENCRYPTED PRIVATE KEY-----";

/// The DER inside `-----BEGIN ENCRYPTED PRIVATE KEY-----`, if that is what
/// the file holds (rustls' PEM reader skips such blocks as unknown).
fn encrypted_pkcs8(bytes: &[u8]) -> Option<Vec<u8>> {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let start = find(bytes, ENCRYPTED_BEGIN)?;
    let rest = bytes.get(start..)?;
    let end = find(rest, ENCRYPTED_END)? + ENCRYPTED_END.len();
    let (_, der) = pkcs8::der::pem::decode_vec(rest.get(..end)?).ok()?;
    Some(der)
}

fn ask(spec: &ClientCert, path: &Path) -> Result<Secret> {
    match &spec.passphrase {
        Some(Passphrase(ask)) => ask(path),
        None => Err(Error::KeyPassphrase { path: path.to_path_buf(), wrong: false }),
    }
}

fn decrypt_pkcs8(spec: &ClientCert, path: &Path, der: &[u8]) -> Result<PrivateKeyDer<'static>> {
    let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der).map_err(|e| {
        Error::InvalidArgument(format!("{} is not a readable encrypted PKCS#8 key: {e}", path.display()))
    })?;
    let pass = ask(spec, path)?;
    let doc =
        info.decrypt(pass.expose()).map_err(|_| Error::KeyPassphrase { path: path.to_path_buf(), wrong: true })?;
    Ok(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(doc.as_bytes().to_vec())))
}

fn load_pkcs12(spec: &ClientCert, bytes: &[u8]) -> Result<ClientAuth> {
    use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
    let path = &spec.cert;
    let open = |pass: &str| KeyStore::from_pkcs12(bytes, pass, Pkcs12ImportPolicy::Strict);
    // Bundles exported without a passphrase open with the empty one: try
    // that before asking anybody.
    let store = match open("") {
        Ok(store) => store,
        Err(p12_keystore::error::Error::MacError(_)) => {
            let pass = ask(spec, path)?;
            open(pass.expose()).map_err(|e| match e {
                p12_keystore::error::Error::MacError(_) => Error::KeyPassphrase { path: path.clone(), wrong: true },
                e => unreadable(path, e),
            })?
        }
        Err(e) => return Err(unreadable(path, e)),
    };
    let Some((_, chain)) = store.private_key_chain() else {
        return Err(Error::InvalidArgument(format!(
            "the PKCS#12 bundle {} holds no private key with its certificate",
            path.display()
        )));
    };
    let certs: Vec<CertificateDer<'static>> =
        chain.certs().iter().map(|c| CertificateDer::from(c.as_der().to_vec())).collect();
    if certs.is_empty() {
        return Err(Error::InvalidArgument(format!("the PKCS#12 bundle {} holds no certificate", path.display())));
    }
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(chain.key().as_der().to_vec()));
    Ok(ClientAuth { chain: certs, key: Arc::new(key) })
}

fn unreadable(path: &Path, e: p12_keystore::error::Error) -> Error {
    Error::InvalidArgument(format!("cannot read the PKCS#12 bundle {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs12_is_told_from_pem_by_extension_or_content() {
        assert!(is_pkcs12(Path::new("me.P12"), b"-----BEGIN"));
        assert!(is_pkcs12(Path::new("me.pfx"), b""));
        assert!(is_pkcs12(Path::new("me.bin"), &[0x30, 0x82, 0x0a, 0x00]));
        assert!(!is_pkcs12(Path::new("me.pem"), b"-----BEGIN CERTIFICATE-----"));
        assert!(!is_pkcs12(Path::new("me"), &[0x30]));
    }

    #[test]
    fn only_an_encrypted_pkcs8_block_counts_as_encrypted() {
        let plain = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(encrypted_pkcs8(plain), None);
        let enc = b"junk\n-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAEC\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(encrypted_pkcs8(enc), Some(vec![0, 1, 2]));
    }

    #[test]
    fn an_encrypted_key_without_a_passphrase_source_is_a_passphrase_error() {
        let spec = ClientCert { cert: "c.pem".into(), key: None, passphrase: None };
        let e = ask(&spec, Path::new("k.pem")).unwrap_err();
        assert!(matches!(e, Error::KeyPassphrase { wrong: false, .. }), "{e:?}");
    }
}
