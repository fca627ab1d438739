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
    replace(path, &[bytes], true)
}

/// [`write_atomic`] without waiting for the disk, for a file that is rebuilt when damaged (the
/// metadata cache, whose checksum catches what a crash may leave): the rename still means a
/// reader never sees half a file, and a start does not wait ~50 ms for 26 MB to reach the disk.
/// The bytes come in pieces, written one after the other.
pub fn write_atomic_unsynced(path: &Path, pieces: &[&[u8]]) -> io::Result<()> {
    replace(path, pieces, false)
}

fn replace(path: &Path, pieces: &[&[u8]], sync: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
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

    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        write_pieces(&mut file, pieces)?;
        if sync {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, path)?;
        if !sync {
            return Ok(());
        }
        // The rename itself is durable only once the directory is synced; not all systems allow
        // opening a directory, and the data is safe either way, so failure here is ignored.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes `pieces` one after the other, many to a call: the cache comes in some ten thousand
/// pieces of a few kilobytes, and a call for each was most of the time writing it took.
fn write_pieces(file: &mut fs::File, pieces: &[&[u8]]) -> io::Result<()> {
    // At most 1024 pieces to a call: the usual limit (IOV_MAX).
    for group in pieces.chunks(1024) {
        let mut slices: Vec<io::IoSlice> = group.iter().map(|p| io::IoSlice::new(p)).collect();
        let mut slices = &mut slices[..];
        io::IoSlice::advance_slices(&mut slices, 0);
        while !slices.is_empty() {
            match file.write_vectored(slices) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => io::IoSlice::advance_slices(&mut slices, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
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
    fn pieces_are_written_whole_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        // More pieces than one call takes, of many sizes, some empty.
        let owned: Vec<Vec<u8>> = (0..3000u32)
            .map(|i| (0..(i * 7) % 50).map(|j| (i + j) as u8).collect())
            .collect();
        let pieces: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        write_atomic_unsynced(&path, &pieces).unwrap();
        assert_eq!(fs::read(&path).unwrap(), owned.concat());
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
