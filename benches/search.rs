//! Body search: a phrase and a bare word looked for in every article's text (files read from the
//! page cache), as `quire list -q '"kuril islands"'` does.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quire::app::Sort;
use quire::commands;
use quire::library;
use quire::query;
use std::hint::black_box;
use std::time::Duration;

fn search(c: &mut Criterion) {
    let (_guard, dir) = gen_corpus::bench_library();
    let library = library::load(&[dir]);
    let bytes: u64 = library.articles.iter().map(|a| a.size).sum();

    let mut group = c.benchmark_group("search");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Bytes(bytes));
    for (name, text) in [
        ("phrase_kuril_islands", "\"kuril islands\""),
        ("word_absent", "zyzzyva"),
        ("phrase_and_tag", "\"kuril islands\" tag:japan"),
    ] {
        let q = query::parse(text).expect("bench query parses");
        // Warm the page cache once, and show how many matched.
        let hits = commands::matching(&library, &q, Sort::default()).len();
        eprintln!("search {text}: {hits} matches");
        group.bench_function(name, |b| {
            b.iter(|| black_box(commands::matching(&library, &q, Sort::default()).len()))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
