//! The query language: any text parses or gives an error with a position inside the input, and
//! a parsed query matches a fixed article (with and without its body) without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire::library::parse_article;
use quire::query::{Subject, parse};
use std::path::Path;
use std::sync::OnceLock;

const ARTICLE: &str = "---\ntitle: Japan and Russia — Céline's view of the Kuril Islands\n\
author: [Céline Pajon, \"Richard Weitz\"]\ndate: 2016-05-07\ntags: [japan, russia, Ukraine]\n\
source: IFRI\nlang: en\nsummary: A summary with ÜNICODE and 北方領土.\n---\n\
# Heading\n\nBody text about the Kuril islands, Abe and Putin. 👩‍👩‍👧 e\u{301}\n";

fuzz_target!(|data: &[u8]| {
    static FIXED: OnceLock<quire::library::Article> = OnceLock::new();
    let article = FIXED.get_or_init(|| parse_article(Path::new("a.md"), ARTICLE.as_bytes()).0);
    let text = String::from_utf8_lossy(data);
    match parse(&text) {
        Ok(query) => {
            let body = ARTICLE.split("---\n").nth(2).unwrap_or_default();
            for (body, read, starred) in [(None, false, false), (Some(body), true, true)] {
                let _ = query.matches(&Subject {
                    article,
                    body,
                    read,
                    starred,
                });
            }
            let _ = query.needs_body();
            let _ = query.words();
            let _ = query.is_empty();
        }
        Err(e) => {
            assert!(e.position <= text.len(), "{e:?} for {text:?}");
            assert!(!e.message.is_empty());
        }
    }
});
