use brink_estimate::*;
use rand::{Rng, SeedableRng};
struct W<'a>(&'a Problem, Vec<f64>);
impl optim::Objective for W<'_> {
    fn value(&self, t: &[f64]) -> f64 {
        self.0.loglik(t, Some(&self.1))
    }
    fn value_grad_hess(&self, t: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        self.0.hessian(t, Some(&self.1))
    }
}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let ds = Dataset::from_csv_path(&a[1]).unwrap();
    let f = Formula::parse(&a[2]).unwrap();
    let mut m = ModelOptions::new(ModelKind::Egame12);
    m.errors = ErrorKind::Private;
    m.levels = Some(a[3].split(',').map(String::from).collect());
    let fit = fit(
        &ds,
        &f,
        &m,
        &FitOptions {
            starts: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let (pb, _) = build_problem(&ds, &f, &m).unwrap();
    let th: Vec<f64> = fit.coefficients.iter().map(|c| c.estimate).collect();
    let n = pb.n();
    for r in 0..12 {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        rng.set_stream(r + 1);
        let mut w = vec![0.0; n];
        for _ in 0..n {
            w[rng.gen_range(0..n)] += 1.0;
        }
        let t = std::time::Instant::now();
        let res = optim::maximize(&W(&pb, w), &th, &optim::OptimOptions::default());
        println!(
            "rep {r}: iters {} conv {} {:?} capcont {:.3} {:?}",
            res.convergence.iterations,
            res.convergence.converged,
            t.elapsed(),
            res.theta[0],
            res.convergence.message
        );
    }
}
