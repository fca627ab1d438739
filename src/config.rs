//! The user's config file (`$XDG_CONFIG_HOME/quire/config.yaml` or `--config FILE`).
//!
//! Every field is optional and unknown fields are errors: a typo should be reported, not
//! silently ignored. Errors name the file and, where it can be found, the line.

use crate::highlight::{MatchMode, Pattern, Rule};
use crate::sanitize::sanitize;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The config as written, with `~/` already expanded in `library`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Paths opened when none are given on the command line (one path or a list).
    #[serde(default, deserialize_with = "one_or_many")]
    pub library: Vec<String>,
    /// Theme name or path.
    pub theme: Option<String>,
    /// Keyword rules, on top of `--highlight` and the query's words.
    #[serde(default)]
    pub highlight: Vec<HighlightRule>,
    /// Action name -> keys, replacing that action's defaults. Checked by the keymap, not here.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub sort: SortConfig,
    /// Saved queries by name.
    #[serde(default)]
    pub views: BTreeMap<String, String>,
    /// The widest the article text is wrapped, in columns.
    pub reading_width: Option<u16>,
    /// Whether mouse clicks and scrolling are captured.
    pub mouse: Option<bool>,
}

/// `sort: { by: date, reverse: true }`. The field name is checked where sorting is done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SortConfig {
    pub by: Option<String>,
    #[serde(default)]
    pub reverse: bool,
}

/// One keyword rule: `{ word: Kuril, color: yellow }` or `{ regex: "Putin|Abe", match: anywhere }`.
/// Exactly one of `word` and `regex`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightRule {
    pub word: Option<String>,
    pub regex: Option<String>,
    pub color: Option<String>,
    #[serde(default, rename = "match")]
    pub mode: MatchMode,
}

/// Why the config could not be read: file, line where known, reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {reason}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl Config {
    /// Parses config text; `file_name` is only used in errors.
    pub fn parse(text: &str, file_name: &str) -> Result<Config, ConfigError> {
        // The reason may quote the file (an unknown key), and the name may hold anything: both
        // reach the terminal on stderr, so both go through the sanitizer.
        let err = |line: Option<usize>, reason: String| ConfigError {
            file: sanitize(file_name).into_owned(),
            line,
            reason: sanitize(&reason).into_owned(),
        };
        // An empty file (or one of comments only) is an empty config, not an error.
        if text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---"
        }) {
            return Ok(Config::default());
        }
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let reason = match msg.find(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            let mut line = e.location().map(|l| l.line());
            // Untagged values lose their position; the key still says where to look.
            if reason.contains(LIBRARY_EXPECTING) {
                line = crate::theme::find_line(text, &["library"]).or(line);
            }
            err(line, reason)
        })?;

        for (i, rule) in config.highlight.iter().enumerate() {
            let problem = match (&rule.word, &rule.regex) {
                (Some(_), Some(_)) => Some("give `word` or `regex`, not both"),
                (None, None) => Some("give `word` or `regex`"),
                (Some(w), None) if w.trim().is_empty() => Some("`word` is empty"),
                (None, Some(r)) if r.is_empty() => Some("`regex` is empty"),
                _ => None,
            };
            if let Some(problem) = problem {
                return Err(err(
                    rule_line(text, i),
                    format!("highlight rule {}: {problem}", i + 1),
                ));
            }
        }
        if config.reading_width == Some(0) {
            return Err(err(
                crate::theme::find_line(text, &["reading_width"]),
                "reading_width must be at least 1".to_string(),
            ));
        }
        for path in &mut config.library {
            *path = expand_home(path);
        }
        Ok(config)
    }

    /// Reads the config: `path` if given (it must exist), else the default file, whose absence
    /// just means the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, must_exist): (PathBuf, bool) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => match crate::paths::config_file() {
                Some(p) => (p, false),
                None => return Ok(Config::default()),
            },
        };
        let file = path.display().to_string();
        match std::fs::read_to_string(&path) {
            // Parsed with the raw name: `parse` sanitizes what it puts in an error.
            Ok(text) => Config::parse(&text, &file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                Ok(Config::default())
            }
            Err(e) => Err(ConfigError {
                file: sanitize(&file).into_owned(),
                line: None,
                reason: format!("cannot read config: {e}"),
            }),
        }
    }

    /// The `highlight:` rules as the highlighter takes them.
    pub fn highlight_rules(&self) -> Vec<Rule> {
        self.highlight
            .iter()
            .filter_map(|r| {
                let pattern = match (&r.word, &r.regex) {
                    (Some(w), None) => Pattern::Word(w.clone()),
                    (None, Some(re)) => Pattern::Regex(re.clone()),
                    // `parse` refuses these; a hand-built config may still hold one.
                    _ => return None,
                };
                Some(Rule {
                    pattern,
                    mode: r.mode,
                    color: r.color.clone(),
                })
            })
            .collect()
    }
}

const LIBRARY_EXPECTING: &str = "a path or a list of paths";

/// `library: ~/articles` is as good as `library: [~/articles]`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged, expecting = "a path or a list of paths")] // = LIBRARY_EXPECTING
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// `~/x` -> `$HOME/x`; anything else is left alone.
fn expand_home(path: &str) -> String {
    let rest = match path.strip_prefix("~/") {
        Some(rest) => rest,
        None if path == "~" => "",
        None => return path.to_string(),
    };
    match etcetera::home_dir() {
        Ok(home) => home.join(rest).display().to_string(),
        Err(_) => path.to_string(),
    }
}

/// The line of the `index`-th item under `highlight:` (block `- ` items or one flow list).
fn rule_line(text: &str, index: usize) -> Option<usize> {
    let start = crate::theme::find_line(text, &["highlight"])?;
    let lines: Vec<&str> = text.lines().collect();
    // `find_line` is 1-based; `get` keeps a disagreement about line ends from panicking.
    let header = lines.get(start.checked_sub(1)?)?;
    if header.contains('[') {
        return Some(start);
    }
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // A line back at the margin ends the list.
        if !line.starts_with([' ', '\t', '-']) {
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            if seen == index {
                return Some(i + 1);
            }
            seen += 1;
        }
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r##"library: [~/articles]            # paths opened when none are given
theme: default
highlight:                       # keyword rules, on top of --highlight and the query's words
  - { word: Kuril, color: yellow }
  - { regex: "Putin|Abe", color: "#ff8800", match: anywhere }   # match: word-start (default) | whole-word | anywhere
keys:                            # action name -> keys; replaces that action's default keys
  quit: [q, ctrl-c]
sort: { by: date, reverse: true }
views: { pajon: "author:pajon", recent: "date:>=2020" }
reading_width: 100
mouse: true
"##;

    #[test]
    fn design_example_parses() {
        let c = Config::parse(EXAMPLE, "config.yaml").unwrap();
        assert_eq!(c.library.len(), 1);
        assert!(c.library[0].ends_with("articles"));
        if let Ok(home) = etcetera::home_dir() {
            assert_eq!(c.library[0], home.join("articles").display().to_string());
        }
        assert_eq!(c.theme.as_deref(), Some("default"));
        assert_eq!(c.highlight.len(), 2);
        assert_eq!(c.keys["quit"], vec!["q", "ctrl-c"]);
        assert_eq!(
            c.sort,
            SortConfig {
                by: Some("date".into()),
                reverse: true
            }
        );
        assert_eq!(c.views["pajon"], "author:pajon");
        assert_eq!(c.views["recent"], "date:>=2020");
        assert_eq!(c.reading_width, Some(100));
        assert_eq!(c.mouse, Some(true));

        let rules = c.highlight_rules();
        assert_eq!(
            rules,
            vec![
                Rule {
                    pattern: Pattern::Word("Kuril".into()),
                    mode: MatchMode::WordStart,
                    color: Some("yellow".into()),
                },
                Rule {
                    pattern: Pattern::Regex("Putin|Abe".into()),
                    mode: MatchMode::Anywhere,
                    color: Some("#ff8800".into()),
                },
            ]
        );
    }

    #[test]
    fn empty_config_is_default() {
        assert_eq!(Config::parse("", "c").unwrap(), Config::default());
        assert_eq!(
            Config::parse("# nothing yet\n\n", "c").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn unknown_field_is_an_error_with_line() {
        let e = Config::parse("theme: default\nthemes: light\n", "cfg.yaml").unwrap_err();
        assert_eq!(e.file, "cfg.yaml");
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.reason.contains("themes"), "{e}");
        assert!(e.to_string().starts_with("cfg.yaml:2: "), "{e}");

        let e = Config::parse("sort:\n  by: date\n  order: desc\n", "c").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = Config::parse("highlight:\n  - { word: a, colour: red }\n", "c").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn word_and_regex_together_is_an_error() {
        let text = "theme: x\nhighlight:\n  - word: ok\n  - word: a\n    regex: b\n";
        let e = Config::parse(text, "c").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.reason.contains("not both"), "{e}");
        let e = Config::parse("highlight: [{ color: red }]\n", "c").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
    }

    #[test]
    fn bad_values_are_errors() {
        let e = Config::parse("highlight:\n  - { word: a, match: sometimes }\n", "c").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = Config::parse("reading_width: -3\n", "c").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        let e = Config::parse("reading_width: 0\n", "c").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        let e = Config::parse("mouse: [\n", "c").unwrap_err();
        assert!(e.line.is_some(), "{e}");
    }

    #[test]
    fn library_may_be_one_path() {
        let c = Config::parse("library: /srv/articles\n", "c").unwrap();
        assert_eq!(c.library, vec!["/srv/articles"]);
        let e = Config::parse("theme: x\nlibrary: { a: b }\n", "c").unwrap_err();
        assert!(e.reason.contains("a path or a list of paths"), "{e}");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn home_expansion_only_for_leading_tilde() {
        assert_eq!(expand_home("/abs/~/x"), "/abs/~/x");
        assert_eq!(expand_home("rel"), "rel");
        assert_eq!(expand_home("~user/x"), "~user/x");
    }

    #[test]
    fn load_explicit_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "mouse: false\n").unwrap();
        assert_eq!(Config::load(Some(&path)).unwrap().mouse, Some(false));

        let missing = dir.path().join("nope.yaml");
        let e = Config::load(Some(&missing)).unwrap_err();
        assert!(e.file.ends_with("nope.yaml"), "{e}");
        assert_eq!(e.line, None);

        std::fs::write(&path, "mouse: maybe\n").unwrap();
        let e = Config::load(Some(&path)).unwrap_err();
        assert!(e.file.ends_with("config.yaml"));
        assert_eq!(e.line, Some(1), "{e}");
    }
}
