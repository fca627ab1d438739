//! Start-up: scanning the library and reading every article's front matter.
//!
//! `QUIRE_BENCH_N` sets the library size (default 10,000), `QUIRE_BENCH_DIR` reuses a folder.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quire::library;
use std::hint::black_box;
use std::time::Duration;

fn load(c: &mut Criterion) {
    let (_guard, dir) = gen_corpus::bench_library();
    let paths = vec![dir];
    // Warm the page cache, and learn the size for the throughput.
    let n = library::load(&paths).articles.len();

    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(n as u64));
    group.bench_function("scan_and_front_matter", |b| {
        b.iter(|| black_box(library::load(black_box(&paths))))
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
