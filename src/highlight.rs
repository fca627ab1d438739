//! Keyword highlighting: where in a text each keyword rule matches.

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

/// One match: the byte range in the searched text and which rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
}

/// A compiled set of rules.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {}

impl Highlighter {
    /// Compiles the rules; a bad regex is an error naming it.
    pub fn new(rules: Vec<Rule>) -> Result<Self, String> {
        let _ = rules;
        todo!()
    }

    pub fn rules(&self) -> &[Rule] {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    /// Matches in `text`: sorted by start, never overlapping (the earlier rule wins a tie).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let _ = text;
        todo!()
    }

    /// How many times each rule matches in `text` (index = rule).
    pub fn count(&self, text: &str) -> Vec<usize> {
        let _ = text;
        todo!()
    }
}
