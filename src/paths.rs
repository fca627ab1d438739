//! Where quire keeps its files, and how it writes them without ever leaving half a file behind.
//!
//! Directories follow XDG on Linux (`XDG_CONFIG_HOME`, `XDG_STATE_HOME`, `XDG_CACHE_HOME`, read
//! on every call so tests and wrappers can point them elsewhere) through `etcetera`.

use etcetera::BaseStrategy;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

const APP: &str = "quire";

fn base() -> Option<impl BaseStrategy> {
    etcetera::choose_base_strategy().ok()
}

/// `$XDG_CONFIG_HOME/quire` (default `~/.config/quire`); `None` without a home directory.
pub fn config_dir() -> Option<PathBuf> {
    base().map(|b| b.config_dir().join(APP))
}

/// `$XDG_STATE_HOME/quire` (default `~/.local/state/quire`): read marks, stars, positions.
pub fn state_dir() -> Option<PathBuf> {
    let b = base()?;
    // Strategies without a state directory (not XDG) keep state next to the data.
    Some(b.state_dir().unwrap_or_else(|| b.data_dir()).join(APP))
}

/// `$XDG_CACHE_HOME/quire` (default `~/.cache/quire`).
pub fn cache_dir() -> Option<PathBuf> {
    base().map(|b| b.cache_dir().join(APP))
}

/// `$XDG_CONFIG_HOME/quire/themes`: user themes, found by name (`NAME.yaml`).
pub fn user_themes_dir() -> Option<PathBuf> {
    config_dir().map(|d| d.join("themes"))
}

/// `$XDG_CONFIG_HOME/quire/config.yaml`.
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.yaml"))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed to disk,
/// then renamed over `path`. A crash leaves either the old file or the new one, never a mix.
/// Missing parent directories are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.file().write_all(bytes)?;
    file.commit(true)
}

/// A file being written in place of `path`: written as a hidden temporary file beside it, which
/// [`AtomicFile::commit`] renames over `path`, so that a reader never sees half a file; one
/// dropped without a commit is removed. (The metadata cache is written so as it is made.)
pub struct AtomicFile {
    file: fs::File,
    tmp: PathBuf,
    path: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file (and missing parent directories).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = parent_dir(path);
        fs::create_dir_all(&dir)?;
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
        // Hidden, and unique per process and moment, so two writers never share a temporary file.
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".tmp-{}-{nanos}", std::process::id()));
        let tmp = dir.join(tmp_name);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        Ok(AtomicFile {
            file,
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut fs::File {
        &mut self.file
    }

    /// Puts the file in place of `path`. With `sync`, waits for the disk first (and for the
    /// rename after): the metadata cache goes without, since its checksum catches what a crash
    /// may leave and a start should not wait ~50 ms for 30 MB to reach the disk.
    pub fn commit(self, sync: bool) -> io::Result<()> {
        if sync {
            self.file.sync_all()?;
        }
        fs::rename(&self.tmp, &self.path)?;
        if sync {
            // The rename itself is durable only once the directory is synced; not all systems
            // allow opening a directory, and the data is safe either way, so failure here is
            // ignored.
            if let Ok(d) = fs::File::open(parent_dir(&self.path)) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    /// Removes the temporary file when it was not committed (after a commit it is gone).
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.tmp);
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Moves a damaged file out of the way as `NAME.bad-<unix-seconds>` in the same directory, so
/// quire can start afresh while the user keeps the old data to inspect. Returns the new path.
pub fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let mut new_name = name.to_os_string();
    new_name.push(format!(".bad-{secs}"));
    let mut target = path.with_file_name(&new_name);
    // Two damaged files in the same second: never overwrite the first one set aside.
    let mut n = 1;
    while target.exists() {
        let mut numbered = new_name.clone();
        numbered.push(format!("-{n}"));
        target = path.with_file_name(numbered);
        n += 1;
    }
    fs::rename(path, &target)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_file_dropped_uncommitted_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        fs::write(&path, b"old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.file().write_all(b"half").unwrap();
        drop(file);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        let mut file = AtomicFile::create(&path).unwrap();
        file.file().write_all(b"new").unwrap();
        file.commit(false).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let entries: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn write_atomic_creates_parents_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/state.json");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        // No temporary file left behind.
        let entries: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn set_aside_renames_with_timestamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        fs::write(&path, b"garbage").unwrap();
        let moved = set_aside(&path).unwrap();
        assert!(!path.exists());
        let name = moved.file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.starts_with("state.json.bad-"), "{name}");
        assert_eq!(fs::read(&moved).unwrap(), b"garbage");

        // A second damaged file in the same second does not overwrite the first.
        fs::write(&path, b"again").unwrap();
        let moved2 = set_aside(&path).unwrap();
        assert_ne!(moved, moved2);
        assert_eq!(fs::read(&moved).unwrap(), b"garbage");
        assert_eq!(fs::read(&moved2).unwrap(), b"again");
    }

    #[test]
    fn set_aside_missing_file_is_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(set_aside(&dir.path().join("nope")).is_err());
    }

    #[test]
    fn xdg_variables_are_honoured() {
        let dir = tempfile::tempdir().unwrap();
        let (c, s, k) = (
            dir.path().join("c"),
            dir.path().join("s"),
            dir.path().join("k"),
        );
        // SAFETY: the only tests reading these variables are in this module and accept any value.
        unsafe {
            std::env::set_var("XDG_CONFIG_HOME", &c);
            std::env::set_var("XDG_STATE_HOME", &s);
            std::env::set_var("XDG_CACHE_HOME", &k);
        }
        assert_eq!(config_dir().unwrap(), c.join("quire"));
        assert_eq!(config_file().unwrap(), c.join("quire/config.yaml"));
        assert_eq!(user_themes_dir().unwrap(), c.join("quire/themes"));
        assert_eq!(state_dir().unwrap(), s.join("quire"));
        assert_eq!(cache_dir().unwrap(), k.join("quire"));
    }

    #[test]
    fn dirs_end_in_quire() {
        // Whatever the environment, the directories (when known) are quire's own.
        for d in [config_dir(), state_dir(), cache_dir()]
            .into_iter()
            .flatten()
        {
            assert!(d.ends_with("quire"), "{}", d.display());
        }
        if let Some(f) = config_file() {
            assert!(f.ends_with("quire/config.yaml"));
        }
        if let Some(t) = user_themes_dir() {
            assert!(t.ends_with("quire/themes"));
        }
    }
}
