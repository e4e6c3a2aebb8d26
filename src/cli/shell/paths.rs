//! Remote path arithmetic (done lexically, like a shell's `cd`) and the word
//! splitting that completion needs to know where the word under the cursor
//! starts.

/// `path` made absolute against `cwd` (itself absolute), with `.`, `..` and
/// doubled slashes removed. `..` above `/` stays at `/`.
pub fn resolve(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Splits `dir/last` into (`dir`, `last`); `dir` is "" when there is no `/`.
pub fn split_dir(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(0) => ("/", &path[1..]),
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// The last path segment: the name a download is saved under.
pub fn base_name(path: &str) -> &str {
    split_dir(path.trim_end_matches('/')).1
}

pub(crate) use crate::cli::is_glob;

/// The word the cursor is in, as completion sees it.
#[derive(Debug, PartialEq, Eq)]
pub struct WordAt {
    /// Byte offset in the line where the word (including any opening quote) starts.
    pub start: usize,
    /// The word with quotes and backslashes removed.
    pub text: String,
    /// The complete words before it, unquoted.
    pub before: Vec<String>,
}

/// Splits `line` like a POSIX shell up to its end (the cursor).
pub fn word_at(line: &str) -> WordAt {
    let mut before = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            if let Some((_, w)) = cur.as_mut() {
                w.push(c);
            }
            continue;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => escaped = true,
            (Some(_), c) => push(&mut cur, i, c),
            (None, '\\') => {
                cur.get_or_insert((i, String::new()));
                escaped = true;
            }
            (None, '\'' | '"') => {
                cur.get_or_insert((i, String::new()));
                quote = Some(c);
            }
            (None, c) if c.is_whitespace() => {
                if let Some((_, w)) = cur.take() {
                    before.push(w);
                }
            }
            (None, c) => push(&mut cur, i, c),
        }
    }
    match cur {
        Some((start, text)) => WordAt { start, text, before },
        None => WordAt { start: line.len(), text: String::new(), before },
    }
}

fn push(cur: &mut Option<(usize, String)>, i: usize, c: char) {
    cur.get_or_insert((i, String::new())).1.push(c);
}

/// Backslash-escapes what a shell would split or interpret.
pub fn escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_whitespace() || "\"'\\$`!*?[]#;&|()<>{}~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_cd() {
        assert_eq!(resolve("/", "a"), "/a");
        assert_eq!(resolve("/a/b", ".."), "/a");
        assert_eq!(resolve("/a/b", "../c/./d/"), "/a/c/d");
        assert_eq!(resolve("/a", "/x//y"), "/x/y");
        assert_eq!(resolve("/", "../.."), "/");
        assert_eq!(resolve("/a", ""), "/a");
    }

    #[test]
    fn splits_and_names() {
        assert_eq!(split_dir("a/b/c"), ("a/b", "c"));
        assert_eq!(split_dir("/c"), ("/", "c"));
        assert_eq!(split_dir("c"), ("", "c"));
        assert_eq!(split_dir("a/"), ("a", ""));
        assert_eq!(base_name("dir/f.txt"), "f.txt");
        assert_eq!(base_name("dir/sub/"), "sub");
        assert!(is_glob("*.gz") && !is_glob("plain"));
    }

    #[test]
    fn word_under_cursor() {
        let w = word_at("get sub/fi");
        assert_eq!((w.start, w.text.as_str()), (4, "sub/fi"));
        assert_eq!(w.before, vec!["get"]);
        let w = word_at("get 'my fi");
        assert_eq!((w.start, w.text.as_str()), (4, "my fi"));
        let w = word_at("put a\\ b ");
        assert_eq!((w.start, w.text.as_str()), (9, ""));
        assert_eq!(w.before, vec!["put", "a b"]);
        let w = word_at("");
        assert_eq!((w.start, w.text.as_str(), w.before.len()), (0, "", 0));
    }

    #[test]
    fn escapes_for_the_line() {
        assert_eq!(escape("a b'c"), "a\\ b\\'c");
        assert_eq!(escape("plain.txt"), "plain.txt");
    }
}
