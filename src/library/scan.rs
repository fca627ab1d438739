//! Walking the paths given to find article files.
//!
//! Hidden entries are skipped, symbolic links are followed once (files and folders are known by
//! device and inode, which stops loops and duplicates), other files are ignored without a word,
//! and everything that goes wrong is a [`Problem`], never an error. The walk uses its own stack,
//! so a very deep tree cannot overflow the call stack. It asks the file system little: one
//! listing and one stat per folder; a plain file's identity comes from the listing itself.

use super::ahead::{Ahead, Entries, Kind};
use super::cache::{self, Stamp};
use super::folder::{self, Folder, Opened};
use super::id_set::{Id, IdSet};
use super::{Problem, io_reason};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

const EXTENSIONS: [&str; 4] = ["md", "markdown", "mdx", "txt"];
/// Names of the authors files ([`super::authors_file`]): the walk says which folders hold one.
pub const AUTHORS_FILES: [&str; 2] = ["authors.yml", "authors.yaml"];

/// True for names ending in `.md`, `.markdown`, `.mdx` or `.txt` (any case).
pub fn is_article_file(path: &Path) -> bool {
    folder::extension(path).is_some_and(|e| {
        EXTENSIONS
            .iter()
            .any(|x| x.as_bytes().eq_ignore_ascii_case(e))
    })
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
    /// Which of the paths given it was found under.
    pub root: u32,
    /// Where its path within that root starts, in bytes of `path`: with `root`, the metadata
    /// cache's key, the same however the root is spelled (`lib`, `lib/`, `/home/me/lib`).
    pub rel: usize,
    /// Its place in scan order: each path given in turn, in path order within it.
    pub seq: usize,
    /// Reached through a symbolic link to the file itself (given as a path, or a link in a
    /// folder): the link is followed by path; other files are taken relative to their folder.
    pub by_path: bool,
    /// Where its name starts in `path`, when the walk joined it to its folder's (0: not known).
    pub name_at: usize,
}

impl Found {
    /// The file's path within its root (no leading separator).
    pub fn key(&self) -> &[u8] {
        key_within(&self.path, self.rel)
    }

    /// The file's name (last component), found without parsing the whole path (or looking
    /// for its last separator, when the walk said where the name starts).
    pub fn name(&self) -> Option<&Path> {
        #[cfg(unix)]
        if self.name_at > 0 {
            use std::os::unix::ffi::OsStrExt;
            let bytes = self.path.as_os_str().as_bytes();
            return bytes
                .get(self.name_at..)
                .map(|name| Path::new(std::ffi::OsStr::from_bytes(name)));
        }
        super::folder::split(&self.path).map(|(_, name)| name)
    }
}

/// What the walk hands on as it goes: article files of one folder (or files given as paths).
#[derive(Debug, Default)]
pub struct Listing {
    /// The folder the files are in, held open; `None` for files given as paths.
    pub folder: Option<Arc<Folder>>,
    /// A folder just listed and whether it holds an authors file, so that nobody has to ask
    /// the file system (every folder listed is told once, with or without article files).
    pub listed: Option<(PathBuf, bool)>,
    /// Article files in path order (a folder's files may come in several listings).
    pub files: Vec<Found>,
    /// Problems met since the last listing.
    pub problems: Vec<Problem>,
}
/// Files handed on at least this often.
const FLUSH_FILES: usize = 256;

#[cfg(test)]
pub fn scan(paths: &[PathBuf]) -> Scan {
    let mut scan = Scan::default();
    let mut found = Vec::new();
    walk(paths, None, &mut |listing| {
        found.extend(listing.files);
        scan.problems.extend(listing.problems);
    });
    found.sort_by_key(|f| f.seq);
    scan.files = found.into_iter().map(|f| f.path).collect();
    scan
}

/// Folder listings the walk made that can be kept for the next start.
#[derive(Default)]
pub struct WalkReport {
    /// The old cache's entries of folders unchanged since (copied only if the cache is
    /// rewritten).
    pub old_listings: Vec<u32>,
    /// Folders listed now, as cache entries: encoded as the walk goes, not at the end of a load
    /// that waits for them.
    pub new_listings: cache::Files,
    /// Folders read from the file system (the rest came from the old cache's listings).
    pub relisted: usize,
}

impl WalkReport {
    /// How many listings can be kept.
    pub fn kept(&self) -> usize {
        self.old_listings.len() + self.new_listings.count()
    }
}

/// Walks `paths` in turn and hands each folder's article files and the problems met so far to
/// `emit` as it goes (every folder listed is handed on, with or without files, so that its
/// authors file is known), so that reading can start before the walk ends. A folder unchanged
/// since `old` listed it is not read again.
pub fn walk(
    paths: &[PathBuf],
    old: Option<&cache::Index>,
    emit: &mut dyn FnMut(Listing),
) -> WalkReport {
    let mut walk = Walk {
        emit,
        pending: Listing::default(),
        // Room for what the cache knows of: grown by doubling, the set's tables were copied
        // and cleared again and again (fresh memory, which this load mostly pays for).
        seen: IdSet::with_room(old.map_or(0, |old| old.entry_count() + old.folder_count())),
        seq: 0,
        old,
        report: WalkReport {
            old_listings: Vec::with_capacity(old.map_or(0, cache::Index::folder_count)),
            ..WalkReport::default()
        },
        listing_bytes: Vec::new(),
        now: SystemTime::now(),
    };
    for (root, path) in paths.iter().enumerate() {
        walk.root(root as u32, path);
        walk.flush();
    }
    walk.report
}

#[cfg(unix)]
fn id_of(meta: &fs::Metadata, _path: &Path) -> Option<Id> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn id_of(_meta: &fs::Metadata, path: &Path) -> Option<Id> {
    fs::canonicalize(path).ok()
}

/// A plain file's identity from its folder's and its inode (as listed), without a stat.
#[cfg(unix)]
fn child_id(folder: &Id, ino: u64, _path: &Path) -> Option<Id> {
    Some((folder.0, ino))
}

#[cfg(not(unix))]
fn child_id(_folder: &Id, _ino: u64, path: &Path) -> Option<Id> {
    fs::canonicalize(path).ok()
}

/// A folder's stamp for its kept listing: inode and modification time. `None` where there are
/// no inodes (listings are then never kept).
#[cfg(unix)]
fn folder_stamp(meta: &fs::Metadata) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let stamp = Stamp::of(meta);
    Some(Stamp {
        size: meta.ino(),
        ..stamp
    })
}

#[cfg(not(unix))]
fn folder_stamp(_meta: &fs::Metadata) -> Option<Stamp> {
    None
}

/// A folder changed this recently may change again within the same tick of its clock, and
/// its modification time would not show it: its listing is not kept.
const SETTLED: Duration = Duration::from_secs(2);

/// The part of `path` after its library path (`root_len` bytes), without a leading separator.
pub fn key_within(path: &Path, root_len: usize) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    let rel = bytes.get(root_len..).unwrap_or_default();
    let start = rel
        .iter()
        .position(|&b| !std::path::is_separator(b as char));
    rel.get(start.unwrap_or(rel.len())..).unwrap_or_default()
}

struct Walk<'a> {
    emit: &'a mut dyn FnMut(Listing),
    pending: Listing,
    /// Folders entered and files taken, by identity: entering a folder twice (a symbolic link
    /// loop, overlapping paths) or taking a file twice (a link to it) is skipped.
    seen: IdSet,
    seq: usize,
    old: Option<&'a cache::Index>,
    report: WalkReport,
    /// A listing being encoded (room reused from folder to folder).
    listing_bytes: Vec<u8>,
    now: SystemTime,
}

impl Walk<'_> {
    fn flush(&mut self) {
        let pending = &self.pending;
        if pending.listed.is_some() || !pending.files.is_empty() || !pending.problems.is_empty() {
            let listing = std::mem::take(&mut self.pending);
            (self.emit)(listing);
        }
    }

    fn problem(&mut self, path: &Path, reason: impl Into<String>) {
        self.pending.problems.push(Problem {
            path: path.to_path_buf(),
            line: None,
            reason: reason.into(),
        });
    }

    fn root(&mut self, index: u32, root: &Path) {
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
        let root_len = root.as_os_str().len();
        if meta.is_dir() {
            self.folder_tree(index, root_len, root);
        } else if !meta.is_file() {
            self.problem(root, "not a regular file or folder");
        } else if !is_article_file(root) {
            self.problem(root, "not an article file (.md, .markdown, .mdx or .txt)");
        } else {
            if self.pending.folder.is_some() {
                self.flush();
                self.pending.folder = None;
            }
            let id = id_of(&meta, root);
            self.take_file(index, root_len, root.to_path_buf(), id, true);
        }
    }

    fn take_file(&mut self, root: u32, rel: usize, path: PathBuf, id: Option<Id>, by_path: bool) {
        if id.is_some_and(|id| !self.seen.insert(id)) {
            return;
        }
        // Files of a folder are its path joined with their names.
        let name_at = match &self.pending.folder {
            Some(folder) => folder::name_start(folder.path()).unwrap_or(0),
            None => 0,
        };
        self.pending.files.push(Found {
            path,
            root,
            rel,
            seq: self.seq,
            by_path,
            name_at,
        });
        debug_assert!(self.pending.files.last().is_some_and(
            |f| f.name_at == 0 || f.name() == folder::split(&f.path).map(|(_, name)| name)
        ));
        self.seq += 1;
        if self.pending.files.len() >= FLUSH_FILES {
            let folder = self.pending.folder.clone();
            self.flush();
            self.pending.folder = folder;
        }
    }

    /// Makes the pending listing the one of `folder`'s files (a folder's files are met between
    /// its subfolders, which are listed in between).
    fn files_of(&mut self, folder: &Arc<Folder>) {
        if !self
            .pending
            .folder
            .as_ref()
            .is_some_and(|f| Arc::ptr_eq(f, folder))
        {
            self.flush();
            self.pending.folder = Some(folder.clone());
        }
    }

    /// Before a folder is opened: while many are held open by the files handed on, the walk
    /// loads some of those files itself (it runs on a worker of the pool, which queued them)
    /// instead of running further ahead. Says whether the next one may be held open (if not,
    /// as in a tree deeper than the limit allows, it goes by path).
    fn may_hold_folder_open(&self) -> bool {
        while !folder::may_hold_another() && rayon::yield_local() == Some(rayon::Yield::Executed) {}
        folder::may_hold_another()
    }

    /// Depth first, each folder's entries in name order: files come out in path order.
    fn folder_tree(&mut self, root: u32, root_len: usize, top: &Path) {
        let mut stack = vec![Child::Folder {
            path: top.to_path_buf(),
            parent: None,
            ahead: None,
        }];
        while let Some(child) = stack.pop() {
            let (dir, parent, ahead) = match child {
                Child::File {
                    path,
                    id,
                    by_path,
                    folder,
                } => {
                    self.files_of(&folder);
                    self.take_file(root, root_len, path, id, by_path);
                    continue;
                }
                Child::Folder {
                    path,
                    parent,
                    ahead,
                } => (path, parent, ahead),
            };
            let keep_open = self.may_hold_folder_open();
            // Followed if a link; its own stat, not its listing's inode: a mount point is
            // another device. Without a cache every folder is listed, through the descriptor
            // that entered it; with one, most are not listed at all.
            let parent_folder = parent.as_deref();
            let listed = |(opened, entries): (Opened, _)| {
                let (folder, meta) = opened.hold(keep_open);
                (folder, meta, Some(entries))
            };
            let entered = match (ahead, self.old) {
                (Some(ahead), _) => ahead.take(parent_folder, &dir).map(listed),
                (None, None) => Folder::enter_and_list(parent_folder, &dir).map(listed),
                (None, Some(_)) => Folder::enter(parent_folder, &dir, keep_open)
                    .map(|(folder, meta)| (folder, meta, None)),
            };
            let (folder, meta, listed) = match entered {
                Ok(entered) => entered,
                Err(err) => {
                    self.problem(&dir, io_reason(&err));
                    continue;
                }
            };
            drop(parent);
            let folder = Arc::new(folder);
            let Some(id) = id_of(&meta, &dir) else {
                self.problem(&dir, "cannot tell which folder this is");
                continue;
            };
            // Entered already: a symlink loop, or the same folder reached twice.
            if !self.seen.insert(id.to_owned()) {
                continue;
            }
            let stamp = folder_stamp(&meta);
            let key = key_within(&dir, root_len);
            let kept = match (self.old, stamp) {
                (Some(old), Some(stamp)) => old
                    .get_folder(root, key, stamp)
                    .and_then(|(number, bytes)| Some((cache::decode_listing(bytes)?, number))),
                _ => None,
            };
            let children = match kept {
                Some((listing, number)) => {
                    self.report.old_listings.push(number);
                    self.kept_folder((root, root_len), &folder, &id, listing)
                }
                None => {
                    self.report.relisted += 1;
                    let (children, listing) = self.folder(&folder, &id, listed);
                    let settled = meta
                        .modified()
                        .ok()
                        .and_then(|m| self.now.duration_since(m).ok())
                        .is_some_and(|age| age >= SETTLED);
                    if let (Some(listing), Some(stamp), true) = (listing, stamp, settled) {
                        let bytes = &mut self.listing_bytes;
                        bytes.clear();
                        cache::encode_listing(&listing, bytes);
                        let key = key_within(&dir, root_len);
                        self.report.new_listings.push(root, key, stamp, bytes);
                    }
                    children
                }
            };
            stack.extend(children.into_iter().rev());
        }
    }

    /// A folder as the cache listed it, unchanged since.
    fn kept_folder(
        &mut self,
        (root, root_len): (u32, usize),
        folder: &Arc<Folder>,
        id: &Id,
        listing: cache::FolderListing<'_>,
    ) -> Vec<Child> {
        let dir = folder.path();
        self.flush();
        self.pending.listed = Some((dir.to_path_buf(), listing.authors_file));
        // A file as listed: its path and identity.
        let file = |listed: &cache::Listed| {
            let path = folder::join(dir, &*listed.name);
            let id = child_id(id, listed.ino, &path);
            (path, id)
        };
        let mut children = listing.children.into_iter().peekable();
        // The files before the first subfolder come next in path order: taken now rather than
        // by way of the stack (in most folders, every file).
        while let Some(listed) = children.next_if(|child| !child.folder) {
            let (path, id) = file(&listed);
            self.files_of(folder);
            self.take_file(root, root_len, path, id, false);
        }
        children
            .map(|child| {
                if child.folder {
                    Child::Folder {
                        path: folder::join(dir, &*child.name),
                        parent: Some(folder.clone()),
                        ahead: None,
                    }
                } else {
                    let (path, id) = file(&child);
                    Child::File {
                        path,
                        id,
                        by_path: false,
                        folder: folder.clone(),
                    }
                }
            })
            .collect()
    }

    /// Starts listing a subfolder ahead of the walk, in a load without cache (with one, most
    /// folders are not read at all).
    fn look_ahead(&self, parent: &Arc<Folder>, path: &Path) -> Option<Arc<Ahead>> {
        if self.old.is_some() {
            return None;
        }
        Ahead::start(parent.clone(), path.to_path_buf())
    }

    /// Lists one folder (unless `listed` already): its article files and subfolders, in
    /// name order, and the same as a listing to keep when it is plain (nothing but plain files
    /// and folders with names in UTF-8, nothing to report).
    fn folder(
        &mut self,
        folder: &Arc<Folder>,
        id: &Id,
        listed: Option<io::Result<Entries>>,
    ) -> (Vec<Child>, Option<cache::FolderListing<'static>>) {
        let dir = folder.path();
        let listed = listed.unwrap_or_else(|| folder.list());
        let Entries { entries, errors } = match listed {
            Ok(listed) => listed,
            Err(err) => {
                self.problem(dir, io_reason(&err));
                return (Vec::new(), None);
            }
        };
        let authors_file = entries
            .iter()
            .any(|e| AUTHORS_FILES.iter().any(|a| e.name.as_os_str() == *a));
        self.flush();
        self.pending.listed = Some((dir.to_path_buf(), authors_file));
        let mut plain = errors.is_empty();
        for err in errors {
            self.problem(dir, io_reason(&err));
        }

        let mut children = Vec::with_capacity(entries.len());
        let mut kept = Vec::new();
        for entry in entries {
            let name = entry.name;
            let path = folder::join(dir, &name);
            let Ok(kind) = entry.kind else {
                self.problem(&path, "cannot tell what kind of file this is");
                plain = false;
                continue;
            };
            let article_name = is_article_file(&path);
            let keep = |folder: bool, kept: &mut Vec<cache::Listed>| -> bool {
                let (Some(name), Some(ino)) = (name.to_str(), entry.ino) else {
                    return false;
                };
                kept.push(cache::Listed {
                    folder,
                    ino,
                    name: name.to_string().into(),
                });
                true
            };
            if kind == Kind::Link {
                plain = false;
                match fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => children.push(Child::Folder {
                        ahead: self.look_ahead(folder, &path),
                        path,
                        parent: Some(folder.clone()),
                    }),
                    Ok(meta) if meta.is_file() && article_name => {
                        let id = id_of(&meta, &path);
                        children.push(Child::File {
                            path,
                            id,
                            by_path: true,
                            folder: folder.clone(),
                        });
                    }
                    Ok(_) if article_name => self.problem(&path, "not a regular file"),
                    Ok(_) => {}
                    Err(_) if article_name => self.problem(&path, "broken symbolic link"),
                    Err(_) => {}
                }
            } else if kind == Kind::Folder {
                if article_name {
                    plain = false;
                    self.problem(
                        &path,
                        "a folder named like an article file (read as a folder)",
                    );
                }
                plain &= keep(true, &mut kept);
                children.push(Child::Folder {
                    ahead: self.look_ahead(folder, &path),
                    path,
                    parent: Some(folder.clone()),
                });
            } else if kind == Kind::File {
                if article_name {
                    plain &= keep(false, &mut kept);
                    let id = entry.ino.and_then(|ino| child_id(id, ino, &path));
                    children.push(Child::File {
                        path,
                        id,
                        by_path: false,
                        folder: folder.clone(),
                    });
                }
            } else if article_name {
                // A FIFO or device named `x.md` would block or never end if read.
                plain = false;
                self.problem(&path, "not a regular file");
            }
        }
        let listing = plain.then_some(cache::FolderListing {
            authors_file,
            children: kept,
        });
        (children, listing)
    }
}

/// Something met in a folder, taken when the depth-first walk reaches it.
enum Child {
    File {
        path: PathBuf,
        id: Option<Id>,
        by_path: bool,
        /// The folder it is in.
        folder: Arc<Folder>,
    },
    /// Opened and stat'ed when reached (following a link), by name in `parent`.
    Folder {
        path: PathBuf,
        parent: Option<Arc<Folder>>,
        /// Being listed ahead of the walk, in a load without cache.
        ahead: Option<Arc<Ahead>>,
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
