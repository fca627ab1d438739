//! The headless commands over the hostile library, as a user runs them: the real binary. Their
//! stdout must carry no escape sequence, C1 or bidirectional control at all, one problem a line,
//! and they must finish within a generous deadline.

mod hostile;

use quire::library;
use std::ffi::OsStr;
use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Generous: a debug build on a shared, busy machine.
const DEADLINE: Duration = Duration::from_secs(90);

/// Runs quire with `args`, killing it at the deadline (a hang fails the test, not the suite).
fn quire<I, S>(args: I) -> (Output, Duration)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run quire");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stderr.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("quire did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let output = Output {
        status,
        stdout: out_thread.join().unwrap(),
        stderr: err_thread.join().unwrap(),
    };
    (output, elapsed)
}

#[test]
fn check_prints_one_safe_line_per_problem_and_exits_1() {
    let h = hostile::build(Some(hostile::FULL));
    let (out, _) = quire([OsStr::new("check"), h.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    if let Some(leak) = hostile::plain_leak(&out.stdout) {
        panic!("check printed {leak}");
    }
    assert_eq!(hostile::plain_leak(&out.stderr), None, "stderr");
    let text = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    let expected = library::load(&[h.path().to_path_buf()]).problems.len();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected, "one line per problem:\n{text}");
    let root = h.path().display().to_string();
    for line in &lines {
        // `path: reason` or `path:line: reason`, the path first.
        assert!(line.starts_with(&root), "{line:?}");
        let (_, reason) = line.rsplit_once(": ").expect("path: reason");
        assert!(!reason.is_empty(), "{line:?}");
    }
    // The file names with control characters are reported with visible glyphs, on one line.
    assert!(text.contains("binary file"), "{text}");
}

#[test]
fn list_formats_are_safe() {
    let h = hostile::build(None);
    let articles = library::load(&[h.path().to_path_buf()]).articles.len();
    for format in ["json", "tsv", "table"] {
        let (out, _) = quire([
            OsStr::new("list"),
            h.path().as_os_str(),
            OsStr::new("--format"),
            OsStr::new(format),
        ]);
        assert!(out.status.success(), "{format}: {out:?}");
        if let Some(leak) = hostile::plain_leak(&out.stdout) {
            panic!("list --format {format} printed {leak}");
        }
        let text = String::from_utf8(out.stdout).expect("UTF-8 stdout");
        match format {
            "json" => {
                let rows: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                let rows = rows.as_array().expect("array");
                assert_eq!(rows.len(), articles);
                // JSON keeps the real value, escaped: the title with every control survives.
                assert!(
                    rows.iter()
                        .any(|r| r["title"].as_str().is_some_and(|t| t.starts_with("P0 "))),
                    "the poisoned title is missing"
                );
            }
            "tsv" => {
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(lines.len(), articles + 1, "header plus one row each");
                for line in lines {
                    assert_eq!(line.matches('\t').count(), 4, "{line:?}");
                }
            }
            _ => assert_eq!(text.lines().count(), articles),
        }
    }
}

#[test]
fn list_with_a_body_query_and_facets_are_safe() {
    let h = hostile::build(None);
    for args in [
        vec!["list", "-q", "Paragraph OR pwned OR \"P0\""],
        vec!["tags"],
        vec!["authors"],
    ] {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.insert(1, h.path().as_os_str());
        let (out, _) = quire(&all);
        assert!(out.status.success(), "{args:?}: {out:?}");
        if let Some(leak) = hostile::plain_leak(&out.stdout) {
            panic!("{args:?} printed {leak}");
        }
    }
}

#[test]
fn show_prints_every_article_safely() {
    let h = hostile::build(None);
    let lib = library::load(&[h.path().to_path_buf()]);
    for a in &lib.articles {
        let (out, took) = quire([OsStr::new("show"), a.path().as_os_str()]);
        assert!(
            out.status.success(),
            "show {}: {:?}",
            a.path().display(),
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(leak) = hostile::plain_leak(&out.stdout) {
            panic!("show {} printed {leak}", a.path().display());
        }
        assert_eq!(hostile::plain_leak(&out.stderr), None);
        assert!(took < DEADLINE);
    }
}
