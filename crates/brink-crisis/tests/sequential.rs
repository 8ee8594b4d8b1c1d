//! Sequential rationality of the crisis solver, checked against oracles that
//! share no code with it:
//! - a three-step brinkmanship ladder whose perfect Bayesian equilibrium was
//!   derived by hand and solved in pure Python (`scripts/ladder_oracle.py`,
//!   fixture `tests/data/ladder3_oracle.json`), where the challenger mixes at
//!   two steps and the defender's choices off the path decide them;
//! - the non-credible profile an earlier solver reported for that ladder
//!   (a Bayesian Nash equilibrium whose threat no type would carry out),
//!   which the certificate must reject;
//! - random small crisis trees, whose reported profile is re-checked by brute
//!   force: every pure plan of every player, at every information set, on a
//!   fine grid of types.

mod common;
use brink_crisis::solve::{certify, solve, Equilibrium, Piece, REGRET_TOL, TREMBLE};
use brink_crisis::{compile, CompiledGame, Scenario};
use brink_game::{NodeId, Owner};
use common::outcome;
use proptest::prelude::*;

const LADDER: &str = include_str!("data/ladder3.crisis");

fn ladder(set: &[(String, f64)]) -> CompiledGame {
    let s = Scenario::parse("ladder3.crisis", LADDER)
        .unwrap()
        .with_overrides(set)
        .unwrap();
    compile(&s).unwrap()
}

#[test]
fn the_ladder_matches_its_hand_derived_equilibrium_everywhere() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("data/ladder3_oracle.json")).unwrap();
    for case in fixture["cases"].as_array().unwrap() {
        let set: Vec<(String, f64)> = case["set"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_f64().unwrap()))
            .collect();
        let cg = ladder(&set);
        let eq = solve(&cg, 1000);
        assert!(
            eq.converged,
            "{set:?}: regret {:e} (sequential {:e})",
            eq.max_regret(),
            eq.max_sequential_regret()
        );
        for (label, p) in case["outcomes"].as_object().unwrap() {
            let (ours, theirs) = (outcome(&cg, &eq, label), p.as_f64().unwrap());
            assert!(
                (ours - theirs).abs() < 1e-7,
                "{set:?}: P({label}) {ours} against {theirs}"
            );
        }
        // The challenger's escalation at each step, on the path or not.
        let g = &cg.game;
        for (step, (&i, e)) in g
            .player_infosets(0)
            .iter()
            .zip(case["escalate"].as_array().unwrap())
            .enumerate()
        {
            let esc = g
                .infoset(i)
                .actions
                .iter()
                .position(|a| a.label == "escalate")
                .unwrap();
            let (ours, theirs) = (eq.behavior[i.index()][esc], e.as_f64().unwrap());
            assert!(
                (ours - theirs).abs() < 1e-7,
                "{set:?}: escalation at step {} {ours} against {theirs}",
                step + 1
            );
        }
        // The defender's thresholds are the cuts between its plans, every one
        // of them, also those for steps nobody reaches.
        let cuts: Vec<f64> = eq.pieces[1].iter().skip(1).map(|pc| pc.lo).collect();
        // Equal thresholds (the challenger escalating for sure, so that the
        // defender faces the same choice at each step) make one cut.
        let mut expected: Vec<f64> = case["thresholds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        expected.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        assert_eq!(
            cuts.len(),
            expected.len(),
            "{set:?}: cuts {cuts:?} against {expected:?}"
        );
        for (a, b) in cuts.iter().zip(&expected) {
            assert!(
                (a - b).abs() < 1e-7,
                "{set:?}: cuts {cuts:?} against {expected:?}"
            );
        }
    }
}

/// The profile an earlier solver reported as converged: the challenger backs
/// off at once because every defender type stands firm at every step.
fn non_credible(cg: &CompiledGame) -> Equilibrium {
    let g = &cg.game;
    let mut behavior: Vec<Vec<f64>> = g
        .infosets()
        .iter()
        .map(|i| match i.owner {
            Owner::Chance => i
                .actions
                .iter()
                .map(|a| brink_game::Field::to_f64(a.prob.as_ref().unwrap()))
                .collect(),
            Owner::Player(_) => vec![0.0; i.actions.len()],
        })
        .collect();
    for &i in g.player_infosets(0) {
        let back = g
            .infoset(i)
            .actions
            .iter()
            .position(|a| a.label == "back_off")
            .unwrap();
        behavior[i.index()][back] = 1.0;
    }
    let firm: Vec<usize> = g
        .player_infosets(1)
        .iter()
        .map(|&i| {
            g.infoset(i)
                .actions
                .iter()
                .position(|a| a.label == "stand_firm")
                .unwrap()
        })
        .collect();
    let pieces = vec![
        Vec::new(),
        vec![Piece {
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
            mass: 1.0,
            choice: firm,
            line: (0.0, 0.0),
        }],
    ];
    certify(cg, behavior, pieces)
}

#[test]
fn a_threat_no_type_would_carry_out_is_not_an_equilibrium() {
    // At the start nobody can gain (the defender's moves are never reached),
    // but at step 3 a defender with resolve r below 0.2 would rather concede
    // (-1) than fight (-1.2 + r).
    let cg = ladder(&[]);
    let eq = non_credible(&cg);
    assert!(
        eq.max_ex_ante_regret() <= 1e-12,
        "ex ante {:e}",
        eq.max_ex_ante_regret()
    );
    assert!(!eq.converged);
    // The step-3 gain, at a belief of the prior: E[(0.2 - r)+] for a
    // standard normal r, which is 0.2 Phi(0.2) + phi(0.2).
    use statrs::distribution::{Continuous, ContinuousCDF, Normal};
    let n = Normal::new(0.0, 1.0).unwrap();
    let expected = 0.2 * n.cdf(0.2) + n.pdf(0.2);
    let last = *cg.game.player_infosets(1).last().unwrap();
    let gain = eq.infoset_regrets[last.index()];
    assert!(
        (gain - expected).abs() < 1e-9,
        "gain {gain} against {expected}"
    );
    assert!(eq.max_sequential_regret() >= gain);
    // And the solver does not return it: the challenger escalates.
    let solved = solve(&cg, 1000);
    assert!(solved.converged);
    assert!(outcome(&cg, &solved, "backs_off") < 0.01);
}

// ---------------------------------------------------------------------------
// Random crisis trees, checked by brute force.

/// A small deterministic generator (SplitMix64), so a failing seed can be rerun.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A payoff constant with two decimals in [-2, 2].
    fn payoff(&mut self) -> f64 {
        (self.below(401) as f64 - 200.0) / 100.0
    }
}

struct Gen {
    rng: Rng,
    players: Vec<(String, Option<String>)>,
    nodes: usize,
    trees: Vec<String>,
}

impl Gen {
    fn end(&mut self, vars: &[&str]) -> String {
        let mut pays = Vec::new();
        for (name, ty) in self.players.clone() {
            let mut e = format!("{}", self.rng.payoff());
            for v in vars {
                if self.rng.below(2) == 0 {
                    e.push_str(&format!(" + {} * {v}", self.rng.payoff()));
                }
            }
            if let Some(t) = ty {
                if self.rng.below(4) != 0 {
                    e.push_str(&format!(
                        " + {} * {t}",
                        (self.rng.below(3) + 1) as f64 * 0.5
                    ));
                }
            }
            pays.push(format!("{name}: {e}"));
        }
        self.nodes += 1;
        format!("end o ({})", pays.join(", "))
    }

    fn node(&mut self, depth: usize, vars: &[&str]) -> String {
        if depth == 0 || self.nodes > 18 || self.rng.below(5) == 0 {
            return self.end(vars);
        }
        self.nodes += 1;
        let mover = self.rng.below(self.players.len() as u64 + 1) as usize;
        if mover == self.players.len() {
            let p = (self.rng.below(7) + 2) as f64 / 10.0;
            let a = self.node(depth - 1, vars);
            let b = self.node(depth - 1, vars);
            return format!("chance {{ h{depth} ({p}): {a} \n l{depth}: {b} }}");
        }
        let who = self.players[mover].0.clone();
        let actions = if self.rng.below(4) == 0 { 3 } else { 2 };
        if self.rng.below(3) == 0 && vars.len() < 2 {
            // A move the others do not see: the same subtree after each
            // action, told apart only by the payoffs through a bound value.
            let var = ["u", "v"][vars.len()];
            let mut inner: Vec<&str> = vars.to_vec();
            inner.push(var);
            let sub = self.node(depth - 1, &inner);
            let name = format!("t{}", self.trees.len());
            self.trees.push(format!("tree {name}: {sub}"));
            let branches: Vec<String> = (0..actions)
                .map(|k| format!("m{depth}{k} with {var} = {k}: use {name}"))
                .collect();
            return format!("{who} chooses private {{ {} }}", branches.join("\n"));
        }
        let branches: Vec<String> = (0..actions)
            .map(|k| format!("a{depth}{k}: {}", self.node(depth - 1, vars)))
            .collect();
        format!("{who} chooses {{ {} }}", branches.join("\n"))
    }
}

fn random_scenario(seed: u64) -> String {
    let mut rng = Rng(seed);
    let n = 2 + rng.below(2) as usize;
    let dists = [
        "normal(0, 1)",
        "uniform(-1, 1)",
        "logistic(0, 0.5)",
        "normal(0.3, 0.6)",
    ];
    let mut players = Vec::new();
    let mut decl = String::new();
    for k in 0..n {
        let name = ["A", "B", "C"][k].to_string();
        // At least one typed player; the others typed half the time.
        let typed = k == 0 || rng.below(2) == 0;
        if typed {
            let t = format!("t{}", name.to_lowercase());
            let d = dists[rng.below(4) as usize];
            decl.push_str(&format!("player {name} {{ private {t} ~ {d} }}\n"));
            players.push((name, Some(t)));
        } else {
            decl.push_str(&format!("player {name}\n"));
            players.push((name, None));
        }
    }
    let mut g = Gen {
        rng,
        players,
        nodes: 0,
        trees: Vec::new(),
    };
    let body = g.node(4, &[]);
    format!(
        "model random\n{decl}outcome o\ngame: {body}\n{}\n",
        g.trees.join("\n")
    )
}

/// Every pure plan of a player (one action per own information set, by
/// position), or `None` when there are too many to enumerate.
fn pure_plans(sizes: &[usize]) -> Option<Vec<Vec<usize>>> {
    let count: usize = sizes.iter().product();
    if count > 20_000 {
        return None;
    }
    let mut plans = vec![Vec::new()];
    for &n in sizes {
        plans = plans
            .into_iter()
            .flat_map(|p| {
                (0..n).map(move |a| {
                    let mut q = p.clone();
                    q.push(a);
                    q
                })
            })
            .collect();
    }
    Some(plans)
}

/// Player `p`'s payoff line at every node with its own moves from `own`
/// (behaviour at every information set, only `p`'s read) and the others'
/// from `behavior`: a recursion of its own, sharing nothing with the solver.
fn node_lines(
    cg: &CompiledGame,
    behavior: &[Vec<f64>],
    own: &[Vec<f64>],
    p: usize,
) -> Vec<(f64, f64)> {
    let g = &cg.game;
    let mut v = vec![(0.0, 0.0); g.num_nodes()];
    for i in (0..g.num_nodes()).rev() {
        let n = NodeId(i as u32);
        if let Some(t) = cg.terminal(n) {
            v[i] = t.payoffs[p];
            continue;
        }
        let Some(iset) = g.node_infoset(n) else {
            continue;
        };
        let probs = if g.infoset(iset).owner == Owner::Player(p) {
            &own[iset.index()]
        } else {
            &behavior[iset.index()]
        };
        for (k, c) in g.children(n).enumerate() {
            v[i].0 += probs[k] * v[c.index()].0;
            v[i].1 += probs[k] * v[c.index()].1;
        }
    }
    v
}

/// The brute-force certificate: for every player, information set and type
/// on a grid of `cells` equal-width cells of the type's support, the best
/// conditional payoff over all pure plans less the profile's, integrated
/// against the prior; also checks that the beliefs follow Bayes' rule where
/// the information set is reached and that the typed players' behaviour is
/// their pieces' aggregate. Returns the largest integrated gain.
fn brute_force_sequential_regret(cg: &CompiledGame, eq: &Equilibrium, cells: usize) -> f64 {
    let g = &cg.game;
    let mut worst: f64 = 0.0;
    for p in 0..g.num_players() {
        let own_sets = g.player_infosets(p);
        let sizes: Vec<usize> = own_sets
            .iter()
            .map(|&i| g.infoset(i).actions.len())
            .collect();
        let plans = pure_plans(&sizes).expect("small trees have few plans");
        let as_behavior = |plan: &[usize]| -> Vec<Vec<f64>> {
            let mut b = eq.behavior.clone();
            for (k, &i) in own_sets.iter().enumerate() {
                b[i.index()] = (0..sizes[k])
                    .map(|a| f64::from(u8::from(a == plan[k])))
                    .collect();
            }
            b
        };
        let plan_lines: Vec<Vec<(f64, f64)>> = plans
            .iter()
            .map(|pl| node_lines(cg, &eq.behavior, &as_behavior(pl), p))
            .collect();
        // Bayes' rule where the others reach the set.
        let mut reach = vec![1.0; g.num_nodes()];
        for i in 1..g.num_nodes() {
            let n = NodeId(i as u32);
            let parent = g.parent(n).unwrap();
            let iset = g.node_infoset(parent).unwrap();
            let pr = if g.infoset(iset).owner == Owner::Player(p) {
                1.0
            } else {
                eq.behavior[iset.index()][g.action_to(n).unwrap()]
            };
            reach[i] = reach[parent.index()] * pr;
        }
        for &i in own_sets {
            let info = g.infoset(i);
            let total: f64 = info.members.iter().map(|h| reach[h.index()]).sum();
            let mu = &eq.beliefs[i.index()];
            assert_eq!(mu.len(), info.members.len());
            assert!(
                (mu.iter().sum::<f64>() - 1.0).abs() < 1e-9,
                "beliefs {mu:?}"
            );
            // The assessment is Bayes' rule on the profile with every action
            // trembled by TREMBLE: on the path it differs from the
            // untrembled one by at most a few trembles over the reach.
            if total > 1e-9 {
                for (h, m) in info.members.iter().zip(mu) {
                    assert!(
                        (m - reach[h.index()] / total).abs() < 1e-6 + 1e3 * TREMBLE / total,
                        "not Bayes at {}",
                        info.label
                    );
                }
            }
        }
        let conditional = |v: &[(f64, f64)], i: brink_game::InfosetId| -> (f64, f64) {
            let info = g.infoset(i);
            let mut out = (0.0, 0.0);
            for (h, m) in info.members.iter().zip(&eq.beliefs[i.index()]) {
                out.0 += m * v[h.index()].0;
                out.1 += m * v[h.index()].1;
            }
            out
        };
        match &cg.players[p].private {
            None => {
                let now = node_lines(cg, &eq.behavior, &eq.behavior, p);
                for &i in own_sets {
                    let best = plan_lines
                        .iter()
                        .map(|v| conditional(v, i).0)
                        .fold(f64::NEG_INFINITY, f64::max);
                    worst = worst.max(best - conditional(&now, i).0);
                }
            }
            Some((_, dist)) => {
                let pieces = &eq.pieces[p];
                // Kuhn: behaviour where some piece's own moves lead is the
                // mass of those pieces split by their choices.
                for (k, &i) in own_sets.iter().enumerate() {
                    let leads = |pc: &Piece| {
                        let mut n = g.infoset(i).members[0];
                        let mut ok = true;
                        while let Some(parent) = g.parent(n) {
                            let iset = g.node_infoset(parent).unwrap();
                            if g.infoset(iset).owner == Owner::Player(p) {
                                let pos = own_sets.iter().position(|&j| j == iset).unwrap();
                                ok &= pc.choice[pos] == g.action_to(n).unwrap();
                            }
                            n = parent;
                        }
                        ok
                    };
                    let mass: f64 = pieces.iter().filter(|pc| leads(pc)).map(|pc| pc.mass).sum();
                    if mass > 1e-9 {
                        for a in 0..sizes[k] {
                            let m: f64 = pieces
                                .iter()
                                .filter(|pc| leads(pc) && pc.choice[k] == a)
                                .map(|pc| pc.mass)
                                .sum();
                            // Pieces that tremble into the set add at most
                            // a tremble each against the mass that leads.
                            let slack = 4.0 * TREMBLE * pieces.len() as f64 / mass;
                            assert!((eq.behavior[i.index()][a] - m / mass).abs() < 1e-9 + slack);
                        }
                    }
                }
                let (lo, hi) = dist.support();
                let index_of = |choice: &[usize]| plans.iter().position(|pl| pl == choice).unwrap();
                let own_plan: Vec<usize> = pieces.iter().map(|pc| index_of(&pc.choice)).collect();
                for &i in own_sets {
                    let lines: Vec<(f64, f64)> =
                        plan_lines.iter().map(|v| conditional(v, i)).collect();
                    let mut gain = 0.0;
                    for c in 0..cells {
                        let (a, b) = (
                            lo + (hi - lo) * c as f64 / cells as f64,
                            lo + (hi - lo) * (c + 1) as f64 / cells as f64,
                        );
                        let t = 0.5 * (a + b);
                        let w = dist.cdf(b) - dist.cdf(a);
                        let piece = pieces
                            .iter()
                            .position(|pc| pc.lo < t && t <= pc.hi)
                            .unwrap();
                        let mine = lines[own_plan[piece]];
                        let best = lines
                            .iter()
                            .map(|l| l.0 + l.1 * t)
                            .fold(f64::NEG_INFINITY, f64::max);
                        gain += w * (best - (mine.0 + mine.1 * t));
                    }
                    worst = worst.max(gain);
                }
            }
        }
    }
    worst
}

#[test]
fn the_brute_force_check_sees_the_ladder_equilibrium_and_the_bad_profile() {
    // The checker itself: the solved ladder passes, the profile with a
    // threat no type would carry out fails.
    let cg = ladder(&[]);
    let eq = solve(&cg, 1000);
    assert!(brute_force_sequential_regret(&cg, &eq, 4000) < 1e-6);
    let bad = non_credible(&cg);
    assert!(brute_force_sequential_regret(&cg, &bad, 4000) > 0.1);
}

/// A random tree the language takes, of at most 30 nodes (`None` for a draw
/// it refuses, such as one without perfect recall, or a larger one).
fn random_game(seed: u64) -> Option<(String, CompiledGame)> {
    let src = random_scenario(seed);
    let s = Scenario::parse("random.crisis", &src).ok()?;
    let cg = compile(&s).ok()?;
    (cg.game.num_nodes() <= 30).then_some((src, cg))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, .. ProptestConfig::default() })]
    /// Whatever the solver calls an equilibrium is one: its profile passes
    /// the brute-force check at every information set. A draw it cannot
    /// solve must say so and name where the regret is.
    #[test]
    fn random_crisis_trees_are_sequentially_rational(seed in any::<u64>()) {
        let Some((src, cg)) = random_game(seed) else { return Ok(()) };
        let eq = solve(&cg, 1000);
        prop_assert_eq!(eq.converged, eq.max_regret() <= REGRET_TOL);
        if eq.converged {
            let brute = brute_force_sequential_regret(&cg, &eq, 2000);
            prop_assert!(brute <= 1e-6, "seed {seed}: brute-force sequential regret {brute:e}\n{src}");
        } else {
            prop_assert!(eq.infoset_regrets.iter().any(|r| *r > REGRET_TOL) || eq.max_ex_ante_regret() > REGRET_TOL);
        }
    }
}

#[test]
fn random_crisis_trees_almost_always_converge() {
    // A fixed spread of seeds (not chosen: every k-th of a multiplicative
    // sequence). When this was written 1 of 1,678 usable draws did not
    // converge (9 of 5,078 on another spread: typically the play after a
    // move nobody makes, where typed players' cuts and a mix must settle
    // together); the floor says at most 1%.
    let (mut tried, mut failed) = (0, Vec::new());
    for k in 0..2000u64 {
        let seed = k.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xDEAD_BEEF;
        let Some((_, cg)) = random_game(seed) else {
            continue;
        };
        tried += 1;
        let eq = solve(&cg, 1000);
        if eq.converged {
            assert!(
                brute_force_sequential_regret(&cg, &eq, 500) <= 1e-6,
                "seed {seed}"
            );
        } else {
            failed.push(seed);
        }
    }
    assert!(tried > 1000, "{tried} usable draws");
    assert!(
        failed.len() * 100 <= tried,
        "{} of {tried} did not converge: {failed:?}",
        failed.len()
    );
}

/// Prints the scenario of a seed: `SEED=... cargo test -p brink-crisis --test
/// sequential print_seed -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_seed() {
    let seed: u64 = std::env::var("SEED").unwrap().parse().unwrap();
    println!("{}", random_scenario(seed));
}
