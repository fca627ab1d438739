//! The query language: parsing, matching metadata over every article, and typing a query that
//! grows one key at a time in the `/` prompt (each key refilters and redraws, as in the reader).

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;
mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quire::app::Sort;
use quire::commands;
use quire::library::{self, Library};
use quire::query::{self, Subject};
use std::hint::black_box;

const METADATA_QUERIES: &[(&str, &str)] = &[
    ("tag", "tag:japan"),
    ("tag_prefix", "tag:jap*"),
    ("author", "author:müller"),
    ("title", "title:harbour"),
    ("date_range", "date:2013..2016"),
    (
        "combined",
        "(tag:japan OR tag:russia) -tag:rust author:a date:>=2005 is:unread",
    ),
];

fn count_matches(library: &Library, q: &query::Query) -> usize {
    library
        .articles
        .iter()
        .filter(|article| {
            q.matches(&Subject {
                article,
                body: None,
                read: false,
                starred: false,
            })
        })
        .count()
}

fn query(c: &mut Criterion) {
    let (_guard, dir) = gen_corpus::bench_library();
    let library = library::load(&[dir]);
    let n = library.articles.len() as u64;

    let mut group = c.benchmark_group("query_parse");
    for (name, text) in METADATA_QUERIES {
        group.bench_function(*name, |b| {
            b.iter(|| black_box(query::parse(black_box(text))))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("query_match");
    group.throughput(Throughput::Elements(n));
    for (name, text) in METADATA_QUERIES {
        let q = query::parse(text).expect("bench query parses");
        group.bench_function(*name, |b| b.iter(|| black_box(count_matches(&library, &q))));
    }
    // `quire list -q` without the output: parallel match and sort.
    let q = query::parse("tag:japan date:>=2010").expect("parses");
    group.bench_function("commands_matching_sorted", |b| {
        b.iter(|| black_box(commands::matching(&library, &q, Sort::default()).len()))
    });
    group.finish();

    // Typing in the prompt: every key refilters, then the screen is drawn. Throughput is in keys.
    let mut app = support::app(library);
    let mut buf = support::screen();
    let mut group = c.benchmark_group("query_typing");
    group.sample_size(10);
    // (prompt starts with, keys typed): the first stays a metadata term at every key; the second
    // passes through bare words ("a", "au", …, " t", " ta") that also search the bodies.
    let cases = [
        ("metadata_term_per_key", "author:m", "üller"),
        ("metadata_term_grows_per_key", "tag:j", "apan"),
        (
            "full_query_with_bare_prefixes_per_key",
            "",
            "author:müller tag:jap",
        ),
    ];
    for (name, start, typed) in cases {
        app.set_initial_query(start).expect("parses");
        group.throughput(Throughput::Elements(typed.chars().count() as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(support::type_in_prompt(&mut app, typed, &mut buf)))
        });
    }
    group.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
