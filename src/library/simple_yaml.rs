//! A fast path for plain YAML front matter, the kind most articles have: one `key: value` a
//! line at the left margin, where a value is
//! - a plain scalar on one line (text, a date or date-time, a whole number, a float, a boolean,
//!   or null), resolved as yaml_serde resolves it,
//! - a quoted string on one line (`'…'` with `''` for a quote, `"…"` without escapes),
//! - a flow list `[a, "b", 3]` on one line of plain or quoted items,
//! - nothing, which is null, or a block list under the key: its items `- x` one a line, all at
//!   the same indentation (none or some), each a scalar or a flow list as above, or empty (null).
//!
//! Blank lines may come anywhere. Parsing these here is several times faster than the full YAML
//! parser, which otherwise takes about a third of the time to load a large library without a
//! cache. Anything else gives `None` and the full parser takes over: comments, tabs, CR,
//! anchors, aliases, tags, block scalars (`|`, `>`), flow maps, nested maps or lists, values that
//! go on over several lines, escapes in double quotes, `? ` keys, keys that are not plain words
//! (or that YAML reads as null or a boolean), repeated keys, document markers, control and
//! other characters YAML treats specially, numbers in hexadecimal, octal or binary, and so on.
//! Tests check that both parsers agree whenever this one answers.

use super::value::{MAX_NODES, Value};
use std::borrow::Cow;
use std::iter::Peekable;

/// Repeated keys are found by comparing each key with all the earlier ones, which is quadratic:
/// past this many keys (far more than real front matter has) the full parser, which hashes
/// them, takes over.
const MAX_KEYS: usize = 256;

/// Keys longer than this fall back: YAML gives up on a simple key that runs past 1024
/// characters before its colon.
const MAX_KEY_LEN: usize = 1000;

/// The front matter as a map, when it is in the simple subset; `None` otherwise. Its text is
/// borrowed from `text` (but for `''` in single quotes, and CR LF line ends).
pub fn parse(text: &str) -> Option<Value<'_>> {
    if !plain_characters(text) {
        // Files from Windows editors (CR being a control character): the same lines once each
        // CR LF is a LF. A lone CR is a line break of its own to YAML: left to the full parser.
        memchr::memchr(b'\r', text.as_bytes())?;
        let lf = text.replace("\r\n", "\n");
        return if lf.contains('\r') {
            None
        } else {
            parse(&lf).map(Value::into_owned)
        };
    }
    // Every node yaml_serde builds counts against the full parser's budget: the map, each key,
    // each value, each list item.
    let mut nodes = 1;
    let mut entries: Vec<(Cow<str>, Value)> = Vec::with_capacity(16);
    let mut lines = lines(text).filter(|line| !is_blank(line)).peekable();
    while let Some(line) = lines.next() {
        // The key: the word before the line's first colon, found with it.
        let colon = line.bytes().position(|b| !is_key_byte(b))?;
        if line.as_bytes()[colon] != b':' {
            return None;
        }
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        // Repeats are looked for by length and first byte before the bytes are compared.
        let repeats = |k: &str| {
            k.len() == key.len() && k.as_bytes().first() == key.as_bytes().first() && k == key
        };
        if !is_key(key) || entries.len() >= MAX_KEYS || entries.iter().any(|(k, _)| repeats(k)) {
            return None;
        }
        let value = if rest.bytes().all(|b| b == b' ') {
            block_list(&mut lines, &mut nodes)?
        } else {
            // `key:value` is one plain scalar to YAML, not a key and a value.
            let rest = trim_spaces(rest.strip_prefix(' ')?);
            inline_value(rest, &mut nodes)?
        };
        nodes += 2;
        entries.push((Cow::Borrowed(key), value));
    }
    if nodes > MAX_NODES {
        return None;
    }
    // An empty document is null to YAML.
    (!entries.is_empty()).then_some(Value::Map(entries))
}

/// Whether every value [`parse`] reads from `text` is one line already ([`to_one_line`] leaves
/// it as it is) but for spaces at its ends: `text` has no control characters or white space but
/// ' ' and `\n` (which no value of this subset holds), and no doubled spaces but in the
/// indentation of a line. Most front matter is such, and one look over it spares a look over
/// each value (which was a tenth of the instructions of a load without cache).
///
/// [`to_one_line`]: super::fields::to_one_line
pub fn values_are_one_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Spaces that are not indentation follow something else on their line: doubled ones are
    // found by a fold over each byte and the two after it, which the compiler may do many bytes
    // at once (a walk that remembered whether it was still in the indentation went one by one,
    // and took half the time of this parser when lists were indented).
    let (next, after) = (bytes.get(1..), bytes.get(2..));
    let triples = bytes
        .iter()
        .zip(next.unwrap_or_default())
        .zip(after.unwrap_or_default());
    let spaced = |((&a, &b), &c): ((&u8, &u8), &u8)| {
        u8::from((a != b' ') & (a != b'\n') & (b == b' ') & (c == b' '))
    };
    !super::fields::breaks_lines(bytes, true) && triples.fold(0, |any, t| any | spaced(t)) == 0
}

/// A byte of a key: a letter, a digit, `_` or `-`.
fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A plain key at the left margin, its bytes [`is_key_byte`]s: a word that starts with a letter
/// or `_` and that YAML reads as a string (so not `null`, `True` and such, which yaml_serde
/// would turn into other key text).
fn is_key(key: &str) -> bool {
    key.len() <= MAX_KEY_LEN
        && key
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && !matches!(
            key,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
}

/// The value of a key with nothing after its colon: a block list when the next line is a list
/// item, null when it is another key or the end.
fn block_list<'a>(
    lines: &mut Peekable<impl Iterator<Item = &'a str>>,
    nodes: &mut usize,
) -> Option<Value<'a>> {
    let Some(next) = lines.peek() else {
        return Some(Value::Null);
    };
    let Some((indent, _)) = list_item(next) else {
        // An indented line that is not a list item would be a nested map, or the value on the
        // next line.
        return (!next.starts_with(' ')).then_some(Value::Null);
    };
    let mut items = Vec::new();
    // Items end at the first line that is not an item at the same indentation: the loop over
    // keys then reads it, and gives up unless it is a key at the margin. That also refuses an
    // item that goes on over more lines, or a list at another indentation.
    while let Some(item) = lines
        .peek()
        .and_then(|line| list_item(line))
        .and_then(|(at, item)| (at == indent).then_some(item))
    {
        lines.next();
        items.push(if item.is_empty() {
            Value::Null
        } else {
            inline_value(item, nodes)?
        });
    }
    *nodes += items.len();
    Some(Value::List(items))
}

/// A line `  - item`: its indentation and the item without its blanks (empty for `-` alone).
fn list_item(line: &str) -> Option<(usize, &str)> {
    let item = trim_start_spaces(line);
    let after = item.strip_prefix('-')?;
    // `-x` is a plain scalar, not an item.
    (after.is_empty() || after.starts_with(' '))
        .then(|| (line.len() - item.len(), trim_spaces(after)))
}

/// A value that starts on the key's line (or after `- `), without its surrounding blanks.
fn inline_value<'a>(value: &'a str, nodes: &mut usize) -> Option<Value<'a>> {
    match value.as_bytes().first()? {
        b'[' => flow_list(&value[1..], nodes),
        b'"' | b'\'' => match quoted(value)? {
            (text, "") => Some(Value::Str(text)),
            _ => None,
        },
        _ => {
            let bytes = value.as_bytes();
            // `: ` (or a final `:`) would make a map, and ` #` starts a comment.
            // (Most values have neither, and are looked at eight bytes at a time; those that do
            // are looked at again where it may matter.)
            let special = |i: usize| match bytes[i] {
                b':' => bytes.get(i + 1).is_none_or(|&next| next == b' '),
                b'#' => i > 0 && bytes[i - 1] == b' ',
                _ => false,
            };
            if !starts_plain(value)
                || (has_either(bytes, b':', b'#')
                    && memchr::memchr2_iter(b':', b'#', bytes).any(special))
            {
                return None;
            }
            scalar(value)
        }
    }
}

/// A flow list on one line, from just past its `[` to its `]`, which must end the value.
fn flow_list<'a>(mut rest: &'a str, nodes: &mut usize) -> Option<Value<'a>> {
    let mut items = Vec::new();
    rest = trim_start_spaces(rest);
    if rest == "]" {
        return Some(Value::List(items));
    }
    loop {
        let after = if rest.starts_with(['"', '\'']) {
            let (text, after) = quoted(rest)?;
            items.push(Value::Str(text));
            after
        } else {
            let end = memchr::memchr2(b',', b']', rest.as_bytes())?;
            let item = trim_spaces(&rest[..end]);
            // Nested collections, maps and comments (and any `:` or `#` that might be one)
            // fall back; an empty item is an error or, at the end, a trailing comma.
            let nested = |b: u8| matches!(b, b'[' | b'{' | b'}' | b':' | b'#');
            let any_nested = item.bytes().fold(false, |any, b| any | nested(b));
            if item.is_empty() || !starts_plain(item) || any_nested {
                return None;
            }
            items.push(scalar(item)?);
            &rest[end..]
        };
        let after = trim_start_spaces(after);
        match after.strip_prefix(',') {
            Some(next) => rest = trim_start_spaces(next),
            None if after == "]" => break,
            None => return None,
        }
    }
    *nodes += items.len();
    Some(Value::List(items))
}

/// A quoted scalar that closes on this line: its text and what follows the closing quote.
/// Double quotes without escapes only; in single quotes `''` is a quote.
fn quoted(value: &str) -> Option<(Cow<'_, str>, &str)> {
    let (quote, mut rest) = value.split_at(1);
    if quote == "\"" {
        let end = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
        return rest[end..]
            .strip_prefix('"')
            .map(|after| (Cow::Borrowed(&rest[..end]), after));
    }
    let end = memchr::memchr(b'\'', rest.as_bytes())?;
    let after = &rest[end + 1..];
    if !after.starts_with('\'') {
        // No `''` inside (most single-quoted text): borrowed.
        return Some((Cow::Borrowed(&rest[..end]), after));
    }
    let mut text = String::new();
    loop {
        let end = memchr::memchr(b'\'', rest.as_bytes())?;
        text.push_str(&rest[..end]);
        let after = &rest[end + 1..];
        match after.strip_prefix('\'') {
            Some(more) => {
                text.push('\'');
                rest = more;
            }
            None => return Some((Cow::Owned(text), after)),
        }
    }
}

/// Whether YAML reads a token starting here as a plain scalar: its indicator characters start
/// something else (or are reserved), and `-` followed by a blank is a list item.
fn starts_plain(value: &str) -> bool {
    let bytes = value.as_bytes();
    match bytes.first() {
        Some(b'-') => bytes.get(1).is_some_and(|&b| b != b' '),
        Some(
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`',
        ) => false,
        Some(_) => true,
        None => false,
    }
}

/// A plain scalar typed as yaml_serde does (`visit_untagged_scalar`): null, a boolean, an
/// integer, a float, or else a string; `None` for the rare forms left to yaml_serde itself.
fn scalar(s: &str) -> Option<Value<'_>> {
    match s {
        "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    // Integers and finite floats start with a digit or a dot after one sign at most (Rust's
    // float parser also reads `inf` and `nan`, which yaml_serde then leaves as strings).
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Some(Value::Str(Cow::Borrowed(s)));
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        // Leading zeros make a string (YAML 1.2); yaml_serde does not try them as floats either.
        if unsigned.len() > 1 && unsigned.starts_with('0') {
            return Some(Value::Str(Cow::Borrowed(s)));
        }
        // 18 digits always fit an i64; longer numbers may take yaml_serde's u64, u128 or string
        // paths, left to it.
        if unsigned.len() > 18 {
            return None;
        }
        return s.parse::<i64>().ok().map(|n| Value::Int(n.into()));
    }
    if ["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p)) {
        return None;
    }
    // yaml_serde's `parse_f64`: Rust's parser after one optional `+`, finite results only.
    match s.strip_prefix('+').unwrap_or(s).parse::<f64>() {
        Ok(float) if float.is_finite() => Some(Value::Float(float)),
        // Too large: a string to yaml_serde, left to it.
        Ok(_) => None,
        Err(_) => {
            // `.inf` and `.nan` (in any case, after a sign) are YAML's own spellings.
            let word = &unsigned[1..];
            let special = word.eq_ignore_ascii_case("inf") || word.eq_ignore_ascii_case("nan");
            (!special).then_some(Value::Str(Cow::Borrowed(s)))
        }
    }
}

/// Whether `bytes` holds `a` or `b`, looked for eight bytes at a time: values are mostly
/// shorter than the 32 bytes that vector searches take at once, and a fold over each byte was
/// a tenth of this parser's time.
fn has_either(bytes: &[u8], a: u8, b: u8) -> bool {
    if bytes.len() < 8 {
        return bytes.iter().any(|&x| x == a || x == b);
    }
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether any byte of `word` is zero (exact as a whole, though not byte by byte).
    let any_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGH != 0;
    let (a_s, b_s) = (ONES * u64::from(a), ONES * u64::from(b));
    let has = |word: u64| any_zero(word ^ a_s) | any_zero(word ^ b_s);
    let word_at = |at: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_ne_bytes(word)
    };
    // Whole words, then the last eight bytes (which may overlap the last word looked at).
    (0..bytes.len() / 8).any(|i| has(word_at(i * 8))) || has(word_at(bytes.len() - 8))
}

/// `s` without the spaces (only) at either end.
fn trim_spaces(s: &str) -> &str {
    let s = trim_start_spaces(s);
    let end = s
        .bytes()
        .rposition(|b| b != b' ')
        .map_or(0, |last| last + 1);
    &s[..end]
}

/// `s` without its leading spaces (only), found a byte at a time.
fn trim_start_spaces(s: &str) -> &str {
    let start = s.bytes().position(|b| b != b' ').unwrap_or(s.len());
    &s[start..]
}

/// The lines of `text`, split at `\n` (found 32 bytes at a time, where `str::split` goes a
/// byte at a time for a `char`).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let line = rest?;
        match memchr::memchr(b'\n', line.as_bytes()) {
            Some(end) => {
                rest = line.get(end + 1..);
                line.get(..end)
            }
            None => rest.take(),
        }
    })
}

/// A line of spaces only, which YAML skips like an empty one.
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

/// No control characters (tab and CR included), no line breaks but `\n` (NEL, U+2028, U+2029),
/// no byte-order marks, U+FFFE or U+FFFF: nothing YAML's reader rejects or reads specially.
/// Works on the UTF-8 bytes: those characters' encodings cannot occur inside other characters.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most front matter is printable ASCII, line breaks and letters of other scripts: that is
    // checked 32 bytes at a time without a branch per byte (this check was a fifth of this
    // parser's time); a block with a byte that may start something else is looked at byte by
    // byte.
    let printable = |b: u8| {
        (0x20..0x7f).contains(&b) || b == b'\n' || (b >= 0x80 && !matches!(b, 0xc2 | 0xe2 | 0xef))
    };
    bytes.chunks(32).enumerate().all(|(n, block)| {
        block.iter().fold(true, |all, &b| all & printable(b))
            || (n * 32..n * 32 + block.len()).all(|i| plain_at(bytes, i))
    })
}

/// [`plain_characters`] for the byte at `i`.
fn plain_at(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i).copied().unwrap_or_default() {
        b'\n' => true,
        0..=0x1f | 0x7f => false,
        // U+0080 to U+009F.
        0xc2 => bytes.get(i + 1).is_none_or(|&next| next >= 0xa0),
        // U+2028, U+2029.
        0xe2 => !matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xa8 | 0xa9])),
        // U+FEFF, U+FFFE, U+FFFF.
        0xef => !matches!(
            bytes.get(i + 1..i + 3),
            Some([0xbb, 0xbf] | [0xbf, 0xbe | 0xbf])
        ),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fields::to_one_line;
    use super::super::front_matter::{self, Kind, Split};
    use super::super::value::parse_yaml;
    use super::*;
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};

    fn s(text: &str) -> Value<'static> {
        Value::Str(text.to_string().into())
    }

    #[test]
    fn simple_front_matter_is_read_here() {
        let text = "title: Article 0 about china\nauthors: [Ivan Petrov, Céline Pajon]\ndate: 2000-01-01\ntags: energy, energy\nsource: Ifri\nurl: https://example.org/0\n";
        let fast = parse(text).unwrap();
        assert_eq!(fast, parse_yaml(text).unwrap());
        let crlf = "title: Windows\r\ntags:\r\n  - a\r\n  - b\r\n";
        assert_eq!(parse(crlf).unwrap(), parse_yaml(crlf).unwrap());
        let text = "tags:\n  - coffee\n  - 'film'\n\ncategories:\n- a\n-   \"quoted item\"\n-\nnone:\ndraft: false\n";
        let fast = parse(text).unwrap();
        assert_eq!(fast, parse_yaml(text).unwrap());
        assert_eq!(
            fast.get("tags"),
            Some(&Value::List(vec![s("coffee"), s("film")]))
        );
        assert_eq!(
            fast.get("categories"),
            Some(&Value::List(vec![s("a"), s("quoted item"), Value::Null]))
        );
        assert_eq!(fast.get("none"), Some(&Value::Null));
        assert_eq!(fast.get("draft"), Some(&Value::Bool(false)));
        for (value, expected) in [
            ("2015-08-12T07:13:00Z", s("2015-08-12T07:13:00Z")),
            ("2015-08-12 07:13", s("2015-08-12 07:13")),
            ("2015-08-12T07:13:00+02:00", s("2015-08-12T07:13:00+02:00")),
            ("2023-07", s("2023-07")),
            ("18 July 2009", s("18 July 2009")),
            ("1:30", s("1:30")),
            ("007", s("007")),
            ("-12", Value::Int(-12)),
            ("+12", Value::Int(12)),
            ("1.5", Value::Float(1.5)),
            ("1e3", Value::Float(1000.0)),
            ("-.5", Value::Float(-0.5)),
            ("1_000", s("1_000")),
            ("inf", s("inf")),
            ("True", Value::Bool(true)),
            ("yes", s("yes")),
            ("NULL", Value::Null),
            ("~", Value::Null),
            ("b#c", s("b#c")),
            ("'it''s'", s("it's")),
            ("\"a: b # c\"", s("a: b # c")),
            (
                "[1, 'b, c', \"d\", true]",
                Value::List(vec![Value::Int(1), s("b, c"), s("d"), Value::Bool(true)]),
            ),
            ("[ ]", Value::List(Vec::new())),
        ] {
            let text = format!("a: {value}\n");
            let fast = parse(&text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(fast, parse_yaml(&text).unwrap(), "{text:?}");
            assert_eq!(fast.get("a"), Some(&expected), "{text:?}");
        }
        let long_key = format!("{}: b\n", "k".repeat(1100));
        for other in [
            "a:\n  b: c\n",
            "a: b # c\n",
            "# c\na: b\n",
            "a: 0x10\n",
            "a: .inf\n",
            "a: 1e999\n",
            "a: 12345678901234567890\n",
            "a: \"x\\ty\"\n",
            "a: 'x' y\n",
            "a: - b\n",
            "a: b:\n",
            "a: b: c\n",
            "a: b\n c\n",
            "a: 'b\n c'\n",
            "a: b\na: c\n",
            "null: b\n",
            "True: b\n",
            "a: [b, [c]]\n",
            "a: [b,]\n",
            "a: [b] c\n",
            "a: [b\n",
            "a: {b: c}\n",
            "a: &x b\n",
            "a: *x\n",
            "a: !x b\n",
            "a: |\n  b\n",
            "a: >\n  b\n",
            "a: b\rc: d\n",
            "a: b\r\r\n",
            "a:\tb\n",
            "a: b\u{2028}c\n",
            "a: b\u{85}c\n",
            "- a\n",
            "? a\n: b\n",
            "---\na: b\n",
            "a: b\n...\n",
            "a: b\n- c\n",
            "a:\n  - b\n    c\n",
            "a:\n  - b\n - c\n",
            "a:\n  - b\n- c\n",
            "a:\n- b\n  - c\n",
            "a:\n- b\n  c\n",
            "a:\n  - b: c\n",
            "a:\n  - - b\n",
            "a:\n  -b\n",
            "a:\n  - #c\n",
            "a:\n  - b # c\n",
            "a:\n  -\n    b\n",
            &long_key,
        ] {
            assert_eq!(parse(other), None, "{other:?}");
        }
    }

    /// Beyond the full parser's node budget it fails, so this one must not answer.
    #[test]
    fn the_node_budget_is_the_full_parsers() {
        // The map, the key and the list are three nodes.
        let list = |n: usize| format!("a: [{}]\n", vec!["1"; n].join(","));
        let within = list(MAX_NODES - 3);
        assert_eq!(parse(&within), parse_yaml(&within).ok());
        assert!(parse(&within).is_some());
        let beyond = list(MAX_NODES - 2);
        assert!(parse_yaml(&beyond).is_err());
        assert_eq!(parse(&beyond), None);
    }

    /// Calls `each` with the path and YAML front matter of every file under `root`, read as the
    /// library reads it.
    fn each_front_matter(root: &Path, mut each: impl FnMut(&Path, &str)) {
        let mut stack = vec![root.to_path_buf()];
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
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
                if let Split::Closed {
                    kind: Kind::Yaml,
                    start,
                    end,
                    ..
                } = front_matter::split(bytes, true)
                {
                    each(&path, &String::from_utf8_lossy(&bytes[start..end]));
                }
            }
        }
    }

    /// Both parsers agree on every front matter under `roots` that this one answers.
    fn agrees_under(roots: &[PathBuf]) -> (usize, usize) {
        let (mut simple, mut all) = (0, 0);
        for root in roots {
            each_front_matter(root, |path, front| {
                all += 1;
                if let Some(fast) = parse(front) {
                    simple += 1;
                    assert_eq!(Some(fast), parse_yaml(front).ok(), "{}", path.display());
                }
            });
        }
        (simple, all)
    }

    /// Every front matter of the real corpora (when present) and the bundled articles.
    #[test]
    fn agrees_on_real_front_matter() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (simple, all) = agrees_under(&[root.join("../shared/corpora"), root.join("articles")]);
        eprintln!("{simple} of {all} front matters in the simple subset");
    }

    /// Every front matter of the generated benchmark library, when it is there.
    #[test]
    fn agrees_on_the_bench_library() {
        let (simple, all) = agrees_under(&[PathBuf::from("/tmp/quire-bench-100k")]);
        eprintln!("{simple} of {all} front matters in the simple subset");
    }

    /// Pieces of values that are each fine on their own: text, dates, numbers, special words,
    /// quoted strings, flow lists.
    const COMMON: &[&str] = &[
        "a",
        "Word",
        "two words",
        "Céline",
        "東京",
        "é",
        "e\u{301}",
        "\u{a0}",
        "2014",
        "2014-08-15",
        "2015-08-12T07:13:00Z",
        "2015-08-12 07:13",
        "2023-07",
        "+02:00",
        "18 July 2009",
        "0",
        "007",
        "-0",
        "+0",
        "00",
        "-1",
        "+1",
        "12345678901234567",
        "1.5",
        "1.",
        ".5",
        "1e5",
        "1E-5",
        "1_000",
        "1:30",
        "nan",
        "inf",
        "true",
        "True",
        "FALSE",
        "no",
        "yes",
        "null",
        "Null",
        "~",
        "-x",
        "x-y",
        "http://a.b/c?d=e&f#g",
        "a:b",
        "a#b",
        ".",
        "...",
        "---",
        "'q'",
        "'it''s'",
        "''",
        "\"q\"",
        "\"\"",
        "\"a: b # c\"",
        "[a, b]",
        "[]",
        "[ ]",
        "[a,b ]",
        "[ 1, 2014-01-02, true, null, 1.5 ]",
        "['a, b', \"c\"]",
        "[-1, -x]",
        "[a b]",
    ];

    /// Pieces that are odd, or special to YAML.
    const ODD: &[&str] = &[
        "123456789012345678901234",
        "1e999",
        "0x1F",
        "0o7",
        "0b1",
        ".inf",
        "-.Inf",
        ".NaN",
        "-",
        "+",
        "- ",
        "- - a",
        "a: b",
        ":",
        "?",
        "#",
        " #c",
        "'",
        "\"",
        "\\",
        "\"a\\\"b\"",
        "[",
        "]",
        ",",
        ", ",
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
        "a  b",
        "'a  b'",
        "[a,  b]",
        "\u{85}",
        "\u{2028}",
        "\u{feff}",
        "[a,]",
        "[,]",
        "[- y]",
        "[x: y]",
        "[a, [b]]",
        "{a: b}",
    ];

    fn piece() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            12 => prop::sample::select(COMMON),
            1 => prop::sample::select(ODD),
        ]
    }

    /// One piece, or two run together (which is often no longer valid).
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => piece().prop_map(str::to_string),
            1 => (piece(), piece()).prop_map(|(a, b)| format!("{a}{b}")),
        ]
    }

    fn key() -> impl Strategy<Value = &'static str> {
        prop::sample::select(
            &[
                "title", "tags", "a_b", "x-y", "date", "K9", "_", "k1", "k2", "k3", "k4", "k5",
                "k6", "k7", "k8", "k9", "no", "null", "True",
            ][..],
        )
    }

    /// A key and its value: on its line, nothing (null), a block list, or something else.
    fn entry() -> impl Strategy<Value = String> {
        let after_key = prop::sample::select(&[" ", " ", " ", " ", " ", "", "  "][..]);
        let indent = prop::sample::select(&["", "  ", " ", "    "][..]);
        // Items mostly at the list's indentation, sometimes elsewhere.
        let item = (
            prop::sample::select(
                &[
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    Some(""),
                    Some("  "),
                    Some("   "),
                ][..],
            ),
            prop::sample::select(&[" ", " ", " ", " ", " ", "", "   "][..]),
            prop_oneof![5 => value(), 1 => Just(String::new())],
        );
        let other = prop::sample::select(
            &[
                "", "  ", "# c", "  # c", "  x", "  x: y", "-", "...", "---", "? a", ": b",
            ][..],
        );
        prop_oneof![
            4 => (key(), after_key.clone(), value()).prop_map(|(k, s, v)| format!("{k}:{s}{v}\n")),
            1 => (key(), after_key.clone()).prop_map(|(k, s)| format!("{k}:{}\n", s.trim_end())),
            3 => (key(), after_key, indent, prop::collection::vec(item, 1..4)).prop_map(
                |(k, s, indent, items)| {
                    let mut text = format!("{k}:{}\n", s.trim_end());
                    for (at, after_dash, v) in items {
                        text.push_str(&format!("{}-{after_dash}{v}\n", at.unwrap_or(indent)));
                    }
                    text
                }
            ),
            1 => other.prop_map(|line| format!("{line}\n")),
        ]
    }

    proptest! {
        #[test]
        fn plain_characters_checks_every_byte(
            s in "[ a:\n\t\r\u{7f}\u{85}\u{a0}\u{2028}\u{2030}\u{feff}\u{fffe}é東]{0,80}"
        ) {
            let bytes = s.as_bytes();
            prop_assert_eq!(plain_characters(&s), (0..bytes.len()).all(|i| plain_at(bytes, i)));
        }

        #[test]
        fn has_either_finds_what_a_byte_search_finds(
            bytes in prop::collection::vec(prop::sample::select(&[b'a', b':', b'#', 0, 0x80, 0xff, b' '][..]), 0..40),
            a in prop::sample::select(&[b':', 0, 0xff][..]),
            b in prop::sample::select(&[b'#', b'a', 0x80][..]),
        ) {
            let expected = bytes.iter().any(|&x| x == a || x == b);
            prop_assert_eq!(has_either(&bytes, a, b), expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(30_000))]
        #[test]
        fn agrees_with_the_yaml_parser(
            entries in prop::collection::vec(entry(), 0..6),
            line_end in prop::sample::select(&["\n", "\n", "\n", "\r\n", "\r"][..]),
        ) {
            let text = entries.concat().replace('\n', line_end);
            if let Some(fast) = parse(&text) {
                if values_are_one_line(&text) {
                    let Value::Map(entries) = &fast else {
                        panic!("{fast:?}");
                    };
                    for (_, value) in entries {
                        let compact = value.compact_text(usize::MAX);
                        let trimmed = compact.trim_matches(' ');
                        prop_assert_eq!(to_one_line(trimmed.into()), trimmed, "{:?}", text);
                    }
                }
                let full = parse_yaml(&text);
                prop_assert_eq!(Some(fast), full.ok(), "{:?}", text);
            }
        }
    }
}
