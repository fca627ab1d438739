//! Plain text to blocks: paragraphs are separated by blank lines and re-wrapped; indented lines
//! (code, tables drawn with spaces, poems) are kept as written.

use super::block::{Block, Kind};
use super::{Look, Span};
use crate::sanitize::sanitize;

fn is_indented(line: &str) -> bool {
    line.starts_with([' ', '\t'])
}

/// Lines that start a list item keep their own line: `- a`, `* a`, `• a`, `1. a`, `2) a`.
fn starts_item(line: &str) -> bool {
    if line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("• ")
        || line.starts_with("+ ")
    {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && digits < 10
        && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

struct Builder {
    blocks: Vec<Block>,
    para: String,
    pre: Vec<String>,
    /// A blank line was seen since the last block.
    gap: bool,
}

impl Builder {
    fn push(&mut self, kind: Kind) {
        let gap = self.gap.then_some(0);
        self.blocks.push(Block {
            gutter: Vec::new(),
            gap,
            kind,
        });
        self.gap = false;
    }

    fn flush_para(&mut self) {
        if !self.para.is_empty() {
            let text = sanitize(&self.para).into_owned();
            self.para.clear();
            self.push(Kind::Para(vec![Span::new(text, Look::default())]));
        }
    }

    fn flush_pre(&mut self) {
        if !self.pre.is_empty() {
            let lines = std::mem::take(&mut self.pre);
            self.push(Kind::Verbatim(lines, Look::default()));
        }
    }
}

pub(crate) fn parse(src: &str) -> Vec<Block> {
    let mut b = Builder {
        blocks: Vec::new(),
        para: String::new(),
        pre: Vec::new(),
        gap: true,
    };
    let mut lines = src
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .peekable();
    // Whether the current line is the first of its paragraph-chunk (after a blank line).
    let mut chunk_start = true;
    while let Some(line) = lines.next() {
        if line.trim().is_empty() {
            b.flush_para();
            b.flush_pre();
            b.gap = true;
            chunk_start = true;
            continue;
        }
        let next_is_text = lines
            .peek()
            .is_some_and(|n| !n.trim().is_empty() && !is_indented(n));
        // A first-line indent followed by text is a paragraph, not preformatted text.
        let pre = is_indented(line) && !(chunk_start && next_is_text);
        chunk_start = false;
        if pre {
            b.flush_para();
            b.pre.push(sanitize(line).trim_end().to_owned());
        } else {
            b.flush_pre();
            if starts_item(line) {
                b.flush_para();
            }
            if !b.para.is_empty() {
                b.para.push(' ');
            }
            b.para.push_str(line.trim());
        }
    }
    b.flush_para();
    b.flush_pre();
    b.blocks
}
