//! `date:` terms. Dates as precise as typed (`2014`, `2014-03`, `2014-03-09`) are ranges of
//! days, and so are articles' dates; a term holds when it holds for every day of the article's.

use crate::library::Date;
use std::fmt;

/// A date as typed: month and day 0 when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PartialDate {
    year: i32,
    month: u8,
    day: u8,
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Date::new(self.year, self.month, self.day).fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// `date:X` or `date:=X`: within X.
    Within(PartialDate),
    Lt(PartialDate),
    Le(PartialDate),
    Gt(PartialDate),
    Ge(PartialDate),
    /// `A..B`, `A..`, `..B`: inclusive.
    Range(Option<PartialDate>, Option<PartialDate>),
}

/// A parsed `date:` term: as typed, and as bounds on the article's first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DateTerm {
    op: Op,
    /// The article's first day must be on or after this day number.
    first_at_least: Option<i64>,
    /// The article's last day must be on or before this day number.
    last_at_most: Option<i64>,
}

impl fmt::Display for DateTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.op {
            Op::Within(d) => write!(f, "{d}"),
            Op::Lt(d) => write!(f, "<{d}"),
            Op::Le(d) => write!(f, "<={d}"),
            Op::Gt(d) => write!(f, ">{d}"),
            Op::Ge(d) => write!(f, ">={d}"),
            Op::Range(a, b) => {
                if let Some(a) = a {
                    write!(f, "{a}")?;
                }
                f.write_str("..")?;
                if let Some(b) = b {
                    write!(f, "{b}")?;
                }
                Ok(())
            }
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.
fn day_number(year: i32, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first and last day of a date as precise as known. Out-of-range parts count as unknown.
fn day_range(year: i32, month: u8, day: u8) -> (i64, i64) {
    if !(1..=12).contains(&month) {
        (day_number(year, 1, 1), day_number(year, 12, 31))
    } else if day == 0 || day > days_in_month(year, month) {
        let last = days_in_month(year, month);
        (day_number(year, month, 1), day_number(year, month, last))
    } else {
        let n = day_number(year, month, day);
        (n, n)
    }
}

impl PartialDate {
    fn days(self) -> (i64, i64) {
        day_range(self.year, self.month, self.day)
    }
}

/// The days an article's date covers.
pub(super) fn article_days(date: &Date) -> (i64, i64) {
    day_range(date.year, date.month, date.day)
}

impl DateTerm {
    /// Whether an article whose date covers `first..=last` matches.
    pub(super) fn holds(&self, (first, last): (i64, i64)) -> bool {
        self.first_at_least.is_none_or(|lo| first >= lo)
            && self.last_at_most.is_none_or(|hi| last <= hi)
    }

    /// Whether every article matching `self` matches `other`.
    pub(super) fn implies(&self, other: &DateTerm) -> bool {
        let lo = match (self.first_at_least, other.first_at_least) {
            (_, None) => true,
            (Some(a), Some(b)) => a >= b,
            (None, Some(_)) => false,
        };
        let hi = match (self.last_at_most, other.last_at_most) {
            (_, None) => true,
            (Some(a), Some(b)) => a <= b,
            (None, Some(_)) => false,
        };
        lo && hi
    }
}

/// An error message and its byte offset within the value.
pub(super) type DateError = (String, usize);

/// Parses the value of `date:`.
pub(super) fn parse_term(value: &str) -> Result<DateTerm, DateError> {
    let (op, rest, offset) = if let Some(r) = value.strip_prefix(">=") {
        ("ge", r, 2)
    } else if let Some(r) = value.strip_prefix("<=") {
        ("le", r, 2)
    } else if let Some(r) = value.strip_prefix('>') {
        ("gt", r, 1)
    } else if let Some(r) = value.strip_prefix('<') {
        ("lt", r, 1)
    } else if let Some(r) = value.strip_prefix('=') {
        ("eq", r, 1)
    } else {
        ("eq", value, 0)
    };
    let op = if let (Some(dots), "eq", 0) = (rest.find(".."), op, offset) {
        let (a, b) = (&rest[..dots], &rest[dots + 2..]);
        if a.is_empty() && b.is_empty() {
            return Err((
                "a date range needs a date on at least one side of `..`".into(),
                0,
            ));
        }
        let from = (!a.is_empty()).then(|| parse_date(a)).transpose()?;
        let to = (!b.is_empty())
            .then(|| parse_date(b))
            .transpose()
            .map_err(|(m, at)| (m, at + dots + 2))?;
        if let (Some(from), Some(to)) = (from, to)
            && from.days().0 > to.days().1
        {
            return Err((format!("date range {from}..{to} ends before it starts"), 0));
        }
        Op::Range(from, to)
    } else {
        let date = parse_date(rest).map_err(|(m, at)| (m, at + offset))?;
        match op {
            "ge" => Op::Ge(date),
            "le" => Op::Le(date),
            "gt" => Op::Gt(date),
            "lt" => Op::Lt(date),
            _ => Op::Within(date),
        }
    };
    let (first_at_least, last_at_most) = match op {
        Op::Within(d) => (Some(d.days().0), Some(d.days().1)),
        Op::Lt(d) => (None, Some(d.days().0 - 1)),
        Op::Le(d) => (None, Some(d.days().1)),
        Op::Gt(d) => (Some(d.days().1 + 1), None),
        Op::Ge(d) => (Some(d.days().0), None),
        Op::Range(a, b) => (a.map(|d| d.days().0), b.map(|d| d.days().1)),
    };
    Ok(DateTerm {
        op,
        first_at_least,
        last_at_most,
    })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month and day may have one digit).
fn parse_date(s: &str) -> Result<PartialDate, DateError> {
    let bad = || {
        (
            format!("bad date `{s}`: expected YYYY, YYYY-MM or YYYY-MM-DD"),
            0,
        )
    };
    let mut parts = s.split('-');
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let year = parts.next().filter(|p| digits(p, 4, 4)).ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    let month = match parts.next() {
        None => 0,
        Some(p) if digits(p, 1, 2) => p.parse::<u8>().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
    };
    let day = match parts.next() {
        None => 0,
        Some(p) if digits(p, 1, 2) => p.parse::<u8>().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    if month > 12 || (month == 0 && s.contains('-')) {
        return Err((format!("bad date `{s}`: no month {month}"), 0));
    }
    if month > 0 && (day > days_in_month(year, month) || (day == 0 && s.matches('-').count() == 2))
    {
        return Err((format!("bad date `{s}`: no day {day} in that month"), 0));
    }
    Ok(PartialDate { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(s: &str) -> DateTerm {
        parse_term(s).unwrap()
    }

    fn holds(t: &str, date: Date) -> bool {
        term(t).holds(article_days(&date))
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1) - day_number(2000, 2, 28), 2);
        assert_eq!(day_number(2001, 1, 1) - day_number(2000, 1, 1), 366);
    }

    #[test]
    fn partial_dates_are_ranges_of_days() {
        let year = Date::new(2014, 0, 0);
        let month = Date::new(2014, 2, 0);
        let day = Date::new(2014, 8, 15);
        assert!(holds("2014", day));
        assert!(holds("2014", year));
        assert!(holds("2014", month));
        assert!(!holds("2014-08", year));
        assert!(holds("2014-08", day));
        assert!(!holds("<2014", year));
        assert!(!holds("<2014", day));
        assert!(holds("<2015", year));
        assert!(holds("<=2014", year));
        assert!(holds("<=2014-12-31", year));
        assert!(!holds("<=2014-12-30", year));
        assert!(holds("<=2014-02-28", month));
        assert!(holds(">2013", day));
        assert!(!holds(">2014-01", year));
        assert!(holds(">=2014-01", year));
        assert!(!holds(">=2014-02", year));
        assert!(holds("=2014-08-15", day));
        assert!(holds("2013..2016", year));
        assert!(holds("2014..", day));
        assert!(!holds("2015..", day));
        assert!(holds("..2014", year));
        assert!(!holds("..2014-08-14", day));
        assert!(holds("2014-08-15..2014-08-15", day));
    }

    #[test]
    fn bad_dates_are_errors_with_offsets() {
        assert!(parse_term("2014-13").is_err());
        assert!(parse_term("2014-02-30").is_err());
        assert!(parse_term("2016-02-29").is_ok());
        assert!(parse_term("2015-02-29").is_err());
        assert!(parse_term("14").is_err());
        assert!(parse_term("soon").is_err());
        assert!(parse_term("2014-").is_err());
        assert!(parse_term("2014-01-").is_err());
        assert!(parse_term("2014-1-2").is_ok());
        assert!(parse_term("..").is_err());
        assert!(parse_term("2016..2013").is_err());
        assert!(parse_term(">=").is_err());
        assert_eq!(parse_term(">=20x").unwrap_err().1, 2);
        assert_eq!(parse_term("2013..20x").unwrap_err().1, 6);
        assert!(parse_term("<2013..2014").is_err());
    }

    #[test]
    fn displays_as_typed() {
        for s in [
            "2014",
            "2014-03",
            "2014-03-09",
            "<2014",
            "<=2014",
            ">2014",
            ">=2020-03",
            "2013..2016",
            "2013..",
            "..2016",
        ] {
            assert_eq!(term(s).to_string(), s);
        }
        assert_eq!(term("=2014").to_string(), "2014");
    }

    #[test]
    fn implication_between_terms() {
        assert!(term("2014").implies(&term("2013..2016")));
        assert!(term("2014-03").implies(&term("2014")));
        assert!(!term("2014").implies(&term("2014-03")));
        assert!(term(">=2020").implies(&term(">2019")));
        assert!(!term(">=2019").implies(&term(">=2020")));
        assert!(term("<2010").implies(&term("<=2014")));
        assert!(!term("<2010").implies(&term("2000..")));
    }
}
