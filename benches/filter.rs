//! Filtering by tag and author, and the facet counts the pickers show, over every article.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quire::action::Action;
use quire::app::{App, Facet, Options};
use quire::highlight::Rule;
use quire::library::{self, Library};
use std::hint::black_box;

fn app(library: Library) -> App {
    let options = Options {
        highlight: vec![Rule::word("Kuril")],
        ..Options::default()
    };
    let mut app = App::new(library, options);
    app.update(Action::Resize(200, 50));
    app
}

fn filter(c: &mut Criterion) {
    let (_guard, dir) = gen_corpus::bench_library();
    let library = library::load(&[dir]);
    let n = library.articles.len() as u64;

    // What the pickers show: every tag or author of the shown articles with its count, from
    // the interned ids the app keeps.
    let mut app = app(library);
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

criterion_group!(benches, filter);
criterion_main!(benches);
