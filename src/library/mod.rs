//! Finding articles on disk and reading their front matter.

mod article;

pub use article::{Article, Date, Format, Problem};

use std::path::{Path, PathBuf};

/// Everything loaded from the paths given: articles in scan order, and what was wrong.
#[derive(Debug, Default, Clone)]
pub struct Library {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// Loads every article under `paths` (files or folders, recursively). Never fails: a path that
/// does not exist or a file that cannot be read becomes a [`Problem`].
pub fn load(paths: &[PathBuf]) -> Library {
    let _ = paths;
    todo!("library::load")
}

/// Parses one file's bytes (front matter, title fallbacks, dates, tags). `path` is used for the
/// file-name date, the title fallback and problems; `authors.yml` resolution is done by [`load`].
pub fn parse_article(path: &Path, bytes: &[u8]) -> (Article, Vec<Problem>) {
    let _ = (path, bytes);
    todo!("library::parse_article")
}

/// Reads an article's body (everything after the front matter), decoded to UTF-8.
pub fn read_body(article: &Article) -> std::io::Result<String> {
    let _ = article;
    todo!("library::read_body")
}
