//! Article bodies as styled lines: Markdown (pulldown-cmark) or plain text, wrapped to a width.
//! No terminal types here: the UI maps [`Look`] to theme styles.
//!
//! A [`Document`] is a list of blocks (paragraphs, headings, list items, code blocks, tables,
//! rules, quoted paragraphs), each laid out on its own. A [`LazyDocument`] is a body split into
//! chunks at safe places, each parsed into a `Document` only when shown: a 20 MB article opens
//! without being parsed, and the reader lays out only the chunks it shows.
//!
//! Every line produced at width `w` is at most `w` columns wide, as [`str_width`] measures: words
//! are wrapped, words and code lines longer than the width are broken between grapheme clusters,
//! and the gutter (quote bars, bullets, indentation) gives way before the text does.

mod block;
mod html;
mod lazy;
mod markdown;
mod plain;
mod table;
mod wrap;

use std::ops::Range;

use block::Block;
pub use lazy::{Chunk, HARD_CHUNK, LazyDocument, SINGLE_CHUNK_MAX, TARGET_CHUNK};
pub use wrap::str_width;

/// Breaks one line of text between grapheme clusters into pieces at most `width` columns wide
/// (a cluster wider than the whole width becomes `…`).
pub fn break_to_width(text: &str, width: usize) -> Vec<String> {
    wrap::hard_break(text, width)
}

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

impl Look {
    /// Chrome only: bullets, borders, rules, link numbers.
    pub const DIM: Look = Look {
        heading: 0,
        emphasis: false,
        strong: false,
        strike: false,
        code: false,
        link: false,
        quote: false,
        dim: true,
    };
}

/// A run of text with one look. Text is already sanitized (no control characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub look: Look,
}

impl Span {
    /// A span of `text`, which the caller has passed through [`crate::sanitize::sanitize`].
    pub fn new(text: impl Into<String>, look: Look) -> Self {
        Span {
            text: text.into(),
            look,
        }
    }
}

/// One screen line: its spans' display width never exceeds the width it was laid out for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    /// Display width in terminal columns.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| str_width(&s.text)).sum()
    }

    /// The spans' text, concatenated.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A parsed body, ready to be laid out at any width.
#[derive(Debug, Clone, Default)]
pub struct Document {
    blocks: Vec<Block>,
}

impl Document {
    /// Parses Markdown (CommonMark with tables, strikethrough, footnotes and task lists). Links
    /// are numbered and listed at the end, after the footnotes.
    pub fn markdown(src: &str) -> Self {
        Document {
            blocks: markdown::parse(src),
        }
    }

    /// Plain text: paragraphs separated by blank lines, each re-wrapped; indented lines are kept
    /// as written.
    pub fn plain(src: &str) -> Self {
        Document {
            blocks: plain::parse(src),
        }
    }

    /// The text a reader sees, without markup (for word counts and keyword hit counts): no
    /// bullets, borders, link numbers or link list.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            let before = out.len();
            block.plain_text(&mut out);
            if out.len() > before {
                out.push('\n');
            }
        }
        out
    }

    /// Wraps to `width` display columns (at least 1): every block, with a blank line between
    /// top-level blocks. Same as `layout_blocks(0..len_blocks(), width)`.
    pub fn layout(&self, width: u16) -> Vec<Line> {
        self.layout_blocks(0..self.blocks.len(), width)
    }

    /// How many blocks the document has.
    pub fn len_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// The lines of blocks `range` (clamped to the document) at `width` columns. Each block's
    /// lines start with the blank line that sets it apart from the block before, if any (never
    /// for block 0), so laying out consecutive ranges and concatenating gives [`Self::layout`].
    pub fn layout_blocks(&self, range: Range<usize>, width: u16) -> Vec<Line> {
        let gap_first = range.start > 0;
        self.layout_range(range, width, gap_first)
    }

    /// The lines of blocks `range` at `width`; the first block's separating blank line only when
    /// `gap_first` (the others always get theirs).
    pub fn layout_range(&self, range: Range<usize>, width: u16, gap_first: bool) -> Vec<Line> {
        let width = usize::from(width.max(1));
        let end = range.end.min(self.blocks.len());
        let start = range.start.min(end);
        let mut out = Vec::new();
        for (i, block) in self.blocks[start..end].iter().enumerate() {
            block.layout(width, i > 0 || gap_first, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests;
