//! The reader on huge articles: open a 20 MB Markdown article to its first screen, one scroll
//! step, and open a 4 MB line without a space; each drawn at 200x50 as the app draws it.
//!
//! `cargo bench --bench reader`

use criterion::{Criterion, criterion_group, criterion_main};
use quire::action::Action;
use quire::app::{App, Options};
use quire::library;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// A Markdown body of about `bytes` bytes with the usual mix: headings, paragraphs with
/// emphasis, links and CJK, lists, quotes, code and tables.
fn markdown(bytes: usize) -> String {
    let mut out = String::from("---\ntitle: Huge\nauthor: Bench\n---\n");
    let mut i = 0usize;
    while out.len() < bytes {
        i += 1;
        out.push_str(&format!(
            "## Section {i}\n\nA paragraph {i} with *emphasis*, a [link](https://e.com/{i}) and \
             `code` that goes on for a while about the Kuril islands 日本語の本 and more words \
             to wrap over several lines at any width that a terminal might have.\n\n\
             - item one\n- item two\n  - nested {i}\n\n> quoted text here\n\n\
             ```\nlet x = {i};\n```\n\n| a | b |\n|---|---|\n| {i} | 2 |\n\n"
        ));
    }
    out
}

fn app(dir: &Path) -> App {
    let library = library::load(&[dir.to_path_buf()]);
    let options = Options {
        highlight: vec![quire::highlight::Rule::word("Kuril")],
        ..Options::default()
    };
    let mut app = App::new(library, options);
    app.update(Action::Resize(200, 50));
    app
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("draw");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let huge = dir.path().join("huge");
    std::fs::create_dir(&huge).expect("mkdir");
    std::fs::write(huge.join("huge.md"), markdown(20 << 20)).expect("write");
    let line = dir.path().join("line");
    std::fs::create_dir(&line).expect("mkdir");
    std::fs::write(line.join("line.md"), "x".repeat(4 << 20)).expect("write");

    let mut group = c.benchmark_group("reader");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");

    // Read, chunk, parse and lay out the first screen, draw.
    let mut a = app(&huge);
    group.bench_function("open_20mb_first_screen_200x50", |b| {
        b.iter(|| {
            a.update(Action::BackToList);
            a.update(Action::Open);
            draw(&mut terminal, black_box(&a));
        })
    });

    // One line down and a draw, going down through the article (chunk after chunk).
    a.update(Action::BackToList);
    a.update(Action::Open);
    draw(&mut terminal, &a);
    let mut steps = 0u32;
    group.bench_function("scroll_step_200x50", |b| {
        b.iter(|| {
            steps += 1;
            if steps % 100_000 == 0 {
                a.update(Action::Top);
            }
            a.update(Action::MoveDown);
            draw(&mut terminal, black_box(&a));
        })
    });
    group.bench_function("page_step_200x50", |b| {
        b.iter(|| {
            steps += 1;
            if steps % 2_000 == 0 {
                a.update(Action::Top);
            }
            a.update(Action::PageDown);
            draw(&mut terminal, black_box(&a));
        })
    });

    let mut l = app(&line);
    group.bench_function("open_4mb_line_200x50", |b| {
        b.iter(|| {
            l.update(Action::BackToList);
            l.update(Action::Open);
            draw(&mut terminal, black_box(&l));
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
