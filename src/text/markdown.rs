//! Markdown to blocks, through pulldown-cmark's event stream in one pass.

use std::collections::HashMap;

use pulldown_cmark::{
    Alignment, BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use super::block::{Block, Kind, Part};
use super::html;
use super::table::{Align, Table};
use super::wrap::HARD_BREAK;
use super::{Look, Span};
use crate::sanitize::sanitize;

/// List bullets by nesting level.
const BULLETS: [&str; 3] = ["•", "◦", "▪"];

/// Whatever the block being built sits in; each draws part of the gutter.
#[derive(Debug)]
enum Container {
    Quote {
        id: u32,
    },
    List {
        id: u32,
        ordered: bool,
        next: u64,
        /// Items hold paragraphs (blank lines between items in the source): blank lines between
        /// blocks here too.
        loose: bool,
        /// The first block of the list, for aligning numbers when it ends.
        first_block: usize,
    },
    /// A list item or a footnote definition: a marker on its first line, then indentation.
    Marked {
        id: u32,
        marker: String,
        used: bool,
        /// The ordered list and number, if any.
        list: Option<(u32, u64)>,
    },
}

/// A footnote definition being read: its blocks go aside, and the containers around it are put
/// back when it ends.
struct Note {
    number: usize,
    blocks: Vec<Block>,
    outer: Vec<Container>,
    quotes: usize,
    want_gap: bool,
}

/// A table being read.
#[derive(Default)]
struct TableState {
    table: Table,
    row: Vec<Vec<Span>>,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// Footnote definitions by number, laid out at the end.
    notes: Vec<(usize, Vec<Block>)>,
    /// The definition being read: its blocks, and the state outside it.
    note: Option<Note>,
    stack: Vec<Container>,
    next_id: u32,
    /// Whether the next block gets a blank line before it.
    want_gap: bool,
    /// Inline text of the paragraph, heading, item or cell being read.
    inline: Vec<Span>,
    quotes: usize,
    emphasis: u32,
    strong: u32,
    strike: u32,
    link: u32,
    image: u32,
    heading: u8,
    links: Vec<String>,
    link_numbers: HashMap<String, usize>,
    /// Open links: whether each gets a number when it ends (autolinks show their URL already).
    open_links: Vec<Option<String>>,
    footnotes: HashMap<String, usize>,
    code: Option<String>,
    html: Option<String>,
    table: Option<TableState>,
}

/// Parses Markdown into blocks: the body, then footnotes, then the list of links.
pub(crate) fn parse(src: &str) -> Vec<Block> {
    parse_with(src, None)
}

/// Like [`parse`]; `refs` resolves reference links whose definition is not in `src` (a chunk of a
/// bigger body), by normalized label.
pub(crate) fn parse_with(src: &str, refs: Option<&HashMap<String, String>>) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut b = Builder {
        want_gap: true,
        ..Builder::default()
    };
    let resolve = |link: BrokenLink<'_>| {
        let url = refs?.get(&super::lazy::normalize_label(&link.reference))?;
        Some((CowStr::from(url.clone()), CowStr::from("")))
    };
    for event in Parser::new_with_broken_link_callback(src, options, Some(resolve)) {
        b.event(event);
    }
    b.finish()
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
        Alignment::Left | Alignment::None => Align::Left,
    }
}

/// Text from the document, made safe: line ends become spaces, controls visible glyphs.
fn clean(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        sanitize(&text.replace(['\n', '\r'], " ")).into_owned()
    } else {
        sanitize(text).into_owned()
    }
}

impl Builder {
    fn fresh_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn look(&self) -> Look {
        Look {
            heading: self.heading,
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            strike: self.strike > 0,
            code: false,
            link: self.link > 0,
            quote: self.quotes > 0,
            dim: self.image > 0,
        }
    }

    /// Appends already-safe text to the inline buffer, merging with a span of the same look.
    fn push_raw(&mut self, text: &str, look: Look) {
        if text.is_empty() {
            return;
        }
        match self.inline.last_mut() {
            Some(last) if last.look == look && last.text != HARD_BREAK => last.text.push_str(text),
            _ => self.inline.push(Span::new(text, look)),
        }
    }

    fn push_text(&mut self, text: &str, look: Look) {
        let text = clean(text);
        self.push_raw(&text, look);
    }

    fn target(&mut self) -> &mut Vec<Block> {
        match &mut self.note {
            Some(note) => &mut note.blocks,
            None => &mut self.blocks,
        }
    }

    /// Whether blocks in the innermost container are set apart by blank lines.
    fn context_gap(&self) -> bool {
        let mut lists = self.stack.iter().rev();
        match lists.next() {
            Some(Container::Marked { .. }) => match lists.next() {
                Some(Container::List { loose, .. }) => *loose,
                _ => true,
            },
            Some(Container::List { loose, .. }) => *loose,
            _ => true,
        }
    }

    /// The gutter for a new block; marks items as having shown their marker.
    fn gutter(&mut self) -> Vec<Part> {
        let mut parts = Vec::new();
        for c in &mut self.stack {
            match c {
                Container::Quote { id } => parts.push(Part::new("│ ", "│ ", Look::DIM, *id)),
                Container::List { .. } => {}
                Container::Marked {
                    id,
                    marker,
                    used,
                    list,
                } => {
                    let indent = " ".repeat(super::str_width(marker));
                    let first = if *used {
                        indent.clone()
                    } else {
                        marker.clone()
                    };
                    let mut part = Part::new(first, indent, Look::DIM, *id);
                    part.list = list.map(|(l, n)| (l, (!*used).then_some(n)));
                    *used = true;
                    parts.push(part);
                }
            }
        }
        parts
    }

    fn push_block(&mut self, kind: Kind, extra: Option<Part>) {
        let mut gutter = self.gutter();
        gutter.extend(extra);
        let want_gap = self.want_gap;
        let target = self.target();
        let gap = want_gap.then(|| match target.last() {
            Some(prev) => prev
                .gutter
                .iter()
                .zip(&gutter)
                .take_while(|(a, b)| a.id == b.id)
                .count(),
            None => 0,
        });
        target.push(Block { gutter, gap, kind });
        self.want_gap = self.context_gap();
    }

    /// Ends the paragraph or loose item text being read, if any.
    fn flush(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.inline);
        if spans.iter().all(|s| s.text.trim().is_empty()) {
            return;
        }
        self.push_block(Kind::Para(spans), None);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(&text);
                } else if let Some(html) = &mut self.html {
                    html.push_str(&text);
                } else {
                    self.push_text(&text, self.look());
                }
            }
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                let look = Look {
                    code: true,
                    ..self.look()
                };
                self.push_text(&text, look);
            }
            Event::Html(text) => match &mut self.html {
                Some(html) => html.push_str(&text),
                None => self.inline_html(&text),
            },
            Event::InlineHtml(text) => self.inline_html(&text),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                self.push_raw(&format!("[^{n}]"), Look::DIM);
            }
            Event::SoftBreak => self.push_raw(" ", self.look()),
            Event::HardBreak => self.inline.push(Span::new(HARD_BREAK, Look::default())),
            Event::Rule => {
                self.flush();
                self.push_block(Kind::Rule, None);
            }
            Event::TaskListMarker(done) => {
                self.push_raw(if done { "[x] " } else { "[ ] " }, Look::DIM);
            }
        }
    }

    fn inline_html(&mut self, tag: &str) {
        if html::is_break(tag) {
            self.inline.push(Span::new(HARD_BREAK, Look::default()));
        } else if !tag.trim_start().starts_with('<') {
            // Not a tag after all: keep its text.
            let text: String = html::paragraphs(tag).join(" ");
            self.push_text(&text, self.look());
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_owned()).or_insert(next)
    }

    fn link_number(&mut self, url: String) -> usize {
        if let Some(&n) = self.link_numbers.get(&url) {
            return n;
        }
        self.links.push(url.clone());
        let n = self.links.len();
        self.link_numbers.insert(url, n);
        n
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                if let [.., Container::List { loose, .. }, Container::Marked { .. }] =
                    self.stack.as_mut_slice()
                {
                    *loose = true;
                }
            }
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = level as u8;
            }
            Tag::BlockQuote(_) => {
                self.flush();
                let id = self.fresh_id();
                self.stack.push(Container::Quote { id });
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                let id = self.fresh_id();
                let first_block = self.target().len();
                self.stack.push(Container::List {
                    id,
                    ordered: start.is_some(),
                    next: start.unwrap_or(1),
                    loose: false,
                    first_block,
                });
            }
            Tag::Item => {
                self.flush();
                let depth = self
                    .stack
                    .iter()
                    .filter(|c| matches!(c, Container::List { .. }))
                    .count();
                let (marker, list) = match self.stack.last_mut() {
                    Some(Container::List {
                        id,
                        ordered: true,
                        next,
                        ..
                    }) => {
                        let n = *next;
                        *next = next.saturating_add(1);
                        (format!("{n}. "), Some((*id, n)))
                    }
                    _ => {
                        let bullet = BULLETS[depth.saturating_sub(1) % BULLETS.len()];
                        (format!("{bullet} "), None)
                    }
                };
                let id = self.fresh_id();
                self.stack.push(Container::Marked {
                    id,
                    marker,
                    used: false,
                    list,
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                let n = self.footnote_number(&label);
                let outer = std::mem::take(&mut self.stack);
                self.note = Some(Note {
                    number: n,
                    blocks: Vec::new(),
                    outer,
                    quotes: self.quotes,
                    want_gap: self.want_gap,
                });
                self.quotes = 0;
                self.want_gap = false;
                let id = self.fresh_id();
                self.stack.push(Container::Marked {
                    id,
                    marker: format!("[^{n}] "),
                    used: false,
                    list: None,
                });
            }
            Tag::Table(aligns) => {
                self.flush();
                self.table = Some(TableState {
                    table: Table {
                        aligns: aligns.into_iter().map(align).collect(),
                        ..Table::default()
                    },
                    row: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.inline.clear(),
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.link += 1;
                let numbered = !matches!(link_type, LinkType::Autolink | LinkType::Email)
                    && !dest_url.trim().is_empty();
                self.open_links
                    .push(numbered.then(|| clean(&dest_url).trim().to_owned()));
            }
            Tag::Image { .. } => {
                self.push_raw("[image: ", Look::DIM);
                self.image += 1;
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.flush(),
            Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::DefinitionList
            | TagEnd::MetadataBlock(_) => self.flush(),
            TagEnd::Heading(_) => {
                let spans = std::mem::take(&mut self.inline);
                let level = self.heading;
                self.heading = 0;
                if spans.iter().any(|s| !s.text.trim().is_empty()) {
                    self.push_block(Kind::Heading(level, spans), None);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.stack.pop();
                self.quotes = self.quotes.saturating_sub(1);
                self.want_gap = self.context_gap();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                let code = code.strip_suffix('\n').unwrap_or(&code);
                let lines = code
                    .split('\n')
                    .map(|l| {
                        sanitize(l.strip_suffix('\r').unwrap_or(l))
                            .trim_end()
                            .to_owned()
                    })
                    .collect();
                let look = Look {
                    code: true,
                    quote: self.quotes > 0,
                    ..Look::default()
                };
                let indent = Part::new("  ", "  ", Look::default(), self.fresh_id());
                self.push_block(Kind::Verbatim(lines, look), Some(indent));
            }
            TagEnd::HtmlBlock => {
                let html = self.html.take().unwrap_or_default();
                for para in html::paragraphs(&html) {
                    self.push_text(&para, self.look());
                    self.flush();
                }
            }
            TagEnd::List(ordered) => {
                self.flush();
                let popped = self.stack.pop();
                if let (
                    true,
                    Some(Container::List {
                        id,
                        next,
                        first_block,
                        ..
                    }),
                ) = (ordered, popped)
                {
                    let digits = next.saturating_sub(1).max(1).to_string().len();
                    for block in &mut self.target()[first_block..] {
                        for part in &mut block.gutter {
                            if part.list.is_some_and(|(l, _)| l == id) {
                                part.align_number(digits);
                            }
                        }
                    }
                }
                self.want_gap = self.context_gap();
            }
            TagEnd::Item => {
                self.flush();
                if let Some(Container::Marked { used: false, .. }) = self.stack.last() {
                    // An empty item still shows its marker.
                    self.push_block(Kind::Para(Vec::new()), None);
                }
                self.stack.pop();
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                if let Some(note) = self.note.take() {
                    self.notes.push((note.number, note.blocks));
                    self.stack = note.outer;
                    self.quotes = note.quotes;
                    self.want_gap = note.want_gap;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Kind::Table(t.table), None);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.table.head = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.table.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(t) = &mut self.table {
                    t.row.push(cell);
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                self.link = self.link.saturating_sub(1);
                if let Some(Some(url)) = self.open_links.pop() {
                    let n = self.link_number(url);
                    self.push_raw(&format!("[{n}]"), Look::DIM);
                }
            }
            TagEnd::Image => {
                self.image = self.image.saturating_sub(1);
                match self.inline.last_mut() {
                    Some(last) if last.look == Look::DIM && last.text.ends_with("[image: ") => {
                        let len = last.text.len() - 2;
                        last.text.truncate(len);
                    }
                    _ => {}
                }
                self.push_raw("]", Look::DIM);
            }
            TagEnd::Superscript | TagEnd::Subscript => {}
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        let mut blocks = std::mem::take(&mut self.blocks);
        let mut notes = std::mem::take(&mut self.notes);
        notes.sort_by_key(|(n, _)| *n);
        let label = |text: &str| Block {
            gutter: Vec::new(),
            gap: Some(0),
            kind: Kind::Para(vec![Span::new(text, Look::DIM)]),
        };
        if !notes.is_empty() || !self.links.is_empty() {
            blocks.push(Block {
                gutter: Vec::new(),
                gap: Some(0),
                kind: Kind::Rule,
            });
        }
        if !notes.is_empty() {
            blocks.push(label("Footnotes"));
            for (_, note) in notes {
                blocks.extend(note);
            }
        }
        if !self.links.is_empty() {
            blocks.push(label("Links"));
            let digits = self.links.len().to_string().len();
            for (i, url) in self.links.iter().enumerate() {
                let marker = format!("[{:>digits$}] ", i + 1);
                let indent = " ".repeat(marker.len());
                blocks.push(Block {
                    gutter: vec![Part::new(marker, indent, Look::DIM, 0)],
                    gap: None,
                    kind: Kind::Para(vec![Span::new(url.as_str(), Look::DIM)]),
                });
            }
        }
        blocks
    }
}
