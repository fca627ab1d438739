//! Property tests: the query parser, the highlighter and folding never panic, and what they return
//! is well-formed for any input.

use proptest::prelude::*;
use quire::fold::{Folded, fold, fold_with_offsets};
use quire::highlight::{Highlighter, MatchMode, Rule};
use quire::library::{Article, ArticleParts, Date, Format};
use quire::query::{FoldedFields, Subject, parse};
use std::path::PathBuf;

/// Text rich in what matters here: query syntax, accents, decomposed marks, expanding letters,
/// unspaced scripts and separators.
fn texty() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(vec![
                "a", "b", "é", "E\u{301}", "\u{301}", "ß", "İ", "日", "ガ", " ", "  ", "-", "\"",
                "\\", "(", ")", ":", "*", "..", ">=", "<", "OR", "AND", "tag:", "date:", "is:",
                "author:", "2014", "-03", "\n", "kuril", "Céline", "ﬁ", "ǅ", "\u{200d}",
            ]).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn article(title: &str, tag: &str, year: i32, month: u8, day: u8) -> Article {
    Article::new(ArticleParts {
        path: PathBuf::from("a.md"),
        title: title.to_string(),
        authors: vec![title.chars().rev().collect()],
        date: Some(Date::new(year, month, day)),
        tags: vec![tag.to_string()],
        source: Some(tag.to_string()),
        url: None,
        summary: Some(tag.to_string()),
        lang: None,
        extra: vec![],
        body_offset: 0,
        size: 0,
        format: Format::Markdown,
    })
}

fn check_hits(text: &str, h: &Highlighter) {
    let hits = h.find(text);
    let mut last_end = 0;
    for hit in &hits {
        assert!(hit.start < hit.end, "empty hit {hit:?}");
        assert!(hit.end <= text.len());
        assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
        assert!(hit.start >= last_end, "overlap or unsorted: {hits:?}");
        assert!(hit.rule < h.rules().len());
        last_end = hit.end;
    }
    assert_eq!(h.count(text).len(), h.rules().len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics_on_any_string(s in any::<String>()) {
        let _ = parse(&s);
    }

    #[test]
    fn parse_never_panics_and_display_round_trips(s in texty()) {
        match parse(&s) {
            Ok(q) => {
                let shown = q.to_string();
                let again = parse(&shown).unwrap_or_else(|e| panic!("{s:?} -> {shown:?}: {e}"));
                prop_assert_eq!(&again, &q, "{:?} -> {:?}", s, shown);
                let _ = q.words();
                let _ = q.needs_body();
                prop_assert!(q.narrows(&q));
            }
            Err(e) => prop_assert!(e.position <= s.len() && s.is_char_boundary(e.position)),
        }
    }

    #[test]
    fn matching_never_panics(query in texty(), title in texty(), tag in texty(), body in texty(),
                             year in 1900i32..2100, month in 0u8..14, day in 0u8..33) {
        if let Ok(q) = parse(&query) {
            let a = article(&title, &tag, year, month, day);
            let subject = Subject { article: &a, body: Some(&body), read: false, starred: true };
            let folded = FoldedFields::new(&a, Some(&body));
            prop_assert_eq!(q.matches(&subject), q.matches_folded(&subject, &folded));
        }
    }

    #[test]
    fn narrowing_is_sound(new in texty(), old in texty(), title in texty(), body in texty()) {
        if let (Ok(n), Ok(o)) = (parse(&new), parse(&old))
            && n.narrows(&o)
        {
            let a = article(&title, &body, 2014, 3, 0);
            let subject = Subject { article: &a, body: Some(&body), read: true, starred: false };
            prop_assert!(!n.matches(&subject) || o.matches(&subject), "{:?} narrows {:?}", new, old);
        }
    }

    #[test]
    fn find_returns_sorted_disjoint_char_ranges(
        text in any::<String>(),
        texty_text in texty(),
        words in proptest::collection::vec((texty(), 0usize..3), 0..5),
    ) {
        let modes = [MatchMode::WordStart, MatchMode::WholeWord, MatchMode::Anywhere];
        let rules: Vec<Rule> = words
            .iter()
            .map(|(w, m)| Rule::word(w).with_mode(modes[*m]))
            .chain([Rule::regex("[aé]+").with_mode(MatchMode::Anywhere), Rule::regex("b")])
            .collect();
        let h = Highlighter::new(rules).unwrap();
        check_hits(&text, &h);
        check_hits(&texty_text, &h);
        // A word of the text itself is found where it occurs at a word start.
        if let Some(word) = texty_text.split_whitespace().next()
            && Highlighter::new(vec![Rule::word(word).with_mode(MatchMode::Anywhere)])
                .map(|h| !h.is_empty())
                .unwrap_or(false)
        {
            let h = Highlighter::new(vec![Rule::word(word).with_mode(MatchMode::Anywhere)]).unwrap();
            prop_assert!(!fold(word).trim().is_empty());
            prop_assert!(!h.find(&texty_text).is_empty(), "{:?} in {:?}", word, texty_text);
        }
    }

    #[test]
    fn fold_offsets_are_valid(s in any::<String>(), t in texty()) {
        for s in [s, t] {
            let (folded, offsets) = fold_with_offsets(&s);
            prop_assert_eq!(&folded, &fold(&s));
            prop_assert_eq!(offsets.len(), folded.len() + 1);
            prop_assert_eq!(*offsets.last().unwrap(), s.len());
            prop_assert!(offsets.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(offsets.iter().all(|&o| s.is_char_boundary(o)));
            let f = Folded::new(&s);
            prop_assert_eq!(&f.text, &folded);
            let bounds: Vec<usize> = (0..=folded.len()).filter(|&i| folded.is_char_boundary(i)).collect();
            for &i in &bounds {
                prop_assert_eq!(f.original_start(i), offsets[i]);
            }
            for (k, &a) in bounds.iter().enumerate() {
                for &b in bounds.iter().skip(k + 1).take(4) {
                    let (x, y) = f.original_range(a, b);
                    prop_assert!(x < y && y <= s.len());
                    prop_assert!(s.is_char_boundary(x) && s.is_char_boundary(y));
                    // The original range folds to something containing the folded range.
                    prop_assert!(fold(&s[x..y]).contains(&folded[a..b]), "{:?} {}..{}", s, a, b);
                }
            }
        }
    }
}
