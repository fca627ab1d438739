//! The terminal side: taking the screen, the one event loop, and giving the terminal back on
//! every way out (quit, Ctrl-C, SIGTERM, SIGHUP, a panic).

use crate::action::Action;
use crate::app::{App, Effect};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};
use ratatui::crossterm::{cursor, execute, terminal};
use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};
use std::thread;

/// Everything the loop reacts to arrives as one of these, on one channel.
#[derive(Debug)]
pub enum Event {
    Term(TermEvent),
    /// SIGTERM, SIGINT or SIGHUP: leave as after `q`.
    Signal(i32),
    /// Reading the terminal failed: nothing more will come.
    InputError(String),
}

/// Runs the reader until the user quits. The terminal is restored before this returns, whatever
/// happened.
pub fn run(mut app: App) -> io::Result<()> {
    install_panic_hook();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut app);
    let restored = restore();
    result.and(restored)
}

fn enter() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide) {
        let _ = restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout))
}

/// Gives the terminal back: main screen, cursor shown, cooked mode. Safe to call twice.
pub fn restore() -> io::Result<()> {
    let mut stdout = io::stdout();
    let left = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
    let cooked = terminal::disable_raw_mode();
    let _ = stdout.flush();
    left.and(cooked)
}

fn event_loop(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &mut App) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_signals(tx)?;

    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;

    // Wait for one event, then take every event already queued before drawing once: a held key
    // or a burst of resizes never builds a backlog of frames.
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        for event in batch {
            handle(app, event)?;
            if app.should_quit {
                break;
            }
        }
        for effect in app.take_effects() {
            perform(terminal, effect);
        }
        if app.should_quit {
            break;
        }
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
    }
    Ok(())
}

fn handle(app: &mut App, event: Event) -> io::Result<()> {
    match event {
        Event::Term(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
            if let Some(action) = app.action_for_key(&key) {
                app.update(action);
            }
        }
        Event::Term(TermEvent::Resize(w, h)) => app.update(Action::Resize(w, h)),
        Event::Term(_) => {}
        Event::Signal(_) => app.update(Action::Quit),
        Event::InputError(e) => return Err(io::Error::other(e)),
    }
    Ok(())
}

fn perform(terminal: &mut Terminal<CrosstermBackend<Stdout>>, effect: Effect) {
    match effect {
        Effect::Copy(text) => {
            use ratatui::crossterm::clipboard::CopyToClipboard;
            // The URL came from a file: only its sanitized form goes into the sequence.
            let text = crate::sanitize::sanitize(&text).into_owned();
            let _ = execute!(
                terminal.backend_mut(),
                CopyToClipboard::to_clipboard_from(text)
            );
        }
    }
}

fn spawn_input(tx: Sender<Event>) {
    thread::spawn(move || {
        loop {
            let event = match event::read() {
                Ok(e) => Event::Term(e),
                Err(e) => Event::InputError(e.to_string()),
            };
            let failed = matches!(event, Event::InputError(_));
            if tx.send(event).is_err() || failed {
                break;
            }
        }
    });
}

fn spawn_signals(tx: Sender<Event>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    thread::spawn(move || {
        for signal in signals.forever() {
            if tx.send(Event::Signal(signal)).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// On a panic: restore the terminal first (so the message is readable and the shell usable), then
/// write the message to a crash log and print it with the log's name.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore();
        let log = write_crash_log(info);
        previous(info);
        if let Some(path) = log {
            eprintln!("quire crashed; details are in {}", path.display());
        }
    }));
}

fn write_crash_log(info: &std::panic::PanicHookInfo) -> Option<PathBuf> {
    let dir = crate::paths::state_dir().unwrap_or_else(std::env::temp_dir);
    let path = dir.join("crash.log");
    std::fs::create_dir_all(&dir).ok()?;
    let backtrace = std::backtrace::Backtrace::force_capture();
    let text = format!(
        "quire {} crashed: {info}\n\n{backtrace}\n",
        env!("CARGO_PKG_VERSION")
    );
    std::fs::write(&path, text).ok()?;
    Some(path)
}
