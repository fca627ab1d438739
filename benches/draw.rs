//! Reading and drawing: wrapping a long article at 80 and 200 columns, opening the 20 MB
//! article, drawing the whole screen at 200x50, and one scroll step in the reader.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_corpus/mod.rs"]
mod gen_corpus;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use quire::action::Action;
use quire::app::{App, Options};
use quire::highlight::Rule;
use quire::library::{self, Format, Library};
use quire::text::Document;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const W: u16 = 200;
const H: u16 = 50;

/// The app at 200x50, with `open` (a path) selected in the list when given.
fn app(library: Library, open: Option<&Path>) -> App {
    let options = Options {
        highlight: vec![Rule::word("Kuril")],
        ..Options::default()
    };
    let mut app = App::new(library, options);
    app.update(Action::Resize(W, H));
    if let Some(path) = open {
        let articles = &app.library.articles;
        app.selected = app
            .visible
            .iter()
            .position(|&i| articles[i].path() == path)
            .expect("the article is listed");
    }
    app
}

fn draw(app: &App, buf: &mut Buffer) {
    buf.reset();
    app.render(Rect::new(0, 0, W, H), buf);
}

fn benches(c: &mut Criterion) {
    let (_guard, dir) = gen_corpus::bench_library();
    let library = library::load(&[dir]);

    // The largest ordinary Markdown article (up to 200 KB), and the 20 MB one.
    let long = library
        .articles
        .iter()
        .filter(|a| a.format == Format::Markdown && a.size <= 256 * 1024)
        .max_by_key(|a| a.size)
        .expect("a Markdown article");
    let long_body = library::read_body(long).expect("read the long article");
    let long_doc = Document::markdown(&long_body);

    let mut group = c.benchmark_group("wrap");
    group.sample_size(20);
    group.bench_function(format!("parse_markdown_{}KB", long.size / 1024), |b| {
        b.iter(|| black_box(Document::markdown(black_box(&long_body))))
    });
    for width in [80u16, 200] {
        group.bench_function(format!("layout_{}KB_at_{width}", long.size / 1024), |b| {
            b.iter(|| black_box(long_doc.layout(black_box(width)).len()))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("draw");
    let mut buf = Buffer::empty(Rect::new(0, 0, W, H));
    let list = app(library.clone(), None);
    group.bench_function("list_screen_200x50", |b| b.iter(|| draw(&list, &mut buf)));
    drop(list);

    // One scroll step (down, then up, alternately) in a long article, then a draw.
    let mut reader = app(library.clone(), Some(long.path()));
    reader.update(Action::Open);
    let mut down = false;
    group.bench_function("reader_scroll_step_200x50", |b| {
        b.iter(|| {
            down = !down;
            reader.update(if down {
                Action::MoveDown
            } else {
                Action::MoveUp
            });
            draw(&reader, &mut buf);
        })
    });
    drop(reader);

    // The 20 MB article: open it and draw its first screen; then scroll in it.
    let huge_path = library
        .articles
        .iter()
        .max_by_key(|a| a.size)
        .map(|a| a.path().to_path_buf())
        .expect("an article");
    let mut huge = app(library.clone(), Some(&huge_path));
    huge.update(Action::Open);
    let mut down = false;
    group.bench_function("reader_scroll_step_20MB_200x50", |b| {
        b.iter(|| {
            down = !down;
            huge.update(if down {
                Action::MoveDown
            } else {
                Action::MoveUp
            });
            draw(&huge, &mut buf);
        })
    });
    drop(huge);
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("open_20MB_first_screen_200x50", |b| {
        b.iter_batched(
            || app(library.clone(), Some(&huge_path)),
            |mut app| {
                app.update(Action::Open);
                draw(&app, &mut buf);
                app
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(draw_benches, benches);
criterion_main!(draw_benches);
