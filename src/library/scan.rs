//! Walking the paths given to find article files.
//!
//! Hidden entries are skipped, symbolic links are followed once (a set of canonical paths stops
//! loops and duplicates), other files are ignored without a word, and everything that goes wrong
//! is a [`Problem`], never an error. The walk uses its own stack, so a very deep tree cannot
//! overflow the call stack.

use super::{Problem, io_reason};
use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

const EXTENSIONS: [&str; 4] = ["md", "markdown", "mdx", "txt"];

/// True for names ending in `.md`, `.markdown`, `.mdx` or `.txt` (any case).
pub fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Article files in scan order (each path given in turn, sorted by path within it), and problems.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Scan {
    pub files: Vec<PathBuf>,
    pub problems: Vec<Problem>,
}

/// One article file found by [`walk`].
#[derive(Debug, Clone)]
pub struct Found {
    /// The path as walked (what the user sees).
    pub path: PathBuf,
    /// The file's canonical path when known: the metadata cache's key.
    pub canonical: Option<PathBuf>,
    /// Its place in scan order: each path given in turn, in path order within it.
    pub seq: usize,
}

/// Files handed on at least this often (and at every folder).
const FLUSH_FILES: usize = 256;

#[cfg(test)]
pub fn scan(paths: &[PathBuf]) -> Scan {
    let mut scan = Scan::default();
    let mut found = Vec::new();
    walk(paths, &mut |files, problems| {
        found.extend(files);
        scan.problems.extend(problems);
    });
    found.sort_by_key(|f| f.seq);
    scan.files = found.into_iter().map(|f| f.path).collect();
    scan
}

/// Walks `paths` in turn and hands each folder's article files (unsorted across folders) and the
/// problems met so far to `emit` as it goes, so that reading can start before the walk ends.
pub fn walk(paths: &[PathBuf], emit: &mut dyn FnMut(Vec<Found>, Vec<Problem>)) {
    let mut walk = Walk {
        emit,
        found: Vec::new(),
        problems: Vec::new(),
        seen: HashSet::new(),
        seq: 0,
    };
    for root in paths {
        walk.root(root);
        walk.flush();
    }
}

struct Walk<'a> {
    emit: &'a mut dyn FnMut(Vec<Found>, Vec<Problem>),
    found: Vec<Found>,
    problems: Vec<Problem>,
    /// Canonical paths of folders entered and files taken (as plain strings: canonical paths
    /// are equal exactly when their bytes are, and hashing bytes is cheaper than components).
    seen: HashSet<OsString>,
    seq: usize,
}

impl Walk<'_> {
    fn flush(&mut self) {
        if !self.found.is_empty() || !self.problems.is_empty() {
            let found = std::mem::take(&mut self.found);
            let problems = std::mem::take(&mut self.problems);
            (self.emit)(found, problems);
        }
    }

    fn problem(&mut self, path: &Path, reason: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_path_buf(),
            line: None,
            reason: reason.into(),
        });
    }

    fn root(&mut self, root: &Path) {
        let meta = match fs::metadata(root) {
            Ok(meta) => meta,
            Err(err) => {
                let reason = if fs::symlink_metadata(root).is_ok() {
                    "broken symbolic link".to_string()
                } else {
                    io_reason(&err)
                };
                return self.problem(root, reason);
            }
        };
        if meta.is_dir() {
            self.folder_tree(root);
        } else if !meta.is_file() {
            self.problem(root, "not a regular file or folder");
        } else if !is_article_file(root) {
            self.problem(root, "not an article file (.md, .markdown, .mdx or .txt)");
        } else {
            self.take_file(root.to_path_buf(), fs::canonicalize(root).ok());
        }
    }

    fn take_file(&mut self, path: PathBuf, canonical: Option<PathBuf>) {
        let fresh = match &canonical {
            Some(canonical) => self.seen.insert(canonical.as_os_str().to_owned()),
            None => true,
        };
        if fresh {
            self.found.push(Found {
                path,
                canonical,
                seq: self.seq,
            });
            self.seq += 1;
        }
    }

    /// Depth first, each folder's entries in name order: files come out in path order.
    fn folder_tree(&mut self, top: &Path) {
        let mut stack = vec![Child::Folder {
            path: top.to_path_buf(),
            canonical: None,
        }];
        while let Some(child) = stack.pop() {
            let (dir, canonical) = match child {
                Child::File { path, canonical } => {
                    self.take_file(path, canonical);
                    if self.found.len() >= FLUSH_FILES {
                        self.flush();
                    }
                    continue;
                }
                Child::Folder { path, canonical } => (path, canonical),
            };
            // A plain subfolder's canonical path is its parent's plus its name; only the top and
            // folders reached through a symlink need the file system to resolve it.
            let canonical = match canonical.map_or_else(|| fs::canonicalize(&dir), Ok) {
                Ok(canonical) => canonical,
                Err(err) => {
                    self.problem(&dir, io_reason(&err));
                    continue;
                }
            };
            // Entered already: a symlink loop, or the same folder reached twice.
            if !self.seen.insert(canonical.as_os_str().to_owned()) {
                continue;
            }
            self.flush();
            let children = self.folder(&dir, &canonical);
            stack.extend(children.into_iter().rev());
        }
    }

    /// The article files and subfolders of one folder, in name order.
    fn folder(&mut self, dir: &Path, canonical: &Path) -> Vec<Child> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.problem(dir, io_reason(&err));
                return Vec::new();
            }
        };
        // Each name fetched once (`file_name` allocates), then sorted by it.
        let mut entries: Vec<(OsString, fs::DirEntry)> = entries
            .filter_map(|entry| match entry {
                Ok(entry) => Some((entry.file_name(), entry)),
                Err(err) => {
                    self.problem(dir, io_reason(&err));
                    None
                }
            })
            .filter(|(name, _)| !name.as_encoded_bytes().starts_with(b"."))
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));

        let mut children = Vec::with_capacity(entries.len());
        for (name, entry) in entries {
            let path = dir.join(&name);
            let Ok(kind) = entry.file_type() else {
                self.problem(&path, "cannot tell what kind of file this is");
                continue;
            };
            let article_name = is_article_file(&path);
            if kind.is_symlink() {
                match fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => children.push(Child::Folder {
                        path,
                        canonical: None,
                    }),
                    Ok(meta) if meta.is_file() && article_name => {
                        let canonical = fs::canonicalize(&path).ok();
                        children.push(Child::File { path, canonical });
                    }
                    Ok(_) if article_name => self.problem(&path, "not a regular file"),
                    Ok(_) => {}
                    Err(_) if article_name => self.problem(&path, "broken symbolic link"),
                    Err(_) => {}
                }
            } else if kind.is_dir() {
                if article_name {
                    self.problem(
                        &path,
                        "a folder named like an article file (read as a folder)",
                    );
                }
                let canonical = Some(canonical.join(&name));
                children.push(Child::Folder { path, canonical });
            } else if kind.is_file() {
                if article_name {
                    let canonical = Some(canonical.join(name));
                    children.push(Child::File { path, canonical });
                }
            } else if article_name {
                // A FIFO or device named `x.md` would block or never end if read.
                self.problem(&path, "not a regular file");
            }
        }
        children
    }
}

/// Something met in a folder, taken when the depth-first walk reaches it.
enum Child {
    File {
        path: PathBuf,
        canonical: Option<PathBuf>,
    },
    Folder {
        path: PathBuf,
        /// Known without asking the file system when reached by a plain (not symlinked) folder.
        canonical: Option<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, "x").unwrap();
    }

    fn names(scan: &Scan, root: &Path) -> Vec<String> {
        scan.files
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn extensions_ignore_case() {
        for yes in [
            "a.md",
            "a.MD",
            "a.markdown",
            "a.mdx",
            "a.TXT",
            "dir/b.Markdown",
        ] {
            assert!(is_article_file(Path::new(yes)), "{yes}");
        }
        for no in ["a.yml", "a.png", "md", "a.md.bak", "a"] {
            assert!(!is_article_file(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn walks_sorted_skipping_hidden_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.md",
            "a.txt",
            "sub/c.mdx",
            "sub/deeper/d.markdown",
            "z.png",
            "authors.yml",
            ".hidden.md",
            ".git/e.md",
            "sub/.f.md",
            "a-sub/g.md",
        ] {
            touch(&root.join(f));
        }
        let scan = scan(&[root.to_path_buf()]);
        assert!(scan.problems.is_empty(), "{:?}", scan.problems);
        assert_eq!(
            names(&scan, root),
            [
                "a-sub/g.md",
                "a.txt",
                "b.md",
                "sub/c.mdx",
                "sub/deeper/d.markdown"
            ]
        );
    }

    #[test]
    fn walk_order_is_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.md", "b/a.md", "a-b.md", "a/z.md", "a/b/c.md", "a.md", "B.md",
        ] {
            touch(&root.join(f));
        }
        let mut sorted = scan(&[root.to_path_buf()]).files;
        let walked = sorted.clone();
        sorted.sort();
        assert_eq!(walked, sorted);
    }

    #[test]
    fn files_and_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("one.md");
        touch(&file);
        touch(&dir.path().join("pic.png"));
        let missing = dir.path().join("missing");
        let scan = scan(&[
            file.clone(),
            missing.clone(),
            dir.path().join("pic.png"),
            file.clone(),
        ]);
        assert_eq!(scan.files, [file]);
        assert_eq!(scan.problems.len(), 2);
        assert_eq!(scan.problems[0].path, missing);
        assert_eq!(scan.problems[0].reason, "no such file or directory");
    }

    #[test]
    fn a_folder_named_like_an_article_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("x.md/inside.md"));
        let scan = scan(&[dir.path().to_path_buf()]);
        assert_eq!(scan.problems.len(), 1);
        assert_eq!(names(&scan, dir.path()), ["x.md/inside.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_followed_once_without_loops() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("real/a.md"));
        symlink(root.join("real"), root.join("real/loop")).unwrap();
        symlink(root, root.join("real/up")).unwrap();
        symlink(root.join("real/a.md"), root.join("link.md")).unwrap();
        symlink(root.join("nowhere.md"), root.join("dangling.md")).unwrap();
        symlink(root.join("nowhere.png"), root.join("dangling.png")).unwrap();
        let scan = scan(&[root.to_path_buf()]);
        // `link.md` comes first in path order and is the one kept of the two names of a.md.
        assert_eq!(names(&scan, root), ["link.md"]);
        assert_eq!(scan.problems.len(), 1, "{:?}", scan.problems);
        assert_eq!(scan.problems[0].reason, "broken symbolic link");

        let scan = super::scan(&[root.join("dangling.md")]);
        assert_eq!(scan.problems[0].reason, "broken symbolic link");
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folders_are_problems() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        touch(&locked.join("a.md"));
        touch(&dir.path().join("ok.md"));
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let scan = scan(&[dir.path().to_path_buf()]);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        if scan.files.len() == 2 {
            return; // running as root: permissions do not apply
        }
        assert_eq!(names(&scan, dir.path()), ["ok.md"]);
        assert_eq!(scan.problems.len(), 1);
        assert_eq!(scan.problems[0].path, locked);
    }

    #[test]
    fn a_very_deep_tree_does_not_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_path_buf();
        for _ in 0..200 {
            deep.push("d");
        }
        touch(&deep.join("a.md"));
        let scan = scan(&[dir.path().to_path_buf()]);
        assert_eq!(scan.files.len(), 1);
    }
}
