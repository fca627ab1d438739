//! The query language of the `/` prompt, `-q` and `quire list` (see DESIGN.md).
//!
//! ```text
//! query   := or-expr
//! or-expr := and-expr ("OR" and-expr)*          OR binds looser than AND
//! and-expr:= unary (["AND"] unary)*             terms side by side must all match
//! unary   := "-" unary | "(" or-expr ")" | term
//! term    := "phrase" | field ":" value | word
//! ```
//! - Bare words match at the start of a word (`kuril` finds `Kurils`, `uril` does not) in the
//!   title, authors, tags, summary and — when the caller gives it — the body; a trailing `*` is
//!   allowed and changes nothing. A `"phrase"` matches its words in order with any run of spaces
//!   or punctuation between them. Case and diacritics are ignored (`celine` finds `Céline`).
//! - `tag:japan` a tag equals; `tag:jap*` a tag starts with; `author:`, `title:`, `source:`,
//!   `lang:` contain. Values may be quoted: `title:"strategic partnership"`.
//! - `date:2014`, `date:2013..2016`, `date:2013..`, `date:..2016`, `date:>=2020-03`, `>`, `<`,
//!   `<=`, `=`: an article's date is the range of days it names (`2014` is a whole year) and the
//!   term holds when it holds for every one of those days, so `date:<2014` never matches a 2014
//!   article and `date:2014` matches `2014-08-15`. Articles without a date match no date term.
//! - `is:read`, `is:unread`, `is:starred`, `is:unstarred`.
//! - `-term` and `-(…)` negate. Field names and `is:` values ignore case; `OR`/`AND` are upper case.
//!
//! Speed: every word is folded and compiled when the query is parsed. [`Query::matches`] folds the
//! article's fields lazily, only those a term looks at; a caller matching the same articles again
//! and again (as the user types) can fold them once into [`FoldedFields`] (one article) or a
//! [`FoldedTable`] (many, in one buffer laid out in the order they are matched in) and use
//! [`Query::matches_folded`], which allocates nothing. [`Query::narrows`] tells when the new query
//! can only drop articles from the previous results, so that only those need checking.

mod date;
mod eval;
mod facets;
mod folded;
mod parse;

pub use facets::{FacetIds, FacetValues, Prepared};
pub use folded::{FoldedFields, FoldedRef, FoldedTable};

use crate::fold::fold;
use crate::highlight::WordMatcher;
use crate::library::Article;
use date::DateTerm;
use std::fmt;
use std::str::FromStr;

/// A parsed query. The empty query matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    root: Option<Node>,
}

/// Why a query did not parse, and where (byte offset in the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub position: usize,
}

impl QueryError {
    fn new(message: impl Into<String>, position: usize) -> Self {
        QueryError {
            message: message.into(),
            position,
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {})", self.message, self.position + 1)
    }
}

impl std::error::Error for QueryError {}

/// What a query is matched against: the article, its body when read, and its saved state.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub article: &'a Article,
    /// The body text; `None` when not read, and then bare words match metadata only.
    pub body: Option<&'a str>,
    pub read: bool,
    pub starred: bool,
}

/// The fields in the query language, as the error for an unknown one lists them.
pub const FIELDS: &[&str] = &["tag", "author", "title", "source", "lang", "date", "is"];

#[derive(Debug, Clone, PartialEq)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Term(Term),
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// A bare word or a quoted phrase.
    Text(Text),
    /// A tag equals the value, or starts with it.
    Tag {
        value: Value,
        prefix: bool,
    },
    /// The field contains the value.
    Contains {
        field: Field,
        value: Value,
    },
    Date(DateTerm),
    Is(State),
}

/// A bare word or phrase: as typed (for display and highlighting) and compiled.
#[derive(Debug, Clone, PartialEq)]
struct Text {
    raw: String,
    quoted: bool,
    /// `None` when the word folds to nothing: it then matches everything.
    matcher: Option<WordMatcher>,
}

/// A field's value: as typed and folded (without a trailing `*`).
#[derive(Debug, Clone, PartialEq)]
struct Value {
    raw: String,
    quoted: bool,
    folded: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Author,
    Title,
    Source,
    Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Read,
    Unread,
    Starred,
    Unstarred,
}

/// Parses `input`. Empty or blank input is the empty query.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    parse::parse(input).map(|root| Query { root })
}

impl FromStr for Query {
    type Err = QueryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

impl Query {
    /// True when the query matches everything (no terms).
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// Whether `subject` matches. Article fields are folded here, lazily: only the fields a term
    /// looks at, and the body only when a bare word was not found in the metadata.
    pub fn matches(&self, subject: &Subject) -> bool {
        match &self.root {
            None => true,
            Some(root) => eval::matches(root, subject, &eval::LazyFields::new(subject)),
        }
    }

    /// Like [`Query::matches`], with the article's text fields folded beforehand (and kept by the
    /// caller across queries): no folding and no allocation here. Text (title, authors, tags,
    /// source, lang, summary, body) comes from `folded`; date and state from `subject`.
    pub fn matches_folded<'f>(&self, subject: &Subject, folded: impl Into<FoldedRef<'f>>) -> bool {
        match &self.root {
            None => true,
            Some(root) => eval::matches(root, subject, &folded.into()),
        }
    }

    /// Whether `subject` matches whatever its body holds, from its metadata and state alone:
    /// `Some(answer)`, or `None` when the body must be read to tell (see [`Query::matches_body`]).
    /// `subject.body` is ignored. Folds only the fields a term looks at.
    pub fn prejudge(&self, subject: &Subject) -> Option<bool> {
        let Some(root) = &self.root else {
            return Some(true);
        };
        let subject = Subject {
            body: None,
            ..*subject
        };
        eval::prejudge(root, &subject, &eval::LazyFields::new(&subject))
    }

    /// [`Query::matches`] with the body given already *folded* ([`crate::fold::fold_into`]), so
    /// that a search can fold each body into one reused buffer, and skip folding for ASCII text
    /// (lower-casing it in place is folding it). `subject.body` is ignored.
    pub fn matches_body(&self, subject: &Subject, folded_body: &str) -> bool {
        let Some(root) = &self.root else {
            return true;
        };
        let subject = Subject {
            body: None,
            ..*subject
        };
        let lazy = eval::LazyFields::new(&subject);
        let fields = eval::WithBody {
            inner: &lazy,
            body: folded_body,
        };
        eval::matches(root, &subject, &fields)
    }

    /// True when some bare word or phrase must be looked for in the body.
    pub fn needs_body(&self) -> bool {
        fn any_text(node: &Node) -> bool {
            match node {
                Node::And(nodes) | Node::Or(nodes) => nodes.iter().any(any_text),
                Node::Not(node) => any_text(node),
                Node::Term(term) => matches!(term, Term::Text(_)),
            }
        }
        self.root.as_ref().is_some_and(any_text)
    }

    /// The positive bare words and phrases, for highlighting (negated ones are left out), as
    /// typed, without a trailing `*`, each once (ignoring case and diacritics).
    pub fn words(&self) -> Vec<String> {
        fn collect(node: &Node, positive: bool, out: &mut Vec<String>) {
            match node {
                Node::And(nodes) | Node::Or(nodes) => {
                    nodes.iter().for_each(|n| collect(n, positive, out));
                }
                Node::Not(node) => collect(node, !positive, out),
                Node::Term(Term::Text(text)) if positive && text.matcher.is_some() => {
                    let word = if text.quoted {
                        text.raw.trim()
                    } else {
                        text.raw.trim_end_matches('*')
                    };
                    if !out.iter().any(|w| fold(w) == fold(word)) {
                        out.push(word.to_string());
                    }
                }
                Node::Term(_) => {}
            }
        }
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            collect(root, true, &mut out);
        }
        out
    }

    /// True when every article that matches `self` also matches `previous`, so that the new
    /// results can be found among the previous ones. Conservative: `false` means "don't know".
    /// Typical yes: `previous` plus more terms; a bare word typed further (`kur` -> `kuril`); a
    /// narrower date range.
    pub fn narrows(&self, previous: &Query) -> bool {
        match (&self.root, &previous.root) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(new), Some(old)) => eval::implies(new, old),
        }
    }
}

/// The canonical form: parses back to an equal query. Words keep their spelling; field names are
/// lower case; `AND` is implicit; groups are parenthesized only where needed.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            None => Ok(()),
            Some(root) => write!(f, "{root}"),
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Term(term) => write!(f, "{term}"),
            Node::Not(inner) => match **inner {
                Node::And(_) | Node::Or(_) => write!(f, "-({inner})"),
                _ => write!(f, "-{inner}"),
            },
            Node::And(nodes) => {
                for (i, node) in nodes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    match node {
                        Node::Or(_) => write!(f, "({node})")?,
                        _ => write!(f, "{node}")?,
                    }
                }
                Ok(())
            }
            Node::Or(nodes) => {
                for (i, node) in nodes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    match node {
                        Node::Or(_) => write!(f, "({node})")?,
                        _ => write!(f, "{node}")?,
                    }
                }
                Ok(())
            }
        }
    }
}

/// `"…"` with `"` and `\` escaped.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.quoted {
            write_quoted(f, &self.raw)
        } else {
            f.write_str(&self.raw)
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Text(text) if text.quoted => write_quoted(f, &text.raw),
            Term::Text(text) => f.write_str(&text.raw),
            Term::Tag { value, .. } => write!(f, "tag:{value}"),
            Term::Contains { field, value } => {
                let name = match field {
                    Field::Author => "author",
                    Field::Title => "title",
                    Field::Source => "source",
                    Field::Lang => "lang",
                };
                write!(f, "{name}:{value}")
            }
            Term::Date(date) => write!(f, "date:{date}"),
            Term::Is(state) => f.write_str(match state {
                State::Read => "is:read",
                State::Unread => "is:unread",
                State::Starred => "is:starred",
                State::Unstarred => "is:unstarred",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(input: &str) -> String {
        parse(input).unwrap().to_string()
    }

    #[test]
    fn display_is_canonical_and_parses_back() {
        for (input, expected) in [
            ("", ""),
            ("  kuril   japan ", "kuril japan"),
            ("a OR b c", "a OR b c"),
            ("(a OR b) c", "(a OR b) c"),
            ("a AND b", "a b"),
            ("((a))", "a"),
            ("(a b) c", "a b c"),
            ("a OR (b OR c)", "a OR b OR c"),
            ("-(a b)", "-(a b)"),
            ("-(a OR b)", "-(a OR b)"),
            ("--a", "--a"),
            ("Tag:Japan TAGS:jap*", "tag:Japan tag:jap*"),
            (
                "title:\"strategic partnership\"",
                "title:\"strategic partnership\"",
            ),
            ("\"say \\\"hi\\\"\"", "\"say \\\"hi\\\"\""),
            (
                "date:=2014 date:2013..2016 date:..2016-05 date:>=2020-03",
                "date:2014 date:2013..2016 date:..2016-05 date:>=2020-03",
            ),
            ("is:READ -is:starred", "is:read -is:starred"),
            (
                "author:\"Céline Pajon\" lang:fr source:nikkei",
                "author:\"Céline Pajon\" lang:fr source:nikkei",
            ),
        ] {
            assert_eq!(canonical(input), expected, "{input:?}");
            assert_eq!(parse(expected).unwrap(), parse(input).unwrap(), "{input:?}");
        }
    }

    #[test]
    fn from_str_parses() {
        let q: Query = "tag:japan".parse().unwrap();
        assert_eq!(q, parse("tag:japan").unwrap());
        assert!("(".parse::<Query>().is_err());
    }

    #[test]
    fn words_are_the_positive_bare_terms() {
        let q =
            parse("Kuril* \"south china sea\" -russia tag:japan (abe OR putin) -(-moscow) kuril")
                .unwrap();
        assert_eq!(
            q.words(),
            vec!["Kuril", "south china sea", "abe", "putin", "moscow"]
        );
        assert!(q.needs_body());
        assert!(!parse("tag:japan -is:read date:2014").unwrap().needs_body());
        assert!(parse("-kuril").unwrap().needs_body());
        assert!(parse("-kuril").unwrap().words().is_empty());
        assert!(!Query::default().needs_body());
    }

    #[test]
    fn empty_input_is_the_empty_query() {
        for input in ["", "   ", "\t\n"] {
            let q = parse(input).unwrap();
            assert!(q.is_empty());
            assert_eq!(q, Query::default());
        }
        assert!(!parse("a").unwrap().is_empty());
    }
}
