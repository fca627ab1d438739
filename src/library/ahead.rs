//! A folder's entries as the file system lists them, read by the walk or ahead of it.
//!
//! The walk is one thread (its order and its `seen` set are what make the scan order), and a
//! folder whose blocks are not in memory makes it wait for the disk while the workers run dry.
//! So, in a load without cache, the subfolders of a folder just listed are listed ahead on idle
//! workers (the pool's global queue, which workers take from only when they have nothing else),
//! and the walk takes the entries when it gets there, or lists the folder itself if no worker
//! has started on it. Entries are kept as plain values: a `DirEntry` would keep its folder open.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// One entry of a folder.
#[derive(Debug)]
pub struct Entry {
    pub name: OsString,
    pub kind: io::Result<fs::FileType>,
    /// The inode, as listed (Unix).
    pub ino: Option<u64>,
}

/// A folder's entries but the hidden ones, in name order, and the errors met reading them.
#[derive(Debug, Default)]
pub struct Entries {
    pub entries: Vec<Entry>,
    pub errors: Vec<io::Error>,
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
                        kind: entry.file_type(),
                        ino: listed_ino(&entry),
                        name,
                    });
                }
            }
            Err(err) => listed.errors.push(err),
        }
    }
    listed.entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    Ok(listed)
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

/// Listings started ahead and not yet taken: at most [`MAX_AHEAD`], so that a folder of many
/// thousand subfolders does not hold all their entries at once.
static AHEAD: AtomicUsize = AtomicUsize::new(0);
const MAX_AHEAD: usize = 256;

/// A folder being listed ahead of the walk.
pub struct Ahead {
    state: Mutex<State>,
    done: Condvar,
}

enum State {
    /// Not started: whoever comes first lists the folder.
    Waiting,
    Reading,
    Done(io::Result<Entries>),
    Taken,
}

impl Ahead {
    /// Lists `dir` on an idle worker; `None` when enough folders are listed ahead already.
    pub fn start(dir: PathBuf) -> Option<Arc<Ahead>> {
        if AHEAD.fetch_add(1, Ordering::Relaxed) >= MAX_AHEAD {
            AHEAD.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        let ahead = Arc::new(Ahead {
            state: Mutex::new(State::Waiting),
            done: Condvar::new(),
        });
        let task = Arc::clone(&ahead);
        rayon::spawn(move || task.run(&dir));
        Some(ahead)
    }

    fn run(&self, dir: &Path) {
        {
            let mut state = self.lock();
            if !matches!(*state, State::Waiting) {
                return;
            }
            *state = State::Reading;
        }
        let entries = read(dir);
        *self.lock() = State::Done(entries);
        self.done.notify_all();
    }

    /// The entries of `dir`: as listed ahead, waiting for a worker that is at it, or listed now
    /// if none started.
    pub fn take(&self, dir: &Path) -> io::Result<Entries> {
        let state = self.lock();
        let mut state = self
            .done
            .wait_while(state, |state| matches!(state, State::Reading))
            .unwrap_or_else(|e| e.into_inner());
        match std::mem::replace(&mut *state, State::Taken) {
            State::Done(entries) => entries,
            State::Waiting | State::Reading | State::Taken => {
                drop(state);
                read(dir)
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

    #[test]
    fn ahead_or_not_the_walk_gets_the_same_entries() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.md", ".hidden", "sub"] {
            if name == "sub" {
                fs::create_dir(dir.path().join(name)).unwrap();
            } else {
                fs::write(dir.path().join(name), "x").unwrap();
            }
        }
        let names = |e: &Entries| e.entries.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
        let now = read(dir.path()).unwrap();
        assert_eq!(names(&now), ["a.md", "b.md", "sub"]);
        assert!(now.entries[2].kind.as_ref().is_ok_and(fs::FileType::is_dir));
        // Taken at once, after the worker finished, or many times over: always the same.
        for _ in 0..50 {
            let ahead = Ahead::start(dir.path().to_path_buf()).unwrap();
            assert_eq!(names(&ahead.take(dir.path()).unwrap()), names(&now));
        }
        let ahead = Ahead::start(dir.path().to_path_buf()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(names(&ahead.take(dir.path()).unwrap()), names(&now));
        let gone = dir.path().join("gone");
        let ahead = Ahead::start(gone.clone()).unwrap();
        assert!(ahead.take(&gone).is_err());
    }
}
