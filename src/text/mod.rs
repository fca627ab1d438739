//! Article bodies as styled lines: Markdown (pulldown-cmark) or plain text, wrapped to a width.
//! No terminal types here: the UI maps [`Look`] to theme styles.

/// The role of a run of text; the theme decides how each looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Look {
    /// 0 outside headings, 1..=6 inside.
    pub heading: u8,
    pub emphasis: bool,
    pub strong: bool,
    pub strike: bool,
    /// Inline code or a code block.
    pub code: bool,
    pub link: bool,
    pub quote: bool,
    /// Chrome quire adds: list bullets, table borders, rules, link numbers.
    pub dim: bool,
}

/// A run of text with one look. Text is already sanitized (no control characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub look: Look,
}

/// One screen line: its spans' display width never exceeds the width it was laid out for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub spans: Vec<Span>,
}

/// A parsed body, ready to be laid out at any width.
#[derive(Debug, Clone, Default)]
pub struct Document {}

impl Document {
    /// Parses Markdown.
    pub fn markdown(src: &str) -> Self {
        let _ = src;
        todo!()
    }

    /// Plain text: paragraphs separated by blank lines, each re-wrapped.
    pub fn plain(src: &str) -> Self {
        let _ = src;
        todo!()
    }

    /// The text a reader sees, without markup (for word counts and keyword hit counts).
    pub fn plain_text(&self) -> String {
        todo!()
    }

    /// Wraps to `width` display columns (at least 1).
    pub fn layout(&self, width: u16) -> Vec<Line> {
        let _ = width;
        todo!()
    }
}
