//! Every line of the input through the MLSD/MLST fact-line parser.
#![no_main]

use ftps::listing::mlsd;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Keep the terminators: the parser is documented to strip them itself.
    for line in text.split_inclusive('\n') {
        if let Ok(Some(entry)) = mlsd::parse_line(line) {
            assert!(!entry.name.is_empty(), "empty name from {line:?}");
            assert!(!entry.name.ends_with(['\r', '\n']), "line terminator kept in name from {line:?}");
        }
    }
});
