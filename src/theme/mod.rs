//! Themes: YAML files mapping the parts of the screen to colours and attributes.
//!
//! A theme file (see `file.rs` for the format) is read, its `inherit` chain merged and its
//! colours resolved; the result is then mapped to the terminal's colour depth once, so drawing
//! code never thinks about depth. Without colour (`NO_COLOR`, `--color never`) the styles that
//! must stand out (selection, focus, highlights, search hits) fall back to modifiers.

mod color;
mod file;

pub use color::parse_color;
pub(crate) use file::find_line;

use color::{contrast_fg, has_modifiers, map_color, map_style};
use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;
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
    /// Every other search hit in the reader.
    pub search_match: Style,
    /// A list row of an article already read: dimmer than the rest.
    pub list_read: Style,
    /// The star of a starred article.
    pub star: Style,
    /// Tags, in the list and the sidebar.
    pub tag: Style,
    /// The theme's named colours as written (not mapped to `depth`): `highlight_style` looks
    /// config colour names up here first.
    pub palette: BTreeMap<String, Color>,
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
    file::BUNDLED.iter().map(|(name, _)| *name).collect()
}

/// Picks the colour depth: `--color` wins, then `NO_COLOR` (set and non-empty), then
/// `COLORTERM` (`truecolor`/`24bit`), then `TERM` (`*-256color`, `dumb`...).
pub fn detect_depth(
    flag: Option<&str>,
    no_color: Option<&str>,
    colorterm: Option<&str>,
    term: Option<&str>,
) -> ColorDepth {
    let truecolor_env = colorterm.is_some_and(|c| {
        let c = c.trim().to_ascii_lowercase();
        c == "truecolor" || c == "24bit"
    });
    match flag.map(|f| f.trim().to_ascii_lowercase()).as_deref() {
        Some("never" | "none" | "0") => return ColorDepth::None,
        Some("16") => return ColorDepth::Ansi16,
        Some("256") => return ColorDepth::Ansi256,
        Some("truecolor" | "24bit") => return ColorDepth::TrueColor,
        // Asked for colour: trust the terminal's truecolor claim, else 256 is the safe "lots".
        Some("always") => {
            return if truecolor_env {
                ColorDepth::TrueColor
            } else {
                ColorDepth::Ansi256
            };
        }
        _ => {}
    }
    if no_color.is_some_and(|v| !v.is_empty()) {
        return ColorDepth::None;
    }
    if truecolor_env {
        return ColorDepth::TrueColor;
    }
    match term.map(str::trim) {
        None | Some("") => ColorDepth::Ansi16,
        Some("dumb") => ColorDepth::None,
        Some(t) if t.ends_with("-direct") => ColorDepth::TrueColor,
        Some(t) if t.contains("256color") => ColorDepth::Ansi256,
        Some(_) => ColorDepth::Ansi16,
    }
}

/// What a style falls back to when it cannot stand out by colour: `always` is added at depth
/// `None` whatever the theme says; `if_plain` is added at `None` when the theme gave it colours
/// but no modifier. A style the theme leaves empty gets both at every depth, so even a bare
/// user theme shows a selection.
struct Fallback {
    always: Modifier,
    if_plain: Modifier,
}

const fn fb(always: Modifier, if_plain: Modifier) -> Fallback {
    Fallback { always, if_plain }
}

const NONE: Modifier = Modifier::empty();

/// Highlights without colour: each distinct from the others and from plain text, and from
/// `search_current` (reverse + bold).
const HIGHLIGHT_FALLBACKS: [Modifier; 6] = [
    Modifier::REVERSED,
    Modifier::BOLD.union(Modifier::UNDERLINED),
    Modifier::ITALIC.union(Modifier::UNDERLINED),
    Modifier::REVERSED.union(Modifier::ITALIC),
    Modifier::BOLD.union(Modifier::ITALIC),
    Modifier::UNDERLINED,
];

fn finish(raw: Style, depth: ColorDepth, fallback: &Fallback) -> Style {
    let mut style = map_style(raw, depth);
    let had_color = raw.fg.is_some() || raw.bg.is_some();
    if raw == Style::default() {
        style = style
            .add_modifier(fallback.always)
            .add_modifier(fallback.if_plain);
    } else if depth == ColorDepth::None {
        style = style.add_modifier(fallback.always);
        if had_color && !has_modifiers(&raw) {
            style = style.add_modifier(fallback.if_plain);
        }
    }
    style
}

impl Theme {
    /// Loads theme `name`: a file path, a user theme in `user_dir` (`NAME.yaml`/`NAME.yml`), or a
    /// bundled theme, following `inherit`, mapped to `depth`.
    pub fn load(
        name: &str,
        user_dir: Option<&Path>,
        depth: ColorDepth,
    ) -> Result<Theme, ThemeError> {
        let resolved = file::load(name, user_dir)?;
        Ok(Theme::from_resolved(resolved, depth))
    }

    /// The bundled `default` theme at `depth`.
    pub fn default_for(depth: ColorDepth) -> Theme {
        Theme::load("default", None, depth).expect("the bundled default theme is valid")
    }

    /// A highlight style for a colour string from the config (`yellow`, `214`, `#ff8800`),
    /// mapped to this theme's depth; `None` when the string is not a colour.
    ///
    /// The theme's palette names count as colours and come first, so `yellow` is the theme's
    /// yellow where it defines one. The colour becomes the background, with black or white text.
    pub fn highlight_style(&self, color: &str) -> Option<Style> {
        let name = color.trim();
        let c = self
            .palette
            .get(name)
            .copied()
            .or_else(|| parse_color(name))?;
        let bg = map_color(c, self.depth).filter(|&c| c != Color::Reset);
        Some(match bg {
            Some(bg) => Style::new()
                .fg(map_color(contrast_fg(bg), self.depth).unwrap_or(Color::Reset))
                .bg(bg),
            None => Style::new().add_modifier(Modifier::REVERSED),
        })
    }

    fn from_resolved(r: file::Resolved, depth: ColorDepth) -> Theme {
        use Modifier as M;
        let get = |key: &str, fallback: Fallback| {
            debug_assert!(file::STYLE_KEYS.contains(&key), "{key}");
            let raw = r.styles.get(key).copied().unwrap_or_default();
            finish(raw, depth, &fallback)
        };
        let highlights = r
            .highlights
            .iter()
            .enumerate()
            .map(|(i, &h)| {
                let fallback = fb(HIGHLIGHT_FALLBACKS[i % HIGHLIGHT_FALLBACKS.len()], NONE);
                finish(h, depth, &fallback)
            })
            .collect();
        Theme {
            name: r.name.clone(),
            depth,
            base: get("base", fb(NONE, NONE)),
            border: get("border", fb(NONE, NONE)),
            border_focused: get("border.focused", fb(M::BOLD, NONE)),
            pane_title: get("pane.title", fb(NONE, M::BOLD)),
            list_title: get("list.title", fb(NONE, NONE)),
            list_author: get("list.author", fb(NONE, NONE)),
            list_date: get("list.date", fb(NONE, NONE)),
            list_selected: get("list.selected", fb(M::REVERSED, NONE)),
            list_selected_unfocused: get("list.selected.unfocused", fb(NONE, M::UNDERLINED)),
            heading: [
                get("heading.1", fb(M::BOLD, M::UNDERLINED)),
                get("heading.2", fb(M::BOLD, NONE)),
                get("heading.3", fb(M::BOLD, NONE)),
            ],
            emphasis: get("emphasis", fb(NONE, M::ITALIC)),
            strong: get("strong", fb(NONE, M::BOLD)),
            code: get("code", fb(NONE, NONE)),
            link: get("link", fb(NONE, M::UNDERLINED)),
            quote: get("quote", fb(NONE, M::ITALIC)),
            dim: get("dim", fb(NONE, M::DIM)),
            sidebar_key: get("sidebar.key", fb(NONE, M::BOLD)),
            sidebar_value: get("sidebar.value", fb(NONE, NONE)),
            status: get("status", fb(NONE, M::REVERSED)),
            status_key: get("status.key", fb(NONE, M::BOLD)),
            status_filter: get("status.filter", fb(NONE, M::BOLD)),
            error: get("error", fb(NONE, M::BOLD)),
            prompt: get("prompt", fb(NONE, M::BOLD)),
            highlights,
            search_current: get("search.current", fb(M::REVERSED | M::BOLD, NONE)),
            search_match: get("search.match", fb(NONE, M::UNDERLINED)),
            list_read: get("list.read", fb(NONE, M::DIM)),
            star: get("star", fb(NONE, M::BOLD)),
            tag: get("tag", fb(NONE, NONE)),
            palette: r.palette,
        }
    }
}

#[cfg(test)]
mod tests;
