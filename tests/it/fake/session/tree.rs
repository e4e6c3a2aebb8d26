//! The in-memory file tree as sessions see it: directories (implied,
//! created, or endless), MLST facts, and a directory's children.

use std::collections::BTreeMap;

use super::Session;
use crate::fake::MTIME;

impl Session {
    pub(super) fn is_dir(&self, p: &str) -> bool {
        if let Some(root) = &self.b().endless_dirs
            && (p == root || p.starts_with(&format!("{root}/")))
        {
            return true;
        }
        let st = self.sh.state();
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        st.dirs.contains(p)
            || st.files.keys().any(|k| k.starts_with(&prefix))
            || st.dirs.iter().any(|k| k.starts_with(&prefix))
    }

    pub(super) fn facts(&self, p: &str) -> Option<String> {
        if let Some(len) = self.sh.state().files.get(p).map(|f| f.len()) {
            return Some(format!("type=file;size={len};modify={MTIME};"));
        }
        if self.is_dir(p) {
            return Some(format!("type=dir;modify={MTIME};"));
        }
        None
    }

    /// Immediate children of directory `p`: (name, Some(size) for files).
    pub(super) fn children(&self, p: &str) -> Vec<(String, Option<usize>)> {
        if let Some(root) = &self.b().endless_dirs
            && (p == root || p.starts_with(&format!("{root}/")))
        {
            return vec![("d".to_string(), None)];
        }
        let st = self.sh.state();
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        let mut out: BTreeMap<String, Option<usize>> = BTreeMap::new();
        for (k, v) in &st.files {
            if let Some(rest) = k.strip_prefix(&prefix) {
                match rest.split_once('/') {
                    None => {
                        out.insert(rest.to_string(), Some(v.len()));
                    }
                    Some((d, _)) => {
                        out.entry(d.to_string()).or_insert(None);
                    }
                }
            }
        }
        for k in &st.dirs {
            if let Some(rest) = k.strip_prefix(&prefix)
                && !rest.is_empty()
            {
                let d = rest.split('/').next().unwrap_or(rest);
                out.entry(d.to_string()).or_insert(None);
            }
        }
        out.into_iter().collect()
    }
}
