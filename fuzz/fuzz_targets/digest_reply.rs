//! Server bytes as the reply to a digest command: the `HASH` reply parser
//! (code 213) and the X-command one (code 250) for every algorithm, plus the
//! `FEAT` `HASH` line and a whole `FEAT` reply. An accepted digest is always
//! lower-case hex of exactly the algorithm's length, whatever was sent.
#![no_main]

use ftps::wire::Reply;
use ftps::wire::digest::{self, Algo};
use ftps::wire::features::Features;
use libfuzzer_sys::fuzz_target;

fn well_formed(algo: Algo, hex: &str) {
    assert_eq!(hex.len(), algo.hex_len(), "{} digest {hex:?}", algo.name());
    assert!(hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{hex:?}");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let hash = Reply { code: 213, lines: lines.clone() };
    if let Ok(r) = digest::parse_hash_reply(&hash) {
        well_formed(r.algo, &r.hex);
    }
    let x = Reply { code: 250, lines: lines.clone() };
    for algo in Algo::STRONGEST_FIRST {
        if let Ok(hex) = digest::parse_x_reply(algo, &x) {
            well_formed(algo, &hex);
        }
    }
    let (algos, current) = digest::parse_hash_feat(&text);
    assert!(current.is_none_or(|c| algos.contains(&c)), "current {current:?} not offered in {text:?}");
    let mut feat = vec!["Features:".to_owned()];
    feat.extend(lines);
    feat.push("End".to_owned());
    let f = Features::parse(&Reply { code: 211, lines: feat });
    assert!(f.hash_current.is_none_or(|c| f.hash.contains(&c)));
});
