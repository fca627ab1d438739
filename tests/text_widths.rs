//! Whatever the text and the width, laying out never panics, never produces a line wider than the
//! width, and never lets a control character through.

use proptest::prelude::*;
use quire::text::{Document, HARD_CHUNK, LazyDocument, Line, SINGLE_CHUNK_MAX, str_width};

/// Pieces of hostile Unicode: CJK, emoji ZWJ sequences and flags, combining marks, RTL text,
/// tabs, control and zero-width characters, box drawing, ambiguous widths.
const PIECES: &[&str] = &[
    "a",
    "word",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "日本語",
    "北方領土",
    "한국어",
    "、",
    "。",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "🇯🇵",
    "🇷🇺",
    "👍🏽",
    "❤\u{fe0f}",
    "e\u{301}",
    "a\u{300}\u{301}\u{302}",
    "\u{301}",
    "ก\u{e49}",
    "مرحبا",
    "שלום",
    "\u{202e}",
    "\u{200f}",
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "\u{7}",
    "\u{0}",
    "\u{9b}",
    "\u{7f}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{ad}",
    "\u{a0}",
    "─",
    "│",
    "…",
    "Ａ",
    "ｶ",
    "\u{1100}\u{1161}",
    "https://example.com/a/long/path?q=1",
    "supercalifragilisticexpialidocious",
];

/// Markdown constructs mixed in between.
const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "\n- ",
    "\n  - ",
    "\n    - ",
    "\n1. ",
    "\n10. ",
    "\n> ",
    "\n> > ",
    "*",
    "**",
    "~~",
    "`",
    "\n```\n",
    "\n    ",
    "\n---\n",
    "[",
    "](http://x.y/z)",
    "![",
    "](i.png)",
    "<div>",
    "</div>",
    "<b>",
    "<br>",
    "<!-- c -->",
    "[^1]",
    "\n[^1]: ",
    "\n| a | b |\n|---|:-:|\n| ",
    " | ",
    "\n- [x] ",
    "\\",
    "  \n",
    "&amp;",
    "&#x1b;",
    "<https://auto.x>",
    "\n\n",
];

fn text(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES),
            2 => prop::sample::select(pieces),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// Any string at all, biased to odd characters.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..80).prop_map(|v| v.into_iter().collect())
}

fn check(lines: &[Line], width: u16) -> Result<(), TestCaseError> {
    let max = usize::from(width.max(1));
    for line in lines {
        let measured: usize = line.spans.iter().map(|s| str_width(&s.text)).sum();
        prop_assert!(
            measured <= max,
            "{:?} is {} wide, max {}",
            line.text(),
            measured,
            max
        );
        prop_assert_eq!(measured, line.width());
        prop_assert!(
            !line.text().chars().any(char::is_control),
            "control character in {:?}",
            line.text()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn markdown_fits(src in text(MARKDOWN), width in 1u16..200) {
        let doc = Document::markdown(&src);
        check(&doc.layout(width), width)?;
        let _ = doc.plain_text();
    }

    #[test]
    fn markdown_fits_tiny_widths(src in text(MARKDOWN), width in 0u16..6) {
        check(&Document::markdown(&src).layout(width), width)?;
    }

    #[test]
    fn plain_fits(src in text(&["\n", "\n\n", "    ", "\t", "- ", "1. "]), width in 1u16..200) {
        let doc = Document::plain(&src);
        check(&doc.layout(width), width)?;
        prop_assert!(!doc.plain_text().chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
    }

    #[test]
    fn arbitrary_strings_fit(src in any_text(), width in 1u16..200) {
        check(&Document::markdown(&src).layout(width), width)?;
        check(&Document::plain(&src).layout(width), width)?;
    }

    #[test]
    fn blocks_compose_to_the_whole(src in text(MARKDOWN), width in 1u16..120) {
        let doc = Document::markdown(&src);
        let whole = doc.layout(width);
        let mut pieces = Vec::new();
        let mut i = 0;
        while i < doc.len_blocks() {
            pieces.extend(doc.layout_blocks(i..i + 2, width));
            i += 2;
        }
        prop_assert_eq!(whole, pieces);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// A huge body in chunks: they cover it in order, none too big, each starts on a character,
    /// and every chunk's lines fit.
    #[test]
    fn chunks_cover_huge_bodies_and_fit(src in text(MARKDOWN), width in 1u16..120, plain in any::<bool>()) {
        let unit = if src.is_empty() { "x".to_string() } else { src };
        let body = unit.repeat(SINGLE_CHUNK_MAX * 2 / unit.len() + 1);
        let doc = if plain {
            LazyDocument::plain(body.as_str())
        } else {
            LazyDocument::markdown(body.as_str())
        };
        let mut at = 0;
        for c in doc.chunks() {
            prop_assert_eq!(c.range.start, at);
            prop_assert!(c.range.len() <= HARD_CHUNK);
            prop_assert!(body.is_char_boundary(c.range.start) && body.is_char_boundary(c.range.end));
            at = c.range.end;
        }
        prop_assert_eq!(at, body.len());
        let n = doc.len_chunks();
        for i in [0, n / 2, n - 1] {
            check(&doc.layout_chunk(i, &doc.parse_chunk(i), 0, width), width)?;
        }
    }
}

/// `cargo test --test text_widths timing -- --ignored --nocapture`: parse and layout times for a
/// 20 MB article (linear, and a screenful of blocks lays out in well under a millisecond).
#[test]
#[ignore]
fn timing_20mb() {
    let unit = "## Section\n\nA paragraph with *emphasis*, a [link](https://e.com/x) and `code` that goes on for a while 日本語.\n\n- item one\n- item two\n  - nested\n\n> quoted text here\n\n```\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n";
    let src = unit.repeat(20_000_000 / unit.len());
    let t = std::time::Instant::now();
    let doc = Document::markdown(&src);
    eprintln!("parse {:?} blocks {}", t.elapsed(), doc.len_blocks());
    let t = std::time::Instant::now();
    let lines = doc.layout(80);
    eprintln!("layout {:?} lines {}", t.elapsed(), lines.len());
    let t = std::time::Instant::now();
    let few = doc.layout_blocks(1000..1050, 80);
    eprintln!("layout 50 blocks {:?} lines {}", t.elapsed(), few.len());
    let t = std::time::Instant::now();
    let text = doc.plain_text();
    eprintln!("plain_text {:?} {}", t.elapsed(), text.len());
    let plain = "Some words in a line of plain text\n".repeat(20_000_000 / 35);
    let t = std::time::Instant::now();
    let doc = Document::plain(&plain);
    let lines = doc.layout(80);
    eprintln!("plain parse+layout {:?} lines {}", t.elapsed(), lines.len());
}
