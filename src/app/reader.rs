//! The open article: its laid-out lines, scroll position and search.

use crate::fold::fold;
use crate::highlight::Highlighter;
use crate::library::{Article, Format};
use crate::sanitize::sanitize;
use crate::text::{Document, Line, Look, Span};

/// Words a minute used for the reading time shown in the sidebar.
const WORDS_PER_MINUTE: usize = 230;

#[derive(Debug, Clone)]
pub struct Reader {
    /// Index into the library's articles.
    pub article: usize,
    pub doc: Document,
    /// The title block and the body, laid out at `width`.
    pub lines: Vec<Line>,
    pub width: u16,
    /// First line shown.
    pub scroll: usize,
    /// The text searched with `/` in the reader ("" when none).
    pub search: String,
    /// The hit `n`/`N` moved to last: line and byte offset in that line's text.
    pub current_hit: Option<(usize, usize)>,
    /// Why the body could not be read, shown in place of it.
    pub error: Option<String>,
}

/// Counts shown in the sidebar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub words: usize,
    pub minutes: usize,
    /// Hits per keyword rule, in rule order.
    pub hits: Vec<usize>,
}

impl Stats {
    pub fn of(doc: &Document, highlighter: &Highlighter) -> Stats {
        let text = doc.plain_text();
        let words = text.split_whitespace().count();
        Stats {
            words,
            minutes: words.div_ceil(WORDS_PER_MINUTE).max(1),
            hits: highlighter.count(&text),
        }
    }
}

/// Parses a body the way its format says.
pub fn document(article: &Article, body: &str) -> Document {
    match article.format {
        Format::Markdown => Document::markdown(body),
        Format::Text => Document::plain(body),
    }
}

impl Reader {
    pub fn new(article_index: usize, article: &Article, body: Result<String, String>) -> Reader {
        let (doc, error) = match body {
            Ok(body) => (document(article, &body), None),
            Err(e) => (Document::default(), Some(e)),
        };
        Reader {
            article: article_index,
            doc,
            lines: Vec::new(),
            width: 0,
            scroll: 0,
            search: String::new(),
            current_hit: None,
            error,
        }
    }

    /// Lays the article out for `width` columns, keeping the reading position as a fraction.
    pub fn layout(&mut self, article: &Article, width: u16) {
        if width == self.width && !self.lines.is_empty() {
            return;
        }
        let old_len = self.lines.len().max(1);
        let mut lines = header(article, width);
        if let Some(error) = &self.error {
            lines.push(Line {
                spans: vec![Span {
                    text: sanitize(error).into_owned(),
                    look: Look {
                        strong: true,
                        ..Look::default()
                    },
                }],
            });
        }
        if starts_with_title(&self.doc, &article.title) {
            // The header already shows the title: the body starts after its own copy (whose
            // layout begins with a separating blank line, so the header's goes).
            lines.pop();
            lines.extend(self.doc.layout_blocks(1..self.doc.len_blocks(), width));
        } else {
            lines.extend(self.doc.layout(width));
        }
        self.scroll = self.scroll * lines.len() / old_len;
        self.lines = lines;
        self.width = width;
        self.current_hit = None;
    }

    /// The text of line `i`, as the highlighter sees it.
    pub fn line_text(&self, i: usize) -> String {
        self.lines
            .get(i)
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
            .unwrap_or_default()
    }

    /// Every hit of `highlighter` as (line, byte start), in reading order.
    pub fn hits(&self, highlighter: &Highlighter) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..self.lines.len() {
            let text = self.line_text(i);
            out.extend(highlighter.find(&text).into_iter().map(|h| (i, h.start)));
        }
        out
    }

    pub fn max_scroll(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height.max(1))
    }
}

/// Whether the body opens with a heading that repeats the title (common in blogs that keep the
/// title both in front matter and as `# Title`): the header shows it once.
fn starts_with_title(doc: &Document, title: &str) -> bool {
    let first = doc.layout_blocks(0..1, 1000);
    first.first().is_some_and(|line| {
        line.spans.iter().all(|s| s.look.heading > 0)
            && fold(line.text().trim()) == fold(&sanitize(title.trim()))
    })
}

/// The title, then `authors · date · source`, then a blank line.
fn header(article: &Article, width: u16) -> Vec<Line> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    let title = sanitize(&article.title).into_owned();
    let title_look = Look {
        heading: 1,
        ..Look::default()
    };
    for part in textwrap::wrap(&title, textwrap::Options::new(width).break_words(true)) {
        lines.push(Line {
            spans: vec![Span {
                text: part.into_owned(),
                look: title_look,
            }],
        });
    }
    let mut meta: Vec<String> = Vec::new();
    if !article.authors.is_empty() {
        meta.push(article.authors.join(", "));
    }
    if let Some(date) = article.date {
        meta.push(date.to_string());
    }
    if let Some(source) = &article.source {
        meta.push(source.clone());
    }
    if !meta.is_empty() {
        let meta = sanitize(&meta.join(" · ")).into_owned();
        let dim = Look {
            dim: true,
            ..Look::default()
        };
        for part in textwrap::wrap(&meta, textwrap::Options::new(width).break_words(true)) {
            lines.push(Line {
                spans: vec![Span {
                    text: part.into_owned(),
                    look: dim,
                }],
            });
        }
    }
    lines.push(Line::default());
    lines
}
