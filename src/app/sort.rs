//! The list's order.

use crate::fold::fold;
use crate::library::Article;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    Date,
    Title,
    Author,
    Path,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Date => SortKey::Title,
            SortKey::Title => SortKey::Author,
            SortKey::Author => SortKey::Path,
            SortKey::Path => SortKey::Date,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Title => "title",
            SortKey::Author => "author",
            SortKey::Path => "path",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        match s.to_ascii_lowercase().as_str() {
            "date" => Some(SortKey::Date),
            "title" => Some(SortKey::Title),
            "author" | "authors" => Some(SortKey::Author),
            "path" | "file" => Some(SortKey::Path),
            _ => None,
        }
    }
}

/// A sort field and direction. `reverse` on dates means newest first, the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub reverse: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            key: SortKey::Date,
            reverse: true,
        }
    }
}

impl Sort {
    pub fn label(&self) -> String {
        format!(
            "{} {}",
            self.key.name(),
            if self.reverse { "↓" } else { "↑" }
        )
    }

    /// The text this sort compares for `article`: its folded title or first author (empty for
    /// date and path, which compare their own fields).
    pub fn key_text(&self, article: &Article) -> String {
        match self.key {
            SortKey::Title => fold(article.title()),
            SortKey::Author => article.authors().first().map(fold).unwrap_or_default(),
            SortKey::Date | SortKey::Path => String::new(),
        }
    }

    /// Orders two articles given their `key_text`. Articles without the field (no date, no
    /// author) go last in both directions: reversing is about the values, not about burying
    /// what is missing. Ties go by path, so the order is total and stable.
    pub fn compare(&self, x: &Article, kx: &str, y: &Article, ky: &str) -> Ordering {
        let reverse = self.reverse;
        let primary = match self.key {
            SortKey::Date => missing_last(x.date, y.date, reverse),
            SortKey::Title => directed(kx.cmp(ky), reverse),
            SortKey::Author => match (kx.is_empty(), ky.is_empty()) {
                (false, true) => Ordering::Less,
                (true, false) => Ordering::Greater,
                _ => directed(kx.cmp(ky), reverse),
            },
            SortKey::Path => directed(path_order(x.path(), y.path()), reverse),
        };
        primary.then_with(|| path_order(x.path(), y.path()))
    }

    /// Orders article indices, computing each key once.
    pub fn apply(&self, articles: &[Article], indices: &mut Vec<usize>) {
        let keys: Vec<String> = indices
            .iter()
            .map(|&i| self.key_text(&articles[i]))
            .collect();
        let mut keyed: Vec<(&str, usize)> = keys
            .iter()
            .map(String::as_str)
            .zip(indices.iter().copied())
            .collect();
        keyed.sort_by(|(p, a), (q, b)| self.compare(&articles[*a], p, &articles[*b], q));
        indices.clear();
        indices.extend(keyed.into_iter().map(|(_, i)| i));
    }
}

fn directed(o: Ordering, reverse: bool) -> Ordering {
    if reverse { o.reverse() } else { o }
}

/// An article's date as one number that orders as `Option<Date>` does among present dates
/// (0: no date), kept in an array by the index so that comparing dates while 100k articles
/// arrive reads four bytes, not two articles from all over memory.
pub fn date_key(date: Option<crate::library::Date>) -> u64 {
    date.map_or(0, |d| {
        let year = (i64::from(d.year) + (1 << 31)) as u64;
        1 + (year << 16 | u64::from(d.month) << 8 | u64::from(d.day))
    })
}

impl Sort {
    /// What [`Sort::compare`] says, from the date keys alone when they decide it (a date sort,
    /// different dates); `None` otherwise.
    pub fn quick(&self, x: u64, y: u64) -> Option<Ordering> {
        if self.key != SortKey::Date || x == y {
            return None;
        }
        Some(match (x, y) {
            (0, _) => Ordering::Greater,
            (_, 0) => Ordering::Less,
            _ => directed(x.cmp(&y), self.reverse),
        })
    }
}

fn missing_last<T: Ord>(a: Option<T>, b: Option<T>, reverse: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b), reverse),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The order of `Path::cmp` (component by component) for paths as the scan makes them (no `.`
/// or doubled separators inside), found on the bytes: the first difference decides, a separator
/// counting as less than any other byte. Ties on dates are broken by path, and over 100k
/// articles `Path::cmp`'s parsing of every component was most of the time sorting took.
pub fn path_order(x: &std::path::Path, y: &std::path::Path) -> Ordering {
    let (a, b) = (
        x.as_os_str().as_encoded_bytes(),
        y.as_os_str().as_encoded_bytes(),
    );
    let weight = |c: u8| {
        if std::path::is_separator(c as char) {
            (0, 0)
        } else {
            (1, c)
        }
    };
    match a.iter().zip(b).position(|(p, q)| p != q) {
        Some(i) => weight(a[i]).cmp(&weight(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::PathBuf;

    proptest! {
        /// Whenever the date keys decide, they decide as `compare` does.
        #[test]
        fn date_keys_order_as_compare_does(
            x in prop::option::of((-3000i32..3000, 0u8..13, 0u8..32)),
            y in prop::option::of((-3000i32..3000, 0u8..13, 0u8..32)),
            key in prop::sample::select(&[SortKey::Date, SortKey::Title][..]),
            reverse in any::<bool>(),
        ) {
            let date = |d: Option<(i32, u8, u8)>| d.map(|(y, m, d)| crate::library::Date::new(y, m, d));
            let article = |d, path: &str| {
                let mut parts = Article::sample("T", &[], &[]).parts();
                parts.date = date(d);
                parts.path = PathBuf::from(path);
                Article::new(parts)
            };
            let (a, b) = (article(x, "a.md"), article(y, "b.md"));
            let sort = Sort { key, reverse };
            let full = sort.compare(&a, "", &b, "");
            match sort.quick(date_key(a.date), date_key(b.date)) {
                Some(quick) => prop_assert_eq!(quick, full),
                None => prop_assert!(key != SortKey::Date || a.date == b.date),
            }
        }

        /// Same order as `Path::cmp` on paths built by joining names, as the scan builds them.
        #[test]
        fn path_order_is_path_cmp(
            a in prop::collection::vec("[a-c.\\-_ é]{1,3}", 1..4),
            b in prop::collection::vec("[a-c.\\-_ é]{1,3}", 1..4),
            root in prop::sample::select(&["", "lib", "/lib", "lib/"][..]),
        ) {
            let build = |names: &[String]| {
                let mut p = PathBuf::from(root);
                names.iter().filter(|n| *n != "." && *n != "..").for_each(|n| p.push(n));
                p
            };
            let (x, y) = (build(&a), build(&b));
            prop_assert_eq!(path_order(&x, &y), x.cmp(&y), "{:?} {:?}", x, y);
        }
    }
}
