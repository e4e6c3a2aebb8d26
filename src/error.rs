//! The library's one error type. Each variant carries what a user needs to
//! act on it; [`Error::kind`] groups them so the CLI can map kinds to exit
//! codes in one place.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::wire::Reply;

/// Which step was running when an I/O problem hit, so a timeout or reset
/// names the phase instead of a bare "timed out".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Connect,
    TlsHandshake,
    Reply,
    /// The wait for a server's digest of a file (a reply that may be long in coming).
    Digest,
    Command,
    DataConnect,
    DataTransfer,
    TlsShutdown,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Connect => "the connection attempt",
            Phase::TlsHandshake => "the TLS handshake",
            Phase::Reply => "the wait for a server reply",
            Phase::Digest => "the wait for the server's digest of the file",
            Phase::Command => "sending a command",
            Phase::DataConnect => "opening the data connection",
            Phase::DataTransfer => "the data transfer",
            Phase::TlsShutdown => "the TLS shutdown",
        })
    }
}

/// Coarse classes of failure; each maps to one exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Usage,
    Connection,
    Tls,
    Auth,
    RemoteNotFound,
    Transfer,
    Local,
    Protocol,
    Interrupted,
}

#[derive(Debug)]
pub enum Error {
    /// Something the user supplied cannot be used (bad URL, CR/LF in a name).
    InvalidArgument(String),
    Connect {
        addr: String,
        source: io::Error,
    },
    Timeout {
        phase: Phase,
    },
    /// A data connection kept open but moved fewer than the minimum bytes
    /// in a whole window (see `stream::Pace`): a trickle is a stall.
    Stalled {
        phase: Phase,
        bytes: u64,
        window: std::time::Duration,
        /// The fewest bytes every window must move (the stream layer's rule).
        min: u64,
    },
    Io {
        phase: Phase,
        source: io::Error,
    },
    ConnectionClosed,
    /// TLS handshake or record failure; `cert` describes the server's
    /// certificate (fingerprint, subject...) when one was presented.
    Tls {
        host: String,
        source: rustls::Error,
        cert: Option<Box<crate::certinfo::CertInfo>>,
    },
    /// A TLS connection whose records stopped making sense (not TLS at
    /// all, a bad header, a record that does not decrypt): the link or the
    /// server process broke it, which a new connection may not meet; the
    /// certificate was never in question. `said` is the first line of a
    /// plaintext FTP reply found where a record was due (a vsftpd session
    /// that dies writes its `500 OOPS` unencrypted onto the TLS control
    /// connection; some servers answer a ClientHello with `502`), so a
    /// person sees why; its controls are escaped where it is shown.
    TlsBroken {
        phase: Phase,
        source: rustls::Error,
        said: Option<String>,
    },
    /// The server, or something on the way, closed or reset the connection
    /// in the middle of its TLS handshake: a cut link, a server that went
    /// away, or a port that does not speak FTPS.
    HandshakeCut {
        host: String,
    },
    /// The server refused to secure the channel; we never fall back to plaintext.
    TlsRefused {
        step: &'static str,
        reply: Reply,
    },
    /// The port speaks the other FTPS mode than the URL asked for
    /// (`implicit`: what the port speaks).
    WrongMode {
        host: String,
        port: u16,
        implicit: bool,
    },
    Auth {
        reply: Reply,
    },
    /// An encrypted client key (or PKCS#12 bundle) with no passphrase to
    /// open it (`wrong: false`), or one that did not open it.
    KeyPassphrase {
        path: std::path::PathBuf,
        wrong: bool,
    },
    /// No password from any non-interactive source and no terminal to ask.
    NoPassword {
        user: String,
    },
    /// The server answered a command with an unexpected or negative reply.
    Remote {
        command: String,
        reply: Reply,
    },
    Protocol(String),
    /// A reply that cannot answer the command it was read for: the server
    /// answers pipelined commands out of order (see `wire::fit`). The
    /// session is out of step; a reconnect sends one command at a time.
    OutOfOrder {
        command: String,
        reply: Reply,
    },
    /// The server sent more than ftps holds or follows (entries, depth).
    Limit(String),
    /// A directory listing that may not be the whole directory (see
    /// `ops::list::Listing::gap`): nothing may be concluded from absence.
    IncompleteListing {
        dir: String,
        why: String,
    },
    /// A transfer ended wrong (short, cut, unverifiable).
    Transfer(String),
    /// A `MODE Z` stream that is not one whole zlib stream: `cut` when it
    /// stopped before its final block, else corrupt (undecodable, or bytes after its end),
    /// or `expanded`: refused for inflating too far without a known size
    /// (see `session::compress::MAX_RATIO`).
    Deflate {
        problem: String,
        cut: bool,
        expanded: bool,
        source: Option<flate2::DecompressError>,
    },
    /// The data connection to the server's passive port could not be opened.
    DataConnect {
        addr: std::net::SocketAddr,
        source: io::Error,
    },
    /// No socket to listen on for an active-mode data connection; `ports`
    /// is the range that was tried, if one was set (`source`: its last error).
    DataListen {
        ip: std::net::IpAddr,
        ports: Option<(u16, u16)>,
        source: io::Error,
    },
    /// Active mode over IPv6 against a server that refused `EPRT`: `PORT`,
    /// the fallback, cannot carry an IPv6 address.
    NoEprtOverIpv6 {
        reply: Reply,
    },
    /// Active mode: only hosts other than the server connected to our
    /// listener (port theft, or a bounce through a third host). `got` is the
    /// first of them, `refused` how many were closed; `reply` is the server's
    /// own answer on the control channel when it gave one instead of
    /// connecting. Not transient: a retry would hand the stranger another
    /// port to race for.
    ActiveForeignPeer {
        command: String,
        expected: std::net::IpAddr,
        got: std::net::SocketAddr,
        refused: u32,
        reply: Option<Reply>,
    },
    /// The data connection's TLS handshake failed and the server explained
    /// why on the control channel: both halves are kept.
    DataHandshake {
        source: Box<Error>,
        reply: Reply,
    },
    /// One failure reported for each item of a batch it stopped (mirror's
    /// directory and timestamp batches): shared, because errors are not
    /// `Clone`, so each item keeps the original's kind and remedy.
    Batch(std::sync::Arc<Error>),
    /// A file not attempted because its directory `dir` could not be
    /// created (mirror); `source` is that directory's own error, shared by
    /// every file under it, so each keeps its kind and remedy.
    DirNotCreated {
        dir: String,
        source: std::sync::Arc<Error>,
    },
    /// The server's digest of a transferred file differs from the one ftps
    /// computed over the bytes it sent or received. `outcome` says what
    /// became of the file.
    DigestMismatch {
        file: String,
        algo: &'static str,
        local: String,
        server: String,
        outcome: &'static str,
    },
    /// The server refused to rename a checked upload from its temporary
    /// name into place.
    RenameRefused {
        temp: String,
        target: String,
        reply: Reply,
        /// The temporary file was deleted again.
        temp_removed: bool,
        /// The old target was moved aside and could not be put back.
        old_moved_to: Option<String>,
    },
    /// Verification was required, but the server gave no usable digest.
    DigestUnavailable {
        file: String,
        why: String,
        outcome: &'static str,
    },
    Local {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    LocalExists(PathBuf),
    /// The user interrupted the operation (Ctrl-C).
    Interrupted,
}

/// What would let a failed operation succeed, in terms of its own settings;
/// the CLI names the options that set them (the library has no command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// Allow replacing an existing local file.
    Overwrite,
    /// Wait longer for a slow server.
    LongerTimeout,
    /// Trust this certificate: its CA, its fingerprint, or an interactive yes.
    TrustCertificate { fingerprint: String },
    /// Trust the CA that issued the server's certificate.
    TrustCa,
    /// Store uploads directly under their final names (the server refuses renames).
    DirectStore,
    /// Accept transfers the server cannot verify, or skip verification.
    LessVerification,
    /// Transfer without `MODE Z`.
    Uncompressed,
}

impl Error {
    /// The remedy for this error, when one of the caller's settings is it.
    pub fn remedy(&self) -> Option<Remedy> {
        use rustls::CertificateError::UnknownIssuer;
        match self {
            Error::Timeout { .. } => Some(Remedy::LongerTimeout),
            Error::LocalExists(_) => Some(Remedy::Overwrite),
            Error::Tls { source: rustls::Error::InvalidCertificate(_), cert: Some(cert), .. } => {
                Some(Remedy::TrustCertificate { fingerprint: cert.fingerprint.clone() })
            }
            Error::Tls { source: rustls::Error::InvalidCertificate(UnknownIssuer), .. } => Some(Remedy::TrustCa),
            Error::RenameRefused { .. } => Some(Remedy::DirectStore),
            Error::DigestUnavailable { .. } => Some(Remedy::LessVerification),
            Error::Deflate { expanded: true, .. } => Some(Remedy::Uncompressed),
            Error::Batch(e) | Error::DirNotCreated { source: e, .. } => e.remedy(),
            _ => None,
        }
    }

    /// Converts a socket error, keeping timeouts and TLS errors distinct.
    pub fn from_io(e: io::Error, phase: Phase) -> Error {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => return Error::Timeout { phase },
            io::ErrorKind::UnexpectedEof if phase != Phase::DataTransfer => {
                return Error::ConnectionClosed;
            }
            _ => {}
        }
        // The stream layer hands a broken record up this way, with what it saw.
        let e = match e.downcast::<Error>() {
            Ok(Error::TlsBroken { source, said, .. }) => return Error::TlsBroken { phase, source, said },
            Ok(other) => return other,
            Err(e) => e,
        };
        match e.downcast::<rustls::Error>() {
            Ok(source) => Error::from_tls(source, phase),
            Err(e) => Error::Io { phase, source: e },
        }
    }

    /// A rustls error met during `phase`. After the handshake, a record the
    /// TLS layer cannot take is a broken connection ([`Error::TlsBroken`],
    /// transient: retried on a new one), not a TLS policy failure: the
    /// certificate was checked in the handshake, and what the server means
    /// to say it says with an alert (a refused client certificate arrives
    /// so, after the client's handshake is done), which stays [`Error::Tls`].
    pub fn from_tls(source: rustls::Error, phase: Phase) -> Error {
        if phase != Phase::TlsHandshake && is_record_failure(&source) {
            return Error::TlsBroken { phase, source, said: None };
        }
        Error::Tls { host: String::new(), source, cert: None }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument(_) | Error::WrongMode { .. } => ErrorKind::Usage,
            Error::Connect { .. }
            | Error::Timeout { .. }
            | Error::Stalled { .. }
            | Error::Io { .. }
            | Error::ConnectionClosed
            | Error::TlsBroken { .. }
            | Error::HandshakeCut { .. } => ErrorKind::Connection,
            Error::Tls { .. } | Error::TlsRefused { .. } | Error::KeyPassphrase { .. } => ErrorKind::Tls,
            Error::Auth { .. } | Error::NoPassword { .. } => ErrorKind::Auth,
            Error::Remote { reply, .. } => match reply.code {
                421 => ErrorKind::Connection,
                530 => ErrorKind::Auth,
                450 | 550 | 553 => ErrorKind::RemoteNotFound,
                425 | 426 | 451 | 452 | 552 => ErrorKind::Transfer,
                _ => ErrorKind::Protocol,
            },
            Error::Protocol(_)
            | Error::OutOfOrder { .. }
            | Error::Limit(_)
            | Error::NoEprtOverIpv6 { .. }
            | Error::ActiveForeignPeer { .. }
            | Error::Deflate { cut: false, .. } => ErrorKind::Protocol,
            Error::Deflate { cut: true, .. } => ErrorKind::Transfer,
            Error::Transfer(_)
            | Error::DataConnect { .. }
            | Error::DataListen { .. }
            | Error::DataHandshake { .. }
            | Error::IncompleteListing { .. }
            | Error::DigestMismatch { .. }
            | Error::DigestUnavailable { .. }
            | Error::RenameRefused { .. } => ErrorKind::Transfer,
            Error::Local { .. } | Error::LocalExists(_) => ErrorKind::Local,
            Error::Interrupted => ErrorKind::Interrupted,
            Error::Batch(e) | Error::DirNotCreated { source: e, .. } => e.kind(),
        }
    }

    /// True when a fresh connection might succeed where this one failed.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Timeout { .. }
            | Error::Stalled { .. }
            | Error::Io { .. }
            | Error::ConnectionClosed
            | Error::OutOfOrder { .. }
            | Error::TlsBroken { .. }
            | Error::HandshakeCut { .. }
            | Error::Connect { .. } => true,
            Error::Remote { reply, .. } => reply.class() == 4,
            // A mismatch discards the bytes, so a retry starts the file over.
            Error::Transfer(_)
            | Error::DataConnect { .. }
            | Error::DataListen { .. }
            | Error::DataHandshake { .. }
            | Error::IncompleteListing { .. }
            | Error::DigestMismatch { .. }
            | Error::Deflate { cut: true, .. } => true,
            Error::Batch(e) | Error::DirNotCreated { source: e, .. } => e.is_transient(),
            _ => false,
        }
    }
}

/// Failures of the record layer itself: bytes that are not a TLS record, a
/// record that does not decrypt, a message out of place. What a cut, a
/// corrupted link or a process writing plaintext into the stream causes;
/// unlike alerts, certificate and version failures, no peer chose them.
fn is_record_failure(e: &rustls::Error) -> bool {
    matches!(
        e,
        rustls::Error::InvalidMessage(_)
            | rustls::Error::DecryptError
            | rustls::Error::PeerSentOversizedRecord
            | rustls::Error::InappropriateMessage { .. }
            | rustls::Error::InappropriateHandshakeMessage { .. }
            | rustls::Error::PeerMisbehaved(_)
    )
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connect { source, .. } | Error::Io { source, .. } | Error::Local { source, .. } => Some(source),
            Error::Tls { source, .. } | Error::TlsBroken { source, .. } => Some(source),
            Error::Deflate { source: Some(source), .. } => Some(source),
            Error::DataConnect { source, .. } | Error::DataListen { source, .. } => Some(source),
            Error::DataHandshake { source, .. } => Some(source.as_ref()),
            Error::Batch(e) | Error::DirNotCreated { source: e, .. } => Some(e.as_ref()),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

mod display;

#[cfg(test)]
mod tests;
