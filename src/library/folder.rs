//! Stat and open files by name relative to their folder.
//!
//! Loading 100k articles stats every file (and, without a cache, opens it). By full path, each
//! call walks every component of the path again in the kernel (a tenth of a warm start went to
//! that lookup); relative to a folder opened once, it is one component. The walk opens each
//! folder by its name in its parent and hands it, open, to the workers. Unix only: elsewhere
//! the same calls go by path.

use super::ahead::{self, Entries};
use super::cache::Stamp;
use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Folders held open right now, by every [`Folder`] of the process.
static HELD_OPEN: AtomicUsize = AtomicUsize::new(0);

/// Whether another folder may be held open. The walk hands each folder, open, to the workers
/// that load its files; it holds at most a few hundred at once, and no more than an eighth of
/// the limit of open files (often 1024), so that nothing else runs short.
pub fn may_hold_another() -> bool {
    HELD_OPEN.load(Ordering::Relaxed) < held_at_most()
}

/// How many folders the walk may hold open at once.
pub fn held_at_most() -> usize {
    static AT_MOST: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *AT_MOST.get_or_init(|| open_files_limit().map_or(usize::MAX, |n| n / 8).min(256))
}

/// The process's limit of open files (`None`: no limit, or none known).
fn open_files_limit() -> Option<usize> {
    #[cfg(unix)]
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    #[cfg(not(unix))]
    let limit: Option<u64> = None;
    limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// Grows the process's table of descriptors, while it has one thread, to room for every folder
/// the walk may hold open and the files open beside them. Grown later, with the workers
/// running, each doubling of the table (to 128, 256, 512) makes the kernel wait for an RCU
/// grace period: in warm starts of 100k articles a worker sat out 4 to 30 ms of a 160 ms load
/// so. The table only grows, so one descriptor opened that high and closed again is enough.
pub fn make_room_for_descriptors() {
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        let Some(highest) = descriptors_wanted()
            .checked_sub(1)
            .and_then(|n| i32::try_from(n).ok())
        else {
            return;
        };
        // Any descriptor will do to copy; a failure costs only the waits this avoids.
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        if let Ok(root) = rustix::fs::open("/", flags, Mode::empty()) {
            let _ = rustix::io::fcntl_dupfd_cloexec(&root, highest);
        }
    }
}

/// Room in the table of descriptors for the folders held by the walk and by those entered
/// ahead of it, plus the files open and the rest of the process; within the limit.
#[cfg(unix)]
fn descriptors_wanted() -> usize {
    let want = held_at_most().saturating_mul(2).saturating_add(64);
    open_files_limit().map_or(want, |n| want.min(n))
}

/// A folder entered (opened and stat'ed), not yet counted among those held open: one entered
/// ahead of the walk is held only by [`super::ahead`]'s own count until the walk takes it.
#[derive(Debug)]
pub struct Opened {
    path: PathBuf,
    #[cfg(unix)]
    fd: Option<std::os::fd::OwnedFd>,
    meta: Metadata,
}

impl Opened {
    /// Opens and stats the folder at `path` as [`Folder::enter`] says.
    fn enter(parent: Option<&Folder>, path: &Path) -> io::Result<Opened> {
        #[cfg(unix)]
        {
            match open_in(parent, path, rustix::fs::OFlags::PATH) {
                // `fstat` works on an `O_PATH` descriptor.
                Ok(fd) => Opened::stat(path, fd),
                // Not a folder (or a link to one) any more, or out of descriptors: the stat
                // by path says what it is.
                Err(
                    rustix::io::Errno::NOTDIR | rustix::io::Errno::MFILE | rustix::io::Errno::NFILE,
                ) => Ok(Opened {
                    path: path.to_path_buf(),
                    fd: None,
                    meta: std::fs::metadata(path)?,
                }),
                Err(err) => Err(err.into()),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = parent;
            Ok(Opened {
                path: path.to_path_buf(),
                meta: std::fs::metadata(path)?,
            })
        }
    }

    /// The folder open as `fd`, stat'ed through it.
    #[cfg(unix)]
    fn stat(path: &Path, fd: std::os::fd::OwnedFd) -> io::Result<Opened> {
        // The `File` is only the descriptor's holder, for its `metadata`.
        let file = File::from(fd);
        let meta = file.metadata()?;
        Ok(Opened {
            path: path.to_path_buf(),
            fd: Some(file.into()),
            meta,
        })
    }

    /// The folder, held open if `keep_open` (closed otherwise, and gone by path), and its stat.
    pub fn hold(self, keep_open: bool) -> (Folder, Metadata) {
        #[cfg(unix)]
        let folder = Folder::held(self.path, self.fd.filter(|_| keep_open));
        #[cfg(not(unix))]
        let folder = {
            let _ = keep_open;
            Folder { path: self.path }
        };
        (folder, self.meta)
    }
}

/// Opens the folder at `path` with `access` (and as a folder, following a link), by its name
/// in `parent` when that is open.
#[cfg(unix)]
fn open_in(
    parent: Option<&Folder>,
    path: &Path,
    access: rustix::fs::OFlags,
) -> rustix::io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    let flags = access | OFlags::DIRECTORY | OFlags::CLOEXEC;
    match (parent.and_then(|p| p.fd.as_ref()), split(path)) {
        (Some(dir), Some((_, name))) => rustix::fs::openat(dir, name, flags, Mode::empty()),
        _ => rustix::fs::open(path, flags, Mode::empty()),
    }
}

/// What the load needs to know of a file before reading it.
#[derive(Debug, Clone, Copy)]
pub struct FileStat {
    pub stamp: Stamp,
    pub regular: bool,
}

/// A folder held open for relative calls, or (when it cannot be opened, or off Unix) its path.
#[derive(Debug)]
pub struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    fd: Option<std::os::fd::OwnedFd>,
}

impl Folder {
    pub fn open(path: &Path) -> Folder {
        let path = path.to_path_buf();
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            // O_PATH: only a handle for the *at calls; it needs no read permission.
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(&path, flags, Mode::empty()).ok();
            Folder::held(path, fd)
        }
        #[cfg(not(unix))]
        Folder { path }
    }

    #[cfg(unix)]
    fn held(path: PathBuf, fd: Option<std::os::fd::OwnedFd>) -> Folder {
        if fd.is_some() {
            HELD_OPEN.fetch_add(1, Ordering::Relaxed);
        }
        Folder { path, fd }
    }

    /// Opens the folder at `path`, following a symbolic link, and stats what was opened: by its
    /// name in `parent` (the folder `path` is in) when that is open, so that the kernel looks up
    /// one name rather than every component of the path again; by path otherwise. Unless
    /// `keep_open`, or when there are no descriptors to spare, it is closed again and the
    /// `Folder` goes by path.
    pub fn enter(
        parent: Option<&Folder>,
        path: &Path,
        keep_open: bool,
    ) -> io::Result<(Folder, Metadata)> {
        Ok(Opened::enter(parent, path)?.hold(keep_open))
    }

    /// Enters the folder at `path` as [`Folder::enter`] does, and lists it ([`ahead::read`])
    /// through the same descriptor, opened for reading: listing it by path opened it a second
    /// time, looking up every component of its path again, and `opendir` stats it again.
    /// The stat comes before the listing, so that a change while listing shows in the next
    /// start's stat. Not yet held: see [`Opened::hold`].
    pub fn enter_and_list(
        parent: Option<&Folder>,
        path: &Path,
    ) -> io::Result<(Opened, io::Result<Entries>)> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            use rustix::fs::OFlags;
            use std::os::fd::AsFd;
            match open_in(parent, path, OFlags::RDONLY) {
                Ok(fd) => {
                    // Stat'ed first, then listed through the descriptor it keeps.
                    let opened = Opened::stat(path, fd)?;
                    if let Some(fd) = &opened.fd {
                        let entries = ahead::read_open(fd.as_fd());
                        return Ok((opened, Ok(entries)));
                    }
                }
                // Not a folder any more, out of descriptors, or one that may be entered but
                // not read: as below, which says what it is.
                Err(
                    rustix::io::Errno::NOTDIR
                    | rustix::io::Errno::MFILE
                    | rustix::io::Errno::NFILE
                    | rustix::io::Errno::ACCESS,
                ) => {}
                Err(err) => return Err(err.into()),
            }
        }
        let opened = Opened::enter(parent, path)?;
        Ok((opened, ahead::read(path)))
    }

    /// Lists this folder ([`ahead::read`]): held open, through a descriptor opened relative to
    /// it (one name looked up, and no stat), otherwise by path. For a folder entered without
    /// its listing, as a start with a cache enters those the cache lists.
    pub fn list(&self) -> io::Result<Entries> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(fd) = &self.fd {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let dir = rustix::fs::openat(fd, ".", flags, Mode::empty())?;
            return Ok(ahead::read_open(std::os::fd::AsFd::as_fd(&dir)));
        }
        ahead::read(&self.path)
    }

    /// The path it was opened with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether it is held open (calls are relative to it) rather than gone by path.
    pub fn is_open(&self) -> bool {
        #[cfg(unix)]
        return self.fd.is_some();
        #[cfg(not(unix))]
        false
    }

    /// Stats `name` in this folder, following a symbolic link.
    pub fn stat(&self, name: &Path) -> io::Result<FileStat> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            let st = rustix::fs::statat(fd, name, rustix::fs::AtFlags::empty())?;
            let kind = rustix::fs::FileType::from_raw_mode(st.st_mode);
            return Ok(FileStat {
                stamp: Stamp {
                    size: st.st_size as u64,
                    secs: st.st_mtime as i64,
                    nanos: st.st_mtime_nsec as u32,
                },
                regular: kind == rustix::fs::FileType::RegularFile,
            });
        }
        stat_path(&self.path.join(name))
    }

    /// Opens `name` in this folder for reading. Non-blocking, so that a file replaced by a FIFO
    /// since the scan cannot hang the load (regular files ignore the flag).
    pub fn open_file(&self, name: &Path) -> io::Result<File> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK;
            return Ok(File::from(rustix::fs::openat(
                fd,
                name,
                flags,
                Mode::empty(),
            )?));
        }
        open_path(&self.path.join(name))
    }
}

#[cfg(unix)]
impl Drop for Folder {
    fn drop(&mut self) {
        if self.fd.is_some() {
            HELD_OPEN.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// Stats a file by its path, following symbolic links.
pub fn stat_path(path: &Path) -> io::Result<FileStat> {
    let meta = std::fs::metadata(path)?;
    Ok(FileStat {
        stamp: Stamp::of(&meta),
        regular: meta.is_file(),
    })
}

/// A file to stat or open: by name in a folder held open, or by its path.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    In(&'a Folder, &'a Path),
    Path(&'a Path),
}

impl Target<'_> {
    pub fn stat(self) -> io::Result<FileStat> {
        match self {
            Target::In(folder, name) => folder.stat(name),
            Target::Path(path) => stat_path(path),
        }
    }

    /// Opened without blocking (see [`Folder::open_file`]).
    pub fn open(self) -> io::Result<File> {
        match self {
            Target::In(folder, name) => folder.open_file(name),
            Target::Path(path) => open_path(path),
        }
    }
}

/// `dir/name` for a `name` as listed (one component), in one allocation of the right size
/// (`Path::join` allocates, then grows: two allocations and a copy per file of the walk). The
/// bytes are put together as they are: `PathBuf::push` looks at both for separators and roots,
/// which was 2.5% of the instructions of a warm start of 100k articles.
#[cfg(unix)]
pub fn join(dir: &Path, name: impl AsRef<Path>) -> PathBuf {
    let name = name.as_ref().as_os_str();
    let at = separated(dir);
    let dir = dir.as_os_str();
    let mut path = std::ffi::OsString::with_capacity(at + name.len());
    path.push(dir);
    if at > dir.len() {
        path.push("/");
    }
    path.push(name);
    PathBuf::from(path)
}

/// Where the name starts in what [`join`] makes of `dir` and a name.
#[cfg(unix)]
pub fn name_start(dir: &Path) -> Option<usize> {
    Some(separated(dir))
}

/// The length of `dir` with the separator [`join`] puts after it (none after an empty one or
/// one that ends in a separator).
#[cfg(unix)]
fn separated(dir: &Path) -> usize {
    let dir = dir.as_os_str().as_encoded_bytes();
    dir.len() + usize::from(!dir.is_empty() && !dir.ends_with(b"/"))
}

#[cfg(not(unix))]
pub fn name_start(_dir: &Path) -> Option<usize> {
    None
}

#[cfg(not(unix))]
pub fn join(dir: &Path, name: impl AsRef<Path>) -> PathBuf {
    let name = name.as_ref();
    let mut path = PathBuf::with_capacity(dir.as_os_str().len() + 1 + name.as_os_str().len());
    path.push(dir);
    path.push(name);
    path
}

/// A path as the walk builds them split into its folder and its name, from its bytes (without
/// parsing every component); `None` when it has no folder part or no name.
#[cfg(unix)]
pub fn split(path: &Path) -> Option<(&Path, &Path)> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let cut = memchr::memrchr(b'/', bytes)?;
    let (folder, name) = (&bytes[..cut.max(1)], &bytes[cut + 1..]);
    if name.is_empty() || name == b"." || name == b".." {
        return None;
    }
    let path = |b| Path::new(std::ffi::OsStr::from_bytes(b));
    Some((path(folder), path(name)))
}

#[cfg(not(unix))]
pub fn split(path: &Path) -> Option<(&Path, &Path)> {
    Some((path.parent()?, Path::new(path.file_name()?)))
}

/// A path's extension, as `Path::extension` gives it (after the last `.` of the name, which is
/// not its first character), found from the end of its bytes without parsing every component.
#[cfg(unix)]
pub fn extension(path: &Path) -> Option<&[u8]> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let name = memchr::memrchr(b'/', bytes).map_or(bytes, |cut| &bytes[cut + 1..]);
    let dot = memchr::memrchr(b'.', name)?;
    (dot > 0 && name != b"..").then(|| &name[dot + 1..])
}

#[cfg(not(unix))]
pub fn extension(path: &Path) -> Option<&[u8]> {
    path.extension().map(|e| e.as_encoded_bytes())
}

/// `file` (opened without blocking) if it is a regular file; an error if it is anything else.
pub fn regular(file: File) -> io::Result<File> {
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(io::Error::other("not a regular file any more"))
    }
}

/// Stats a file already open.
pub fn stat_file(file: &File) -> io::Result<FileStat> {
    let meta = file.metadata()?;
    Ok(FileStat {
        stamp: Stamp::of(&meta),
        regular: meta.is_file(),
    })
}

/// Opens a file by its path for reading, without blocking on a FIFO (see [`Folder::open_file`]).
pub fn open_path(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel says how big the table is (`FDSize`). Without the call it stays at the 64
    /// or 128 the test process starts with (checked by leaving it out).
    #[cfg(target_os = "linux")]
    #[test]
    fn room_is_made_for_the_descriptors_the_walk_may_hold() {
        let size = || {
            std::fs::read_to_string("/proc/self/status")
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix("FDSize:"))
                .and_then(|n| n.trim().parse::<usize>().ok())
                .unwrap()
        };
        make_room_for_descriptors();
        assert!(descriptors_wanted() > held_at_most());
        assert!(
            size() >= descriptors_wanted(),
            "{} < {}",
            size(),
            descriptors_wanted()
        );
    }

    #[test]
    fn join_is_what_path_join_makes_of_a_listed_name() {
        for dir in ["", ".", "/", "lib", "lib/", "/home/me/lib", "a//b/", "é/東"] {
            for name in ["a.md", "sub", ".hidden", "é東.md", "x y"] {
                let dir = Path::new(dir);
                assert_eq!(join(dir, name), dir.join(name), "{dir:?} {name}");
                #[cfg(unix)]
                {
                    let joined = join(dir, name);
                    let at = name_start(dir).unwrap();
                    assert_eq!(
                        &joined.as_os_str().as_encoded_bytes()[at..],
                        name.as_bytes()
                    );
                }
            }
        }
    }

    #[test]
    fn extension_is_what_path_says() {
        for path in [
            "a.md",
            "/x/y.txt",
            ".md",
            "dir/.hidden",
            "a.b.c",
            "noext",
            "a.",
            "x/..",
            "x/.",
            "./a.MD",
            "..",
            "/",
            "",
            "dir.d/file",
            "dir/a..md",
        ] {
            let path = Path::new(path);
            let expected = path.extension().map(|e| e.as_encoded_bytes());
            assert_eq!(extension(path), expected, "{path:?}");
        }
    }

    #[test]
    fn relative_and_by_path_agree() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "hello").unwrap();
        let folder = Folder::open(dir.path());
        let relative = folder.stat(Path::new("a.md")).unwrap();
        let by_path = stat_path(&file).unwrap();
        assert_eq!(relative.stamp, by_path.stamp);
        let open = stat_file(&folder.open_file(Path::new("a.md")).unwrap()).unwrap();
        assert_eq!(open.stamp, by_path.stamp);
        assert_eq!(relative.stamp.size, 5);
        assert!(relative.regular);
        assert!(!folder.stat(Path::new(".")).unwrap().regular);
        let err = folder.stat(Path::new("missing.md")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        let mut text = String::new();
        io::Read::read_to_string(&mut folder.open_file(Path::new("a.md")).unwrap(), &mut text)
            .unwrap();
        assert_eq!(text, "hello");
    }

    /// A time before 1970 with a fraction of a second: the stat by name (a warm start) and the
    /// stat of the open file (a load without cache) must give the same stamp, or such a file
    /// is never found in the cache.
    #[test]
    fn stamps_agree_before_1970() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("old.md");
        std::fs::write(&file, "old").unwrap();
        let before = std::time::UNIX_EPOCH - std::time::Duration::from_millis(1_500);
        let opened = std::fs::File::options().write(true).open(&file).unwrap();
        opened.set_modified(before).unwrap();
        let folder = Folder::open(dir.path());
        let relative = folder.stat(Path::new("old.md")).unwrap().stamp;
        let by_path = stat_path(&file).unwrap().stamp;
        let open = stat_file(&folder.open_file(Path::new("old.md")).unwrap())
            .unwrap()
            .stamp;
        assert_eq!(relative, by_path);
        assert_eq!(open, by_path);
    }

    #[cfg(unix)]
    #[test]
    fn paths_split_into_folder_and_name() {
        let split = |p: &str| split(Path::new(p)).map(|(f, n)| (f.to_path_buf(), n.to_path_buf()));
        let pair = |f: &str, n: &str| Some((PathBuf::from(f), PathBuf::from(n)));
        assert_eq!(split("lib/2015/a.md"), pair("lib/2015", "a.md"));
        assert_eq!(split("/a.md"), pair("/", "a.md"));
        assert_eq!(split("a.md"), None);
        assert_eq!(split("lib/"), None);
        assert_eq!(split("lib/.."), None);
    }

    #[test]
    fn join_is_path_join() {
        for (dir, name) in [
            ("lib", "a.md"),
            ("lib/", "a.md"),
            ("/", "a.md"),
            ("", "a.md"),
        ] {
            let joined = join(Path::new(dir), name);
            assert_eq!(joined, Path::new(dir).join(name), "{dir} {name}");
            assert_eq!(joined.as_os_str(), Path::new(dir).join(name).as_os_str());
        }
    }

    #[test]
    fn a_folder_that_cannot_be_opened_falls_back_to_paths() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let folder = Folder::open(&gone);
        assert!(folder.stat(Path::new("a.md")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn opening_a_fifo_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f.md");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let folder = Folder::open(dir.path());
        assert!(!folder.stat(Path::new("f.md")).unwrap().regular);
        // Returns at once (a blocking open would wait for a writer forever).
        assert!(folder.open_file(Path::new("f.md")).is_ok());
        assert!(open_path(&fifo).is_ok());
        assert!(regular(open_path(&fifo).unwrap()).is_err());
    }
}
