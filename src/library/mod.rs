//! Finding articles on disk and reading their front matter.
//!
//! `load` walks the paths ([`scan`]), reads only the start of each file in parallel (front matter
//! plus enough body for a fallback title), then resolves author keys through `authors.yml`. The
//! body is read later by [`read_body`], from [`Article::body_offset`].

mod article;
mod authors_file;
mod date;
mod decode;
mod fields;
mod front_matter;
mod parse;
mod scan;
mod title;
mod value;

pub use article::{Article, Date, Format, Problem};
pub use date::parse_date;
pub use scan::is_article_file;

use decode::{Encoding, decode, sniff};
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// How much of each file `load` reads first: front matter and the start of the body.
pub const HEAD_BYTES: usize = 64 * 1024;
/// Front matter larger than this is not parsed (a problem).
pub const MAX_FRONT_MATTER: usize = 256 * 1024;
/// `read_body` stops after this much: nobody reads a 64 MiB article in a terminal, and a hostile
/// multi-gigabyte file must not take the memory.
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Everything loaded from the paths given: articles in scan order, and what was wrong.
#[derive(Debug, Default, Clone)]
pub struct Library {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// Loads every article under `paths` (files or folders, recursively). Never fails: a path that
/// does not exist or a file that cannot be read becomes a [`Problem`].
pub fn load(paths: &[PathBuf]) -> Library {
    let scan = scan::scan(paths);
    let loaded: Vec<Result<(Article, Vec<Problem>), Problem>> =
        scan.files.par_iter().map(|path| load_file(path)).collect();

    let mut library = Library {
        articles: Vec::with_capacity(loaded.len()),
        problems: scan.problems,
    };
    for result in loaded {
        match result {
            Ok((article, problems)) => {
                library.articles.push(article);
                library.problems.extend(problems);
            }
            Err(problem) => library.problems.push(problem),
        }
    }
    let mut authors = authors_file::AuthorsFiles::default();
    for article in &mut library.articles {
        authors.resolve(article);
    }
    library.problems.extend(authors.problems);
    library
}

/// Parses one file's bytes (front matter, title fallbacks, dates, tags). `path` is used for the
/// file-name date, the title fallback and problems; `authors.yml` resolution is done by [`load`].
pub fn parse_article(path: &Path, bytes: &[u8]) -> (Article, Vec<Problem>) {
    let parsed = parse::parse_head(path, bytes, true);
    (parsed.article, parsed.problems)
}

/// Reads an article's body (everything after the front matter), decoded to UTF-8.
pub fn read_body(article: &Article) -> io::Result<String> {
    let mut file = File::open(&article.path)?;
    let mut start = [0u8; 3];
    let mut got = 0;
    while got < start.len() {
        match file.read(start.get_mut(got..).unwrap_or_default())? {
            0 => break,
            n => got += n,
        }
    }
    // Only the byte-order mark matters here: a binary file never became an article.
    let encoding = match start.get(..got).and_then(sniff) {
        Some(Encoding::Utf16Le) => Encoding::Utf16Le,
        Some(Encoding::Utf16Be) => Encoding::Utf16Be,
        Some(Encoding::Utf8 { bom: true }) => Encoding::Utf8 { bom: true },
        _ => Encoding::Utf8 { bom: false },
    };
    let offset = article.body_offset.max(encoding.bom_len() as u64);
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::new();
    file.take(MAX_BODY_BYTES).read_to_end(&mut bytes)?;
    Ok(decode(&bytes, encoding, true).text)
}

/// Reads and parses one file found by the scan; `Err` when it is not an article at all.
fn load_file(path: &Path) -> Result<(Article, Vec<Problem>), Problem> {
    let problem = |reason: String| Problem {
        path: path.to_path_buf(),
        line: None,
        reason,
    };
    let mut file = File::open(path).map_err(|e| problem(io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| problem(io_reason(&e)))?;
    if !meta.is_file() {
        return Err(problem("not a regular file".to_string()));
    }
    let (bytes, complete) = read_head(&mut file).map_err(|e| problem(io_reason(&e)))?;
    let parsed = parse::parse_head(path, &bytes, complete);
    if parsed.binary {
        return Err(problem("binary file".to_string()));
    }
    let mut article = parsed.article;
    article.size = meta.len();
    Ok((article, parsed.problems))
}

/// The start of a file: [`HEAD_BYTES`], more while the front matter is still open, up to the
/// front-matter cap. Also says whether that is the whole file.
fn read_head(file: &mut File) -> io::Result<(Vec<u8>, bool)> {
    // A BOM, the cap, and room for both fence lines (UTF-16 takes twice the bytes).
    let limit = 2 * (MAX_FRONT_MATTER + 1024);
    let mut bytes = Vec::with_capacity(HEAD_BYTES);
    let mut want = HEAD_BYTES;
    loop {
        let missing = want.saturating_sub(bytes.len());
        let got = file.by_ref().take(missing as u64).read_to_end(&mut bytes)?;
        let complete = got < missing;
        if complete || bytes.len() >= limit || !parse::front_matter_is_open(&bytes) {
            return Ok((bytes, complete));
        }
        want = (want * 2).min(limit);
    }
}

/// Reads at most `cap` bytes of a file; says whether that was all of it.
fn read_capped(path: &Path, cap: usize) -> io::Result<(Vec<u8>, bool)> {
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(cap as u64 + 1).read_to_end(&mut bytes)?;
    let complete = bytes.len() <= cap;
    bytes.truncate(cap);
    Ok((bytes, complete))
}

/// An I/O error as a problem reason: `permission denied`, not `Permission denied (os error 13)`.
fn io_reason(err: &io::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(cut) => text.get(..cut).unwrap_or(&text).to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "cannot be read".to_string(),
    }
}
