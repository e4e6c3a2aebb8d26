//! Signing, chaining, torn tails and every way of tampering the CLI tests
//! drive end to end, here at the library's edge.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::sign::{SigningKey, generate};
use super::*;

struct Fixture {
    dir: tempfile::TempDir,
    key: Arc<SigningKey>,
    receipt: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let key = Arc::new(generate(&dir.path().join("key")).unwrap());
    let receipt = dir.path().join("r.jsonl");
    Fixture { dir, key, receipt }
}

fn record(local: &Path, sha: Option<String>) -> Record {
    let ev = Evidence { sha256: sha, control_cert_sha256: Some("sha256:ab".into()), ..Evidence::default() };
    Record::new("get", "ftps://u@h:990/f".into(), local, 3, &ev)
}

impl Fixture {
    fn write(&self, n: usize) -> Vec<String> {
        let w = Writer::open(&self.receipt, self.key.clone()).unwrap();
        for i in 0..n {
            w.append(&record(&self.dir.path().join(format!("f{i}")), None)).unwrap();
        }
        self.lines()
    }
    fn lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.receipt).unwrap().lines().map(String::from).collect()
    }
    fn check(&self, signer: Signer, head: Option<&str>) -> Report {
        let check = Check { signer, head: head.map(String::from), files: false };
        verify(&self.receipt, &check).unwrap()
    }
    fn by_key(&self) -> Report {
        self.check(Signer::Key(self.key.public()), None)
    }
    fn put(&self, lines: &[&str]) {
        std::fs::write(&self.receipt, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    }
}

fn broken(r: &Report) -> (u64, &str) {
    let b = r.broken.as_ref().unwrap_or_else(|| panic!("not broken: {r:?}"));
    (b.line, b.why.as_str())
}

#[test]
fn records_are_signed_numbered_and_chained() {
    let f = fixture();
    let lines = f.write(3);
    let r = f.by_key();
    assert_eq!((r.records, r.lines, r.broken.clone()), (3, 3, None), "{r:?}");
    assert_eq!(r.head.as_deref(), Some(chain::sha256_hex(lines[2].as_bytes()).as_str()));
    let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(first["v"], 2);
    assert_eq!(first["seq"], 1);
    assert_eq!(first["prev"], GENESIS);
    assert_eq!(first["key"], f.key.public().fingerprint());
    assert_eq!(first["server_cert_sha256"], "ab");
    assert!(lines[0].ends_with("\"}") && first["sig"].as_str().unwrap().len() == 128, "{}", lines[0]);
    let fp = f.key.public().fingerprint();
    assert!(f.check(Signer::Fingerprint(fp), None).broken.is_none());
    assert!(f.check(Signer::Unknown, None).broken.is_none());
}

#[test]
fn a_rewritten_record_fails_even_with_recomputed_prevs() {
    let f = fixture();
    let lines = f.write(3);
    // Line 1 rewritten (other name, zero digest, other size) and every prev recomputed.
    let mut forged = vec![lines[0].replace("/f0\"", "/fX\"").replace("\"bytes\":3", "\"bytes\":9")];
    assert_ne!(forged[0], lines[0]);
    for line in &lines[1..] {
        let old = serde_json::from_str::<serde_json::Value>(line).unwrap()["prev"].as_str().unwrap().to_string();
        let new = chain::sha256_hex(forged.last().unwrap().as_bytes());
        forged.push(line.replace(&old, &new));
    }
    f.put(&forged.iter().map(String::as_str).collect::<Vec<_>>());
    for signer in [Signer::Key(f.key.public()), Signer::Unknown] {
        let r = f.check(signer, None);
        assert_eq!(broken(&r).0, 1, "{r:?}");
        assert!(broken(&r).1.contains("signature does not verify"), "{r:?}");
    }
}

#[test]
fn another_key_is_refused_when_the_signer_is_known() {
    let f = fixture();
    f.write(2);
    let thief = fixture();
    thief.write(2);
    std::fs::copy(&thief.receipt, &f.receipt).unwrap();
    let r = f.by_key();
    assert_eq!(broken(&r).0, 1);
    assert!(broken(&r).1.contains(&thief.key.public().fingerprint()), "{r:?}");
    // A file re-signed whole by another key is only consistent: that is all
    // a check without a trusted key can say.
    assert!(f.check(Signer::Unknown, None).broken.is_none());
    // Records of two keys in one file never pass.
    std::fs::remove_file(&f.receipt).unwrap();
    let mine = f.write(1);
    let theirs = thief.lines();
    f.put(&[&mine[0], &theirs[1]]);
    let r = f.check(Signer::Unknown, None);
    assert_eq!(broken(&r).0, 2);
    assert!(broken(&r).1.contains("the records before it"), "{r:?}");
}

#[test]
fn removed_inserted_and_reordered_records_fail() {
    let f = fixture();
    let l = f.write(3);
    f.put(&[&l[0], &l[2]]);
    assert_eq!(broken(&f.by_key()).0, 2);
    f.put(&[&l[1], &l[0], &l[2]]);
    assert_eq!(broken(&f.by_key()).0, 1);
    f.put(&[&l[0], &l[1], &l[1], &l[2]]);
    assert_eq!(broken(&f.by_key()).0, 3);
    f.put(&[&l[0], "{\"prev\":\"x\"}", &l[1]]);
    let r = f.by_key();
    assert_eq!(broken(&r).0, 2);
    assert!(broken(&r).1.contains("unsigned"), "{r:?}");
}

#[test]
fn truncation_and_emptiness_fail_against_a_head() {
    let f = fixture();
    let l = f.write(3);
    let head = f.by_key().head.unwrap();
    let second = chain::sha256_hex(l[1].as_bytes());
    let anchored = f.check(Signer::Key(f.key.public()), Some(&head));
    assert_eq!((anchored.anchored, anchored.broken.clone()), (Some(3), None));
    // Anchored at record 2, one record appended since.
    assert_eq!(f.check(Signer::Key(f.key.public()), Some(&second)).anchored, Some(2));
    f.put(&[&l[0], &l[1]]);
    assert!(f.by_key().broken.is_none(), "without a head, a truncated file is consistent");
    let r = f.check(Signer::Key(f.key.public()), Some(&head));
    assert_eq!(broken(&r).0, 2, "{r:?}");
    assert!(broken(&r).1.contains("removed from the end"), "{r:?}");
    std::fs::write(&f.receipt, "").unwrap();
    assert_eq!(broken(&f.check(Signer::Key(f.key.public()), Some(&head))).0, 0);
    assert!(broken(&f.by_key()).1.contains("no record"));
    assert_eq!(parse_head(&format!("sha256:{}", head.to_uppercase())), Some(head));
    assert_eq!(parse_head("sha256:abc"), None);
}

#[test]
fn a_torn_tail_is_reported_and_never_built_on() {
    let f = fixture();
    let l = f.write(2);
    let text = std::fs::read_to_string(&f.receipt).unwrap();
    std::fs::write(&f.receipt, format!("{text}{}", &l[1][..40])).unwrap();
    let r = f.by_key();
    assert_eq!((r.records, r.torn.clone(), r.broken.clone()), (2, vec![3], None));
    f.write(1);
    let after = f.lines();
    assert_eq!(after.len(), 4);
    assert_eq!(after[2], &l[1][..40]);
    let next: serde_json::Value = serde_json::from_str(&after[3]).unwrap();
    assert_eq!(next["seq"], 3);
    assert_eq!(next["prev"], chain::sha256_hex(l[1].as_bytes()));
    let r = f.by_key();
    assert_eq!((r.records, r.torn.clone(), r.broken.clone()), (3, vec![3], None));
    // A torn line longer than the writer's first look back.
    let text = std::fs::read_to_string(&f.receipt).unwrap();
    std::fs::write(&f.receipt, format!("{text}{{\"v\":2,{}", "x".repeat(40_000))).unwrap();
    f.write(1);
    let r = f.by_key();
    assert_eq!((r.records, r.torn.clone(), r.broken.clone()), (4, vec![3, 5], None));
}

#[test]
fn writers_refuse_what_they_cannot_continue() {
    let f = fixture();
    std::fs::write(&f.receipt, format!("{{\"op\":\"get\",\"prev\":\"{GENESIS}\"}}\n")).unwrap();
    let err = Writer::open(&f.receipt, f.key.clone()).err().unwrap().to_string();
    assert!(err.contains("unsigned records"), "{err}");
    std::fs::remove_file(&f.receipt).unwrap();
    f.write(1);
    let other = Arc::new(generate(&f.dir.path().join("other")).unwrap());
    let err = Writer::open(&f.receipt, other).err().unwrap().to_string();
    assert!(err.contains("signed by another key"), "{err}");
}

#[test]
fn files_are_checked_against_their_digest() {
    let f = fixture();
    let local = f.dir.path().join("f");
    std::fs::write(&local, b"abc").unwrap();
    let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".to_string();
    Writer::open(&f.receipt, f.key.clone()).unwrap().append(&record(&local, Some(abc))).unwrap();
    let files = |files| Check { signer: Signer::Key(f.key.public()), head: None, files };
    assert!(verify(&f.receipt, &files(true)).unwrap().broken.is_none());
    std::fs::write(&local, b"abd").unwrap();
    assert!(verify(&f.receipt, &files(false)).unwrap().broken.is_none());
    let r = verify(&f.receipt, &files(true)).unwrap();
    assert!(broken(&r).1.contains("the receipt says"), "{r:?}");
}

#[test]
fn concurrent_appends_keep_one_chain() {
    let f = fixture();
    std::thread::scope(|s| {
        for t in 0..4 {
            let f = &f;
            s.spawn(move || {
                let w = Writer::open(&f.receipt, f.key.clone()).unwrap();
                for i in 0..25 {
                    w.append(&record(&f.dir.path().join(format!("t{t}-{i}")), None)).unwrap();
                }
            });
        }
    });
    let r = f.by_key();
    assert_eq!((r.records, r.lines, r.broken), (100, 100, None));
}
