//! Articles' text fields folded once, to match many queries against without folding again (see
//! [`super::Query::matches_folded`]), laid out for speed.
//!
//! An article's fields are one string, each field followed by [`SEP`]: source and lang, then
//! title, authors, tags and summary, the fields bare words look at, so that a bare word is one
//! search over the end of that string. [`FoldedTable`] keeps every article's string in one
//! buffer, in the order of the list: a keystroke that matches a bare word against 100,000
//! articles then reads memory front to back. A string per field, or per article in arrival
//! order, cost a cache miss or two per article, and a keystroke several frames.

use super::eval::Fields;
use crate::fold::{fold, fold_into};
use crate::highlight::WordMatcher;
use crate::library::Article;

/// Ends every field: the character that ends an article's list items, which no field of an
/// [`Article`] holds (it makes any into a space) and folding never makes. Neither a letter, a
/// digit nor white space, so word matching takes it for the start or end of a text.
const SEP: char = crate::library::ITEM_END;

/// Where the fields lie in one article's string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Shape {
    /// Where the title starts: bare words look from there to the end.
    words_start: u32,
    authors: u32,
    tags: u32,
    has_source: bool,
    has_lang: bool,
    has_summary: bool,
}

/// Appends `article`'s folded fields to `text`. The only place that reads an article's fields.
fn fold_fields(article: &Article, text: &mut String) -> Shape {
    let base = text.len();
    let has_source = push_field(text, article.source());
    let has_lang = push_field(text, article.lang());
    let words_start = text.len() - base;
    push_field(text, Some(article.title()));
    for field in article.authors().iter().chain(article.tags()) {
        push_field(text, Some(field));
    }
    let has_summary = push_field(text, article.summary());
    Shape {
        // Front matter is capped far below 4 GiB.
        words_start: u32::try_from(words_start).unwrap_or(u32::MAX),
        authors: count(article.authors().len()),
        tags: count(article.tags().len()),
        has_source,
        has_lang,
        has_summary,
    }
}

/// Appends `field` folded and a [`SEP`], if there is one; says whether there was.
fn push_field(text: &mut String, field: Option<&str>) -> bool {
    field
        .inspect(|f| {
            fold_into(f, text);
            text.push(SEP);
        })
        .is_some()
}

/// How many authors or tags: a `Vec` of more than `u32::MAX` strings does not fit in memory.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One article's folded fields, to match against: borrowed from a [`FoldedFields`] or a
/// [`FoldedTable`].
#[derive(Debug, Clone, Copy)]
pub struct FoldedRef<'a> {
    text: &'a str,
    shape: &'a Shape,
    body: Option<&'a str>,
}

impl<'a> FoldedRef<'a> {
    /// Every field, in order (source, lang, title, authors, tags, summary, those present).
    fn all(&self) -> std::str::SplitTerminator<'a, char> {
        self.text.split_terminator(SEP)
    }

    /// How many fields come before the title.
    fn before_title(&self) -> usize {
        usize::from(self.shape.has_source) + usize::from(self.shape.has_lang)
    }

    /// The field at `n`, if `present`.
    fn field(&self, present: bool, n: usize) -> Option<&'a str> {
        present.then(|| self.all().nth(n)).flatten()
    }
}

impl<'a> From<&'a FoldedFields> for FoldedRef<'a> {
    fn from(folded: &'a FoldedFields) -> Self {
        FoldedRef {
            text: &folded.text,
            shape: &folded.shape,
            body: folded.body.as_deref(),
        }
    }
}

impl Fields for FoldedRef<'_> {
    fn title(&self) -> &str {
        self.all().nth(self.before_title()).unwrap_or_default()
    }
    fn authors(&self) -> impl Iterator<Item = &str> {
        self.all()
            .skip(self.before_title() + 1)
            .take(self.shape.authors as usize)
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        self.all()
            .skip(self.before_title() + 1 + self.shape.authors as usize)
            .take(self.shape.tags as usize)
    }
    fn source(&self) -> Option<&str> {
        self.field(self.shape.has_source, 0)
    }
    fn lang(&self) -> Option<&str> {
        self.field(self.shape.has_lang, usize::from(self.shape.has_source))
    }
    fn summary(&self) -> Option<&str> {
        let n = self.before_title() + 1 + self.shape.authors as usize + self.shape.tags as usize;
        self.field(self.shape.has_summary, n)
    }
    fn body(&self) -> Option<&str> {
        self.body
    }

    /// One search from the title to the end: [`SEP`] between fields keeps a match within one.
    fn metadata_has(&self, m: &WordMatcher) -> bool {
        self.text
            .get(self.shape.words_start as usize..)
            .is_some_and(|words| m.is_match_within(words, SEP))
    }
}

/// One article's text fields folded, and its body if given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoldedFields {
    text: Box<str>,
    shape: Shape,
    /// `None` when the body was not read: bare words then match metadata only.
    body: Option<Box<str>>,
}

impl FoldedFields {
    pub fn new(article: &Article, body: Option<&str>) -> Self {
        let mut text = String::new();
        let shape = fold_fields(article, &mut text);
        FoldedFields {
            text: text.into_boxed_str(),
            shape,
            body: body.map(|b| fold(b).into_boxed_str()),
        }
    }

    pub fn view(&self) -> FoldedRef<'_> {
        self.into()
    }
}

/// One article's place in a [`FoldedTable`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Where its string starts in the table's text; it ends where the next one starts.
    start: usize,
    shape: Shape,
}

/// The folded fields of many articles (by index, as added), in one buffer laid out in the order
/// they are matched in (see [`FoldedTable::arrange`]). Bodies are not kept.
#[derive(Debug, Clone, Default)]
pub struct FoldedTable {
    text: String,
    /// In the order of `text`.
    entries: Vec<Entry>,
    /// Article index to its entry.
    slots: Vec<u32>,
}

impl FoldedTable {
    /// Adds the next article, at the end of the buffer.
    pub fn push(&mut self, article: &Article) {
        let start = self.text.len();
        let shape = fold_fields(article, &mut self.text);
        self.slots.push(self.entries.len() as u32);
        self.entries.push(Entry { start, shape });
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Article `index`'s fields.
    pub fn get(&self, index: usize) -> Option<FoldedRef<'_>> {
        let slot = *self.slots.get(index)? as usize;
        let entry = self.entries.get(slot)?;
        let end = self
            .entries
            .get(slot + 1)
            .map_or(self.text.len(), |e| e.start);
        Some(FoldedRef {
            text: self.text.get(entry.start..end)?,
            shape: &entry.shape,
            body: None,
        })
    }

    /// Lays the articles out in `order` (article indices; those left out follow in the order
    /// they were added), so that matching them in that order reads the buffer front to back.
    pub fn arrange(&mut self, order: &[usize]) {
        let mut text = String::with_capacity(self.text.len());
        let mut entries = Vec::with_capacity(self.entries.len());
        let mut slots = vec![u32::MAX; self.slots.len()];
        for index in order.iter().copied().chain(0..self.slots.len()) {
            let (Some(&slot), Some(new)) = (self.slots.get(index), slots.get_mut(index)) else {
                continue;
            };
            if *new != u32::MAX {
                continue;
            }
            let (Some(entry), Some(folded)) = (self.entries.get(slot as usize), self.get(index))
            else {
                continue;
            };
            *new = entries.len() as u32;
            entries.push(Entry {
                start: text.len(),
                shape: entry.shape.clone(),
            });
            text.push_str(folded.text);
        }
        *self = FoldedTable {
            text,
            entries,
            slots,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::MatchMode;
    use crate::library::ArticleParts;
    use proptest::prelude::*;

    fn article() -> ArticleParts {
        let mut a = Article::sample("The Kurils", &["Japan", "Énergie"], &["Céline Pajon"]).parts();
        a.summary = Some("Tokyo and Moscow".into());
        a.source = Some("Ifri".into());
        a.lang = Some("en".into());
        a
    }

    /// Each field of `f`, folded, as `(name, value)`.
    fn fields(f: &impl Fields) -> Vec<(&'static str, String)> {
        let mut out = vec![("title", f.title().to_string())];
        out.extend(f.authors().map(|a| ("author", a.to_string())));
        out.extend(f.tags().map(|t| ("tag", t.to_string())));
        for (name, value) in [
            ("summary", f.summary()),
            ("source", f.source()),
            ("lang", f.lang()),
        ] {
            out.extend(value.map(|v| (name, v.to_string())));
        }
        out
    }

    /// What [`fields`] should give: every field of `a` folded.
    fn expected(a: &Article) -> Vec<(&'static str, String)> {
        let mut out = vec![("title", fold(a.title()))];
        out.extend(a.authors().iter().map(|x| ("author", fold(x))));
        out.extend(a.tags().iter().map(|x| ("tag", fold(x))));
        for (name, value) in [
            ("summary", &a.summary()),
            ("source", &a.source()),
            ("lang", &a.lang()),
        ] {
            out.extend(value.as_deref().map(|v| (name, fold(v))));
        }
        out
    }

    #[test]
    fn every_field_reads_back_folded() {
        let a = Article::new(article());
        let folded = FoldedFields::new(&a, Some("Body"));
        assert_eq!(fields(&folded.view()), expected(&a));
        assert_eq!(folded.view().body(), Some("body"));
        let bare = Article::sample("", &[], &[]);
        assert_eq!(
            fields(&FoldedFields::new(&bare, None).view()),
            expected(&bare)
        );
    }

    #[test]
    fn fields_given_the_separator_hold_a_space_instead() {
        let mut a = article();
        a.title = "a\u{1f}b".into();
        a.authors = vec!["\u{1f}".into(), String::new()];
        a.tags = vec!["x\u{1f}".into()];
        // An article never holds the separator (`Article::new` makes it a space).
        let a = Article::new(a);
        let folded = FoldedFields::new(&a, None);
        assert_eq!(fields(&folded.view()), expected(&a));
        let word = |w: &str| WordMatcher::new(w, MatchMode::WordStart).unwrap();
        assert!(folded.view().metadata_has(&word("b")));
        assert!(folded.view().metadata_has(&word("a b")));
        assert!(!folded.view().metadata_has(&word("b\u{1f}")));
    }

    #[test]
    fn a_table_finds_each_article_however_arranged() {
        let articles: Vec<Article> = (0..5)
            .map(|i| {
                let mut a = article();
                a.title = format!("Title {i}");
                a.summary = (i % 2 == 0).then(|| format!("Summary {i}"));
                a.tags = vec![format!("t{i}"); i];
                Article::new(a)
            })
            .collect();
        let mut table = FoldedTable::default();
        articles.iter().for_each(|a| table.push(a));
        let check = |table: &FoldedTable| {
            assert_eq!(table.len(), articles.len());
            for (i, a) in articles.iter().enumerate() {
                assert_eq!(fields(&table.get(i).unwrap()), expected(a), "article {i}");
            }
            assert!(table.get(articles.len()).is_none());
        };
        check(&table);
        table.arrange(&[3, 1, 4]);
        check(&table);
        assert_eq!(table.slots, [3, 1, 4, 0, 2]);
        table.arrange(&[]);
        check(&table);
        table.push(&articles[0]);
        assert_eq!(fields(&table.get(5).unwrap()), expected(&articles[0]));
    }

    /// A field rich in what could let a match cross into the next one: separators, spaces and
    /// punctuation at either end, accents, unspaced scripts.
    fn field() -> impl Strategy<Value = String> {
        let pieces = vec![
            "a", "b", "ab", "ba", " ", "-", "é", "E\u{301}", "ß", "日本", "ガ", "'", ".", "\0",
            "\u{1e}", "abc", "Ñ", "1", " a", "b ", "\u{1f}",
        ];
        proptest::collection::vec(proptest::sample::select(pieces), 0..5).prop_map(|p| p.concat())
    }

    /// A bare word or a phrase (words and what is between them) for [`field`]s.
    fn word() -> impl Strategy<Value = String> {
        let words = vec!["a", "b", "ab", "e", "é", "ss", "日", "本", "1", "'", "\0"];
        let between = vec![" ", " ", " - ", "-", "\u{1f}", " \u{1f}", ""];
        let pair = (
            proptest::sample::select(between),
            proptest::sample::select(words.clone()),
        );
        (
            proptest::sample::select(words),
            proptest::collection::vec(pair, 0..3),
        )
            .prop_map(|(first, rest)| {
                let rest = rest.into_iter().flat_map(|(b, w)| [b, w]);
                std::iter::once(first).chain(rest).collect()
            })
    }

    fn random_article() -> impl Strategy<Value = Article> {
        let list = || proptest::collection::vec(field(), 0..3);
        let optional = || proptest::option::of(field());
        (field(), list(), list(), optional(), optional(), optional()).prop_map(
            |(title, authors, tags, summary, source, lang)| {
                let mut a = article();
                (a.title, a.authors, a.tags) = (title, authors, tags);
                (a.summary, a.source, a.lang) = (summary, source, lang);
                Article::new(a)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn one_search_over_the_folded_fields_is_a_search_in_each(
            a in random_article(),
            word in word(),
            mode in 0usize..3,
        ) {
            let folded = FoldedFields::new(&a, None);
            prop_assert_eq!(fields(&folded.view()), expected(&a));
            let modes = [MatchMode::WordStart, MatchMode::WholeWord, MatchMode::Anywhere];
            if let Some(m) = WordMatcher::new(&word, modes[mode]) {
                // The definition: every field folded and searched on its own.
                let separately = m.is_match(&fold(a.title()))
                    || a.authors().iter().any(|x| m.is_match(&fold(x)))
                    || a.tags().iter().any(|x| m.is_match(&fold(x)))
                    || a.summary().is_some_and(|x| m.is_match(&fold(x)));
                prop_assert_eq!(
                    folded.view().metadata_has(&m), separately, "{:?} in {:?}", word, folded
                );
            }
        }

        #[test]
        fn a_table_holds_what_each_article_folds_to(
            articles in proptest::collection::vec(random_article(), 0..6),
            order in proptest::collection::vec(0usize..8, 0..8),
        ) {
            let mut table = FoldedTable::default();
            articles.iter().for_each(|a| table.push(a));
            table.arrange(&order);
            for (i, a) in articles.iter().enumerate() {
                let one = FoldedFields::new(a, None);
                let view = table.get(i).expect("every article has its fields");
                prop_assert_eq!(fields(&view), expected(a));
                prop_assert_eq!(view.text, one.view().text);
                prop_assert_eq!(view.shape, one.view().shape);
            }
        }
    }
}
