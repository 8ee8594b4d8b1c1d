use brink_estimate::*;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ds = Dataset::from_csv_path(&args[1]).unwrap();
    let f = Formula::parse(&args[2]).unwrap();
    let mut m = ModelOptions::new(args[3].parse().unwrap());
    if args.len() > 4 && args[4] == "private" {
        m.errors = ErrorKind::Private;
    }
    if args.len() > 5 && args[5] == "logit" {
        m.link = Link::Logit;
    }
    if args.len() > 6 {
        m.levels = Some(args[6].split(',').map(String::from).collect());
    }
    if args.len() > 7 {
        m.max_offer = Some(args[7].parse().unwrap());
    }
    if args.len() > 8 && args[8] != "-" {
        m.s2 = Some(args[8].parse().unwrap());
    }
    let t = std::time::Instant::now();
    let fit = fit(
        &ds,
        &f,
        &m,
        &FitOptions {
            starts: std::env::var("STARTS")
                .map(|s| s.parse().unwrap())
                .unwrap_or(4),
            seed: 1,
            bootstrap: std::env::var("BOOT")
                .map(|s| s.parse().unwrap())
                .unwrap_or(0),
            progress: false,
        },
    )
    .unwrap();
    eprintln!("time {:?}", t.elapsed());
    print!("{}", cli::text_report(&fit));
}
