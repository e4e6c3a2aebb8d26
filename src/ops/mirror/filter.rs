//! `--include` / `--exclude`: glob patterns matched against paths relative
//! to the source root (`dir/sub/file.txt`).
//!
//! A pattern with a `/` is matched against the whole relative path (`*` does
//! not cross `/`, `**` does); a pattern without one is matched against each
//! path component, like rsync and lftp do, so `--exclude '*.o'` reaches into
//! every directory. An excluded directory takes its whole subtree with it,
//! and exclusion wins over inclusion. Once any `--include` is given, only
//! files that match one (or lie under a directory that matches one) are
//! mirrored.

use glob::{MatchOptions, Pattern, PatternError};

const OPTIONS: MatchOptions =
    MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: false };

#[derive(Debug, Clone, Default)]
pub struct Filter {
    include: Vec<Pattern>,
    exclude: Vec<Pattern>,
}

impl Filter {
    pub fn new(include: &[String], exclude: &[String]) -> std::result::Result<Filter, (String, PatternError)> {
        let compile = |list: &[String]| {
            list.iter()
                .map(|p| Pattern::new(p.trim_matches('/')).map_err(|e| (p.clone(), e)))
                .collect::<std::result::Result<Vec<_>, _>>()
        };
        Ok(Filter { include: compile(include)?, exclude: compile(exclude)? })
    }

    /// True when some `--include` restricts what is mirrored.
    pub fn restricts(&self) -> bool {
        !self.include.is_empty()
    }

    /// Excluded paths are neither listed, transferred nor deleted.
    pub fn excluded(&self, rel: &str) -> bool {
        self.exclude.iter().any(|p| hits(p, rel))
    }

    /// Whether a file (or, for `--include`, a directory kept for its own
    /// sake) at `rel` takes part: not excluded, and included when includes
    /// were given.
    pub fn selects(&self, rel: &str) -> bool {
        !self.excluded(rel) && (self.include.is_empty() || self.include.iter().any(|p| hits(p, rel)))
    }
}

/// Matches `rel` or any of its ancestor directories (an excluded or included
/// directory covers everything below it).
fn hits(p: &Pattern, rel: &str) -> bool {
    let anchored = p.as_str().contains('/');
    let mut end = 0;
    loop {
        let next = rel[end..].find('/').map(|i| end + i);
        let prefix = &rel[..next.unwrap_or(rel.len())];
        let component = &prefix[prefix.rfind('/').map_or(0, |i| i + 1)..];
        let subject = if anchored { prefix } else { component };
        if p.matches_with(subject, OPTIONS) {
            return true;
        }
        match next {
            Some(i) => end = i + 1,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(include: &[&str], exclude: &[&str]) -> Filter {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        Filter::new(&s(include), &s(exclude)).unwrap()
    }

    #[test]
    fn no_patterns_select_everything() {
        let x = f(&[], &[]);
        assert!(x.selects("a") && x.selects("a/b/c.txt") && !x.restricts());
    }

    #[test]
    fn basename_patterns_reach_every_level() {
        let x = f(&[], &["*.o"]);
        assert!(x.excluded("a.o") && x.excluded("src/deep/b.o"));
        assert!(!x.excluded("a.c") && x.selects("src/a.c"));
    }

    #[test]
    fn excluded_directory_covers_its_subtree() {
        let x = f(&[], &["cache"]);
        assert!(x.excluded("cache") && x.excluded("cache/x/y") && x.excluded("a/cache/z"));
        assert!(!x.excluded("cached/file"));
    }

    #[test]
    fn anchored_patterns_match_relative_paths() {
        let x = f(&[], &["docs/*.tmp"]);
        assert!(x.excluded("docs/a.tmp"));
        assert!(!x.excluded("a.tmp") && !x.excluded("other/docs/a.tmp") && !x.excluded("docs/sub/a.tmp"));
        assert!(f(&[], &["docs/**/*.tmp"]).excluded("docs/sub/a.tmp"));
    }

    #[test]
    fn include_restricts_and_exclude_wins() {
        let x = f(&["*.txt", "keep"], &["secret*"]);
        assert!(x.selects("a.txt") && x.selects("d/b.txt") && x.selects("keep/any.bin"));
        assert!(!x.selects("a.bin") && !x.selects("secret.txt") && !x.selects("keep/secret/a.txt"));
    }

    #[test]
    fn bad_pattern_is_reported() {
        assert!(Filter::new(&["[".to_string()], &[]).is_err());
    }
}
