//! Files quire writes: `paths::write_atomic` killed mid-write leaves the old or the new file
//! whole, never a mix; damaged, truncated or mistyped config files give an error naming the file.
//!
//! The writer is this test binary itself, re-run as a child with `QUIRE_ATOMIC_WRITER` set: it
//! writes numbered versions in a loop until the parent kills it with SIGKILL at a random moment.

use quire::config::Config;
use quire::paths::write_atomic;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const WRITER_ENV: &str = "QUIRE_ATOMIC_WRITER";
/// Large enough that a write takes a while and a kill lands inside it often.
const SIZE: usize = 4 * 1024 * 1024;

/// Version `n`: a header with `n`, then `SIZE` bytes derived from `n`, then an end marker.
fn version(n: u64) -> Vec<u8> {
    let mut v = format!("version {n}\n").into_bytes();
    let fill = b'a' + (n % 26) as u8;
    v.resize(v.len() + SIZE, fill);
    v.extend_from_slice(format!("\nend {n}\n").as_bytes());
    v
}

/// Which version `bytes` is, if it is one whole.
fn whole_version(bytes: &[u8]) -> Option<u64> {
    let line_end = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(bytes.get(..line_end)?).ok()?;
    let n: u64 = header.strip_prefix("version ")?.parse().ok()?;
    (version(n) == bytes).then_some(n)
}

/// The writer child: version after version, forever (the parent kills it).
#[test]
fn atomic_writer_child() {
    let Some(path) = std::env::var_os(WRITER_ENV) else {
        return; // Run as an ordinary test: nothing to do.
    };
    let path = PathBuf::from(path);
    let start = whole_version(&fs::read(&path).expect("the first version")).expect("whole") + 1;
    for n in start.. {
        write_atomic(&path, &version(n)).expect("write");
    }
}

/// A small random number without a dependency: time and a counter through an LCG.
fn random_below(bound: u64, state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*state >> 33) % bound
}

#[test]
fn sigkill_mid_write_leaves_old_or_new_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    write_atomic(&path, &version(0)).unwrap();
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(42);
    let mut highest = 0;
    for round in 0..25 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "atomic_writer_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the writer");
        // Between 5 and 400 ms: the first write may not have started, or many have ended.
        let wait = 5 + random_below(395, &mut seed);
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().expect("SIGKILL the writer"); // Child::kill is SIGKILL on Unix.
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: the writer ended by itself"
        );
        let bytes = fs::read(&path).expect("the file is still there");
        let n = whole_version(&bytes).unwrap_or_else(|| {
            panic!(
                "round {round} (killed after {wait} ms): a torn file of {} bytes, starting {:?}",
                bytes.len(),
                String::from_utf8_lossy(&bytes[..bytes.len().min(20)])
            )
        });
        assert!(
            n >= highest,
            "round {round}: went back from {highest} to {n}"
        );
        highest = n;
    }
    // The writer got somewhere: a test that never overwrote the file would prove nothing.
    assert!(highest > 0, "no write ever completed");
    // Temporary files left by killed writers are hidden (`.state.json.tmp-…`), never the target.
    for entry in fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name();
        let name = name.to_string_lossy();
        assert!(
            name == "state.json" || name.starts_with(".state.json.tmp-"),
            "{name}"
        );
    }
}

#[test]
fn concurrent_writers_never_tear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.bin");
    write_atomic(&path, &version(0)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    std::thread::scope(|s| {
        for t in 0..3u64 {
            let path = &path;
            s.spawn(move || {
                let mut n = 1 + t;
                while Instant::now() < deadline {
                    write_atomic(path, &version(n)).unwrap();
                    n += 3;
                }
            });
        }
        while Instant::now() < deadline {
            let bytes = fs::read(&path).unwrap();
            assert!(whole_version(&bytes).is_some(), "torn read");
        }
    });
}

fn load_err(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    let err = Config::load(Some(&path))
        .err()
        .unwrap_or_else(|| panic!("{name} loaded without an error"));
    let text = err.to_string();
    assert!(
        text.contains(&path.display().to_string()),
        "{name}: the error does not name the file: {text}"
    );
    assert!(
        !text.contains('\n'),
        "{name}: an error of two lines: {text:?}"
    );
    assert!(
        !text.chars().any(|c| c.is_control()),
        "{name}: a control character in the error: {text:?}"
    );
    text
}

#[test]
fn damaged_config_files_give_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let full = b"library: [~/articles]\ntheme: default\nhighlight:\n  - { word: Kuril, color: yellow }\nsort: { by: date, reverse: true }\nreading_width: 100\nmouse: true\n";
    // Truncated at every length that breaks it: an error or a config, never a panic.
    for cut in 0..full.len() {
        let path = d.join("cut.yaml");
        fs::write(&path, &full[..cut]).unwrap();
        if let Err(e) = Config::load(Some(&path)) {
            assert!(e.to_string().contains("cut.yaml"), "{e}");
        }
    }
    load_err(d, "mistyped-field.yaml", b"them: default\n");
    load_err(d, "wrong-type.yaml", b"reading_width: wide\n");
    load_err(d, "negative.yaml", b"reading_width: -3\n");
    load_err(d, "overflow.yaml", b"reading_width: 99999999999\n");
    load_err(d, "mouse-string.yaml", b"mouse: [yes]\n");
    load_err(d, "not-a-map.yaml", b"- a\n- b\n");
    load_err(d, "unclosed.yaml", b"library: [a, b\n");
    load_err(d, "tabs.yaml", b"sort:\n\tby: date\n");
    load_err(d, "invalid-utf8.yaml", b"theme: \xff\xfe\n");
    load_err(d, "binary.yaml", b"\x00\x01\x02\x03\xff");
    load_err(d, "control-key.yaml", b"\"\\e]0;pwned\\a\": 1\n");
    load_err(
        d,
        "control-theme.yaml",
        b"sort: { by: \"\\e]52;c;aGk=\\a\", sorted: 1 }\n",
    );
    let deep = format!("keys: {}\n", "[".repeat(10_000));
    load_err(d, "deep.yaml", deep.as_bytes());
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        laughs.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            [prev.as_str(); 10].join(", ")
        ));
    }
    let start = Instant::now();
    load_err(d, "laughs.yaml", laughs.as_bytes());
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "alias bomb took {:?}",
        start.elapsed()
    );
    // A folder where the file should be.
    let folder = d.join("folder.yaml");
    fs::create_dir_all(&folder).unwrap();
    let err = Config::load(Some(&folder)).unwrap_err().to_string();
    assert!(err.contains("folder.yaml"), "{err}");
    // A missing file given by --config is an error; the default file missing is not.
    let err = Config::load(Some(&d.join("missing.yaml")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing.yaml"), "{err}");
}
