//! Matching a parsed query against an article, and telling when one query narrows another.

use super::{Field, Node, State, Subject, Term, Text, date};
use crate::fold::fold;
use crate::highlight::WordMatcher;
use std::cell::OnceCell;

/// An article's text fields, folded.
pub(super) trait Fields {
    fn title(&self) -> &str;
    fn authors(&self) -> impl Iterator<Item = &str>;
    fn tags(&self) -> impl Iterator<Item = &str>;
    fn source(&self) -> Option<&str>;
    fn lang(&self) -> Option<&str>;
    fn summary(&self) -> Option<&str>;
    fn body(&self) -> Option<&str>;

    /// Whether the bare word or phrase `m` occurs in the title, an author, a tag or the summary
    /// (each searched on its own: no match runs from one into the next).
    fn metadata_has(&self, m: &WordMatcher) -> bool {
        m.is_match(self.title())
            || self.authors().any(|a| m.is_match(a))
            || self.tags().any(|t| m.is_match(t))
            || self.summary().is_some_and(|s| m.is_match(s))
    }
}

/// Fields folded on first use, for one call of [`super::Query::matches`].
pub(super) struct LazyFields<'a> {
    subject: &'a Subject<'a>,
    title: OnceCell<String>,
    authors: OnceCell<Vec<String>>,
    tags: OnceCell<Vec<String>>,
    source: OnceCell<Option<String>>,
    lang: OnceCell<Option<String>>,
    summary: OnceCell<Option<String>>,
    body: OnceCell<Option<String>>,
}

impl<'a> LazyFields<'a> {
    pub(super) fn new(subject: &'a Subject<'a>) -> Self {
        LazyFields {
            subject,
            title: OnceCell::new(),
            authors: OnceCell::new(),
            tags: OnceCell::new(),
            source: OnceCell::new(),
            lang: OnceCell::new(),
            summary: OnceCell::new(),
            body: OnceCell::new(),
        }
    }
}

impl Fields for LazyFields<'_> {
    fn title(&self) -> &str {
        self.title
            .get_or_init(|| fold(self.subject.article.title()))
    }
    fn authors(&self) -> impl Iterator<Item = &str> {
        self.authors
            .get_or_init(|| self.subject.article.authors().iter().map(fold).collect())
            .iter()
            .map(String::as_str)
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        self.tags
            .get_or_init(|| self.subject.article.tags().iter().map(fold).collect())
            .iter()
            .map(String::as_str)
    }
    fn source(&self) -> Option<&str> {
        self.source
            .get_or_init(|| self.subject.article.source().map(fold))
            .as_deref()
    }
    fn lang(&self) -> Option<&str> {
        self.lang
            .get_or_init(|| self.subject.article.lang().map(fold))
            .as_deref()
    }
    fn summary(&self) -> Option<&str> {
        self.summary
            .get_or_init(|| self.subject.article.summary().map(fold))
            .as_deref()
    }
    fn body(&self) -> Option<&str> {
        self.body
            .get_or_init(|| self.subject.body.map(fold))
            .as_deref()
    }
}

/// `inner`'s fields with a body folded by the caller (into a buffer it reuses).
pub(super) struct WithBody<'a, F> {
    pub inner: &'a F,
    pub body: &'a str,
}

impl<F: Fields> Fields for WithBody<'_, F> {
    fn title(&self) -> &str {
        self.inner.title()
    }
    fn authors(&self) -> impl Iterator<Item = &str> {
        self.inner.authors()
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        self.inner.tags()
    }
    fn source(&self) -> Option<&str> {
        self.inner.source()
    }
    fn lang(&self) -> Option<&str> {
        self.inner.lang()
    }
    fn summary(&self) -> Option<&str> {
        self.inner.summary()
    }
    fn body(&self) -> Option<&str> {
        Some(self.body)
    }
    fn metadata_has(&self, m: &WordMatcher) -> bool {
        self.inner.metadata_has(m)
    }
}

/// Whether `node` matches whatever the body says: `Some` when the metadata decides it (a bare
/// word found in the title makes its term true; a false date term makes an AND false), `None`
/// when the body must be read. Three-valued (Kleene) logic: `fields` must have no body.
pub(super) fn prejudge(node: &Node, subject: &Subject, fields: &impl Fields) -> Option<bool> {
    match node {
        Node::And(nodes) => {
            let mut known = true;
            for n in nodes {
                match prejudge(n, subject, fields) {
                    Some(false) => return Some(false),
                    Some(true) => {}
                    None => known = false,
                }
            }
            known.then_some(true)
        }
        Node::Or(nodes) => {
            let mut known = true;
            for n in nodes {
                match prejudge(n, subject, fields) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => known = false,
                }
            }
            known.then_some(false)
        }
        Node::Not(node) => prejudge(node, subject, fields).map(|b| !b),
        // Found in the metadata: true whatever the body says; else the body decides.
        Node::Term(
            term @ Term::Text(Text {
                matcher: Some(_), ..
            }),
        ) => term_matches(term, subject, fields).then_some(true),
        Node::Term(term) => Some(term_matches(term, subject, fields)),
    }
}

pub(super) fn matches(node: &Node, subject: &Subject, fields: &impl Fields) -> bool {
    match node {
        Node::And(nodes) => nodes.iter().all(|n| matches(n, subject, fields)),
        Node::Or(nodes) => nodes.iter().any(|n| matches(n, subject, fields)),
        Node::Not(node) => !matches(node, subject, fields),
        Node::Term(term) => term_matches(term, subject, fields),
    }
}

/// Whether a `tag:` term holds for one folded tag (false for any other term).
pub(super) fn tag_matches(term: &Term, tag: &str) -> bool {
    match term {
        Term::Tag {
            value,
            prefix: true,
        } => tag.starts_with(&value.folded),
        Term::Tag { value, .. } => tag.trim() == value.folded,
        _ => false,
    }
}

/// Whether an `author:` term holds for one folded author (false for any other term).
pub(super) fn author_matches(term: &Term, author: &str) -> bool {
    match term {
        Term::Contains {
            field: Field::Author,
            value,
        } => author.contains(value.folded.as_str()),
        _ => false,
    }
}

pub(super) fn term_matches(term: &Term, subject: &Subject, fields: &impl Fields) -> bool {
    match term {
        Term::Text(Text { matcher: None, .. }) => true,
        Term::Text(Text {
            matcher: Some(m), ..
        }) => fields.metadata_has(m) || fields.body().is_some_and(|b| m.is_match(b)),
        Term::Tag { .. } => fields.tags().any(|t| tag_matches(term, t)),
        Term::Contains { field, value } => {
            let v = value.folded.as_str();
            match field {
                Field::Author => fields.authors().any(|a| author_matches(term, a)),
                Field::Title => fields.title().contains(v),
                Field::Source => fields.source().is_some_and(|s| s.contains(v)),
                Field::Lang => fields.lang().is_some_and(|s| s.contains(v)),
            }
        }
        Term::Date(term) => subject
            .article
            .date
            .is_some_and(|d| term.holds(date::article_days(&d))),
        Term::Is(state) => match state {
            State::Read => subject.read,
            State::Unread => !subject.read,
            State::Starred => subject.starred,
            State::Unstarred => !subject.starred,
        },
    }
}

/// Whether every article matching `new` matches `old`. Conservative: `false` when unsure.
pub(super) fn implies(new: &Node, old: &Node) -> bool {
    if new == old {
        return true;
    }
    if let Node::And(olds) = old {
        return olds.iter().all(|o| implies(new, o));
    }
    if let Node::Or(news) = new {
        return news.iter().all(|n| implies(n, old));
    }
    if let Node::And(news) = new
        && news.iter().any(|n| implies(n, old))
    {
        return true;
    }
    if let Node::Or(olds) = old
        && olds.iter().any(|o| implies(new, o))
    {
        return true;
    }
    match (new, old) {
        (Node::Not(a), Node::Not(b)) => implies(b, a),
        (Node::Term(a), Node::Term(b)) => term_implies(a, b),
        _ => false,
    }
}

fn term_implies(new: &Term, old: &Term) -> bool {
    match (new, old) {
        (Term::Text(a), Term::Text(b)) => match (&a.matcher, &b.matcher) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => text_implies(a, b),
        },
        (
            Term::Tag {
                value: a,
                prefix: pa,
            },
            Term::Tag {
                value: b,
                prefix: pb,
            },
        ) => match (pa, pb) {
            (_, true) => a.folded.starts_with(&b.folded),
            (false, false) => a.folded == b.folded,
            (true, false) => false,
        },
        (
            Term::Contains {
                field: fa,
                value: a,
            },
            Term::Contains {
                field: fb,
                value: b,
            },
        ) => fa == fb && a.folded.contains(&b.folded),
        (Term::Date(a), Term::Date(b)) => a.implies(b),
        (Term::Is(a), Term::Is(b)) => a == b,
        _ => false,
    }
}

/// A match of `new` is always a match of `old` when they start at the same place and `old`'s
/// words are `new`'s, its last one possibly cut short (both match at word starts, and a phrase's
/// last word may be the start of a longer word).
fn text_implies(new: &WordMatcher, old: &WordMatcher) -> bool {
    match (new.is_phrase(), old.is_phrase()) {
        (false, false) => new.words()[0].starts_with(old.words()[0]),
        (true, false) => {
            let word = old.words()[0];
            word.chars().all(char::is_alphanumeric) && new.words()[0].starts_with(word)
        }
        (true, true) => {
            let (n, o) = (new.words(), old.words());
            o.len() <= n.len()
                && o[..o.len() - 1] == n[..o.len() - 1]
                && n[o.len() - 1].starts_with(o[o.len() - 1])
        }
        (false, true) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::FoldedFields;
    use super::super::{Query, parse};
    use super::*;
    use crate::library::{Article, ArticleParts, Date, Format};
    use std::path::PathBuf;

    fn article() -> ArticleParts {
        ArticleParts {
            path: PathBuf::from("kurils.md"),
            title: "The Kurils: a Strategic Partnership?".into(),
            authors: vec!["Céline Pajon".into(), "James D. J. Brown".into()],
            date: Some(Date::new(2014, 8, 15)),
            tags: vec!["Japan".into(), "Russia".into(), "Énergie".into()],
            source: Some("Ifri".into()),
            url: None,
            summary: Some("Tokyo and Moscow, after Crimea.".into()),
            lang: Some("en".into()),
            extra: vec![],
            body_offset: 0,
            size: 0,
            format: Format::Markdown,
        }
    }

    struct Case {
        article: ArticleParts,
        body: Option<&'static str>,
        read: bool,
        starred: bool,
    }

    impl Case {
        fn new() -> Self {
            Case {
                article: article(),
                body: None,
                read: false,
                starred: false,
            }
        }

        fn matches(&self, query: &str) -> bool {
            let q = parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
            let article = Article::new(self.article.clone());
            let subject = Subject {
                article: &article,
                body: self.body,
                read: self.read,
                starred: self.starred,
            };
            let lazy = q.matches(&subject);
            let folded = FoldedFields::new(&article, self.body);
            assert_eq!(lazy, q.matches_folded(&subject, &folded), "{query}");
            lazy
        }
    }

    #[test]
    fn the_empty_query_matches_everything() {
        assert!(Case::new().matches(""));
    }

    #[test]
    fn bare_words_match_word_starts_in_metadata() {
        let c = Case::new();
        assert!(c.matches("kuril"));
        assert!(c.matches("KURILS"));
        assert!(!c.matches("uril"));
        assert!(c.matches("kuril*"));
        assert!(c.matches("celine"));
        assert!(c.matches("pajon"));
        assert!(c.matches("energie"));
        assert!(c.matches("crimea"));
        assert!(c.matches("kuril japan moscow"));
        assert!(!c.matches("kuril china"));
        assert!(!c.matches("nuclear"));
    }

    #[test]
    fn bare_words_match_the_body_when_given() {
        let mut c = Case::new();
        assert!(!c.matches("nuclear"));
        c.body = Some("Nuclear talks in Vladivostok.");
        assert!(c.matches("nuclear"));
        assert!(c.matches("vladi"));
        assert!(!c.matches("ostok"));
        assert!(!c.matches("-nuclear"));
    }

    #[test]
    fn phrases_match_words_in_sequence() {
        let mut c = Case::new();
        assert!(c.matches("\"strategic partnership\""));
        assert!(c.matches("\"kurils a strategic\""));
        assert!(c.matches("\"tokyo and moscow\""));
        assert!(!c.matches("\"partnership strategic\""));
        assert!(!c.matches("\"tokyo moscow\""));
        c.body = Some("the South-China   Sea");
        assert!(c.matches("\"south china sea\""));
        assert!(c.matches("\"SOUTH china se\""));
        assert!(!c.matches("\"outh china sea\""));
    }

    #[test]
    fn fields() {
        let c = Case::new();
        assert!(c.matches("tag:japan"));
        assert!(c.matches("tag:JAPAN"));
        assert!(!c.matches("tag:jap"));
        assert!(c.matches("tag:jap*"));
        assert!(c.matches("tag:energie"));
        assert!(c.matches("tag:*"));
        assert!(!c.matches("tag:china"));
        assert!(c.matches("author:pajon"));
        assert!(c.matches("author:ajo"));
        assert!(c.matches("author:\"céline pajon\""));
        assert!(!c.matches("author:smith"));
        assert!(c.matches("title:\"strategic partnership\""));
        assert!(c.matches("title:kuril"));
        assert!(!c.matches("title:crimea"));
        assert!(c.matches("source:ifri"));
        assert!(!c.matches("source:nikkei"));
        assert!(c.matches("lang:en"));
        assert!(!c.matches("lang:fr"));
        let mut bare = Case::new();
        bare.article.source = None;
        bare.article.lang = None;
        bare.article.tags.clear();
        assert!(!bare.matches("source:ifri"));
        assert!(bare.matches("-lang:en"));
        assert!(!bare.matches("tag:*"));
    }

    #[test]
    fn dates() {
        let mut c = Case::new();
        assert!(c.matches("date:2014"));
        assert!(c.matches("date:2014-08"));
        assert!(c.matches("date:2014-08-15"));
        assert!(!c.matches("date:2014-09"));
        assert!(c.matches("date:2013..2016"));
        assert!(c.matches("date:2014.."));
        assert!(c.matches("date:..2014"));
        assert!(!c.matches("date:..2013"));
        assert!(!c.matches("date:<2014"));
        assert!(c.matches("date:<2015"));
        assert!(c.matches("date:>=2014-08"));
        assert!(!c.matches("date:>2014-08"));
        c.article.date = Some(Date::new(2014, 0, 0));
        assert!(c.matches("date:2014"));
        assert!(!c.matches("date:<2014"));
        assert!(!c.matches("date:2014-08"));
        assert!(!c.matches("date:>=2014-08"));
        assert!(c.matches("date:<=2014"));
        assert!(c.matches("date:>2013"));
        c.article.date = None;
        assert!(!c.matches("date:2014"));
        assert!(!c.matches("date:<2100"));
        assert!(c.matches("-date:2014"));
    }

    #[test]
    fn state() {
        let mut c = Case::new();
        assert!(c.matches("is:unread") && !c.matches("is:read"));
        assert!(c.matches("is:unstarred") && !c.matches("is:starred"));
        c.read = true;
        c.starred = true;
        assert!(!c.matches("is:unread") && c.matches("is:read"));
        assert!(c.matches("is:starred") && c.matches("-is:unstarred"));
    }

    #[test]
    fn boolean_structure() {
        let c = Case::new();
        assert!(c.matches("china OR japan"));
        assert!(!c.matches("china OR korea"));
        assert!(c.matches("kuril china OR japan"));
        assert!(c.matches("china korea OR japan"));
        assert!(!c.matches("(china OR korea) japan"));
        assert!(c.matches("-china"));
        assert!(!c.matches("-japan"));
        assert!(c.matches("-(china japan)"));
        assert!(!c.matches("-(china OR japan)"));
        assert!(c.matches("--japan"));
        assert!(c.matches("kuril AND -tag:china AND (date:2014 OR is:starred)"));
    }

    #[test]
    fn diacritics_are_ignored_both_ways() {
        let mut c = Case::new();
        assert!(c.matches("céline"));
        assert!(c.matches("CELINE"));
        assert!(c.matches("énergie"));
        c.article.title = "Über Straße".into();
        assert!(c.matches("uber strasse"));
        assert!(c.matches("title:straße"));
    }

    #[test]
    fn no_match_runs_from_one_field_into_the_next() {
        let mut c = Case::new();
        c.article.title = "Kurils".into();
        c.article.authors = vec!["Celine".into(), "Pajon".into()];
        c.article.tags = vec!["Japan".into()];
        c.article.summary = Some("Tokyo".into());
        c.article.source = Some("Ifri".into());
        assert!(!c.matches("\"kurils celine\""));
        assert!(!c.matches("\"pajon japan\""));
        assert!(!c.matches("\"japan tokyo\""));
        assert!(c.matches("\"celine\" \"pajon\""));
        // The word boundaries of a field's start and end are kept.
        assert!(c.matches("tokyo") && c.matches("kurils") && c.matches("pajon"));
        // Source and lang are not for bare words.
        assert!(!c.matches("ifri") && c.matches("source:ifri"));
    }

    fn narrows(new: &str, old: &str) -> bool {
        parse(new).unwrap().narrows(&parse(old).unwrap())
    }

    #[test]
    fn narrowing() {
        assert!(narrows("kuril", ""));
        assert!(narrows("", ""));
        assert!(!narrows("", "kuril"));
        assert!(narrows("kuril japan", "kuril"));
        assert!(narrows("kuril", "kur"));
        assert!(narrows("kuril japan", "kuril jap"));
        assert!(!narrows("kur", "kuril"));
        assert!(!narrows("kuril", "japan"));
        assert!(narrows("\"south china sea\"", "\"south chi\""));
        assert!(narrows("\"south china sea\"", "sou"));
        assert!(!narrows("\"south china sea\"", "china"));
        assert!(narrows("tag:japan", "tag:jap*"));
        assert!(narrows("tag:japan*", "tag:jap*"));
        assert!(!narrows("tag:jap*", "tag:japan"));
        assert!(narrows("author:pajon", "author:paj"));
        assert!(!narrows("author:pajon", "title:paj"));
        assert!(narrows("date:2014", "date:2013..2016"));
        assert!(!narrows("date:2012", "date:2013..2016"));
        assert!(narrows("japan", "japan OR china"));
        assert!(!narrows("japan OR china", "japan"));
        assert!(narrows("japan OR china", "japan OR china OR korea"));
        assert!(narrows("-china", "-china"));
        assert!(narrows("-china", "-chinatown"));
        assert!(narrows("-chin", "-china"));
        assert!(!narrows("-china", "-chin"));
        assert!(narrows("(a b) OR (a c)", "a"));
        assert!(narrows("is:read kuril", "is:read"));
    }

    #[test]
    fn narrowing_is_sound_on_examples() {
        let mut c = Case::new();
        c.body = Some("South China Sea tensions");
        let queries = [
            "",
            "kur",
            "kuril",
            "japan",
            "jap",
            "tag:jap*",
            "tag:japan",
            "\"south china\"",
            "sou",
            "date:2014",
            "date:<2015",
            "-china",
            "-chinatown",
            "japan OR china",
            "is:read",
        ];
        for new in queries {
            for old in queries {
                if narrows(new, old) && c.matches(new) {
                    assert!(c.matches(old), "{new} narrows {old}");
                }
            }
        }
        let _ = Query::default();
    }
}
