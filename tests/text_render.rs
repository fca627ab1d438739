//! The reader drawn into a buffer: whatever the article and the size, no panic, nothing drawn
//! outside the pane, every line within the pane's width; and on huge articles, scrolling and
//! search behave as on small ones (no timing here: see `benches/reader.rs`).

use proptest::prelude::*;
use quire::action::Action;
use quire::app::{App, Options};
use quire::library;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::path::Path;

const PIECES: &[&str] = &[
    "a",
    "word",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "日本語",
    "한국어",
    "。",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "🇯🇵",
    "👍🏽",
    "e\u{301}",
    "a\u{300}\u{301}\u{302}",
    "\u{301}",
    "ก\u{e49}",
    "مرحبا",
    "שלום",
    "\u{202e}",
    "\u{200f}",
    "\u{1b}[31m",
    "\u{1b}]0;t\u{7}",
    "\u{0}",
    "\u{9b}",
    "\u{7f}",
    "\u{200b}",
    "\u{feff}",
    "\u{ad}",
    "\u{a0}",
    "Ａ",
    "\u{1100}\u{1161}",
    "# ",
    "\n- ",
    "\n1. ",
    "\n> ",
    "**",
    "`",
    "\n```\n",
    "\n    ",
    "[",
    "](http://x.y/z)",
    "\n| a | b |\n|---|---|\n| ",
    "[^1]",
    "\n[^1]: ",
    "<br>",
    "supercalifragilisticexpialidocious",
];

fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(PIECES), 0..80),
        prop::collection::vec(any::<char>(), 0..20),
    )
        .prop_map(|(pieces, chars)| {
            let mut s = pieces.concat();
            s.extend(chars);
            s
        })
}

fn options() -> Options {
    Options {
        highlight: vec![quire::highlight::Rule::word("word")],
        ..Options::default()
    }
}

fn app_for(dir: &Path, name: &str, body: &str, width: u16, height: u16) -> App {
    std::fs::write(dir.join(name), body).unwrap();
    let library = library::load(&[dir.to_path_buf()]);
    let mut app = App::new(library, options());
    app.update(Action::Resize(width, height));
    app
}

/// Draws the app into a bigger buffer at an offset; nothing may land outside its area, and the
/// reader's lines fit its text area.
fn draw_checked(app: &App) -> Result<(), TestCaseError> {
    let area = Rect::new(3, 2, app.size.width, app.size.height);
    let outer = Rect::new(0, 0, area.width + 6, area.height + 4);
    let mut buf = Buffer::empty(outer);
    for cell in buf.content.iter_mut() {
        cell.set_symbol("¤");
    }
    app.render(area, &mut buf);
    for y in 0..outer.height {
        for x in 0..outer.width {
            if !area.contains((x, y).into()) {
                prop_assert_eq!(buf[(x, y)].symbol(), "¤", "drawn outside at {},{}", x, y);
            }
        }
    }
    if let Some(reader) = &app.reader {
        let text = app.reader_text_area();
        for shown in reader.shown(usize::from(text.height)) {
            prop_assert!(
                shown.text.width() <= usize::from(text.width.max(1)),
                "{:?} wider than {}",
                shown.text.text(),
                text.width
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn any_article_draws_inside_its_pane(
        body in article(),
        repeat in 1usize..4,
        width in 1u16..160,
        height in 1u16..50,
        text in any::<bool>(),
        keys in prop::collection::vec(0u8..6, 0..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let name = if text { "a.txt" } else { "a.md" };
        let mut app = app_for(dir.path(), name, &body.repeat(repeat), width, height);
        draw_checked(&app)?;
        app.update(Action::Open);
        draw_checked(&app)?;
        for key in keys {
            app.update(match key {
                0 => Action::MoveDown,
                1 => Action::PageDown,
                2 => Action::Bottom,
                3 => Action::MoveUp,
                4 => Action::NextHit,
                _ => Action::Resize(width / 2 + 1, height),
            });
            draw_checked(&app)?;
        }
    }
}

#[test]
fn the_reader_can_be_shared_between_threads() {
    fn check<T: Send + Sync>() {}
    check::<quire::app::Reader>();
}

/// A Markdown body over a megabyte (many chunks), with `marker` in its last paragraph.
fn huge_markdown(marker: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < 1_200_000 {
        i += 1;
        out.push_str(&format!(
            "## Part {i}\n\nParagraph {i} with *emphasis*, a [link](https://e.com/{i}) and words \
             日本語 to wrap over a few lines.\n\n- one\n- two\n\n```\ncode {i}\n\nmore\n```\n\n"
        ));
    }
    out.push_str(&format!("The end is near: {marker} here.\n"));
    out
}

fn screen_lines(app: &App) -> Vec<String> {
    let reader = app.reader.as_ref().unwrap();
    let height = usize::from(app.reader_text_area().height);
    reader.shown(height).iter().map(|s| s.text.text()).collect()
}

#[test]
fn huge_article_scrolls_line_by_line_without_jumps() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_for(dir.path(), "huge.md", &huge_markdown("zanzibar"), 100, 30);
    app.update(Action::Open);
    let first = screen_lines(&app);
    assert!(first.iter().any(|l| l.contains("Part 1")), "{first:?}");
    // Down through several chunks, one line at a time: each screen is the last one moved up.
    let mut before = first;
    for _ in 0..600 {
        app.update(Action::MoveDown);
        let now = screen_lines(&app);
        assert_eq!(before[1..], now[..now.len() - 1]);
        before = now;
    }
    // From the bottom, up: the same the other way, across chunks laid out on the way.
    app.update(Action::Bottom);
    let mut before = screen_lines(&app);
    // The last chunk ends with its own list of links.
    assert!(
        before.last().unwrap().contains("https://e.com/"),
        "{before:?}"
    );
    app.update(Action::MoveDown);
    assert_eq!(screen_lines(&app), before, "already at the bottom");
    for _ in 0..600 {
        app.update(Action::MoveUp);
        let now = screen_lines(&app);
        assert_eq!(before[..before.len() - 1], now[1..]);
        before = now;
    }
    // A page down and a page up come back to the same screen.
    let here = screen_lines(&app);
    app.update(Action::PageDown);
    app.update(Action::PageUp);
    assert_eq!(screen_lines(&app), here);
}

#[test]
fn search_finds_a_hit_far_beyond_what_is_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_for(dir.path(), "huge.md", &huge_markdown("zanzibar"), 100, 30);
    app.update(Action::Open);
    app.update(Action::Search);
    for c in "zanzi".chars() {
        app.update(Action::Input(c));
    }
    assert!(
        screen_lines(&app).iter().any(|l| l.contains("zanzibar")),
        "{:?}",
        screen_lines(&app)
    );
    app.update(Action::Cancel);
    // Keyword jumps find the same kind of thing from the top.
    app.update(Action::Top);
    app.update(Action::NextHit);
    assert!(app.message.as_deref().is_some_and(|m| m.starts_with("hit")));
}

#[test]
fn a_four_megabyte_line_opens_and_breaks_at_the_pane() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["line.md", "line.txt"] {
        let sub = dir.path().join(name.replace('.', "_"));
        std::fs::create_dir(&sub).unwrap();
        let mut app = app_for(&sub, name, &"x".repeat(4 << 20), 120, 40);
        app.update(Action::Open);
        let width = usize::from(app.reader_text_area().width);
        let lines = screen_lines(&app);
        // Every line fits; the body's lines fill the pane (the header may show a long title).
        assert!(
            lines.iter().all(|l| l.chars().count() <= width),
            "{lines:?}"
        );
        let full = lines.iter().filter(|l| l.chars().count() == width).count();
        assert!(full >= lines.len() / 2, "{width} {lines:?}");
        app.update(Action::Bottom);
        app.update(Action::PageUp);
        let lines = screen_lines(&app);
        assert!(lines.iter().all(|l| l.chars().count() <= width));
    }
}

/// Nanoseconds this thread has run on a CPU (Linux), so a figure taken on a busy machine still
/// means something; 0 elsewhere.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// `cargo test --release --test text_render cpu_time -- --ignored --nocapture`: wall and CPU
/// time of the reader's steps on a 20 MB article at 200x50 (a companion to `benches/reader.rs`
/// for busy machines, where wall time mostly measures the neighbours). No assertions.
#[test]
#[ignore]
fn cpu_time_20mb() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    let mut i = 0;
    while body.len() < 20 << 20 {
        i += 1;
        body.push_str(&format!(
            "## Section {i}\n\nA paragraph {i} with *emphasis*, a [link](https://e.com/{i}) and \
             `code` that goes on for a while about the Kuril islands 日本語の本 and more words \
             to wrap over several lines at any width that a terminal might have.\n\n\
             - item one\n- item two\n  - nested {i}\n\n> quoted text here\n\n\
             ```\nlet x = {i};\n```\n\n| a | b |\n|---|---|\n| {i} | 2 |\n\n"
        ));
    }
    let mut app = app_for(dir.path(), "huge.md", &body, 200, 50);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).unwrap();
    let measure = |name: &str, n: u32, f: &mut dyn FnMut()| {
        let (wall, cpu) = (std::time::Instant::now(), thread_cpu_ns());
        for _ in 0..n {
            f();
        }
        let cpu = (thread_cpu_ns() - cpu) as f64 / f64::from(n) / 1e6;
        let wall = wall.elapsed().as_secs_f64() * 1e3 / f64::from(n);
        eprintln!("{name}: {wall:.3} ms wall, {cpu:.3} ms cpu");
    };
    measure("open 20 MB to first screen", 20, &mut || {
        app.update(Action::BackToList);
        app.update(Action::Open);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    });
    measure("line step", 2000, &mut || {
        app.update(Action::MoveDown);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    });
    measure("page step", 500, &mut || {
        app.update(Action::PageDown);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    });
    measure("bottom", 1, &mut || {
        app.update(Action::Bottom);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    });
    measure("search typed from the top", 1, &mut || {
        app.update(Action::Top);
        app.update(Action::Search);
        for c in "zzz-nowhere".chars() {
            app.update(Action::Input(c));
        }
        app.update(Action::Cancel);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    });
    drop(app);
    let sub = dir.path().join("big");
    std::fs::create_dir(&sub).unwrap();
    let big = body.repeat(5);
    let mut app = app_for(&sub, "big.md", &big, 200, 50);
    drop(big);
    measure("open 100 MB (read capped at 64 MiB)", 3, &mut || {
        app.update(Action::BackToList);
        app.update(Action::Open);
        app.update(Action::Bottom);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("");
    eprintln!("peak resident: {peak}");
    drop(app);
    let sub = dir.path().join("line");
    std::fs::create_dir(&sub).unwrap();
    let mut app = app_for(&sub, "line.md", &"x".repeat(4 << 20), 200, 50);
    measure("open a 4 MB line", 10, &mut || {
        app.update(Action::BackToList);
        app.update(Action::Open);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    });
}
