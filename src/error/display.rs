//! How each error reads to a person: what happened and, where the library
//! knows it, what to do (options are named by the CLI, not here).

use std::fmt;

use super::{Error, Phase};

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
            Error::Stalled { phase, bytes, window, min } => write!(
                f,
                "{phase} stalled: the server moved only {bytes} bytes in {} s (at least {min} bytes are needed \
                 in every such period)",
                window.as_secs_f64(),
            ),
            Error::Io { phase, source } => write!(f, "connection failed during {phase}: {source}"),
            Error::ConnectionClosed => f.write_str("the server closed the connection unexpectedly"),
            Error::TlsBroken { phase: Phase::TlsHandshake, said: Some(said), .. } => {
                write!(f, "the server answered the TLS handshake in plaintext: \"{said}\"")
            }
            Error::TlsBroken { phase, said: Some(said), .. } => write!(
                f,
                "the connection broke during {phase}: the server wrote plaintext onto the TLS channel: \"{said}\""
            ),
            Error::TlsBroken { phase, source, said: None } => {
                write!(f, "the connection broke during {phase}: its TLS stream is corrupt ({source})")
            }
            Error::HandshakeCut { host } => write!(
                f,
                "the server closed the connection during the TLS handshake with {host} \
                 (is this an FTPS port? implicit FTPS uses ftps://, explicit uses ftp:// or ftpes://)"
            ),
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
            Error::Deflate { problem, expanded: true, .. } => {
                write!(f, "refused the compressed (MODE Z) data from the server: {problem}")
            }
            Error::Deflate { problem, cut: true, .. } => write!(f, "transfer failed: the MODE Z data stream {problem}"),
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
