//! Writes a deterministic synthetic library for benchmarks and manual testing:
//!
//! ```text
//! cargo run --release --example gen-corpus -- DIR --count N [--seed S] [--huge-bytes B]
//! ```
//!
//! Same seed, same bytes. See `gen_corpus/mod.rs` for what the library holds.

mod gen_corpus;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen-corpus DIR --count N [--seed S] [--huge-bytes B]";

fn main() -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut config = gen_corpus::Config::new(10_000, 1);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.replace('_', "").parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        let parsed = match arg.as_str() {
            "--count" | "-n" => number("--count").map(|n| config.count = n as usize),
            "--seed" => number("--seed").map(|n| config.seed = n),
            "--huge-bytes" => number("--huge-bytes").map(|n| config.huge_bytes = n as usize),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            s if !s.starts_with('-') && dir.is_none() => {
                dir = Some(PathBuf::from(s));
                Ok(())
            }
            s => Err(format!("unexpected argument {s}")),
        };
        if let Err(e) = parsed {
            eprintln!("gen-corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let Some(dir) = dir else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match gen_corpus::generate(&dir, &config) {
        Ok(s) => {
            println!(
                "{}: {} files ({} articles, {} .txt, {} without front matter, {} with \"{}\"), {:.1} MB in {:.2} s",
                dir.display(),
                s.files,
                s.articles,
                s.txt,
                s.bare,
                s.with_phrase,
                gen_corpus::PHRASE,
                s.bytes as f64 / 1e6,
                s.seconds
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-corpus: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
