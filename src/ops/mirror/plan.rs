//! The plan: from a source and a destination tree, which directories to
//! create, which files to transfer (and why), which destination entries to
//! delete, and what to skip. Pure: no I/O, so every rule is unit-tested.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::filter::Filter;
use super::times;
use super::tree::{FileMeta, Node, Tree, ancestors};

/// How files that exist on both sides are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Transfer when size or modification time differ.
    #[default]
    Default,
    /// Transfer only when the source is newer.
    OnlyNewer,
    /// Transfer only when sizes differ.
    SizeOnly,
}

#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    pub mode: Mode,
    /// False when times cannot be compared meaningfully (the server cannot
    /// keep them, or `--no-times`): sizes decide.
    pub use_times: bool,
    pub delete: bool,
    pub filter: Filter,
    /// The destination is local (a download): transfers get temporary names.
    pub local_destination: bool,
}

/// Why a file is transferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Reason {
    Missing,
    SizeDiffers {
        source: u64,
        destination: u64,
    },
    /// Size unknown on one side (some LIST lines): transferred to be sure.
    SizeUnknown,
    TimeDiffers {
        #[serde(serialize_with = "rfc3339")]
        source: DateTime<Utc>,
        #[serde(serialize_with = "rfc3339")]
        destination: DateTime<Utc>,
    },
    Newer {
        #[serde(serialize_with = "rfc3339")]
        source: DateTime<Utc>,
        #[serde(serialize_with = "rfc3339")]
        destination: DateTime<Utc>,
    },
}

fn rfc3339<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = |t: &DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
        match self {
            Reason::Missing => f.write_str("missing"),
            Reason::SizeDiffers { source, destination } => write!(f, "size {source} != {destination}"),
            Reason::SizeUnknown => f.write_str("size unknown"),
            Reason::TimeDiffers { source, destination } => {
                write!(f, "modified {} != {} UTC", t(source), t(destination))
            }
            Reason::Newer { source, destination } => write!(f, "newer: {} > {} UTC", t(source), t(destination)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub path: String,
    pub size: Option<u64>,
    /// Source modification time, to be given to the copy.
    #[serde(skip)]
    pub mtime: Option<DateTime<Utc>>,
    /// File name of the download's temporary file beside the target
    /// (`NAME.part`, or a variant when the tree itself holds that name).
    #[serde(skip)]
    pub temp: String,
    #[serde(flatten)]
    pub reason: Reason,
}

/// Why an entry is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    SourceSymlink,
    /// A symlink in the destination is never followed nor replaced.
    DestinationSymlink,
    /// Not a file, directory or symlink (device, socket, unknown listing type).
    Special,
    /// A file on one side, a directory on the other: left for a person to sort out.
    TypeConflict,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::SourceSymlink => "symlink in the source (not followed)",
            SkipReason::DestinationSymlink => "symlink in the destination (not followed, not replaced)",
            SkipReason::Special => "not a regular file or directory",
            SkipReason::TypeConflict => "a file on one side and a directory on the other",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub path: String,
    pub why: SkipReason,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// Parents before children.
    pub mkdirs: Vec<String>,
    pub transfers: Vec<Transfer>,
    pub delete_files: Vec<String>,
    /// Children before parents.
    pub delete_dirs: Vec<String>,
    pub skipped: Vec<Skip>,
    /// Files already identical on both sides.
    pub unchanged: u64,
}

impl Plan {
    pub fn bytes(&self) -> u64 {
        self.transfers.iter().filter_map(|t| t.size).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.mkdirs.is_empty()
            && self.transfers.is_empty()
            && self.delete_files.is_empty()
            && self.delete_dirs.is_empty()
    }
}

/// Decides whether a file present on both sides must be transferred.
pub fn compare(src: &FileMeta, dst: &FileMeta, mode: Mode, use_times: bool) -> Option<Reason> {
    let size = match (src.size, dst.size) {
        (Some(s), Some(d)) if s != d => Some(Reason::SizeDiffers { source: s, destination: d }),
        (Some(_), Some(_)) => None,
        _ => Some(Reason::SizeUnknown),
    };
    let times = match (src.mtime, dst.mtime) {
        (Some(s), Some(d)) if use_times => Some((s, d)),
        _ => None,
    };
    match mode {
        Mode::SizeOnly => size,
        Mode::OnlyNewer => match times {
            Some((s, d)) if times::newer(s, d) => Some(Reason::Newer { source: s, destination: d }),
            Some(_) => None,
            // Nothing to tell age by: fall back to sizes.
            None => size,
        },
        Mode::Default => size.or(match times {
            Some((s, d)) if !times::same(s, d) => Some(Reason::TimeDiffers { source: s, destination: d }),
            _ => None,
        }),
    }
}

pub fn plan(src: &Tree, dst: &Tree, opts: &PlanOptions) -> Plan {
    let filter = &opts.filter;
    let mut plan = Plan::default();
    // Source directories whose subtree is left alone (conflicts, dst symlinks).
    let mut pruned: HashSet<&str> = HashSet::new();
    let mut wanted_dirs: BTreeSet<&str> = BTreeSet::new();
    let is_pruned = |pruned: &HashSet<&str>, rel: &str| ancestors(rel).any(|a| pruned.contains(a));

    for (rel, node) in &src.nodes {
        let rel = rel.as_str();
        if filter.excluded(rel) || is_pruned(&pruned, rel) || dst.is_unknown(rel) {
            continue;
        }
        let there = dst.nodes.get(rel);
        match node {
            Node::Dir => match there {
                None | Some(Node::Dir) => {
                    if !filter.restricts() || filter.selects(rel) {
                        wanted_dirs.insert(rel);
                    }
                }
                Some(Node::Symlink) => {
                    skip(&mut plan, rel, SkipReason::DestinationSymlink);
                    pruned.insert(rel);
                }
                Some(Node::File(_) | Node::Other) => {
                    skip(&mut plan, rel, SkipReason::TypeConflict);
                    pruned.insert(rel);
                }
            },
            _ if !filter.selects(rel) => {}
            Node::File(meta) => {
                let reason = match there {
                    None => Some(Reason::Missing),
                    Some(Node::File(d)) => compare(meta, d, opts.mode, opts.use_times),
                    Some(Node::Symlink) => {
                        skip(&mut plan, rel, SkipReason::DestinationSymlink);
                        continue;
                    }
                    Some(Node::Dir | Node::Other) => {
                        skip(&mut plan, rel, SkipReason::TypeConflict);
                        continue;
                    }
                };
                match reason {
                    Some(reason) => {
                        wanted_dirs.extend(ancestors(rel));
                        plan.transfers.push(Transfer {
                            path: rel.to_string(),
                            size: meta.size,
                            mtime: meta.mtime,
                            temp: String::new(),
                            reason,
                        })
                    }
                    None => plan.unchanged += 1,
                }
            }
            Node::Symlink => skip(&mut plan, rel, SkipReason::SourceSymlink),
            Node::Other => skip(&mut plan, rel, SkipReason::Special),
        }
    }
    plan.mkdirs = wanted_dirs.into_iter().filter(|d| dst.nodes.get(*d) != Some(&Node::Dir)).map(String::from).collect();
    // Temporary names are for downloads only: uploads go straight to their name.
    let temps = if opts.local_destination { assign_temp_names(src, dst, &mut plan.transfers) } else { HashSet::new() };
    if opts.delete {
        plan_deletes(src, dst, filter, &temps, &mut plan);
    }
    plan
}

/// Gives every transfer a temporary name that is no entry of the source
/// tree (a remote `a.bin.part` is a real file, not our partial download),
/// no directory or symlink of the destination, and no other transfer's
/// temporary name, so two downloads never share one temporary file, at any
/// parallelism. Returns the temporary files' relative paths.
fn assign_temp_names(src: &Tree, dst: &Tree, transfers: &mut [Transfer]) -> HashSet<String> {
    let mut used: HashSet<String> = HashSet::new();
    for t in transfers.iter_mut() {
        let (dir, name) = match t.path.rsplit_once('/') {
            Some((d, n)) => (Some(d), n),
            None => (None, t.path.as_str()),
        };
        let rel = |n: &str| match dir {
            Some(d) => format!("{d}/{n}"),
            None => n.to_string(),
        };
        let taken = |n: &str| {
            let r = rel(n);
            src.nodes.contains_key(&r)
                || matches!(dst.nodes.get(&r), Some(node) if !matches!(node, Node::File(_)))
                || used.contains(&r)
        };
        let temp = crate::ops::part::temp_name(name, &taken);
        used.insert(rel(&temp));
        t.temp = temp;
    }
    used
}

fn skip(plan: &mut Plan, rel: &str, why: SkipReason) {
    plan.skipped.push(Skip { path: rel.to_string(), why });
}

/// Destination entries absent from the source: files (never symlinks or
/// special files), then directories that end up empty.
fn plan_deletes(src: &Tree, dst: &Tree, filter: &Filter, temps: &HashSet<String>, plan: &mut Plan) {
    // Directories that keep at least one entry.
    let mut kept_parents: HashSet<&str> = HashSet::new();
    let mut candidates: Vec<&str> = Vec::new();
    for (rel, node) in &dst.nodes {
        let rel = rel.as_str();
        let protected = filter.excluded(rel)
            || src.is_unknown(rel)
            || dst.is_unknown(rel)
            || src.nodes.contains_key(rel)
            // Listed under a name ftps refuses: still not missing from the source.
            || src.refused.contains(rel)
            // A partial download kept for the next run to resume.
            || temps.contains(rel)
            || (matches!(node, Node::File(_)) && !filter.selects(rel))
            || ancestors(rel).any(|a| matches!(src.nodes.get(a), Some(n) if *n != Node::Dir));
        let deletable = !protected && matches!(node, Node::File(_) | Node::Dir);
        if !deletable {
            kept_parents.extend(ancestors(rel));
            continue;
        }
        match node {
            Node::File(_) => plan.delete_files.push(rel.to_string()),
            _ => candidates.push(rel),
        }
    }
    // Children sort after their parents; walk backwards so a directory's
    // verdict is known before its parent's.
    for rel in candidates.into_iter().rev() {
        if kept_parents.contains(rel) || (filter.restricts() && !filter.selects(rel)) {
            kept_parents.extend(ancestors(rel));
        } else {
            plan.delete_dirs.push(rel.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> Option<DateTime<Utc>> {
        Some(Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap())
    }

    fn file(size: u64, t: i64) -> Node {
        Node::File(FileMeta { size: Some(size), mtime: at(t) })
    }

    fn tree(entries: &[(&str, Node)]) -> Tree {
        Tree { nodes: entries.iter().map(|(p, n)| (p.to_string(), *n)).collect(), ..Default::default() }
    }

    fn opts() -> PlanOptions {
        PlanOptions { use_times: true, ..Default::default() }
    }

    fn paths(t: &[Transfer]) -> Vec<&str> {
        t.iter().map(|t| t.path.as_str()).collect()
    }

    #[test]
    fn missing_files_and_dirs_are_created() {
        let src = tree(&[("a", Node::Dir), ("a/x", file(3, 0)), ("empty", Node::Dir), ("y", file(0, 0))]);
        let p = plan(&src, &Tree::default(), &opts());
        assert_eq!(p.mkdirs, vec!["a", "empty"]);
        assert_eq!(paths(&p.transfers), vec!["a/x", "y"]);
        assert!(p.transfers.iter().all(|t| t.reason == Reason::Missing));
        assert_eq!(p.bytes(), 3);
    }

    #[test]
    fn same_files_are_left_alone() {
        let src = tree(&[("a", Node::Dir), ("a/x", file(3, 0))]);
        let mut dst = src.clone();
        // Sub-second difference: the same time for a server without fractions.
        dst.nodes.insert(
            "a/x".into(),
            Node::File(FileMeta { size: Some(3), mtime: at(0).map(|t| t + chrono::TimeDelta::milliseconds(700)) }),
        );
        let p = plan(&src, &dst, &opts());
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(p.unchanged, 1);
    }

    #[test]
    fn changed_size_or_time_is_transferred() {
        let src = tree(&[("s", file(3, 0)), ("t", file(3, 0)), ("u", file(3, 0))]);
        let dst = tree(&[("s", file(4, 0)), ("t", file(3, -3600)), ("u", file(3, 1))]);
        let p = plan(&src, &dst, &opts());
        assert_eq!(paths(&p.transfers), vec!["s", "t", "u"]);
        assert_eq!(p.transfers[0].reason, Reason::SizeDiffers { source: 3, destination: 4 });
        assert!(matches!(p.transfers[1].reason, Reason::TimeDiffers { .. }));
    }

    #[test]
    fn size_only_ignores_times() {
        let src = tree(&[("s", file(3, 0)), ("t", file(3, 0))]);
        let dst = tree(&[("s", file(4, 0)), ("t", file(3, -3600))]);
        let p = plan(&src, &dst, &PlanOptions { mode: Mode::SizeOnly, ..opts() });
        assert_eq!(paths(&p.transfers), vec!["s"]);
        // Without comparable times the default mode falls back to sizes too.
        let p = plan(&src, &dst, &PlanOptions { use_times: false, ..opts() });
        assert_eq!(paths(&p.transfers), vec!["s"]);
    }

    #[test]
    fn only_newer_transfers_only_newer_sources() {
        let src = tree(&[("new", file(3, 100)), ("old", file(9, -100)), ("same", file(3, 0)), ("gone", file(1, 0))]);
        let dst = tree(&[("new", file(3, 0)), ("old", file(3, 0)), ("same", file(5, 0))]);
        let p = plan(&src, &dst, &PlanOptions { mode: Mode::OnlyNewer, ..opts() });
        assert_eq!(paths(&p.transfers), vec!["gone", "new"]);
        assert!(matches!(p.transfers[1].reason, Reason::Newer { .. }));
    }

    #[test]
    fn unknown_sizes_are_transferred() {
        let src = tree(&[("x", Node::File(FileMeta { size: None, mtime: None }))]);
        let dst = tree(&[("x", file(3, 0))]);
        assert_eq!(plan(&src, &dst, &opts()).transfers[0].reason, Reason::SizeUnknown);
    }

    #[test]
    fn delete_removes_files_then_empty_dirs_only_with_flag() {
        let src = tree(&[("keep", Node::Dir), ("keep/a", file(1, 0))]);
        let dst = tree(&[
            ("keep", Node::Dir),
            ("keep/a", file(1, 0)),
            ("keep/old", file(1, 0)),
            ("gone", Node::Dir),
            ("gone/sub", Node::Dir),
            ("gone/sub/f", file(1, 0)),
            ("link", Node::Symlink),
            ("holds-link", Node::Dir),
            ("holds-link/l", Node::Symlink),
        ]);
        assert!(plan(&src, &dst, &opts()).delete_files.is_empty());
        let p = plan(&src, &dst, &PlanOptions { delete: true, ..opts() });
        assert_eq!(p.delete_files, vec!["gone/sub/f", "keep/old"]);
        assert_eq!(p.delete_dirs, vec!["gone/sub", "gone"]);
    }

    #[test]
    fn delete_spares_what_the_source_lists_under_a_refused_name() {
        let src = Tree { refused: ["d/odd\nname".to_string()].into(), ..tree(&[("d", Node::Dir)]) };
        let dst = tree(&[("d", Node::Dir), ("d/odd\nname", file(1, 0)), ("d/gone", file(1, 0))]);
        let p = plan(&src, &dst, &PlanOptions { delete: true, ..opts() });
        assert_eq!(p.delete_files, vec!["d/gone"]);
        assert!(p.delete_dirs.is_empty());
    }

    #[test]
    fn delete_never_touches_unknown_or_excluded_parts() {
        let mut src = tree(&[("d", Node::Dir)]);
        src.incomplete.insert("d".into());
        let dst = tree(&[("d", Node::Dir), ("d/f", file(1, 0)), ("x.log", file(1, 0)), ("y", file(1, 0))]);
        let filter = Filter::new(&[], &["*.log".into()]).unwrap();
        let p = plan(&src, &dst, &PlanOptions { delete: true, filter, ..opts() });
        assert_eq!(p.delete_files, vec!["y"]);
        assert!(p.delete_dirs.is_empty());
    }

    #[test]
    fn include_and_exclude_select_files() {
        let src = tree(&[
            ("a.txt", file(1, 0)),
            ("b.bin", file(1, 0)),
            ("d", Node::Dir),
            ("d/c.txt", file(1, 0)),
            ("d/secret.txt", file(1, 0)),
            ("e", Node::Dir),
        ]);
        let filter = Filter::new(&["*.txt".into()], &["secret*".into()]).unwrap();
        let dst = tree(&[("old.bin", file(1, 0)), ("old.txt", file(1, 0))]);
        let p = plan(&src, &dst, &PlanOptions { filter, delete: true, ..opts() });
        assert_eq!(paths(&p.transfers), vec!["a.txt", "d/c.txt"]);
        // Only directories that hold included files are created.
        assert_eq!(p.mkdirs, vec!["d"]);
        // Files outside the included set are not the mirror's to delete.
        assert_eq!(p.delete_files, vec!["old.txt"]);
    }

    #[test]
    fn symlinks_and_conflicts_are_skipped() {
        let src =
            tree(&[("l", Node::Symlink), ("f", file(1, 0)), ("d", Node::Dir), ("d/x", file(1, 0)), ("s", file(1, 0))]);
        let dst = tree(&[("f", Node::Dir), ("d", Node::Symlink), ("s", Node::Symlink)]);
        let p = plan(&src, &dst, &PlanOptions { delete: true, ..opts() });
        assert!(p.transfers.is_empty() && p.mkdirs.is_empty() && p.delete_files.is_empty(), "{p:?}");
        let skips: Vec<(&str, SkipReason)> = p.skipped.iter().map(|s| (s.path.as_str(), s.why)).collect();
        assert_eq!(
            skips,
            vec![
                ("d", SkipReason::DestinationSymlink),
                ("f", SkipReason::TypeConflict),
                ("l", SkipReason::SourceSymlink),
                ("s", SkipReason::DestinationSymlink),
            ]
        );
    }
}
