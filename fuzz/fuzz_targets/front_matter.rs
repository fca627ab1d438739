//! Front matter and title fallbacks: any bytes, as a `.md` or a `.txt` file. Never a panic, and
//! whatever is read, once sanitized, holds no control character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire::library::parse_article;
use quire::sanitize::sanitize;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file name, so the `.txt` and file-name fallbacks are reached too.
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) if b % 3 == 0 => ("2020-01-02-fuzz.txt", rest),
        Some((b, rest)) if b % 3 == 1 => ("fuzz.markdown", rest),
        _ => ("fuzz.md", data),
    };
    let (article, problems) = parse_article(Path::new(name), bytes);
    let fields = [&article.title]
        .into_iter()
        .chain(&article.authors)
        .chain(&article.tags)
        .chain(article.source.iter())
        .chain(article.url.iter())
        .chain(article.summary.iter())
        .chain(article.lang.iter());
    for field in fields {
        let clean = sanitize(field);
        assert!(!clean.chars().any(char::is_control), "{clean:?}");
    }
    for (key, value) in &article.extra {
        assert!(!sanitize(key).chars().any(char::is_control));
        assert!(!sanitize(value).chars().any(char::is_control));
    }
    for p in &problems {
        assert!(!p.reason.is_empty());
    }
    assert!(article.body_offset <= bytes.len() as u64 + 4);
});
