//! Blocks: the unit a document is laid out in. Each block is laid out on its own, so a huge
//! article can be laid out lazily, a screenful of blocks at a time.

use super::table::Table;
use super::wrap::{hard_break, spans_width, str_width, truncate_spans, wrap_spans};
use super::{Line, Look, Span};

/// One piece of the gutter left of a block's text: a quote bar, a list marker, an indentation.
/// `first` is drawn on the block's first line, `rest` on the others; both are equally wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub first: String,
    pub rest: String,
    pub look: Look,
    /// The container that drew it, so that a blank line between two blocks of the same quote can
    /// keep the quote's bar.
    pub id: u32,
    /// For ordered lists: the list, and the item number (None on an item's later blocks), so the
    /// numbers can be right-aligned once the list's last number is known.
    pub list: Option<(u32, Option<u64>)>,
}

impl Part {
    pub fn new(first: impl Into<String>, rest: impl Into<String>, look: Look, id: u32) -> Self {
        Part {
            first: first.into(),
            rest: rest.into(),
            look,
            id,
            list: None,
        }
    }

    /// Right-aligns an ordered list's number to `digits` digits.
    pub fn align_number(&mut self, digits: usize) {
        if let Some((_, n)) = self.list {
            self.first = match n {
                Some(n) => format!("{n:>digits$}. "),
                None => " ".repeat(digits + 2),
            };
            self.rest = " ".repeat(digits + 2);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Wrapped text: paragraphs, list items, link and footnote entries.
    Para(Vec<Span>),
    /// A heading: wrapped text; levels 1 and 2 are underlined.
    Heading(u8, Vec<Span>),
    /// Lines kept as written (code, preformatted plain text), broken only at the width.
    Verbatim(Vec<String>, Look),
    /// A dim line across the width.
    Rule,
    Table(Table),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub gutter: Vec<Part>,
    /// A blank line before this block, showing this many of its leading gutter parts (the quote
    /// bars it shares with the block before); None: no blank line.
    pub gap: Option<usize>,
    pub kind: Kind,
}

/// How much of the width the text keeps when the gutter has to give way.
fn min_text_width(width: usize) -> usize {
    (width / 2).clamp(1, 16)
}

/// The gutter spans for the first or later lines, cut so that the text keeps some room.
fn gutter_spans(parts: &[Part], first: bool, max: usize) -> Vec<Span> {
    let spans: Vec<Span> = parts
        .iter()
        .map(|p| Span {
            text: if first {
                p.first.clone()
            } else {
                p.rest.clone()
            },
            look: p.look,
        })
        .filter(|s| !s.text.is_empty())
        .collect();
    if spans_width(&spans) <= max {
        spans
    } else {
        truncate_spans(&spans, max)
    }
}

fn with_gutter(gutter: &[Span], mut body: Vec<Span>) -> Line {
    let mut spans = gutter.to_vec();
    spans.append(&mut body);
    Line { spans }
}

/// Heading underline characters by level.
fn underline(level: u8) -> Option<&'static str> {
    match level {
        1 => Some("═"),
        2 => Some("─"),
        _ => None,
    }
}

impl Block {
    /// The block's lines at `width` (at least 1), gap line first when `with_gap`.
    pub fn layout(&self, width: usize, with_gap: bool, out: &mut Vec<Line>) {
        let width = width.max(1);
        let max_gutter = width - min_text_width(width);
        if let (true, Some(shared)) = (with_gap, self.gap) {
            let shared = &self.gutter[..shared.min(self.gutter.len())];
            let mut spans = gutter_spans(shared, false, max_gutter);
            // Trailing spaces of an indentation are invisible; drop them.
            while let Some(last) = spans.last_mut() {
                let trimmed = last.text.trim_end().len();
                if trimmed == 0 {
                    spans.pop();
                } else {
                    last.text.truncate(trimmed);
                    break;
                }
            }
            out.push(Line { spans });
        }
        let first = gutter_spans(&self.gutter, true, max_gutter);
        let rest = gutter_spans(&self.gutter, false, max_gutter);
        let text_width = width - spans_width(&first).max(spans_width(&rest));
        let body = self.body(text_width);
        let start = out.len();
        for (i, spans) in body.into_iter().enumerate() {
            out.push(with_gutter(if i == 0 { &first } else { &rest }, spans));
        }
        if out.len() == start {
            // An empty list item still shows its bullet.
            out.push(with_gutter(&first, Vec::new()));
        }
        // Belt and braces: the invariant holds even if a width rule above is wrong somewhere.
        for line in &mut out[start..] {
            if line.width() > width {
                #[cfg(test)]
                panic!("line wider than {width}: {line:?}");
                #[cfg(not(test))]
                {
                    line.spans = truncate_spans(&line.spans, width);
                }
            }
        }
    }

    fn body(&self, width: usize) -> Vec<Vec<Span>> {
        match &self.kind {
            Kind::Para(spans) => wrap_spans(spans, width),
            Kind::Heading(level, spans) => {
                let mut lines = wrap_spans(spans, width);
                if let Some(ch) = underline(*level) {
                    let w = lines.iter().map(|l| spans_width(l)).max().unwrap_or(0);
                    if w > 0 {
                        let n = w.min(width) / str_width(ch).max(1);
                        lines.push(vec![Span::new(ch.repeat(n), Look::DIM)]);
                    }
                }
                lines
            }
            Kind::Verbatim(lines, look) => lines
                .iter()
                .flat_map(|l| hard_break(l, width))
                .map(|piece| {
                    if piece.is_empty() {
                        Vec::new()
                    } else {
                        vec![Span::new(piece, *look)]
                    }
                })
                .collect(),
            Kind::Rule => vec![vec![Span::new("─".repeat(width), Look::DIM)]],
            Kind::Table(table) => table.layout(width),
        }
    }

    /// The readable text of the block, without chrome (dim spans): for word and keyword counts.
    pub fn plain_text(&self, out: &mut String) {
        match &self.kind {
            Kind::Para(spans) | Kind::Heading(_, spans) => push_spans_text(spans, out),
            Kind::Verbatim(lines, _) => {
                for (i, l) in lines.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str(l);
                }
            }
            Kind::Rule => {}
            Kind::Table(table) => table.plain_text(out),
        }
    }
}

/// Appends the non-chrome text of `spans`; hard breaks become newlines.
pub(crate) fn push_spans_text(spans: &[Span], out: &mut String) {
    for s in spans {
        if s.look.dim {
            continue;
        }
        out.push_str(&s.text);
    }
}
