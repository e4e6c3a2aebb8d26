//! The key that signs receipt records: Ed25519 (ring), kept in a PKCS#8
//! PEM file only its owner may read (the format `openssl genpkey
//! -algorithm ed25519` writes, so such a key works too). A record is signed
//! by whoever holds that file; verifying needs only the public key, or its
//! fingerprint, which the user keeps somewhere the receipt's writer cannot
//! change.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ring::rand::SystemRandom;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};

use crate::error::{Error, Result};
use crate::ops::digest::hex;

/// What the PEM block of a key file is labelled.
const PEM_LABEL: &str = "PRIVATE KEY";
/// A key file is a few hundred bytes; more is not one.
const MAX_KEY_FILE: u64 = 16 * 1024;
/// How a public key is written (`.pub` files, `Record::pubkey`).
const PUBLIC_PREFIX: &str = "ed25519:";
/// Signatures cover this, then the record: a receipt signature is never
/// valid as anything else this key might sign.
const DOMAIN: &[u8] = b"ftps receipt v2\0";

/// An Ed25519 public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// `sha256:` and the hex SHA-256 of the 32 key bytes: what records carry
    /// in `key` and what a user compares.
    pub fn fingerprint(&self) -> String {
        format!("sha256:{}", hex(ring::digest::digest(&ring::digest::SHA256, &self.0).as_ref()))
    }

    /// Hex of the key bytes, as records carry it in `pubkey`.
    pub fn hex(&self) -> String {
        hex(&self.0)
    }

    /// From a record's `pubkey` (bare hex) or a `.pub` file's
    /// `ed25519:HEX` line.
    pub fn parse(text: &str) -> Option<PublicKey> {
        let text = text.trim();
        let bare = text.strip_prefix(PUBLIC_PREFIX).unwrap_or(text);
        unhex(bare)?.try_into().ok().map(PublicKey)
    }

    /// Whether `sig` (hex) signs `message` with this key.
    pub fn verifies(&self, message: &[u8], sig: &str) -> bool {
        let Some(sig) = unhex(sig) else { return false };
        let signed = [DOMAIN, message].concat();
        UnparsedPublicKey::new(&ED25519, &self.0).verify(&signed, &sig).is_ok()
    }
}

impl std::fmt::Display for PublicKey {
    /// The `.pub` file line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PUBLIC_PREFIX}{}", self.hex())
    }
}

/// A loaded private key.
pub struct SigningKey {
    pair: Ed25519KeyPair,
    public: PublicKey,
}

impl SigningKey {
    /// Reads the key at `path`, refusing a file others can read or change
    /// (a key others can read signs for them too).
    pub fn load(path: &Path) -> Result<SigningKey> {
        if let Some(problem) = crate::secret::exposure(path) {
            return Err(Error::InvalidArgument(format!(
                "refusing the receipt signing key {}: it {problem} {}",
                path.display(),
                path.display()
            )));
        }
        let local = |source| Error::Local { action: "read the receipt signing key", path: path.into(), source };
        let mut pem = Vec::new();
        std::fs::File::open(path).map_err(local)?.take(MAX_KEY_FILE).read_to_end(&mut pem).map_err(local)?;
        let bad = |why: String| {
            Error::InvalidArgument(format!(
                "{} is not an Ed25519 private key (PKCS#8 PEM, \"-----BEGIN {PEM_LABEL}-----\"): {why}",
                path.display()
            ))
        };
        let (label, der) = pkcs8::der::pem::decode_vec(&pem).map_err(|e| bad(e.to_string()))?;
        if label != PEM_LABEL {
            return Err(bad(format!("its PEM block is labelled {label:?}")));
        }
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(|e| bad(e.to_string()))?;
        Ok(SigningKey::from_pair(pair))
    }

    fn from_pair(pair: Ed25519KeyPair) -> SigningKey {
        let mut public = [0u8; 32];
        public.copy_from_slice(pair.public_key().as_ref());
        SigningKey { pair, public: PublicKey(public) }
    }

    pub fn public(&self) -> PublicKey {
        self.public
    }

    /// Hex of the signature over `message` (see [`DOMAIN`]).
    pub fn sign(&self, message: &[u8]) -> String {
        hex(self.pair.sign(&[DOMAIN, message].concat()).as_ref())
    }
}

/// Where [`generate`] puts the public key next to `key`: `key.pub`.
pub fn public_path(key: &Path) -> PathBuf {
    let mut name = key.as_os_str().to_owned();
    name.push(".pub");
    PathBuf::from(name)
}

/// Creates a new key at `path` (owner-only; its directory too, when it has
/// to be made) and its public half at [`public_path`]. An existing key is
/// never replaced: the receipts it signed would lose their signer.
pub fn generate(path: &Path) -> Result<SigningKey> {
    let local = |action, path: &Path, source| Error::Local { action, path: path.into(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).map_err(|e| local("create the directory", dir, e))?;
    }
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(|_| local("generate a key for", path, std::io::Error::other("no system randomness")))?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref())
        .map_err(|e| local("generate a key for", path, std::io::Error::other(e.to_string())))?;
    let pem = pkcs8::der::pem::encode_string(PEM_LABEL, pkcs8::der::pem::LineEnding::LF, pkcs8.as_ref())
        .map_err(|e| local("encode the key for", path, std::io::Error::other(e.to_string())))?;
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::InvalidArgument(format!(
            "{} already exists; refusing to replace a signing key (the receipts it signed would lose their signer): \
             remove it first if you really mean to",
            path.display()
        )),
        _ => local("create the receipt signing key", path, e),
    })?;
    file.write_all(pem.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| local("write", path, e))?;
    let key = SigningKey::from_pair(pair);
    let public = public_path(path);
    std::fs::write(&public, format!("{}\n", key.public())).map_err(|e| local("write", &public, e))?;
    Ok(key)
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sign_and_only_their_own_signatures_verify() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("k");
        let key = generate(&path).unwrap();
        let loaded = SigningKey::load(&path).unwrap();
        assert_eq!(loaded.public(), key.public());
        let pub_text = std::fs::read_to_string(public_path(&path)).unwrap();
        assert_eq!(PublicKey::parse(&pub_text), Some(key.public()));
        assert_eq!(PublicKey::parse(&key.public().hex()), Some(key.public()));
        assert!(key.public().fingerprint().starts_with("sha256:") && key.public().fingerprint().len() == 71);

        let sig = key.sign(b"record");
        assert!(key.public().verifies(b"record", &sig));
        assert!(!key.public().verifies(b"recorD", &sig));
        assert!(!key.public().verifies(b"record", "00"));
        let other = generate(&dir.path().join("other")).unwrap();
        assert!(!other.public().verifies(b"record", &sig));
        // Not a raw Ed25519 signature over the record alone.
        assert!(!key.public().verifies(b"record", &hex(key.pair.sign(b"record").as_ref())));
    }

    #[cfg(unix)]
    #[test]
    fn key_files_are_private_and_never_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        generate(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let before = std::fs::read(&path).unwrap();
        let err = generate(&path).err().unwrap().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = SigningKey::load(&path).err().unwrap().to_string();
        assert!(err.contains("readable by other users"), "{err}");
    }

    #[test]
    fn other_files_are_not_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        std::fs::write(&path, "hello").unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        let err = SigningKey::load(&path).err().unwrap().to_string();
        assert!(err.contains("not an Ed25519 private key"), "{err}");
        assert!(matches!(SigningKey::load(&dir.path().join("absent")), Err(Error::Local { .. })));
    }
}
