//! Start-up: scanning the library and reading every article's front matter.
//!
//! `QUIRE_BENCH_N` sets the library size (default 10,000), `QUIRE_BENCH_DIR` reuses a folder.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quire::library;
use std::hint::black_box;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

// The binary's allocator: loading allocates for every article.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

    // The same files' first reads, parsed in memory: the front-matter parse alone, without the
    // file system (a load without cache spends most of its user time here).
    let heads: Vec<(PathBuf, Vec<u8>)> = library::load(&paths)
        .articles
        .iter()
        .map(|a| {
            let mut head = Vec::new();
            let file = std::fs::File::open(a.path()).expect("bench file");
            file.take(library::FIRST_READ as u64)
                .read_to_end(&mut head)
                .expect("bench file");
            (a.path().to_path_buf(), head)
        })
        .collect();
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Elements(heads.len() as u64));
    group.bench_function("front_matter_in_memory", |b| {
        b.iter(|| {
            for (path, head) in &heads {
                black_box(library::parse_article(path, black_box(head)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
