//! The headless commands: `list`, `check`, `tags`, `authors`, `show`. They use the same loader and
//! query engine as the reader, and everything from a file is sanitized (or JSON-escaped) before it
//! reaches stdout.

use crate::app::{Sort, facet_counts};
use crate::cli::Format;
use crate::library::{self, Article, Items, Library};
use crate::query::{Query, Subject};
use crate::sanitize::sanitize;
use crate::text::Document;
use rayon::prelude::*;
use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

/// The articles of `library` that match `query`, in `sort` order (indices into `articles`).
/// Bodies are searched only when the query has bare words or phrases, and only for articles
/// whose metadata does not decide ([`library::search_bodies`]).
pub fn matching(library: &Library, query: &Query, sort: Sort) -> Vec<usize> {
    let mut hits = matching_unsorted(library, query);
    hits.sort_unstable();
    sort.apply(&library.articles, &mut hits);
    hits
}

/// The articles of `library` that match `query`, in no particular order (enough for `--count`,
/// which so skips the sort).
pub fn matching_unsorted(library: &Library, query: &Query) -> Vec<usize> {
    if query.needs_body() {
        let all: Vec<usize> = (0..library.articles.len()).collect();
        let found = Mutex::new(Vec::new());
        library::search_bodies(
            &library.articles,
            &all,
            query,
            &AtomicBool::new(false),
            &|i| found.lock().unwrap_or_else(|e| e.into_inner()).push(i),
            &|_| {},
        );
        found.into_inner().unwrap_or_else(|e| e.into_inner())
    } else {
        library
            .articles
            .par_iter()
            .enumerate()
            .filter(|(_, article)| {
                query.matches(&Subject {
                    article,
                    body: None,
                    read: false,
                    starred: false,
                })
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// `quire list`: one line (or JSON object) per matching article.
pub fn list(
    out: &mut dyn Write,
    library: &Library,
    hits: &[usize],
    format: Format,
) -> io::Result<()> {
    let articles = hits.iter().filter_map(|&i| library.articles.get(i));
    match format {
        Format::Json => {
            let rows: Vec<JsonRow> = articles.map(json_row).collect();
            let text = serde_json::to_string_pretty(&rows).map_err(io::Error::other)?;
            writeln!(out, "{}", escape_json_controls(&text))
        }
        Format::Tsv => {
            writeln!(out, "path\tdate\ttitle\tauthors\ttags")?;
            for a in articles {
                let fields = [
                    a.path().display().to_string(),
                    date_text(a),
                    a.title().to_string(),
                    a.authors().join(", "),
                    a.tags().join(", "),
                ];
                let fields: Vec<String> = fields.iter().map(|f| one_line(f)).collect();
                writeln!(out, "{}", fields.join("\t"))?;
            }
            Ok(())
        }
        Format::Table => {
            for a in articles {
                let authors = if a.authors().is_empty() {
                    String::new()
                } else {
                    format!("  — {}", a.authors().join(", "))
                };
                writeln!(
                    out,
                    "{:<10}  {}{}",
                    date_text(a),
                    one_line(a.title()),
                    one_line(&authors)
                )?;
            }
            Ok(())
        }
    }
}

fn date_text(a: &Article) -> String {
    a.date.map(|d| d.to_string()).unwrap_or_default()
}

/// A value as one safe line: controls made visible, tabs and newlines become spaces.
fn one_line(s: &str) -> String {
    sanitize(&s.replace(['\t', '\n', '\r'], " ")).into_owned()
}

/// One article in `quire list --format json`, fields in the order DESIGN names them.
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    path: String,
    title: &'a str,
    authors: Items<'a>,
    date: Option<String>,
    tags: Items<'a>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    summary: Option<&'a str>,
    lang: Option<&'a str>,
    read: bool,
    starred: bool,
}

fn json_row(a: &Article) -> JsonRow<'_> {
    JsonRow {
        path: a.path().display().to_string(),
        title: a.title(),
        authors: a.authors(),
        date: a.date.map(|d| d.to_string()),
        tags: a.tags(),
        source: a.source(),
        url: a.url(),
        summary: a.summary(),
        lang: a.lang(),
        read: false,
        starred: false,
    }
}

/// serde_json leaves DEL, C1 controls and bidirectional controls as raw characters; a terminal
/// showing the output could act on them, so they become `\uXXXX` escapes (they can only occur
/// inside strings, where the escape means the same character).
pub fn escape_json_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if crate::sanitize::is_dangerous_in_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `quire check`: one line per problem. Returns how many there were.
pub fn check(out: &mut dyn Write, library: &Library) -> io::Result<usize> {
    for problem in &library.problems {
        writeln!(out, "{}", one_line(&problem.to_string()))?;
    }
    Ok(library.problems.len())
}

/// `quire tags` / `quire authors`: values with their article counts, most frequent first.
pub fn facet(out: &mut dyn Write, library: &Library, authors: bool) -> io::Result<()> {
    let counts = if authors {
        facet_counts(library.articles.iter(), Article::authors)
    } else {
        facet_counts(library.articles.iter(), Article::tags)
    };
    for (value, count) in counts {
        writeln!(out, "{count:>6}  {}", one_line(&value))?;
    }
    Ok(())
}

/// `quire show`: the article's metadata, then its body laid out as in the reader, without styles.
pub fn show(out: &mut dyn Write, article: &Article, body: &str, width: u16) -> io::Result<()> {
    writeln!(out, "{}", one_line(article.title()))?;
    let mut meta = Vec::new();
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
        writeln!(out, "{}", one_line(&meta.join(" · ")))?;
    }
    if !article.tags().is_empty() {
        writeln!(out, "tags: {}", one_line(&article.tags().join(", ")))?;
    }
    if let Some(url) = article.url() {
        writeln!(out, "{}", one_line(url))?;
    }
    writeln!(out)?;
    let doc = match article.format {
        library::Format::Markdown => Document::markdown(body),
        library::Format::Text => Document::plain(body),
    };
    for line in doc.layout(width) {
        let text: String = line.spans.iter().map(|s| s.text.as_str()).collect();
        // The layout is sanitized already; once more costs little and guards the edge.
        writeln!(out, "{}", sanitize(text.trim_end()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_output_escapes_c1_and_bidi_controls() {
        let escaped = escape_json_controls("\"a\u{9b}b\u{202e}c\u{7f}\"");
        assert_eq!(escaped, "\"a\\u009bb\\u202ec\\u007f\"");
    }

    #[test]
    fn one_line_flattens_and_sanitizes() {
        let line = one_line("a\tb\nc\u{1b}[2J");
        assert!(!line.contains(['\t', '\n', '\u{1b}']));
        assert!(line.starts_with("a b c"));
    }
}
