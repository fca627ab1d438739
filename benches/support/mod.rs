//! What more than one bench does with the app: set it up as they all do, and type in the query
//! prompt key by key.

use quire::action::Action;
use quire::app::{App, Options};
use quire::highlight::Rule;
use quire::library::Library;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The app over `library` at 200x50, with one highlight rule (highlighting is part of a draw).
pub fn app(library: Library) -> App {
    let options = Options {
        highlight: vec![Rule::word("Kuril")],
        ..Options::default()
    };
    let mut app = App::new(library, options);
    app.update(Action::Resize(200, 50));
    app
}

/// Opens the prompt, types `typed` a key at a time drawing the screen after each (as the event
/// loop does), reads how many articles are shown and leaves the prompt. The body searches the
/// keys ask for are dropped, not run (nor kept piling up across iterations).
pub fn type_in_prompt(app: &mut App, typed: &str, buf: &mut Buffer) -> usize {
    let area = Rect::new(0, 0, 200, 50);
    app.update(Action::Search);
    for ch in typed.chars() {
        app.update(Action::Input(ch));
        buf.reset();
        (&*app).render(area, buf);
    }
    let shown = app.visible.len();
    app.update(Action::Cancel);
    drop(app.take_effects());
    shown
}

/// A buffer of the size [`type_in_prompt`] draws at.
pub fn screen() -> Buffer {
    Buffer::empty(Rect::new(0, 0, 200, 50))
}
