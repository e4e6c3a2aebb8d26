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
