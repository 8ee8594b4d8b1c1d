use super::super::{feasible_multipliers, split_free, Master, Setup};
use super::*;
use crate::communication::tree::{ones, PlayerInfoset, TreeBayesianGame, TreeTerminal};

include!("../../../../../../testdata/chicken_tree.rs");

/// Three players with nested and unreached sets: A moves; after its
/// first action B (set 0) and C (set 0) move; after its second, B moves
/// at set 1, then C at set 1 (where its second action leads to its set
/// 3) or at set 2. A has two types; payoffs and war are random.
fn three_player_tree(uniform: &mut impl FnMut() -> f64) -> TreeBayesianGame {
    // `uniform` draws from [0, 1).
    let paths: Vec<[Vec<(usize, usize)>; 3]> = vec![
        [vec![(0, 0)], vec![(0, 0)], vec![(0, 0)]],
        [vec![(0, 0)], vec![(0, 0)], vec![(0, 1)]],
        [vec![(0, 0)], vec![(0, 1)], vec![(0, 0)]],
        [vec![(0, 0)], vec![(0, 1)], vec![(0, 1)]],
        [vec![(0, 1)], vec![(1, 0)], vec![(1, 0)]],
        [vec![(0, 1)], vec![(1, 0)], vec![(1, 1), (3, 0)]],
        [vec![(0, 1)], vec![(1, 0)], vec![(1, 1), (3, 1)]],
        [vec![(0, 1)], vec![(1, 1)], vec![(2, 0)]],
        [vec![(0, 1)], vec![(1, 1)], vec![(2, 1)]],
    ];
    let terminals = paths
        .into_iter()
        .map(|moves| TreeTerminal {
            prob: 1.0,
            seen: vec![1.0; 3],
            objective: f64::from(u8::from(uniform() < 0.4)),
            constant: (0..3).map(|_| (uniform() * 8.0).round() - 4.0).collect(),
            slopes: vec![vec![0.0; 3]; 3],
            moves: moves.to_vec(),
        })
        .collect();
    let set = |parent, actions| PlayerInfoset { parent, actions };
    let mut c_plans = Vec::new();
    for c1 in 0..2 {
        for c3 in 0..2 {
            for (c2, c4) in [(0, None), (1, Some(0)), (1, Some(1))] {
                c_plans.push(vec![Some(c1), Some(c2), Some(c3), c4]);
            }
        }
    }
    let b_plans: Vec<Vec<Option<usize>>> = (0..4).map(|p| vec![Some(p % 2), Some(p / 2)]).collect();
    let plans = vec![vec![vec![Some(0)], vec![Some(1)]], b_plans, c_plans];
    TreeBayesianGame {
        players: vec!["A".into(), "B".into(), "C".into()],
        types: vec![vec![0.0, 1.0], vec![0.0], vec![0.0]],
        prior: vec![vec![0.5, 0.5], vec![1.0], vec![1.0]],
        beliefs: vec![
            vec![vec![], vec![1.0], vec![1.0]],
            vec![vec![0.5, 0.5], vec![], vec![1.0]],
            vec![vec![0.5, 0.5], vec![1.0], vec![]],
        ],
        infosets: vec![
            vec![set(None, 2)],
            vec![set(None, 2), set(None, 2)],
            vec![
                set(None, 2),
                set(None, 2),
                set(None, 2),
                set(Some((1, 1)), 2),
            ],
        ],
        plan_labels: plans
            .iter()
            .map(|p| (0..p.len()).map(|k| k.to_string()).collect())
            .collect(),
        plans,
        terminals,
    }
}

#[test]
fn plan_values_sum_the_terminals_each_plan_leads_to() {
    let mut noise = crate::lp::noise(0x5eed_0001);
    let mut uniform = || noise() + 0.5;
    let g = three_player_tree(&mut uniform);
    let prep = g.prepare().unwrap();
    let (mut sums, mut values) = (Vec::new(), Vec::new());
    for i in 0..3 {
        let w: Vec<f64> = (0..g.terminals.len()).map(|_| uniform() - 0.5).collect();
        prep.plan_values(i, &w, &mut sums, &mut values);
        assert_eq!(values.len(), g.plans[i].len());
        for (q, value) in values.iter().enumerate() {
            let direct: f64 = (0..w.len())
                .filter(|&z| has(&prep.consistent[i][q], z))
                .map(|z| w[z])
                .sum();
            assert!((value - direct).abs() < 1e-12, "player {i} plan {q}");
        }
    }
}

/// The exact search's least reduced cost per type profile against the
/// reduced costs the master's own rows give every column (all plan
/// profiles in the master), at random multipliers with deviation rows
/// for every plan: its inner-plan cache, its plan values and the plans
/// it skips must not change the minimum.
#[test]
fn the_exact_search_meets_the_least_reduced_cost_of_every_column() {
    let mut noise = crate::lp::noise(0x5eed_0002);
    let mut uniform = || noise() + 0.5;
    for case in 0..4 {
        let g = three_player_tree(&mut uniform);
        let s = Setup::new(&g).unwrap();
        let mut master = Master::default();
        for t in 0..s.nt {
            for r in 0..strides(&s.psizes).1 {
                master.add_column(&s, decode(t, &s.tsizes), decode(r, &s.psizes));
            }
        }
        // Half the cases: every deviation plan has a row; else only
        // obedience.
        if case % 2 == 0 {
            for v in 0..master.vkeys.len() {
                for d in 0..s.psizes[master.vkeys[v].0] {
                    master.add_row(v, d);
                }
            }
        }
        let program = master.program(&s);
        let sigma0 = s.nt + s.lambdas();
        let mut dual = vec![0.0; program.vars];
        for y in &mut dual[..s.nt] {
            *y = 4.0 * uniform() - 2.0;
        }
        for l in &mut dual[s.nt..sigma0] {
            *l = 0.5 + uniform();
        }
        // sum_d sigma <= lambda for each auxiliary, as the dual needs;
        // none on B's auxiliaries nor on those of odd plans, whose plans
        // then carry no `D` terms, as most do early in a run (where the
        // search's cache of inner plans, here B's, finds its repeats).
        for (v, &(i, a, b, ri)) in master.vkeys.iter().enumerate() {
            let share = dual[s.lambda(i, a, b) - s.nt] / master.dof[v].len() as f64;
            for &d in &master.dof[v] {
                dual[sigma0 + d] = if ri % 2 == 0 && i != 1 {
                    share * uniform()
                } else {
                    0.0
                };
            }
        }
        let x = split_free(s.nt, &dual);
        assert_eq!(feasible_multipliers(&s, &master, &x), x);
        let run = exact(&s, &master, &x, 1000, None, &Watch::quiet()).unwrap();
        assert!(run.complete());
        let reduced: Vec<f64> = program
            .rows
            .iter()
            .zip(&program.rhs)
            .take(master.columns.len())
            .map(|(row, rhs)| rhs - row.iter().map(|&(j, a)| a * dual[j as usize]).sum::<f64>())
            .collect();
        let least_of = least_by_type(&s, &master.columns, &reduced);
        for (t, &least) in least_of.iter().enumerate() {
            assert!(
                (run.best[t] - least).abs() < 1e-9,
                "case {case} type {t}: {} against {least}",
                run.best[t]
            );
        }
        // Per type and plans of all but the best-responding player (the
        // one with most plans): each column returned is a least one over
        // that player's plans, negative, and each type's least is among
        // them (the others are repeats the search does not offer).
        let br = (0..s.n).max_by_key(|&i| s.psizes[i]).unwrap();
        let mut least: HashMap<(Vec<usize>, Vec<usize>), f64> = HashMap::new();
        for ((t, r), &c) in master.columns.iter().zip(&reduced) {
            let mut others = r.clone();
            others[br] = 0;
            let entry = least.entry((t.clone(), others)).or_insert(f64::INFINITY);
            *entry = entry.min(c);
        }
        for (t, r) in &run.columns {
            let mut others = r.clone();
            others[br] = 0;
            let c = reduced[master.seen[&(t.clone(), r.clone())]];
            assert!(
                (c - least[&(t.clone(), others)]).abs() < 1e-9,
                "case {case}"
            );
            assert!(c < -PRICE_TOLERANCE, "case {case}");
        }
        // The cache's premise: inner plans with one key (here B's, the
        // others' plans of A fixed) have one least reduced cost over C's.
        assert_eq!(s.psizes, vec![2, 4, 12]);
        for t in 0..s.nt {
            let pricer = TypePricer::new(&s, &master, &x, t);
            for a in 0..2 {
                let relevant = pricer.relevant_to_inner(&[a, 0, 0], &[0]);
                let mut by_key: HashMap<InnerKey, f64> = HashMap::new();
                for b in 0..4 {
                    let c = least[&(decode(t, &s.tsizes), vec![a, b, 0])];
                    let first = *by_key.entry(pricer.inner_key(1, b, &relevant)).or_insert(c);
                    assert!((first - c).abs() < 1e-9, "case {case}: B's plan {b}");
                }
                if a == 1 {
                    // A's second plan has no `D` terms: B's first set is
                    // reached by none of the weights.
                    assert_eq!(by_key.len(), 2, "case {case}: repeats to check");
                }
            }
        }
        let (tstr, _) = strides(&s.tsizes);
        for t in 0..s.nt {
            if run.best[t] < -PRICE_TOLERANCE {
                assert!(
                    run.columns.iter().any(|(tv, r)| {
                        tv.iter().zip(&tstr).map(|(a, st)| a * st).sum::<usize>() == t
                            && (reduced[master.seen[&(tv.clone(), r.clone())]] - run.best[t]).abs()
                                < 1e-9
                    }),
                    "case {case} type {t}: the least column is not offered"
                );
            }
        }
        assert!(!run.columns.is_empty(), "case {case}: nothing to check");
    }
}

#[test]
fn an_exact_search_cut_by_its_deadline_claims_no_minimum() {
    let g = chicken_tree();
    let s = Setup::new(&g).unwrap();
    let mut master = Master::default();
    master.add_column(&s, vec![0, 0], vec![0, 0]);
    let vars = master.program(&s).vars;
    let x = feasible_multipliers(&s, &master, &split_free(s.nt, &vec![0.0; vars]));
    let full = exact(&s, &master, &x, 3, None, &Watch::quiet()).unwrap();
    assert!(full.complete());
    assert_eq!(full.searched, 1.0);
    // With zero multipliers a column's reduced cost is its probability
    // of war plus one (module docs), least at a peaceful profile.
    assert!((full.best[0] - 1.0).abs() < 1e-12, "{:?}", full.best);
    let cut = exact(&s, &master, &x, 3, Some(Instant::now()), &Watch::quiet()).unwrap();
    assert!(!cut.complete());
    assert_eq!(cut.searched, 0.0);
    assert!(cut.columns.is_empty());
}

#[test]
fn masks_list_their_terminals_in_order() {
    let mut uniform = crate::lp::noise(0x9e37_79b9_7f4a_7c15);
    for words in 1..5 {
        let mut mask = || -> Vec<u64> {
            (0..words)
                .map(|_| (0..64).fold(0u64, |m, b| m | (u64::from(uniform() < 0.3) << b)))
                .collect()
        };
        let (a, b) = (mask(), mask());
        let brute =
            |keep: &dyn Fn(usize) -> bool| (0..64 * words).filter(|&z| keep(z)).collect::<Vec<_>>();
        assert_eq!(members(&a).collect::<Vec<_>>(), brute(&|z| has(&a, z)));
        let both: Vec<usize> = (0..words).flat_map(|w| ones(w, a[w] & b[w])).collect();
        let expected = brute(&|z| has(&a, z) && has(&b, z));
        assert!(!expected.is_empty());
        assert_eq!(both, expected);
    }
}

#[test]
fn a_negative_weight_of_chance_is_refused() {
    let mut g = chicken_tree();
    g.terminals[1].seen[0] = -0.5;
    let Err(e) = Setup::new(&g) else {
        panic!("a negative weight of chance was accepted");
    };
    assert!(e.to_string().contains("negative"), "{e}");
    let mut g = chicken_tree();
    g.terminals[2].prob = -1.0;
    assert!(Setup::new(&g).is_err());
}

/// The exact search with [`Sigma::Obedient`] on a master holding some of
/// the columns, against the reduced costs the full program's rows give
/// every column at the dual point that variant stands for: the master's
/// multipliers, and on the obedience row of every auxiliary of the full
/// program what its `lambda` leaves. Its least reduced costs are never
/// below the master-only search's, so the bound from them is never lower.
#[test]
fn the_obedient_search_prices_the_full_programs_dual_point() {
    let mut noise = crate::lp::noise(0x5eed_0003);
    let mut uniform = || noise() + 0.5;
    let mut raised = 0;
    for case in 0..6 {
        let g = three_player_tree(&mut uniform);
        let s = Setup::new(&g).unwrap();
        let all: Vec<(Vec<usize>, Vec<usize>)> = (0..s.nt)
            .flat_map(|t| (0..strides(&s.psizes).1).map(move |r| (t, r)))
            .map(|(t, r)| (decode(t, &s.tsizes), decode(r, &s.psizes)))
            .collect();
        let chosen: Vec<bool> = all.iter().map(|_| uniform() < 0.25).collect();
        let rows: Vec<(usize, usize)> = (0..200)
            .map(|_| ((uniform() * 1e6) as usize, (uniform() * 1e6) as usize))
            .collect();
        // The partial master, and the full one built by the same calls
        // then every other column: the partial's auxiliaries and rows are
        // a prefix of the full one's.
        let build = |full: bool| {
            let mut m = Master::default();
            for (c, (t, r)) in all.iter().enumerate() {
                if chosen[c] {
                    m.add_column(&s, t.clone(), r.clone());
                }
            }
            for &(v, d) in &rows {
                let v = v % m.vkeys.len();
                let d = d % s.psizes[m.vkeys[v].0];
                m.add_row(v, d);
            }
            if full {
                for (t, r) in &all {
                    m.add_column(&s, t.clone(), r.clone());
                }
            }
            m
        };
        let (partial, full) = (build(false), build(true));
        let sigma0 = s.nt + s.lambdas();
        let mut dual = vec![0.0; partial.program(&s).vars];
        for y in &mut dual[..s.nt] {
            *y = 4.0 * uniform() - 2.0;
        }
        for l in &mut dual[s.nt..sigma0] {
            *l = 0.2 + uniform();
        }
        for (v, &(i, a, b, _)) in partial.vkeys.iter().enumerate() {
            let share = dual[s.lambda(i, a, b) - s.nt] / partial.dof[v].len() as f64;
            for &d in &partial.dof[v] {
                dual[sigma0 + d] = share * uniform();
            }
        }
        let x = split_free(s.nt, &dual);
        assert_eq!(feasible_multipliers(&s, &partial, &x), x);
        let mut full_dual = dual.clone();
        full_dual.resize(full.program(&s).vars, 0.0);
        for (v, &(i, a, b, ri)) in full.vkeys.iter().enumerate() {
            let used: f64 = full.dof[v].iter().map(|&d| full_dual[sigma0 + d]).sum();
            full_dual[sigma0 + full.dseen[&(v, ri)]] += dual[s.lambda(i, a, b) - s.nt] - used;
        }
        let program = full.program(&s);
        let reduced: Vec<f64> = program
            .rows
            .iter()
            .zip(&program.rhs)
            .take(full.columns.len())
            .map(|(row, rhs)| {
                rhs - row
                    .iter()
                    .map(|&(j, a)| a * full_dual[j as usize])
                    .sum::<f64>()
            })
            .collect();
        let obedient = exact_with(
            &s,
            &partial,
            &x,
            Sigma::Obedient,
            1000,
            None,
            &Watch::quiet(),
        )
        .unwrap();
        let plain = exact(&s, &partial, &x, 1000, None, &Watch::quiet()).unwrap();
        assert!(obedient.complete());
        let least_of = least_by_type(&s, &full.columns, &reduced);
        for (t, &least) in least_of.iter().enumerate() {
            assert!(
                (obedient.best[t] - least).abs() < 1e-9,
                "case {case} type {t}: {} against {least}",
                obedient.best[t]
            );
            assert!(obedient.best[t] >= plain.best[t] - 1e-12, "case {case}");
            raised += usize::from(obedient.best[t] > plain.best[t] + 1e-6);
        }
    }
    assert!(raised > 0, "the obedience terms never raised a minimum");
}

/// Per type profile, the least of `reduced` over the `columns` of that type
/// profile (each column's reduced cost from the master's own rows).
fn least_by_type(s: &Setup, columns: &[Column], reduced: &[f64]) -> Vec<f64> {
    let (tstr, _) = strides(&s.tsizes);
    let mut least = vec![f64::INFINITY; s.nt];
    for ((tv, _), &c) in columns.iter().zip(reduced) {
        let t: usize = tv.iter().zip(&tstr).map(|(a, st)| a * st).sum();
        least[t] = least[t].min(c);
    }
    least
}
