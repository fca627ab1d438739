//! Reproductions of bugs the hostile library found (a FIFO that hung the reader, a pasted
//! paragraph that panicked the phrase matcher, bodies read on the UI thread), kept as tests.
//! The two on the 100 MB article read 64 MiB, which a debug build does slowly: they are run with
//! `cargo test --release --test hostile_bugs -- --ignored`.

mod hostile;

use quire::action::Action;
use quire::app::{App, Options};
use quire::highlight::WordMatcher;
use quire::library;
use std::time::Duration;

fn app(lib: library::Library) -> App {
    let options = Options::default();
    let mut app = App::new(lib, options);
    app.update(Action::Resize(100, 30));
    app
}

#[test]
fn a_long_phrase_compiles() {
    // A pasted paragraph as a quoted query, or a long highlight word in the config.
    let phrase = vec!["word"; 5_000].join(" ");
    let _ = WordMatcher::new(&phrase, Default::default());
    let _ = quire::query::parse(&format!("\"{phrase}\""));
}

/// The 100 MB article: selecting it, opening it and paging must not freeze the app.
#[test]
#[ignore = "slow in a debug build (reads 64 MiB); run with --release -- --ignored"]
fn the_100_mb_article_opens_pages_and_resizes() {
    let h = hostile::build(Some(hostile::FULL));
    let lib = library::load(&[h.path().join("size-huge.md")]);
    let mut app = app(lib);
    app.update(Action::Open);
    app.update(Action::PageDown);
    app.update(Action::Resize(60, 20));
    let reader = app.reader.as_ref().expect("the article is open");
    assert!(reader.error.is_none(), "{:?}", reader.error);
}

#[test]
#[ignore = "slow in a debug build (reads 64 MiB); run with --release -- --ignored"]
fn moving_over_the_100_mb_article_in_the_list_works() {
    let h = hostile::build(Some(hostile::FULL));
    let lib = library::load(&[h.path().join("size-huge.md"), h.path().join("enc-crlf.md")]);
    let mut app = app(lib);
    app.update(Action::MoveDown);
    app.update(Action::MoveUp);
    app.update(Action::MoveDown);
    assert_eq!(app.selected, 1);
}

#[test]
fn keys_in_the_query_prompt_leave_bodies_to_the_background_search() {
    let h = hostile::build(Some(hostile::TINY));
    let lib = library::load(&[h.path().to_path_buf()]);
    let mut app = app(lib);
    app.update(Action::Search);
    for c in "kuril".chars() {
        app.update(Action::Input(c));
    }
    // No body was read on the way: the search is handed to the event loop, as one job.
    assert!(app.body_search.is_some());
    let searches = app
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, quire::app::Effect::SearchBodies { .. }))
        .count();
    assert!(searches >= 1);
}

#[test]
fn a_file_replaced_by_a_fifo_after_the_scan_does_not_hang_open() {
    let h = hostile::build(Some(hostile::TINY));
    let path = h.path().join("enc-crlf.md");
    let lib = library::load(std::slice::from_ref(&path));
    std::fs::remove_file(&path).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo unavailable; skipped");
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut app = app(lib);
        app.update(Action::Open);
        let _ = tx.send(());
    });
    let opened = rx.recv_timeout(Duration::from_secs(10)).is_ok();
    if !opened {
        // Unblock the reader thread stuck in open(2) (only then: with no reader, this open
        // would block the test itself).
        let _ = std::fs::OpenOptions::new().write(true).open(&path);
    }
    assert!(opened, "opening an article that became a FIFO hangs");
}

#[test]
fn files_that_vanish_or_shrink_after_the_scan_open_without_a_panic() {
    let h = hostile::build(Some(hostile::TINY));
    let d = h.path();
    let lib = library::load(&[
        d.join("enc-crlf.md"),
        d.join("controls-in-fields.md"),
        d.join("wide-complex.md"),
    ]);
    std::fs::remove_file(d.join("enc-crlf.md")).unwrap();
    std::fs::write(d.join("controls-in-fields.md"), b"").unwrap();
    std::fs::write(d.join("wide-complex.md"), vec![0xffu8; 100]).unwrap();
    let mut app = app(lib);
    for _ in 0..3 {
        app.update(Action::Open);
        app.update(Action::PageDown);
        app.update(Action::BackToList);
        app.update(Action::MoveDown);
    }
    let area = ratatui::layout::Rect::new(0, 0, 100, 30);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(&app, area, &mut buf);
}
