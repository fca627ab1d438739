//! Recursive-descent parser for the query language (grammar in the module above). Positions in
//! errors are byte offsets in the input.

use super::{FIELDS, Field, Node, QueryError, State, Term, Text, Value, date};
use crate::fold::fold;
use crate::highlight::{MatchMode, WordMatcher};

/// Parses `input`; `None` for the empty query.
pub(super) fn parse(input: &str) -> Result<Option<Node>, QueryError> {
    let mut parser = Parser { src: input, pos: 0 };
    let root = parser.or_expr()?;
    parser.skip_ws();
    if parser.pos < input.len() {
        // `or_expr` stops only at the end or at a `)`.
        return Err(QueryError::new("unmatched `)`", parser.pos));
    }
    Ok(root)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

/// Characters that end a bare word or an unquoted value.
fn ends_token(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')'
}

/// Builds an AND or OR node from its parts, flattening nested ones of the same kind.
fn join(nodes: Vec<Node>, and: bool) -> Node {
    let mut flat = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            Node::And(inner) if and => flat.extend(inner),
            Node::Or(inner) if !and => flat.extend(inner),
            other => flat.push(other),
        }
    }
    if flat.len() == 1 {
        flat.pop().expect("one node")
    } else if and {
        Node::And(flat)
    } else {
        Node::Or(flat)
    }
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// Whether the upper-case keyword `word` stands here on its own.
    fn at_keyword(&self, word: &str) -> bool {
        self.rest()
            .strip_prefix(word)
            .is_some_and(|after| after.chars().next().is_none_or(ends_token))
    }

    /// True at the end, at a `)` or at `OR`: where an AND sequence stops.
    fn at_and_end(&self) -> bool {
        matches!(self.peek(), None | Some(')')) || self.at_keyword("OR")
    }

    fn or_expr(&mut self) -> Result<Option<Node>, QueryError> {
        let mut alternatives = Vec::new();
        let mut pending_or: Option<usize> = None;
        loop {
            let terms = self.and_expr()?;
            if self.at_keyword("OR") {
                if terms.is_empty() {
                    return Err(QueryError::new("`OR` needs a term before it", self.pos));
                }
                alternatives.push(join(terms, true));
                pending_or = Some(self.pos);
                self.pos += 2;
                continue;
            }
            if terms.is_empty() {
                if let Some(at) = pending_or {
                    return Err(QueryError::new("`OR` needs a term after it", at));
                }
                return Ok(None);
            }
            alternatives.push(join(terms, true));
            return Ok(Some(join(alternatives, false)));
        }
    }

    fn and_expr(&mut self) -> Result<Vec<Node>, QueryError> {
        let mut terms = Vec::new();
        loop {
            self.skip_ws();
            if self.at_and_end() {
                return Ok(terms);
            }
            if self.at_keyword("AND") {
                let at = self.pos;
                if terms.is_empty() {
                    return Err(QueryError::new("`AND` needs a term before it", at));
                }
                self.pos += 3;
                self.skip_ws();
                if self.at_and_end() || self.at_keyword("AND") {
                    return Err(QueryError::new("`AND` needs a term after it", at));
                }
                continue;
            }
            terms.push(self.unary()?);
        }
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        let start = self.pos;
        match self.peek() {
            Some('-') => {
                self.pos += 1;
                if self.peek().is_none_or(ends_token) && self.peek() != Some('(') {
                    return Err(QueryError::new("nothing to negate after `-`", start));
                }
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Some('(') => {
                self.pos += 1;
                let inner = self.or_expr()?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(QueryError::new("unclosed `(`", start));
                }
                self.pos += 1;
                inner.ok_or_else(|| QueryError::new("empty `( )`", start))
            }
            Some('"') => {
                let raw = self.quoted()?;
                if raw.trim().is_empty() {
                    return Err(QueryError::new("empty phrase", start));
                }
                Ok(Node::Term(Term::Text(text(raw, true))))
            }
            _ => self.field_or_word(),
        }
    }

    /// A `"…"` string starting here, with `\"` and `\\` escapes; returns its content.
    fn quoted(&mut self) -> Result<String, QueryError> {
        let start = self.pos;
        let mut out = String::new();
        let mut chars = self.src[start + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos = start + 1 + i + 1;
                    return Ok(out);
                }
                '\\' => match chars.clone().next() {
                    Some((_, next @ ('"' | '\\'))) => {
                        chars.next();
                        out.push(next);
                    }
                    _ => out.push('\\'),
                },
                c => out.push(c),
            }
        }
        Err(QueryError::new("unclosed quote", start))
    }

    /// An unquoted run up to a space or parenthesis.
    fn bare(&mut self) -> &str {
        let start = self.pos;
        let len = self.rest().find(ends_token).unwrap_or(self.rest().len());
        self.pos += len;
        &self.src[start..self.pos]
    }

    fn field_or_word(&mut self) -> Result<Node, QueryError> {
        let start = self.pos;
        let name_len = self
            .rest()
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(self.rest().len());
        if name_len == 0 || !self.rest()[name_len..].starts_with(':') {
            let raw = self.bare().to_string();
            return Ok(Node::Term(Term::Text(text(raw, false))));
        }
        let name = self.rest()[..name_len].to_ascii_lowercase();
        self.pos += name_len + 1;
        let value_at = self.pos;
        let (raw, quoted) = if self.peek() == Some('"') {
            (self.quoted()?, true)
        } else {
            (self.bare().to_string(), false)
        };
        if raw.trim().is_empty() {
            return Err(QueryError::new(
                format!("`{name}:` needs a value"),
                value_at,
            ));
        }
        let value = |strip_star: bool| {
            let trimmed = if strip_star && !quoted {
                raw.trim_end_matches('*')
            } else {
                raw.as_str()
            };
            Value {
                folded: fold(trimmed.trim()),
                raw: raw.clone(),
                quoted,
            }
        };
        let contains = |field| Term::Contains {
            field,
            value: value(true),
        };
        let term = match name.as_str() {
            "tag" | "tags" => Term::Tag {
                prefix: !quoted && raw.ends_with('*'),
                value: value(true),
            },
            "author" | "authors" => contains(Field::Author),
            "title" => contains(Field::Title),
            "source" => contains(Field::Source),
            "lang" => contains(Field::Lang),
            "date" => {
                let term = date::parse_term(raw.trim()).map_err(|(message, at)| {
                    let offset = if quoted { 1 } else { 0 };
                    QueryError::new(message, value_at + offset + at)
                })?;
                Term::Date(term)
            }
            "is" => Term::Is(match raw.trim().to_ascii_lowercase().as_str() {
                "read" => State::Read,
                "unread" => State::Unread,
                "starred" => State::Starred,
                "unstarred" => State::Unstarred,
                _ => {
                    return Err(QueryError::new(
                        format!("`is:{raw}`: use is:read, is:unread, is:starred or is:unstarred"),
                        value_at,
                    ));
                }
            }),
            _ => {
                return Err(QueryError::new(
                    format!(
                        "unknown field `{}:` (fields: {})",
                        &self.src[start..start + name_len],
                        FIELDS.join(", ")
                    ),
                    start,
                ));
            }
        };
        Ok(Node::Term(term))
    }
}

/// A bare word (a trailing `*` changes nothing: words match at word starts anyway) or a phrase.
fn text(raw: String, quoted: bool) -> Text {
    let pattern = if quoted {
        raw.as_str()
    } else {
        raw.trim_end_matches('*')
    };
    Text {
        matcher: WordMatcher::new(pattern, MatchMode::WordStart),
        raw,
        quoted,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse as parse_query;
    use super::*;

    fn tree(input: &str) -> String {
        fn show(node: &Node) -> String {
            match node {
                Node::And(n) => {
                    format!("AND({})", n.iter().map(show).collect::<Vec<_>>().join(","))
                }
                Node::Or(n) => format!("OR({})", n.iter().map(show).collect::<Vec<_>>().join(",")),
                Node::Not(n) => format!("NOT({})", show(n)),
                Node::Term(t) => t.to_string(),
            }
        }
        parse(input).unwrap().as_ref().map(show).unwrap_or_default()
    }

    fn error(input: &str) -> (String, usize) {
        let e = parse_query(input).unwrap_err();
        (e.message, e.position)
    }

    #[test]
    fn every_construct_parses() {
        assert_eq!(tree("kuril"), "kuril");
        assert_eq!(tree("kuril japan"), "AND(kuril,japan)");
        assert_eq!(tree("\"south china\""), "\"south china\"");
        assert_eq!(tree("-kuril"), "NOT(kuril)");
        assert_eq!(tree("-\"a b\""), "NOT(\"a b\")");
        assert_eq!(tree("-(a b)"), "NOT(AND(a,b))");
        assert_eq!(tree("-tag:x"), "NOT(tag:x)");
        assert_eq!(tree("tag:jap*"), "tag:jap*");
        assert_eq!(tree("title:\"a b\""), "title:\"a b\"");
        assert_eq!(tree("date:2013..2016"), "date:2013..2016");
        assert_eq!(tree("is:unread"), "is:unread");
        assert_eq!(tree("e-mail 10:30 c++"), "AND(e-mail,10:30,c++)");
        assert_eq!(tree("or and"), "AND(or,and)");
        assert_eq!(tree("a(b)c"), "AND(a,b,c)");
    }

    #[test]
    fn or_binds_looser_than_and() {
        assert_eq!(tree("a b OR c"), "OR(AND(a,b),c)");
        assert_eq!(tree("a OR b c"), "OR(a,AND(b,c))");
        assert_eq!(tree("a OR b OR c"), "OR(a,b,c)");
        assert_eq!(tree("(a OR b) c"), "AND(OR(a,b),c)");
        assert_eq!(tree("a AND b OR c"), "OR(AND(a,b),c)");
        assert_eq!(tree("-a OR b"), "OR(NOT(a),b)");
        assert_eq!(tree("a OR(b)"), "OR(a,b)");
        assert_eq!(tree("a ORb"), "AND(a,ORb)");
    }

    #[test]
    fn field_values() {
        assert_eq!(tree("TAG:Japan"), "tag:Japan");
        assert_eq!(tree("author:\"Céline Pajon\""), "author:\"Céline Pajon\"");
        assert_eq!(error("title:\"\""), ("`title:` needs a value".into(), 6));
        assert_eq!(tree("date:\">=2020\""), "date:>=2020");
        assert_eq!(tree("\"it\\\"s\""), "\"it\\\"s\"");
        assert_eq!(tree("\"a\\b\""), "\"a\\\\b\"");
    }

    #[test]
    fn errors_say_what_and_where() {
        let (m, p) = error("kuril foo:bar");
        assert_eq!(p, 6);
        assert!(m.contains("foo") && m.contains("tag, author, title"), "{m}");
        assert_eq!(error("a \"open phrase"), ("unclosed quote".into(), 2));
        assert_eq!(error("title:\"open"), ("unclosed quote".into(), 6));
        assert_eq!(error("(a b"), ("unclosed `(`".into(), 0));
        assert_eq!(error("a (b (c)"), ("unclosed `(`".into(), 2));
        assert_eq!(error("a b)"), ("unmatched `)`".into(), 3));
        assert_eq!(error(")"), ("unmatched `)`".into(), 0));
        assert_eq!(error("a ()"), ("empty `( )`".into(), 2));
        assert_eq!(error("OR a"), ("`OR` needs a term before it".into(), 0));
        assert_eq!(error("a OR"), ("`OR` needs a term after it".into(), 2));
        assert_eq!(
            error("a OR OR b"),
            ("`OR` needs a term before it".into(), 5)
        );
        assert_eq!(error("(a OR) b"), ("`OR` needs a term after it".into(), 3));
        assert_eq!(error("AND a"), ("`AND` needs a term before it".into(), 0));
        assert_eq!(error("a AND"), ("`AND` needs a term after it".into(), 2));
        assert_eq!(error("a - b"), ("nothing to negate after `-`".into(), 2));
        assert_eq!(error("a -"), ("nothing to negate after `-`".into(), 2));
        assert_eq!(error("a \"  \""), ("empty phrase".into(), 2));
        assert_eq!(error("tag:"), ("`tag:` needs a value".into(), 4));
        assert_eq!(error("tag: japan").1, 4);
        assert_eq!(error("date:2014-13").1, 5);
        assert_eq!(error("date:2013..20x").1, 11);
        assert_eq!(error("date:\"2013..20x\"").1, 12);
        assert!(error("date:2014-13").0.contains("2014-13"));
        assert_eq!(error("is:happy").1, 3);
        assert!(error("is:happy").0.contains("is:read"));
        assert_eq!(error("été foo:x").1, 6);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "-", "--", "-(", "(((", ")))", "\"", "\\", "\"\\", "a:", ":", "::", "*", "-*",
            "\u{301}", "OR", "AND", "a OR -", "date:..", "tag:*",
        ] {
            let _ = parse_query(input);
        }
        assert!(parse_query("*").is_ok());
        assert!(parse_query("tag:*").is_ok());
    }
}
