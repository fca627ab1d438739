//! The filters in force on the list, and how they narrow it.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_quote_values_with_spaces() {
        let f = Filter::Authors(vec!["Céline Pajon".into(), "X".into()]);
        assert_eq!(f.label(), "author:\"Céline Pajon\"|X");
    }
}
