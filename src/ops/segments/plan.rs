//! Which byte ranges of a file are fetched, and who takes what: the pure
//! part of segmented downloads, kept apart from the sessions that run it.
//!
//! A [`Board`] holds the ranges already on disk ([`Done`]), the ranges
//! nobody has taken yet, and the claims in flight (each one connection's
//! current range, with how far it got). A connection that finishes takes
//! the next free range, or else half of the largest range still in flight,
//! so the end of a download is never one slow connection alone.

/// Half-open byte intervals `[start, end)` known to be on disk, sorted and
/// merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Done(Vec<(u64, u64)>);

impl Done {
    pub fn new() -> Done {
        Done(Vec::new())
    }

    /// The intervals, sorted and merged.
    pub fn spans(&self) -> &[(u64, u64)] {
        &self.0
    }

    /// Adds `[start, end)`, merging with what touches or overlaps it.
    pub fn insert(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        let (mut s, mut e) = (start, end);
        let mut kept = Vec::with_capacity(self.0.len() + 1);
        for &(a, b) in &self.0 {
            if b < s || a > e {
                kept.push((a, b));
            } else {
                s = s.min(a);
                e = e.max(b);
            }
        }
        kept.push((s, e));
        kept.sort_unstable();
        self.0 = kept;
    }

    /// Bytes covered.
    pub fn total(&self) -> u64 {
        self.0.iter().map(|(a, b)| b - a).sum()
    }

    /// The gaps in `[0, size)`.
    pub fn missing(&self, size: u64) -> Vec<(u64, u64)> {
        let mut gaps = Vec::new();
        let mut at = 0;
        for &(a, b) in &self.0 {
            if a >= size {
                break;
            }
            if a > at {
                gaps.push((at, a));
            }
            at = at.max(b);
        }
        if at < size {
            gaps.push((at, size));
        }
        gaps
    }
}

/// Cuts the gaps into at least `n` pieces where they are large enough:
/// the largest piece is halved while it is at least `2 * min`.
pub fn split(gaps: &[(u64, u64)], n: usize, min: u64) -> Vec<(u64, u64)> {
    let mut pieces: Vec<(u64, u64)> = gaps.iter().copied().filter(|(a, b)| a < b).collect();
    while pieces.len() < n {
        let Some(i) = (0..pieces.len()).max_by_key(|&i| pieces[i].1 - pieces[i].0) else { break };
        let (a, b) = pieces[i];
        if b - a < 2 * min.max(1) {
            break;
        }
        let mid = a + (b - a) / 2;
        pieces[i] = (a, mid);
        pieces.insert(i + 1, (mid, b));
    }
    pieces
}

/// One connection's range in flight: bytes `[start, pos)` are written,
/// `[pos, end)` are still to come. `end` shrinks when another connection
/// takes half of what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub start: u64,
    pub pos: u64,
    pub end: u64,
}

impl Claim {
    pub fn left(&self) -> u64 {
        self.end - self.pos
    }
}

/// Identifies a claim on a [`Board`].
pub type ClaimId = usize;

/// The whole plan of one segmented download.
#[derive(Debug)]
pub struct Board {
    done: Done,
    free: Vec<(u64, u64)>,
    claims: Vec<Option<Claim>>,
    /// A claim is halved for an idle connection only while at least twice
    /// this much of it is left.
    min_steal: u64,
}

impl Board {
    /// A board for a file of `size` bytes of which `done` are on disk, the
    /// rest cut for `n` connections (pieces of at least `min` bytes).
    pub fn new(size: u64, done: Done, n: usize, min: u64) -> Board {
        let mut free = split(&done.missing(size), n, min);
        // Taken from the back: the first piece goes first.
        free.reverse();
        Board { done, free, claims: Vec::new(), min_steal: min }
    }

    pub fn done(&self) -> &Done {
        &self.done
    }

    /// Everything on disk: finished ranges and the written part of each claim.
    pub fn written(&self) -> Done {
        let mut d = self.done.clone();
        for c in self.claims.iter().flatten() {
            d.insert(c.start, c.pos);
        }
        d
    }

    /// Bytes on disk.
    pub fn written_total(&self) -> u64 {
        self.done.total() + self.claims.iter().flatten().map(|c| c.pos - c.start).sum::<u64>()
    }

    /// Nothing free and nothing in flight.
    pub fn finished(&self) -> bool {
        self.free.is_empty() && self.claims.iter().all(Option::is_none)
    }

    /// Claims in flight.
    pub fn in_flight(&self) -> usize {
        self.claims.iter().flatten().count()
    }

    /// The most bytes left in one place: a free range or a claim's rest.
    pub fn largest_left(&self) -> u64 {
        let free = self.free.iter().map(|(a, b)| b - a);
        free.chain(self.claims.iter().flatten().map(Claim::left)).max().unwrap_or(0)
    }

    pub fn claim(&self, id: ClaimId) -> Option<Claim> {
        self.claims.get(id).copied().flatten()
    }

    /// The next range for an idle connection: a free one, else the larger
    /// half of what is left of the largest claim. `None`: nothing to take
    /// now (everything left is in flight and too small to halve).
    pub fn take(&mut self) -> Option<ClaimId> {
        let (start, end) = match self.free.pop() {
            Some(r) => r,
            None => {
                let victim = self.claims.iter_mut().flatten().filter(|c| c.left() >= 2 * self.min_steal.max(1));
                let c = victim.max_by_key(|c| c.left())?;
                let mid = c.pos + c.left() / 2;
                let end = c.end;
                c.end = mid;
                (mid, end)
            }
        };
        let claim = Claim { start, pos: start, end };
        match self.claims.iter().position(Option::is_none) {
            Some(i) => {
                self.claims[i] = Some(claim);
                Some(i)
            }
            None => {
                self.claims.push(Some(claim));
                Some(self.claims.len() - 1)
            }
        }
    }

    /// Records `n` bytes written at the claim's position; returns how many
    /// of them belong to it (the rest is past its end).
    pub fn advance(&mut self, id: ClaimId, n: u64) -> u64 {
        match self.claims.get_mut(id).and_then(Option::as_mut) {
            Some(c) => {
                let n = n.min(c.left());
                c.pos += n;
                n
            }
            None => 0,
        }
    }

    /// Forgets what a claim wrote (an upload whose connection failed cannot
    /// tell what the server kept): it starts over at its start. Returns the
    /// bytes forgotten.
    pub fn rewind(&mut self, id: ClaimId) -> u64 {
        match self.claims.get_mut(id).and_then(Option::as_mut) {
            Some(c) => {
                let n = c.pos - c.start;
                c.pos = c.start;
                n
            }
            None => 0,
        }
    }

    /// Ends a claim: what it wrote is done; what it did not goes back to
    /// the free ranges for another connection (or a later run).
    pub fn release(&mut self, id: ClaimId) {
        if let Some(c) = self.claims.get_mut(id).and_then(Option::take) {
            self.done.insert(c.start, c.pos);
            if c.pos < c.end {
                self.free.push((c.pos, c.end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_merges_and_finds_gaps() {
        let mut d = Done::new();
        d.insert(10, 20);
        d.insert(30, 40);
        d.insert(20, 25);
        assert_eq!(d.spans(), [(10, 25), (30, 40)]);
        assert_eq!(d.missing(50), [(0, 10), (25, 30), (40, 50)]);
        d.insert(5, 35);
        assert_eq!(d.spans(), [(5, 40)]);
        assert_eq!(d.total(), 35);
        d.insert(7, 7);
        assert_eq!(d.spans(), [(5, 40)]);
        assert_eq!(Done::new().missing(3), [(0, 3)]);
        let mut all = Done::new();
        all.insert(0, 3);
        assert!(all.missing(3).is_empty());
    }

    #[test]
    fn split_halves_the_largest_down_to_the_minimum() {
        assert_eq!(split(&[(0, 100)], 4, 10), [(0, 25), (25, 50), (50, 75), (75, 100)]);
        // Too small to cut: left whole.
        assert_eq!(split(&[(0, 15)], 4, 10), [(0, 15)]);
        assert_eq!(split(&[(0, 10), (50, 90)], 3, 10), [(0, 10), (50, 70), (70, 90)]);
        assert!(split(&[], 4, 10).is_empty());
    }

    #[test]
    fn idle_connections_take_half_of_the_largest_claim() {
        let mut b = Board::new(100, Done::new(), 2, 10);
        let a = b.take().unwrap();
        let c = b.take().unwrap();
        assert_eq!(b.claim(a).unwrap(), Claim { start: 0, pos: 0, end: 50 });
        assert_eq!(b.claim(c).unwrap(), Claim { start: 50, pos: 50, end: 100 });
        assert_eq!(b.advance(a, 50), 50);
        b.release(a);
        assert_eq!(b.advance(c, 10), 10);
        assert_eq!(b.largest_left(), 40);
        // `a` is idle: it takes the back half of what `c` has left.
        let a = b.take().unwrap();
        assert_eq!(b.claim(a).unwrap(), Claim { start: 80, pos: 80, end: 100 });
        assert_eq!(b.claim(c).unwrap().end, 80);
        // Bytes past a shrunken end do not count for it.
        assert_eq!(b.advance(c, 100), 20);
        assert_eq!(b.written_total(), 80);
        b.release(c);
        assert_eq!(b.advance(a, 15), 15);
        // 5 left: too small to halve.
        assert!(b.take().is_none());
        assert_eq!(b.advance(a, 5), 5);
        b.release(a);
        assert!(b.finished());
        assert_eq!(b.done().spans(), [(0, 100)]);
    }

    #[test]
    fn a_failed_claim_goes_back_for_others() {
        let mut b = Board::new(100, Done::new(), 1, 10);
        let a = b.take().unwrap();
        b.advance(a, 30);
        assert_eq!(b.written().spans(), [(0, 30)]);
        b.release(a);
        assert!(!b.finished());
        let again = b.take().unwrap();
        assert_eq!(b.claim(again).unwrap(), Claim { start: 30, pos: 30, end: 100 });
    }

    #[test]
    fn a_rewound_claim_goes_back_whole() {
        let mut b = Board::new(100, Done::new(), 1, 10);
        let a = b.take().unwrap();
        b.advance(a, 30);
        assert_eq!(b.rewind(a), 30);
        b.release(a);
        assert_eq!(b.written_total(), 0);
        let again = b.take().unwrap();
        assert_eq!(b.claim(again).unwrap(), Claim { start: 0, pos: 0, end: 100 });
    }

    #[test]
    fn a_resumed_board_plans_only_the_gaps() {
        let mut d = Done::new();
        d.insert(0, 40);
        d.insert(60, 100);
        let mut b = Board::new(100, d, 4, 5);
        let mut got = Vec::new();
        while let Some(id) = b.take().filter(|_| got.len() < 4) {
            got.push(b.claim(id).unwrap());
        }
        assert_eq!(got.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>(), [(40, 45), (45, 50), (50, 55), (55, 60)]);
    }
}
