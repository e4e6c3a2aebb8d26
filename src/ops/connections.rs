//! How many connections moved one file, and why: the segment choice that
//! `-v` notes as it is made and `--json` reports per file. A leaf that both
//! the whole-file routine's [`Evidence`](super::transfer::Evidence) and the
//! segmented one name, so neither imports the other for it.

use std::time::Duration;

use serde::Serialize;

/// Connections that join within this of the one before are one step of an
/// adaptive pool: the pool adds a step's connections at once and measures
/// at least this long before the next (the runner's shortest window).
const STEP_GAP: Duration = Duration::from_millis(300);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connections {
    /// `"one"` (not split), `"fixed"` (a number asked for) or `"adaptive"`.
    pub chosen: &'static str,
    /// Connections asked for (`"fixed"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked: Option<u32>,
    /// Connections that moved bytes of the file.
    pub connections: u32,
    /// An adaptive pool's growth: the connections moving data after each
    /// step, and when the step's first one began.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Why one connection, or fewer than asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub connections: u32,
    pub after_secs: f64,
}

impl Connections {
    /// A file moved whole, for `why`.
    pub fn one(why: &str) -> Connections {
        Connections { chosen: "one", asked: None, connections: 1, steps: Vec::new(), why: Some(why.to_string()) }
    }

    /// A split file, from when each connection began its first range
    /// (since the transfer began, in any order): `asked` connections for a
    /// fixed pool, `None` for an adaptive one.
    pub fn split(asked: Option<u32>, joined: &[Duration]) -> Connections {
        let mut joined = joined.to_vec();
        joined.sort();
        let connections = u32::try_from(joined.len()).unwrap_or(u32::MAX);
        let Some(asked) = asked else {
            return Connections { chosen: "adaptive", asked: None, connections, steps: steps(&joined), why: None };
        };
        let why = (connections < asked).then(|| {
            format!(
                "{connections} of {asked} connections moved data: the others found no range left once logged \
                 in, or the server refused them, or they failed"
            )
        });
        Connections { chosen: "fixed", asked: Some(asked), connections, steps: Vec::new(), why }
    }
}

/// The `-v` line once a split transfer ended: what the plan became.
impl std::fmt::Display for Connections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.connections;
        let s = if n == 1 { "" } else { "s" };
        match self.asked {
            _ if self.chosen == "one" => write!(f, "one connection: {}", self.why.as_deref().unwrap_or_default()),
            Some(asked) => write!(f, "{n} of {asked} connections moved data"),
            None => {
                let steps: Vec<String> =
                    self.steps.iter().map(|st| format!("{} at {:.1} s", st.connections, st.after_secs)).collect();
                write!(f, "{n} connection{s} moved data, adaptive: {}", steps.join(", "))
            }
        }
    }
}

/// Groups sorted join times into steps (see [`STEP_GAP`]).
fn steps(joined: &[Duration]) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    let mut last: Option<Duration> = None;
    for (i, t) in joined.iter().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match (out.last_mut(), last) {
            (Some(step), Some(prev)) if *t - prev < STEP_GAP => step.connections = n,
            _ => out.push(Step { connections: n, after_secs: (t.as_secs_f64() * 1000.0).round() / 1000.0 }),
        }
        last = Some(*t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|m| Duration::from_millis(*m)).collect()
    }

    #[test]
    fn joins_close_together_are_one_step() {
        let c = Connections::split(None, &ms(&[2400, 0, 900, 2450, 4000, 4010, 4100, 4200]));
        let steps: Vec<(u32, f64)> = c.steps.iter().map(|s| (s.connections, s.after_secs)).collect();
        assert_eq!(steps, vec![(1, 0.0), (2, 0.9), (4, 2.4), (8, 4.0)]);
        assert_eq!(c.to_string(), "8 connections moved data, adaptive: 1 at 0.0 s, 2 at 0.9 s, 4 at 2.4 s, 8 at 4.0 s");
        assert_eq!((c.chosen, c.connections, c.why), ("adaptive", 8, None));
    }

    #[test]
    fn a_fixed_pool_says_when_it_got_fewer() {
        let full = Connections::split(Some(2), &ms(&[0, 10]));
        assert_eq!((full.chosen, full.asked, full.connections, full.why), ("fixed", Some(2), 2, None));
        assert!(full.steps.is_empty());
        let short = Connections::split(Some(4), &ms(&[0, 10]));
        assert_eq!(short.to_string(), "2 of 4 connections moved data");
        assert!(short.why.is_some_and(|w| w.starts_with("2 of 4 connections")));
    }
}
