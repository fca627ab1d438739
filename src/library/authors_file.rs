//! Docusaurus-style `authors.yml` / `authors.yaml`: `key: {name, title, url, image_url}`, so that
//! `authors: [zeke]` shows the entry's name. Looked up in the article's folder, then each parent;
//! each folder's file is read and parsed once.

use super::scan::AUTHORS_FILES as FILE_NAMES;
use super::value::{Value, parse_yaml};
use super::{Article, Problem, read_capped};
use foldhash::fast::RandomState;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Bigger authors files are not read (same bound as front matter).
const MAX_AUTHORS_FILE: usize = 256 * 1024;

/// Key to display name.
type Names = HashMap<String, String, RandomState>;

/// The authors files that apply in one folder, nearest first (empty: none).
pub type Chain = Arc<[Arc<Names>]>;

/// The authors files met so far, per folder (`None`: the folder has none), by the folder's path
/// as bytes ([`folder_key`]): hashing a `Path` hashes each of its components apart, and that
/// with `Path::parent` was a twentieth of a warm start.
#[derive(Default)]
pub struct AuthorsFiles {
    folders: HashMap<Box<[u8]>, Option<Arc<Names>>, RandomState>,
    /// The chains asked for so far, by folder: one lookup per folder rather than one per parent.
    chains: HashMap<Box<[u8]>, Chain, RandomState>,
    pub problems: Vec<Problem>,
}

/// Resolves the authors of articles that come folder by folder (one worker's): the chain of the
/// last folder is kept here, so that the shared [`AuthorsFiles`] are asked once per folder, not
/// once per article under a lock two workers take turns at (which also made them forget each
/// other's last folder, and hash every parent's path again).
#[derive(Default)]
pub struct Resolver {
    last: Option<(Vec<u8>, Chain)>,
}

impl Resolver {
    /// Replaces each author key that an authors file knows with its name, then drops duplicates.
    /// `chain_of` gives the chain of a folder (its path as bytes) not met last time.
    pub fn resolve(&mut self, article: &mut Article, chain_of: impl FnOnce(&[u8]) -> Chain) {
        if article.authors().is_empty() {
            return;
        }
        // The folder's bytes, not `Path::parent` (which parses every component, per article).
        let folder = super::folder::split(article.path()).map_or(&b"."[..], |(folder, _)| {
            folder.as_os_str().as_encoded_bytes()
        });
        let files = self.files_of(folder, chain_of);
        apply(article, files);
    }

    /// [`Resolver::resolve`] for an article known to be in `folder` (as bytes, spelled as the
    /// walk spelled it): its path is not looked through for its last separator again.
    pub fn resolve_in(
        &mut self,
        article: &mut Article,
        folder: &[u8],
        chain_of: impl FnOnce(&[u8]) -> Chain,
    ) {
        if article.authors().is_empty() {
            return;
        }
        let files = self.files_of(folder, chain_of);
        apply(article, files);
    }

    fn files_of(&mut self, folder: &[u8], chain_of: impl FnOnce(&[u8]) -> Chain) -> &Chain {
        if self.last.as_ref().is_some_and(|(last, _)| last != folder) {
            self.last = None;
        }
        &self
            .last
            .get_or_insert_with(|| (folder.to_vec(), chain_of(folder)))
            .1
    }
}

/// Gives `article` the names its keys have in `files` (nearest first). Built again only when a
/// key has another name: the keys are already without duplicates, as parsing left them.
fn apply(article: &mut Article, files: &[Arc<Names>]) {
    if files.is_empty() {
        return;
    }
    let name_of = |key: &str| files.iter().find_map(|names| names.get(key));
    if !article
        .authors()
        .iter()
        .any(|key| name_of(key).is_some_and(|name| name != key))
    {
        return;
    }
    let mut resolved: Vec<String> = Vec::with_capacity(article.authors().len());
    for key in article.authors() {
        let name = name_of(key).map_or(key, String::as_str);
        if !resolved.iter().any(|r| r == name) {
            resolved.push(name.to_string());
        }
    }
    article.set_authors(&resolved);
}

impl AuthorsFiles {
    /// Room for `folders` folders (as many as the last start listed), so that the maps are not
    /// grown and hashed again on the way.
    pub fn with_room(folders: usize) -> AuthorsFiles {
        AuthorsFiles {
            folders: HashMap::with_capacity_and_hasher(folders, RandomState::default()),
            chains: HashMap::with_capacity_and_hasher(folders, RandomState::default()),
            problems: Vec::new(),
        }
    }

    /// Told by the walk, which lists every folder: a folder without an authors file needs no
    /// look (asking for both names in each of 10k folders was 20k failed stats).
    pub fn listed(&mut self, folder: &Path, has_file: bool) {
        if !has_file {
            let key = folder_key(folder.as_os_str().as_encoded_bytes());
            self.folders.entry(key.into()).or_insert(None);
        }
    }

    /// The authors files that apply to the articles of `folder` (as bytes), nearest first.
    /// Built on the chain of the nearest parent whose chain is known, and kept for every folder
    /// on the way: a folder met after its parent takes one lookup, where looking at every parent
    /// folder in turn took as many as the path is deep, for each of 10k folders.
    pub fn chain(&mut self, folder: &[u8]) -> Chain {
        let key = folder_key(folder);
        if let Some(chain) = self.chains.get(key) {
            return chain.clone();
        }
        // This folder and its parents up to the first whose chain is known, nearest first.
        let mut unknown = vec![key];
        let mut known: Chain = Arc::new([]);
        let mut dir = key;
        while let Some(parent) = parent_key(dir) {
            if let Some(chain) = self.chains.get(parent) {
                known = chain.clone();
                break;
            }
            unknown.push(parent);
            dir = parent;
        }
        for dir in unknown.into_iter().rev() {
            if let Some(names) = self.folder(dir) {
                known = std::iter::once(names)
                    .chain(known.iter().cloned())
                    .collect();
            }
            self.chains.insert(dir.into(), known.clone());
        }
        known
    }

    fn folder(&mut self, key: &[u8]) -> Option<Arc<Names>> {
        if let Some(cached) = self.folders.get(key) {
            return cached.clone();
        }
        // From the bytes of a path, cut only at separators: a path again.
        let dir = path_of(key)?;
        let mut found: Option<Names> = None;
        for name in FILE_NAMES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            match read_authors_file(&path) {
                Ok(names) => found.get_or_insert_with(Names::default).extend(names),
                Err(problem) => self.problems.push(problem),
            }
        }
        let found = found.map(Arc::new);
        self.folders.insert(key.into(), found.clone());
        found
    }
}

/// A folder's path as bytes, the same however it is spelled at its end: `lib`, `lib/` and
/// `lib//` are `lib`; the empty path is `.`.
fn folder_key(dir: &[u8]) -> &[u8] {
    let is_sep = |b: &u8| std::path::is_separator(*b as char);
    match dir.iter().rposition(|b| !is_sep(b)) {
        Some(last) => &dir[..=last],
        None if dir.is_empty() => b".",
        // Only separators: the root.
        None => &dir[..1],
    }
}

/// The folder a folder (a [`folder_key`]) is in, as `Path::parent` would have it; `None` at the
/// top: the root, or `.` for a relative path.
fn parent_key(dir: &[u8]) -> Option<&[u8]> {
    let is_sep = |b: &u8| std::path::is_separator(*b as char);
    if dir == b"." || dir.iter().all(is_sep) {
        return None;
    }
    Some(match dir.iter().rposition(is_sep) {
        Some(cut) => folder_key(&dir[..cut.max(1)]),
        None => b".",
    })
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> Option<&Path> {
    use std::os::unix::ffi::OsStrExt;
    Some(Path::new(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> Option<&Path> {
    std::str::from_utf8(bytes).ok().map(Path::new)
}

fn read_authors_file(path: &Path) -> Result<Names, Problem> {
    let problem = |line, reason: String| Problem {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let (bytes, complete) =
        read_capped(path, MAX_AUTHORS_FILE).map_err(|e| problem(None, super::io_reason(&e)))?;
    if !complete {
        return Err(problem(
            None,
            "authors file larger than 256 KiB, not read".to_string(),
        ));
    }
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    parse_authors(&text).map_err(|(line, reason)| problem(line, reason))
}

/// `key: {name: ...}` or `key: Name`; entries without a name are left out.
fn parse_authors(text: &str) -> Result<Names, (Option<usize>, String)> {
    let value = parse_yaml(text).map_err(|e| {
        (
            e.line,
            format!("invalid YAML: {}", e.message.trim_end_matches('.')),
        )
    })?;
    let entries = match value {
        Value::Map(entries) => entries,
        Value::Null => Vec::new(),
        _ => return Err((None, "authors file is not a map of authors".to_string())),
    };
    let mut names = Names::default();
    for (key, entry) in entries {
        let name = match &entry {
            Value::Map(_) => entry.get("name").and_then(Value::scalar_text),
            other => other.scalar_text(),
        };
        if let Some(name) = name
            .map(|n| super::fields::one_line(&n))
            .filter(|n| !n.is_empty())
        {
            names.entry(key.into_owned()).or_insert(name);
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::PathBuf;

    #[test]
    fn parses_docusaurus_entries() {
        let names = parse_authors(
            "zeke:\n  name: Zeke Sikelianos\n  url: https://x\nplain: Plain Name\nnoname:\n  url: y\n",
        )
        .unwrap();
        assert_eq!(
            names.get("zeke").map(String::as_str),
            Some("Zeke Sikelianos")
        );
        assert_eq!(names.get("plain").map(String::as_str), Some("Plain Name"));
        assert!(!names.contains_key("noname"));
        assert!(parse_authors("- a\n").is_err());
        assert!(parse_authors("a: [\n").unwrap_err().0.is_some());
    }

    fn article(path: PathBuf, authors: &[&str]) -> Article {
        let (a, _) = super::super::parse_article(&path, b"");
        let mut parts = a.parts();
        parts.authors = authors.iter().map(|s| s.to_string()).collect();
        Article::new(parts)
    }

    #[test]
    fn nearest_file_wins_and_parents_fill_in() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("blog/2019-05-28-post");
        fs::create_dir_all(&sub).unwrap();
        fs::write(
            dir.path().join("authors.yaml"),
            "zeke: {name: Zeke}\nkim: {name: Kim Top}\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("blog/authors.yml"),
            "kim:\n  name: Kim Near\n",
        )
        .unwrap();
        let mut files = AuthorsFiles::default();
        let mut a = article(
            sub.join("index.md"),
            &["kim", "zeke", "Someone Else", "Kim Near"],
        );
        Resolver::default().resolve(&mut a, |f| files.chain(f));
        assert_eq!(a.authors(), ["Kim Near", "Zeke", "Someone Else"]);
        assert!(files.problems.is_empty());
        // Names only: nothing to change.
        let mut b = article(sub.join("other.md"), &["Zeke", "Kim Near"]);
        let before = b.clone();
        Resolver::default().resolve(&mut b, |f| files.chain(f));
        assert_eq!(b, before);
    }

    #[test]
    fn a_chain_is_the_same_whether_its_parents_were_asked_first() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        fs::create_dir_all(&deep).unwrap();
        fs::write(dir.path().join("authors.yml"), "k: {name: Top}\n").unwrap();
        fs::write(dir.path().join("a/b/authors.yml"), "k: {name: Near}\n").unwrap();
        let bytes = |p: &Path| p.as_os_str().as_encoded_bytes().to_vec();
        let names = |chain: &Chain| -> Vec<String> {
            chain.iter().map(|names| names["k"].clone()).collect()
        };
        let mut at_once = AuthorsFiles::default();
        let straight = at_once.chain(&bytes(&deep));
        let mut stepwise = AuthorsFiles::default();
        for step in ["", "a", "a/b"] {
            stepwise.chain(&bytes(&dir.path().join(step)));
        }
        let built_on_parents = stepwise.chain(&bytes(&deep));
        assert_eq!(names(&straight), ["Near", "Top"]);
        assert_eq!(names(&built_on_parents), ["Near", "Top"]);
        // The parents' chains were kept on the way up.
        assert_eq!(
            names(&at_once.chain(&bytes(&dir.path().join("a")))),
            ["Top"]
        );
    }

    #[test]
    fn a_resolver_asks_once_per_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("authors.yml"), "k: {name: Kay}\n").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let mut files = AuthorsFiles::default();
        let mut resolver = Resolver::default();
        let mut asked = Vec::new();
        for name in ["a.md", "b.md", "sub/c.md", "sub/d.md", "e.md"] {
            let mut a = article(dir.path().join(name), &["k"]);
            resolver.resolve(&mut a, |f| {
                asked.push(f.to_vec());
                files.chain(f)
            });
            assert_eq!(a.authors(), ["Kay"], "{name}");
        }
        assert_eq!(asked.len(), 3);
    }

    #[test]
    fn resolving_in_a_folder_as_the_walk_spells_it_is_resolving_by_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("authors.yml"), "k: {name: Kay}\n").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/authors.yml"), "j: {name: Jo}\n").unwrap();
        let mut files = AuthorsFiles::default();
        // A library path given with a trailing separator: its files' paths have none twice.
        let spelled = format!("{}/sub/", dir.path().display());
        let (mut by_path, mut in_folder) = (Resolver::default(), Resolver::default());
        for keys in [&["k", "j", "x"][..], &["j"], &["x", "k"]] {
            let mut a = article(dir.path().join("sub/a.md"), keys);
            let mut b = a.clone();
            by_path.resolve(&mut a, |f| files.chain(f));
            in_folder.resolve_in(&mut b, spelled.as_bytes(), |f| files.chain(f));
            assert_eq!(a.authors(), b.authors(), "{keys:?}");
        }
        let mut a = article(dir.path().join("sub/a.md"), &["k", "j"]);
        in_folder.resolve_in(&mut a, spelled.as_bytes(), |f| files.chain(f));
        assert_eq!(a.authors(), ["Kay", "Jo"]);
    }

    #[test]
    fn folder_keys_walk_up_as_path_parent_does() {
        let up = |start: &str| {
            let mut seen = Vec::new();
            let mut key = Some(folder_key(start.as_bytes()));
            while let Some(k) = key {
                seen.push(String::from_utf8(k.to_vec()).unwrap());
                key = parent_key(k);
            }
            seen
        };
        assert_eq!(up("lib/2015"), ["lib/2015", "lib", "."]);
        assert_eq!(up("lib//2015/"), ["lib//2015", "lib", "."]);
        assert_eq!(up(""), ["."]);
        assert_eq!(up("./lib"), ["./lib", "."]);
        assert_eq!(up("../lib"), ["../lib", "..", "."]);
        assert_eq!(up("/srv/lib"), ["/srv/lib", "/srv", "/"]);
        assert_eq!(up("//"), ["/"]);
        // The same folders as `Path::parent` gives, where a path has no odd spelling.
        for start in ["lib/2015/06", "/srv/lib/x", "a"] {
            let mut by_path = vec![];
            let mut dir = Some(Path::new(start));
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                by_path.push(d.to_string_lossy().into_owned());
                dir = d.parent();
            }
            if !start.starts_with('/') {
                by_path.push(".".to_string());
            }
            assert_eq!(up(start), by_path, "{start}");
        }
    }

    #[test]
    fn a_broken_authors_file_is_one_problem() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("authors.yml"), "a: [\n").unwrap();
        let mut files = AuthorsFiles::default();
        for name in ["x.md", "y.md"] {
            let mut a = article(dir.path().join(name), &["a"]);
            Resolver::default().resolve(&mut a, |f| files.chain(f));
            assert_eq!(a.authors(), ["a"]);
        }
        assert_eq!(files.problems.len(), 1);
    }
}
