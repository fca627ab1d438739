//! Front-matter values to article fields: which key means what, what to do with wrong types,
//! and the caps that keep a hostile file from filling the screen or the memory.

use super::date::parse_date;
use super::value::Value;
use super::{Date, Problem};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

pub const MAX_TITLE_CHARS: usize = 1_000;
pub const MAX_TAGS: usize = 1_000;
pub const MAX_AUTHORS: usize = 1_000;
pub const MAX_EXTRA_FIELDS: usize = 200;
pub const MAX_EXTRA_VALUE_CHARS: usize = 500;
pub const MAX_KEY_CHARS: usize = 100;
/// Single-valued fields such as `source` or `url`.
pub const MAX_FIELD_CHARS: usize = 2_000;
pub const MAX_SUMMARY_CHARS: usize = 10_000;

/// What the front matter says; anything not given stays empty. Text is borrowed from the front
/// matter where it is already as shown (one line, within its cap): the article is built from
/// these without another copy of each.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Fields<'a> {
    pub title: Option<Cow<'a, str>>,
    pub authors: Vec<Cow<'a, str>>,
    pub date: Option<Date>,
    pub tags: Vec<Cow<'a, str>>,
    pub source: Option<Cow<'a, str>>,
    pub url: Option<Cow<'a, str>>,
    pub summary: Option<Cow<'a, str>>,
    pub lang: Option<Cow<'a, str>>,
    pub extra: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

/// Where problems go, and how to find the file line of a key.
pub struct Context<'a> {
    pub path: &'a Path,
    /// The front matter text (to find the line a key is on).
    pub text: &'a str,
    /// File line of the first front-matter line (the one after the opening fence).
    pub first_line: usize,
    pub problems: Vec<Problem>,
    /// How values are made one line: whether the front matter is known to give only values
    /// that are.
    pub one_line: OneLine,
}

/// Makes values one line ([`to_one_line`]). When the front matter they came from is known to
/// give only one-line values ([`super::simple_yaml::values_are_one_line`]), only their ends
/// are looked at.
#[derive(Debug, Clone, Copy, Default)]
pub struct OneLine {
    pub known: bool,
}

impl OneLine {
    fn of(self, s: Cow<'_, str>) -> Cow<'_, str> {
        if self.known && !s.starts_with(' ') && !s.ends_with(' ') {
            s
        } else {
            to_one_line(s)
        }
    }
}

impl Context<'_> {
    fn problem(&mut self, key: &str, reason: String) {
        let line = self.key_line(key);
        self.problems.push(Problem {
            path: self.path.to_path_buf(),
            line,
            reason,
        });
    }

    /// The file line of a top-level `key:` (YAML) or `key =` (TOML).
    fn key_line(&self, key: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|line| {
                let line = line.trim_start_matches(['"', '\'']);
                line.get(..key.len())
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
                    && line
                        .get(key.len()..)
                        .map(|rest| rest.trim_start_matches(['"', '\'']).trim_start())
                        .is_some_and(|rest| rest.starts_with([':', '=']))
            })
            .map(|i| i + self.first_line)
    }
}

/// The fields quire knows, whatever their spelling.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    Title,
    Authors,
    Date,
    Tags,
    Source,
    Url,
    Summary,
    Lang,
}

/// The field a key names, whatever its spelling (keys are compared ignoring ASCII case).
fn known(key: &str) -> Option<Known> {
    // Lower-cased into a buffer as long as the longest spelling, then matched whole (one length
    // test and one comparison, where comparing with each spelling in turn was 1.5% of a load).
    let mut buf = [0u8; 11];
    let lower = buf.get_mut(..key.len())?;
    for (to, from) in lower.iter_mut().zip(key.bytes()) {
        *to = from.to_ascii_lowercase();
    }
    Some(match &*lower {
        b"title" => Known::Title,
        b"author" | b"authors" => Known::Authors,
        b"date" => Known::Date,
        b"tags" | b"keywords" | b"categories" | b"category" => Known::Tags,
        b"source" | b"publisher" => Known::Source,
        b"url" | b"link" => Known::Url,
        b"summary" | b"description" => Known::Summary,
        b"lang" => Known::Lang,
        _ => return None,
    })
}

/// Reads the fields of a parsed front matter. A front matter that is not a map is a problem.
pub fn read_fields<'a>(value: &Value<'a>, cx: &mut Context<'_>) -> Fields<'a> {
    let mut fields = Fields::default();
    let entries = match value {
        Value::Map(entries) => entries,
        Value::Null => return fields,
        _ => {
            cx.problems.push(Problem {
                path: cx.path.to_path_buf(),
                line: Some(cx.first_line),
                reason: "front matter is not a map of fields".to_string(),
            });
            return fields;
        }
    };
    let one_line = cx.one_line;
    let mut tags = TagSet {
        one_line,
        ..TagSet::default()
    };
    for (key, value) in entries {
        match known(key) {
            Some(Known::Title) => read_title(key, value, cx, &mut fields),
            Some(Known::Authors) => read_authors(key, value, cx, &mut fields.authors),
            Some(Known::Date) => read_date(key, value, cx, &mut fields),
            Some(Known::Tags) => tags.add_value(value),
            Some(Known::Source) => single(
                key.clone(),
                value,
                one_line,
                &mut fields.source,
                &mut fields.extra,
            ),
            Some(Known::Url) => single(
                key.clone(),
                value,
                one_line,
                &mut fields.url,
                &mut fields.extra,
            ),
            Some(Known::Summary) => summary(key.clone(), value, one_line, &mut fields),
            Some(Known::Lang) => single(
                key.clone(),
                value,
                one_line,
                &mut fields.lang,
                &mut fields.extra,
            ),
            None => push_extra(key.clone(), value, one_line, &mut fields.extra),
        }
    }
    if tags.truncated {
        cx.problem(
            "tags",
            format!("more than {MAX_TAGS} tags, only the first {MAX_TAGS} kept"),
        );
    }
    fields.tags = tags.tags;
    if fields.extra.len() > MAX_EXTRA_FIELDS {
        fields.extra.truncate(MAX_EXTRA_FIELDS);
        cx.problems.push(Problem {
            path: cx.path.to_path_buf(),
            line: None,
            reason: format!(
                "more than {MAX_EXTRA_FIELDS} other fields, only the first {MAX_EXTRA_FIELDS} kept"
            ),
        });
    }
    fields
}

fn read_title<'a>(key: &str, value: &Value<'a>, cx: &mut Context<'_>, fields: &mut Fields<'a>) {
    match value {
        Value::Null => {}
        Value::List(_) | Value::Map(_) => {
            cx.problem(key, format!("{key} is a {}, not text", kind(value)));
        }
        scalar => {
            let text = cx.one_line.of(scalar.scalar_text().unwrap_or_default());
            if text.is_empty() || fields.title.is_some() {
                return;
            }
            let (text, cut) = cap(text, MAX_TITLE_CHARS);
            if cut {
                cx.problem(
                    key,
                    format!("title longer than {MAX_TITLE_CHARS} characters, cut"),
                );
            }
            fields.title = Some(text);
        }
    }
}

fn read_authors<'a>(
    key: &str,
    value: &Value<'a>,
    cx: &mut Context<'_>,
    authors: &mut Vec<Cow<'a, str>>,
) {
    match value {
        Value::Null => {}
        Value::List(items) => {
            for item in items {
                read_author(key, item, cx, authors);
            }
        }
        one => read_author(key, one, cx, authors),
    }
}

fn read_author<'a>(
    key: &str,
    value: &Value<'a>,
    cx: &mut Context<'_>,
    authors: &mut Vec<Cow<'a, str>>,
) {
    let name = match value {
        Value::Null => return,
        Value::Map(_) => match value.get("name").and_then(Value::scalar_text) {
            Some(name) => name,
            None => {
                cx.problem(key, format!("{key} entry has no name"));
                return;
            }
        },
        Value::List(_) => {
            cx.problem(key, format!("{key} entry is a list, not a name"));
            return;
        }
        scalar => scalar.scalar_text().unwrap_or_default(),
    };
    let (name, _) = cap(cx.one_line.of(name), MAX_FIELD_CHARS);
    if !name.is_empty() && authors.len() < MAX_AUTHORS && !authors.contains(&name) {
        authors.push(name);
    }
}

fn read_date(key: &str, value: &Value<'_>, cx: &mut Context<'_>, fields: &mut Fields<'_>) {
    if fields.date.is_some() {
        return;
    }
    match value {
        Value::Null => {}
        Value::Str(_) | Value::Int(_) => {
            let text = value.scalar_text().unwrap_or_default();
            if text.trim().is_empty() {
                return;
            }
            match parse_date(&text) {
                Some(date) => fields.date = Some(date),
                None => {
                    let (shown, _) = cap_chars(one_line(&text), 40);
                    cx.problem(key, format!("{key} is not a date: {shown:?}"));
                }
            }
        }
        other => cx.problem(key, format!("{key} is a {}, not a date", kind(other))),
    }
}

/// `source`, `url`, `lang`: the first key given wins; a second spelling goes to `extra`.
fn single<'a>(
    key: Cow<'a, str>,
    value: &Value<'a>,
    one_line: OneLine,
    slot: &mut Option<Cow<'a, str>>,
    extra: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>,
) {
    if slot.is_some() {
        push_extra(key, value, one_line, extra);
        return;
    }
    let text = one_line.of(value.compact_text(MAX_FIELD_CHARS * 4));
    if !text.is_empty() {
        *slot = Some(cap(text, MAX_FIELD_CHARS).0);
    }
}

/// Summaries may span lines; they are trimmed and capped but keep their line breaks.
fn summary<'a>(key: Cow<'a, str>, value: &Value<'a>, one_line: OneLine, fields: &mut Fields<'a>) {
    if fields.summary.is_some() {
        push_extra(key, value, one_line, &mut fields.extra);
        return;
    }
    let text = match value.compact_text(MAX_SUMMARY_CHARS * 4) {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
    };
    // Values known to be one line hold no control characters.
    let text = if !one_line.known && has_control_but_newline(&text) {
        text.chars()
            .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text
    };
    if !text.is_empty() {
        fields.summary = Some(cap(text, MAX_SUMMARY_CHARS).0);
    }
}

/// Whether `text` holds a control character other than `\n`: an ASCII one, or one of
/// U+0080 to U+009F (`C2 80` to `C2 9F` in UTF-8), found byte by byte.
fn has_control_but_newline(text: &str) -> bool {
    let bytes = text.as_bytes();
    let suspect = |b: u8| (b < 0x20 && b != b'\n') || b == 0x7f || b == 0xc2;
    bytes.iter().fold(false, |any, &b| any | suspect(b))
        && bytes.iter().enumerate().any(|(i, &b)| match b {
            0xc2 => bytes
                .get(i + 1)
                .is_some_and(|next| (0x80..0xa0).contains(next)),
            b => suspect(b),
        })
}

fn push_extra<'a>(
    key: Cow<'a, str>,
    value: &Value<'a>,
    one_line: OneLine,
    extra: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>,
) {
    if matches!(value, Value::Null) || extra.len() > MAX_EXTRA_FIELDS {
        return;
    }
    let key = cap(one_line.of(key), MAX_KEY_CHARS).0;
    let text = one_line.of(value.compact_text(MAX_EXTRA_VALUE_CHARS * 4));
    extra.push((key, cap(text, MAX_EXTRA_VALUE_CHARS).0));
}

fn kind(value: &Value<'_>) -> &'static str {
    match value {
        Value::List(_) => "list",
        Value::Map(_) => "map",
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
    }
}

/// Tags from any number of keys: deduplicated ignoring case, kept as first written.
#[derive(Default)]
struct TagSet<'a> {
    tags: Vec<Cow<'a, str>>,
    /// Each tag lower-cased, once there are too many to compare with each in turn.
    folded: Option<HashSet<String>>,
    truncated: bool,
    one_line: OneLine,
    /// What each tag compared one by one is made of, found once rather than at each compare.
    shapes: [Shape; TAGS_COMPARED],
}

/// What [`same_ignoring_case`] needs to know of a text.
#[derive(Debug, Default, Clone, Copy)]
struct Shape {
    ascii: bool,
    /// Holds a capital sigma, whose lower case depends on its place in a word.
    sigma: bool,
}

impl Shape {
    fn of(s: &str) -> Shape {
        let ascii = s.is_ascii();
        Shape {
            ascii,
            sigma: !ascii && s.contains('Σ'),
        }
    }
}

/// Up to this many tags, a new one is compared with each (without lower-casing copies); past
/// it, they are looked up in a set (a hostile file may give a thousand).
const TAGS_COMPARED: usize = 32;

impl<'a> TagSet<'a> {
    fn add_value(&mut self, value: &Value<'a>) {
        match value {
            Value::Null => {}
            // Each tag trimmed first: ` b` in `a, b` is not one line yet, and would be copied.
            Value::Str(Cow::Borrowed(s)) => {
                s.split(',').for_each(|t| self.add(Cow::Borrowed(t.trim())))
            }
            Value::Str(Cow::Owned(s)) => s
                .split(',')
                .for_each(|t| self.add(Cow::Owned(t.trim().to_string()))),
            Value::List(items) => {
                for item in items {
                    match item {
                        Value::Map(_) => {
                            if let Some(label) = item.get("label").or_else(|| item.get("name")) {
                                self.add(label.scalar_text().unwrap_or_default());
                            }
                        }
                        Value::List(_) | Value::Null => {}
                        scalar => self.add(scalar.scalar_text().unwrap_or_default()),
                    }
                }
            }
            Value::Map(_) => {}
            scalar => self.add(scalar.scalar_text().unwrap_or_default()),
        }
    }

    fn add(&mut self, tag: Cow<'a, str>) {
        let tag = self.one_line.of(tag);
        if tag.is_empty() {
            return;
        }
        let tag = cap(tag, MAX_KEY_CHARS).0;
        let shape = Shape::of(&tag);
        let seen = match &self.folded {
            Some(folded) => folded.contains(&tag.to_lowercase()),
            None => (self.tags.iter().zip(&self.shapes))
                .any(|(t, &t_shape)| same_ignoring_case((t, t_shape), (&tag, shape))),
        };
        if seen {
            return;
        }
        if self.tags.len() >= MAX_TAGS {
            self.truncated = true;
            return;
        }
        match &mut self.folded {
            Some(folded) => {
                folded.insert(tag.to_lowercase());
            }
            None if self.tags.len() >= TAGS_COMPARED => {
                let folded = self.tags.iter().map(|t| t.to_lowercase());
                self.folded = Some(folded.chain([tag.to_lowercase()]).collect());
            }
            None => {}
        }
        if let Some(slot) = self.shapes.get_mut(self.tags.len()) {
            *slot = shape;
        }
        self.tags.push(tag);
    }
}

/// `a.to_lowercase() == b.to_lowercase()`, without making either, given their [`Shape`]s.
fn same_ignoring_case((a, a_shape): (&str, Shape), (b, b_shape): (&str, Shape)) -> bool {
    if a_shape.ascii && b_shape.ascii {
        return a.eq_ignore_ascii_case(b);
    }
    // `to_lowercase` makes a capital sigma final or not by its place in a word; elsewhere it is
    // the characters' own lower case, one by one.
    if a_shape.sigma || b_shape.sigma {
        return a.to_lowercase() == b.to_lowercase();
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// One line: control characters (newlines, tabs, escapes) become spaces, runs of white space
/// one space, ends trimmed.
pub fn one_line(s: &str) -> String {
    to_one_line(Cow::Borrowed(s)).into_owned()
}

/// [`one_line`], giving back the text itself when it is one line already (most values).
pub fn to_one_line(s: Cow<'_, str>) -> Cow<'_, str> {
    if is_one_line(&s) {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Already what [`one_line`] makes (most values): no control characters, no white space but
/// single spaces between words.
fn is_one_line(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // A fold over each byte beside the next, with nothing carried from one pair to the next,
    // which the compiler may do many bytes at once (a loop that remembered whether the last
    // byte was a space could only go one by one).
    let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or_default());
    !breaks_lines(bytes, false)
        && pairs.fold(0, |any, (&a, &b)| any | u8::from((a == b' ') & (b == b' '))) == 0
}

/// Whether UTF-8 `bytes` hold a character that [`to_one_line`] turns into a space: a control
/// character or white space other than ' ', but `\n` when `newlines` are allowed.
///
/// Those are ASCII controls, or characters that start with 0xC2 (C1 controls, NEL, NBSP), 0xE1
/// (U+1680), 0xE2 (U+2000 to U+205F) or 0xE3 (U+3000). A fold over each block of 16 bytes looks
/// for these (many bytes at once), and only in a block with one are the bytes looked at one by
/// one: curly quotes, dashes and ellipses start with 0xE2 too, and Japanese with 0xE3.
pub(super) fn breaks_lines(bytes: &[u8], newlines: bool) -> bool {
    let control = |b: u8| (b < 0x20 && !(newlines && b == b'\n')) || b == 0x7f;
    let lead = |b: u8| b == 0xc2 || (0xe1..=0xe3).contains(&b);
    bytes.chunks(16).enumerate().any(|(n, block)| {
        block
            .iter()
            .fold(0, |any, &b| any | u8::from(control(b) | lead(b)))
            != 0
            && (n * 16..n * 16 + block.len())
                .any(|i| control(bytes[i]) || space_or_control_at(bytes, i))
    })
}

/// Whether a character that is white space or a control (and not ASCII) starts at `bytes[i]`.
fn space_or_control_at(bytes: &[u8], i: usize) -> bool {
    let next = |n: usize| bytes.get(i + n).copied().unwrap_or_default();
    match bytes.get(i) {
        // U+0080 to U+00A0.
        Some(0xc2) => next(1) <= 0xa0,
        // U+1680.
        Some(0xe1) => next(1) == 0x9a && next(2) == 0x80,
        // U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F.
        Some(0xe2) => match next(1) {
            0x80 => matches!(next(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
            0x81 => next(2) == 0x9f,
            _ => false,
        },
        // U+3000.
        Some(0xe3) => next(1) == 0x80 && next(2) == 0x80,
        _ => false,
    }
}

/// At most `max` characters, with `…` in place of the cut; also says whether it cut.
pub fn cap_chars(s: String, max: usize) -> (String, bool) {
    let (capped, cut) = cap(Cow::Owned(s), max);
    (capped.into_owned(), cut)
}

/// [`cap_chars`] for text that may be borrowed (and stays so when not cut).
pub fn cap(s: Cow<'_, str>, max: usize) -> (Cow<'_, str>, bool) {
    // No more bytes than `max`: no more characters either.
    if s.len() <= max {
        return (s, false);
    }
    match s.char_indices().nth(max) {
        None => (s, false),
        Some((cut, _)) => {
            let mut short = s.get(..cut).unwrap_or_default().to_string();
            short.pop();
            short.push('…');
            (Cow::Owned(short), true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::{parse_toml, parse_yaml};
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn tags_are_the_same_ignoring_case_as_lower_cased_copies(
            tags in proptest::collection::vec("[aAbBσΣςéÉİi ]{1,3}", 0..80)
        ) {
            // The first tags are compared one by one, the rest through a set: both must keep
            // what lower-casing copies and a set of them keeps.
            let mut set = TagSet::default();
            let mut seen = std::collections::HashSet::new();
            let mut reference = Vec::new();
            for tag in &tags {
                set.add(Cow::Borrowed(tag));
                let tag = one_line(tag);
                if !tag.is_empty() && seen.insert(tag.to_lowercase()) {
                    reference.push(tag);
                }
            }
            prop_assert_eq!(set.tags, reference);
        }

        #[test]
        fn one_line_fast_path_changes_nothing(
            s in "[ a-zé\t\n\u{85}\u{a0}\u{2028}\u{205f}\u{1680}\u{3000}ア\u{7f}\u{9b}東]{0,12}"
        ) {
            let reference: Vec<&str> = s
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .collect();
            prop_assert_eq!(one_line(&s), reference.join(" "));
        }

        #[test]
        fn breaks_lines_finds_what_a_character_search_finds(
            s in "[ a\n\t\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{a1}é\u{1680}\u{1681}\u{2000}\u{200a}\u{200b}\u{2014}\u{201c}\u{2026}\u{2028}\u{2029}\u{202f}\u{205f}\u{2060}\u{3000}\u{3001}ア東]{0,12}",
            newlines in any::<bool>(),
        ) {
            let breaking = |c: char| (c.is_whitespace() || c.is_control()) && c != ' ' && !(newlines && c == '\n');
            prop_assert_eq!(breaks_lines(s.as_bytes(), newlines), s.contains(breaking));
        }

        #[test]
        fn cap_chars_counts_characters(s in "[aé東]{0,12}", max in 1usize..10) {
            let (capped, cut) = cap_chars(s.clone(), max);
            prop_assert_eq!(cut, s.chars().count() > max);
            prop_assert!(capped.chars().count() <= max);
        }
    }

    /// Where the fields of `a.md`'s front matter `text` report their problems.
    fn context(text: &str) -> Context<'_> {
        Context {
            path: Path::new("a.md"),
            text,
            first_line: 2,
            problems: Vec::new(),
            one_line: OneLine::default(),
        }
    }

    fn read(yaml: &str) -> (Fields<'static>, Vec<Problem>) {
        let value = parse_yaml(yaml).unwrap();
        let mut cx = context(yaml);
        let fields = read_fields(&value, &mut cx);
        (fields, cx.problems)
    }

    fn extra<'f>(f: &'f Fields<'_>) -> Vec<(&'f str, &'f str)> {
        f.extra.iter().map(|(k, v)| (&**k, &**v)).collect()
    }

    #[test]
    fn the_usual_fields() {
        let (f, p) = read(
            "title: Hello\nauthor: Céline Pajon\ndate: 2013-09-16\nsource: Ifri\nurl: https://x\n\
             summary: >-\n  Two\n  lines\nlang: fr\ntags: [Russia, Japan]\ntype: External\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.title.as_deref(), Some("Hello"));
        assert_eq!(f.authors, ["Céline Pajon"]);
        assert_eq!(f.date, Some(Date::new(2013, 9, 16)));
        assert_eq!(f.source.as_deref(), Some("Ifri"));
        assert_eq!(f.url.as_deref(), Some("https://x"));
        assert_eq!(f.summary.as_deref(), Some("Two lines"));
        assert_eq!(f.lang.as_deref(), Some("fr"));
        assert_eq!(f.tags, ["Russia", "Japan"]);
        assert_eq!(extra(&f), [("type", "External")]);
    }

    #[test]
    fn alternative_spellings() {
        let (f, p) = read("publisher: P\nlink: L\ndescription: D\nsource: S\n");
        assert!(p.is_empty());
        assert_eq!(f.source.as_deref(), Some("P"));
        assert_eq!(f.url.as_deref(), Some("L"));
        assert_eq!(f.summary.as_deref(), Some("D"));
        assert_eq!(extra(&f), [("source", "S")]);
    }

    #[test]
    fn authors_merge_in_order_without_duplicates() {
        let (f, p) = read("author: A\nauthors:\n  - B\n  - name: C\n    url: x\n  - A\n");
        assert!(p.is_empty());
        assert_eq!(f.authors, ["A", "B", "C"]);
        let (f, _) = read("authors:\n  name: kevin\n  url: x\n");
        assert_eq!(f.authors, ["kevin"]);
    }

    #[test]
    fn an_author_map_without_name_is_a_problem() {
        let (f, p) = read("title: t\nauthor: {url: x}\n");
        assert!(f.authors.is_empty());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(3));
        assert_eq!(p[0].reason, "author entry has no name");
    }

    #[test]
    fn tags_from_every_key_deduplicated_ignoring_case() {
        let (f, _) = read(
            "tags: [Japan, russia]\nkeywords: Russia-Japan, , Putin ,japan\ncategory: News\ncategories: 2020\n",
        );
        assert_eq!(
            f.tags,
            ["Japan", "russia", "Russia-Japan", "Putin", "News", "2020"]
        );
    }

    #[test]
    fn too_many_tags_are_cut_with_a_problem() {
        let many: Vec<String> = (0..1500).map(|i| format!("t{i}")).collect();
        let (f, p) = read(&format!("tags: [{}]\n", many.join(", ")));
        assert_eq!(f.tags.len(), MAX_TAGS);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(2));
    }

    #[test]
    fn wrong_types() {
        let (f, p) = read("title: 1984\ndate: 2013\n");
        assert!(p.is_empty());
        assert_eq!(f.title.as_deref(), Some("1984"));
        assert_eq!(f.date, Some(Date::new(2013, 0, 0)));
        let (f, p) = read("title: [a, b]\n");
        assert_eq!(f.title, None);
        assert_eq!(p[0].reason, "title is a list, not text");
    }

    #[test]
    fn an_invalid_date_names_its_line() {
        let (f, p) = read("title: t\n\ndate: someday\n");
        assert_eq!(f.date, None);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(4));
        assert_eq!(p[0].reason, "date is not a date: \"someday\"");
    }

    #[test]
    fn long_titles_are_cut() {
        let (f, p) = read(&format!("title: {}\n", "x".repeat(5000)));
        assert_eq!(f.title.unwrap().chars().count(), MAX_TITLE_CHARS);
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn extra_values_are_one_capped_line() {
        let (f, _) = read(&format!(
            "list: [a, b]\nmap: {{k: v, n: 1}}\nnull_one:\nlong: {}\nmulti: |\n  a\n  b\n",
            "y".repeat(2000)
        ));
        assert_eq!(extra(&f)[0], ("list", "a, b"));
        assert_eq!(extra(&f)[1], ("map", "k: v, n: 1"));
        assert_eq!(f.extra[2].0, "long");
        assert_eq!(f.extra[2].1.chars().count(), MAX_EXTRA_VALUE_CHARS);
        assert_eq!(extra(&f)[3], ("multi", "a b"));
    }

    #[test]
    fn not_a_map() {
        let (_, p) = read("- a\n- b\n");
        assert_eq!(p[0].reason, "front matter is not a map of fields");
    }

    #[test]
    fn toml_fields() {
        let text = "title = \"T\"\ndate = 2013-09-16T10:00:00Z\ntags = [\"a\"]\nweight = 3\n";
        let value = parse_toml(text).unwrap();
        let mut cx = context(text);
        let f = read_fields(&value, &mut cx);
        assert!(cx.problems.is_empty());
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.date, Some(Date::new(2013, 9, 16)));
        assert_eq!(f.tags, ["a"]);
        assert_eq!(extra(&f), [("weight", "3")]);
    }

    #[test]
    fn keys_are_known_in_any_case_and_only_whole() {
        use Known::*;
        for (key, field) in [
            ("title", Title),
            ("author", Authors),
            ("authors", Authors),
            ("date", Date),
            ("tags", Tags),
            ("keywords", Tags),
            ("categories", Tags),
            ("category", Tags),
            ("source", Source),
            ("publisher", Source),
            ("url", Url),
            ("link", Url),
            ("summary", Summary),
            ("description", Summary),
            ("lang", Lang),
        ] {
            assert_eq!(known(key), Some(field), "{key}");
            assert_eq!(known(&key.to_ascii_uppercase()), Some(field), "{key}");
        }
        for key in [
            "",
            "titles",
            "tit",
            "x-title",
            "descriptions",
            "Titlé",
            "categoriesx",
        ] {
            assert_eq!(known(key), None, "{key}");
        }
    }

    proptest! {
        #[test]
        fn control_characters_are_found_as_chars_would_be(s in "[a \n\t\u{7f}\u{80}\u{9f}\u{a0}é東\u{1b}]{0,20}") {
            prop_assert_eq!(
                has_control_but_newline(&s),
                s.contains(|c: char| c.is_control() && c != '\n')
            );
        }
    }

    #[test]
    fn plain_values_are_borrowed_not_copied() {
        let text =
            "title: Plain\nauthor: A. Writer\ntags: [one, Two]\nurl: https://x\nkind: note\n";
        let value = super::super::simple_yaml::parse(text).unwrap();
        let mut cx = context(text);
        let f = read_fields(&value, &mut cx);
        let borrowed = |c: &Cow<str>| matches!(c, Cow::Borrowed(_));
        assert!(f.title.as_ref().is_some_and(borrowed));
        assert!(f.authors.iter().all(borrowed) && f.tags.iter().all(borrowed));
        assert!(f.url.as_ref().is_some_and(borrowed));
        assert!(f.extra.iter().all(|(k, v)| borrowed(k) && borrowed(v)));
        assert_eq!(f.tags, ["one", "Two"]);
        // Text that is not one line yet is made so (a copy).
        let value = parse_yaml("title: \"two  spaces\"\n").unwrap();
        let f = read_fields(&value, &mut cx);
        assert_eq!(f.title.as_deref(), Some("two spaces"));
    }

    #[test]
    fn one_line_and_caps() {
        assert_eq!(one_line(" a\n\tb\x1b[31m  c "), "a b [31m c");
        assert_eq!(cap_chars("abcdef".into(), 4), ("abc…".to_string(), true));
        assert_eq!(cap_chars("abcd".into(), 4), ("abcd".to_string(), false));
    }
}
