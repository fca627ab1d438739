//! The binary: parse the command line, then hand over to the library. Exit status 0 on success,
//! 1 when `check` found problems or `show` could not show, 2 for bad usage, config or theme.

use clap::{CommandFactory, Parser};
use quire::action::{Action, Batch};
use quire::app::App;
use quire::cli::{Cli, Command};
use quire::{commands, library, query, setup, tui};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    quire::process::prepare();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("quire: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("quire: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ends the library's life without freeing it piece by piece: the process exits right after,
/// and giving back a hundred thousand articles one allocation at a time (each a cache miss)
/// took longer than the exit itself.
fn let_go(library: quire::library::Library) {
    std::mem::forget(library);
}

enum Failure {
    /// Bad command line, config, theme or query: nothing was done.
    Usage(String),
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match &cli.command {
        Some(Command::Completions { shell }) => {
            clap_complete::generate(*shell, &mut Cli::command(), "quire", &mut out);
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }

    let settings =
        setup::settings(&cli.options, &setup::Env::from_process()).map_err(Failure::Usage)?;
    if cli.command.is_some() {
        for warning in &settings.warnings {
            let text = warning.to_string();
            eprintln!("quire: warning: {}", quire::sanitize::sanitize(&text));
        }
    }
    let paths_of = |given: &[PathBuf]| {
        let given = if given.is_empty() {
            &cli.paths[..]
        } else {
            given
        };
        setup::library_paths(given, &settings.library).map_err(Failure::Usage)
    };
    let parse_query = || match &settings.query {
        Some(text) => query::parse(text).map_err(|e| Failure::Usage(format!("-q: {e}"))),
        None => Ok(query::Query::default()),
    };

    let code = match &cli.command {
        None => {
            let paths = paths_of(&[])?;
            let mut app = App::loading(settings.options.clone());
            // Config warnings are listed with the library's problems (`!`).
            app.update(Action::Loaded(Batch {
                articles: Vec::new(),
                problems: settings.warnings.clone(),
            }));
            if let Some(text) = &settings.query {
                app.set_initial_query(text)
                    .map_err(|e| Failure::Usage(format!("-q: {e}")))?;
            }
            drop(out);
            let options = tui::RunOptions {
                timings: cli.timings.clone(),
            };
            tui::run(app, Some(scan(paths)), options)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::List {
            paths,
            format,
            count,
        }) => {
            let query = parse_query()?;
            let (library, report) =
                library::load_cached(&paths_of(paths)?, quire::paths::cache_dir());
            report
                .cache_warnings
                .iter()
                .for_each(|w| eprintln!("quire: {w}"));
            if *count {
                let hits = commands::matching_unsorted(&library, &query);
                writeln!(out, "{}", hits.len())?;
            } else {
                let hits = commands::matching(&library, &query, settings.options.sort);
                commands::list(&mut out, &library, &hits, *format)?;
            }
            warn_problems(&library);
            let_go(library);
            ExitCode::SUCCESS
        }
        Some(Command::Check { paths }) => {
            let (library, report) =
                library::load_cached(&paths_of(paths)?, quire::paths::cache_dir());
            report
                .cache_warnings
                .iter()
                .for_each(|w| eprintln!("quire: {w}"));
            let problems = commands::check(&mut out, &library)?;
            out.flush()?;
            let files = library.articles.len();
            eprintln!("{files} articles, {problems} problems");
            let_go(library);
            if problems > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Some(Command::Tags { paths }) | Some(Command::Authors { paths }) => {
            let authors = matches!(cli.command, Some(Command::Authors { .. }));
            let (library, report) =
                library::load_cached(&paths_of(paths)?, quire::paths::cache_dir());
            report
                .cache_warnings
                .iter()
                .for_each(|w| eprintln!("quire: {w}"));
            commands::facet(&mut out, &library, authors)?;
            warn_problems(&library);
            let_go(library);
            ExitCode::SUCCESS
        }
        Some(Command::Show { path, width }) => {
            let library = library::load(std::slice::from_ref(path));
            let Some(article) = library.articles.first() else {
                out.flush()?;
                for problem in &library.problems {
                    eprintln!("quire: {}", quire::sanitize::sanitize(&problem.to_string()));
                }
                if library.problems.is_empty() {
                    eprintln!("quire: {}: not an article", path.display());
                }
                return Ok(ExitCode::FAILURE);
            };
            let body = library::read_body(article)?;
            let width = width.unwrap_or_else(terminal_width);
            commands::show(&mut out, article, &body, width)?;
            ExitCode::SUCCESS
        }
        Some(Command::Completions { .. }) | Some(Command::Man) => ExitCode::SUCCESS,
    };
    out.flush()?;
    Ok(code)
}

/// The scan, run beside the reader: articles arrive in batches while the screen is up, from the
/// metadata cache where files have not changed.
fn scan(paths: Vec<PathBuf>) -> tui::Feeder {
    Box::new(move |send| {
        let options = library::LoadOptions {
            cache_dir: quire::paths::cache_dir(),
        };
        let report = library::load_streaming(&paths, &options, &|event| match event {
            library::LoadEvent::Found(n) => send(Action::ScanProgress(n)),
            library::LoadEvent::Batch { articles, problems } => {
                send(Action::Loaded(Batch { articles, problems }))
            }
        });
        // A damaged cache was set aside and rebuilt: worth a line in the problems view.
        let problems: Vec<library::Problem> = report
            .cache_warnings
            .into_iter()
            .map(|reason| library::Problem {
                path: options.cache_dir.clone().unwrap_or_default(),
                line: None,
                reason,
            })
            .collect();
        if !problems.is_empty() {
            send(Action::Loaded(Batch {
                articles: Vec::new(),
                problems,
            }));
        }
        send(Action::ScanDone);
    })
}

/// Problems go to stderr so that they never mix with the output a script reads.
fn warn_problems(library: &library::Library) {
    let n = library.problems.len();
    if n > 0 {
        eprintln!("quire: {n} problem(s) while loading; `quire check` lists them");
    }
}

fn terminal_width() -> u16 {
    use std::io::IsTerminal;
    if io::stdout().is_terminal() {
        if let Ok((w, _)) = ratatui::crossterm::terminal::size() {
            return w.clamp(20, 100);
        }
    }
    80
}

/// mimalloc rather than the system allocator: loading 100k articles makes a few million small
/// allocations from several threads, and glibc's malloc took a fifth of that time (and grew its
/// arenas with thousands of `mprotect` calls); with mimalloc a warm start takes about 30% less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
