//! A fast path for the plainest YAML front matter: one `key: value` a line, where a value is a
//! plain word or sentence, a quoted string without escapes, a whole number, a `YYYY-MM-DD` date,
//! or a flow list `[a, b]` of plain items. That covers most real front matter, and parsing it
//! here skips the full YAML parser (a third of the time to load a large library). Anything else,
//! anything unusual (comments, indentation, tabs, CR, special words such as `true` or `null`,
//! characters YAML treats specially), gives `None`, and the full parser takes over; a test
//! checks that both agree whenever this one answers.

use super::value::Value;

/// The front matter as a map, when it is in the simple subset; `None` otherwise.
pub fn parse(text: &str) -> Option<Value> {
    if text.contains(['\r', '\t']) {
        return None;
    }
    let mut entries: Vec<(String, Value)> = Vec::new();
    for line in text.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        if !is_key(key) || entries.iter().any(|(k, _)| k == key) {
            return None;
        }
        let value = value.strip_prefix(' ')?.trim_matches(' ');
        entries.push((key.to_string(), parse_value(value)?));
    }
    // An empty document is null to YAML.
    (!entries.is_empty()).then_some(Value::Map(entries))
}

fn is_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn parse_value(value: &str) -> Option<Value> {
    if let Some(inner) = value.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        if inner.trim_matches(' ').is_empty() {
            return Some(Value::List(Vec::new()));
        }
        let mut items = Vec::new();
        for item in inner.split(',') {
            let item = item.trim_matches(' ');
            if item.contains([':', '[', ']', '{', '}']) {
                return None;
            }
            items.push(plain(item)?);
        }
        return Some(Value::List(items));
    }
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            if inner.contains([quote, '\\']) || !printable(inner) {
                return None;
            }
            return Some(Value::Str(inner.to_string()));
        }
    }
    plain(value)
}

/// A plain scalar: a whole number, a `YYYY-MM-DD` date (a string to YAML), or text that YAML
/// could not read as anything but a string.
fn plain(s: &str) -> Option<Value> {
    let first = s.bytes().next()?;
    if first.is_ascii_digit() {
        if s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || first != b'0') {
            return s.parse::<i128>().ok().map(Value::Int);
        }
        let b = s.as_bytes();
        let date = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        return date.then(|| Value::Str(s.to_string()));
    }
    if !(first.is_ascii_alphabetic() || first >= 0x80)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains('#')
        || !printable(s)
    {
        return None;
    }
    const SPECIAL: [&str; 12] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
    ];
    if SPECIAL.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        return None;
    }
    Some(Value::Str(s.to_string()))
}

/// No control characters, no line or paragraph separators, no byte-order marks or
/// non-characters: nothing the YAML reader would treat specially.
fn printable(s: &str) -> bool {
    s.chars().all(|c| {
        !(c < ' '
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
    })
}

#[cfg(test)]
mod tests {
    use super::super::value::parse_yaml;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn simple_front_matter_is_read_here() {
        let text = "title: Article 0 about china\nauthors: [Ivan Petrov, Céline Pajon]\ndate: 2000-01-01\ntags: energy, energy\nsource: Ifri\nurl: https://example.org/0\n";
        let fast = parse(text).unwrap();
        assert_eq!(fast, parse_yaml(text).unwrap());
        for other in [
            "a: true\n",
            "a: null\n",
            "a:\n  b: c\n",
            "a: b # c\n",
            "a: 1.5\n",
            "a: 0x10\n",
            "a: 'it''s'\n",
            "a: \"x\\ty\"\n",
            "a: - b\n",
            "a: b\n a: c\n",
            "a: b\na: c\n",
            "a: [b, [c]]\n",
            "a: {b: c}\n",
            "a: b\r\n",
            "- a\n",
            "a: ~\n",
        ] {
            assert_eq!(parse(other), None, "{other:?}");
        }
    }

    /// Every front matter of the real corpora (when present) and the bundled articles.
    #[test]
    fn agrees_on_real_front_matter() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("../shared/corpora"), root.join("articles")];
        let (mut simple, mut all) = (0, 0);
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Some(rest) = text.strip_prefix("---\n") else {
                    continue;
                };
                let Some(end) = rest.find("\n---") else {
                    continue;
                };
                let front = &rest[..end + 1];
                all += 1;
                if let Some(fast) = parse(front) {
                    simple += 1;
                    assert_eq!(Some(fast), parse_yaml(front).ok(), "{}", path.display());
                }
            }
        }
        eprintln!("{simple} of {all} front matters in the simple subset");
    }

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "a",
            "Word",
            "two words",
            "Céline",
            "東京",
            "2014",
            "2014-08-15",
            "0",
            "007",
            "1.5",
            "true",
            "True",
            "no",
            "null",
            "~",
            "-",
            "x-y",
            "http://a.b/c?d=e&f",
            "a:b",
            "a: b",
            "#",
            "a #b",
            "'",
            "\"",
            "\\",
            "[",
            "]",
            ",",
            "{",
            "}",
            "!",
            "&a",
            "*a",
            "|",
            ">",
            "%",
            "@",
            "`",
            " ",
            "  ",
            "\u{85}",
            "\u{2028}",
            "é",
            "'q'",
            "\"q\"",
            "[a, b]",
            "[]",
            "[a,b ]",
            "[ 1, 2014-01-02 ]",
            "[x: y]",
            ".",
            "...",
            "---",
            "e\u{301}",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn agrees_with_the_yaml_parser(
            lines in prop::collection::vec(
                (prop::sample::select(vec!["title", "tags", "a_b", "x-y", "date", "K9"]),
                 prop::collection::vec(piece(), 1..4)),
                0..4)
        ) {
            let text: String = lines
                .iter()
                .map(|(k, v)| format!("{k}: {}\n", v.concat()))
                .collect();
            if let Some(fast) = parse(&text) {
                let full = parse_yaml(&text);
                prop_assert_eq!(Some(fast), full.ok(), "{:?}", text);
            }
        }
    }
}
