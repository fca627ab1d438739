//! Every screen over the hostile library: drawn at every size from 1x1 to 60x25 and at sampled
//! sizes up to 300x100 without a panic, with no control character in any cell, and through the
//! real crossterm backend with no escape sequence but quire's own in the bytes it writes.

mod hostile;

use quire::action::Action;
use quire::app::{App, Options};
use quire::highlight::Rule;
use quire::library::{self, Library};
use quire::theme::{ColorDepth, Theme};
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `Vec<u8>` the test keeps a handle to (the backend's own writer accessor is unstable).
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn library(h: &hostile::Hostile) -> Library {
    library::load(&[h.path().to_path_buf()])
}

fn app(lib: &Library, depth: ColorDepth) -> App {
    let options = Options {
        theme: Theme::default_for(depth),
        highlight: vec![Rule::word("pwned"), Rule::word("北方")],
        ..Options::default()
    };
    let mut app = App::new(lib.clone(), options);
    app.update(Action::Resize(80, 24));
    app
}

/// Moves the selection to the article whose path ends with `name`.
fn select(app: &mut App, name: &str) {
    let at = app
        .visible
        .iter()
        .position(|&i| app.library.articles[i].path().ends_with(name))
        .unwrap_or_else(|| panic!("{name} is not in the list"));
    app.update(Action::Top);
    for _ in 0..at {
        app.update(Action::MoveDown);
    }
}

/// A screen: an article to select (or none) and the actions that reach the screen from there.
struct Script {
    name: &'static str,
    article: Option<&'static str>,
    actions: Vec<Action>,
}

fn script(name: &'static str, article: Option<&'static str>, actions: Vec<Action>) -> Script {
    Script {
        name,
        article,
        actions,
    }
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Input).collect()
}

fn scripts() -> Vec<Script> {
    use Action::*;
    // Short: every key re-runs the query over every body (see hostile_bugs.rs).
    let mut prompt_poison = vec![Search];
    prompt_poison.extend(typed("\u{1}\u{1b}]0;x\u{7}\u{9b}\u{202e}\u{200b}\t\n"));
    let mut picker_poison = vec![TagPicker];
    picker_poison.extend(typed("P0 \u{1b}]0;x\u{7}\u{202e}"));
    let mut reader_search = vec![Open, Search];
    reader_search.extend(typed("pwned\u{1b}[2J"));
    vec![
        script("list", None, vec![]),
        script("list on poison", Some("controls-in-fields.md"), vec![]),
        script("reader poison", Some("controls-in-fields.md"), vec![Open]),
        script(
            "reader poison paged",
            Some("controls-in-fields.md"),
            vec![Open, PageDown, PageDown],
        ),
        script(
            "reader raw C0",
            Some("every-c0-raw.md"),
            vec![Open, PageDown],
        ),
        script("reader complex", Some("wide-complex.md"), vec![Open]),
        script(
            "reader long line",
            Some("size-long-line.md"),
            vec![Open, PageDown],
        ),
        script(
            "reader 20000 tags",
            Some("fm-20000-tags.md"),
            vec![Open, ToggleSidebar],
        ),
        script("reader 20k title", Some("fm-20k-title.md"), vec![Open]),
        script(
            "reader search",
            Some("controls-in-fields.md"),
            reader_search,
        ),
        script("tag picker", None, vec![TagPicker]),
        script("tag picker narrowed", None, picker_poison),
        script(
            "author picker",
            Some("controls-in-fields.md"),
            vec![AuthorPicker],
        ),
        script("help", None, vec![Help]),
        script("problems", None, vec![Problems]),
        script(
            "problems scrolled",
            None,
            vec![Problems, PageDown, PageDown],
        ),
        script("prompt", None, vec![Search, Input('(')]),
        script("prompt poison", None, prompt_poison),
        script(
            "sidebar panes",
            Some("controls-in-fields.md"),
            vec![ToggleSidebar, NextPane, NextPane],
        ),
        script(
            "filtered by tags",
            Some("controls-in-fields.md"),
            vec![FilterByTags, FilterByAuthors],
        ),
    ]
}

fn run(lib: &Library, s: &Script, depth: ColorDepth) -> App {
    let mut app = app(lib, depth);
    if let Some(name) = s.article {
        select(&mut app, name);
    }
    for a in &s.actions {
        app.update(a.clone());
    }
    app
}

/// A cell whose symbol holds a character a terminal could act on, or that reorders text.
fn buffer_leak(buf: &Buffer) -> Option<String> {
    for (i, cell) in buf.content.iter().enumerate() {
        let sym = cell.symbol();
        if let Some(c) = sym.chars().find(|&c| c.is_control() || hostile::is_bidi(c)) {
            let (x, y) = buf.pos_of(i);
            return Some(format!("U+{:04X} in cell {x},{y}: {sym:?}", c as u32));
        }
    }
    None
}

fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.update(Action::Resize(width, height));
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    (&*app).render(area, &mut buf);
    buf
}

#[test]
fn every_screen_at_every_small_size() {
    let h = hostile::build(Some(hostile::TINY));
    let lib = library(&h);
    for s in scripts() {
        let mut app = run(&lib, &s, ColorDepth::TrueColor);
        let start = Instant::now();
        for width in 1..=60 {
            for height in 1..=25 {
                let buf = draw(&mut app, width, height);
                if let Some(leak) = buffer_leak(&buf) {
                    panic!("{} at {width}x{height}: {leak}", s.name);
                }
            }
        }
        assert!(start.elapsed() < Duration::from_secs(120), "{}", s.name);
    }
}

#[test]
fn every_screen_at_sampled_large_sizes() {
    let h = hostile::build(Some(hostile::TINY));
    let lib = library(&h);
    let sizes = [
        (300, 100),
        (299, 7),
        (7, 99),
        (100, 30),
        (61, 26),
        (200, 1),
        (1, 100),
        (255, 255),
        (137, 43),
        (80, 24),
    ];
    for s in scripts() {
        let mut app = run(&lib, &s, ColorDepth::TrueColor);
        for (width, height) in sizes {
            let buf = draw(&mut app, width, height);
            if let Some(leak) = buffer_leak(&buf) {
                panic!("{} at {width}x{height}: {leak}", s.name);
            }
        }
    }
}

/// A person paging through every article: open, page down, scroll, back.
#[test]
fn every_article_opens_and_pages() {
    let h = hostile::build(Some(hostile::TINY));
    let lib = library(&h);
    let mut app = app(&lib, ColorDepth::Ansi16);
    let total = app.visible.len();
    assert!(total > 50, "{total} articles");
    app.update(Action::Top);
    for n in 0..total {
        let start = Instant::now();
        let title = app
            .selected_article()
            .map(|(_, a)| a.path().display().to_string())
            .unwrap_or_default();
        app.update(Action::Open);
        for (i, action) in [
            Action::PageDown,
            Action::PageDown,
            Action::MoveDown,
            Action::Bottom,
            Action::PageUp,
            Action::Top,
        ]
        .into_iter()
        .enumerate()
        {
            app.update(action);
            let (w, hgt) = [(80, 24), (40, 12), (120, 40), (20, 5), (3, 3), (300, 100)][i];
            let buf = draw(&mut app, w, hgt);
            if let Some(leak) = buffer_leak(&buf) {
                panic!("article {n} {title:?} at {w}x{hgt}: {leak}");
            }
        }
        app.update(Action::BackToList);
        app.update(Action::MoveDown);
        eprintln!("article {n} {title:?}: {:?}", start.elapsed());
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "article {n} {title:?} took {:?}",
            start.elapsed()
        );
    }
}

/// The bytes the real crossterm backend writes for each screen, at several sizes and colour
/// depths, hold no escape sequence but quire's own (CSI) and no control character.
#[test]
fn crossterm_bytes_hold_only_quires_own_sequences() {
    let h = hostile::build(Some(hostile::TINY));
    let lib = library(&h);
    for depth in [
        ColorDepth::TrueColor,
        ColorDepth::Ansi256,
        ColorDepth::Ansi16,
        ColorDepth::None,
    ] {
        for s in scripts() {
            let mut app = run(&lib, &s, depth);
            for (width, height) in [(80, 24), (120, 40), (40, 12), (1, 1), (300, 100), (17, 5)] {
                app.update(Action::Resize(width, height));
                let area = Rect::new(0, 0, width, height);
                let sink = Sink::default();
                let mut terminal = Terminal::with_options(
                    CrosstermBackend::new(sink.clone()),
                    TerminalOptions {
                        viewport: Viewport::Fixed(area),
                    },
                )
                .expect("terminal over a Vec");
                terminal
                    .draw(|frame| frame.render_widget(&app, frame.area()))
                    .expect("draw");
                // A second frame after a change: the diff path writes bytes too.
                app.update(Action::MoveDown);
                terminal
                    .draw(|frame| frame.render_widget(&app, frame.area()))
                    .expect("draw");
                drop(terminal);
                let bytes = sink.0.lock().unwrap();
                assert!(!bytes.is_empty());
                if let Some(leak) = hostile::terminal_leak(&bytes) {
                    panic!("{} at {width}x{height} ({depth:?}): {leak}", s.name);
                }
            }
        }
    }
}
