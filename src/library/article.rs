//! What quire knows about one article once its front matter is read.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Text,
}

/// One article: its metadata, and where its body starts in the file (the body itself is read only
/// when the article is opened or searched, so that a large library starts fast).
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
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
    /// Byte offset of the body: just past the closing fence, or 0 without front matter.
    pub body_offset: u64,
    /// File size in bytes when it was read.
    pub size: u64,
    pub format: Format,
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
        Article {
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
        }
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
}
