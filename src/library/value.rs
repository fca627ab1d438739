//! A front-matter value that keeps keys in file order, read from YAML or TOML through serde.
//!
//! Our own type rather than `serde_yaml::Value` / `toml::Table` because: keys must stay in file
//! order (the sidebar shows unknown fields as written, and `toml` sorts without `preserve_order`),
//! and files come from the web, so nesting depth and the total number of nodes are bounded while
//! deserializing. The node budget is what stops alias bombs that stay under yaml_serde's own
//! repetition limit (one big anchored list repeated many times).

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;

/// Deepest nesting accepted (a top-level map is depth 1).
pub const MAX_DEPTH: usize = 64;
/// Most nodes (scalars, lists, maps) one front matter may expand to.
pub const MAX_NODES: usize = 100_000;

/// The key under which `toml` hands a datetime to `deserialize_any`.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// Text borrows from the front matter where it can: the fast parser ([`super::simple_yaml`])
/// copies nothing, and the fields read from it stay borrowed until the article is built (copies
/// and allocations were most of a load without cache). The full parsers' values are owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(Cow<'a, str>),
    List(Vec<Value<'a>>),
    /// Keys as text, in file order.
    Map(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The text of a scalar (borrowed where the value is); `None` for null, lists and maps.
    pub fn scalar_text(&self) -> Option<Cow<'a, str>> {
        match self {
            Value::Bool(b) => Some(b.to_string().into()),
            Value::Int(i) => Some(i.to_string().into()),
            Value::Float(f) => Some(f.to_string().into()),
            // A borrowed text stays borrowed: only owned text is copied.
            Value::Str(s) => Some(s.clone()),
            Value::Null | Value::List(_) | Value::Map(_) => None,
        }
    }

    /// The value of `key` in a map (keys compared ignoring ASCII case).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// One line of text for any value: a scalar as written, a list joined with `, `, a map as
    /// `k: v, …`. Stops growing once past `limit` bytes (the caller truncates).
    pub fn compact_text(&self, limit: usize) -> Cow<'a, str> {
        if let Value::Str(s) = self {
            return s.clone();
        }
        let mut out = String::new();
        self.write_compact(&mut out, limit);
        out.into()
    }

    /// The same value owning all its text (for one parsed from a temporary copy).
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::List(items) => Value::List(items.into_iter().map(Value::into_owned).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
        }
    }

    fn write_compact(&self, out: &mut String, limit: usize) {
        if out.len() > limit {
            return;
        }
        match self {
            Value::Null => {}
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if out.len() > limit {
                        return;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let nested = matches!(item, Value::List(_) | Value::Map(_));
                    if nested {
                        out.push('[');
                    }
                    item.write_compact(out, limit);
                    if nested {
                        out.push(']');
                    }
                }
            }
            Value::Map(entries) => {
                for (i, (k, v)) in entries.iter().enumerate() {
                    if out.len() > limit {
                        return;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push_str(": ");
                    let nested = matches!(v, Value::List(_) | Value::Map(_));
                    if nested {
                        out.push('{');
                    }
                    v.write_compact(out, limit);
                    if nested {
                        out.push('}');
                    }
                }
            }
            scalar => {
                if let Some(text) = scalar.scalar_text() {
                    out.push_str(&text);
                }
            }
        }
    }
}

/// Parses YAML front matter. Errors carry a 1-based line within `text` where known.
pub fn parse_yaml(text: &str) -> Result<Value<'static>, ParseError> {
    let budget = Cell::new(MAX_NODES);
    let de = serde_yaml::Deserializer::from_str(text);
    match (Seed {
        depth: 0,
        budget: &budget,
    })
    .deserialize(de)
    {
        Ok(value) => Ok(value),
        Err(err) => {
            let line = err.location().map(|l| l.line());
            let full = err.to_string();
            // yaml_serde appends " at line L column C" (and for libyaml errors more context);
            // the line is reported separately, so keep only the message.
            let message = match full.find(" at line ") {
                Some(cut) => full.get(..cut).unwrap_or(&full).to_string(),
                None => full,
            };
            Err(ParseError { line, message })
        }
    }
}

/// Parses TOML front matter. Errors carry a 1-based line within `text` where known.
pub fn parse_toml(text: &str) -> Result<Value<'static>, ParseError> {
    let budget = Cell::new(MAX_NODES);
    let de = toml::Deserializer::parse(text).map_err(|err| toml_error(text, &err))?;
    let mut value = (Seed {
        depth: 0,
        budget: &budget,
    })
    .deserialize(de)
    .map_err(|err| toml_error(text, &err))?;
    // Without its `preserve_order` feature `toml` hands keys over sorted: put the top-level
    // ones back in file order (nested tables keep the sorted order).
    if let Value::Map(entries) = &mut value {
        entries.sort_by_cached_key(|(key, _)| toml_key_line(text, key));
    }
    Ok(value)
}

/// The first line that defines top-level `key` (`key =`, `key.x =`, `[key]`, `[[key]]`,
/// `"key" =`), or `usize::MAX`.
fn toml_key_line(text: &str, key: &str) -> usize {
    let defines = |line: &str| {
        let line = line.trim_start().trim_start_matches('[');
        let line = line
            .strip_prefix('"')
            .or_else(|| line.strip_prefix('\''))
            .unwrap_or(line);
        line.strip_prefix(key).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            rest.starts_with(['=', '.', ']'])
        })
    };
    text.lines().position(defines).unwrap_or(usize::MAX)
}

fn toml_error(text: &str, err: &toml::de::Error) -> ParseError {
    let line = err.span().map(|span| {
        let upto = text.get(..span.start).unwrap_or(text);
        upto.bytes().filter(|&b| b == b'\n').count() + 1
    });
    ParseError {
        line,
        message: err.message().trim().to_string(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// 1-based, relative to the parsed text.
    pub line: Option<usize>,
    pub message: String,
}

/// Deserializes one [`Value`], counting depth and spending the shared node budget.
#[derive(Clone, Copy)]
struct Seed<'b> {
    depth: usize,
    budget: &'b Cell<usize>,
}

impl Seed<'_> {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        let left = self.budget.get();
        if left == 0 {
            return Err(E::custom(format!("more than {MAX_NODES} values")));
        }
        self.budget.set(left - 1);
        Ok(())
    }

    fn nested<E: de::Error>(&self) -> Result<Self, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!(
                "nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(Seed {
            depth: self.depth + 1,
            budget: self.budget,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value<'static>;
    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value<'static>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value<'static>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any front-matter value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Int(v.into()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(i128::try_from(v).map_or_else(|_| Value::Str(v.to_string().into()), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Str(v.to_string().into()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Str(v.into()))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned().into()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value<'static>, E> {
        self.spend()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value<'static>, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'static>, D::Error> {
        self.deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value<'static>, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'static>, A::Error> {
        self.spend()?;
        let inner = self.nested()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'static>, A::Error> {
        self.spend()?;
        let inner = self.nested()?;
        let mut entries: Vec<(Cow<'static, str>, Value<'static>)> = Vec::new();
        // A repeated key keeps its first place and its last value, as most YAML readers do.
        let mut index: HashMap<Cow<'static, str>, usize> = HashMap::new();
        while let Some(key) = map.next_key_seed(inner)? {
            let value = map.next_value_seed(inner)?;
            let key = match key.scalar_text() {
                Some(text) => text,
                None => key.compact_text(200),
            };
            match index.get(&key).and_then(|&i| entries.get_mut(i)) {
                Some(entry) => entry.1 = value,
                None => {
                    index.insert(key.clone(), entries.len());
                    entries.push((key, value));
                }
            }
        }
        // A TOML datetime arrives as a one-entry map under a private key.
        if let [(key, Value::Str(text))] = entries.as_slice()
            && key == TOML_DATETIME_KEY
        {
            return Ok(Value::Str(text.clone()));
        }
        Ok(Value::Map(entries))
    }

    /// A YAML tagged value (`!tag value`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value<'static>, A::Error> {
        let (_tag, variant) = data.variant::<String>()?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn map(pairs: &[(&'static str, Value<'static>)]) -> Value<'static> {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn yaml_keeps_key_order_and_types() {
        let v = parse_yaml("zeta: 1\nalpha: [a, b]\nmid: {x: true}\nnothing:\n").unwrap();
        assert_eq!(
            v,
            map(&[
                ("zeta", Value::Int(1)),
                (
                    "alpha",
                    Value::List(vec![Value::Str("a".into()), Value::Str("b".into())])
                ),
                ("mid", map(&[("x", Value::Bool(true))])),
                ("nothing", Value::Null),
            ])
        );
    }

    #[test]
    fn toml_keeps_key_order_and_reads_datetimes_as_text() {
        let v = parse_toml("zeta = 1\nalpha = \"x\"\ndate = 2013-09-16\n").unwrap();
        assert_eq!(
            v,
            map(&[
                ("zeta", Value::Int(1)),
                ("alpha", Value::Str("x".into())),
                ("date", Value::Str("2013-09-16".into())),
            ])
        );
    }

    #[test]
    fn toml_tables_and_dotted_keys_keep_file_order() {
        let v = parse_toml("b = 1\nz.x = 2\na = 3\n[m]\nk = 4\n").unwrap();
        let Value::Map(entries) = v else { panic!() };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| &**k).collect();
        assert_eq!(keys, ["b", "z", "a", "m"]);
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value() {
        let v = parse_yaml("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(v, map(&[("a", Value::Int(3)), ("b", Value::Int(2))]));
    }

    #[test]
    fn yaml_tags_are_dropped() {
        let v = parse_yaml("a: !custom hello\n").unwrap();
        assert_eq!(v.get("a"), Some(&Value::Str("hello".into())));
    }

    #[test]
    fn yaml_errors_have_a_line_and_a_short_message() {
        let err = parse_yaml("title: ok\nbad: [unclosed\nmore: x\n").unwrap_err();
        assert!(err.line.is_some());
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn toml_errors_have_a_line() {
        let err = parse_toml("a = 1\nb = = 2\n").unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn deep_nesting_is_rejected_without_overflowing_the_stack() {
        let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let started = Instant::now();
        assert!(parse_yaml(&deep).is_err());
        let deep_map = format!("a: {}1{}\n", "{b: ".repeat(100), "}".repeat(100));
        assert!(parse_yaml(&deep_map).is_err());
        let toml_deep = format!("a = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_toml(&toml_deep).is_err());
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn nesting_up_to_the_limit_is_fine() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_yaml(&ok).is_ok());
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse_yaml(&too_deep).is_err());
    }

    #[test]
    fn billion_laughs_fails_fast() {
        let mut doc = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let (prev, next) = (pair[0], pair[1]);
            let refs = vec![format!("*{prev}"); 9].join(",");
            doc.push_str(&format!("{next}: &{next} [{refs}]\n"));
        }
        let started = Instant::now();
        assert!(parse_yaml(&doc).is_err());
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn one_wide_alias_repeated_is_bounded_by_the_node_budget() {
        // Stays under yaml_serde's jump limit (jumps < 100 x events) but would expand to
        // 20,000 x 20,000 strings.
        let items = vec!["x"; 20_000].join(",");
        let refs = vec!["*a"; 20_000].join(",");
        let doc = format!("a: &a [{items}]\nb: [{refs}]\n");
        let started = Instant::now();
        let err = parse_yaml(&doc).unwrap_err();
        assert!(
            err.message.contains("values") || err.message.contains("repetition"),
            "{}",
            err.message
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn compact_text_of_lists_and_maps() {
        let v = parse_yaml("a: [x, y]\nb: {k: v, n: 2}\nc: [[1, 2], 3]\n").unwrap();
        assert_eq!(v.get("a").unwrap().compact_text(100), "x, y");
        assert_eq!(v.get("b").unwrap().compact_text(100), "k: v, n: 2");
        assert_eq!(v.get("c").unwrap().compact_text(100), "[1, 2], 3");
    }
}
