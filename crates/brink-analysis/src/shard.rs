//! `--shard i/n`: one part of a run, for job arrays on a cluster.

use crate::error::AnalysisError;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::str::FromStr;

/// Part `index` (1-based) of `count` equal parts.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which part, from 1 to `count`.
    pub index: usize,
    /// How many parts.
    pub count: usize,
}

impl Shard {
    /// The units (draws, grid chunks) that belong to this part of `total`: contiguous,
    /// and together the parts cover `0..total` exactly once.
    pub fn range(&self, total: usize) -> Range<usize> {
        let at = |i: usize| (total as u128 * i as u128 / self.count as u128) as usize;
        at(self.index - 1)..at(self.index)
    }
}

impl FromStr for Shard {
    type Err = AnalysisError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| AnalysisError::parse("--shard", s, why);
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| bad("expected i/n, as in 3/8"))?;
        let index: usize = i
            .trim()
            .parse()
            .map_err(|_| bad("i is not a whole number"))?;
        let count: usize = n
            .trim()
            .parse()
            .map_err(|_| bad("n is not a whole number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(bad("need 1 <= i <= n"));
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_everything_once() {
        for total in [0, 1, 7, 100, 101] {
            for count in 1..=9 {
                let mut next = 0;
                for index in 1..=count {
                    let r = Shard { index, count }.range(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn bad_shards_are_errors() {
        for s in ["0/3", "4/3", "1/0", "x/2", "2", "1/-1"] {
            assert!(s.parse::<Shard>().is_err(), "{s}");
        }
        assert_eq!(
            "2/5".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 5 }
        );
    }
}
