//! The query language of the `/` prompt, `-q` and `quire list` (see DESIGN.md).

use crate::library::Article;
use std::fmt;

/// A parsed query. The empty query matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {}

/// Why a query did not parse, and where (byte offset in the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub position: usize,
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

/// Parses `input`.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let _ = input;
    todo!("query::parse")
}

impl Query {
    /// True when the query matches everything (no terms).
    pub fn is_empty(&self) -> bool {
        todo!()
    }

    pub fn matches(&self, subject: &Subject) -> bool {
        let _ = subject;
        todo!()
    }

    /// True when some bare word or phrase must be looked for in the body.
    pub fn needs_body(&self) -> bool {
        todo!()
    }

    /// The positive bare words and phrases, for highlighting (negated ones are left out).
    pub fn words(&self) -> Vec<String> {
        todo!()
    }
}
