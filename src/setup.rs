//! From the command line, the config file and the environment to the settings quire runs with.
//! Every error here stops quire before the screen opens (exit status 2).

use crate::app::{Options, Sort, SortKey};
use crate::cli::GlobalOptions;
use crate::config::Config;
use crate::highlight::{Highlighter, Rule};
use crate::keymap::Keymap;
use crate::library::Problem;
use crate::theme::{self, Theme};
use std::path::{Path, PathBuf};

/// The environment variables quire reads, so that tests can give their own.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub no_color: Option<String>,
    pub colorterm: Option<String>,
    pub term: Option<String>,
}

impl Env {
    pub fn from_process() -> Env {
        let var = |name| std::env::var(name).ok();
        Env {
            no_color: var("NO_COLOR"),
            colorterm: var("COLORTERM"),
            term: var("TERM"),
        }
    }
}

/// Everything the reader and the headless commands need besides the articles.
#[derive(Debug, Clone)]
pub struct Settings {
    pub options: Options,
    /// The configured library, used when no PATH is given and `./articles` does not exist.
    pub library: Vec<PathBuf>,
    pub query: Option<String>,
    /// What was wrong with the config: quire goes on without the part that was wrong, and
    /// shows these with the library's problems.
    pub warnings: Vec<Problem>,
}

pub fn settings(cli: &GlobalOptions, env: &Env) -> Result<Settings, String> {
    // A config file named on the command line must exist; a damaged config is not a reason to
    // refuse to start: it is left untouched (it is the user's file) and defaults apply.
    if let Some(path) = &cli.config
        && !path.is_file()
    {
        return Err(format!("--config {}: no such file", path.display()));
    }
    let mut warnings = Vec::new();
    let config = Config::load(cli.config.as_deref()).unwrap_or_else(|e| {
        warnings.push(Problem {
            path: PathBuf::from(&e.file),
            line: e.line,
            reason: format!("{}; the config is not used, defaults apply", e.reason),
        });
        Config::default()
    });
    let mut warn = |reason: String| {
        warnings.push(Problem {
            path: config_path(&cli.config),
            line: None,
            reason,
        })
    };

    let depth = theme::detect_depth(
        Some(cli.color.as_str()),
        env.no_color.as_deref(),
        env.colorterm.as_deref(),
        env.term.as_deref(),
    );
    let theme_name = cli
        .theme
        .clone()
        .or_else(|| config.theme.clone())
        .unwrap_or_else(|| "default".into());
    let user_themes = crate::paths::user_themes_dir();
    let theme =
        Theme::load(&theme_name, user_themes.as_deref(), depth).map_err(|e| e.to_string())?;

    let keymap = Keymap::with_overrides(&config.keys).unwrap_or_else(|e| {
        warn(format!("{e}; the default keys apply"));
        Keymap::default()
    });

    let mut highlight: Vec<Rule> = cli.highlight.iter().map(|w| Rule::word(w)).collect();
    for rule in config.highlight_rules() {
        // Compiled one by one, so that one bad regex costs only itself.
        match Highlighter::new(vec![rule.clone()]) {
            Ok(_) => highlight.push(rule),
            Err(e) => warn(format!("highlight: {e}; that rule is not used")),
        }
    }

    let mut sort = Sort::default();
    if let Some(by) = &config.sort.by {
        match SortKey::parse(by) {
            Some(key) => {
                sort.key = key;
                // In the config, `reverse` means descending, as Sort's flag does.
                sort.reverse = config.sort.reverse;
            }
            None => warn(format!(
                "sort.by: unknown field '{by}' (date, title, author, path); sorting by date"
            )),
        }
    }
    if let Some(flag) = &cli.sort {
        sort = parse_sort_flag(flag)?;
    }

    Ok(Settings {
        options: Options {
            theme,
            keymap,
            highlight,
            sort,
            reading_width: config.reading_width,
        },
        library: config.library.iter().map(PathBuf::from).collect(),
        query: cli.query.clone(),
        warnings,
    })
}

/// `--sort FIELD` in the field's natural order (dates newest first, text A to Z); `-FIELD`
/// reverses it.
pub fn parse_sort_flag(flag: &str) -> Result<Sort, String> {
    let (name, flipped) = match flag.strip_prefix('-') {
        Some(name) => (name, true),
        None => (flag, false),
    };
    let key = SortKey::parse(name).ok_or_else(|| {
        format!("--sort: unknown field '{name}' (date, title, author, path; '-' reverses)")
    })?;
    let natural = Sort {
        key,
        reverse: key == SortKey::Date,
    };
    Ok(Sort {
        key,
        reverse: natural.reverse != flipped,
    })
}

fn config_path(file: &Option<PathBuf>) -> PathBuf {
    file.clone()
        .or_else(crate::paths::config_file)
        .unwrap_or_else(|| PathBuf::from("config.yaml"))
}

/// The paths to open: those given, else `./articles` when it exists, else the configured library.
pub fn library_paths(given: &[PathBuf], configured: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    let bundled = Path::new("articles");
    if bundled.is_dir() {
        return Ok(vec![bundled.to_path_buf()]);
    }
    if !configured.is_empty() {
        return Ok(configured.to_vec());
    }
    Err("no articles to open: give a PATH, run quire where ./articles exists, or set `library:` in the config".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_flag_natural_and_reversed() {
        let date = parse_sort_flag("date").unwrap();
        assert!(date.key == SortKey::Date && date.reverse);
        assert!(!parse_sort_flag("-date").unwrap().reverse);
        assert!(!parse_sort_flag("title").unwrap().reverse);
        assert!(parse_sort_flag("-title").unwrap().reverse);
        assert!(parse_sort_flag("colour").unwrap_err().contains("colour"));
    }

    #[test]
    fn given_paths_win() {
        let given = vec![PathBuf::from("x")];
        assert_eq!(library_paths(&given, &[]).unwrap(), given);
    }
}
