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
        cert: Option<Box<crate::tls::CertInfo>>,
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
        match e.downcast::<rustls::Error>() {
            Ok(source) => Error::Tls { host: String::new(), source, cert: None },
            Err(e) => Error::Io { phase, source: e },
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument(_) | Error::WrongMode { .. } => ErrorKind::Usage,
            Error::Connect { .. }
            | Error::Timeout { .. }
            | Error::Stalled { .. }
            | Error::Io { .. }
            | Error::ConnectionClosed => ErrorKind::Connection,
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument(m) => f.write_str(m),
            Error::KeyPassphrase { path, wrong: true } => {
                write!(f, "the passphrase does not open {} (wrong passphrase, or a damaged file)", path.display())
            }
            Error::KeyPassphrase { path, wrong: false } => {
                write!(f, "{} is encrypted and no passphrase was given", path.display())
            }
            Error::Connect { addr, source } => write!(f, "cannot connect to {addr}: {source}"),
            Error::Timeout { phase } => {
                write!(f, "timed out during {phase}; the server stopped answering")
            }
            Error::Stalled { phase, bytes, window } => write!(
                f,
                "{phase} stalled: the server moved only {bytes} bytes in {} s (at least {} bytes are needed \
                 in every such period)",
                window.as_secs_f64(),
                crate::stream::MIN_BYTES_PER_WINDOW
            ),
            Error::Io { phase, source } => write!(f, "connection failed during {phase}: {source}"),
            Error::ConnectionClosed => f.write_str("the server closed the connection unexpectedly"),
            Error::Tls { host, source, cert } => {
                match source {
                    rustls::Error::InvalidCertificate(c) => {
                        write!(f, "certificate of {host} rejected: {}", describe_cert_error(c))?
                    }
                    other if host.is_empty() => write!(f, "TLS failure: {other}")?,
                    other => write!(f, "TLS failure with {host}: {other}")?,
                }
                // What to do about it names command-line options: the CLI adds that.
                if let Some(cert) = cert.as_ref().filter(|_| matches!(source, rustls::Error::InvalidCertificate(_))) {
                    write!(f, "\n{cert}")?;
                }
                Ok(())
            }
            Error::TlsRefused { step, reply } => write!(
                f,
                "server refused {step} ({reply}); ftps never falls back to plaintext: the server must support FTPS"
            ),
            Error::WrongMode { host, port, implicit } => {
                let host = if host.contains(':') { format!("[{host}]") } else { host.clone() };
                if *implicit {
                    write!(
                        f,
                        "{host}:{port} speaks implicit FTPS (it sent no greeting and answered a TLS handshake); \
                         use ftps://{host}:{port}/"
                    )
                } else {
                    write!(
                        f,
                        "{host}:{port} speaks explicit FTPS (it sent a plaintext 220 greeting, not TLS); \
                         use ftpes://{host}:{port}/ (or ftp://)"
                    )
                }
            }
            Error::Auth { reply } => {
                write!(f, "login failed (server said: {reply}); check the user name and password")
            }
            Error::NoPassword { user } => write!(
                f,
                "no password for {user} and no terminal to ask on; provide it in the URL (ftps://user:pass@host/), \
                 the FTPS_PASSWORD environment variable, or a netrc entry ($NETRC or ~/.netrc)"
            ),
            Error::Remote { command, reply } => match reply.code {
                550 | 450 => {
                    write!(f, "{command}: no such file or directory, or permission denied (server said: {reply})")
                }
                _ => write!(f, "{command} failed (server said: {reply})"),
            },
            Error::Protocol(m) => write!(f, "protocol error: {m}"),
            Error::OutOfOrder { command, reply } => write!(
                f,
                "the server answered {command} with \"{} {}\", which answers another command: it replies to \
                 pipelined commands out of order (from now on ftps sends it one command at a time)",
                reply.code,
                reply.text()
            ),
            Error::Limit(m) => f.write_str(m),
            Error::Transfer(m) => write!(f, "transfer failed: {m}"),
            Error::Deflate { problem, cut: true, .. } => write!(f, "transfer failed: the MODE Z data stream {problem}"),
            Error::Deflate { problem, expanded: true, .. } => {
                write!(f, "refused the compressed (MODE Z) data from the server: {problem}")
            }
            Error::Deflate { problem, source, .. } => {
                write!(f, "corrupt compressed (MODE Z) data from the server: {problem}")?;
                source.as_ref().map_or(Ok(()), |e| write!(f, " ({e})"))
            }
            Error::DataConnect { addr, source } => {
                write!(f, "transfer failed: cannot open the data connection to {addr}: {source}")
            }
            Error::NoEprtOverIpv6 { reply } => write!(
                f,
                "the server refused EPRT ({reply}), and PORT cannot carry an IPv6 address: this server cannot \
                 do active mode over IPv6; use passive mode"
            ),
            Error::DataListen { ip, ports: None, source } => {
                write!(f, "transfer failed: cannot listen for the data connection on {ip}: {source}")
            }
            Error::DataListen { ip, ports: Some((lo, hi)), source } => write!(
                f,
                "transfer failed: no free port in {lo}-{hi} to listen for the data connection on {ip} \
                 (last error: {source})"
            ),
            Error::ActiveForeignPeer { command, expected, got, refused, reply } => {
                write!(f, "{command}: the active-mode data connection came only from {got}")?;
                if *refused > 1 {
                    write!(f, " (and {} more)", refused - 1)?;
                }
                write!(f, ", not from the server's address {expected}: someone else tried to take the transfer")?;
                match reply {
                    Some(reply) => write!(f, "; the server said: {reply}"),
                    None => write!(f, "; the server itself never connected"),
                }
            }
            Error::DataHandshake { source, reply } => {
                write!(f, "transfer failed: data connection TLS handshake failed ({source}); server said: {reply}")
            }
            Error::Batch(e) => write!(f, "{e}"),
            Error::DirNotCreated { dir, source } => write!(f, "its directory {dir} could not be created: {source}"),
            Error::DigestMismatch { file, algo, local, server, outcome } => {
                write!(
                    f,
                    "transfer failed: {file}: {algo} mismatch: ftps computed {local}, the server reports {server}"
                )?;
                if !outcome.is_empty() {
                    write!(f, "; {outcome}")?;
                }
                Ok(())
            }
            Error::RenameRefused { temp, target, reply, temp_removed, old_moved_to } => {
                write!(f, "transfer failed: the server refused to rename the uploaded {temp} to {target} ({reply}); ")?;
                match old_moved_to {
                    Some(aside) => write!(f, "the old {target} is now {aside} and could not be put back; ")?,
                    None => write!(f, "{target} is unchanged; ")?,
                }
                if *temp_removed {
                    write!(f, "the temporary file was removed")
                } else {
                    write!(f, "the server did not let ftps remove the temporary file {temp}")
                }
            }
            Error::DigestUnavailable { file, why, outcome } => {
                write!(f, "transfer not verified: {file}: {why}; {outcome}")
            }
            Error::IncompleteListing { dir, why } => {
                let dir = if dir.is_empty() { "the login directory" } else { dir };
                write!(f, "the listing of {dir} may be incomplete: {why}")
            }
            Error::Local { action, path, source } => write!(f, "cannot {action} {}: {source}", path.display()),
            Error::LocalExists(p) => write!(f, "{} already exists", p.display()),
            Error::Interrupted => f.write_str("interrupted"),
        }
    }
}

fn describe_cert_error(e: &rustls::CertificateError) -> String {
    use rustls::CertificateError::*;
    match e {
        UnknownIssuer => "unknown issuer (not signed by a trusted CA)".into(),
        Expired | ExpiredContext { .. } => "certificate has expired".into(),
        NotValidYet | NotValidYetContext { .. } => "certificate is not valid yet".into(),
        NotValidForName | NotValidForNameContext { .. } => {
            "name mismatch (the certificate is not valid for the host name you gave)".into()
        }
        Revoked => "certificate has been revoked".into(),
        Other(o) => o.to_string(),
        BadSignature => "bad signature".into(),
        other => format!("{other:?}"),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connect { source, .. } | Error::Io { source, .. } | Error::Local { source, .. } => Some(source),
            Error::Tls { source, .. } => Some(source),
            Error::Deflate { source: Some(source), .. } => Some(source),
            Error::DataConnect { source, .. } | Error::DataListen { source, .. } => Some(source),
            Error::DataHandshake { source, .. } => Some(source.as_ref()),
            Error::Batch(e) | Error::DirNotCreated { source: e, .. } => Some(e.as_ref()),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests;
