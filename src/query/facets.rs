//! Tag and author terms answered once per distinct value instead of once per article.
//!
//! A library of 100,000 articles has a few thousand distinct tags and authors. `tag:jap*` or
//! `author:pajon` is decided for each distinct value when the query is prepared; an article then
//! only looks up its value ids. This keeps a keystroke in the query prompt within a frame.

use super::eval;
use super::{Field, FoldedRef, Node, Query, Subject, Term};

/// The distinct folded values of the library's tags and authors, by id.
pub struct FacetValues<'a> {
    pub tags: &'a [String],
    pub authors: &'a [String],
}

/// An article's tag and author ids (indices into [`FacetValues`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct FacetIds<'a> {
    pub tags: &'a [u32],
    pub authors: &'a [u32],
}

/// For each tag or author term of a query, in the order [`visit`] meets them, which value ids
/// satisfy it.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    sets: Vec<Vec<bool>>,
}

impl Prepared {
    /// Whether the query has tag or author terms: without, [`Query::matches_prepared`] needs no
    /// [`FacetIds`] (empty ones do).
    pub fn has_facet_terms(&self) -> bool {
        !self.sets.is_empty()
    }
}

impl Query {
    /// Decides every tag and author term for every distinct value.
    pub fn prepare(&self, values: &FacetValues) -> Prepared {
        let mut sets = Vec::new();
        if let Some(root) = &self.root {
            collect(root, values, &mut sets);
        }
        Prepared { sets }
    }

    /// Like [`Query::matches_folded`], with tag and author terms answered through `prepared`
    /// and the article's `ids`. `prepared` must come from this query and values the ids index.
    pub fn matches_prepared<'f>(
        &self,
        subject: &Subject,
        folded: impl Into<FoldedRef<'f>>,
        prepared: &Prepared,
        ids: FacetIds,
    ) -> bool {
        match &self.root {
            None => true,
            Some(root) => {
                let mut next = 0;
                visit(root, subject, &folded.into(), prepared, ids, &mut next)
            }
        }
    }
}

fn facet_term(term: &Term) -> Option<FacetKind> {
    match term {
        Term::Tag { .. } => Some(FacetKind::Tag),
        Term::Contains {
            field: Field::Author,
            ..
        } => Some(FacetKind::Author),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum FacetKind {
    Tag,
    Author,
}

fn collect(node: &Node, values: &FacetValues, sets: &mut Vec<Vec<bool>>) {
    match node {
        Node::And(nodes) | Node::Or(nodes) => nodes.iter().for_each(|n| collect(n, values, sets)),
        Node::Not(node) => collect(node, values, sets),
        Node::Term(term) => match facet_term(term) {
            Some(FacetKind::Tag) => sets.push(
                values
                    .tags
                    .iter()
                    .map(|t| eval::tag_matches(term, t))
                    .collect(),
            ),
            Some(FacetKind::Author) => sets.push(
                values
                    .authors
                    .iter()
                    .map(|a| eval::author_matches(term, a))
                    .collect(),
            ),
            None => {}
        },
    }
}

/// How many facet terms `node` holds: a branch skipped by short-circuiting still advances the
/// numbering, so every term keeps the set `collect` made for it.
fn facet_terms(node: &Node) -> usize {
    match node {
        Node::And(nodes) | Node::Or(nodes) => nodes.iter().map(facet_terms).sum(),
        Node::Not(node) => facet_terms(node),
        Node::Term(term) => usize::from(facet_term(term).is_some()),
    }
}

fn visit(
    node: &Node,
    subject: &Subject,
    folded: &FoldedRef,
    prepared: &Prepared,
    ids: FacetIds,
    next: &mut usize,
) -> bool {
    match node {
        Node::And(nodes) | Node::Or(nodes) => {
            let all = matches!(node, Node::And(_));
            for (i, child) in nodes.iter().enumerate() {
                let hit = visit(child, subject, folded, prepared, ids, next);
                if hit != all {
                    *next += nodes
                        .get(i + 1..)
                        .unwrap_or_default()
                        .iter()
                        .map(facet_terms)
                        .sum::<usize>();
                    return !all;
                }
            }
            all
        }
        Node::Not(node) => !visit(node, subject, folded, prepared, ids, next),
        Node::Term(term) => match facet_term(term) {
            Some(kind) => {
                let set = prepared.sets.get(*next);
                *next += 1;
                let own = match kind {
                    FacetKind::Tag => ids.tags,
                    FacetKind::Author => ids.authors,
                };
                match set {
                    Some(set) => own
                        .iter()
                        .any(|&id| set.get(id as usize).copied().unwrap_or(false)),
                    // Not prepared (a caller bug): answer from the strings.
                    None => eval::term_matches(term, subject, folded),
                }
            }
            None => eval::term_matches(term, subject, folded),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::FoldedFields;
    use super::*;
    use crate::fold::fold;
    use crate::library::Article;

    #[test]
    fn prepared_answers_equal_the_string_answers() {
        let articles = [
            Article::sample("Kuril", &["Japan", "russia"], &["Céline Pajon"]),
            Article::sample("Gas", &["japan", "energy"], &["Richard Weitz"]),
            Article::sample("Nothing", &[], &[]),
            Article::sample("War", &["ukraine"], &["Céline Pajon", "X"]),
        ];
        // The distinct values, as the app interns them.
        let mut tags: Vec<String> = Vec::new();
        let mut authors: Vec<String> = Vec::new();
        let mut ids = Vec::new();
        for a in &articles {
            let mut own = (Vec::new(), Vec::new());
            for t in a.tags() {
                let f = fold(t);
                let id = tags.iter().position(|x| *x == f).unwrap_or_else(|| {
                    tags.push(f);
                    tags.len() - 1
                });
                own.0.push(id as u32);
            }
            for t in a.authors() {
                let f = fold(t);
                let id = authors.iter().position(|x| *x == f).unwrap_or_else(|| {
                    authors.push(f);
                    authors.len() - 1
                });
                own.1.push(id as u32);
            }
            ids.push(own);
        }
        let values = FacetValues {
            tags: &tags,
            authors: &authors,
        };
        for text in [
            "tag:japan",
            "tag:jap*",
            "-tag:japan",
            "author:pajon tag:ukraine",
            "author:weitz OR tag:ukraine",
            "(tag:energy OR author:celine) -tag:russia",
            "title:gas OR (tag:russia author:pajon) OR tag:ukraine",
            "kuril OR author:x",
            "tag:nothing",
        ] {
            let query: Query = text.parse().unwrap();
            let prepared = query.prepare(&values);
            for (a, (t, au)) in articles.iter().zip(&ids) {
                let subject = Subject {
                    article: a,
                    body: None,
                    read: false,
                    starred: false,
                };
                let folded = FoldedFields::new(a, None);
                let facet_ids = FacetIds {
                    tags: t,
                    authors: au,
                };
                assert_eq!(
                    query.matches_prepared(&subject, &folded, &prepared, facet_ids),
                    query.matches_folded(&subject, &folded),
                    "{text} on {}",
                    a.title()
                );
            }
        }
    }
}
