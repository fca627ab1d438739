//! The open article: what is laid out of it, the scroll position and search.
//!
//! A body is a [`LazyDocument`]: chunks parsed and laid out only when shown. The reader sees a
//! list of *segments*: segment 0 is the header (title, byline, an error), segment `k + 1` is
//! chunk `k`. A segment not laid out yet counts as an estimate of its height; laying it out
//! replaces the estimate with the real count. Line numbers (`scroll`) are positions in that
//! list, so they shift when a segment *before* the view is laid out: the reader keeps that shift
//! aside ([`Reader::top`] is `scroll` plus it) and folds it into `scroll` on the next change, so
//! what is on screen never jumps. Laid-out lines are cached per width (a bounded number of
//! segments; the exact counts are kept) and dropped on resize.
//!
//! Drawing lays out what it shows, plus a screenful before and after (so that a line or page
//! step lands on laid-out text); [`Reader::max_scroll`] lays out the end, so `G` lands on the real
//! last line. The position indicator marks an estimated total with `~` and, while anything is
//! estimated, gives the percentage by bytes of the body rather than by lines.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::fold::fold;
use crate::highlight::Highlighter;
use crate::library::{Article, Format};
use crate::sanitize::sanitize;
use crate::text::{Document, LazyDocument, Line, Look, SINGLE_CHUNK_MAX, Span};

/// Words a minute used for the reading time shown in the sidebar.
const WORDS_PER_MINUTE: usize = 230;
/// Laid-out segments kept per width.
const CACHED_SEGMENTS: usize = 48;
/// Parsed chunks kept (they do not depend on the width).
const CACHED_PARSES: usize = 12;
/// Bytes of a huge body the sidebar's counts look at (the rest is extrapolated).
pub const STATS_SAMPLE: usize = 1 << 20;
/// Bytes of body a search looks through for one key before it stops and says how far it got.
pub const SEARCH_BUDGET: usize = 8 << 20;

/// Where a hit is: segment, line in the segment, byte in the line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct HitAt {
    pub segment: usize,
    pub line: usize,
    pub byte: usize,
}

/// A line to draw, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub segment: usize,
    pub line: usize,
    pub text: Line,
}

/// What the position indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// First and last line shown, 1-based (0 when there is nothing).
    pub first: usize,
    pub last: usize,
    pub total: usize,
    /// Part of the total is an estimate.
    pub approx: bool,
    /// How far the last shown line is into the body, 0..=100.
    pub percent: usize,
}

/// The result of looking for a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Hit(HitAt),
    None,
    /// The budget ran out; `next` continues where it stopped.
    Stopped(Resume),
}

/// A search that ran out of budget, to be continued by the next `n`/`N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    pub from: HitAt,
    pub inclusive: bool,
    pub forward: bool,
    /// Segments visited so far.
    pub visit: usize,
    /// How far through the body it got, 0..=100.
    pub percent: usize,
}

#[derive(Debug, Clone, Default)]
struct View {
    width: u16,
    header: Arc<Vec<Line>>,
    /// The body's first block repeats the title: not shown.
    skip_title: bool,
    /// Lines per segment: exact where `exact`, else an estimate.
    counts: Vec<usize>,
    exact: Vec<bool>,
    lines: HashMap<usize, Arc<Vec<Line>>>,
    lru: VecDeque<usize>,
    /// Lines laid out before the top since `scroll` was last set: top = scroll + shift.
    shift: isize,
}

impl View {
    fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    fn start(&self, segment: usize) -> usize {
        self.counts.iter().take(segment).sum()
    }

    fn approx(&self) -> bool {
        self.exact.iter().any(|e| !e)
    }

    /// The segment holding line `line`, and the line in it (the last line when past the end).
    fn locate(&self, line: usize) -> (usize, usize) {
        let mut at = 0;
        for (segment, &count) in self.counts.iter().enumerate() {
            if line < at + count {
                return (segment, line - at);
            }
            at += count;
        }
        let last = self.counts.iter().rposition(|&c| c > 0).unwrap_or_default();
        (
            last,
            self.counts
                .get(last)
                .copied()
                .unwrap_or(0)
                .saturating_sub(1),
        )
    }
}

#[derive(Debug, Clone, Default)]
struct Parses {
    docs: HashMap<usize, Arc<Document>>,
    lru: VecDeque<usize>,
}

#[derive(Debug, Clone, Default)]
struct Cache {
    view: View,
    parses: Parses,
}

impl Cache {
    fn parsed(&mut self, doc: &LazyDocument, chunk: usize) -> Arc<Document> {
        let p = &mut self.parses;
        if let Some(d) = p.docs.get(&chunk) {
            let d = d.clone();
            touch(&mut p.lru, chunk);
            return d;
        }
        let d = Arc::new(doc.parse_chunk(chunk));
        p.docs.insert(chunk, d.clone());
        p.lru.push_back(chunk);
        while p.lru.len() > CACHED_PARSES {
            if let Some(old) = p.lru.pop_front() {
                p.docs.remove(&old);
            }
        }
        d
    }

    /// The lines of `segment`, laid out if need be. When `segment` lies before `top_segment`
    /// and its count changes, the shift keeps the top where it is.
    fn ensure(&mut self, doc: &LazyDocument, segment: usize, top_segment: usize) -> Arc<Vec<Line>> {
        if segment == 0 {
            return self.view.header.clone();
        }
        if let Some(lines) = self.view.lines.get(&segment) {
            let lines = lines.clone();
            touch(&mut self.view.lru, segment);
            return lines;
        }
        let chunk = segment - 1;
        let parsed = self.parsed(doc, chunk);
        let skip = usize::from(chunk == 0 && self.view.skip_title);
        let lines = Arc::new(doc.layout_chunk(chunk, &parsed, skip, self.view.width));
        let v = &mut self.view;
        if let Some(count) = v.counts.get_mut(segment) {
            let delta = lines.len() as isize - *count as isize;
            if segment < top_segment {
                v.shift += delta;
            }
            *count = lines.len();
        }
        if let Some(e) = v.exact.get_mut(segment) {
            *e = true;
        }
        v.lines.insert(segment, lines.clone());
        v.lru.push_back(segment);
        while v.lru.len() > CACHED_SEGMENTS {
            if let Some(old) = v.lru.pop_front() {
                v.lines.remove(&old);
            }
        }
        lines
    }
}

/// The cache, for a reader borrowed mutably (no locking needed).
fn cache_of(cache: &mut Mutex<Cache>) -> &mut Cache {
    cache.get_mut().unwrap_or_else(PoisonError::into_inner)
}

fn touch(lru: &mut VecDeque<usize>, key: usize) {
    if let Some(i) = lru.iter().position(|&k| k == key) {
        lru.remove(i);
    }
    lru.push_back(key);
}

#[derive(Debug)]
pub struct Reader {
    /// Index into the library's articles.
    pub article: usize,
    pub doc: LazyDocument,
    /// Width laid out for (0 before the first layout).
    pub width: u16,
    /// First line shown, as last set; see [`Reader::top`].
    pub scroll: usize,
    /// The text searched with `/` in the reader ("" when none).
    pub search: String,
    /// The hit `n`/`N` moved to last.
    pub current_hit: Option<HitAt>,
    /// A search that ran out of budget, continued by the next `n`/`N`.
    pub resume: Option<Resume>,
    /// Why the body could not be read, shown in place of it.
    pub error: Option<String>,
    /// Laid-out lines and parsed chunks: filled in while drawing (which reads the app only),
    /// so behind a lock (uncontended; a Mutex rather than a RefCell keeps the app `Sync`).
    cache: Mutex<Cache>,
}

/// Counts shown in the sidebar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub words: usize,
    pub minutes: usize,
    /// Hits per keyword rule, in rule order.
    pub hits: Vec<usize>,
    /// Counted on a sample of a huge body: words extrapolated (markup included), hits at least.
    pub approx: bool,
}

impl Stats {
    /// Exact counts over the text a reader sees.
    pub fn of(doc: &Document, highlighter: &Highlighter) -> Stats {
        let text = doc.plain_text();
        Self::from_text(&text, highlighter, 1, 1, false)
    }

    /// Counts for a body of any size, in bounded time: exact for bodies that are one chunk,
    /// else counted over the first [`STATS_SAMPLE`] bytes of the source (markup and all), words
    /// scaled to the whole, keyword hits as a lower bound.
    pub fn of_body(doc: &LazyDocument, highlighter: &Highlighter) -> Stats {
        Self::of_source(doc.source(), doc.is_markdown(), highlighter)
    }

    /// Like [`Self::of_body`], straight from the source (no chunking).
    pub fn of_source(src: &str, markdown: bool, highlighter: &Highlighter) -> Stats {
        if src.len() <= SINGLE_CHUNK_MAX {
            let doc = if markdown {
                Document::markdown(src)
            } else {
                Document::plain(src)
            };
            return Self::of(&doc, highlighter);
        }
        let mut end = STATS_SAMPLE.min(src.len());
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        Self::from_text(&src[..end], highlighter, src.len(), end.max(1), true)
    }

    fn from_text(text: &str, hl: &Highlighter, scale: usize, of: usize, approx: bool) -> Stats {
        let words = text.split_whitespace().count();
        let words = (words as u128 * scale as u128 / of as u128) as usize;
        Stats {
            words,
            minutes: words.div_ceil(WORDS_PER_MINUTE).max(1),
            hits: hl.count(text),
            approx,
        }
    }
}

/// A body as the lazy document its format says.
pub fn document(article: &Article, body: impl Into<String>) -> LazyDocument {
    match article.format {
        Format::Markdown => LazyDocument::markdown(body),
        Format::Text => LazyDocument::plain(body),
    }
}

impl Clone for Reader {
    fn clone(&self) -> Self {
        Reader {
            article: self.article,
            doc: self.doc.clone(),
            width: self.width,
            scroll: self.scroll,
            search: self.search.clone(),
            current_hit: self.current_hit,
            resume: self.resume,
            error: self.error.clone(),
            cache: Mutex::new(self.lock().clone()),
        }
    }
}

impl Reader {
    fn lock(&self) -> MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn new(article_index: usize, article: &Article, body: Result<String, String>) -> Reader {
        let (doc, error) = match body {
            Ok(body) => (document(article, body), None),
            Err(e) => (document(article, ""), Some(e)),
        };
        Reader {
            article: article_index,
            doc,
            width: 0,
            scroll: 0,
            search: String::new(),
            current_hit: None,
            resume: None,
            error,
            cache: Mutex::new(Cache::default()),
        }
    }

    /// Lays the article out for `width` columns (lazily: the caches are dropped and heights
    /// estimated), keeping the reading position: the same segment, at the same fraction of it.
    pub fn layout(&mut self, article: &Article, width: u16) {
        if width == self.width && self.width > 0 {
            return;
        }
        let top = self.top();
        let cache = cache_of(&mut self.cache);
        let old = (cache.view.width > 0).then(|| {
            let (segment, line) = cache.view.locate(top);
            let count = cache.view.counts.get(segment).copied().unwrap_or(1).max(1);
            (segment, line as f64 / count as f64)
        });
        let mut header = header(article, width);
        if let Some(error) = &self.error {
            let look = Look {
                strong: true,
                ..Look::default()
            };
            for part in wrap_fitting(&sanitize(error), usize::from(width.max(1))) {
                header.push(Line {
                    spans: vec![Span { text: part, look }],
                });
            }
        }
        let first = cache.parsed(&self.doc, 0);
        let skip_title = starts_with_title(&first, article.title());
        if skip_title {
            // The header already shows the title: the body starts after its own copy (whose
            // layout begins with a separating blank line, so the header's goes).
            header.pop();
        }
        let chunks = self.doc.len_chunks();
        let mut counts = Vec::with_capacity(chunks + 1);
        counts.push(header.len());
        counts.extend((0..chunks).map(|i| self.doc.estimate_lines(i, width)));
        let mut exact = vec![false; chunks + 1];
        exact[0] = true;
        cache.view = View {
            width,
            header: Arc::new(header),
            skip_title,
            counts,
            exact,
            ..View::default()
        };
        self.width = width;
        self.scroll = 0;
        self.current_hit = None;
        self.resume = None;
        if let Some((segment, fraction)) = old {
            cache.ensure(&self.doc, segment, segment);
            let count = cache.view.counts.get(segment).copied().unwrap_or(0);
            let line = ((fraction * count as f64) as usize).min(count.saturating_sub(1));
            self.scroll = cache.view.start(segment) + line;
        }
        // The first screen is there before it is drawn.
        let top = self.top();
        let (segment, _) = cache_of(&mut self.cache).view.locate(top);
        cache_of(&mut self.cache).ensure(&self.doc, segment, segment);
    }

    /// The first line shown: `scroll` plus whatever was laid out above it since.
    pub fn top(&self) -> usize {
        let shift = self.lock().view.shift;
        self.scroll.saturating_add_signed(shift)
    }

    /// Folds the shift into `scroll`.
    fn settle(&mut self) {
        self.scroll = self.top();
        cache_of(&mut self.cache).view.shift = 0;
    }

    /// Lines in all, laid out or estimated.
    pub fn total_lines(&self) -> usize {
        self.lock().view.total()
    }

    /// The largest `scroll` for a pane `height` lines high. Lays out the end of the article, so
    /// that the bottom is exact; settles the shift so `scroll` can be changed right after.
    pub fn max_scroll(&mut self, height: usize) -> usize {
        let height = height.max(1);
        self.settle();
        let top = self.top();
        let cache = cache_of(&mut self.cache);
        let (top_segment, _) = cache.view.locate(top);
        let mut have = 0;
        for segment in (0..cache.view.counts.len()).rev() {
            if have >= height {
                break;
            }
            have += cache.ensure(&self.doc, segment, top_segment).len();
        }
        self.settle();
        self.total_lines().saturating_sub(height)
    }

    /// The lines to draw in a pane `height` lines high, laying out what they need (and a
    /// screenful around, for the next step).
    pub fn shown(&self, height: usize) -> Vec<Shown> {
        let mut cache = self.lock();
        let cache = &mut *cache;
        if cache.view.width == 0 || height == 0 {
            return Vec::new();
        }
        let total = cache.view.total();
        let mut top = self.scroll.saturating_add_signed(cache.view.shift);
        if top >= total {
            top = total.saturating_sub(height);
            cache.view.shift = top as isize - self.scroll as isize;
        }
        let (top_segment, top_line) = cache.view.locate(top);
        let mut out = Vec::with_capacity(height);
        let (mut segment, mut line) = (top_segment, top_line);
        let segments = cache.view.counts.len();
        let mut after = 0;
        while segment < segments && after < height {
            let lines = cache.ensure(&self.doc, segment, top_segment);
            for (i, l) in lines.iter().enumerate().skip(line) {
                if out.len() < height {
                    out.push(Shown {
                        segment,
                        line: i,
                        text: l.clone(),
                    });
                } else {
                    after += 1;
                }
            }
            segment += 1;
            line = 0;
        }
        // A screenful above, for scrolling back.
        let mut before = top_line;
        for s in (0..top_segment).rev() {
            if before >= height {
                break;
            }
            before += cache.ensure(&self.doc, s, top_segment).len();
        }
        out
    }

    /// What the position indicator says for a pane `height` lines high (after [`Self::shown`]).
    pub fn position(&self, height: usize) -> Position {
        let top = self.top();
        let cache = self.lock();
        let v = &cache.view;
        let total = v.total();
        let last = (top + height).min(total);
        let approx = v.approx();
        let percent = if !approx || total == 0 {
            last * 100 / total.max(1)
        } else if last == 0 {
            0
        } else {
            let (segment, line) = v.locate(last - 1);
            let byte = match segment
                .checked_sub(1)
                .and_then(|c| self.doc.chunks().get(c))
            {
                Some(c) => {
                    let count = v.counts.get(segment).copied().unwrap_or(1).max(1);
                    c.range.start + c.range.len() * (line + 1) / count
                }
                None => 0,
            };
            byte * 100 / self.doc.source().len().max(1)
        };
        Position {
            first: (top + 1).min(total),
            last,
            total,
            approx,
            percent: percent.min(100),
        }
    }

    /// Where the top of the view is, as a search starting point.
    pub fn top_hit(&self) -> HitAt {
        let top = self.top();
        let (segment, line) = self.lock().view.locate(top);
        HitAt {
            segment,
            line,
            byte: 0,
        }
    }

    /// The line `hit` is on, as a line number (`scroll` coordinates after [`Self::settle`]).
    pub fn line_of(&mut self, hit: HitAt) -> usize {
        self.settle();
        cache_of(&mut self.cache).view.start(hit.segment) + hit.line
    }

    /// Every hit of `highlighter` in the laid-out lines of `segment`, in order.
    fn segment_hits(
        &mut self,
        highlighter: &Highlighter,
        segment: usize,
        top_segment: usize,
    ) -> Vec<HitAt> {
        let lines = cache_of(&mut self.cache).ensure(&self.doc, segment, top_segment);
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let text = line.text();
            out.extend(highlighter.find(&text).into_iter().map(|h| HitAt {
                segment,
                line: i,
                byte: h.start,
            }));
        }
        out
    }

    /// Whether segment `segment` may hold a hit, judged on its source without laying it out.
    fn may_hold(&self, prefilter: &Highlighter, segment: usize) -> bool {
        if segment == 0 || self.lock().view.lines.contains_key(&segment) {
            return true;
        }
        !prefilter
            .find(self.doc.chunk_source(segment - 1))
            .is_empty()
    }

    /// The next (or previous) hit from `from` (at it too when `inclusive`), going round the end.
    /// Segments whose source has no match of `prefilter` are skipped without being laid out
    /// (so a phrase split by markup in the source can be missed there); after `budget` bytes of
    /// body it stops and says where.
    pub fn find(
        &mut self,
        highlighter: &Highlighter,
        prefilter: &Highlighter,
        start: Resume,
        budget: usize,
    ) -> Found {
        let Resume {
            from,
            inclusive,
            forward,
            ..
        } = start;
        let n = cache_of(&mut self.cache).view.counts.len();
        if n == 0 {
            return Found::None;
        }
        let top_segment = self.top_hit().segment;
        let origin = from.segment.min(n - 1);
        let mut spent = 0;
        for visit in start.visit..=n {
            let segment = if forward {
                (origin + visit) % n
            } else {
                (origin + n * 2 - visit) % n
            };
            if spent >= budget {
                let percent = visit * 100 / n;
                return Found::Stopped(Resume {
                    visit,
                    percent,
                    ..start
                });
            }
            if segment > 0 {
                spent += self.doc.chunk_source(segment - 1).len();
            }
            if !self.may_hold(prefilter, segment) {
                continue;
            }
            let hits = self.segment_hits(highlighter, segment, top_segment);
            let pick = if visit == 0 {
                let ok = |h: &HitAt| match (forward, inclusive) {
                    (true, true) => *h >= from,
                    (true, false) => *h > from,
                    (false, true) => *h <= from,
                    (false, false) => *h < from,
                };
                if forward {
                    hits.into_iter().find(ok)
                } else {
                    hits.into_iter().rev().find(ok)
                }
            } else if forward {
                hits.first().copied()
            } else {
                hits.last().copied()
            };
            if let Some(hit) = pick {
                return Found::Hit(hit);
            }
        }
        Found::None
    }

    /// Every hit, in order, when the whole article is one chunk (cheap then); None otherwise.
    pub fn all_hits(&mut self, highlighter: &Highlighter) -> Option<Vec<HitAt>> {
        if self.doc.len_chunks() > 1 {
            return None;
        }
        let top_segment = self.top_hit().segment;
        let n = cache_of(&mut self.cache).view.counts.len();
        Some(
            (0..n)
                .flat_map(|s| self.segment_hits(highlighter, s, top_segment))
                .collect(),
        )
    }

    /// How far into the body `hit` is, 0..=100 (by bytes, to the chunk).
    pub fn percent_of(&self, hit: HitAt) -> usize {
        let byte = hit
            .segment
            .checked_sub(1)
            .and_then(|c| self.doc.chunks().get(c))
            .map_or(0, |c| c.range.start);
        byte * 100 / self.doc.source().len().max(1)
    }

    /// The sidebar's counts for this article.
    pub fn stats(&self, highlighter: &Highlighter) -> Stats {
        if self.doc.source().len() <= SINGLE_CHUNK_MAX {
            let first = self.lock().parsed(&self.doc, 0);
            return Stats::of(&first, highlighter);
        }
        Stats::of_body(&self.doc, highlighter)
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

/// `text` wrapped at words (textwrap), each piece then broken so it fits `width` exactly
/// (textwrap lets a wide character overflow a very narrow width).
fn wrap_fitting(text: &str, width: usize) -> Vec<String> {
    textwrap::wrap(text, textwrap::Options::new(width).break_words(true))
        .into_iter()
        .flat_map(|part| {
            if crate::text::str_width(&part) <= width {
                vec![part.into_owned()]
            } else {
                crate::text::break_to_width(&part, width)
            }
        })
        .collect()
}

/// The title, then `authors · date · source`, then a blank line.
fn header(article: &Article, width: u16) -> Vec<Line> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    let title = sanitize(article.title()).into_owned();
    let title_look = Look {
        heading: 1,
        ..Look::default()
    };
    for part in wrap_fitting(&title, width) {
        lines.push(Line {
            spans: vec![Span {
                text: part,
                look: title_look,
            }],
        });
    }
    let mut meta: Vec<String> = Vec::new();
    if !article.authors().is_empty() {
        meta.push(article.authors().join(", "));
    }
    if let Some(date) = article.date {
        meta.push(date.to_string());
    }
    if let Some(source) = article.source() {
        meta.push(source.to_string());
    }
    if !meta.is_empty() {
        let meta = sanitize(&meta.join(" · ")).into_owned();
        let dim = Look {
            dim: true,
            ..Look::default()
        };
        for part in wrap_fitting(&meta, width) {
            lines.push(Line {
                spans: vec![Span {
                    text: part,
                    look: dim,
                }],
            });
        }
    }
    lines.push(Line::default());
    lines
}

/// What a search checks a chunk's source with before laying it out: its longest word (a word is
/// rarely split by markup, a phrase often is: `**Kuril** Islands`).
pub fn prefilter(search: &str) -> Option<Highlighter> {
    let word = search.split_whitespace().max_by_key(|w| w.len())?;
    Highlighter::new(vec![
        crate::highlight::Rule::word(word).with_mode(crate::highlight::MatchMode::Anywhere),
    ])
    .ok()
}
