use brink_estimate::*;
fn main() {
    let ds = Dataset::from_csv_path("crates/brink-estimate/tests/data/data_ult.csv").unwrap();
    let f = Formula::parse("offer + accept ~ x1 + x2 + w1 | z1 + z2 + w2").unwrap();
    let mut u = ModelOptions::new(ModelKind::Ultimatum);
    u.max_offer = Some(15.0);
    let pb = build_problem(&ds, &f, &u).unwrap().0;
    let th = vec![0.0; pb.n_params()];
    let (_, g) = pb.gradient(&th, None);
    println!("analytic {}", g[0]);
    for h in [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7] {
        let mut a = th.clone();
        a[0] += h;
        let mut b = th.clone();
        b[0] -= h;
        println!(
            "{h}: {}",
            (pb.loglik(&a, None) - pb.loglik(&b, None)) / (2.0 * h)
        );
    }
    let lo = pb.loglik_obs(&th);
    let mut a = th.clone();
    a[0] += 1e-4;
    let la = pb.loglik_obs(&a);
    let mut worst = (0, 0.0);
    for i in 0..lo.len() {
        let d = (la[i] - lo[i]).abs();
        if d > worst.1 {
            worst = (i, d);
        }
    }
    println!("{:?} {:?}", worst, pb.obs[worst.0]);
}
