use brink_estimate::*;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ds = Dataset::from_csv_path(&args[1]).unwrap();
    let f = Formula::parse(&args[2]).unwrap();
    let mut m = ModelOptions::new(args[3].parse().unwrap());
    if args.len() > 4 && args[4] == "private" {
        m.errors = ErrorKind::Private;
    }
    if args.len() > 6 {
        m.levels = Some(args[6].split(',').map(String::from).collect());
    }
    let (pb, _) = build_problem(&ds, &f, &m).unwrap();
    let th = vec![0.1; pb.n_params()];
    let t = std::time::Instant::now();
    for _ in 0..100 {
        std::hint::black_box(pb.loglik(&th, None));
    }
    eprintln!("loglik {:?}", t.elapsed() / 100);
    let t = std::time::Instant::now();
    for _ in 0..100 {
        std::hint::black_box(pb.gradient(&th, None));
    }
    eprintln!("grad {:?}", t.elapsed() / 100);
    let t = std::time::Instant::now();
    for _ in 0..100 {
        std::hint::black_box(pb.hessian(&th, None));
    }
    eprintln!("hess {:?}", t.elapsed() / 100);
    let t = std::time::Instant::now();
    let s = brink_estimate::sbi::sbi_start(&pb);
    eprintln!("sbi {:?} {:?}", t.elapsed(), s);
    count(&pb, &s);
    count(&pb, &vec![0.0; s.len()]);
}
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
struct C<'a>(&'a Problem, AtomicUsize, AtomicUsize);
impl optim::Objective for C<'_> {
    fn value(&self, t: &[f64]) -> f64 {
        self.1.fetch_add(1, Relaxed);
        self.0.loglik(t, None)
    }
    fn value_grad_hess(&self, t: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        self.2.fetch_add(1, Relaxed);
        self.0.hessian(t, None)
    }
}
pub fn count(pb: &Problem, s: &[f64]) {
    let c = C(pb, AtomicUsize::new(0), AtomicUsize::new(0));
    let t = std::time::Instant::now();
    let r = optim::maximize(&c, s, &optim::OptimOptions::default());
    eprintln!(
        "{:?} vals {} hess {} {:?} {}",
        t.elapsed(),
        c.1.load(Relaxed),
        c.2.load(Relaxed),
        r.convergence,
        r.value
    );
}
