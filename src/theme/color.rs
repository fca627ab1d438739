//! Colour strings (`yellow`, `214`, `#ff8800`) and mapping colours down to what the terminal shows.

use super::ColorDepth;
use ratatui::style::{Color, Modifier, Style};

/// The 16 ANSI colours in index order, as ratatui names them.
const ANSI: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

/// xterm's default RGB values of the 16 ANSI colours: the usual reference for "nearest".
const ANSI_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The colour names a theme or the config may use, for error messages.
pub const COLOR_NAMES: &str = "black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, \
     light-red, light-green, light-yellow, light-blue, light-magenta, light-cyan, white, reset";

/// Parses a colour: a name, an index 0-255 or `#rrggbb`. `None` when it is none of these.
pub fn parse_color(s: &str) -> Option<Color> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let n = u32::from_str_radix(hex, 16).ok()?;
        return Some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u8>().ok().map(Color::Indexed);
    }
    // `dark-gray`, `dark_gray`, `DarkGray` and `dark gray` are all the same colour.
    let key: String = s
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    let key = key.replace("grey", "gray");
    let color = match key.as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "lightgray" => Color::Gray,
        "darkgray" | "brightblack" => Color::DarkGray,
        "lightred" | "brightred" => Color::LightRed,
        "lightgreen" | "brightgreen" => Color::LightGreen,
        "lightyellow" | "brightyellow" => Color::LightYellow,
        "lightblue" | "brightblue" => Color::LightBlue,
        "lightmagenta" | "brightmagenta" => Color::LightMagenta,
        "lightcyan" | "brightcyan" => Color::LightCyan,
        "white" | "brightwhite" => Color::White,
        _ => return None,
    };
    Some(color)
}

/// The RGB value of a colour, where it has one (`Reset` has none).
pub fn to_rgb(c: Color) -> Option<(u8, u8, u8)> {
    match c {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) => Some(index_rgb(i)),
        Color::Reset => None,
        named => ANSI.iter().position(|&a| a == named).map(|i| ANSI_RGB[i]),
    }
}

/// RGB of an xterm-256 index: 16 ANSI colours, a 6x6x6 cube, then 24 grays.
fn index_rgb(i: u8) -> (u8, u8, u8) {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => ANSI_RGB[i as usize],
        16..=231 => {
            let n = i - 16;
            (
                LEVELS[(n / 36) as usize],
                LEVELS[(n / 6 % 6) as usize],
                LEVELS[(n % 6) as usize],
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// A perceptual-ish distance ("redmean"): cheap, and much better than plain RGB distance at
/// telling apart the dark blues and grays themes are full of.
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let rmean = (a.0 as i32 + b.0 as i32) / 2;
    let dr = a.0 as i32 - b.0 as i32;
    let dg = a.1 as i32 - b.1 as i32;
    let db = a.2 as i32 - b.2 as i32;
    ((((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8)) as u32
}

/// The nearest xterm-256 index, from the cube and the gray ramp (16-231 and 232-255): the first
/// 16 are left out because terminals recolour them freely.
pub fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    (16..=255u8)
        .min_by_key(|&i| distance(rgb, index_rgb(i)))
        .unwrap_or(16)
}

/// The closest of the 16 ANSI colours, by hue rather than by distance: themes are full of
/// pastels and muted tones, which plain RGB distance sends to gray, losing the very cue (red
/// error, yellow highlight) the colour was for. Muted colours go to the gray ramp by lightness;
/// the others to the ANSI hue, bright when light. Orange goes to ANSI yellow, which many
/// terminals draw as brown or orange.
pub fn nearest_16(rgb: (u8, u8, u8)) -> Color {
    let (r, g, b) = (rgb.0 as i32, rgb.1 as i32, rgb.2 as i32);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let chroma = max - min;
    let lightness = (max + min) / 2;
    if chroma < 56 {
        return match lightness {
            0..48 => Color::Black,
            48..170 => Color::DarkGray,
            170..235 => Color::Gray,
            _ => Color::White,
        };
    }
    let hue = if max == r {
        (60 * (g - b) / chroma).rem_euclid(360)
    } else if max == g {
        60 * (b - r) / chroma + 120
    } else {
        60 * (r - g) / chroma + 240
    };
    // Light by lightness (pastels), or by brightness (pure colours: xterm draws red as 205,0,0
    // and bright red as 255,0,0, both of lightness ~120).
    let light = lightness >= 140 || max >= 240;
    let pick = |normal, bright| if light { bright } else { normal };
    match hue {
        0..20 | 330.. => pick(Color::Red, Color::LightRed),
        20..45 => Color::Yellow,
        45..75 => pick(Color::Yellow, Color::LightYellow),
        75..160 => pick(Color::Green, Color::LightGreen),
        160..210 => pick(Color::Cyan, Color::LightCyan),
        210..255 => pick(Color::Blue, Color::LightBlue),
        _ => pick(Color::Magenta, Color::LightMagenta),
    }
}

/// Maps one colour to `depth`; `None` when the depth shows no colour at all.
pub fn map_color(c: Color, depth: ColorDepth) -> Option<Color> {
    match depth {
        ColorDepth::None => None,
        ColorDepth::TrueColor => Some(c),
        ColorDepth::Ansi256 => Some(match c {
            Color::Rgb(r, g, b) => Color::Indexed(nearest_256((r, g, b))),
            other => other,
        }),
        ColorDepth::Ansi16 => Some(match c {
            Color::Indexed(i) if i < 16 => ANSI[i as usize],
            Color::Rgb(..) | Color::Indexed(_) => to_rgb(c).map(nearest_16).unwrap_or(c),
            other => other,
        }),
    }
}

/// Maps a style's colours to `depth`, keeping its modifiers. When foreground and background
/// were different but land on the same colour, the text would vanish: the foreground then
/// becomes black or white, whichever reads on the background.
pub fn map_style(style: Style, depth: ColorDepth) -> Style {
    let mut out = style;
    out.fg = style.fg.and_then(|c| map_color(c, depth));
    out.bg = style.bg.and_then(|c| map_color(c, depth));
    if let (Some(f), Some(b), Some(of), Some(ob)) = (out.fg, out.bg, style.fg, style.bg)
        && f == b
        && of != ob
    {
        out.fg = map_color(contrast_fg(b), depth);
    }
    out
}

/// Black or white, whichever reads better on `bg`.
pub fn contrast_fg(bg: Color) -> Color {
    match to_rgb(bg) {
        Some((r, g, b)) => {
            let luma = 299 * r as u32 + 587 * g as u32 + 114 * b as u32;
            if luma > 128_000 {
                Color::Black
            } else {
                Color::White
            }
        }
        None => Color::Reset,
    }
}

/// Whether a style sets any modifier.
pub fn has_modifiers(style: &Style) -> bool {
    !style.add_modifier.is_empty()
}

/// The modifiers a YAML theme may name, and their ratatui values.
pub const MODIFIERS: [(&str, Modifier); 6] = [
    ("bold", Modifier::BOLD),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reverse", Modifier::REVERSED),
    ("dim", Modifier::DIM),
    ("strikethrough", Modifier::CROSSED_OUT),
];

/// Parses a modifier name (`bold`, `underline`/`underlined`, `reverse`/`reversed`...).
pub fn parse_modifier(s: &str) -> Option<Modifier> {
    let key = s.trim().to_ascii_lowercase();
    let key = match key.as_str() {
        "underlined" => "underline",
        "reversed" => "reverse",
        "crossed-out" | "crossedout" => "strikethrough",
        k => k,
    };
    MODIFIERS.iter().find(|(n, _)| *n == key).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_indices_and_hex() {
        assert_eq!(parse_color("yellow"), Some(Color::Yellow));
        assert_eq!(parse_color("dark-gray"), Some(Color::DarkGray));
        assert_eq!(parse_color("Dark_Grey"), Some(Color::DarkGray));
        assert_eq!(parse_color("light-red"), Some(Color::LightRed));
        assert_eq!(parse_color("gray"), Some(Color::Gray));
        assert_eq!(parse_color("white"), Some(Color::White));
        assert_eq!(parse_color("reset"), Some(Color::Reset));
        assert_eq!(parse_color("214"), Some(Color::Indexed(214)));
        assert_eq!(parse_color("#ff8800"), Some(Color::Rgb(255, 136, 0)));
        assert_eq!(parse_color("#FF8800"), Some(Color::Rgb(255, 136, 0)));
        for bad in ["", "256", "#ff88", "#gg0000", "purple", "-1"] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn maps_to_256() {
        assert_eq!(
            map_color(Color::Rgb(255, 0, 0), ColorDepth::Ansi256),
            Some(Color::Indexed(196))
        );
        assert_eq!(
            map_color(Color::Rgb(0, 0, 0), ColorDepth::Ansi256),
            Some(Color::Indexed(16))
        );
        // A gray lands on the gray ramp.
        assert_eq!(
            map_color(Color::Rgb(128, 128, 128), ColorDepth::Ansi256),
            Some(Color::Indexed(244))
        );
        assert_eq!(
            map_color(Color::Indexed(42), ColorDepth::Ansi256),
            Some(Color::Indexed(42))
        );
        assert_eq!(map_color(Color::Red, ColorDepth::Ansi256), Some(Color::Red));
    }

    #[test]
    fn maps_to_16() {
        let red = map_color(Color::Rgb(255, 0, 0), ColorDepth::Ansi16).unwrap();
        assert!(matches!(red, Color::Red | Color::LightRed), "{red:?}");
        let red = map_color(Color::Indexed(196), ColorDepth::Ansi16).unwrap();
        assert!(matches!(red, Color::Red | Color::LightRed), "{red:?}");
        // Pastels and muted tones keep their hue, or their lightness when nearly gray.
        let at16 = |hex: &str| map_color(parse_color(hex).unwrap(), ColorDepth::Ansi16).unwrap();
        assert_eq!(at16("#f7768e"), Color::LightRed);
        assert_eq!(at16("#e0af68"), Color::Yellow);
        assert_eq!(at16("#9ece6a"), Color::LightGreen);
        assert_eq!(at16("#7dcfff"), Color::LightCyan);
        assert_eq!(at16("#7aa2f7"), Color::LightBlue);
        assert_eq!(at16("#bb9af7"), Color::LightMagenta);
        assert_eq!(at16("#00008b"), Color::Blue);
        assert_eq!(at16("#c0caf5"), Color::Gray);
        assert_eq!(at16("#565f89"), Color::DarkGray);
        assert_eq!(at16("#ffffff"), Color::White);
        // Every ANSI colour maps to itself through its xterm RGB value.
        for (i, &c) in ANSI.iter().enumerate() {
            assert_eq!(nearest_16(ANSI_RGB[i]), c, "{i}");
        }
        assert_eq!(
            map_color(Color::Indexed(4), ColorDepth::Ansi16),
            Some(Color::Blue)
        );
        assert_eq!(
            map_color(Color::Rgb(0x1a, 0x1b, 0x26), ColorDepth::Ansi16),
            Some(Color::Black)
        );
        assert_eq!(
            map_color(Color::Reset, ColorDepth::Ansi16),
            Some(Color::Reset)
        );
    }

    #[test]
    fn truecolor_keeps_and_none_drops() {
        let c = Color::Rgb(1, 2, 3);
        assert_eq!(map_color(c, ColorDepth::TrueColor), Some(c));
        assert_eq!(map_color(c, ColorDepth::None), None);
        let s = Style::new()
            .fg(c)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD);
        assert_eq!(
            map_style(s, ColorDepth::None),
            Style::new().add_modifier(Modifier::BOLD)
        );
    }

    #[test]
    fn colliding_colours_keep_text_readable() {
        // Two close blues both become Blue at 16 colours: the text turns white instead.
        let s = Style::new()
            .fg(Color::Rgb(0, 0, 200))
            .bg(Color::Rgb(0, 0, 230));
        let m = map_style(s, ColorDepth::Ansi16);
        assert_eq!(m.bg, Some(Color::Blue));
        assert_eq!(m.fg, Some(Color::White));
    }

    #[test]
    fn modifiers_parse() {
        assert_eq!(parse_modifier("bold"), Some(Modifier::BOLD));
        assert_eq!(parse_modifier("underlined"), Some(Modifier::UNDERLINED));
        assert_eq!(parse_modifier("blink"), None);
    }
}
