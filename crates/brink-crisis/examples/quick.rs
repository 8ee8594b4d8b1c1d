//! Prints the report of a model: `cargo run -p brink-crisis --example quick -- NAME [k=v ...]`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ov = brink_crisis::cli::parse_overrides(&args[1..]).unwrap();
    match brink_crisis::run(&args[0], &ov, brink_crisis::Method::Auto) {
        Ok(r) => print!("{}", r.to_text()),
        Err(e) => eprintln!("error: {e}"),
    }
}
