//! The headless commands, run as a user runs them: the real binary, its stdout and exit status.

use std::path::Path;
use std::process::{Command, Output};

fn quire(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // The developer's own config and themes must not change the results.
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .output()
        .expect("run quire")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

#[test]
fn list_json_by_author_finds_the_three_pajon_articles() {
    let out = quire(&[
        "list",
        "articles",
        "-q",
        "author:celine",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON array");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 3);
    for row in rows {
        assert_eq!(row["authors"], serde_json::json!(["Céline Pajon"]));
        for field in [
            "path", "title", "date", "tags", "source", "url", "read", "starred",
        ] {
            assert!(row.get(field).is_some(), "missing {field} in {row}");
        }
        assert!(row["tags"].is_array());
    }
}

#[test]
fn list_by_date_before_2014_prints_only_the_2013_article() {
    let out = quire(&["list", "articles", "-q", "date:<2014"]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].starts_with("2013-09-16"), "{text}");
    assert!(lines[0].contains("Toward a Strategic Partnership"));
}

#[test]
fn list_count_and_tsv() {
    let out = quire(&["list", "articles", "--count", "-q", "tag:ukraine"]);
    assert_eq!(stdout(&out).trim(), "4");
    let out = quire(&["list", "articles", "--format", "tsv"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 6, "header and five rows:\n{text}");
    assert!(text.lines().all(|l| l.split('\t').count() == 5));
}

#[test]
fn a_query_that_does_not_parse_is_a_usage_error() {
    let out = quire(&["list", "articles", "-q", "(tag:japan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-q"));
}

#[test]
fn check_is_clean_on_the_bundled_articles_and_fails_on_a_broken_file() {
    let out = quire(&["check", "articles"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout(&out).is_empty());

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), "---\ntitle: Fine\n---\nbody\n").unwrap();
    std::fs::write(
        dir.path().join("bad.md"),
        "---\ntitle: [unclosed\n---\nbody\n",
    )
    .unwrap();
    let out = quire(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("bad.md"), "{text}");
}

#[test]
fn tags_and_authors_count_articles() {
    let text = stdout(&quire(&["authors", "articles"]));
    let first = text.lines().next().unwrap_or_default();
    assert!(first.trim_start().starts_with("3 "), "{text}");
    assert!(first.ends_with("Céline Pajon"), "{text}");
    let text = stdout(&quire(&["tags", "articles"]));
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("5 ") && l.to_lowercase().ends_with("japan")),
        "{text}"
    );
}

#[test]
fn show_prints_the_article_as_text() {
    let path = "articles/2013-09-16-japan-russia-toward-a-strategic-partnership.md";
    let out = quire(&["show", path, "--width", "60"]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    assert!(text.starts_with("Japan-Russia: Toward a Strategic Partnership?\n"));
    assert!(text.contains("Céline Pajon · 2013-09-16 · Ifri"));
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 60)
    );
}

#[test]
fn a_bad_theme_stops_before_anything_with_file_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("broken.yaml");
    std::fs::write(
        &theme,
        "name: broken\nstyles:\n  base: { fg: notacolour }\n",
    )
    .unwrap();
    let out = quire(&["--theme", theme.to_str().unwrap(), "list", "articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    let name = Path::new(&theme).file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name), "{err}");
    assert!(err.contains(":3:"), "line 3 of the theme: {err}");
    assert!(err.contains("notacolour"), "{err}");
}

#[test]
fn a_damaged_config_gives_a_warning_and_defaults_apply() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "theme: default\nnot_a_field: 1\n").unwrap();
    let out = quire(&[
        "--config",
        config.to_str().unwrap(),
        "list",
        "articles",
        "--count",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out).trim(), "5");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("config.yaml"),
        "{err}"
    );
    assert!(err.contains("not_a_field"), "{err}");
    assert!(config.exists(), "the user's config is left where it is");
}

#[test]
fn a_missing_config_named_on_the_command_line_is_an_error() {
    let out = quire(&["--config", "/nonexistent/quire.yaml", "list", "articles"]);
    assert_eq!(out.status.code(), Some(2));
}
