use super::file::STYLE_KEYS;
use super::*;
use std::fs;

const DEPTHS: [ColorDepth; 4] = [
    ColorDepth::None,
    ColorDepth::Ansi16,
    ColorDepth::Ansi256,
    ColorDepth::TrueColor,
];

/// Every style of a theme with the field name, for checks over all of them.
fn all_styles(t: &Theme) -> Vec<(&'static str, Style)> {
    vec![
        ("base", t.base),
        ("border", t.border),
        ("border_focused", t.border_focused),
        ("pane_title", t.pane_title),
        ("list_title", t.list_title),
        ("list_author", t.list_author),
        ("list_date", t.list_date),
        ("list_selected", t.list_selected),
        ("list_selected_unfocused", t.list_selected_unfocused),
        ("list_read", t.list_read),
        ("heading1", t.heading[0]),
        ("heading2", t.heading[1]),
        ("heading3", t.heading[2]),
        ("emphasis", t.emphasis),
        ("strong", t.strong),
        ("code", t.code),
        ("link", t.link),
        ("quote", t.quote),
        ("dim", t.dim),
        ("sidebar_key", t.sidebar_key),
        ("sidebar_value", t.sidebar_value),
        ("status", t.status),
        ("status_key", t.status_key),
        ("status_filter", t.status_filter),
        ("error", t.error),
        ("prompt", t.prompt),
        ("search_current", t.search_current),
        ("search_match", t.search_match),
        ("star", t.star),
        ("tag", t.tag),
    ]
}

fn colors(s: &Style) -> Vec<Color> {
    s.fg.into_iter().chain(s.bg).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

fn load_err(text: &str) -> ThemeError {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.yaml", text);
    Theme::load(path.to_str().unwrap(), None, ColorDepth::TrueColor).unwrap_err()
}

#[test]
fn bundled_names_are_the_four() {
    assert_eq!(
        bundled_names(),
        vec!["default", "light", "high-contrast", "ansi16"]
    );
}

#[test]
fn every_bundled_theme_loads_at_every_depth() {
    for name in bundled_names() {
        for depth in DEPTHS {
            let t = Theme::load(name, None, depth).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(t.name, name);
            assert_eq!(t.depth, depth);
            assert!(!t.highlights.is_empty());
            for (field, s) in all_styles(&t).into_iter().chain(
                t.highlights
                    .iter()
                    .map(|h| ("highlight", *h))
                    .collect::<Vec<_>>(),
            ) {
                for c in colors(&s) {
                    match depth {
                        ColorDepth::None => panic!("{name} {field}: colour at depth None"),
                        ColorDepth::Ansi16 => assert!(
                            !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                            "{name} {field}: {c:?} at 16 colours"
                        ),
                        ColorDepth::Ansi256 => assert!(
                            !matches!(c, Color::Rgb(..)),
                            "{name} {field}: {c:?} at 256 colours"
                        ),
                        ColorDepth::TrueColor => {}
                    }
                }
            }
        }
    }
}

#[test]
fn default_sets_every_style() {
    let text = file::BUNDLED[0].1;
    for key in STYLE_KEYS {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{key}:"))),
            "default.yaml does not set {key}"
        );
    }
}

#[test]
fn default_has_six_distinct_highlight_colours() {
    let t = Theme::default_for(ColorDepth::TrueColor);
    let mut bgs: Vec<Color> = t.highlights.iter().filter_map(|h| h.bg).collect();
    bgs.sort_by_key(|c| format!("{c:?}"));
    bgs.dedup();
    assert!(bgs.len() >= 6, "{bgs:?}");
    assert!(bgs.iter().all(|c| matches!(c, Color::Rgb(..))));
}

#[test]
fn ansi16_uses_only_ansi_colours() {
    let t = Theme::load("ansi16", None, ColorDepth::TrueColor).unwrap();
    for (field, s) in all_styles(&t) {
        for c in colors(&s) {
            assert!(
                !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                "{field}: {c:?}"
            );
        }
    }
    for h in &t.highlights {
        assert!(
            !colors(h)
                .iter()
                .any(|c| matches!(c, Color::Rgb(..) | Color::Indexed(_)))
        );
    }
}

#[test]
fn light_differs_from_default() {
    let d = Theme::default_for(ColorDepth::TrueColor);
    let l = Theme::load("light", None, ColorDepth::TrueColor).unwrap();
    assert_ne!(d.base, l.base);
    // Inherited styles follow light's palette.
    assert_eq!(l.list_author.fg, Some(Color::Rgb(0x00, 0x71, 0x97)));
}

#[test]
fn at_no_colour_what_matters_still_stands_out() {
    for name in bundled_names() {
        let t = Theme::load(name, None, ColorDepth::None).unwrap();
        assert!(
            t.list_selected.add_modifier.contains(Modifier::REVERSED),
            "{name}"
        );
        assert!(
            t.border_focused.add_modifier.contains(Modifier::BOLD),
            "{name}"
        );
        assert_ne!(t.border_focused, t.border, "{name}");
        assert_ne!(t.list_selected, t.list_selected_unfocused, "{name}");
        assert_ne!(t.list_selected_unfocused, t.list_title, "{name}");
        for h in &t.heading {
            assert!(h.add_modifier.contains(Modifier::BOLD), "{name}");
        }
        assert!(
            t.search_current
                .add_modifier
                .contains(Modifier::REVERSED | Modifier::BOLD),
            "{name}"
        );
        for (i, h) in t.highlights.iter().enumerate() {
            assert!(!h.add_modifier.is_empty(), "{name} highlight {i}");
            assert_ne!(*h, t.base, "{name} highlight {i}");
            assert_ne!(*h, t.search_current, "{name} highlight {i}");
        }
        // The first few highlights differ from each other.
        let first: Vec<_> = t.highlights.iter().take(4).collect();
        for i in 0..first.len() {
            for j in i + 1..first.len() {
                assert_ne!(first[i], first[j], "{name} highlights {i} and {j}");
            }
        }
        assert_ne!(t.search_match, t.base, "{name}");
        assert_ne!(t.status, t.base, "{name}");
    }
}

#[test]
fn theme_colours_map_to_depth() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "red.yaml",
        "styles:\n  error: { fg: \"#ff0000\", bold: true }\n  code: { fg: 4 }\n",
    );
    let load = |d| Theme::load("red", Some(dir.path()), d).unwrap();
    assert_eq!(
        load(ColorDepth::TrueColor).error.fg,
        Some(Color::Rgb(255, 0, 0))
    );
    assert_eq!(
        load(ColorDepth::Ansi256).error.fg,
        Some(Color::Indexed(196))
    );
    let at16 = load(ColorDepth::Ansi16).error.fg.unwrap();
    assert!(matches!(at16, Color::Red | Color::LightRed), "{at16:?}");
    assert_eq!(load(ColorDepth::Ansi16).code.fg, Some(Color::Blue));
    let none = load(ColorDepth::None);
    assert_eq!(none.error, Style::new().add_modifier(Modifier::BOLD));
    // A bare theme still shows a selection and gets the standard highlights.
    assert!(
        load(ColorDepth::TrueColor)
            .list_selected
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(!load(ColorDepth::TrueColor).highlights.is_empty());
}

#[test]
fn user_theme_inherits_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mine.yaml",
        "inherit: default\npalette: { blue: \"#0000ff\" }\nstyles:\n  link: { fg: red }\n",
    );
    let t = Theme::load("mine", Some(dir.path()), ColorDepth::TrueColor).unwrap();
    let d = Theme::default_for(ColorDepth::TrueColor);
    assert_eq!(t.name, "mine");
    // Palette change reaches inherited styles.
    assert_eq!(t.border_focused.fg, Some(Color::Rgb(0, 0, 255)));
    // A child style replaces the parent's whole style ("red" is default's palette red).
    assert_eq!(t.link, Style::new().fg(Color::Rgb(0xf7, 0x76, 0x8e)));
    assert_eq!(t.base, d.base);
    assert_eq!(t.highlights[0], d.highlights[0]);
    assert_eq!(t.highlights[6].bg, Some(Color::Rgb(0, 0, 255)));
}

#[test]
fn user_theme_named_like_a_bundled_one_inherits_the_bundled_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "default.yaml",
        "inherit: default\nstyles:\n  error: { fg: white }\n",
    );
    let t = Theme::load("default", Some(dir.path()), ColorDepth::TrueColor).unwrap();
    assert_eq!(t.error, Style::new().fg(Color::White));
    assert_eq!(t.base, Theme::default_for(ColorDepth::TrueColor).base);
}

#[test]
fn inherit_chain_and_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.yml",
        "inherit: light\nstyles:\n  tag: { fg: 1 }\n",
    );
    write(
        dir.path(),
        "b.yaml",
        "inherit: ./a.yml\nstyles:\n  star: { fg: 2 }\n",
    );
    let path = dir.path().join("b.yaml");
    let t = Theme::load(path.to_str().unwrap(), None, ColorDepth::TrueColor).unwrap();
    assert_eq!(t.name, "b");
    assert_eq!(t.tag.fg, Some(Color::Indexed(1)));
    assert_eq!(t.star.fg, Some(Color::Indexed(2)));
    let l = Theme::load("light", None, ColorDepth::TrueColor).unwrap();
    assert_eq!(t.base, l.base);
}

#[test]
fn inherit_loop_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", "name: a\ninherit: b\n");
    write(dir.path(), "b.yaml", "# b\ninherit: a\n");
    let e = Theme::load("a", Some(dir.path()), ColorDepth::TrueColor).unwrap_err();
    assert!(e.reason.contains("loop"), "{e}");
    assert!(e.file.ends_with("b.yaml"), "{e}");
    assert_eq!(e.line, Some(2), "{e}");

    write(dir.path(), "self.yaml", "inherit: ./self.yaml\n");
    let e = Theme::load("self", Some(dir.path()), ColorDepth::TrueColor).unwrap_err();
    assert!(e.reason.contains("loop"), "{e}");
}

#[test]
fn missing_theme_and_missing_parent() {
    let e = Theme::load("nosuch", None, ColorDepth::TrueColor).unwrap_err();
    assert!(e.reason.contains("nosuch"), "{e}");
    assert!(e.reason.contains("default"), "{e}");
    let e = load_err("name: x\ninherit: nosuch\n");
    assert_eq!(e.line, Some(2));
    assert!(e.file.ends_with("bad.yaml"));
}

#[test]
fn unknown_top_level_key_gives_file_line_reason() {
    let e = load_err("name: x\nstyles:\n  base: { fg: red }\ncolours: {}\n");
    assert!(e.file.ends_with("bad.yaml"), "{e}");
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.reason.contains("colours"), "{e}");
    assert!(e.to_string().contains("bad.yaml:4: "), "{e}");
}

#[test]
fn unknown_style_attribute_gives_line() {
    let e = load_err("styles:\n  base:\n    fg: red\n    blink: true\n");
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.reason.contains("blink"), "{e}");
}

#[test]
fn unknown_style_name_gives_line() {
    let e = load_err("styles:\n  base: { fg: red }\n  lst.selected: { bold: true }\n");
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.reason.contains("lst.selected"), "{e}");
}

#[test]
fn style_names_accept_underscores_and_dashes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "t.yaml",
        "styles:\n  list_selected-unfocused: { bold: true }\n  border_focused: { fg: red }\n",
    );
    let t = Theme::load(path.to_str().unwrap(), None, ColorDepth::TrueColor).unwrap();
    assert_eq!(
        t.list_selected_unfocused,
        Style::new().add_modifier(Modifier::BOLD)
    );
    assert_eq!(t.border_focused.fg, Some(Color::Red));
}

#[test]
fn bad_colour_gives_line_of_the_value() {
    let e = load_err("styles:\n  base:\n    fg: red\n  link:\n    bg: black\n    fg: purplish\n");
    assert_eq!(e.line, Some(6), "{e}");
    assert!(e.reason.contains("purplish"), "{e}");
    let e = load_err("palette:\n  accent: \"#12345\"\nstyles:\n  base: { fg: accent }\n");
    assert_eq!(e.line, Some(2), "{e}");
    let e = load_err("highlights:\n  - { bg: yellow }\n  - { bg: 300 }\n");
    assert_eq!(e.line, Some(3), "{e}");
}

#[test]
fn bad_modifier_gives_line() {
    let e = load_err("styles:\n  base: { fg: red }\n  code:\n    modifiers: [bold, blinking]\n");
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.reason.contains("blinking"), "{e}");
    let e = load_err("styles:\n  code: { bold: maybe }\n");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn yaml_syntax_error_gives_line() {
    let e = load_err("name: x\nstyles:\n  base: { fg: red\n  code: {}\n");
    assert!(e.line.is_some(), "{e}");
    let e = load_err("highlights: []\n");
    assert_eq!(e.line, Some(1), "{e}");
}

#[test]
fn modifiers_list_and_flags_combine() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "t.yml",
        "styles:\n  code: { modifiers: [italic, underlined], bold: true, dim: false }\n",
    );
    let t = Theme::load(path.to_str().unwrap(), None, ColorDepth::TrueColor).unwrap();
    assert_eq!(
        t.code,
        Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC | Modifier::UNDERLINED)
    );
}

#[test]
fn highlight_style_from_config_colours() {
    let t = Theme::default_for(ColorDepth::TrueColor);
    // A palette name: the theme's own yellow.
    let s = t.highlight_style("yellow").unwrap();
    assert_eq!(s.bg, Some(Color::Rgb(0xe0, 0xaf, 0x68)));
    assert_eq!(s.fg, Some(Color::Black));
    let s = t.highlight_style("#000080").unwrap();
    assert_eq!(s.fg, Some(Color::White));
    assert_eq!(
        t.highlight_style("light-red").unwrap().bg,
        Some(Color::LightRed)
    );
    assert_eq!(t.highlight_style("purplish"), None);

    let t256 = Theme::default_for(ColorDepth::Ansi256);
    assert_eq!(
        t256.highlight_style("#ff0000").unwrap().bg,
        Some(Color::Indexed(196))
    );
    assert_eq!(
        t256.highlight_style("214").unwrap().bg,
        Some(Color::Indexed(214))
    );
    let t16 = Theme::default_for(ColorDepth::Ansi16);
    let bg = t16.highlight_style("#ff8800").unwrap().bg.unwrap();
    assert!(!matches!(bg, Color::Rgb(..) | Color::Indexed(_)));

    let none = Theme::default_for(ColorDepth::None);
    let s = none.highlight_style("yellow").unwrap();
    assert_eq!(s.fg, None);
    assert!(!s.add_modifier.is_empty());
    assert_eq!(none.highlight_style("purplish"), None);
}

/// flag, NO_COLOR, COLORTERM, TERM, expected depth.
type Case<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    ColorDepth,
);

#[test]
fn detect_depth_table() {
    use ColorDepth as D;
    let cases: &[Case] = &[
        // flag, NO_COLOR, COLORTERM, TERM
        (None, None, None, None, D::Ansi16),
        (None, None, None, Some("xterm-256color"), D::Ansi256),
        (None, None, None, Some("screen-256color"), D::Ansi256),
        (None, None, None, Some("xterm"), D::Ansi16),
        (None, None, None, Some("linux"), D::Ansi16),
        (None, None, None, Some("vt100"), D::Ansi16),
        (None, None, None, Some("dumb"), D::None),
        (None, None, None, Some("xterm-direct"), D::TrueColor),
        (
            None,
            None,
            Some("truecolor"),
            Some("xterm-256color"),
            D::TrueColor,
        ),
        (None, None, Some("24bit"), Some("xterm"), D::TrueColor),
        (None, None, Some("yes"), Some("xterm-256color"), D::Ansi256),
        (
            None,
            Some("1"),
            Some("truecolor"),
            Some("xterm-256color"),
            D::None,
        ),
        (None, Some(""), None, Some("xterm-256color"), D::Ansi256),
        (Some("auto"), None, None, Some("xterm-256color"), D::Ansi256),
        (
            Some("auto"),
            Some("1"),
            None,
            Some("xterm-256color"),
            D::None,
        ),
        (
            Some("never"),
            None,
            Some("truecolor"),
            Some("xterm-256color"),
            D::None,
        ),
        (Some("always"), Some("1"), None, Some("dumb"), D::Ansi256),
        (Some("always"), None, Some("truecolor"), None, D::TrueColor),
        (Some("always"), None, None, Some("xterm"), D::Ansi256),
        (Some("16"), None, Some("truecolor"), None, D::Ansi16),
        (Some("256"), Some("1"), None, Some("dumb"), D::Ansi256),
        (Some("truecolor"), Some("1"), None, None, D::TrueColor),
    ];
    for &(flag, no_color, colorterm, term, want) in cases {
        assert_eq!(
            detect_depth(flag, no_color, colorterm, term),
            want,
            "{flag:?} {no_color:?} {colorterm:?} {term:?}"
        );
    }
}

#[test]
#[ignore = "prints error messages for a human to read"]
fn show_errors() {
    for text in [
        "name: x\ncolours: {}\n",
        "styles:\n  base:\n    fg: red\n    blink: true\n",
        "styles:\n  lst.selected: { bold: true }\n",
        "styles:\n  link:\n    fg: purplish\n",
        "styles:\n  code:\n    modifiers: [bold, blinking]\n",
        "styles:\n  code: { bold: maybe }\n",
        "name: x\nstyles:\n  base: { fg: red\n",
        "inherit: nosuch\n",
    ] {
        println!("{}", load_err(text));
    }
}

#[test]
fn bundled_themes_inherit_bundled_ones_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "default.yaml", "styles:\n  tag: { fg: 1 }\n");
    let mine = Theme::load("light", Some(dir.path()), ColorDepth::TrueColor).unwrap();
    let bundled = Theme::load("light", None, ColorDepth::TrueColor).unwrap();
    assert_eq!(mine, bundled);
}

#[test]
#[ignore = "prints the bundled themes for a human to read"]
fn show_themes() {
    for name in bundled_names() {
        for depth in DEPTHS {
            let t = Theme::load(name, None, depth).unwrap();
            println!("== {name} {depth:?}");
            for (field, s) in all_styles(&t) {
                println!("  {field:24} {s:?}");
            }
            for h in &t.highlights {
                println!("  highlight                {h:?}");
            }
        }
    }
}
