//! The hostile library (tests/hostile) through the loader: every file is either an article or a
//! problem naming it, nothing panics or hangs, and each case of issue 4 gets what it should.

mod hostile;

use quire::library::{self, Library, Problem};
use std::path::Path;
use std::time::{Duration, Instant};

/// Generous: a debug build on a shared, busy machine.
const DEADLINE: Duration = Duration::from_secs(60);

fn load(h: &hostile::Hostile) -> Library {
    let start = Instant::now();
    let lib = library::load(&[h.path().to_path_buf()]);
    assert!(
        start.elapsed() < DEADLINE,
        "load took {:?}",
        start.elapsed()
    );
    lib
}

fn problems_for<'a>(lib: &'a Library, path: &Path) -> Vec<&'a Problem> {
    lib.problems.iter().filter(|p| p.path == path).collect()
}

fn article<'a>(lib: &'a Library, path: &Path) -> &'a library::Article {
    lib.articles
        .iter()
        .find(|a| a.path() == path)
        .unwrap_or_else(|| {
            panic!(
                "no article for {}; problems: {:?}",
                path.display(),
                problems_for(lib, path)
            )
        })
}

fn has_problem(lib: &Library, path: &Path) -> bool {
    !problems_for(lib, path).is_empty()
}

#[test]
fn every_file_is_an_article_or_a_problem() {
    let h = hostile::build(None);
    let lib = load(&h);
    for path in &h.files {
        let loaded = lib.articles.iter().any(|a| a.path() == path);
        assert!(
            loaded || has_problem(&lib, path),
            "{} vanished without a problem",
            path.display()
        );
    }
    // Every problem has a one-line reason.
    for p in &lib.problems {
        assert!(!p.reason.is_empty(), "{p:?}");
        assert!(!p.reason.contains('\n'), "reason of two lines: {p:?}");
    }
}

#[test]
fn broken_front_matter_loads_with_a_problem() {
    let h = hostile::build(None);
    let lib = load(&h);
    let d = h.path();
    for name in [
        "fm-unclosed.md",
        "fm-invalid-yaml.md",
        "fm-toml-broken.md",
        "fm-invalid-date.md",
        "fm-date-garbage.md",
        "fm-600k.md",
        "raw-controls-in-yaml.md",
    ] {
        let path = d.join(name);
        article(&lib, &path);
        assert!(has_problem(&lib, &path), "{name}: no problem");
    }
    // Problems for YAML errors carry a line.
    let yaml = problems_for(&lib, &d.join("fm-invalid-yaml.md"));
    assert!(yaml.iter().any(|p| p.line.is_some()), "{yaml:?}");

    assert_eq!(
        article(&lib, &d.join("fm-number-title.md")).title(),
        "12345"
    );
    let tags = &article(&lib, &d.join("fm-tags-string.md")).tags();
    assert_eq!(tags, &["one", "two", "three"]);
    assert_eq!(article(&lib, &d.join("fm-invalid-date.md")).date, None);
    // Huge values are capped, with a problem saying so.
    let many = d.join("fm-20000-tags.md");
    let n = article(&lib, &many).tags().len();
    assert!((1..=20_000).contains(&n), "{n} tags");
    assert!(
        n == 20_000 || has_problem(&lib, &many),
        "tags cut without a word"
    );
    let long = d.join("fm-20k-title.md");
    let len = article(&lib, &long).title().len();
    assert!(
        len >= 20 * 1024 || has_problem(&lib, &long),
        "title cut without a word"
    );
    article(&lib, &d.join("fm-map-author.md"));
    article(&lib, &d.join("fm-not-a-map.md"));
    article(&lib, &d.join("fm-tags-mixed.md"));
    article(&lib, &d.join("fm-deep-block.md"));
}

#[test]
fn alias_bombs_and_deep_nesting_are_bounded() {
    let h = hostile::build(None);
    let lib = load(&h);
    let d = h.path();
    let laughs = article(&lib, &d.join("fm-billion-laughs.md"));
    // Never a billion: either refused (a problem) or cut short.
    assert!(
        laughs.tags().len() <= 100_000,
        "{} tags",
        laughs.tags().len()
    );
    assert!(laughs.authors().len() <= 100_000);
    let deep = d.join("fm-deep-flow.md");
    article(&lib, &deep);
    assert!(
        has_problem(&lib, &deep),
        "10,000-deep nesting gave no problem"
    );
}

#[test]
fn encodings() {
    let h = hostile::build(None);
    let lib = load(&h);
    let d = h.path();
    let bad = d.join("enc-invalid-utf8.md");
    assert!(article(&lib, &bad).title().starts_with("bad "));
    assert!(has_problem(&lib, &bad), "invalid UTF-8 gave no problem");
    for name in ["enc-utf16le.md", "enc-utf16be.md"] {
        let a = article(&lib, &d.join(name));
        assert!(
            a.title().starts_with("UTF-16 北方 "),
            "{name}: {:?}",
            a.title()
        );
        assert_eq!(a.tags(), ["wide"], "{name}");
        let body = library::read_body(a).unwrap();
        assert!(body.contains("body in utf-16 👩‍👩‍👧"), "{name}: {body:?}");
    }
    article(&lib, &d.join("enc-utf16le-odd.md"));
    assert_eq!(
        article(&lib, &d.join("enc-utf8-bom.md")).title(),
        "with BOM"
    );
    let crlf = article(&lib, &d.join("enc-crlf.md"));
    assert_eq!(crlf.title(), "crlf");
    assert_eq!(crlf.tags(), ["a", "b"]);
    for name in ["enc-binary.md", "enc-png-named.md", "enc-nul-bytes.md"] {
        let path = d.join(name);
        assert!(
            !lib.articles.iter().any(|a| a.path() == path),
            "{name} loaded as an article"
        );
        let ps = problems_for(&lib, &path);
        assert!(
            ps.iter().any(|p| p.reason == "binary file"),
            "{name}: {ps:?}"
        );
    }
    for name in [
        "enc-empty.md",
        "enc-empty.txt",
        "enc-whitespace.md",
        "enc-bom-only.md",
        "enc-utf16-bom-only.md",
        "enc-only-fence.md",
    ] {
        let a = article(&lib, &d.join(name));
        assert!(!a.title().trim().is_empty(), "{name}: empty title");
    }
    assert_eq!(
        article(&lib, &d.join("enc-only-fm.md")).title(),
        "only front matter"
    );
    assert_eq!(
        article(&lib, &d.join("enc-only-fm-no-newline.md")).title(),
        "only front matter"
    );
}

#[test]
fn file_system_traps_are_problems() {
    let h = hostile::build(None);
    let lib = load(&h);
    let d = h.path();
    for name in [
        "links/dangling.md",
        "links/a.md",
        "links/b.md",
        "links/self.md",
        "links/dev-zero.md",
        "x.md",
        "fifo.md",
    ] {
        let path = d.join(name);
        assert!(has_problem(&lib, &path), "{name}: no problem");
        assert!(
            !lib.articles.iter().any(|a| a.path() == path),
            "{name} loaded"
        );
    }
    // The link to a good article is followed once (the target is under the same root: one copy).
    let good = lib
        .articles
        .iter()
        .filter(|a| {
            a.path().ends_with("controls-in-fields.md") || a.path().ends_with("good-link.md")
        })
        .count();
    assert_eq!(good, 1);
    if hostile::can_read_unreadable(&h) {
        // Running as root (CAP_DAC_OVERRIDE): chmod 000 does not stop reads, so there is no
        // problem to expect. Skipped, not failed.
        eprintln!("note: running as root; the unreadable-file assertions are skipped");
    } else {
        assert!(has_problem(&lib, &d.join("unreadable.md")));
        assert!(has_problem(&lib, &d.join("unreadable-dir")));
    }
}

#[test]
fn huge_files_load_quickly_and_bodies_are_capped() {
    let h = hostile::build(None);
    let lib = load(&h);
    let d = h.path();
    let start = Instant::now();
    for name in ["size-long-line.md", "size-huge.md", "size-sparse.md"] {
        let a = article(&lib, &d.join(name));
        let body = library::read_body(a).unwrap();
        assert!(body.len() as u64 <= library::MAX_BODY_BYTES + 4, "{name}");
    }
    assert!(start.elapsed() < DEADLINE);
}

#[test]
fn control_characters_survive_loading_raw_for_the_edge_to_sanitize() {
    // The model keeps what the file said; the sanitizer at the edge makes it harmless. A title
    // with every control must load (not be dropped) and sanitize to something without any.
    let h = hostile::build(None);
    let lib = load(&h);
    let a = article(&lib, &h.path().join("controls-in-fields.md"));
    assert!(a.title().starts_with("P0 "), "{:?}", a.title());
    for s in [a.title()]
        .into_iter()
        .chain(a.tags())
        .chain(a.authors())
        .chain(a.source())
        .chain(a.summary())
    {
        let clean = quire::sanitize::sanitize(s);
        assert_eq!(hostile::plain_leak(clean.as_bytes()), None, "{s:?}");
        assert!(!clean.contains('\n'));
    }
    // File names with control characters and invalid UTF-8 load too.
    let named: Vec<&Path> = lib
        .articles
        .iter()
        .map(|a| a.path())
        .filter(|p| p.to_string_lossy().contains("name-"))
        .collect();
    assert!(named.len() >= 8, "{named:?}");
}
