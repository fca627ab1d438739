//! Word wrapping over styled spans, measured in terminal columns.
//!
//! textwrap wraps one string; article text is a run of spans with different looks, and a word may
//! cross spans (`**bold**ness`). So this wraps its own way: words are runs of grapheme clusters
//! (never split: emoji ZWJ sequences, flags and combining marks stay whole), measured with
//! unicode-width, placed greedily; a word wider than the line is broken between clusters.

use super::{Look, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The text of a [`Span`] that forces a line break (sanitized text never holds a newline).
pub(crate) const HARD_BREAK: &str = "\n";

/// Shown in place of a cluster wider than the whole line (a CJK character at width 1).
const TOO_WIDE: &str = "…";

/// Display width of `s` in terminal columns, as the invariant of [`super::Line`] measures it.
pub fn str_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Whitespace a line may break at; no-break spaces are part of their word.
fn is_break_space(g: &str) -> bool {
    g.chars()
        .all(|c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
}

/// A line being filled: spans with adjacent same-look text merged.
#[derive(Default)]
struct LineBuf {
    spans: Vec<Span>,
    width: usize,
}

impl LineBuf {
    fn push(&mut self, text: &str, look: Look, width: usize) {
        self.width += width;
        match self.spans.last_mut() {
            Some(last) if last.look == look => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_owned(),
                look,
            }),
        }
    }
}

/// A word: clusters between break opportunities, with their looks and total width.
#[derive(Default)]
struct Word {
    pieces: Vec<(String, Look, usize)>,
    width: usize,
}

impl Word {
    fn push(&mut self, g: &str, look: Look, width: usize) {
        self.width += width;
        match self.pieces.last_mut() {
            Some((text, l, w)) if *l == look => {
                text.push_str(g);
                *w += width;
            }
            _ => self.pieces.push((g.to_owned(), look, width)),
        }
    }

    fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

struct Wrapper {
    width: usize,
    lines: Vec<Vec<Span>>,
    cur: LineBuf,
    /// A space seen since the last word, with its look (a space inside a link keeps the link look).
    space: Option<Look>,
    word: Word,
}

impl Wrapper {
    fn new(width: usize) -> Self {
        Wrapper {
            width: width.max(1),
            lines: Vec::new(),
            cur: LineBuf::default(),
            space: None,
            word: Word::default(),
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.cur);
        self.lines.push(line.spans);
        self.space = None;
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let space = usize::from(self.space.is_some() && self.cur.width > 0);
        if self.cur.width + space + word.width <= self.width {
            if space == 1 {
                let look = self.space.unwrap_or_default();
                self.cur.push(" ", look, 1);
            }
        } else {
            if self.cur.width > 0 {
                self.end_line();
            }
            if word.width > self.width {
                self.space = None;
                self.break_word(word);
                return;
            }
        }
        for (text, look, w) in &word.pieces {
            self.cur.push(text, *look, *w);
        }
        self.space = None;
    }

    /// Places a word wider than the line cluster by cluster.
    fn break_word(&mut self, word: Word) {
        for (text, look, _) in word.pieces {
            for g in text.graphemes(true) {
                let mut g = g;
                let mut w = str_width(g);
                if w > self.width {
                    g = TOO_WIDE;
                    w = str_width(TOO_WIDE).min(self.width);
                }
                if self.cur.width + w > self.width {
                    self.end_line();
                }
                self.cur.push(g, look, w);
            }
        }
    }

    fn push_span(&mut self, span: &Span) {
        if span.text == HARD_BREAK {
            self.flush_word();
            self.end_line();
            return;
        }
        for g in span.text.graphemes(true) {
            if is_break_space(g) {
                self.flush_word();
                self.space = Some(span.look);
                continue;
            }
            let w = str_width(g);
            if w >= 2 {
                // Wide text (CJK) has no spaces: a line may break before and after each character.
                self.flush_word();
                self.word.push(g, span.look, w);
                self.flush_word();
            } else {
                self.word.push(g, span.look, w);
            }
        }
    }

    fn finish(mut self) -> Vec<Vec<Span>> {
        self.flush_word();
        if self.cur.width > 0 || !self.cur.spans.is_empty() {
            self.end_line();
        }
        self.lines
    }
}

/// Wraps styled text to `width` columns (at least 1). Runs of spaces collapse to one; spaces at
/// the start and end of a line are dropped; a [`HARD_BREAK`] span ends a line. Every line's width
/// is at most `width`.
pub fn wrap_spans(spans: &[Span], width: usize) -> Vec<Vec<Span>> {
    let mut w = Wrapper::new(width);
    for span in spans {
        w.push_span(span);
    }
    w.finish()
}

/// Breaks one preformatted line (code, indented plain text) between clusters so that no piece is
/// wider than `width`; spaces are kept as they are. An empty line gives one empty piece.
pub fn hard_break(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for g in text.graphemes(true) {
        let (g, w) = match str_width(g) {
            w if w > width => (TOO_WIDE, str_width(TOO_WIDE).min(width)),
            w => (g, w),
        };
        if cur_w + w > width {
            out.push(std::mem::take(&mut cur));
            cur_w = 0;
        }
        cur.push_str(g);
        cur_w += w;
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

/// Cuts `spans` so that they fit in `width` columns, dropping whole clusters from the end.
pub fn truncate_spans(spans: &[Span], width: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = str_width(&span.text);
        if used + w <= width {
            out.push(span.clone());
            used += w;
            continue;
        }
        let mut text = String::new();
        for g in span.text.graphemes(true) {
            let gw = str_width(g);
            if used + gw > width {
                break;
            }
            text.push_str(g);
            used += gw;
        }
        if !text.is_empty() {
            out.push(Span {
                text,
                look: span.look,
            });
        }
        break;
    }
    out
}

/// Total width of spans, as [`super::Line::width`] measures it.
pub fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| str_width(&s.text)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Vec<Span> {
        vec![Span::new(s, Look::default())]
    }

    fn texts(lines: &[Vec<Span>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_by_words_and_collapses_spaces() {
        let lines = wrap_spans(&plain("the quick  brown fox jumps over"), 10);
        assert_eq!(texts(&lines), ["the quick", "brown fox", "jumps over"]);
    }

    #[test]
    fn long_words_are_broken() {
        let lines = wrap_spans(&plain("a abcdefghijkl b"), 5);
        assert_eq!(texts(&lines), ["a", "abcde", "fghij", "kl b"]);
    }

    #[test]
    fn looks_survive_wrapping_and_words_cross_spans() {
        let bold = Look {
            strong: true,
            ..Look::default()
        };
        let spans = vec![
            Span::new("one ", Look::default()),
            Span::new("bold", bold),
            Span::new("ness two", Look::default()),
        ];
        let lines = wrap_spans(&spans, 8);
        assert_eq!(texts(&lines), ["one", "boldness", "two"]);
        assert_eq!(lines[1][0], Span::new("bold", bold));
        assert_eq!(lines[1][1], Span::new("ness", Look::default()));
    }

    #[test]
    fn cjk_breaks_between_characters_and_never_overflows() {
        let lines = wrap_spans(&plain("日本語のテキスト"), 5);
        assert_eq!(texts(&lines), ["日本", "語の", "テキ", "スト"]);
        for l in &lines {
            assert!(spans_width(l) <= 5);
        }
    }

    #[test]
    fn clusters_stay_whole() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let text = format!("{family}{family}{family} e\u{301}e\u{301}e\u{301} 🇯🇵🇯🇵");
        let lines = wrap_spans(&plain(&text), 3);
        for l in &lines {
            assert!(spans_width(l) <= 3, "{l:?}");
        }
        let all: String = texts(&lines).concat();
        assert_eq!(all.matches(family).count(), 3);
        assert_eq!(all.matches("🇯🇵").count(), 2);
    }

    #[test]
    fn wide_cluster_at_width_one_is_replaced() {
        let lines = wrap_spans(&plain("日"), 1);
        assert_eq!(texts(&lines), ["…"]);
    }

    #[test]
    fn hard_breaks_end_lines() {
        let spans = vec![
            Span::new("a", Look::default()),
            Span::new(HARD_BREAK, Look::default()),
            Span::new("b", Look::default()),
        ];
        assert_eq!(texts(&wrap_spans(&spans, 10)), ["a", "b"]);
    }

    #[test]
    fn hard_break_keeps_spaces() {
        assert_eq!(hard_break("  let x = 1;", 6), ["  let ", "x = 1;"]);
        assert_eq!(hard_break("", 6), [""]);
    }

    #[test]
    fn truncate_cuts_at_clusters() {
        let spans = plain("日本語");
        let cut = truncate_spans(&spans, 5);
        assert_eq!(cut, plain("日本"));
    }
}
