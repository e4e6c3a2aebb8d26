use super::*;
use std::error::Error as _;
use std::sync::Arc;

#[test]
fn a_batch_failure_keeps_the_original_kind_remedy_and_cause() {
    let auth = Arc::new(Error::Auth { reply: Reply { code: 530, lines: vec!["no".into()] } });
    let each = Error::Batch(auth.clone());
    assert_eq!(each.kind(), ErrorKind::Auth);
    assert_eq!(each.to_string(), auth.to_string());
    assert!(matches!(each.source().and_then(|c| c.downcast_ref::<Error>()), Some(Error::Auth { .. })));
    let timeout = Error::Batch(Arc::new(Error::Timeout { phase: Phase::Reply }));
    assert_eq!(timeout.remedy(), Some(Remedy::LongerTimeout));
    assert!(timeout.is_transient());
}

#[test]
fn a_data_handshake_failure_keeps_the_tls_error_and_the_reply() {
    let tls = Error::Tls { host: "h".into(), source: rustls::Error::HandshakeNotComplete, cert: None };
    let reply = Reply { code: 522, lines: vec!["SSL connection failed".into()] };
    let e = Error::DataHandshake { source: Box::new(tls), reply };
    assert_eq!(e.kind(), ErrorKind::Transfer);
    let text = e.to_string();
    assert!(text.contains("data connection TLS handshake failed") && text.contains("522"), "{text}");
    let cause = e.source().and_then(|c| c.downcast_ref::<Error>());
    assert!(matches!(cause, Some(Error::Tls { source: rustls::Error::HandshakeNotComplete, .. })), "{e:?}");
}

/// A broken record after the handshake is a lost connection (retried);
/// in the handshake, and an alert at any time, it stays a TLS failure.
#[test]
fn record_failures_after_the_handshake_are_lost_connections() {
    let corrupt = || rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
    let lost = Error::from_tls(corrupt(), Phase::Reply);
    assert!(matches!(lost, Error::TlsBroken { phase: Phase::Reply, said: None, .. }), "{lost:?}");
    assert!(lost.is_transient());
    assert_eq!(lost.kind(), ErrorKind::Connection);
    assert!(matches!(Error::from_tls(rustls::Error::DecryptError, Phase::DataTransfer), Error::TlsBroken { .. }));
    let handshake = Error::from_tls(corrupt(), Phase::TlsHandshake);
    assert!(matches!(handshake, Error::Tls { .. }) && !handshake.is_transient(), "{handshake:?}");
    let alert = rustls::Error::AlertReceived(rustls::AlertDescription::CertificateRequired);
    let refused = Error::from_tls(alert, Phase::Reply);
    assert!(matches!(refused, Error::Tls { .. }) && refused.kind() == ErrorKind::Tls, "{refused:?}");
    // Carried through io::Error by the stream layer, it keeps what it saw.
    let said = Some("500 OOPS: child died".to_string());
    let carried = Error::TlsBroken { phase: Phase::Reply, source: corrupt(), said: said.clone() };
    let e = Error::from_io(std::io::Error::new(std::io::ErrorKind::InvalidData, carried), Phase::DataTransfer);
    assert!(matches!(&e, Error::TlsBroken { phase: Phase::DataTransfer, said: s, .. } if *s == said), "{e:?}");
    assert!(e.to_string().contains("\"500 OOPS: child died\""), "{e}");
}

/// A handshake cut half-way: a lost link (retried), still naming the
/// possibility of a port that is not FTPS.
#[test]
fn a_cut_handshake_is_transient() {
    let e = Error::HandshakeCut { host: "h".into() };
    assert!(e.is_transient());
    assert_eq!(e.kind(), ErrorKind::Connection);
    assert!(e.to_string().contains("is this an FTPS port?"), "{e}");
}
