//! What quire knows about one article once its front matter is read.

use super::article_text::ArticleText;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// A calendar date as precise as the article gave it: `2013`, `2013-09` or `2013-09-16`.
/// Unknown parts are 0, so that ordering puts `2013` before `2013-01-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date {
    pub year: i32,
    /// 1..=12, or 0 when only the year is known.
    pub month: u8,
    /// 1..=31, or 0 when the day is not known.
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Self {
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: as precise as known, never invented.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (0, _) => write!(f, "{:04}", self.year),
            (m, 0) => write!(f, "{:04}-{:02}", self.year, m),
            (m, d) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// How the body is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Markdown,
    Text,
}

/// One article: its metadata, and where its body starts in the file (the body itself is read only
/// when the article is opened or searched, so that a large library starts fast).
///
/// Every text field lives in one string (`text`), with the ends of the parts beside it: with
/// 100,000 articles, one allocation each instead of a dozen halves the memory a load touches,
/// and fresh memory is most of what loading costs. An article taken from the cache keeps its
/// text where it is in the mapped file, and takes the path the walk made, so it needs no fresh
/// memory for either. Built from [`ArticleParts`].
#[derive(Clone, PartialEq)]
pub struct Article {
    path: Box<Path>,
    /// Title, authors, tags, source, url, summary, lang, extra: each list item (and each extra
    /// key and value) followed by [`ITEM_END`].
    text: ArticleText,
    /// Where each part but the last (extra) ends in `text`, in the order above.
    ends: [u32; EXTRA],
    /// Which optional fields are given (bits by part number): an empty value is not a missing one.
    given: u16,
    pub date: Option<Date>,
    /// Byte offset of the body: just past the closing fence, or 0 without front matter.
    pub body_offset: u64,
    /// File size in bytes when it was read.
    pub size: u64,
    pub format: Format,
}

/// Ends each list item in [`Article`]'s text: a control character, which field values never
/// hold (they are made one line); [`Article::new`] turns any into a space all the same.
pub const ITEM_END: char = '\u{1f}';

// The parts of an article's text, in order.
const TITLE: usize = 0;
const AUTHORS: usize = 1;
const TAGS: usize = 2;
const SOURCE: usize = 3;
const URL: usize = 4;
const SUMMARY: usize = 5;
const LANG: usize = 6;
const EXTRA: usize = 7;

/// An article's fields as separate values: what parsing makes and tests write, turned into an
/// [`Article`] by [`Article::new`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticleParts {
    pub path: PathBuf,
    pub title: String,
    /// `author` and `authors` merged, resolved through `authors.yml`, in order, no duplicates.
    pub authors: Vec<String>,
    pub date: Option<Date>,
    /// `tags`, `keywords`, `categories`, `category` merged, deduplicated ignoring case, as written.
    pub tags: Vec<String>,
    /// `source` or `publisher`.
    pub source: Option<String>,
    /// `url` or `link`.
    pub url: Option<String>,
    /// `summary` or `description`.
    pub summary: Option<String>,
    pub lang: Option<String>,
    /// Every other front-matter field, in file order, its value as one line of text.
    pub extra: Vec<(String, String)>,
    pub body_offset: u64,
    pub size: u64,
    pub format: Format,
}

/// The list items of one field (authors, tags), in order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Items<'a>(&'a str);

impl<'a> Items<'a> {
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    pub fn len(self) -> usize {
        memchr::memchr_iter(ITEM_END as u8, self.0.as_bytes()).count()
    }

    pub fn iter(self) -> std::str::SplitTerminator<'a, char> {
        self.0.split_terminator(ITEM_END)
    }

    pub fn first(self) -> Option<&'a str> {
        self.iter().next()
    }

    pub fn join(self, separator: &str) -> String {
        self.iter().collect::<Vec<_>>().join(separator)
    }

    pub fn to_vec(self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

impl<'a> IntoIterator for Items<'a> {
    type Item = &'a str;
    type IntoIter = std::str::SplitTerminator<'a, char>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// `article.tags() == ["a", "b"]`.
impl<const N: usize> PartialEq<[&str; N]> for Items<'_> {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl fmt::Debug for Items<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Builds an article's text part by part.
struct TextBuilder {
    text: String,
    ends: [u32; EXTRA],
    part: usize,
    /// No value holds `ITEM_END` (as a rule: values are made one line): pushed as they are.
    clean: bool,
}

impl TextBuilder {
    fn with_capacity(n: usize, clean: bool) -> Self {
        TextBuilder {
            text: String::with_capacity(n),
            ends: [0; EXTRA],
            part: 0,
            clean,
        }
    }

    /// Appends to the part being built, `ITEM_END` made a space.
    fn push(&mut self, value: &str) {
        if self.clean || !value.contains(ITEM_END) {
            self.text.push_str(value);
        } else {
            self.text.push_str(&value.replace(ITEM_END, " "));
        }
    }

    fn item(&mut self, value: &str) {
        self.push(value);
        self.text.push(ITEM_END);
    }

    /// Ends the part being built.
    fn end(&mut self) {
        if let Some(end) = self.ends.get_mut(self.part) {
            *end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        }
        self.part += 1;
    }

    fn finish(self) -> Box<str> {
        self.text.into_boxed_str()
    }
}

/// An article's fields, borrowed, for [`Article::build`]: from an [`ArticleParts`], or straight
/// from what parsing found (without copying each into a part first). The path is not among
/// them: an article is built at no path, and the owner of one moves it in ([`Article::place`]).
pub(crate) struct Draft<'p, S> {
    pub title: &'p str,
    pub authors: &'p [S],
    pub tags: &'p [S],
    /// `source`, `url`, `summary`, `lang`.
    pub optional: [Option<&'p str>; 4],
    pub extra: &'p [(S, S)],
    pub date: Option<Date>,
    pub body_offset: u64,
    pub size: u64,
    pub format: Format,
}

impl Article {
    pub fn new(parts: ArticleParts) -> Article {
        let mut article = Article::build(Draft {
            title: &parts.title,
            authors: &parts.authors,
            tags: &parts.tags,
            optional: [
                parts.source.as_deref(),
                parts.url.as_deref(),
                parts.summary.as_deref(),
                parts.lang.as_deref(),
            ],
            extra: &parts.extra,
            date: parts.date,
            body_offset: parts.body_offset,
            size: parts.size,
            format: parts.format,
        });
        article.place(parts.path);
        article
    }

    /// [`Article::build`] for values that hold no control character but `\n` (so no
    /// `ITEM_END`), as the fields read from a file are: built once, without a count over the text
    /// (1.5% of parsing a file).
    pub(crate) fn build_from_fields<S: AsRef<str>>(draft: Draft<'_, S>) -> Article {
        let article = Article::build_as(&draft, true);
        debug_assert_eq!(
            memchr::memchr_iter(ITEM_END as u8, article.text.as_bytes()).count(),
            draft.authors.len() + draft.tags.len() + 2 * draft.extra.len(),
            "a field value holds ITEM_END"
        );
        article
    }

    pub(crate) fn build<S: AsRef<str>>(draft: Draft<'_, S>) -> Article {
        // Built once on the assumption that no value holds an `ITEM_END`, which one count over
        // the whole text checks (a look per value was 2% of loading); when one does, built
        // again replacing it.
        let article = Article::build_as(&draft, true);
        let items = memchr::memchr_iter(ITEM_END as u8, article.text.as_bytes()).count();
        let written = draft.authors.len() + draft.tags.len() + 2 * draft.extra.len();
        if items == written {
            article
        } else {
            Article::build_as(&draft, false)
        }
    }

    fn build_as<S: AsRef<str>>(draft: &Draft<'_, S>, clean: bool) -> Article {
        let items = |list: &[S]| list.iter().map(|a| a.as_ref().len() + 1).sum::<usize>();
        let len = draft.title.len()
            + items(draft.authors)
            + items(draft.tags)
            + draft
                .optional
                .iter()
                .flatten()
                .map(|o| o.len())
                .sum::<usize>()
            + draft
                .extra
                .iter()
                .map(|(k, v)| k.as_ref().len() + v.as_ref().len() + 2)
                .sum::<usize>();
        let mut b = TextBuilder::with_capacity(len, clean);
        b.push(draft.title);
        b.end();
        for list in [draft.authors, draft.tags] {
            for item in list {
                b.item(item.as_ref());
            }
            b.end();
        }
        let mut given = 0;
        for (part, value) in (SOURCE..).zip(draft.optional) {
            if let Some(value) = value {
                given |= 1 << part;
                b.push(value);
            }
            b.end();
        }
        for (k, v) in draft.extra {
            b.item(k.as_ref());
            b.item(v.as_ref());
        }
        Article {
            path: PathBuf::new().into_boxed_path(),
            ends: b.ends,
            text: b.finish().into(),
            given,
            date: draft.date,
            body_offset: draft.body_offset,
            size: draft.size,
            format: draft.format,
        }
    }

    /// The fields as separate values (to change some and build again).
    pub fn parts(&self) -> ArticleParts {
        ArticleParts {
            path: self.path().to_path_buf(),
            title: self.title().to_string(),
            authors: self.authors().to_vec(),
            date: self.date,
            tags: self.tags().to_vec(),
            source: self.source().map(str::to_string),
            url: self.url().map(str::to_string),
            summary: self.summary().map(str::to_string),
            lang: self.lang().map(str::to_string),
            extra: self
                .extra()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body_offset: self.body_offset,
            size: self.size,
            format: self.format,
        }
    }

    /// The text of part `n`; empty if the ends are off (never from what `new` built).
    fn part(&self, n: usize) -> &str {
        let start = n
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .map_or(0, |&e| e as usize);
        let end = self.ends.get(n).map_or(self.text.len(), |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    fn optional(&self, n: usize) -> Option<&str> {
        (self.given & (1 << n) != 0).then(|| self.part(n))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn title(&self) -> &str {
        self.part(TITLE)
    }

    /// `author` and `authors` merged, resolved through `authors.yml`, in order, no duplicates.
    pub fn authors(&self) -> Items<'_> {
        Items(self.part(AUTHORS))
    }

    /// `tags`, `keywords`, `categories`, `category` merged, deduplicated ignoring case, as
    /// written.
    pub fn tags(&self) -> Items<'_> {
        Items(self.part(TAGS))
    }

    /// `source` or `publisher`.
    pub fn source(&self) -> Option<&str> {
        self.optional(SOURCE)
    }

    /// `url` or `link`.
    pub fn url(&self) -> Option<&str> {
        self.optional(URL)
    }

    /// `summary` or `description`.
    pub fn summary(&self) -> Option<&str> {
        self.optional(SUMMARY)
    }

    pub fn lang(&self) -> Option<&str> {
        self.optional(LANG)
    }

    /// Every other front-matter field, in file order, its value as one line of text.
    pub fn extra(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let mut items = Items(self.part(EXTRA)).iter();
        std::iter::from_fn(move || Some((items.next()?, items.next().unwrap_or(""))))
    }

    /// Everything but the path, as the cache keeps it: the text, where its parts end and which
    /// optional fields are given.
    pub(super) fn stored(&self) -> (&str, [u32; EXTRA], u16) {
        (&self.text, self.ends, self.given)
    }

    /// An article from what [`Article::stored`] gave (its text kept where it is, or copied), at
    /// no path until [`Article::place`] puts it at one; `None` when the ends do not fit the text
    /// (a damaged cache).
    pub(super) fn from_stored(
        text: ArticleText,
        ends: [u32; EXTRA],
        given: u16,
    ) -> Option<Article> {
        let mut last = 0;
        for &end in &ends {
            if end < last || !text.is_char_boundary(end as usize) {
                return None;
            }
            last = end;
        }
        Some(Article {
            path: PathBuf::new().into_boxed_path(),
            text,
            ends,
            given,
            date: None,
            body_offset: 0,
            size: 0,
            format: Format::Markdown,
        })
    }

    /// Puts the article at `path`, moved in rather than copied: articles are built at no path
    /// (parsed or taken from the cache, the walk's own path is moved in once the entry is kept).
    pub(super) fn place(&mut self, path: PathBuf) {
        self.path = path.into_boxed_path();
    }

    /// Replaces the authors (after `authors.yml` resolved them).
    pub fn set_authors(&mut self, authors: &[String]) {
        // The authors' part of the text is replaced in place of rebuilding every part (which
        // took 4,000 instructions an article, for the articles an authors file renames).
        let (start, end) = (self.ends[TITLE] as usize, self.ends[AUTHORS] as usize);
        let (Some(before), Some(after)) = (self.text.get(..start), self.text.get(end..)) else {
            return;
        };
        let items: usize = authors.iter().map(|a| a.len() + 1).sum();
        let mut b = TextBuilder::with_capacity(before.len() + items + after.len(), false);
        b.text.push_str(before);
        authors.iter().for_each(|author| b.item(author));
        let grown = u32::try_from(b.text.len()).unwrap_or(u32::MAX);
        b.text.push_str(after);
        let old_end = self.ends[AUTHORS];
        for end in &mut self.ends[AUTHORS..] {
            *end = end.saturating_sub(old_end).saturating_add(grown);
        }
        self.text = b.finish().into();
    }
}

impl From<ArticleParts> for Article {
    fn from(parts: ArticleParts) -> Article {
        Article::new(parts)
    }
}

impl fmt::Debug for Article {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Article")
            .field("path", &self.path())
            .field("title", &self.title())
            .field("authors", &self.authors())
            .field("date", &self.date)
            .field("tags", &self.tags())
            .field("source", &self.source())
            .field("url", &self.url())
            .field("summary", &self.summary())
            .field("lang", &self.lang())
            .field("extra", &self.extra().collect::<Vec<_>>())
            .field("body_offset", &self.body_offset)
            .field("size", &self.size)
            .field("format", &self.format)
            .finish()
    }
}

/// Something wrong with a file: it still loads with what could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line in the file, where known.
    pub line: Option<usize>,
    /// One line, no trailing period.
    pub reason: String,
}

impl fmt::Display for Problem {
    /// `path:line: reason`, or `path: reason` without a line (the form `quire check` prints).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

#[cfg(test)]
impl Article {
    /// An article with a title, tags and authors and nothing else, for tests.
    pub fn sample(title: &str, tags: &[&str], authors: &[&str]) -> Article {
        Article::new(ArticleParts {
            path: PathBuf::from("a.md"),
            title: title.into(),
            authors: authors.iter().map(|s| s.to_string()).collect(),
            date: None,
            tags: tags.iter().map(|s| s.to_string()).collect(),
            source: None,
            url: None,
            summary: None,
            lang: None,
            extra: vec![],
            body_offset: 0,
            size: 0,
            format: Format::Markdown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_as_precise_as_known() {
        assert_eq!(Date::new(2013, 9, 16).to_string(), "2013-09-16");
        assert_eq!(Date::new(2013, 9, 0).to_string(), "2013-09");
        assert_eq!(Date::new(2013, 0, 0).to_string(), "2013");
    }

    #[test]
    fn a_year_sorts_before_its_days() {
        assert!(Date::new(2013, 0, 0) < Date::new(2013, 1, 1));
        assert!(Date::new(2013, 12, 31) < Date::new(2014, 0, 0));
    }

    use proptest::prelude::*;

    /// Text with the item separator, empty strings, accents and CJK among plain words.
    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex("(|a|é|東京|\\x1f| |word|\\n){0,6}").unwrap()
    }

    fn parts() -> impl Strategy<Value = ArticleParts> {
        (
            ("[a-z/é]{0,12}", text()),
            proptest::collection::vec(text(), 0..4),
            proptest::collection::vec(text(), 0..4),
            proptest::array::uniform4(proptest::option::of(text())),
            proptest::collection::vec((text(), text()), 0..3),
            (any::<u64>(), any::<u64>(), any::<bool>()),
        )
            .prop_map(|((path, title), authors, tags, optional, extra, numbers)| {
                let [source, url, summary, lang] = optional;
                ArticleParts {
                    path: PathBuf::from(path),
                    title,
                    authors,
                    date: Some(Date::new(2020, 1, 2)),
                    tags,
                    source,
                    url,
                    summary,
                    lang,
                    extra,
                    body_offset: numbers.0,
                    size: numbers.1,
                    format: if numbers.2 {
                        Format::Text
                    } else {
                        Format::Markdown
                    },
                }
            })
    }

    /// What an article keeps of `parts`: the separator in a value becomes a space.
    fn kept(mut parts: ArticleParts) -> ArticleParts {
        let clean = |s: &mut String| *s = s.replace(ITEM_END, " ");
        clean(&mut parts.title);
        parts.authors.iter_mut().for_each(clean);
        parts.tags.iter_mut().for_each(clean);
        for value in [
            &mut parts.source,
            &mut parts.url,
            &mut parts.summary,
            &mut parts.lang,
        ] {
            value.iter_mut().for_each(clean);
        }
        for (k, v) in &mut parts.extra {
            clean(k);
            clean(v);
        }
        parts
    }

    proptest! {
        #[test]
        fn new_authors_change_nothing_else(
            parts in parts(),
            authors in proptest::collection::vec(text(), 0..4),
        ) {
            let mut article = Article::new(parts.clone());
            article.set_authors(&authors);
            let expected = kept(ArticleParts { authors, ..parts });
            prop_assert_eq!(article.parts(), expected.clone());
            prop_assert_eq!(article, Article::new(expected));
        }

        #[test]
        fn an_article_gives_back_its_parts(parts in parts()) {
            let article = Article::new(parts.clone());
            prop_assert_eq!(article.parts(), kept(parts.clone()));
            prop_assert_eq!(article.authors().len(), parts.authors.len());
            prop_assert_eq!(article.tags().len(), parts.tags.len());
            let first = parts.tags.first().map(|t| t.replace(ITEM_END, " "));
            prop_assert_eq!(article.tags().first(), first.as_deref());
        }

        #[test]
        fn what_is_stored_makes_the_same_article(parts in parts()) {
            let article = Article::new(parts);
            let (text, ends, given) = article.stored();
            let mut again = Article::from_stored(own(text), ends, given).unwrap();
            again.place(article.path().into());
            again.date = article.date;
            again.body_offset = article.body_offset;
            again.size = article.size;
            again.format = article.format;
            prop_assert_eq!(again, article);
        }
    }

    fn own(text: &str) -> ArticleText {
        ArticleText::Own(text.into())
    }

    #[test]
    fn stored_ends_that_do_not_fit_the_text_are_refused() {
        let article = Article::sample("Tëst", &["a", "b"], &["c"]);
        let (text, ends, given) = article.stored();
        assert!(Article::from_stored(own(text), ends, given).is_some());
        let mut past = ends;
        past[6] = text.len() as u32 + 1;
        assert!(Article::from_stored(own(text), past, given).is_none());
        let mut backwards = ends;
        backwards[0] = ends[1] + 1;
        assert!(Article::from_stored(own(text), backwards, given).is_none());
        // Inside the two bytes of "ë".
        let mut split = ends;
        split[0] = 2;
        assert!(Article::from_stored(own(text), split, given).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_kept_exactly() {
        use std::os::unix::ffi::OsStrExt;
        let path = PathBuf::from(std::ffi::OsStr::from_bytes(b"odd-\xff/a.md"));
        let mut parts = Article::sample("T", &["x"], &[]).parts();
        parts.path = path.clone();
        let article = Article::new(parts);
        assert_eq!(article.path(), path);
        assert_eq!(article.title(), "T");
        let (text, ends, given) = article.stored();
        let mut again = Article::from_stored(own(text), ends, given).unwrap();
        again.place(path.clone());
        assert_eq!(again.path(), path);
        assert_eq!(again.tags(), ["x"]);
    }
}
