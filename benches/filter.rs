//! Filtering by tag and author, and the facet counts the pickers show, over every article.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quire::action::Action;
use quire::app::{App, Filter, Options, Sort, facet_counts};
use quire::highlight::Rule;
use quire::keymap::Keymap;
use quire::library::{self, Library};
use quire::query::Subject;
use quire::theme::{ColorDepth, Theme};
use std::hint::black_box;

fn app(library: Library) -> App {
    let options = Options {
        theme: Theme::default_for(ColorDepth::TrueColor),
        keymap: Keymap::default(),
        highlight: vec![Rule::word("Kuril")],
        sort: Sort::default(),
        reading_width: None,
    };
    let mut app = App::new(library, options);
    app.update(Action::Resize(200, 50));
    app
}

fn count_accepted(library: &Library, filter: &Filter) -> usize {
    library
        .articles
        .iter()
        .filter(|article| {
            filter.accepts(&Subject {
                article,
                body: None,
                read: false,
                starred: false,
            })
        })
        .count()
}

fn filter(c: &mut Criterion) {
    let (_guard, dir) = gen_corpus::bench_library();
    let library = library::load(&[dir]);
    let n = library.articles.len() as u64;

    let mut group = c.benchmark_group("filter");
    group.throughput(Throughput::Elements(n));
    // "japan" is the most frequent tag (Zipf rank 0), "tea" a rarer one.
    for tag in ["japan", "tea"] {
        let f = Filter::Tags(vec![tag.to_string()]);
        group.bench_function(format!("tag_{tag}"), |b| {
            b.iter(|| black_box(count_accepted(&library, black_box(&f))))
        });
    }
    let author = library
        .articles
        .iter()
        .find_map(|a| a.authors.first().cloned())
        .unwrap_or_default();
    let f = Filter::Authors(vec![author]);
    group.bench_function("author", |b| {
        b.iter(|| black_box(count_accepted(&library, black_box(&f))))
    });
    group.bench_function("facet_counts_tags", |b| {
        b.iter(|| black_box(facet_counts(library.articles.iter(), |a| &a.tags)))
    });
    group.bench_function("facet_counts_authors", |b| {
        b.iter(|| black_box(facet_counts(library.articles.iter(), |a| &a.authors)))
    });
    group.finish();

    // Through the app, as a person does it: tag picker, type, Enter; then clear.
    let mut app = app(library);
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
