//! Whole screens after scripted actions, as a person would see them (gitui-style snapshots), at
//! 120x40, 80x24 and 40x12; and every screen at every small size without a panic.

use quire::action::Action;
use quire::app::{App, Options};
use quire::highlight::Rule;
use quire::library;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::path::PathBuf;

/// The bundled articles, by a relative path so that snapshots do not depend on the checkout.
fn app(width: u16, height: u16) -> App {
    let library = library::load(&[PathBuf::from("articles")]);
    let options = Options {
        highlight: vec![Rule::word("Kuril")],
        ..Options::default()
    };
    let mut app = App::new(library, options);
    app.update(Action::Resize(width, height));
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    terminal.backend().to_string()
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

#[test]
fn start_120x40() {
    let app = app(120, 40);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn author_picker_narrowed_80x24() {
    let mut app = app(80, 24);
    app.update(Action::AuthorPicker);
    type_text(&mut app, "paj");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn author_picker_40x12_keeps_its_title_whole() {
    let mut app = app(40, 12);
    app.update(Action::AuthorPicker);
    let screen = screen(&app);
    assert!(screen.contains("┏ Authors ━"), "{screen}");
    assert!(!screen.contains("Enter appl"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn pajon_and_ukraine_reading_120x40() {
    let mut app = app(120, 40);
    app.update(Action::AuthorPicker);
    type_text(&mut app, "pajon");
    app.update(Action::Submit);
    app.update(Action::TagPicker);
    type_text(&mut app, "ukraine");
    app.update(Action::Submit);
    assert_eq!(app.visible.len(), 2);
    app.update(Action::Open);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn reading_80x24_sidebar_folded_then_shown() {
    let mut app = app(80, 24);
    app.update(Action::Open);
    let folded = screen(&app);
    app.update(Action::ToggleSidebar);
    let shown = screen(&app);
    assert_ne!(folded, shown);
    insta::assert_snapshot!("reading_80x24_folded", folded);
    insta::assert_snapshot!("reading_80x24_shown", shown);
}

#[test]
fn query_prompt_with_error_keeps_results_80x24() {
    let mut app = app(80, 24);
    app.update(Action::Search);
    type_text(&mut app, "date:<2014");
    assert_eq!(app.visible.len(), 1);
    type_text(&mut app, " (");
    assert_eq!(
        app.visible.len(),
        1,
        "a parse error keeps the previous results"
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn list_40x12() {
    let app = app(40, 12);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn reader_40x12() {
    let mut app = app(40, 12);
    app.update(Action::Open);
    app.update(Action::PageDown);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_80x24() {
    let mut app = app(80, 24);
    app.update(Action::Help);
    insta::assert_snapshot!(screen(&app));
}

/// Each screen a user can reach, as a script of actions from the start.
fn scripts() -> Vec<Vec<Action>> {
    vec![
        vec![],
        vec![Action::Open],
        vec![Action::Open, Action::Search, Action::Input('k')],
        vec![Action::TagPicker],
        vec![Action::AuthorPicker, Action::Input('p')],
        vec![Action::Help],
        vec![Action::Problems],
        vec![Action::Search, Action::Input('(')],
        vec![Action::ToggleSidebar, Action::NextPane, Action::NextPane],
    ]
}

#[test]
fn every_screen_draws_at_every_small_size() {
    for script in scripts() {
        let mut app = app(80, 24);
        for action in &script {
            app.update(action.clone());
        }
        for width in 1..=45 {
            for height in 1..=16 {
                app.update(Action::Resize(width, height));
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(area);
                (&app).render(area, &mut buf);
            }
        }
    }
}

#[test]
fn every_screen_draws_at_sampled_large_sizes() {
    for script in scripts() {
        let mut app = app(80, 24);
        for action in &script {
            app.update(action.clone());
        }
        for (width, height) in [(300, 100), (299, 7), (7, 99), (100, 30), (59, 40), (60, 3)] {
            app.update(Action::Resize(width, height));
            let area = Rect::new(0, 0, width, height);
            let mut buf = Buffer::empty(area);
            (&app).render(area, &mut buf);
        }
    }
}
