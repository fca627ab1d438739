//! Finding articles on disk and reading their front matter.
//!
//! `load` walks the paths ([`scan`]), reads only the start of each file in parallel (front matter
//! plus enough body for a fallback title), then resolves author keys through `authors.yml`. The
//! body is read later by [`read_body`], from [`Article::body_offset`].

mod ahead;
mod article;
mod article_text;
mod authors_file;
mod cache;
mod cheap_hash;
mod date;
mod decode;
mod fields;
mod folder;
mod front_matter;
mod id_set;
mod parse;
mod scan;
mod search;
mod simple_yaml;
mod stream;
mod title;
mod value;

pub use article::{Article, ArticleParts, Date, Format, ITEM_END, Items, Problem};
pub use cache::VERSION as CACHE_VERSION;
pub use date::parse_date;
pub use folder::make_room_for_descriptors;
pub use scan::is_article_file;
pub use search::{BodySearch, search_bodies, search_bodies_with_state};
pub use stream::{
    BATCH_ARTICLES, BATCH_INTERVAL, LoadEvent, LoadOptions, LoadReport, load_streaming,
};

use cache::Entry;

use decode::{Encoding, decode, sniff};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// How much of each file `load` reads first: the front matter, usually whole (the generated
/// library's longest tenth are 330 bytes, the real blogs' 160), and the start of the body. Files
/// whose front matter is longer are read on; see [`HEAD_BYTES`]. Not a page: the bytes read are
/// copied, looked through for NUL and checked as UTF-8, and a page of them was a third of the
/// time spent parsing.
pub const FIRST_READ: usize = 1024;
/// How much of a file is read at most for its title when the front matter gives none (the first
/// heading or line of the body).
pub const HEAD_BYTES: usize = 64 * 1024;
/// Front matter larger than this is not parsed (a problem).
pub const MAX_FRONT_MATTER: usize = 256 * 1024;
/// `read_body` stops after this much: nobody reads a 64 MiB article in a terminal, and a hostile
/// multi-gigabyte file must not take the memory.
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Everything loaded from the paths given: articles in scan order, and what was wrong.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Library {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// Loads every article under `paths` (files or folders, recursively). Never fails: a path that
/// does not exist or a file that cannot be read becomes a [`Problem`]. Articles come in scan
/// order (each path given in turn, sorted by path within it); problems in a fixed order too. No
/// cache: see [`load_cached`].
pub fn load(paths: &[PathBuf]) -> Library {
    load_cached(paths, None).0
}

/// [`load`] through the metadata cache in `cache_dir` (`paths::cache_dir()`; `None`: no cache):
/// with a warm cache, files are only stat'ed. The report says how many files were taken from
/// the cache and carries the cache's warnings (damaged, not writable), which are not problems
/// of the library: print them on stderr.
pub fn load_cached(paths: &[PathBuf], cache_dir: Option<PathBuf>) -> (Library, LoadReport) {
    // Each article goes straight to its place in scan order, in one vector of the expected size
    // filled as chunks come (a hole where a file was no article); the holes are closed up in
    // place at the end. Joining the chunks into a new vector took 10 MB of fresh memory on one
    // core after the load, and fresh memory is what this costs most.
    let collected: std::sync::Mutex<Placed> = Default::default();
    let lock = || collected.lock().unwrap_or_else(|e| e.into_inner());
    let sink = |loaded: Vec<Vec<stream::Loaded>>, problems: Vec<(stream::Order, Problem)>| {
        let mut all = lock();
        all.place(loaded.into_iter().flatten());
        all.problems.extend(problems);
    };
    // Room only: the memory is touched as the articles come, by the workers.
    let expect = |files: usize| lock().articles.reserve_exact(files);
    let close_up = || lock().take_articles();
    let (report, articles) = stream::run(
        paths,
        &LoadOptions { cache_dir },
        stream::Delivery::AsMade(&sink),
        &|_| {},
        expect,
        close_up,
    );
    let mut problems = collected
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .problems;
    // Stable: a file's own problems keep their order (by line, as parsed).
    problems.sort_by_key(|p| p.0);
    let library = Library {
        articles,
        problems: problems.into_iter().map(|(_, p)| p).collect(),
    };
    (library, report)
}

/// What [`load_cached`] collects: articles by their place in scan order, and problems.
#[derive(Default)]
struct Placed {
    articles: Vec<Option<Article>>,
    problems: Vec<(stream::Order, Problem)>,
}

impl Placed {
    fn place(&mut self, loaded: impl Iterator<Item = stream::Loaded>) {
        for stream::Loaded { seq, article } in loaded {
            if seq >= self.articles.len() {
                self.articles.resize_with(seq + 1, || None);
            }
            self.articles[seq] = Some(article);
        }
    }

    /// The articles in scan order, holes closed up in place (`filter_map` reuses the vector).
    fn take_articles(&mut self) -> Vec<Article> {
        let placed = std::mem::take(&mut self.articles);
        #[allow(
            clippy::filter_map_identity,
            reason = "`flatten` would collect into a new vector; `filter_map` reuses this one"
        )]
        placed.into_iter().filter_map(|a| a).collect()
    }
}

/// Parses one file's bytes (front matter, title fallbacks, dates, tags). `path` is used for the
/// file-name date, the title fallback and problems; `authors.yml` resolution is done by [`load`].
pub fn parse_article(path: &Path, bytes: &[u8]) -> (Article, Vec<Problem>) {
    let parsed = parse::parse_head(path, bytes, true);
    (parsed.article, parsed.problems)
}

/// Reads an article's body (everything after the front matter), decoded to UTF-8.
pub fn read_body(article: &Article) -> io::Result<String> {
    let mut file = open_regular(article.path())?;
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
    // Room for the body as the scan saw it: grown by doubling, a 20 MB body took 32 MB and
    // copies on the way; and valid UTF-8 becomes the string without a second copy.
    let expected = article.size.saturating_sub(offset).min(MAX_BODY_BYTES);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(MAX_BODY_BYTES).read_to_end(&mut bytes)?;
    if let Encoding::Utf8 { .. } = encoding {
        return Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| decode(e.as_bytes(), encoding, true).text.into_owned()));
    }
    Ok(decode(&bytes, encoding, true).text.into_owned())
}

/// Opens `path` for reading if it is a regular file. The scan only keeps regular files, but one
/// may have been replaced since (by a FIFO, which a blocking open would wait on forever, or a
/// device): opened without blocking, then checked, with one lookup of the path.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    folder::regular(folder::open_path(path)?)
}

/// Reads and parses one file found by the scan, opened already; `size` is what its stat said.
/// `Err` when it cannot be read (not cached: it may be readable next time). The article is not
/// yet at its path: the scan's own path is moved in ([`Article::place`]) rather than copied.
fn load_file(
    path: &Path,
    mut file: File,
    size: u64,
    bytes: &mut Vec<u8>,
) -> Result<Entry, Problem> {
    let problem = |err: io::Error| Problem {
        path: path.to_path_buf(),
        line: None,
        reason: io_reason(&err),
    };
    bytes.clear();
    let mut complete = fill_to(&mut file, bytes, FIRST_READ, size).map_err(problem)?;
    let mut parsed = parse::parse_head_unplaced(path, bytes, complete);
    if parsed.front_matter_open && !complete {
        // A front matter longer than the first read (which most are not: the parse has looked
        // for its end already, and no other look is made).
        complete = read_head(&mut file, bytes, 2 * FIRST_READ, size).map_err(problem)?;
        parsed = parse::parse_head_unplaced(path, bytes, complete);
    }
    if parsed.title_from_body && !complete && bytes.len() < HEAD_BYTES {
        // No title in the front matter: the body's first heading may lie further on.
        complete = read_head(&mut file, bytes, HEAD_BYTES, size).map_err(problem)?;
        parsed = parse::parse_head_unplaced(path, bytes, complete);
    }
    if parsed.binary {
        return Ok(Entry::NotArticle("binary file".to_string()));
    }
    let mut article = parsed.article;
    article.size = size;
    Ok(Entry::Article(article, parsed.problems))
}

/// Reads the start of a file into `bytes`, after what it holds already: `want` bytes in all
/// (more while the front matter is still open, up to the front-matter cap). Says whether that is
/// the whole file. `size` is the file's size as stat'ed: a file read up to it is whole without
/// another `read` to see the end (one call instead of two for most articles).
fn read_head(file: &mut File, bytes: &mut Vec<u8>, mut want: usize, size: u64) -> io::Result<bool> {
    // A BOM, the cap, and room for both fence lines (UTF-16 takes twice the bytes).
    let limit = 2 * (MAX_FRONT_MATTER + 1024);
    loop {
        let complete = fill_to(file, bytes, want, size)?;
        if complete || bytes.len() >= limit || !parse::front_matter_is_open(bytes) {
            return Ok(complete);
        }
        want = (want * 2).min(limit);
    }
}

/// Reads the start of a file into `bytes`, after what it holds already: `want` bytes in all,
/// and says whether that is the whole file (see [`read_head`] for `size`).
fn fill_to(file: &mut File, bytes: &mut Vec<u8>, want: usize, size: u64) -> io::Result<bool> {
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let reached_end = fill(file, bytes, want.min(size))?;
    Ok(reached_end || (bytes.len() >= size && size <= want))
}

/// Reads until `bytes` holds `target` bytes; true when the file ended first.
fn fill(file: &mut File, bytes: &mut Vec<u8>, target: usize) -> io::Result<bool> {
    if bytes.len() >= target {
        return Ok(false);
    }
    let start = bytes.len();
    bytes.resize(target, 0);
    let mut len = start;
    let result = loop {
        match file.read(&mut bytes[len..]) {
            Ok(0) => break Ok(true),
            Ok(n) => {
                len += n;
                if len >= target {
                    break Ok(false);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break Err(e),
        }
    };
    bytes.truncate(len);
    result
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = root.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn loads_a_folder_in_order_with_authors_and_problems() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "authors.yml",
            b"zeke:\n  name: Zeke Sikelianos\n  url: https://x\n",
        );
        write(
            root,
            "b.md",
            b"---\ntitle: B\nauthors: [zeke, Other]\n---\nbody b\n",
        );
        write(root, "a.md", b"---\ntitle: A\ndate: nope\n---\n");
        write(
            root,
            "2019-05-28-post/index.md",
            b"---\nauthors: zeke\n---\n# Post\n",
        );
        write(root, "pic.md", b"\x89PNG\x00\x00");
        write(root, "notes.txt", b"First line\n");
        let lib = load(&[root.to_path_buf()]);
        let titles: Vec<&str> = lib.articles.iter().map(|a| a.title()).collect();
        assert_eq!(titles, ["Post", "A", "B", "First line"]);
        assert_eq!(lib.articles[0].authors(), ["Zeke Sikelianos"]);
        assert_eq!(lib.articles[0].date, Some(Date::new(2019, 5, 28)));
        assert_eq!(lib.articles[2].authors(), ["Zeke Sikelianos", "Other"]);
        assert_eq!(lib.articles[3].format, Format::Text);
        let problems: Vec<String> = lib.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].ends_with("a.md:3: date is not a date: \"nope\""),
            "{problems:?}"
        );
        assert!(problems[1].ends_with("pic.md: binary file"), "{problems:?}");
    }

    #[test]
    fn read_body_starts_after_the_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "a.md",
            b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nThe body\r\n",
        );
        write(root, "b.md", b"\xEF\xBB\xBF# No front matter\n");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "---\ntitle: U\n---\nCéline\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        write(root, "c.md", &utf16);
        write(root, "d.md", b"caf\xE9\n");
        let lib = load(&[root.to_path_buf()]);
        let bodies: Vec<String> = lib.articles.iter().map(|a| read_body(a).unwrap()).collect();
        assert_eq!(
            bodies,
            [
                "The body\r\n",
                "# No front matter\n",
                "Céline\n",
                "caf\u{FFFD}\n"
            ]
        );
        assert_eq!(lib.articles[2].title(), "U");
        assert_eq!(lib.problems.len(), 1);
        assert_eq!(lib.articles[0].size, 33);
    }

    #[test]
    fn only_the_start_of_a_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut src = b"---\ntitle: Long\n---\n".to_vec();
        src.resize(HEAD_BYTES * 8, b'x');
        let path = write(dir.path(), "long.md", &src);
        let mut head = Vec::new();
        let size = src.len() as u64;
        let complete =
            read_head(&mut File::open(&path).unwrap(), &mut head, FIRST_READ, size).unwrap();
        assert_eq!(head.len(), FIRST_READ);
        assert!(!complete);
        let lib = load(&[path]);
        assert_eq!(lib.articles[0].size, src.len() as u64);
        assert_eq!(read_body(&lib.articles[0]).unwrap().len(), src.len() - 20);
    }

    #[test]
    fn a_front_matter_longer_than_the_first_read_is_read_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut src = b"---\ntitle: Wide\n".to_vec();
        while src.len() < HEAD_BYTES * 2 {
            src.extend_from_slice(b"filler: some words to fill the front matter\n");
        }
        src.extend_from_slice(b"date: 2020-02-02\n---\nbody\n");
        let path = write(dir.path(), "wide.md", &src);
        let lib = load(&[path]);
        assert!(lib.problems.is_empty(), "{:?}", lib.problems);
        assert_eq!(lib.articles[0].date, Some(Date::new(2020, 2, 2)));
        assert_eq!(read_body(&lib.articles[0]).unwrap(), "body\n");

        let mut huge = b"---\ntitle: Huge\n".to_vec();
        while huge.len() < MAX_FRONT_MATTER * 3 {
            huge.extend_from_slice(b"filler: some words to fill the front matter\n");
        }
        huge.extend_from_slice(b"---\nbody\n");
        let path = write(dir.path(), "huge.md", &huge);
        let lib = load(&[path]);
        assert_eq!(lib.problems.len(), 1);
        assert_eq!(
            lib.problems[0].reason,
            "front matter larger than 256 KiB, not read"
        );
        assert_eq!(lib.articles[0].title(), "huge");
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_file_is_a_problem() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "secret.md", b"# Secret\n");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if File::open(&path).is_ok() {
            return; // running as root
        }
        let lib = load(&[dir.path().to_path_buf()]);
        assert!(lib.articles.is_empty());
        assert_eq!(lib.problems[0].reason, "permission denied");
    }

    #[test]
    fn articles_are_placed_in_scan_order_however_they_come() {
        let loaded = |seq: usize| stream::Loaded {
            seq,
            article: Article::sample(&format!("a{seq}"), &[], &[]),
        };
        let titles = |articles: Vec<Article>| -> Vec<String> {
            articles.iter().map(|a| a.title().to_string()).collect()
        };
        let want: Vec<String> = (0..7)
            .map(|i| {
                Article::sample(&format!("a{i}"), &[], &[])
                    .title()
                    .to_string()
            })
            .collect();
        let place = |batches: Vec<Vec<stream::Loaded>>, room: usize| {
            let mut placed = Placed::default();
            placed.articles.reserve_exact(room);
            for batch in batches {
                placed.place(batch.into_iter());
            }
            let room = placed.articles.as_ptr();
            let articles = placed.take_articles();
            // Closed up where they were put, not copied out.
            assert_eq!(articles.as_ptr() as usize, room as usize);
            titles(articles)
        };
        let apart = vec![
            vec![loaded(4), loaded(5), loaded(6)],
            vec![],
            vec![loaded(0), loaded(1)],
            vec![loaded(2), loaded(3)],
        ];
        assert_eq!(place(apart, 7), want);
        let interleaved = vec![
            vec![loaded(5), loaded(0), loaded(3)],
            vec![loaded(1), loaded(6)],
            vec![loaded(4), loaded(2)],
        ];
        assert_eq!(place(interleaved, 0), want);
        // Files that were no articles leave holes, closed up.
        let holes = vec![vec![loaded(9), loaded(0)], vec![loaded(3)]];
        let closed: Vec<String> = [0, 3, 9]
            .iter()
            .map(|i| titles(vec![Article::sample(&format!("a{i}"), &[], &[])]).remove(0))
            .collect();
        assert_eq!(place(holes, 4), closed);
    }

    #[test]
    fn parse_article_is_public_and_pure() {
        let (article, problems) = parse_article(Path::new("x/2013-09-16-a.md"), b"# T\n");
        assert!(problems.is_empty());
        assert_eq!(article.title(), "T");
        assert_eq!(article.date, Some(Date::new(2013, 9, 16)));
        assert_eq!(article.size, 4);
    }

    #[test]
    fn io_reasons_are_short() {
        let err = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(!io_reason(&err).contains("os error"));
        let err = File::open("/definitely/not/here").unwrap_err();
        assert_eq!(io_reason(&err), "no such file or directory");
    }
}
