//! The filters in force on the list, and how they narrow it.

use crate::fold::fold;
use crate::library::Article;
use crate::query::Query;

/// One filter. Filters combine: an article is shown when it passes all of them.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Articles with any of these tags (the tag picker adds one; `T` adds the selected article's).
    Tags(Vec<String>),
    /// Articles by any of these authors.
    Authors(Vec<String>),
    /// A query typed at the `/` prompt or given with `-q`.
    Query { text: String, query: Query },
}

impl Filter {
    /// The filter as the status bar shows it, in the query language where it has a form there.
    pub fn label(&self) -> String {
        match self {
            Filter::Tags(tags) => format!("tag:{}", join_values(tags)),
            Filter::Authors(authors) => format!("author:{}", join_values(authors)),
            Filter::Query { text, .. } => format!("/{text}"),
        }
    }

    pub fn needs_body(&self) -> bool {
        matches!(self, Filter::Query { query, .. } if query.needs_body())
    }
}

fn join_values(values: &[String]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|v| {
            if v.contains(' ') {
                format!("\"{v}\"")
            } else {
                v.clone()
            }
        })
        .collect();
    quoted.join("|")
}

/// Values of a facet (tags or authors) over some articles, with how many articles have each,
/// most frequent first. Values that differ only in case or accents count as one.
pub fn facet_counts<'a>(
    articles: impl Iterator<Item = &'a Article>,
    values: impl Fn(&'a Article) -> &'a [String],
) -> Vec<(String, usize)> {
    let mut counts: std::collections::HashMap<String, (String, usize)> = Default::default();
    for article in articles {
        let mut seen_here = std::collections::HashSet::new();
        for value in values(article) {
            let key = fold(value);
            if seen_here.insert(key.clone()) {
                counts.entry(key).or_insert_with(|| (value.clone(), 0)).1 += 1;
            }
        }
    }
    let mut list: Vec<(String, usize)> = counts.into_values().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| fold(&a.0).cmp(&fold(&b.0))));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_counts_merge_case_and_sort_by_count() {
        let articles = [
            Article::sample("A", &["Japan", "russia"], &[]),
            Article::sample("A", &["japan"], &[]),
            Article::sample("A", &["Energy"], &[]),
        ];
        let counts = facet_counts(articles.iter(), |a| &a.tags);
        assert_eq!(counts[0], ("Japan".to_string(), 2));
        assert_eq!(counts.len(), 3);
    }

    #[test]
    fn labels_quote_values_with_spaces() {
        let f = Filter::Authors(vec!["Céline Pajon".into(), "X".into()]);
        assert_eq!(f.label(), "author:\"Céline Pajon\"|X");
    }
}
