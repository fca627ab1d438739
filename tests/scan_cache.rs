//! The streaming loader and the metadata cache: same library as `load`, a warm cache opens no
//! file, stale entries are read again, a damaged cache is set aside and rebuilt.

use quire::library::{self, Library, LoadEvent, LoadOptions, LoadReport};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

fn write(root: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = root.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// A small library with authors files, problems, a binary file and nested folders.
fn library_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "authors.yml", b"zeke:\n  name: Zeke Sikelianos\n");
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
    write(root, "bad.md", b"---\ntitle: [unclosed\n---\n# Fallback\n");
    for i in 0..40 {
        write(
            root,
            &format!("deep/{}/n{i:02}.md", i % 3),
            format!(
                "---\ntitle: Note {i}\ntags: [t{}, x]\n---\nText {i}\n",
                i % 4
            )
            .as_bytes(),
        );
    }
    dir
}

/// The article of `2019-05-28-post/index.md`, whose authors come from `authors.yml`.
fn post(library: &Library) -> &library::Article {
    library
        .articles
        .iter()
        .find(|a| a.title() == "Post")
        .expect("the Post article")
}

fn sorted(mut library: Library) -> Library {
    library.articles.sort_by(|a, b| a.path().cmp(b.path()));
    library
        .problems
        .sort_by(|a, b| (&a.path, a.line, &a.reason).cmp(&(&b.path, b.line, &b.reason)));
    library
}

fn stream(paths: &[PathBuf], cache_dir: Option<PathBuf>) -> (Library, LoadReport, usize) {
    let collected = Mutex::new((Library::default(), 0usize));
    let report = library::load_streaming(paths, &LoadOptions { cache_dir }, &|event| {
        let mut c = collected.lock().unwrap();
        match event {
            LoadEvent::Found(n) => c.1 = c.1.max(n),
            LoadEvent::Batch { articles, problems } => {
                c.0.articles.extend(articles);
                c.0.problems.extend(problems);
            }
        }
    });
    let (library, found) = collected.into_inner().unwrap();
    (library, report, found)
}

#[test]
fn streaming_gives_what_load_gives() {
    let dir = library_dir();
    let paths = [dir.path().to_path_buf(), dir.path().join("a.md")];
    let loaded = library::load(&paths);
    assert_eq!(loaded.articles.len(), 45);
    let (streamed, report, found) = stream(&paths, None);
    assert_eq!(found, 46, "every article file, the binary one too, once");
    assert_eq!(report.found, 46);
    assert_eq!(report.parsed, 46);
    assert_eq!(report.from_cache, 0);
    assert_eq!(sorted(streamed), sorted(loaded.clone()));
    // `load` keeps scan order: path order.
    let mut by_path = loaded.articles.clone();
    by_path.sort_by(|a, b| a.path().cmp(b.path()));
    assert_eq!(loaded.articles, by_path);
    assert_eq!(post(&loaded).authors(), ["Zeke Sikelianos"]);
}

#[test]
fn a_warm_cache_gives_the_same_library_without_opening_files() {
    let dir = library_dir();
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    let plain = library::load(&paths);

    let (first, report) = library::load_cached(&paths, Some(cache.path().to_path_buf()));
    assert_eq!((report.parsed, report.from_cache), (46, 0));
    assert!(report.cache_warnings.is_empty(), "{report:?}");
    assert_eq!(first, plain);

    let (second, report) = library::load_cached(&paths, Some(cache.path().to_path_buf()));
    assert_eq!((report.parsed, report.from_cache), (0, 46));
    assert_eq!(second, plain, "articles and problems, in the same order");

    // Proof that a cached file is not read: new content of the same size and time is not seen.
    let path = dir.path().join("b.md");
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(
        &path,
        b"---\ntitle: C\nauthors: [zeke, Other]\n---\nbody b\n",
    )
    .unwrap();
    set_mtime(&path, mtime);
    let (third, report) = library::load_cached(&paths, Some(cache.path().to_path_buf()));
    assert_eq!(report.parsed, 0);
    assert!(third.articles.iter().any(|a| a.title() == "B"));
}

fn set_mtime(path: &Path, time: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

#[test]
fn stale_entries_are_read_again_and_gone_files_dropped() {
    let dir = library_dir();
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    let cache_dir = || Some(cache.path().to_path_buf());
    library::load_cached(&paths, cache_dir());

    // Same size, newer time.
    let a = dir.path().join("a.md");
    let mtime = fs::metadata(&a).unwrap().modified().unwrap();
    fs::write(&a, b"---\ntitle: Z\ndate: 2020\n---\n").unwrap();
    set_mtime(&a, mtime + Duration::from_secs(5));
    // Other size.
    write(dir.path(), "notes.txt", b"Another first line\n");
    fs::remove_file(dir.path().join("bad.md")).unwrap();
    write(dir.path(), "new.md", b"# New\n");

    let (library, report) = library::load_cached(&paths, cache_dir());
    assert_eq!((report.parsed, report.from_cache), (3, 43));
    assert_eq!(library, library::load(&paths));
    assert!(library.articles.iter().any(|a| a.title() == "Z"));
    assert!(
        library
            .articles
            .iter()
            .any(|a| a.title() == "Another first line")
    );

    let (_, report) = library::load_cached(&paths, cache_dir());
    assert_eq!((report.parsed, report.from_cache), (0, 46));
}

#[test]
fn an_edited_authors_file_is_not_missed() {
    let dir = library_dir();
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    library::load_cached(&paths, Some(cache.path().to_path_buf()));
    write(dir.path(), "authors.yml", b"zeke:\n  name: Zeke S.\n");
    let (library, report) = library::load_cached(&paths, Some(cache.path().to_path_buf()));
    assert_eq!(report.parsed, 0);
    assert_eq!(post(&library).authors(), ["Zeke S."]);
    assert_eq!(library, library::load(&paths));
}

fn cache_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_damaged_cache_is_set_aside_and_rebuilt() {
    let dir = library_dir();
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    let cache_dir = || Some(cache.path().to_path_buf());
    library::load_cached(&paths, cache_dir());
    let names = cache_files(cache.path());
    assert_eq!(names.len(), 1, "{names:?}");
    let file = cache.path().join(&names[0]);
    let good = fs::read(&file).unwrap();

    for damage in [
        good[..good.len() / 2].to_vec(),
        {
            let mut flipped = good.clone();
            flipped[good.len() / 3] ^= 1;
            flipped
        },
        b"garbage".to_vec(),
        Vec::new(),
    ] {
        fs::write(&file, &damage).unwrap();
        let (library, report) = library::load_cached(&paths, cache_dir());
        assert_eq!(library, library::load(&paths));
        assert_eq!(report.parsed, 46);
        assert_eq!(report.cache_warnings.len(), 1, "{report:?}");
        assert!(report.cache_warnings[0].contains("damaged"), "{report:?}");
        let (_, report) = library::load_cached(&paths, cache_dir());
        assert_eq!(report.from_cache, 46, "rebuilt");
    }
    let names = cache_files(cache.path());
    assert_eq!(names.len(), 5, "the cache and four set aside: {names:?}");
    assert!(names.iter().filter(|n| n.contains(".bad-")).count() == 4);
}

#[test]
fn another_version_is_rebuilt_quietly() {
    let dir = library_dir();
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    library::load_cached(&paths, Some(cache.path().to_path_buf()));
    let file = cache.path().join(&cache_files(cache.path())[0]);
    let mut bytes = fs::read(&file).unwrap();
    bytes[8..12].copy_from_slice(&(library::CACHE_VERSION + 1).to_le_bytes());
    fs::write(&file, bytes).unwrap();
    let (_, report) = library::load_cached(&paths, Some(cache.path().to_path_buf()));
    assert_eq!(report.parsed, 46);
    assert!(report.cache_warnings.is_empty());
    assert_eq!(cache_files(cache.path()).len(), 1);
}

#[test]
fn batches_are_bounded_and_found_counts_grow() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..2500 {
        write(dir.path(), &format!("f{}/a{i}.md", i % 7), b"# T\n");
    }
    let sizes = Mutex::new(Vec::new());
    let founds = Mutex::new(Vec::new());
    library::load_streaming(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &|event| match event {
            LoadEvent::Found(n) => founds.lock().unwrap().push(n),
            LoadEvent::Batch { articles, .. } => sizes.lock().unwrap().push(articles.len()),
        },
    );
    let sizes = sizes.into_inner().unwrap();
    assert_eq!(sizes.iter().sum::<usize>(), 2500);
    assert!(sizes.len() >= 3, "{sizes:?}");
    assert!(sizes.iter().all(|&n| n <= library::BATCH_ARTICLES + 256));
    let founds = founds.into_inner().unwrap();
    assert_eq!(founds.last(), Some(&2500));
}

#[test]
fn the_cache_serves_the_library_however_its_path_is_spelled() {
    let dir = library_dir();
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = || Some(cache.path().to_path_buf());
    let plain = dir.path().to_path_buf();
    let (first, report) = library::load_cached(std::slice::from_ref(&plain), cache_dir());
    assert_eq!(report.from_cache, 0);
    let mut slashed = plain.clone().into_os_string();
    slashed.push("/");
    let dotted = plain.join(".");
    for spelling in [PathBuf::from(slashed), dotted] {
        let (again, report) = library::load_cached(std::slice::from_ref(&spelling), cache_dir());
        assert_eq!(
            (report.parsed, report.from_cache),
            (0, 46),
            "{}",
            spelling.display()
        );
        let titles = |l: &Library| {
            l.articles
                .iter()
                .map(|a| a.title().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(&again), titles(&first));
        assert!(
            again
                .articles
                .iter()
                .all(|a| a.path().starts_with(&spelling))
        );
    }
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_stamped_by_its_target() {
    let dir = library_dir();
    let target = tempfile::tempdir().unwrap();
    let real = write(target.path(), "real.md", b"---\ntitle: Real\n---\n");
    std::os::unix::fs::symlink(&real, dir.path().join("link.md")).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    let (first, _) = library::load_cached(&paths, Some(cache.path().to_path_buf()));
    assert!(first.articles.iter().any(|a| a.title() == "Real"));
    // The target changes (size and time): the link's entry is stale and read again.
    fs::write(&real, b"---\ntitle: Changed target\n---\n").unwrap();
    set_mtime(
        &real,
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000),
    );
    let (second, report) = library::load_cached(&paths, Some(cache.path().to_path_buf()));
    assert_eq!(report.parsed, 1);
    assert!(
        second
            .articles
            .iter()
            .any(|a| a.title() == "Changed target")
    );
}

/// Sets the modification time of every folder under `root` (and `root`) an hour back.
fn settle_folders(root: &Path) -> SystemTime {
    let past = SystemTime::now() - std::time::Duration::from_secs(3600);
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            }
        }
        fs::File::open(&dir).unwrap().set_modified(past).unwrap();
    }
    past
}

#[cfg(unix)]
#[test]
fn unchanged_folders_are_not_read_again() {
    let dir = library_dir();
    let past = settle_folders(dir.path());
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    let load = || library::load_cached(&paths, Some(cache.path().to_path_buf()));
    let (first, report) = load();
    let folders = report.folders_read;
    assert_eq!(
        folders, 6,
        "root, 2019-05-28-post, deep, deep/0, deep/1, deep/2"
    );

    let (second, report) = load();
    assert_eq!((report.folders_read, report.from_cache), (0, 46));
    assert_eq!(
        second, first,
        "the same articles, problems and order from kept listings"
    );

    // A file added changes its folder's time: that folder alone is read again.
    write(dir.path(), "deep/1/added.md", b"---\ntitle: Added\n---\n");
    let (third, report) = load();
    assert_eq!((report.folders_read, report.parsed), (1, 1));
    assert!(third.articles.iter().any(|a| a.title() == "Added"));

    // Proof that a kept listing is not read: a file added behind the folder's time is missed
    // (what any tool trusting modification times misses; a real change moves the time).
    fs::File::open(dir.path().join("deep/1"))
        .unwrap()
        .set_modified(past)
        .unwrap();
    load();
    write(dir.path(), "deep/2/hidden.md", b"---\ntitle: Behind\n---\n");
    fs::File::open(dir.path().join("deep/2"))
        .unwrap()
        .set_modified(past)
        .unwrap();
    let (fourth, report) = load();
    assert_eq!(report.folders_read, 0);
    assert!(!fourth.articles.iter().any(|a| a.title() == "Behind"));
}

#[test]
fn a_folder_changed_just_now_is_listed_again_next_time() {
    let dir = library_dir();
    let cache = tempfile::tempdir().unwrap();
    let paths = [dir.path().to_path_buf()];
    let load = || library::load_cached(&paths, Some(cache.path().to_path_buf()));
    let (_, first) = load();
    // Written seconds ago: a change within the same clock tick would not show, so nothing kept.
    let (_, second) = load();
    assert_eq!(second.folders_read, first.folders_read);
    assert!(second.folders_read > 0);
}

/// The walk holds folders open for the workers; under a low limit of open files (and in a tree
/// deeper than it) it must go by path rather than lose folders. The real binary, with the limit
/// lowered by the shell, without and then with its cache.
#[cfg(unix)]
#[test]
fn a_deep_and_wide_library_loads_whole_under_a_low_limit_of_open_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lib");
    let article = |title: &str| format!("---\ntitle: {title}\n---\nbody\n");
    // 150 folders deep, each with a file that sorts after its subfolder: every level's folder
    // is still needed when the walk is at the bottom.
    let mut deep = root.join("deep");
    for level in 0..150 {
        write(&deep, "z.md", article(&format!("level {level}")).as_bytes());
        deep = deep.join("d");
    }
    for i in 0..300 {
        for name in ["a.md", "b.md"] {
            write(
                &root,
                &format!("wide/{i:03}/{name}"),
                article("wide").as_bytes(),
            );
        }
    }
    let home = tempfile::tempdir().unwrap();
    for start in ["no cache", "warm cache"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -n 40 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_quire"))
            .args(["list", "--count"])
            .arg(&root)
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{start}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "750\n", "{start}");
        assert_eq!(stderr, "", "{start}");
    }
}
