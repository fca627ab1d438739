//! A deterministic synthetic library of articles, shared by `examples/gen-corpus.rs` and the
//! benchmarks (`#[path]`-included there, since they cannot depend on an example).
//!
//! Every file comes from its own PRNG stream (seed, file index), so files are made in parallel and
//! the same seed gives byte-identical files on any machine.

pub mod article;
pub mod prng;
pub mod words;

use article::{Plan, Shape, TEAM_KEYS};
use prng::{Rng, Zipf};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

/// The phrase planted in about 1% of articles, for body-search benchmarks.
pub const PHRASE: &str = "Kuril Islands";
/// Written at the library root (hidden, so readers and rg skip it): what was generated.
pub const MARKER: &str = ".gen-corpus";
/// Bumped whenever the output for a seed changes (written to the marker file).
pub const GENERATOR_VERSION: u32 = 1;
pub const TAG_VOCABULARY: usize = 2_000;
pub const AUTHOR_VOCABULARY: usize = 5_000;
/// The one very large article.
pub const HUGE_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    /// Articles, the huge one included.
    pub count: usize,
    pub seed: u64,
    /// Body size of the one huge article; 0 for none.
    pub huge_bytes: usize,
}

impl Config {
    pub fn new(count: usize, seed: u64) -> Config {
        Config {
            count,
            seed,
            huge_bytes: HUGE_BYTES,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Article files.
    pub articles: usize,
    /// Every file written (articles, `authors.yml`, the marker).
    pub files: usize,
    pub bytes: u64,
    /// Articles that contain [`PHRASE`] (title or body).
    pub with_phrase: usize,
    /// Articles without front matter.
    pub bare: usize,
    pub txt: usize,
    pub seconds: f64,
}

/// The shared vocabularies and their Zipf samplers.
pub struct Vocab {
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub tag_zipf: Zipf,
    pub author_zipf: Zipf,
}

impl Vocab {
    pub fn new() -> Vocab {
        let tags = words::tag_vocabulary(TAG_VOCABULARY);
        let authors = words::author_vocabulary(AUTHOR_VOCABULARY);
        Vocab {
            tag_zipf: Zipf::new(tags.len()),
            author_zipf: Zipf::new(authors.len()),
            tags,
            authors,
        }
    }
}

/// Plans every article (cheap, no I/O): paths, metadata, sizes.
pub fn plans(config: &Config) -> Vec<Plan> {
    let vocab = Vocab::new();
    // The huge article takes a fixed slot, so the others do not depend on whether it exists.
    let huge_slot = if config.huge_bytes > 0 && config.count > 0 {
        Some(config.count / 2)
    } else {
        None
    };
    (0..config.count)
        .into_par_iter()
        .map(|i| {
            let huge = (Some(i) == huge_slot).then_some(config.huge_bytes);
            article::plan(&vocab, config.seed, i, huge)
        })
        .collect()
}

/// Writes the library into `dir` (created if missing; it must be empty or hold an earlier
/// library, whose files are overwritten).
pub fn generate(dir: &Path, config: &Config) -> io::Result<Summary> {
    let started = Instant::now();
    if dir.exists() && fs::read_dir(dir)?.next().is_some() && !dir.join(MARKER).exists() {
        return Err(io::Error::other(format!(
            "{} is not empty and holds no generated library",
            dir.display()
        )));
    }
    fs::create_dir_all(dir)?;
    let plans = plans(config);

    let folders: BTreeSet<&str> = plans
        .iter()
        .filter_map(|p| p.path.rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    for folder in &folders {
        fs::create_dir_all(dir.join(folder))?;
    }

    let written: io::Result<Vec<u64>> = plans
        .par_iter()
        .map(|plan| {
            let text = article::render(plan, config.seed);
            write_file(&dir.join(&plan.path), text.as_bytes())?;
            Ok(text.len() as u64)
        })
        .collect();
    let mut summary = Summary {
        articles: plans.len(),
        files: plans.len(),
        bytes: written?.iter().sum(),
        with_phrase: plans.iter().filter(|p| p.phrase).count(),
        bare: plans
            .iter()
            .filter(|p| matches!(p.shape, Shape::BareMarkdown | Shape::BareText))
            .count(),
        txt: plans
            .iter()
            .filter(|p| matches!(p.shape, Shape::TextWithFront | Shape::BareText))
            .count(),
        seconds: 0.0,
    };

    if plans.iter().any(|p| p.path.starts_with("team/")) {
        let text = authors_yml();
        write_file(&dir.join("team/authors.yml"), text.as_bytes())?;
        summary.files += 1;
        summary.bytes += text.len() as u64;
    }
    // A second authors file, nearer, overriding some keys for one group.
    if plans.iter().any(|p| p.path.starts_with("team/group-00/")) {
        let text = "member0:\n  name: Céline Müller-Ōta\n  title: Editor\n";
        write_file(&dir.join("team/group-00/authors.yaml"), text.as_bytes())?;
        summary.files += 1;
        summary.bytes += text.len() as u64;
    }

    summary.seconds = started.elapsed().as_secs_f64();
    let marker = format!(
        "generator {GENERATOR_VERSION}\ncount {}\nseed {}\narticles {}\nwith_phrase {}\nbytes {}\n",
        config.count, config.seed, summary.articles, summary.with_phrase, summary.bytes
    );
    write_file(&dir.join(MARKER), marker.as_bytes())?;
    Ok(summary)
}

/// For benchmarks: the library to measure, generated once per bench binary. `QUIRE_BENCH_N`
/// articles (default 10,000); with `QUIRE_BENCH_DIR` that folder is used (and generated when it
/// holds no library yet), else a temporary one that lives as long as the returned guard.
#[allow(dead_code)] // used by benches/, not by the example
pub fn bench_library() -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    let count = std::env::var("QUIRE_BENCH_N")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(10_000);
    let config = Config::new(count, 1);
    let (guard, dir) = match std::env::var_os("QUIRE_BENCH_DIR") {
        Some(dir) => (None, std::path::PathBuf::from(dir)),
        None => {
            let tmp = tempfile::tempdir().expect("temporary folder");
            let dir = tmp.path().to_path_buf();
            (Some(tmp), dir)
        }
    };
    if !dir.join(MARKER).exists() {
        let s = generate(&dir, &config).expect("generate the bench library");
        eprintln!(
            "bench library: {} articles, {:.0} MB, {} with \"{PHRASE}\", made in {:.1} s",
            s.articles,
            s.bytes as f64 / 1e6,
            s.with_phrase,
            s.seconds
        );
    }
    (guard, dir)
}

/// Docusaurus-style authors: `memberN` keys to names.
fn authors_yml() -> String {
    let vocab_rng = &mut Rng::new(0xA17_4035);
    let mut out = String::new();
    for k in 0..TEAM_KEYS {
        let first = vocab_rng.pick(words::FIRST_NAMES);
        let last = vocab_rng.pick(words::LAST_NAMES);
        out.push_str(&format!(
            "member{k}:\n  name: {first} {last}\n  title: Staff writer\n  url: https://example.com/team/{k}\n"
        ));
    }
    out
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(64 * 1024, fs::File::create(path)?);
    w.write_all(bytes)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(dir: &Path, seed: u64) -> Summary {
        let config = Config {
            count: 300,
            seed,
            huge_bytes: 300_000,
        };
        generate(dir, &config).unwrap()
    }

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let rel = path.strip_prefix(root).unwrap().display().to_string();
                    out.push((rel, fs::read(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    #[test]
    fn same_seed_same_bytes() {
        let (a, b, c) = (tempdir(), tempdir(), tempdir());
        small(a.path(), 9);
        small(b.path(), 9);
        small(c.path(), 10);
        assert_eq!(files(a.path()), files(b.path()));
        assert_ne!(files(a.path()), files(c.path()));
    }

    #[test]
    fn vocabularies_have_their_sizes() {
        let v = Vocab::new();
        assert_eq!(v.tags.len(), TAG_VOCABULARY);
        assert_eq!(v.authors.len(), AUTHOR_VOCABULARY);
        assert!(words::CJK.chars().all(|c| c.len_utf8() == 3));
    }

    #[test]
    fn small_library_loads_without_problems() {
        let dir = tempdir();
        let summary = small(dir.path(), 1);
        let library = quire::library::load(&[dir.path().to_path_buf()]);
        assert_eq!(library.problems, vec![], "problems");
        assert_eq!(library.articles.len(), summary.articles);
        assert!(summary.with_phrase >= 1);
        let titled = library
            .articles
            .iter()
            .filter(|a| !a.title().is_empty())
            .count();
        assert_eq!(titled, summary.articles);
        // Dates: from front matter or the file name; only bare files without a dated name lack one.
        let dated = library.articles.iter().filter(|a| a.date.is_some()).count();
        let want = plans(&Config::new(300, 1))
            .iter()
            .filter(|p| {
                let name = p.path.rsplit('/').next().unwrap_or_default();
                !matches!(p.shape, Shape::BareMarkdown | Shape::BareText)
                    || name.starts_with(|c: char| c.is_ascii_digit())
            })
            .count();
        assert_eq!(dated, want);
        // Team keys were resolved through authors.yml.
        assert!(
            library
                .articles
                .iter()
                .all(|a| a.authors().iter().all(|n| !n.starts_with("member")))
        );
        // The phrase is found by the reader's own query engine in exactly the planted articles.
        let query = quire::query::parse("\"kuril islands\"").unwrap();
        let hits = quire::commands::matching(&library, &query, Default::default());
        assert_eq!(hits.len(), summary.with_phrase);
        let huge = library.articles.iter().filter(|a| a.size > 250_000).count();
        assert_eq!(huge, 1);
    }

    fn tempdir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }
}
