//! The committed completions and man page must match the clap definition.

use std::path::Path;

#[test]
fn completions_and_man_page_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (path, fresh) in ftps::cli::assets::render() {
        let committed = std::fs::read(root.join(&path)).unwrap_or_default();
        if committed != fresh {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale: {stale:?}\nregenerate them with: cargo run -- generate-assets .   (then commit)"
    );
}
