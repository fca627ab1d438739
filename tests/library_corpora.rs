//! `library::load` on real articles nobody on this project wrote (`../shared/corpora/`) and on
//! the bundled `articles/`: every title, date and author the front matter gives must come through,
//! with no problems.

use quire::library::{self, Article, Library};
use std::path::{Path, PathBuf};
use std::time::Instant;

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");
const ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/articles");

/// Top-level keys of a file's YAML front matter, found by a plain line scan (independent of the
/// code under test): `(key, value on the same line)`.
fn front_matter_keys(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return Vec::new();
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .filter(|l| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn has_key(keys: &[(String, String)], names: &[&str]) -> bool {
    keys.iter().any(|(k, _)| names.contains(&k.as_str()))
}

fn load(path: &str) -> Library {
    let started = Instant::now();
    let library = library::load(&[PathBuf::from(path)]);
    eprintln!(
        "{path}: {} articles in {:?}",
        library.articles.len(),
        started.elapsed()
    );
    library
}

fn check_article(article: &Article) {
    let keys = front_matter_keys(article.path());
    let stem = article.path().file_stem().unwrap().to_string_lossy();
    assert!(
        !article.title().trim().is_empty(),
        "{}: empty title",
        article.path().display()
    );
    if has_key(&keys, &["title"]) {
        assert_ne!(
            article.title(),
            stem,
            "{}: title is the file name",
            article.path().display()
        );
    }
    if has_key(&keys, &["date"]) {
        assert!(
            article.date.is_some(),
            "{}: date lost",
            article.path().display()
        );
    }
    if has_key(&keys, &["author", "authors"]) {
        assert!(
            !article.authors().is_empty(),
            "{}: authors lost",
            article.path().display()
        );
        assert!(article.authors().iter().all(|a| !a.trim().is_empty()));
    }
    if has_key(&keys, &["tags", "category", "categories", "keywords"]) {
        assert!(
            !article.tags().is_empty(),
            "{}: tags lost",
            article.path().display()
        );
    }
    assert!(article.body_offset <= article.size);
}

fn count_in(library: &Library, folder: &str) -> usize {
    let folder = Path::new(CORPORA).join(folder);
    library
        .articles
        .iter()
        .filter(|a| a.path().starts_with(&folder))
        .count()
}

#[test]
fn the_corpora_load_completely_and_without_problems() {
    assert!(Path::new(CORPORA).is_dir(), "{CORPORA} is missing");
    let library = load(CORPORA);
    assert!(library.problems.is_empty(), "{:#?}", library.problems);
    // `find nodejs-blog -name '*.md' -o -name '*.mdx'`: 1,043 + 7; electron-blog: 130 .md.
    assert_eq!(count_in(&library, "nodejs-blog"), 1050);
    assert_eq!(count_in(&library, "electron-blog"), 130);
    // Only README.md outside the two blogs.
    assert_eq!(library.articles.len(), 1050 + 130 + 1);
    for article in &library.articles {
        check_article(article);
    }
    // The order is the path order.
    assert!(
        library
            .articles
            .windows(2)
            .all(|w| w[0].path() < w[1].path())
    );
}

#[test]
fn electron_authors_resolve_through_authors_yml() {
    let library = load(&format!("{CORPORA}/electron-blog"));
    let known = std::fs::read_to_string(format!("{CORPORA}/electron-blog/authors.yml")).unwrap();
    let names: Vec<&str> = known
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name: "))
        .collect();
    let resolved = library
        .articles
        .iter()
        .flat_map(|a| a.authors())
        .filter(|a| names.contains(a))
        .count();
    assert!(
        resolved > 50,
        "only {resolved} authors found in authors.yml"
    );
    let ten_years = library
        .articles
        .iter()
        .find(|a| a.path().ends_with("10-years-of-electron.md"))
        .unwrap();
    assert_eq!(ten_years.title(), "10 years of Electron 🎉");
    assert_eq!(ten_years.authors(), ["erickzhao"]);
    assert_eq!(ten_years.date.unwrap().to_string(), "2023-03-13");
    assert_eq!(ten_years.tags(), ["community", "news"]);
    // Bodies are read from the offset, without the front matter.
    let body = library::read_body(ten_years).unwrap();
    assert!(
        body.trim_start().starts_with("# 10 Years of Electron"),
        "{body:.80}"
    );
}

#[test]
fn the_bundled_articles_load_without_problems() {
    let library = load(ARTICLES);
    assert!(library.problems.is_empty(), "{:#?}", library.problems);
    assert_eq!(library.articles.len(), 5);
    for article in &library.articles {
        check_article(article);
        assert!(
            !article.authors().is_empty(),
            "{}",
            article.path().display()
        );
        let name = article.path().file_name().unwrap().to_string_lossy();
        if name.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            let prefix = name.get(..10).unwrap();
            assert_eq!(article.date.map(|d| d.to_string()).as_deref(), Some(prefix));
        }
        let body = library::read_body(article).unwrap();
        assert!(!body.starts_with("---"), "{}", article.path().display());
        assert!(body.len() > 100);
    }
}
