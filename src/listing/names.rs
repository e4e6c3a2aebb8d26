//! Server-supplied names are data, never paths: validation before use.
//!
//! A hostile or broken server can put anything in a listing. Before a name is
//! joined onto a local directory (recursive download, `get` without an explicit
//! destination) it must be a single, plain path component, or the server could
//! write outside the target directory (`../../.bashrc`, `/etc/passwd`,
//! `C:\Windows`). What makes a separator is the local platform's rule: `\`
//! and a drive prefix (`c:x`) separate on Windows only; on Unix
//! `back\slash.txt` and `c:drive.txt` are ordinary names, and refusing them
//! would hide files the server really has.

/// Longest name accepted. Real file systems stop at 255 bytes per component;
/// the margin allows for servers that report names in a wider encoding, while
/// still bounding what a server can make us allocate and print.
pub const MAX_NAME_LEN: usize = 1024;

/// Accepts `name` only if it is safe to use as one local path component.
///
/// The error is a short reason meant to be shown next to the (escaped) name.
pub fn check_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("empty name");
    }
    if name == "." || name == ".." {
        return Err("refers to a directory itself or its parent");
    }
    if name.len() > MAX_NAME_LEN {
        return Err("name longer than 1024 bytes");
    }
    if name.contains('/') || (cfg!(windows) && name.contains('\\')) {
        return Err("contains a path separator");
    }
    if name.contains('\0') {
        return Err("contains a NUL byte");
    }
    if name.contains('\r') || name.contains('\n') {
        return Err("contains a line break");
    }
    if cfg!(windows) && has_drive_prefix(name) {
        return Err("starts with a Windows drive prefix");
    }
    Ok(())
}

/// `C:name` is relative to the current directory of drive C on Windows, so it
/// escapes the target directory even without a separator.
fn has_drive_prefix(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some(letter), Some(':')) if letter.is_ascii_alphabetic()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_names() {
        for name in [
            "file.txt",
            "a",
            "...",
            "..hidden",
            ".profile",
            "name with spaces",
            " leading space",
            "trailing space ",
            "semi;colon=equals",
            "arrow -> not a link",
            "Ünïcödé ファイル.txt",
            "12:30 meeting notes",
            "1:2",
            "report:v2",
            "-rf",
            "~user",
            "$HOME",
        ] {
            assert_eq!(check_name(name), Ok(()), "{name:?}");
        }
    }

    #[test]
    fn refuses_empty_and_dot_names() {
        assert_eq!(check_name(""), Err("empty name"));
        assert_eq!(check_name("."), Err("refers to a directory itself or its parent"));
        assert_eq!(check_name(".."), Err("refers to a directory itself or its parent"));
    }

    #[test]
    fn refuses_separators() {
        for name in ["/", "/etc/passwd", "../x", "a/b", "dir/"] {
            assert_eq!(check_name(name), Err("contains a path separator"), "{name:?}");
        }
        for name in ["..\\x", "a\\b", "\\\\server\\share", "back\\slash.txt"] {
            let want = if cfg!(windows) { Err("contains a path separator") } else { Ok(()) };
            assert_eq!(check_name(name), want, "{name:?}");
        }
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(check_name("a\0b"), Err("contains a NUL byte"));
        assert_eq!(check_name("\0"), Err("contains a NUL byte"));
        assert_eq!(check_name("a\rb"), Err("contains a line break"));
        assert_eq!(check_name("a\nb"), Err("contains a line break"));
        assert_eq!(check_name("name\r\n"), Err("contains a line break"));
    }

    #[test]
    fn refuses_drive_prefixes() {
        for name in ["C:", "c:", "C:evil.exe", "z:foo", "D:..", "c:drive.txt"] {
            let want = if cfg!(windows) { Err("starts with a Windows drive prefix") } else { Ok(()) };
            assert_eq!(check_name(name), want, "{name:?}");
        }
        // Only a letter makes a drive; these are plain names.
        assert_eq!(check_name("1:x"), Ok(()));
        assert_eq!(check_name(":x"), Ok(()));
        assert_eq!(check_name("é:x"), Ok(()));
    }

    #[test]
    fn length_limit_is_in_bytes() {
        assert_eq!(check_name(&"a".repeat(1024)), Ok(()));
        assert_eq!(check_name(&"a".repeat(1025)), Err("name longer than 1024 bytes"));
        // 342 three-byte characters = 1026 bytes, though only 342 chars.
        assert_eq!(check_name(&"あ".repeat(342)), Err("name longer than 1024 bytes"));
        assert_eq!(check_name(&"あ".repeat(341)), Ok(()));
    }
}
