//! Where a solve may begin ([`Start`]): a neighbouring solution, kept as
//! plain numbers so that callers (sweeps, the Python package) can carry it.

use super::Equilibrium;
use crate::compile::CompiledGame;

/// Where a solve may begin: the solution of a game with the same tree at
/// nearby parameter values.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// Behaviour over all information sets.
    pub behavior: Vec<Vec<f64>>,
    /// For each player with a type, its pieces' plans from the lowest types
    /// up (as [`super::Piece::choice`]); empty for the others.
    pub plans: Vec<Vec<Vec<usize>>>,
    /// For each player, the cuts between neighbouring plans.
    pub cuts: Vec<Vec<f64>>,
}

impl Equilibrium {
    /// The state a neighbouring solve may start from.
    pub fn start(&self) -> Start {
        Start {
            behavior: self.behavior.clone(),
            plans: self
                .pieces
                .iter()
                .map(|pcs| pcs.iter().map(|pc| pc.choice.clone()).collect())
                .collect(),
            cuts: self
                .pieces
                .iter()
                .map(|pcs| pcs.iter().skip(1).map(|pc| pc.lo).collect())
                .collect(),
        }
    }
}

impl Start {
    /// The start as a flat list of numbers (sizes, then values), for callers
    /// that keep solver state opaque.
    pub fn to_vec(&self) -> Vec<f64> {
        let mut v = vec![self.behavior.len() as f64];
        for b in &self.behavior {
            v.push(b.len() as f64);
            v.extend(b);
        }
        v.push(self.plans.len() as f64);
        for (plans, cuts) in self.plans.iter().zip(&self.cuts) {
            v.push(plans.len() as f64);
            v.push(plans.first().map_or(0, Vec::len) as f64);
            for s in plans {
                v.extend(s.iter().map(|&a| a as f64));
            }
            v.extend(cuts);
        }
        v
    }

    /// Reads [`Start::to_vec`] back; `None` if the list is not one.
    pub fn from_vec(v: &[f64]) -> Option<Start> {
        let mut it = v.iter().copied();
        let count = |it: &mut dyn Iterator<Item = f64>| -> Option<usize> {
            let x = it.next()?;
            (x >= 0.0 && x.fract() == 0.0 && x < 1e9).then_some(x as usize)
        };
        let n = count(&mut it)?;
        let mut behavior = Vec::with_capacity(n.min(v.len()));
        for _ in 0..n {
            let k = count(&mut it)?;
            let b: Vec<f64> = it.by_ref().take(k).collect();
            if b.len() != k {
                return None;
            }
            behavior.push(b);
        }
        let np = count(&mut it)?;
        let (mut plans, mut cuts) = (Vec::new(), Vec::new());
        for _ in 0..np {
            let (m, len) = (count(&mut it)?, count(&mut it)?);
            let mut ps = Vec::new();
            for _ in 0..m {
                let mut s = Vec::with_capacity(len.min(v.len()));
                for _ in 0..len {
                    s.push(count(&mut it)?);
                }
                ps.push(s);
            }
            let c: Vec<f64> = it.by_ref().take(m.saturating_sub(1)).collect();
            if c.len() != m.saturating_sub(1) {
                return None;
            }
            plans.push(ps);
            cuts.push(c);
        }
        it.next().is_none().then_some(Start {
            behavior,
            plans,
            cuts,
        })
    }

    /// Whether the start describes a profile of `cg`'s tree and players (a
    /// parameter can change the tree, and with it what a start means).
    pub(super) fn fits(&self, cg: &CompiledGame) -> bool {
        let g = &cg.game;
        let infosets = g.infosets();
        if self.behavior.len() != infosets.len()
            || self.plans.len() != g.num_players()
            || self.cuts.len() != g.num_players()
        {
            return false;
        }
        let shapes = self.behavior.iter().zip(infosets).all(|(b, i)| {
            b.len() == i.actions.len() && b.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x))
        });
        let plans = (0..g.num_players()).all(|p| {
            let own = g.player_infosets(p);
            let typed = cg.players[p].private.is_some();
            let ps = &self.plans[p];
            if !typed {
                return ps.is_empty();
            }
            !ps.is_empty()
                && self.cuts[p].len() + 1 == ps.len()
                && self.cuts[p].iter().all(|c| c.is_finite())
                && ps.iter().all(|s| {
                    s.len() == own.len()
                        && s.iter()
                            .zip(own)
                            .all(|(&a, &i)| a < g.infoset(i).actions.len())
                })
        });
        shapes && plans
    }
}
