//! The one gate every string from a file passes before it reaches the terminal.
//!
//! Articles come from the web and are read over SSH: a title must never be able to set the window
//! title, write the clipboard or move the cursor. Control characters become visible glyphs, tabs
//! become spaces, zero-width characters are dropped so they cannot shift the layout.

use std::borrow::Cow;

/// How many columns a tab advances to (tab stops are not kept: text is re-wrapped anyway).
const TAB_WIDTH: usize = 4;

/// Returns `s` with every character that could act on a terminal made visible and harmless.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// Characters serde_json leaves raw in a string that a terminal could still act on: DEL, C1
/// controls and bidirectional controls (C0 controls are escaped by serde_json itself).
pub fn is_dangerous_in_json(c: char) -> bool {
    c == '\x7f' || ('\u{80}'..='\u{9f}').contains(&c) || is_bidi_control(c)
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_zero_width(c)
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\t' => out.extend(std::iter::repeat_n(' ', TAB_WIDTH)),
        // C0 controls have their own visible pictures: U+2400 + code.
        '\0'..='\x1f' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\x7f' => out.push('\u{2421}'),
        // C1 controls (U+0080..U+009F) have no pictures: the replacement character.
        c if c.is_control() => out.push('\u{fffd}'),
        c if is_bidi_control(c) => out.push('\u{fffd}'),
        c if is_zero_width(c) => {}
        c => out.push(c),
    }
}

/// Bidirectional embedding, override and isolate controls: they can reorder what is drawn.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Characters of no width that terminals disagree about; dropping them keeps columns honest.
/// ZWJ (U+200D) stays: emoji sequences need it and unicode-width measures them as one cluster.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            sanitize("Kuril Islands — 北方領土"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_and_controls_become_visible() {
        let s = sanitize("a\x1b]0;pwned\x07b\u{9b}c\x7f");
        assert_eq!(s, "a\u{241b}]0;pwned\u{2407}b\u{fffd}c\u{2421}");
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn tabs_become_spaces_and_zero_width_goes() {
        assert_eq!(sanitize("a\tb\u{200b}c"), "a    bc");
    }

    #[test]
    fn bidi_override_is_neutralised() {
        assert_eq!(sanitize("x\u{202e}y"), "x\u{fffd}y");
    }
}
