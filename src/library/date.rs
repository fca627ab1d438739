//! Dates as articles write them, and dates hidden in file names.

use super::Date;
use std::path::Path;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Parses `YYYY-MM-DD` (also `YYYY-M-D` and `YYYY/MM/DD`), RFC 3339 and `YYYY-MM-DD HH:MM:SS
/// zone` (the calendar date as written, no time-zone shift), `YYYY-MM`, `YYYY`,
/// `September 16, 2013`, `Sep 16, 2013`, `Sept. 16 2013`, `16 September 2013`, `September 2013`.
/// Returns `None` for anything else, including impossible dates such as `2013-02-30`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if s.as_bytes().first()?.is_ascii_digit() {
        numeric_date(s).or_else(|| day_month_year(s))
    } else {
        month_day_year(s)
    }
}

/// A `YYYY-MM-DD` prefix of a file name, or (for `index.md` / `README.md` in a Docusaurus-style
/// dated folder like `2019-05-28-foo/index.md`) of the parent folder's name.
pub fn date_from_path(path: &Path) -> Option<Date> {
    let name = path.file_name()?.to_str()?;
    if let Some(date) = date_prefix(name) {
        return Some(date);
    }
    let stem = path.file_stem()?.to_str()?;
    if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("readme") {
        let parent = path.parent()?.file_name()?.to_str()?;
        return date_prefix(parent);
    }
    None
}

/// `2013-09-16-slug`, `2013-09-16_slug`, `2013-09-16.md`, `2013-09-16`: a full date then a
/// non-digit or the end.
fn date_prefix(name: &str) -> Option<Date> {
    let head = name.get(..10)?;
    let b = head.as_bytes();
    let shape = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    if !shape {
        return None;
    }
    if name.as_bytes().get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    numeric_date(head).filter(|d| d.day != 0)
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` with an optional time after `T`, `t` or a space.
fn numeric_date(s: &str) -> Option<Date> {
    full_numeric_date(s).unwrap_or_else(|| split_numeric_date(s))
}

/// [`numeric_date`] for every form, part by part.
fn split_numeric_date(s: &str) -> Option<Date> {
    let (date_part, time_part) = match s.find(['T', 't', ' ']) {
        Some(i) => (s.get(..i)?, Some(s.get(i + 1..)?)),
        None => (s, None),
    };
    let sep = if date_part.contains('/') { '/' } else { '-' };
    let mut parts = date_part.split(sep);
    let year = parse_year(parts.next()?)?;
    let month = match parts.next() {
        Some(m) => parse_small(m)?,
        None => 0,
    };
    let day = match parts.next() {
        Some(d) => parse_small(d)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    if let Some(time) = time_part {
        // A time only makes sense after a full date; its zone is not applied.
        if day == 0 || !plausible_time(time) {
            return None;
        }
    }
    valid(year, month, day)
}

/// [`numeric_date`] for its usual form, `YYYY-MM-DD` alone or before a time, read from fixed
/// places (the general way, splitting and parsing each part, was 1% of a load): `None` for
/// any other form, `Some` with the same answer otherwise.
fn full_numeric_date(s: &str) -> Option<Option<Date>> {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let date = || valid(year as i32, month as u8, day as u8);
    match b.get(10) {
        None => Some(date()),
        Some(b'T' | b't' | b' ') => Some(date().filter(|_| day != 0 && plausible_time(&s[11..]))),
        Some(_) => None,
    }
}

/// `HH:MM[:SS[.fff]]` then an optional zone (`Z`, `+01:00`, `-0500`, ` +00:00`, `UTC`).
fn plausible_time(t: &str) -> bool {
    let t = t.trim();
    let b = t.as_bytes();
    let hh_mm = b.len() >= 5
        && b.first().is_some_and(u8::is_ascii_digit)
        && b.get(1).is_some_and(u8::is_ascii_digit)
        && b.get(2) == Some(&b':')
        && b.get(3).is_some_and(u8::is_ascii_digit)
        && b.get(4).is_some_and(u8::is_ascii_digit);
    hh_mm
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '+' | '-' | ' '))
}

/// `September 16, 2013`, `Sep 16 2013`, `Sept. 16, 2013`, `September 2013`.
fn month_day_year(s: &str) -> Option<Date> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [month, day, year] => {
            let month = month_number(month)?;
            let day = parse_small(day.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']))?;
            valid(parse_year(year)?, month, day)
        }
        [month, year] => valid(parse_year(year)?, month_number(month)?, 0),
        _ => None,
    }
}

/// `16 September 2013`, `16 Sep 2013`.
fn day_month_year(s: &str) -> Option<Date> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [day, month, year] => valid(parse_year(year)?, month_number(month)?, parse_small(day)?),
        _ => None,
    }
}

/// `September`, `Sep`, `Sep.`, `Sept` (any case) to 1..=12.
fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let index = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() <= 4 && m.starts_with(&word)))?;
    u8::try_from(index + 1).ok()
}

fn parse_year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One or two digits.
fn parse_small(s: &str) -> Option<u8> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn valid(year: i32, month: u8, day: u8) -> Option<Date> {
    if !(1..=9999).contains(&year) || month > 12 || (month == 0 && day != 0) {
        return None;
    }
    if day > 0 && day > days_in_month(year, month) {
        return None;
    }
    Some(Date::new(year, month, day))
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_usual_form_is_read_as_every_form_is(
            s in "(19|20)[0-9]{2}-(0[0-9]|1[0-3])-[0-3][0-9]([Tt ]([0-2][0-9]:[0-5][0-9](:00)?Z?)?|x|-1)?|[0-9-/]{0,12}"
        ) {
            if let Some(fast) = full_numeric_date(&s) {
                prop_assert_eq!(fast, split_numeric_date(&s));
            }
        }
    }

    #[test]
    fn the_usual_form_at_its_edges() {
        for s in [
            "2007-04-00",
            "2007-04-00T10:00Z",
            "2007-13-01",
            "2008-02-29",
            "2007-02-29",
            "2007-04-20T13:25:00Z",
            "2007-04-20 ",
            "2007-04-20t",
            "2007-04-20x",
            "2007-04-20-1",
            "0000-01-01",
            "2007-4-20",
        ] {
            let fast = full_numeric_date(s);
            assert!(fast.is_none_or(|fast| fast == split_numeric_date(s)), "{s}");
        }
        assert_eq!(numeric_date("2007-04-00T10:00Z"), None);
        assert_eq!(numeric_date("2007-04-00"), Some(Date::new(2007, 4, 0)));
    }

    fn d(y: i32, m: u8, day: u8) -> Option<Date> {
        Some(Date::new(y, m, day))
    }

    #[test]
    fn iso_forms() {
        assert_eq!(parse_date("2013-09-16"), d(2013, 9, 16));
        assert_eq!(parse_date("2013-09"), d(2013, 9, 0));
        assert_eq!(parse_date("2013"), d(2013, 0, 0));
        assert_eq!(parse_date("2023-2-07T00:00:00.000Z"), d(2023, 2, 7));
        assert_eq!(parse_date("2013/09/16"), d(2013, 9, 16));
        assert_eq!(parse_date(" '2013-09-16' "), d(2013, 9, 16));
    }

    #[test]
    fn rfc3339_and_datetimes_keep_the_written_day() {
        assert_eq!(parse_date("2013-09-16T23:30:00-05:00"), d(2013, 9, 16));
        assert_eq!(parse_date("2013-09-16T00:00:00.000Z"), d(2013, 9, 16));
        assert_eq!(parse_date("2013-09-16 10:20:30 +0200"), d(2013, 9, 16));
        assert_eq!(parse_date("2013-09-16 10:20"), d(2013, 9, 16));
    }

    #[test]
    fn written_out_months() {
        assert_eq!(parse_date("September 16, 2013"), d(2013, 9, 16));
        assert_eq!(parse_date("Sep 16, 2013"), d(2013, 9, 16));
        assert_eq!(parse_date("Sept. 16 2013"), d(2013, 9, 16));
        assert_eq!(parse_date("16 September 2013"), d(2013, 9, 16));
        assert_eq!(parse_date("16 sep 2013"), d(2013, 9, 16));
        assert_eq!(parse_date("September 2013"), d(2013, 9, 0));
        assert_eq!(parse_date("May 1st, 2020"), d(2020, 5, 1));
    }

    #[test]
    fn nonsense_is_rejected() {
        for bad in [
            "",
            "yesterday",
            "2013-13-01",
            "2013-02-30",
            "2013-09-16Tnoon",
            "13-09-16",
            "20130916",
            "2013-09-16-",
            "Smarch 3, 2013",
            "0000",
            "2013-00-05",
            "2013-9-16x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        assert_eq!(parse_date("2024-02-29"), d(2024, 2, 29));
        assert_eq!(parse_date("2023-02-29"), None);
    }

    #[test]
    fn dates_from_file_names() {
        assert_eq!(
            date_from_path(Path::new("a/2013-09-16-slug.md")),
            d(2013, 9, 16)
        );
        assert_eq!(date_from_path(Path::new("2013-09-16.md")), d(2013, 9, 16));
        assert_eq!(
            date_from_path(Path::new("2019-05-28-foo/index.md")),
            d(2019, 5, 28)
        );
        assert_eq!(date_from_path(Path::new("2019-05-28-foo/other.md")), None);
        assert_eq!(date_from_path(Path::new("slug.md")), None);
        assert_eq!(date_from_path(Path::new("2013-09-161.md")), None);
        assert_eq!(date_from_path(Path::new("2013-02-31-x.md")), None);
    }
}
