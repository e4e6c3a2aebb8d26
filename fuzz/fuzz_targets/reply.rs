//! Arbitrary server bytes through the reply reader: no panic, and every reply
//! it accepts has a three-digit code in 100..=599.
#![no_main]

use std::io::Cursor;

use ftps::wire::ReplyReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut cursor = Cursor::new(data);
    // Every Ok reply consumes at least one line, so the input length bounds
    // the loop; the explicit cap is a second guard against a reader that
    // stops making progress.
    for _ in 0..=data.len() {
        let before = cursor.position();
        match ReplyReader::read(&mut cursor) {
            Ok(reply) => {
                assert!((100..=599).contains(&reply.code), "reply code {} out of range", reply.code);
                assert!(!reply.lines.is_empty(), "reply {} without lines", reply.code);
                assert!(cursor.position() > before, "reply read without consuming input");
                // Display and text() run on every reply the client logs.
                let _ = reply.to_string();
                let _ = (reply.class(), reply.is_preliminary(), reply.text());
            }
            Err(_) => break,
        }
    }
});
