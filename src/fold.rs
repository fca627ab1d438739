//! Case and diacritics folding, so that `celine` finds `Céline`.
//!
//! Folding lower-cases, strips the diacritics of Latin, Greek and Cyrillic letters (`é` -> `e`,
//! `ñ` -> `n`, `İ` -> `i`), and maps a few letters that have no decomposition to their plain form
//! (`ß` -> `ss`, `ł` -> `l`, `ø` -> `o`, `đ` -> `d`, curly apostrophes -> `'`). Marks that carry
//! meaning in other scripts (Japanese dakuten, Indic vowel signs, Hangul jamo) are kept: only the
//! combining *diacritical* blocks are dropped, and a character is decomposed only when it loses
//! such a mark, so `が` stays `が` and `한` stays `한`.
//!
//! Matching happens on folded text; [`Folded`] remembers where each folded byte came from so that
//! a match becomes a byte range of the original text, on its character boundaries.

use unicode_normalization::char::decompose_canonical;

/// Lower-cases `s` and strips diacritics (`Céline` -> `celine`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the folded form of `s` to `out` (so that a caller can reuse one buffer).
///
/// Fast on the text articles are made of: runs of ASCII are copied and lower-cased in bulk, runs
/// of CJK (which fold to themselves) are copied in bulk, Latin letters with diacritics come from
/// a table, and only the other characters go through [`fold_char`] one by one. Searching bodies
/// folds every one of them, so this is most of a body search's own work.
pub fn fold_into(s: &str, out: &mut String) {
    out.reserve(s.len());
    let latin = latin_table();
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = ascii_prefix_len(rest.as_bytes());
        if ascii > 0 {
            let start = out.len();
            out.push_str(&rest[..ascii]);
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        let cjk = rest
            .char_indices()
            .find(|&(_, c)| !is_caseless_cjk(c))
            .map_or(rest.len(), |(i, _)| i);
        if cjk > 0 {
            out.push_str(&rest[..cjk]);
            rest = &rest[cjk..];
            continue;
        }
        if let Some(c) = rest.chars().next() {
            match latin.get((c as usize).wrapping_sub(0x80)) {
                Some(folded) => out.push_str(folded),
                None => fold_char(c, |d| out.push(d)),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// The folded form of each character from U+0080 to U+024F (Latin-1 and Latin Extended), made
/// once by [`fold_char`].
fn latin_table() -> &'static [Box<str>] {
    static TABLE: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80u32..0x250)
            .map(|code| {
                let mut folded = String::new();
                if let Some(c) = char::from_u32(code) {
                    fold_char(c, |d| folded.push(d));
                }
                folded.into_boxed_str()
            })
            .collect()
    })
}

/// How many bytes at the start of `bytes` are ASCII: sixteen at a time, then one by one.
#[inline]
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    for pair in bytes.chunks_exact(16) {
        let mut a = [0u8; 8];
        let mut b = [0u8; 8];
        a.copy_from_slice(&pair[..8]);
        b.copy_from_slice(&pair[8..]);
        if (u64::from_ne_bytes(a) | u64::from_ne_bytes(b)) & HIGH != 0 {
            break;
        }
        i += 16;
    }
    i + bytes[i..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - i)
}

/// Folds `s` and maps every byte of the folded string back to the original: `offsets[i]` is the
/// byte offset in `s` of the character that produced folded byte `i`, and one last entry is
/// `s.len()`, so `offsets.len() == folded.len() + 1`. [`Folded`] does the same in less memory.
pub fn fold_with_offsets(s: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(s.len());
    let mut offsets = Vec::with_capacity(s.len() + 1);
    for (i, c) in s.char_indices() {
        fold_char(c, |d| folded.push(d));
        offsets.resize(folded.len(), i);
    }
    offsets.push(s.len());
    (folded, offsets)
}

/// Whether folding drops `c`: the combining diacritical marks of Latin, Greek and Cyrillic.
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Kana, CJK ideographs and Hangul syllables: no case, and no diacritic in their decompositions
/// (a dakuten is not one), so they fold to themselves; tested against the slow path.
#[inline]
fn is_caseless_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
}

/// Folds one character, giving the result (zero, one or more characters) to `out`.
#[inline]
fn fold_char(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    if is_caseless_cjk(c) {
        out(c);
        return;
    }
    let plain = match c {
        'ß' | 'ẞ' => {
            out('s');
            out('s');
            return;
        }
        'ł' | 'Ł' => 'l',
        'ø' | 'Ø' => 'o',
        'đ' | 'Đ' => 'd',
        'ħ' | 'Ħ' => 'h',
        'ı' => 'i',
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
        _ => '\0',
    };
    if plain != '\0' {
        out(plain);
        return;
    }
    for lower in c.to_lowercase() {
        // Decompose only to drop diacritics; otherwise keep the character whole.
        let mut parts = ['\0'; 8];
        let mut n = 0;
        let mut dropped = false;
        decompose_canonical(lower, |d| {
            if is_diacritic(d) {
                dropped = true;
            } else if n < parts.len() {
                parts[n] = d;
                n += 1;
            }
        });
        if dropped {
            parts[..n].iter().for_each(|&d| out(d));
        } else {
            out(lower);
        }
    }
}

/// One stretch of folded text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Start in the folded text.
    folded: usize,
    /// Start in the original text.
    original: usize,
    /// True: characters fold to characters of the same length, byte for byte, so offsets within
    /// the run map linearly. False: the run is one original character (plus any diacritics that
    /// followed it and were dropped), whatever its folded length.
    aligned: bool,
}

/// Folded text that can map its byte ranges back to the original text.
///
/// Mostly-ASCII text takes a handful of runs, not an offset per byte, so folding a 20 MB article
/// costs about one copy of it.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    runs: Vec<Run>,
    original_len: usize,
}

impl Folded {
    pub fn new(s: &str) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut runs: Vec<Run> = Vec::new();
        // Where the last character that produced output starts, folded and original.
        let mut last_char: Option<(usize, usize)> = None;
        for (i, c) in s.char_indices() {
            let start = text.len();
            fold_char(c, |d| text.push(d));
            let added = &text[start..];
            if added.is_empty() {
                // A dropped diacritic belongs to the character before it: that character becomes
                // its own run, so a match on it covers the mark too.
                if let Some((f, o)) = last_char
                    && let Some(last) = runs.last_mut()
                    && last.aligned
                {
                    if last.folded == f {
                        last.aligned = false;
                    } else {
                        runs.push(Run {
                            folded: f,
                            original: o,
                            aligned: false,
                        });
                    }
                }
                continue;
            }
            let aligned = added.len() == c.len_utf8()
                && added.chars().next().map(char::len_utf8) == Some(added.len());
            let extends = aligned && runs.last().is_some_and(|r| r.aligned);
            if !extends {
                runs.push(Run {
                    folded: start,
                    original: i,
                    aligned,
                });
            }
            last_char = Some((start, i));
        }
        Folded {
            text,
            runs,
            original_len: s.len(),
        }
    }

    fn run_of(&self, pos: usize) -> usize {
        self.runs
            .partition_point(|r| r.folded <= pos)
            .saturating_sub(1)
    }

    /// The original byte offset where folded byte `pos` comes from (`pos == text.len()` maps to the
    /// end of the original). A character boundary of the original when `pos` is one of the folded
    /// text.
    pub fn original_start(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.original_len;
        }
        let r = self.runs[self.run_of(pos)];
        if r.aligned {
            r.original + (pos - r.folded)
        } else {
            r.original
        }
    }

    /// The original byte range that folded range `start..end` comes from: it covers every original
    /// character that contributed to it, and lies on character boundaries.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.original_start(start);
        if end <= start || start >= self.text.len() {
            return (from, from);
        }
        let end = end.min(self.text.len());
        let index = self.run_of(end - 1);
        let r = self.runs[index];
        let to = if r.aligned {
            r.original + (end - r.folded)
        } else {
            self.runs
                .get(index + 1)
                .map_or(self.original_len, |next| next.original)
        };
        (from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition: every character through [`fold_char`].
    fn fold_each(s: &str) -> String {
        let mut out = String::new();
        s.chars().for_each(|c| fold_char(c, |d| out.push(d)));
        out
    }

    proptest! {
        #[test]
        fn bulk_folding_is_folding_each_character(
            s in "([a-zA-Z .]{0,6}|[\u{80}-\u{24f}]{0,3}|[\u{3040}-\u{30ff}\u{4e00}-\u{4e20}\u{ac00}-\u{ac10}]{0,4}|[\u{250}-\u{2fff}]{0,2}|[\u{300}-\u{36f}\u{1e00}-\u{1eff}\u{2018}\u{2019}\u{212a}\u{fb01}]{0,2}){0,8}"
        ) {
            prop_assert_eq!(fold(&s), fold_each(&s));
        }
    }

    #[test]
    fn the_latin_table_is_fold_char() {
        for code in 0x80u32..0x250 {
            let c = char::from_u32(code).unwrap();
            let s = c.to_string();
            assert_eq!(fold(&s), fold_each(&s), "U+{code:04X}");
        }
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Céline PAJON"), "celine pajon");
        assert_eq!(fold("Ñandú Über"), "nandu uber");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Ελλάδα"), "ελλαδα");
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("don’t"), "don't");
        assert_eq!(fold("cafe\u{301}"), "cafe");
    }

    /// [`fold_char`] without its shortcuts, as it was written first.
    fn slow_fold_char(c: char) -> String {
        let mut out = String::new();
        for lower in c.to_lowercase() {
            let mut parts = String::new();
            let mut dropped = false;
            decompose_canonical(lower, |d| {
                if is_diacritic(d) {
                    dropped = true;
                } else {
                    parts.push(d);
                }
            });
            if dropped {
                out.push_str(&parts);
            } else {
                out.push(lower);
            }
        }
        out
    }

    #[test]
    fn the_cjk_shortcut_changes_nothing() {
        for c in ('\u{3040}'..='\u{9FFF}').chain('\u{AC00}'..='\u{D7A3}') {
            assert_eq!(fold(c.encode_utf8(&mut [0; 4])), slow_fold_char(c), "{c:?}");
        }
    }

    #[test]
    fn bulk_ascii_runs_fold_like_characters() {
        for s in [
            "",
            "ABC déF",
            "Ü",
            "x\u{301}Y",
            "日本 ABC",
            "ÀB",
            "aẞb",
            "MIXED Case ÉTÉ",
        ] {
            let mut by_char = String::new();
            s.chars().for_each(|c| fold_char(c, |d| by_char.push(d)));
            let mut buf = String::from("keep ");
            fold_into(s, &mut buf);
            assert_eq!(buf, format!("keep {by_char}"), "{s:?}");
        }
    }

    #[test]
    fn ascii_prefixes() {
        for len in 0..40 {
            let mut s = vec![b'a'; len];
            assert_eq!(ascii_prefix_len(&s), len);
            for at in 0..len {
                s[at] = 0xC3;
                assert_eq!(ascii_prefix_len(&s), at);
                s[at] = b'a';
            }
        }
    }

    #[test]
    fn keeps_marks_that_are_not_diacritics() {
        assert_eq!(fold("ガス"), "ガス");
        assert_eq!(fold("한국"), "한국");
        assert_eq!(fold("東京"), "東京");
    }

    #[test]
    fn offsets_point_at_the_original_characters() {
        let (f, o) = fold_with_offsets("Céline");
        assert_eq!(f, "celine");
        assert_eq!(o, vec![0, 1, 3, 4, 5, 6, 7]);
        let (f, o) = fold_with_offsets("aß");
        assert_eq!(f, "ass");
        assert_eq!(o, vec![0, 1, 1, 3]);
    }

    #[test]
    fn folded_ranges_map_back_to_whole_characters() {
        let s = "Voilà Céline, straße e\u{301}t fin";
        let f = Folded::new(s);
        assert_eq!(f.text, fold(s));
        let at = |needle: &str| {
            let i = f.text.find(needle).unwrap();
            let (a, b) = f.original_range(i, i + needle.len());
            &s[a..b]
        };
        assert_eq!(at("celine"), "Céline");
        assert_eq!(at("voila"), "Voilà");
        assert_eq!(at("strasse"), "straße");
        assert_eq!(at("stras"), "straß");
        assert_eq!(at("et"), "e\u{301}t");
        assert_eq!(at("fin"), "fin");
    }

    #[test]
    fn folded_agrees_with_fold_with_offsets() {
        for s in [
            "",
            "abc",
            "ÀÉÎõü",
            "x\u{301}\u{302}y",
            "\u{301}a",
            "ßẞß",
            "日本語 Ånd",
        ] {
            let folded = Folded::new(s);
            let (text, offsets) = fold_with_offsets(s);
            assert_eq!(folded.text, text);
            for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(folded.original_start(i), offsets[i], "{s:?} at {i}");
            }
        }
    }
}
