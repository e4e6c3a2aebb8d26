//! One side of a mirror as a flat map from relative path (`dir/sub/name`,
//! `/`-separated) to what is there.
//!
//! Local trees come from walking the file system without following
//! symlinks; remote trees are assembled from directory listings, where every
//! server-supplied name is checked before it can become part of a path.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::filter::Filter;
use super::times;
use crate::error::{Error, Result};
use crate::listing::{EntryKind, names};
use crate::ops::list::Listing;

/// What a path holds on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Dir,
    File(FileMeta),
    /// Never followed: reported and skipped.
    Symlink,
    /// Devices, sockets, unknown listing types: reported and skipped.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileMeta {
    /// `None` when a listing gave no size.
    pub size: Option<u64>,
    /// `None` when unknown or too coarse to compare (LIST dates).
    pub mtime: Option<DateTime<Utc>>,
}

#[derive(Debug, Default, Clone)]
pub struct Tree {
    pub nodes: BTreeMap<String, Node>,
    /// Directories whose contents could not be read: nothing below them is
    /// known, so nothing below them may be deleted or assumed missing.
    pub incomplete: BTreeSet<String>,
    /// Paths the listing holds under names ftps will not use: they exist,
    /// so a copy of the same name elsewhere is no orphan to delete.
    pub refused: BTreeSet<String>,
}

/// Something found while reading a tree that the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A server entry whose name is not a plain file name: never used.
    RefusedName { dir: String, name: String, why: &'static str },
    /// A listing line no parser understood.
    Unparsed { dir: String, line: String },
    /// A local name that cannot be sent over FTP (not UTF-8, or CR/LF/NUL).
    UnsendableName { path: PathBuf },
}

impl Tree {
    pub fn file(&self, rel: &str) -> Option<&FileMeta> {
        match self.nodes.get(rel) {
            Some(Node::File(m)) => Some(m),
            _ => None,
        }
    }

    /// True when `rel` lies in (or is) a directory whose listing failed.
    pub fn is_unknown(&self, rel: &str) -> bool {
        !self.incomplete.is_empty()
            && (self.incomplete.contains("") || self_and_ancestors(rel).any(|a| self.incomplete.contains(a)))
    }
}

/// `a/b/c`, `a/b`, `a`.
pub fn self_and_ancestors(rel: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(rel), |r| r.rfind('/').map(|i| &r[..i]))
}

/// `a`, `a/b` for `a/b/c`.
pub fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    self_and_ancestors(rel).skip(1)
}

pub fn join_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// Walks the local directory `root` (which must exist, unless `may_be_missing`).
/// Symlinks are recorded, never followed; excluded directories are not entered.
pub fn walk_local(root: &Path, filter: &Filter, may_be_missing: bool, notices: &mut Vec<Notice>) -> Result<Tree> {
    let mut tree = Tree::default();
    match fs::metadata(root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::InvalidArgument(format!(
                "{} is not a directory; mirror synchronises directory trees",
                root.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && may_be_missing => return Ok(tree),
        Err(e) => return Err(Error::Local { action: "read directory", path: root.into(), source: e }),
    }
    let mut stack = vec![String::new()];
    while let Some(dir_rel) = stack.pop() {
        let dir = if dir_rel.is_empty() { root.to_path_buf() } else { root.join(&dir_rel) };
        let read = match fs::read_dir(&dir) {
            Ok(r) => r,
            Err(e) if dir_rel.is_empty() => {
                return Err(Error::Local { action: "read directory", path: dir, source: e });
            }
            Err(_) => {
                tree.incomplete.insert(dir_rel);
                continue;
            }
        };
        for entry in read {
            let Ok(entry) = entry else {
                tree.incomplete.insert(dir_rel.clone());
                continue;
            };
            let os_name = entry.file_name();
            let Some(name) = os_name.to_str().filter(|n| !n.contains(['\r', '\n', '\0'])) else {
                notices.push(Notice::UnsendableName { path: entry.path() });
                continue;
            };
            let rel = join_rel(&dir_rel, name);
            if filter.excluded(&rel) {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                tree.incomplete.insert(rel);
                continue;
            };
            let node = if kind.is_symlink() {
                Node::Symlink
            } else if kind.is_dir() {
                stack.push(rel.clone());
                Node::Dir
            } else if kind.is_file() {
                // DirEntry::metadata does not follow symlinks.
                match entry.metadata() {
                    Ok(m) => Node::File(FileMeta { size: Some(m.len()), mtime: times::local_mtime(&m) }),
                    Err(_) => {
                        tree.incomplete.insert(rel);
                        continue;
                    }
                }
            } else {
                Node::Other
            };
            tree.nodes.insert(rel, node);
        }
    }
    Ok(tree)
}

/// Adds one remote directory's listing to `tree`; returns the
/// subdirectories still to be listed. `precise_times` says whether the
/// listing's times are exact (MLSD) or merely display dates (LIST).
pub fn add_listing(
    tree: &mut Tree,
    dir_rel: &str,
    listing: Listing,
    precise_times: bool,
    filter: &Filter,
    notices: &mut Vec<Notice>,
) -> Vec<String> {
    let mut subdirs = Vec::new();
    for line in listing.unparsed {
        notices.push(Notice::Unparsed { dir: dir_rel.to_string(), line: line.line });
    }
    for e in listing.entries {
        if let Err(why) = names::check_name(&e.name) {
            tree.refused.insert(join_rel(dir_rel, &e.name));
            notices.push(Notice::RefusedName { dir: dir_rel.to_string(), name: e.name, why });
            continue;
        }
        let rel = join_rel(dir_rel, &e.name);
        if filter.excluded(&rel) {
            continue;
        }
        let node = match e.kind {
            EntryKind::Dir => {
                subdirs.push(rel.clone());
                Node::Dir
            }
            EntryKind::File => Node::File(FileMeta { size: e.size, mtime: e.modified.filter(|_| precise_times) }),
            EntryKind::Symlink => Node::Symlink,
            EntryKind::Other => Node::Other,
        };
        // A name listed twice (broken servers) keeps its first meaning.
        tree.nodes.entry(rel).or_insert(node);
    }
    subdirs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::Entry;

    fn entry(name: &str, kind: EntryKind, size: Option<u64>) -> Entry {
        Entry { name: name.into(), kind, size, modified: None, perms: None, target: None }
    }

    #[test]
    fn hostile_names_are_refused() {
        let listing = Listing {
            entries: vec![
                entry("../x", EntryKind::File, Some(1)),
                entry("/etc/x", EntryKind::File, Some(1)),
                entry("a/b", EntryKind::Dir, None),
                entry("..", EntryKind::Dir, None),
                entry("ok", EntryKind::File, Some(2)),
                entry("sub", EntryKind::Dir, None),
            ],
            ..Default::default()
        };
        let mut tree = Tree::default();
        let mut notices = Vec::new();
        let subdirs = add_listing(&mut tree, "d", listing, true, &Filter::default(), &mut notices);
        assert_eq!(subdirs, vec!["d/sub".to_string()]);
        assert_eq!(tree.nodes.keys().collect::<Vec<_>>(), vec!["d/ok", "d/sub"]);
        let refused: Vec<&str> = notices
            .iter()
            .filter_map(|n| match n {
                Notice::RefusedName { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(refused, vec!["../x", "/etc/x", "a/b", ".."]);
        assert!(tree.refused.contains("d/a/b") && tree.refused.contains("d/.."), "{:?}", tree.refused);
    }

    #[test]
    fn ancestors_of_a_path() {
        assert_eq!(self_and_ancestors("a/b/c").collect::<Vec<_>>(), vec!["a/b/c", "a/b", "a"]);
        assert_eq!(ancestors("a").count(), 0);
        let mut t = Tree::default();
        t.incomplete.insert("a/b".into());
        assert!(t.is_unknown("a/b/c") && t.is_unknown("a/b") && !t.is_unknown("a") && !t.is_unknown("a/bc"));
        // The root's listing failing leaves everything unknown.
        t.incomplete.insert(String::new());
        assert!(t.is_unknown("a") && t.is_unknown("x/y"));
    }

    #[cfg(unix)]
    #[test]
    fn local_walk_records_symlinks_without_following() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("d/e")).unwrap();
        fs::write(root.join("d/f.txt"), b"abc").unwrap();
        fs::write(root.join("skip.o"), b"x").unwrap();
        std::os::unix::fs::symlink("/etc", root.join("link")).unwrap();
        let filter = Filter::new(&[], &["*.o".into()]).unwrap();
        let tree = walk_local(root, &filter, false, &mut Vec::new()).unwrap();
        assert_eq!(tree.nodes.get("link"), Some(&Node::Symlink));
        assert_eq!(tree.nodes.get("d"), Some(&Node::Dir));
        assert_eq!(tree.nodes.get("d/e"), Some(&Node::Dir));
        assert_eq!(tree.file("d/f.txt").and_then(|m| m.size), Some(3));
        assert!(!tree.nodes.contains_key("skip.o"));
        assert!(!tree.nodes.keys().any(|k| k.starts_with("link/")));
        assert!(walk_local(&root.join("missing"), &filter, true, &mut Vec::new()).unwrap().nodes.is_empty());
        assert!(walk_local(&root.join("missing"), &filter, false, &mut Vec::new()).is_err());
    }
}
