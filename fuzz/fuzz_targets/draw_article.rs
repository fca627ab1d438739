//! Drawing an article: the input is a size and an article's bytes. The body is laid out as the
//! reader does (Markdown or plain) at that width and drawn into a buffer; the whole app (list,
//! sidebar, reader, overlays) is drawn over the article's metadata. Never a panic, no line
//! wider than its pane, no control character in any cell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire::action::Action;
use quire::app::{App, Options, Sort};
use quire::keymap::Keymap;
use quire::library::{Library, parse_article};
use quire::text::Document;
use quire::theme::{ColorDepth, Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let [w, h, flags, rest @ ..] = data else {
        return;
    };
    let width = u16::from(*w) % 160 + 1;
    let height = u16::from(*h) % 60 + 1;
    let text = String::from_utf8_lossy(rest);

    // The body as the reader lays it out.
    let doc = if flags & 1 == 0 {
        Document::markdown(&text)
    } else {
        Document::plain(&text)
    };
    let theme = Theme::default_for(ColorDepth::TrueColor);
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    for (y, line) in doc.layout(width).iter().enumerate() {
        assert!(
            line.width() <= usize::from(width),
            "line of {} columns in {width}: {:?}",
            line.width(),
            line.text()
        );
        let Ok(y) = u16::try_from(y) else { break };
        if y >= height {
            break;
        }
        let mut x = 0;
        for span in &line.spans {
            // The reader's own styling is private to `ui`; the text is what is checked here.
            let style = if span.look.strong {
                theme.heading[0]
            } else {
                theme.base
            };
            let (nx, _) = buf.set_stringn(x, y, &span.text, usize::from(width - x), style);
            x = nx;
            if x >= width {
                break;
            }
        }
    }
    assert_clean(&buf);

    // The whole app over the article's metadata (its body cannot be read: no such file).
    let (article, problems) = parse_article(Path::new("/nonexistent/fuzz.md"), rest);
    let library = Library {
        articles: vec![article],
        problems,
    };
    let options = Options {
        theme,
        keymap: Keymap::default(),
        highlight: Vec::new(),
        sort: Sort::default(),
        reading_width: None,
    };
    let mut app = App::new(library, options);
    let screens: &[&[Action]] = &[
        &[],
        &[Action::Open],
        &[Action::ToggleSidebar, Action::NextPane],
        &[Action::TagPicker],
        &[Action::AuthorPicker],
        &[Action::Problems],
        &[Action::Help],
    ];
    let screen = &screens[usize::from(flags >> 1) % screens.len()];
    for action in screen.iter() {
        app.update(action.clone());
    }
    app.update(Action::Resize(width, height));
    let mut buf = Buffer::empty(area);
    (&app).render(area, &mut buf);
    assert_clean(&buf);
});

fn assert_clean(buf: &Buffer) {
    for cell in &buf.content {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "control character in a cell: {:?}",
            cell.symbol()
        );
    }
}
