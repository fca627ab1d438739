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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Everything the loop reacts to arrives as one of these, on one channel.
#[derive(Debug)]
pub enum Event {
    Term(TermEvent),
    /// A result of background work (the scan, a body search).
    App(Action),
    /// SIGTERM, SIGINT or SIGHUP: leave as after `q`.
    Signal(i32),
    /// Reading the terminal failed: nothing more will come.
    InputError(String),
}

/// Background work that feeds the app: it sends actions (`Loaded`, `ScanProgress`, …) and
/// returns when done. Runs on its own thread.
pub type Feeder = Box<dyn FnOnce(&(dyn Fn(Action) + Sync)) + Send>;

/// How the loop runs besides the app itself.
#[derive(Default)]
pub struct RunOptions {
    /// `--timings FILE`: one line per handled event, `<event>\t<update_us>\t<draw_us>`.
    pub timings: Option<PathBuf>,
}

/// Runs the reader until the user quits, with `feeder` (the scan) running beside it. The
/// terminal is restored before this returns, whatever happened.
pub fn run(mut app: App, feeder: Option<Feeder>, options: RunOptions) -> io::Result<()> {
    let timings = match &options.timings {
        Some(path) => Some(Timings::open(path)?),
        None => None,
    };
    install_panic_hook();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut app, feeder, timings);
    let restored = restore();
    result.and(restored)
}

/// Appends one line per handled event to the `--timings` file.
struct Timings {
    out: io::BufWriter<std::fs::File>,
}

impl Timings {
    fn open(path: &std::path::Path) -> io::Result<Timings> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| io::Error::new(e.kind(), format!("--timings {}: {e}", path.display())))?;
        Ok(Timings {
            out: io::BufWriter::new(file),
        })
    }

    fn record(&mut self, handled: &[(String, u128)], draw_us: u128) {
        for (event, update_us) in handled {
            let _ = writeln!(self.out, "{event}\t{update_us}\t{draw_us}");
        }
        let _ = self.out.flush();
    }
}

/// The `--timings` name of an event: `key:j`, `resize`, `scan`, `search`.
fn event_name(event: &Event) -> String {
    match event {
        Event::Term(TermEvent::Key(key)) => format!("key:{}", crate::keymap::Key::from_event(key)),
        Event::Term(TermEvent::Resize(..)) => "resize".into(),
        Event::Term(_) => "term".into(),
        Event::App(Action::BodyMatches { .. } | Action::BodySearchDone { .. }) => "search".into(),
        Event::App(_) => "scan".into(),
        Event::Signal(_) => "signal".into(),
        Event::InputError(_) => "input-error".into(),
    }
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

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    feeder: Option<Feeder>,
    mut timings: Option<Timings>,
) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_signals(tx.clone())?;
    if let Some(feeder) = feeder {
        let tx = tx.clone();
        thread::spawn(move || {
            let send = move |action: Action| {
                let _ = tx.send(Event::App(action));
            };
            feeder(&send);
        });
    }
    let mut search = Search::default();

    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;

    // Wait for one event, then take every event already queued before drawing once: a held key
    // or a burst of resizes never builds a backlog of frames.
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        let mut handled = Vec::new();
        for event in batch {
            let name = timings.as_ref().map(|_| event_name(&event));
            let start = Instant::now();
            handle(app, event)?;
            if let Some(name) = name {
                handled.push((name, start.elapsed().as_micros()));
            }
            if app.should_quit {
                break;
            }
        }
        for effect in app.take_effects() {
            perform(terminal, effect, &tx, &mut search);
        }
        if app.should_quit {
            break;
        }
        let start = Instant::now();
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        if let Some(t) = &mut timings {
            t.record(&handled, start.elapsed().as_micros());
        }
    }
    search.cancel();
    Ok(())
}

/// The body search running now, so that a newer one can stop it.
#[derive(Default)]
struct Search {
    cancel: Option<Arc<AtomicBool>>,
}

impl Search {
    fn cancel(&mut self) {
        if let Some(flag) = self.cancel.take() {
            flag.store(true, Ordering::Relaxed);
        }
    }
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
        Event::App(action) => app.update(action),
        Event::Signal(_) => app.update(Action::Quit),
        Event::InputError(e) => return Err(io::Error::other(e)),
    }
    Ok(())
}

fn perform(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    effect: Effect,
    tx: &Sender<Event>,
    search: &mut Search,
) {
    match effect {
        Effect::SearchBodies {
            generation,
            articles,
            candidates,
            query,
            read,
            starred,
        } => {
            search.cancel();
            let cancel = Arc::new(AtomicBool::new(false));
            search.cancel = Some(Arc::clone(&cancel));
            let tx = tx.clone();
            let job = BodySearchJob {
                generation,
                articles,
                candidates,
                query,
                read,
                starred,
            };
            thread::spawn(move || body_search(job, &cancel, &tx));
        }
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

/// Searches the candidates' bodies (in parallel, in the library) and reports matches in batches
/// about every 30 ms, so that the list fills while the search goes on without flooding the loop;
/// stops as soon as a newer search cancels it.
fn body_search(job: BodySearchJob, cancel: &AtomicBool, tx: &Sender<Event>) {
    let generation = job.generation;
    let pending = Mutex::new((Vec::new(), Instant::now()));
    let flush = |done: usize, force: bool| {
        let mut guard = pending.lock().unwrap_or_else(|e| e.into_inner());
        if !force && guard.1.elapsed() < Duration::from_millis(30) {
            return;
        }
        let matches = std::mem::take(&mut guard.0);
        guard.1 = Instant::now();
        drop(guard);
        let _ = tx.send(Event::App(Action::BodyMatches {
            generation,
            matches,
            done,
        }));
    };
    let search = || {
        crate::library::search_bodies_with_state(
            &job.articles,
            &job.candidates,
            &job.query,
            &|i| (job.read.contains(&i), job.starred.contains(&i)),
            cancel,
            &|i| {
                pending.lock().unwrap_or_else(|e| e.into_inner()).0.push(i);
            },
            &|done| flush(done, false),
        )
    };
    // Its own threads: in rayon's global pool the search would hold up the filtering that every
    // keystroke does there (seconds, over 100,000 bodies).
    match search_pool() {
        Some(pool) => pool.install(search),
        None => search(),
    }
    if !cancel.load(Ordering::Relaxed) {
        flush(job.candidates.len(), true);
        let _ = tx.send(Event::App(Action::BodySearchDone { generation }));
    }
}

fn search_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("quire-search-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .ok()
    })
    .as_ref()
}

/// Lets the calling thread (a body search thread) yield to the event loop: on two cores a
/// search left at the same priority took half the CPU from the keystroke after the one that
/// started it (a bare word took 40-60 ms to filter instead of 10). Linux only: elsewhere the
/// call may lower the whole process.
fn lower_priority() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // Niceness is per thread on Linux; failing to lower it only costs responsiveness.
        let _ = rustix::process::setpriority_process(None, 10);
    }
}

/// What a body search needs, moved to its thread.
struct BodySearchJob {
    generation: u64,
    articles: Arc<Vec<crate::library::Article>>,
    candidates: Vec<usize>,
    query: crate::query::Query,
    read: crate::app::Marks,
    starred: crate::app::Marks,
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
