//! A folder's entries as the file system lists them, read by the walk or ahead of it.
//!
//! The walk is one thread (its order and its `seen` set are what make the scan order), and a
//! folder whose blocks are not in memory makes it wait for the disk while the workers run dry.
//! So, in a load without cache, the subfolders of a folder just listed are listed ahead on idle
//! workers (the pool's global queue, which workers take from only when they have nothing else),
//! and the walk takes the entries when it gets there, or lists the folder itself if no worker
//! has started on it. A folder is listed through the descriptor that entered it, which the
//! walk then holds for its files (see [`Folder::enter_and_list`]); entries are kept as plain
//! values.

use super::folder::{self, Folder, Opened};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// What kind of file an entry is, as listed (a link is not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    Link,
    Other,
}

impl From<fs::FileType> for Kind {
    fn from(kind: fs::FileType) -> Kind {
        if kind.is_symlink() {
            Kind::Link
        } else if kind.is_dir() {
            Kind::Folder
        } else if kind.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl From<rustix::fs::FileType> for Kind {
    fn from(kind: rustix::fs::FileType) -> Kind {
        use rustix::fs::FileType;
        match kind {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Folder,
            FileType::Symlink => Kind::Link,
            _ => Kind::Other,
        }
    }
}

/// One entry of a folder.
#[derive(Debug)]
pub struct Entry {
    pub name: OsString,
    pub kind: io::Result<Kind>,
    /// The inode, as listed (Unix).
    pub ino: Option<u64>,
}

/// A folder's entries but the hidden ones, in name order, and the errors met reading them.
#[derive(Debug, Default)]
pub struct Entries {
    pub entries: Vec<Entry>,
    pub errors: Vec<io::Error>,
}

impl Entries {
    fn sorted(mut self) -> Entries {
        self.entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        self
    }
}

/// Lists `dir`.
pub fn read(dir: &Path) -> io::Result<Entries> {
    let mut listed = Entries::default();
    for entry in fs::read_dir(dir)? {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                if !name.as_encoded_bytes().starts_with(b".") {
                    listed.entries.push(Entry {
                        kind: entry.file_type().map(Kind::from),
                        ino: listed_ino(&entry),
                        name,
                    });
                }
            }
            Err(err) => listed.errors.push(err),
        }
    }
    Ok(listed.sorted())
}

/// Lists the folder open as `dir` (opened for reading): what [`read`] gives for its path,
/// without opening it again by that path (every component looked up anew) and without the
/// stat that `opendir` makes.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn read_open(dir: std::os::fd::BorrowedFd<'_>) -> Entries {
    use rustix::fs::{AtFlags, FileType, RawDir};
    use std::mem::MaybeUninit;
    use std::os::unix::ffi::OsStrExt;
    // As big as the buffer of glibc's `readdir`: a folder of a few hundred files in one call.
    let mut buf = Vec::<u8>::with_capacity(32 << 10);
    let buf: &mut [MaybeUninit<u8>] = buf.spare_capacity_mut();
    let mut listing = RawDir::new(dir, buf);
    let mut listed = Entries::default();
    while let Some(entry) = listing.next() {
        let entry = match entry {
            Ok(entry) => entry,
            // A folder removed while listed ends, as `readdir` ends it.
            Err(rustix::io::Errno::NOENT) => break,
            // The same error again at the next call: one is enough to say.
            Err(err) => {
                listed.errors.push(err.into());
                break;
            }
        };
        let name = entry.file_name();
        if name.to_bytes().starts_with(b".") {
            continue;
        }
        let kind = match entry.file_type() {
            // Some file systems do not say in their listings: asked of the entry itself.
            FileType::Unknown => rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
                .map(|st| Kind::from(FileType::from_raw_mode(st.st_mode)))
                .map_err(io::Error::from),
            listed => Ok(Kind::from(listed)),
        };
        listed.entries.push(Entry {
            name: std::ffi::OsStr::from_bytes(name.to_bytes()).to_os_string(),
            kind,
            ino: Some(entry.ino()),
        });
    }
    listed.sorted()
}

#[cfg(unix)]
fn listed_ino(entry: &fs::DirEntry) -> Option<u64> {
    use std::os::unix::fs::DirEntryExt;
    Some(entry.ino())
}

#[cfg(not(unix))]
fn listed_ino(_entry: &fs::DirEntry) -> Option<u64> {
    None
}

/// Listings started ahead and not yet taken: so that a folder of many thousand subfolders does
/// not hold all their entries (and descriptors) at once, at most as many as the walk may hold
/// folders open ([`folder::held_at_most`]).
static AHEAD: AtomicUsize = AtomicUsize::new(0);

/// A folder being listed ahead of the walk.
pub struct Ahead {
    state: Mutex<State>,
    done: Condvar,
}

enum State {
    /// Not started: whoever comes first lists the folder.
    Waiting,
    Reading,
    /// Boxed: a stat is big, and most of these wait.
    Done(Box<Entered>),
    Taken,
}

/// A folder entered and listed (see [`Folder::enter_and_list`]).
pub type Entered = io::Result<(Opened, io::Result<Entries>)>;

impl Ahead {
    /// Enters and lists `dir` (in `parent`) on an idle worker; `None` when enough folders are
    /// listed ahead already.
    pub fn start(parent: Arc<Folder>, dir: PathBuf) -> Option<Arc<Ahead>> {
        if AHEAD.fetch_add(1, Ordering::Relaxed) >= folder::held_at_most() {
            AHEAD.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        let ahead = Arc::new(Ahead {
            state: Mutex::new(State::Waiting),
            done: Condvar::new(),
        });
        let task = Arc::clone(&ahead);
        rayon::spawn(move || task.run(&parent, &dir));
        Some(ahead)
    }

    fn run(&self, parent: &Folder, dir: &Path) {
        {
            let mut state = self.lock();
            if !matches!(*state, State::Waiting) {
                return;
            }
            *state = State::Reading;
        }
        let entered = Folder::enter_and_list(Some(parent), dir);
        *self.lock() = State::Done(Box::new(entered));
        self.done.notify_all();
    }

    /// `dir` entered and listed: ahead, waiting for a worker that is at it, or now if none
    /// started.
    pub fn take(&self, parent: Option<&Folder>, dir: &Path) -> Entered {
        let state = self.lock();
        let mut state = self
            .done
            .wait_while(state, |state| matches!(state, State::Reading))
            .unwrap_or_else(|e| e.into_inner());
        match std::mem::replace(&mut *state, State::Taken) {
            State::Done(entered) => *entered,
            State::Waiting | State::Reading | State::Taken => {
                drop(state);
                Folder::enter_and_list(parent, dir)
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        AHEAD.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names, kinds and inodes of what was listed.
    fn seen(entries: &Entries) -> Vec<(String, Kind, Option<u64>)> {
        assert!(entries.errors.is_empty(), "{:?}", entries.errors);
        let entry = |e: &Entry| {
            let kind = *e.kind.as_ref().unwrap();
            (e.name.to_string_lossy().into_owned(), kind, e.ino)
        };
        entries.entries.iter().map(entry).collect()
    }

    fn sample_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.md", ".hidden"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        fs::create_dir(dir.path().join("sub")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("a.md", dir.path().join("link.md")).unwrap();
        dir
    }

    #[test]
    fn a_listing_is_in_name_order_without_hidden_entries() {
        let dir = sample_folder();
        let listed = seen(&read(dir.path()).unwrap());
        let names: Vec<_> = listed.iter().map(|(n, k, _)| (n.as_str(), *k)).collect();
        let mut expected = vec![("a.md", Kind::File), ("b.md", Kind::File)];
        #[cfg(unix)]
        expected.push(("link.md", Kind::Link));
        expected.push(("sub", Kind::Folder));
        assert_eq!(names, expected);
        assert!(read(&dir.path().join("gone")).is_err());
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn listed_through_a_descriptor_or_by_path_the_same() {
        use std::os::fd::AsFd;
        let dir = sample_folder();
        let open = fs::File::open(dir.path()).unwrap();
        assert_eq!(
            seen(&read_open(open.as_fd())),
            seen(&read(dir.path()).unwrap())
        );
        // More entries than one call to the file system gives.
        for i in 0..2000 {
            fs::write(
                dir.path()
                    .join(format!("many-{i:04}-{}.md", "x".repeat(40))),
                "",
            )
            .unwrap();
        }
        let open = fs::File::open(dir.path()).unwrap();
        let by_fd = seen(&read_open(open.as_fd()));
        assert_eq!(by_fd.len(), 2004);
        assert_eq!(by_fd, seen(&read(dir.path()).unwrap()));
    }

    #[test]
    fn ahead_or_not_the_walk_gets_the_same_entries() {
        let dir = sample_folder();
        let now = seen(&read(dir.path()).unwrap());
        let meta = fs::metadata(dir.path()).unwrap();
        let parent = Arc::new(Folder::open(dir.path().parent().unwrap()));
        // The same folder, not held open (the walk could not spare a descriptor): by path.
        let by_path = Arc::new(
            Folder::enter(None, dir.path().parent().unwrap(), false)
                .unwrap()
                .0,
        );
        assert!(!by_path.is_open());
        let taken = |ahead: Arc<Ahead>| {
            let (opened, entries) = ahead.take(Some(&parent), dir.path()).unwrap();
            let (folder, entered) = opened.hold(false);
            assert_eq!(folder.path(), dir.path());
            assert_eq!(entered.modified().unwrap(), meta.modified().unwrap());
            seen(&entries.unwrap())
        };
        // Taken at once, after the worker finished, or many times over: always the same, by
        // name in the parent or by path.
        for _ in 0..50 {
            let ahead = Ahead::start(parent.clone(), dir.path().to_path_buf()).unwrap();
            assert_eq!(taken(ahead), now);
            let ahead = Ahead::start(by_path.clone(), dir.path().to_path_buf()).unwrap();
            assert_eq!(taken(ahead), now);
        }
        let ahead = Ahead::start(parent.clone(), dir.path().to_path_buf()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(taken(ahead), now);
        let gone = dir.path().join("gone");
        let ahead = Ahead::start(parent.clone(), gone.clone()).unwrap();
        assert!(ahead.take(Some(&parent), &gone).is_err());
    }
}
