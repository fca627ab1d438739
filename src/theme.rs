//! Themes: YAML files mapping the parts of the screen to colours and attributes.

use ratatui::style::Style;
use std::path::Path;

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorDepth {
    /// `NO_COLOR` or `--color never`: bold, underline and reverse only.
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

/// A resolved theme: every part of the screen has a style, already mapped to the colour depth.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub depth: ColorDepth,
    /// Normal text and background of every pane.
    pub base: Style,
    pub border: Style,
    /// Border and title of the focused pane: visible at a glance.
    pub border_focused: Style,
    pub pane_title: Style,
    pub list_title: Style,
    pub list_author: Style,
    pub list_date: Style,
    /// The selected row while the list has focus.
    pub list_selected: Style,
    /// The selected row while another pane has focus.
    pub list_selected_unfocused: Style,
    /// Headings h1, h2, h3 and below.
    pub heading: [Style; 3],
    pub emphasis: Style,
    pub strong: Style,
    pub code: Style,
    pub link: Style,
    pub quote: Style,
    /// Chrome: bullets, table borders, rules, position indicator, hints.
    pub dim: Style,
    pub sidebar_key: Style,
    pub sidebar_value: Style,
    pub status: Style,
    pub status_key: Style,
    pub status_filter: Style,
    pub error: Style,
    pub prompt: Style,
    /// Keyword highlight palette: keyword i gets `highlights[i % len]`. Never empty.
    pub highlights: Vec<Style>,
    /// The search hit the reader jumped to last.
    pub search_current: Style,
}

/// Why a theme could not be loaded: file, line where known, reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for ThemeError {}

/// Names of the themes compiled into the binary.
pub fn bundled_names() -> Vec<&'static str> {
    todo!()
}

/// Picks the colour depth: `--color` wins, then `NO_COLOR` (set and non-empty), then
/// `COLORTERM` (`truecolor`/`24bit`), then `TERM` (`*-256color`, `dumb`...).
pub fn detect_depth(
    flag: Option<&str>,
    no_color: Option<&str>,
    colorterm: Option<&str>,
    term: Option<&str>,
) -> ColorDepth {
    let _ = (flag, no_color, colorterm, term);
    todo!()
}

impl Theme {
    /// Loads theme `name`: a file path, a user theme in `user_dir` (`NAME.yaml`/`NAME.yml`), or a
    /// bundled theme, following `inherit`, mapped to `depth`.
    pub fn load(name: &str, user_dir: Option<&Path>, depth: ColorDepth) -> Result<Theme, ThemeError> {
        let _ = (name, user_dir, depth);
        todo!()
    }

    /// The bundled `default` theme at `depth`.
    pub fn default_for(depth: ColorDepth) -> Theme {
        let _ = depth;
        todo!()
    }

    /// A highlight style for a colour string from the config (`yellow`, `214`, `#ff8800`),
    /// mapped to this theme's depth; `None` when the string is not a colour.
    pub fn highlight_style(&self, color: &str) -> Option<Style> {
        let _ = color;
        todo!()
    }
}
