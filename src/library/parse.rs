//! One file's bytes (or the start of them) to an [`Article`]: decoding, front matter, fields and
//! the fallbacks for title and date.

use super::article::Draft;
use super::date::date_from_path;
use super::decode::{Decoded, Encoding, decode, sniff};
use super::fields::{
    self, Context, Fields, MAX_TITLE_CHARS, OneLine, cap, cap_chars, one_line, to_one_line,
};
use super::front_matter::{self, Kind, Split};
use super::title::{first_heading, first_line};
use super::value::{parse_toml, parse_yaml};
use super::{Article, Format, MAX_FRONT_MATTER, Problem};
use std::borrow::Cow;
use std::path::Path;

/// What [`parse_head`] made of a file.
pub struct Parsed {
    pub article: Article,
    pub problems: Vec<Problem>,
    /// A NUL byte near the start of a file that is not UTF-16: not an article.
    pub binary: bool,
    /// The front matter gave no title, so the title came from the body (or the file name): a
    /// longer head may give another one.
    pub title_from_body: bool,
    /// The bytes open a front matter without closing it, or are UTF-16 (whose fences are not
    /// looked for in the bytes): [`front_matter_is_open`], found on the way.
    pub front_matter_open: bool,
}

/// True when `bytes` opens a front matter that they do not close (so more must be read).
pub fn front_matter_is_open(bytes: &[u8]) -> bool {
    match sniff(bytes) {
        None => false,
        Some(encoding @ Encoding::Utf8 { .. }) => {
            let body = bytes.get(encoding.bom_len()..).unwrap_or_default();
            matches!(front_matter::split(body, false), Split::Unclosed { .. })
        }
        // UTF-16 is rare: just read up to the cap.
        Some(Encoding::Utf16Le | Encoding::Utf16Be) => true,
    }
}

/// Parses the start of a file. `complete` says whether `bytes` is the whole file.
pub fn parse_head(path: &Path, bytes: &[u8], complete: bool) -> Parsed {
    let mut parsed = parse_head_unplaced(path, bytes, complete);
    parsed.article.place(path.to_path_buf());
    parsed
}

/// [`parse_head`], the article not yet at its path: the caller moves in a path it owns
/// ([`Article::place`]) rather than have it copied.
pub fn parse_head_unplaced(path: &Path, bytes: &[u8], complete: bool) -> Parsed {
    let mut problems = Vec::new();
    let problem = |line: Option<usize>, reason: &str| Problem {
        path: path.to_path_buf(),
        line,
        reason: reason.to_string(),
    };
    let format = if super::folder::extension(path).is_some_and(|e| e.eq_ignore_ascii_case(b"txt")) {
        Format::Text
    } else {
        Format::Markdown
    };
    let Some(encoding) = sniff(bytes) else {
        problems.push(problem(None, "binary file"));
        return Parsed {
            article: finish(path, format, Fields::default(), "", 0, bytes.len()),
            problems,
            binary: true,
            title_from_body: false,
            front_matter_open: false,
        };
    };

    let bom = encoding.bom_len();
    let after_bom = bytes.get(bom..).unwrap_or_default();
    // UTF-8 is split as bytes (file offsets stay exact even if invalid); UTF-16 is decoded first.
    let (text_bytes, utf16_lossy): (Cow<[u8]>, bool) = match encoding {
        Encoding::Utf8 { .. } => (Cow::Borrowed(after_bom), false),
        _ => {
            let decoded = decode(after_bom, encoding, complete);
            (
                Cow::Owned(decoded.text.into_owned().into_bytes()),
                decoded.lossy,
            )
        }
    };
    let text_bytes: &[u8] = &text_bytes;
    let file_offset = |offset: usize| -> u64 {
        let in_file = match encoding {
            Encoding::Utf8 { .. } => offset,
            _ => {
                let before = text_bytes.get(..offset).unwrap_or_default();
                2 * String::from_utf8_lossy(before).encode_utf16().count()
            }
        };
        (bom + in_file) as u64
    };

    let mut fields = Fields::default();
    let mut front_matter_open = matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be);
    // The front matter as text, which the fields borrow from until the article is built.
    let front;
    let mut lossy = utf16_lossy;
    let (body, body_offset) = match front_matter::split(text_bytes, complete) {
        Split::Absent => (text_bytes, 0),
        Split::Unclosed { .. } => {
            front_matter_open = true;
            let reason = if complete {
                "front matter is not closed".to_string()
            } else {
                too_large()
            };
            problems.push(problem(Some(1), &reason));
            (text_bytes, 0)
        }
        Split::Closed {
            kind,
            start,
            end,
            body_start,
        } => {
            let body = text_bytes.get(body_start..).unwrap_or_default();
            if end.saturating_sub(start) > MAX_FRONT_MATTER {
                problems.push(problem(Some(1), &too_large()));
            } else {
                let raw = text_bytes.get(start..end).unwrap_or_default();
                let decoded = decode(raw, Encoding::Utf8 { bom: false }, true);
                lossy |= decoded.lossy;
                front = decoded.text;
                let mut cx = Context {
                    path,
                    text: &front,
                    first_line: 2,
                    problems: Vec::new(),
                    one_line: OneLine::default(),
                };
                fields = read_front_matter(kind, &front, &mut cx);
                problems.append(&mut cx.problems);
            }
            (body, file_offset(body_start))
        }
    };
    // The body is decoded only for a title fallback; otherwise it is only checked.
    let body_text = if fields.title.is_none() {
        decode(body, Encoding::Utf8 { bom: false }, complete)
    } else {
        Decoded {
            text: Cow::Borrowed(""),
            lossy: utf8_lossy(body, complete),
        }
    };
    lossy |= body_text.lossy;
    if lossy {
        let reason = match encoding {
            Encoding::Utf8 { .. } => "invalid UTF-8, shown with replacement characters",
            _ => "invalid UTF-16, shown with replacement characters",
        };
        problems.push(problem(None, reason));
    }
    let title_from_body = fields.title.is_none();
    Parsed {
        title_from_body,
        front_matter_open,
        article: finish(
            path,
            format,
            fields,
            &body_text.text,
            body_offset,
            bytes.len(),
        ),
        problems,
        binary: false,
    }
}

/// Whether decoding `bytes` would replace anything (as [`decode`] tells), without decoding.
fn utf8_lossy(bytes: &[u8], complete: bool) -> bool {
    match super::decode::utf8_or_error(bytes) {
        Ok(_) => false,
        Err(err) => complete || err.error_len().is_some(),
    }
}

fn too_large() -> String {
    format!(
        "front matter larger than {} KiB, not read",
        MAX_FRONT_MATTER / 1024
    )
}

fn read_front_matter<'a>(kind: Kind, text: &'a str, cx: &mut Context<'_>) -> Fields<'a> {
    let (parsed, language) = match kind {
        Kind::Yaml => match super::simple_yaml::parse(text) {
            Some(value) => {
                cx.one_line.known = super::simple_yaml::values_are_one_line(text);
                (Ok(value), "YAML")
            }
            None => (parse_yaml(text), "YAML"),
        },
        Kind::Toml => (parse_toml(text), "TOML"),
    };
    match parsed {
        Ok(value) => fields::read_fields(&value, cx),
        Err(err) => {
            let message = one_line(&err.message);
            cx.problems.push(Problem {
                path: cx.path.to_path_buf(),
                line: Some(err.line.map_or(1, |line| line + cx.first_line - 1)),
                reason: format!(
                    "invalid {language} front matter: {}",
                    cap_chars(message, 200).0.trim_end_matches('.')
                ),
            });
            Fields::default()
        }
    }
}

/// The article from its fields, with the fallbacks for title and date.
fn finish(
    path: &Path,
    format: Format,
    fields: Fields<'_>,
    body: &str,
    body_offset: u64,
    size: usize,
) -> Article {
    // A title from the front matter is one line already.
    let title = fields
        .title
        .or_else(|| {
            match format {
                Format::Markdown => first_heading(body),
                Format::Text => first_line(body),
            }
            .map(|title| to_one_line(Cow::Owned(title)))
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| Cow::Owned(file_name_title(path)));
    let title = cap(title, MAX_TITLE_CHARS).0;
    let date = fields.date.or_else(|| date_from_path(path));
    Article::build_from_fields(Draft {
        title: &title,
        authors: &fields.authors,
        tags: &fields.tags,
        optional: [
            fields.source.as_deref(),
            fields.url.as_deref(),
            fields.summary.as_deref(),
            fields.lang.as_deref(),
        ],
        extra: &fields.extra,
        date,
        body_offset,
        size: size as u64,
        format,
    })
}

fn file_name_title(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.eq_ignore_ascii_case("index")
        && let Some(folder) = path.parent().and_then(Path::file_name)
    {
        return one_line(&folder.to_string_lossy());
    }
    one_line(&stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Date;

    fn parse(name: &str, bytes: &[u8]) -> Parsed {
        parse_head(Path::new(name), bytes, true)
    }

    fn reasons(p: &Parsed) -> Vec<String> {
        p.problems.iter().map(|p| p.reason.clone()).collect()
    }

    #[test]
    fn yaml_front_matter_and_body_offset() {
        let src = b"---\ntitle: Hello\n---\nBody\n";
        let p = parse("a.md", src);
        assert!(p.problems.is_empty());
        assert_eq!(p.article.title(), "Hello");
        assert_eq!(p.article.body_offset, 21);
        assert_eq!(&src[21..], b"Body\n");
        assert_eq!(p.article.format, Format::Markdown);
    }

    #[test]
    fn bom_and_crlf() {
        let src = b"\xEF\xBB\xBF---\r\ntitle: Hi\r\ndate: 2020-01-02\r\n---\r\nBody\r\n";
        let p = parse("a.md", src);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.article.title(), "Hi");
        assert_eq!(p.article.date, Some(Date::new(2020, 1, 2)));
        assert_eq!(&src[p.article.body_offset as usize..], b"Body\r\n");
    }

    #[test]
    fn item_ends_in_values_become_spaces() {
        // The character that ends list items in an article's text, in every kind of value.
        let p = parse(
            "a.md",
            b"---\ntitle: \"a\\x1fb\"\ntags: [\"x\\x1fy\", z]\nsummary: \"s\\x1ft\"\n\"k\\x1f\": \"v\\x1f\"\n---\n",
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.article.title(), "a b");
        assert_eq!(p.article.tags(), ["x y", "z"]);
        assert_eq!(p.article.summary(), Some("s t"));
        assert_eq!(p.article.extra().collect::<Vec<_>>(), [("k", "v")]);
    }

    #[test]
    fn toml_front_matter() {
        let p = parse(
            "a.md",
            b"+++\ntitle = \"T\"\ntags = [\"x\", \"y\"]\n+++\n# Heading\n",
        );
        assert!(p.problems.is_empty());
        assert_eq!(p.article.title(), "T");
        assert_eq!(p.article.tags(), ["x", "y"]);
    }

    #[test]
    fn utf16_with_front_matter() {
        for big_endian in [false, true] {
            let text = "---\ntitle: Céline\n---\nBody 🎉\n";
            let mut src = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                src.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            let p = parse("a.md", &src);
            assert!(p.problems.is_empty(), "{:?}", p.problems);
            assert_eq!(p.article.title(), "Céline");
            let offset = p.article.body_offset as usize;
            assert_eq!(
                offset,
                2 + 2 * "---\ntitle: Céline\n---\n".encode_utf16().count()
            );
        }
    }

    #[test]
    fn binary_files() {
        let p = parse("a.md", b"\x89PNG\r\n\x1a\n\x00\x00");
        assert!(p.binary);
        assert_eq!(reasons(&p), ["binary file"]);
    }

    #[test]
    fn invalid_utf8_is_read_with_a_problem() {
        let p = parse("a.md", b"---\ntitle: Caf\xE9\n---\nbody\n");
        assert_eq!(p.article.title(), "Caf\u{FFFD}");
        assert_eq!(
            reasons(&p),
            ["invalid UTF-8, shown with replacement characters"]
        );
        assert!(!p.binary);
    }

    #[test]
    fn empty_and_front_matter_only_files() {
        let p = parse("dir/my-note.md", b"");
        assert!(p.problems.is_empty());
        assert_eq!(p.article.title(), "my-note");
        assert_eq!(p.article.body_offset, 0);
        let p = parse("x.md", b"---\ntitle: Only\n---");
        assert!(p.problems.is_empty());
        assert_eq!(p.article.title(), "Only");
        assert_eq!(p.article.body_offset, 19);
        let p = parse("x.md", b"---\n---\n");
        assert!(p.problems.is_empty());
        assert_eq!(p.article.title(), "x");
    }

    #[test]
    fn unclosed_front_matter_is_all_body() {
        let p = parse("x.md", b"---\ntitle: Nope\n\n# Heading\n");
        assert_eq!(reasons(&p), ["front matter is not closed"]);
        assert_eq!(p.problems[0].line, Some(1));
        assert_eq!(p.article.title(), "Heading");
        assert_eq!(p.article.body_offset, 0);
    }

    #[test]
    fn invalid_yaml_names_the_file_line() {
        let p = parse(
            "x.md",
            b"---\ntitle: ok\ntags: [a, b\nmore: x\n---\n# Fallback\n",
        );
        assert_eq!(p.problems.len(), 1);
        let problem = &p.problems[0];
        assert!(
            problem.reason.starts_with("invalid YAML front matter: "),
            "{}",
            problem.reason
        );
        assert!(!problem.reason.ends_with('.'));
        assert!(matches!(problem.line, Some(3..=5)), "{:?}", problem.line);
        assert_eq!(p.article.title(), "Fallback");
        let p = parse("x.md", b"---\na: 1\nb: : :\n---\n");
        assert_eq!(p.problems[0].line, Some(3));
    }

    #[test]
    fn title_fallbacks() {
        assert_eq!(
            parse("a.md", b"---\nx: 1\n---\nintro\n\n## Sub\n")
                .article
                .title(),
            "Sub"
        );
        assert_eq!(
            parse("a.txt", b"\n  First line\nSecond\n").article.title(),
            "First line"
        );
        assert_eq!(parse("a.txt", b"").article.format, Format::Text);
        assert_eq!(
            parse("blog/2019-05-28-foo/index.md", b"text")
                .article
                .title(),
            "2019-05-28-foo"
        );
        assert_eq!(
            parse("my-post.md", b"no heading").article.title(),
            "my-post"
        );
    }

    #[test]
    fn dates_fall_back_to_the_file_name() {
        assert_eq!(
            parse("2013-09-16-x.md", b"").article.date,
            Some(Date::new(2013, 9, 16))
        );
        let p = parse("2013-09-16-x.md", b"---\ndate: 2014-01-01\n---\n");
        assert_eq!(p.article.date, Some(Date::new(2014, 1, 1)));
        let p = parse("b/2019-05-28-foo/index.md", b"");
        assert_eq!(p.article.date, Some(Date::new(2019, 5, 28)));
    }

    #[test]
    fn front_matter_over_the_cap_is_not_parsed() {
        let mut src = b"---\ntitle: Big\n".to_vec();
        while src.len() <= MAX_FRONT_MATTER + 10 {
            src.extend_from_slice(b"k: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n");
        }
        src.extend_from_slice(b"---\nbody\n");
        let p = parse("a.md", &src);
        assert_eq!(reasons(&p), [too_large()]);
        assert_eq!(p.article.title(), "a");
        assert_eq!(&src[p.article.body_offset as usize..], b"body\n");
        // Cut off by the reader before a closing fence.
        let p = parse_head(Path::new("a.md"), &src[..MAX_FRONT_MATTER], false);
        assert_eq!(reasons(&p), [too_large()]);
    }

    #[test]
    fn hostile_yaml_loads_quickly_with_a_problem() {
        let mut doc = String::from(
            "---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(",");
            doc.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
        }
        doc.push_str("---\n# Body title\n");
        let started = std::time::Instant::now();
        let p = parse("bomb.md", doc.as_bytes());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(p.article.title(), "Body title");

        let deep = format!("---\na: {}\n---\n", "[".repeat(10_000));
        let p = parse("deep.md", deep.as_bytes());
        assert_eq!(p.problems.len(), 1);
        let deep = format!(
            "---\na: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let p = parse("deep.md", deep.as_bytes());
        assert_eq!(p.problems.len(), 1);
        let mut indented = String::from("---\n");
        for depth in 0..10_000 {
            indented.push_str(&" ".repeat(depth));
            indented.push_str("k:\n");
        }
        indented.push_str("---\n");
        let p = parse("deep.md", indented.as_bytes());
        assert_eq!(p.problems.len(), 1);
    }

    #[test]
    fn front_matter_open_detection() {
        assert!(front_matter_is_open(b"---\ntitle: x\n"));
        assert!(!front_matter_is_open(b"---\ntitle: x\n---\n"));
        assert!(!front_matter_is_open(b"# no front matter\n"));
        assert!(!front_matter_is_open(b"\x00\x01"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Nothing in a file can make parsing panic, and the body offset stays inside the file.
        #[test]
        fn any_bytes_parse_without_panicking(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            for complete in [true, false] {
                let p = parse_head(Path::new("x.md"), &bytes, complete);
                proptest::prop_assert!(p.article.body_offset as usize <= bytes.len());
            }
        }

        #[test]
        fn any_front_matter_parses_without_panicking(fm in "[-+.:\\[\\]{}&*!|>#'\" \\na-z0-9\r\t,]{0,300}", toml in proptest::prelude::any::<bool>()) {
            let fence = if toml { "+++" } else { "---" };
            let src = format!("{fence}\n{fm}\n{fence}\nbody\n");
            let p = parse_head(Path::new("x.md"), src.as_bytes(), true);
            proptest::prop_assert!(p.article.body_offset as usize <= src.len());
            proptest::prop_assert!(p.problems.iter().all(|p| !p.reason.contains('\n') && !p.reason.ends_with('.')));
            proptest::prop_assert!(!p.article.title().is_empty());
        }
    }
}
