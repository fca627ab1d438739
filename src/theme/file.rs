//! Theme files: finding them, reading their YAML, following `inherit`, and resolving colours.
//!
//! ```yaml
//! name: default
//! inherit: other                  # optional: start from another theme
//! palette: { accent: "#7aa2f7" }  # optional: named colours for the styles below
//! styles:
//!   base: { fg: "#c0caf5", bg: "#1a1b26" }
//!   list.selected: { fg: black, bg: accent, bold: true }
//! highlights: [ { fg: black, bg: yellow } ]
//! ```
//!
//! A child theme replaces whole styles by name, adds or replaces palette entries, and replaces
//! the highlight list if it gives one. Palette names are resolved after the whole chain is
//! merged, so a child that only changes the palette recolours every style that uses it.

use super::ThemeError;
use super::color::{COLOR_NAMES, parse_color, parse_modifier};
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The themes compiled into the binary: name and YAML text.
pub const BUNDLED: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default.yaml")),
    ("light", include_str!("../../themes/light.yaml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.yaml"),
    ),
    ("ansi16", include_str!("../../themes/ansi16.yaml")),
];

/// Every style a theme can set, by its YAML name. `_` and `-` are read as `.`, so
/// `list.selected-unfocused`, `list_selected_unfocused` and `list.selected.unfocused` agree.
pub const STYLE_KEYS: [&str; 30] = [
    "base",
    "border",
    "border.focused",
    "pane.title",
    "list.title",
    "list.author",
    "list.date",
    "list.selected",
    "list.selected.unfocused",
    "list.read",
    "heading.1",
    "heading.2",
    "heading.3",
    "emphasis",
    "strong",
    "code",
    "link",
    "quote",
    "dim",
    "sidebar.key",
    "sidebar.value",
    "status",
    "status.key",
    "status.filter",
    "error",
    "prompt",
    "search.current",
    "search.match",
    "star",
    "tag",
];

/// The canonical form of a style key.
pub fn normalize_key(key: &str) -> String {
    key.trim().to_ascii_lowercase().replace(['_', '-'], ".")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: Option<String>,
    inherit: Option<String>,
    #[serde(default)]
    palette: BTreeMap<String, ColorText>,
    #[serde(default)]
    styles: BTreeMap<String, RawStyle>,
    highlights: Option<Vec<RawStyle>>,
}

/// One style as written: colours still unresolved (they may name palette entries).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<ColorText>,
    bg: Option<ColorText>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    reverse: Option<bool>,
    dim: Option<bool>,
    strikethrough: Option<bool>,
    /// The same modifiers as a list: `modifiers: [bold, underline]`.
    #[serde(default)]
    modifiers: Vec<String>,
}

/// A colour as written: YAML reads `214` as a number and `"#fff"` as a string; both are text here.
#[derive(Debug, Clone, PartialEq)]
struct ColorText(String);

impl<'de> Deserialize<'de> for ColorText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ColorText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a colour: a name, an index 0-255 or \"#rrggbb\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ColorText, E> {
                Ok(ColorText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ColorText, E> {
                Ok(ColorText(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ColorText, E> {
                Ok(ColorText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One theme file's text and where it came from.
#[derive(Debug)]
struct Source {
    /// Shown in errors: a path, or `themes/NAME.yaml` for a bundled theme.
    file: String,
    /// The file on disk; `None` for a bundled theme.
    path: Option<PathBuf>,
    text: String,
}

impl Source {
    fn error(&self, line: Option<usize>, reason: impl Into<String>) -> ThemeError {
        ThemeError {
            file: self.file.clone(),
            line,
            reason: reason.into(),
        }
    }
}

/// A theme with its chain merged and every colour resolved, not yet mapped to a depth.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub name: String,
    pub styles: BTreeMap<String, Style>,
    pub highlights: Vec<Style>,
    pub palette: BTreeMap<String, Color>,
}

/// How a theme name is looked up: a path if it looks like one, then the user folder, then the
/// bundled themes. `from` is the file that names it in `inherit` (relative paths start there,
/// and a user theme inheriting its own name gets the bundled one instead of itself).
fn locate(name: &str, user_dir: Option<&Path>, from: Option<&Source>) -> Result<Source, String> {
    let looks_like_path = name.contains('/')
        || name.contains(std::path::MAIN_SEPARATOR)
        || name.ends_with(".yaml")
        || name.ends_with(".yml");
    if looks_like_path {
        let mut path = PathBuf::from(name);
        if path.is_relative()
            && let Some(dir) = from.and_then(|s| s.path.as_deref()).and_then(Path::parent)
        {
            path = dir.join(path);
        }
        return read_source(&path);
    }
    // A bundled theme inherits bundled themes only: a user's `default.yaml` must not change
    // what the bundled `light` is built on.
    let from_bundled = from.is_some_and(|s| s.path.is_none());
    if let Some(dir) = user_dir.filter(|_| !from_bundled) {
        for ext in ["yaml", "yml"] {
            let path = dir.join(format!("{name}.{ext}"));
            let is_self = from.and_then(|s| s.path.as_deref()) == Some(path.as_path());
            if !is_self && path.is_file() {
                return read_source(&path);
            }
        }
    }
    match BUNDLED.iter().find(|(n, _)| *n == name) {
        Some((n, text)) => Ok(Source {
            file: format!("themes/{n}.yaml"),
            path: None,
            text: (*text).to_string(),
        }),
        None => {
            let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
            Err(format!(
                "no theme called `{name}` (bundled: {})",
                names.join(", ")
            ))
        }
    }
}

fn read_source(path: &Path) -> Result<Source, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Source {
            file: path.display().to_string(),
            path: Some(path.to_path_buf()),
            text,
        }),
        Err(e) => Err(format!("cannot read theme {}: {e}", path.display())),
    }
}

/// Where a source is, for spotting `inherit` loops.
fn identity(s: &Source) -> String {
    match &s.path {
        Some(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        None => s.file.clone(),
    }
}

fn parse(source: &Source) -> Result<RawTheme, ThemeError> {
    let raw: RawTheme = serde_yaml::from_str(&source.text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        source.error(line, yaml_reason(&e))
    })?;
    // Style names and modifiers do not depend on the rest of the chain: check them here, where
    // the line is that of this very file.
    for (key, style) in &raw.styles {
        if !STYLE_KEYS.contains(&normalize_key(key).as_str()) {
            let line = find_line(&source.text, &["styles", key]);
            return Err(source.error(
                line,
                format!("unknown style `{key}` (styles: {})", STYLE_KEYS.join(", ")),
            ));
        }
        check_modifiers(source, style, &["styles", key])?;
    }
    for style in raw.highlights.iter().flatten() {
        check_modifiers(source, style, &["highlights"])?;
    }
    if raw.highlights.as_ref().is_some_and(Vec::is_empty) {
        let line = find_line(&source.text, &["highlights"]);
        return Err(source.error(line, "highlights: give at least one style"));
    }
    Ok(raw)
}

fn check_modifiers(source: &Source, style: &RawStyle, at: &[&str]) -> Result<(), ThemeError> {
    for m in &style.modifiers {
        if parse_modifier(m).is_none() {
            let mut path = at.to_vec();
            path.push(m);
            return Err(source.error(
                find_line(&source.text, &path),
                format!(
                    "unknown modifier `{m}` (modifiers: bold, italic, underline, reverse, dim, \
                     strikethrough)"
                ),
            ));
        }
    }
    Ok(())
}

/// The yaml error's message without its trailing "at line L column C" (the line is reported apart).
fn yaml_reason(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// The 1-based line where `path` is written: each element is looked for from the line of the
/// previous one on, as a mapping key first (`name:`), else as any text. Good enough to point at
/// the right place in a hand-written theme or config; `None` if the first element is missing.
pub fn find_line(text: &str, path: &[&str]) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut at: Option<usize> = None;
    for needle in path {
        let start = at.unwrap_or(0);
        let found = (start..lines.len())
            .find(|&i| is_key_line(lines[i], needle))
            .or_else(|| (start..lines.len()).find(|&i| lines[i].contains(needle)));
        match found {
            Some(i) => at = Some(i),
            None => break,
        }
    }
    at.map(|i| i + 1)
}

/// Whether `line` holds `key:` as a mapping key (block or flow style, quoted or not).
fn is_key_line(line: &str, key: &str) -> bool {
    let forms = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let trimmed = line.trim_start().trim_start_matches("- ");
    if forms.iter().any(|f| trimmed.starts_with(f.as_str())) {
        return true;
    }
    forms.iter().any(|f| {
        line.match_indices(f.as_str()).any(|(i, _)| {
            line[..i]
                .chars()
                .last()
                .is_some_and(|c| matches!(c, '{' | ',' | ' '))
        })
    })
}

/// A style or palette entry remembered with the file it came from.
struct Origin<T> {
    value: T,
    source: usize,
}

/// Loads `name` and everything it inherits, merged and resolved.
pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Resolved, ThemeError> {
    let mut chain: Vec<(Source, RawTheme)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let first = locate(name, user_dir, None).map_err(|reason| ThemeError {
        file: name.to_string(),
        line: None,
        reason,
    })?;
    let mut next = Some(first);
    while let Some(source) = next.take() {
        let id = identity(&source);
        if seen.contains(&id) {
            let (prev, _) = chain.last().expect("a loop needs a previous theme");
            let mut names: Vec<&str> = chain.iter().map(|(s, _)| s.file.as_str()).collect();
            names.push(&source.file);
            return Err(prev.error(
                find_line(&prev.text, &["inherit"]),
                format!("inherit loop: {}", names.join(" -> ")),
            ));
        }
        seen.push(id);
        let raw = parse(&source)?;
        if let Some(parent) = &raw.inherit {
            let found = locate(parent, user_dir, Some(&source))
                .map_err(|reason| source.error(find_line(&source.text, &["inherit"]), reason))?;
            next = Some(found);
        }
        chain.push((source, raw));
    }

    // Merge from the root of the chain to the theme asked for.
    let mut palette: BTreeMap<String, Origin<String>> = BTreeMap::new();
    let mut styles: BTreeMap<String, Origin<(String, RawStyle)>> = BTreeMap::new();
    let mut highlights: Option<Origin<Vec<RawStyle>>> = None;
    for (i, (_, raw)) in chain.iter().enumerate().rev() {
        for (k, v) in &raw.palette {
            palette.insert(
                k.clone(),
                Origin {
                    value: v.0.clone(),
                    source: i,
                },
            );
        }
        for (k, v) in &raw.styles {
            styles.insert(
                normalize_key(k),
                Origin {
                    value: (k.clone(), v.clone()),
                    source: i,
                },
            );
        }
        if let Some(h) = &raw.highlights {
            highlights = Some(Origin {
                value: h.clone(),
                source: i,
            });
        }
    }
    // The theme's own `name`, else the name it was asked by (a path gives its file stem).
    let theme_name = chain[0].1.name.clone().unwrap_or_else(|| {
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.to_string())
    });

    let resolver = Resolver {
        palette: &palette,
        chain: &chain,
    };
    let mut resolved_palette = BTreeMap::new();
    for (k, origin) in &palette {
        let source = &chain[origin.source].0;
        let c = resolver.color(&origin.value, source, &["palette", k])?;
        resolved_palette.insert(k.clone(), c);
    }
    let mut out_styles = BTreeMap::new();
    for (key, origin) in &styles {
        let (written, raw) = &origin.value;
        let source = &chain[origin.source].0;
        let style = resolver.style(raw, source, &["styles", written])?;
        out_styles.insert(key.clone(), style);
    }
    let out_highlights = match &highlights {
        Some(origin) => {
            let source = &chain[origin.source].0;
            origin
                .value
                .iter()
                .map(|raw| resolver.style(raw, source, &["highlights"]))
                .collect::<Result<Vec<_>, _>>()?
        }
        None => fallback_highlights(),
    };
    Ok(Resolved {
        name: theme_name,
        styles: out_styles,
        highlights: out_highlights,
        palette: resolved_palette,
    })
}

/// Highlights for a theme that names none: the ANSI colours, black text on each.
fn fallback_highlights() -> Vec<Style> {
    [
        Color::Yellow,
        Color::Cyan,
        Color::Magenta,
        Color::Green,
        Color::LightRed,
        Color::LightBlue,
    ]
    .into_iter()
    .map(|c| Style::new().fg(Color::Black).bg(c))
    .collect()
}

struct Resolver<'a> {
    palette: &'a BTreeMap<String, Origin<String>>,
    chain: &'a [(Source, RawTheme)],
}

impl Resolver<'_> {
    /// A colour string: a palette name (which may name another), else a colour.
    fn color(&self, text: &str, source: &Source, at: &[&str]) -> Result<Color, ThemeError> {
        let mut current = text.trim().to_string();
        let mut where_: (&Source, Vec<String>) =
            (source, at.iter().map(|s| s.to_string()).collect());
        for _ in 0..16 {
            match self.palette.get(&current) {
                // An entry naming itself (`red: red`) means the colour of that name.
                Some(entry) if entry.value.trim() != current => {
                    where_ = (
                        &self.chain[entry.source].0,
                        vec!["palette".to_string(), current.clone()],
                    );
                    current = entry.value.trim().to_string();
                }
                _ => {
                    return parse_color(&current).ok_or_else(|| {
                        let (src, path) = &where_;
                        let mut path: Vec<&str> = path.iter().map(String::as_str).collect();
                        path.push(&current);
                        src.error(
                            find_line(&src.text, &path),
                            format!(
                                "unknown colour `{current}` (use a palette name, {COLOR_NAMES}, \
                                 0-255 or #rrggbb)"
                            ),
                        )
                    });
                }
            }
        }
        Err(source.error(
            find_line(&source.text, at),
            format!("palette entries refer to each other in a loop, starting from `{text}`"),
        ))
    }

    fn style(&self, raw: &RawStyle, source: &Source, at: &[&str]) -> Result<Style, ThemeError> {
        let mut style = Style::new();
        if let Some(fg) = &raw.fg {
            style = style.fg(self.color(&fg.0, source, at)?);
        }
        if let Some(bg) = &raw.bg {
            style = style.bg(self.color(&bg.0, source, at)?);
        }
        let flags = [
            (raw.bold, Modifier::BOLD),
            (raw.italic, Modifier::ITALIC),
            (raw.underline, Modifier::UNDERLINED),
            (raw.reverse, Modifier::REVERSED),
            (raw.dim, Modifier::DIM),
            (raw.strikethrough, Modifier::CROSSED_OUT),
        ];
        for (on, m) in flags {
            if on == Some(true) {
                style = style.add_modifier(m);
            }
        }
        for m in raw.modifiers.iter().filter_map(|m| parse_modifier(m)) {
            style = style.add_modifier(m);
        }
        Ok(style)
    }
}
