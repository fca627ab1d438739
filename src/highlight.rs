//! Keyword highlighting: where in a text each keyword rule matches.
//!
//! Word rules are matched on folded text (case and diacritics ignored, see [`crate::fold`]) with one
//! Aho-Corasick automaton for all plain words, so the cost is one pass over the text whatever the
//! number of rules; phrases (words separated by spaces) match their words with any run of spaces
//! or punctuation between them. Regex rules run on the original text, ignoring case. Every hit is
//! a byte range of the original text, on character boundaries.
//!
//! The word-start rule (also used by the query language's bare words, through [`WordMatcher`]):
//! a match starts a word when the character before it is not a letter or digit. Scripts written
//! without spaces (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar) have no visible word starts,
//! so there any position counts as one.

use crate::fold::Folded;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use memchr::memmem;
use regex::{Regex, RegexBuilder};

/// Where a rule may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// At the start of a word: `Kuril` matches `Kurils`.
    #[default]
    WordStart,
    /// Only the whole word.
    WholeWord,
    /// Anywhere, even inside a word.
    Anywhere,
}

/// What a rule looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// A word or phrase, matched ignoring case and diacritics.
    Word(String),
    /// A regular expression (case-insensitive).
    Regex(String),
}

/// One keyword rule. `color` is a theme colour string; without one the theme's palette is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub pattern: Pattern,
    pub mode: MatchMode,
    pub color: Option<String>,
}

impl Rule {
    /// A word rule matching at word starts, in the theme's colours.
    pub fn word(word: &str) -> Rule {
        Rule {
            pattern: Pattern::Word(word.to_string()),
            mode: MatchMode::WordStart,
            color: None,
        }
    }

    /// A regex rule matching at word starts, in the theme's colours.
    pub fn regex(regex: &str) -> Rule {
        Rule {
            pattern: Pattern::Regex(regex.to_string()),
            mode: MatchMode::WordStart,
            color: None,
        }
    }

    pub fn with_mode(mut self, mode: MatchMode) -> Rule {
        self.mode = mode;
        self
    }

    pub fn with_color(mut self, color: &str) -> Rule {
        self.color = Some(color.to_string());
        self
    }
}

/// One match: the byte range in the searched text and which rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
}

/// Scripts written without spaces between words, where every position may start a word.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'     // Thai, Lao
        | '\u{1000}'..='\u{109F}'   // Myanmar
        | '\u{1780}'..='\u{17FF}'   // Khmer
        | '\u{2E80}'..='\u{2FFF}'   // CJK radicals
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'   // half-width Katakana
        | '\u{20000}'..='\u{3FFFF}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a match at byte `pos` of `text` starts a word.
pub(crate) fn starts_word(text: &str, pos: usize) -> bool {
    let Some(before) = text[..pos].chars().next_back() else {
        return true;
    };
    !is_word_char(before)
        || is_unspaced(before)
        || text[pos..].chars().next().is_some_and(is_unspaced)
}

/// Whether a match ending at byte `pos` of `text` ends a word.
pub(crate) fn ends_word(text: &str, pos: usize) -> bool {
    let Some(after) = text[pos..].chars().next() else {
        return true;
    };
    !is_word_char(after)
        || is_unspaced(after)
        || text[..pos].chars().next_back().is_some_and(is_unspaced)
}

fn mode_accepts(mode: MatchMode, text: &str, start: usize, end: usize) -> bool {
    match mode {
        MatchMode::Anywhere => true,
        MatchMode::WordStart => starts_word(text, start),
        MatchMode::WholeWord => starts_word(text, start) && ends_word(text, end),
    }
}

/// The letters-and-digits runs of `folded`: the words of a phrase.
fn tokens(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !is_word_char(c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// A regex matching the words of a phrase in order, separated by any run of non-word characters.
fn phrase_regex(words: &[&str]) -> Regex {
    let source = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join(r"[^\p{Alphabetic}\p{N}]+");
    // Escaped literals joined by a class: always valid, but a pasted paragraph repeats the
    // Unicode class thousands of times, past the default size limit. Allow more; past that,
    // the phrase's first words decide (a longer phrase is as good as never repeated anyway).
    let build = |source: &str| {
        regex::RegexBuilder::new(source)
            .size_limit(64 << 20)
            .build()
    };
    match build(&source) {
        Ok(regex) => regex,
        Err(_) if words.len() > 64 => phrase_regex(&words[..64]),
        // Cannot happen for escaped literals; a pattern that never matches is the safe answer.
        Err(_) => Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!()),
    }
}

/// Whether the needle of `finder` holds `c`.
fn finder_contains(finder: &memmem::Finder, c: char) -> bool {
    memmem::find(finder.needle(), c.encode_utf8(&mut [0; 4]).as_bytes()).is_some()
}

#[derive(Debug, Clone)]
enum Kind {
    /// A word (no spaces), matched literally.
    Literal(Box<memmem::Finder<'static>>),
    /// Several words, in order, with anything but letters and digits between them.
    Phrase(Regex),
}

/// A compiled word or phrase that finds itself in *folded* text with a [`MatchMode`]. The query
/// language builds one per bare word at parse time; highlighting uses the same matching rules.
#[derive(Debug, Clone)]
pub struct WordMatcher {
    folded: String,
    mode: MatchMode,
    kind: Kind,
}

impl PartialEq for WordMatcher {
    fn eq(&self, other: &Self) -> bool {
        self.folded == other.folded && self.mode == other.mode
    }
}

impl WordMatcher {
    /// Compiles `word` (folded here). A word with spaces is a phrase. `None` when nothing is left
    /// to look for (empty, or only spaces).
    pub fn new(word: &str, mode: MatchMode) -> Option<WordMatcher> {
        let folded = crate::fold::fold(word.trim());
        if folded.is_empty() {
            return None;
        }
        let words = tokens(&folded);
        let kind = if folded.contains(char::is_whitespace) && words.len() >= 2 {
            Kind::Phrase(phrase_regex(&words))
        } else {
            let literal = match words.as_slice() {
                [one] if folded.contains(char::is_whitespace) => one.to_string(),
                _ => folded.clone(),
            };
            Kind::Literal(Box::new(
                memmem::Finder::new(literal.as_bytes()).into_owned(),
            ))
        };
        Some(WordMatcher { folded, mode, kind })
    }

    /// The folded word or phrase.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The phrase's words, or the word alone.
    pub fn words(&self) -> Vec<&str> {
        match self.kind {
            Kind::Literal(ref f) => vec![std::str::from_utf8(f.needle()).unwrap_or_default()],
            Kind::Phrase(_) => tokens(&self.folded),
        }
    }

    pub fn is_phrase(&self) -> bool {
        matches!(self.kind, Kind::Phrase(_))
    }

    /// The first match in `folded` at or after byte `from` (a character boundary).
    pub fn find_at(&self, folded: &str, from: usize) -> Option<(usize, usize)> {
        self.find_where(folded, from, |_, _| true)
    }

    /// Whether it occurs in one of the parts of `folded` between `sep`s, each searched on its
    /// own: `parts.any(|p| self.is_match(p))` without splitting. `sep` must be neither a letter
    /// nor a digit, so that word boundaries see it as the start or end of a text.
    pub fn is_match_within(&self, folded: &str, sep: char) -> bool {
        debug_assert!(!is_word_char(sep));
        match &self.kind {
            // A literal without `sep` lies within a part wherever it is found.
            Kind::Literal(finder) if !finder_contains(finder, sep) => self.is_match(folded),
            Kind::Literal(_) => folded.split(sep).any(|part| self.is_match(part)),
            // From a given start a phrase matches one way only (each run between its words is
            // every non-word character there is), so refusing a match across `sep` and going on
            // from the next start misses nothing.
            Kind::Phrase(_) => self
                .find_where(folded, 0, |start, end| !folded[start..end].contains(sep))
                .is_some(),
        }
    }

    /// The first match at or after `from` that the mode and `accept` allow.
    fn find_where(
        &self,
        folded: &str,
        from: usize,
        accept: impl Fn(usize, usize) -> bool,
    ) -> Option<(usize, usize)> {
        let mut pos = from;
        while pos <= folded.len() {
            let (start, end) = match &self.kind {
                Kind::Literal(finder) => {
                    let i = pos + finder.find(&folded.as_bytes()[pos..])?;
                    (i, i + finder.needle().len())
                }
                Kind::Phrase(regex) => {
                    let m = regex.find_at(folded, pos)?;
                    (m.start(), m.end())
                }
            };
            if mode_accepts(self.mode, folded, start, end) && accept(start, end) {
                return Some((start, end));
            }
            // Matches begin on a character boundary; the next one is a character further.
            pos = start + folded[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// Whether it occurs in `folded`.
    pub fn is_match(&self, folded: &str) -> bool {
        self.find_at(folded, 0).is_some()
    }
}

/// A compiled set of rules.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    rules: Vec<Rule>,
    /// All plain words, folded, in one automaton; `literal_rules[pattern id]` is the rule.
    literals: Option<AhoCorasick>,
    literal_rules: Vec<usize>,
    /// Phrases, each with its rule.
    phrases: Vec<(usize, WordMatcher)>,
    /// Regexes, each with its rule, the mode already built in.
    regexes: Vec<(usize, Regex)>,
}

impl Highlighter {
    /// Compiles the rules; a bad regex is an error naming it. A word that folds to nothing never
    /// matches.
    pub fn new(rules: Vec<Rule>) -> Result<Self, String> {
        let mut literal_patterns = Vec::new();
        let mut literal_rules = Vec::new();
        let mut phrases = Vec::new();
        let mut regexes = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            match &rule.pattern {
                Pattern::Word(word) => {
                    let Some(matcher) = WordMatcher::new(word, rule.mode) else {
                        continue;
                    };
                    if matcher.is_phrase() {
                        phrases.push((index, matcher));
                    } else {
                        literal_patterns.push(matcher.words()[0].to_string());
                        literal_rules.push(index);
                    }
                }
                Pattern::Regex(source) => {
                    let build = |s: &str| RegexBuilder::new(s).case_insensitive(true).build();
                    build(source).map_err(|e| format!("bad regex `{source}`: {e}"))?;
                    // The mode as Unicode word-boundary halves, so the regex engine stays linear.
                    let wrapped = match rule.mode {
                        MatchMode::Anywhere => source.clone(),
                        MatchMode::WordStart => format!(r"\b{{start-half}}(?:{source})"),
                        MatchMode::WholeWord => {
                            format!(r"\b{{start-half}}(?:{source})\b{{end-half}}")
                        }
                    };
                    let regex =
                        build(&wrapped).map_err(|e| format!("bad regex `{source}`: {e}"))?;
                    regexes.push((index, regex));
                }
            }
        }
        let literals = if literal_patterns.is_empty() {
            None
        } else {
            let automaton = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&literal_patterns)
                .map_err(|e| format!("cannot compile keywords: {e}"))?;
            Some(automaton)
        };
        Ok(Highlighter {
            rules,
            literals,
            literal_rules,
            phrases,
            regexes,
        })
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn is_empty(&self) -> bool {
        self.literals.is_none() && self.phrases.is_empty() && self.regexes.is_empty()
    }

    /// Every match of every rule, overlapping, grouped by rule, each group sorted by start (the
    /// longer first at one start).
    fn candidates(&self, text: &str) -> Vec<Vec<Hit>> {
        let mut by_rule: Vec<Vec<Hit>> = vec![Vec::new(); self.rules.len()];
        if self.literals.is_some() || !self.phrases.is_empty() {
            let folded = Folded::new(text);
            let f = folded.text.as_str();
            let mut push = |rule: usize, start: usize, end: usize| {
                let (start, end) = folded.original_range(start, end);
                if start < end {
                    by_rule[rule].push(Hit { start, end, rule });
                }
            };
            if let Some(automaton) = &self.literals {
                for m in automaton.find_overlapping_iter(f) {
                    let rule = self.literal_rules[m.pattern().as_usize()];
                    if mode_accepts(self.rules[rule].mode, f, m.start(), m.end()) {
                        push(rule, m.start(), m.end());
                    }
                }
            }
            for (rule, matcher) in &self.phrases {
                let mut from = 0;
                while let Some((start, end)) = matcher.find_at(f, from) {
                    push(*rule, start, end);
                    from = start + f[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        for (rule, regex) in &self.regexes {
            by_rule[*rule].extend(
                regex
                    .find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| Hit {
                        start: m.start(),
                        end: m.end(),
                        rule: *rule,
                    }),
            );
        }
        for hits in &mut by_rule {
            hits.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            hits.dedup();
        }
        by_rule
    }

    /// Matches in `text`: sorted by start, never overlapping. Where matches overlap, the earlier
    /// rule wins; within one rule, the leftmost (then the longest) wins.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        if self.is_empty() {
            return Vec::new();
        }
        self.candidates(text)
            .into_iter()
            .fold(Vec::new(), |accepted, hits| merge(accepted, &hits))
    }

    /// How many times each rule matches in `text` (index = rule), each rule counted on its own
    /// (non-overlapping matches of that rule, whatever the other rules match).
    pub fn count(&self, text: &str) -> Vec<usize> {
        if self.is_empty() {
            return vec![0; self.rules.len()];
        }
        self.candidates(text)
            .iter()
            .map(|hits| {
                let mut end = 0;
                hits.iter()
                    .filter(|h| {
                        let take = h.start >= end;
                        if take {
                            end = h.end;
                        }
                        take
                    })
                    .count()
            })
            .collect()
    }
}

/// Adds `candidates` (sorted by start) to `accepted` (sorted, non-overlapping) where they overlap
/// neither an accepted hit nor a candidate taken before them. Linear.
fn merge(accepted: Vec<Hit>, candidates: &[Hit]) -> Vec<Hit> {
    if candidates.is_empty() {
        return accepted;
    }
    let mut out = Vec::with_capacity(accepted.len() + candidates.len());
    let mut rest = accepted.into_iter().peekable();
    let mut last_end = 0;
    for &c in candidates {
        while let Some(a) = rest.next_if(|a| a.start <= c.start) {
            last_end = a.end;
            out.push(a);
        }
        if c.start < last_end || rest.peek().is_some_and(|a| a.start < c.end) {
            continue;
        }
        last_end = c.end;
        out.push(c);
    }
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(rules: Vec<Rule>) -> Highlighter {
        Highlighter::new(rules).unwrap()
    }

    fn spans<'a>(h: &Highlighter, text: &'a str) -> Vec<(&'a str, usize)> {
        h.find(text)
            .iter()
            .map(|hit| (&text[hit.start..hit.end], hit.rule))
            .collect()
    }

    #[test]
    fn word_start_matches_the_start_of_words_only() {
        let h = hl(vec![Rule::word("Kuril")]);
        assert_eq!(
            spans(&h, "the Kurils, Skuril, kuril."),
            vec![("Kuril", 0), ("kuril", 0)]
        );
        assert_eq!(spans(&h, "Kuril"), vec![("Kuril", 0)]);
        assert_eq!(spans(&h, "(kuril)"), vec![("kuril", 0)]);
    }

    #[test]
    fn case_and_diacritics_are_ignored_with_original_byte_ranges() {
        let h = hl(vec![Rule::word("celine")]);
        let text = "Par CÉLINE et Céline Pajon";
        let hits = h.find(text);
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[1].start, hits[1].end), (15, 22));
        assert_eq!(&text[hits[1].start..hits[1].end], "Céline");
        assert_eq!(&text[hits[0].start..hits[0].end], "CÉLINE");
        let h = hl(vec![Rule::word("Céline")]);
        assert_eq!(spans(&h, "celine"), vec![("celine", 0)]);
    }

    #[test]
    fn decomposed_diacritics_are_covered() {
        let h = hl(vec![Rule::word("cafe")]);
        assert_eq!(spans(&h, "un cafe\u{301}!"), vec![("cafe\u{301}", 0)]);
    }

    #[test]
    fn whole_word_and_anywhere_modes() {
        let whole = hl(vec![Rule::word("kuril").with_mode(MatchMode::WholeWord)]);
        assert_eq!(
            spans(&whole, "Kurils kuril kuril-x skuril"),
            vec![("kuril", 0), ("kuril", 0)]
        );
        let anywhere = hl(vec![Rule::word("uril").with_mode(MatchMode::Anywhere)]);
        assert_eq!(spans(&anywhere, "Kurils"), vec![("uril", 0)]);
        let start = hl(vec![Rule::word("uril")]);
        assert!(start.find("Kurils").is_empty());
    }

    #[test]
    fn whole_word_falls_back_to_a_shorter_rule_that_fits() {
        let h = hl(vec![
            Rule::word("kurils").with_mode(MatchMode::WholeWord),
            Rule::word("kuril"),
        ]);
        assert_eq!(
            spans(&h, "kurilsk kurils"),
            vec![("kuril", 1), ("kurils", 0)]
        );
    }

    #[test]
    fn phrases_match_with_flexible_spacing() {
        let h = hl(vec![Rule::word("strategic partnership")]);
        assert_eq!(
            spans(
                &h,
                "a Strategic\n  Partnerships, strategic-partnership; nonstrategic partnership"
            ),
            vec![
                ("Strategic\n  Partnership", 0),
                ("strategic-partnership", 0)
            ]
        );
    }

    #[test]
    fn regex_rules_ignore_case_and_respect_the_mode() {
        let h = hl(vec![Rule::regex("putin|abe")]);
        assert_eq!(
            spans(&h, "PUTIN met Abe; Abenomics; Kabe"),
            vec![("PUTIN", 0), ("Abe", 0), ("Abe", 0)]
        );
        let h = hl(vec![Rule::regex("abe").with_mode(MatchMode::WholeWord)]);
        assert_eq!(spans(&h, "Abe Abenomics"), vec![("Abe", 0)]);
        let h = hl(vec![Rule::regex("abe").with_mode(MatchMode::Anywhere)]);
        assert_eq!(spans(&h, "Kabe"), vec![("abe", 0)]);
    }

    #[test]
    fn a_bad_regex_is_an_error_naming_it() {
        let err = Highlighter::new(vec![Rule::regex("a(b")]).unwrap_err();
        assert!(err.contains("a(b"), "{err}");
    }

    #[test]
    fn overlaps_go_to_the_earlier_rule() {
        let h = hl(vec![Rule::word("sea"), Rule::word("south china sea")]);
        assert_eq!(spans(&h, "the South China Sea"), vec![("Sea", 0)]);
        let h = hl(vec![Rule::word("south china sea"), Rule::word("china")]);
        assert_eq!(
            spans(&h, "South China Sea, China"),
            vec![("South China Sea", 0), ("China", 1)]
        );
        let h = hl(vec![Rule::word("china"), Rule::word("south china sea")]);
        assert_eq!(spans(&h, "South China Sea"), vec![("China", 0)]);
        let h = hl(vec![
            Rule::word("kuril"),
            Rule::word("Kuril").with_color("red"),
        ]);
        assert_eq!(spans(&h, "Kuril"), vec![("Kuril", 0)]);
    }

    #[test]
    fn hits_are_sorted_and_do_not_overlap() {
        let h = hl(vec![
            Rule::word("aa").with_mode(MatchMode::Anywhere),
            Rule::regex("a+").with_mode(MatchMode::Anywhere),
        ]);
        let hits = h.find("aaaaa baaa");
        assert_eq!(
            hits.iter()
                .map(|h| (h.start, h.end, h.rule))
                .collect::<Vec<_>>(),
            vec![(0, 2, 0), (2, 4, 0), (7, 9, 0)]
        );
    }

    #[test]
    fn multibyte_text() {
        let h = hl(vec![
            Rule::word("東京"),
            Rule::word("ガス"),
            Rule::word("москва"),
        ]);
        let text = "日本の東京ガスとМосква";
        assert_eq!(
            spans(&h, text),
            vec![("東京", 0), ("ガス", 1), ("Москва", 2)]
        );
        let h = hl(vec![Rule::word("strasse")]);
        assert_eq!(spans(&h, "Die Straße."), vec![("Straße", 0)]);
        let h = hl(vec![Rule::word("stras")]);
        assert_eq!(spans(&h, "Die Straße."), vec![("Straß", 0)]);
    }

    #[test]
    fn counts_each_rule_on_its_own() {
        let h = hl(vec![
            Rule::word("china"),
            Rule::word("south china"),
            Rule::word("none"),
        ]);
        assert_eq!(h.count("South China, china, CHINA"), vec![3, 1, 0]);
        assert_eq!(h.find("South China, china, CHINA").len(), 3);
    }

    #[test]
    fn empty_highlighter_finds_nothing() {
        let h = Highlighter::default();
        assert!(h.is_empty());
        assert!(h.find("anything").is_empty());
        let h = hl(vec![Rule::word("  ")]);
        assert!(h.is_empty());
        assert_eq!(h.count("x"), vec![0]);
    }

    #[test]
    fn large_text_is_fast_enough() {
        let chunk = "The Kuril islands dispute between Japan and Russia, Céline Pajon wrote. ";
        let text = chunk.repeat(20_000_000 / chunk.len());
        let h = hl(vec![
            Rule::word("kuril"),
            Rule::word("celine"),
            Rule::word("japan and russia"),
            Rule::regex("pajon"),
        ]);
        let started = std::time::Instant::now();
        let counts = h.count(&text);
        assert_eq!(counts[0], text.len() / chunk.len());
        // Generous: debug builds are slow; this guards against quadratic behaviour.
        assert!(started.elapsed().as_secs() < 60);
    }
}
