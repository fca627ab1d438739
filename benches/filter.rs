//! Filtering by tag and author, the facet counts the pickers show, and bare words typed in the
//! query prompt, over every article.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;
mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quire::action::Action;
use quire::app::Facet;
use quire::library::{self, Article, Library};
use quire::query::{self, Subject};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::Path;

/// Articles of the generated library as the scan makes them, without writing files: each
/// rendered with a short body and parsed. `QUIRE_BENCH_MANY` articles, 100,000 by default (the
/// size the prompt must stay within a frame at; the file-backed library is smaller by default).
fn articles_in_memory() -> Vec<Article> {
    let count = std::env::var("QUIRE_BENCH_MANY")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let config = gen_corpus::Config {
        huge_bytes: 0,
        ..gen_corpus::Config::new(count, 1)
    };
    let mut articles: Vec<Article> = gen_corpus::plans(&config)
        .into_par_iter()
        .map(|mut plan| {
            plan.body_bytes = plan.body_bytes.min(64);
            let text = gen_corpus::article::render(&plan, config.seed);
            library::parse_article(Path::new(&plan.path), text.as_bytes()).0
        })
        .collect();
    // In the scan's order: by path, which starts with the date here, as in the real library.
    articles.sort_by(|a, b| a.path().cmp(b.path()));
    articles
}

/// A bare word typed key by key in the `/` prompt over many articles: each key refilters every
/// article on its metadata (a bare word starts a body search, so no key narrows the last) and
/// the screen is drawn. Throughput is in keys.
fn bare_words(c: &mut Criterion) {
    let articles = articles_in_memory();
    let n = articles.len();

    let app = support::app(Library {
        articles,
        problems: Vec::new(),
    });
    // The metadata filter alone, on one thread, in the list's order: each key's work per
    // article, less the app's bookkeeping.
    let mut group = c.benchmark_group("filter_bare_word");
    group.throughput(Throughput::Elements(n as u64));
    for (name, text) in [("word", "harbour"), ("phrase", "\"the new\"")] {
        let q = query::parse(text).expect("bench query parses");
        group.bench_function(format!("match_{name}_{n}"), |b| {
            b.iter(|| {
                app.sorted
                    .iter()
                    .filter(|&&i| {
                        let subject = Subject {
                            article: &app.library.articles[i],
                            body: None,
                            read: false,
                            starred: false,
                        };
                        app.index
                            .folded
                            .get(i)
                            .is_some_and(|f| q.matches_folded(&subject, f))
                    })
                    .count()
            })
        });
    }
    group.finish();

    let mut app = app;
    let mut buf = support::screen();
    let mut group = c.benchmark_group("filter_bare_word_typing");
    group.sample_size(10);
    for typed in ["harbour", "ta"] {
        group.throughput(Throughput::Elements(typed.chars().count() as u64));
        group.bench_function(format!("{typed}_per_key_{n}"), |b| {
            b.iter(|| black_box(support::type_in_prompt(&mut app, typed, &mut buf)))
        });
    }
    group.finish();
}

fn filter(c: &mut Criterion) {
    let (_guard, dir) = gen_corpus::bench_library();
    let library = library::load(&[dir]);
    let n = library.articles.len() as u64;

    // What the pickers show: every tag or author of the shown articles with its count, from
    // the interned ids the app keeps.
    let mut app = support::app(library);
    let mut group = c.benchmark_group("filter");
    group.throughput(Throughput::Elements(n));
    group.bench_function("facet_counts_tags", |b| {
        b.iter(|| black_box(app.index.counts(Facet::Tag, &app.visible)))
    });
    group.bench_function("facet_counts_authors", |b| {
        b.iter(|| black_box(app.index.counts(Facet::Author, &app.visible)))
    });
    group.finish();

    // Through the app, as a person does it: tag picker, type, Enter; then clear.
    let mut group = c.benchmark_group("filter_app");
    group.sample_size(20);
    group.bench_function("tag_picker_apply_clear", |b| {
        b.iter(|| {
            app.update(Action::TagPicker);
            for ch in "japan".chars() {
                app.update(Action::Input(ch));
            }
            app.update(Action::Submit);
            let shown = app.visible.len();
            app.update(Action::ClearFilters);
            black_box(shown)
        })
    });
    group.finish();
}

criterion_group!(benches, filter, bare_words);
criterion_main!(benches);
