//! The tag and author pickers: values with counts, narrowed as you type.

use crate::fold::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Tag,
    Author,
}

impl PickerKind {
    pub fn facet(&self) -> super::Facet {
        match self {
            PickerKind::Tag => super::Facet::Tag,
            PickerKind::Author => super::Facet::Author,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            PickerKind::Tag => "Tags",
            PickerKind::Author => "Authors",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    /// Every value with its article count, most frequent first.
    pub items: Vec<(String, usize)>,
    pub input: String,
    /// Indices into `items` that match `input`.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
}

impl Picker {
    pub fn new(kind: PickerKind, items: Vec<(String, usize)>) -> Picker {
        let shown = (0..items.len()).collect();
        Picker {
            kind,
            items,
            input: String::new(),
            shown,
            selected: 0,
        }
    }

    /// Re-narrows after the input changed: values containing every typed word, those that start
    /// with the input first.
    pub fn narrow(&mut self) {
        let needle = fold(&self.input);
        let words: Vec<&str> = needle.split_whitespace().collect();
        let mut starts = Vec::new();
        let mut contains = Vec::new();
        for (i, (value, _)) in self.items.iter().enumerate() {
            let folded = fold(value);
            if !words.iter().all(|w| folded.contains(w)) {
                continue;
            }
            if folded.starts_with(needle.trim()) {
                starts.push(i);
            } else {
                contains.push(i);
            }
        }
        starts.extend(contains);
        self.shown = starts;
        self.selected = 0;
    }

    pub fn chosen(&self) -> Option<&str> {
        let index = *self.shown.get(self.selected)?;
        self.items.get(index).map(|(v, _)| v.as_str())
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.shown.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.shown.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_puts_prefix_matches_first_and_ignores_accents() {
        let mut p = Picker::new(
            PickerKind::Author,
            vec![
                ("Richard Weitz".into(), 1),
                ("Céline Pajon".into(), 3),
                ("Pajonna".into(), 1),
            ],
        );
        p.input = "paj".into();
        p.narrow();
        assert_eq!(p.chosen(), Some("Pajonna"));
        assert_eq!(p.shown.len(), 2);
        p.input = "celine".into();
        p.narrow();
        assert_eq!(p.chosen(), Some("Céline Pajon"));
    }

    #[test]
    fn moving_stays_in_bounds() {
        let mut p = Picker::new(PickerKind::Tag, vec![("a".into(), 1), ("b".into(), 1)]);
        p.move_by(10);
        assert_eq!(p.chosen(), Some("b"));
        p.move_by(-10);
        assert_eq!(p.chosen(), Some("a"));
        p.input = "zzz".into();
        p.narrow();
        p.move_by(1);
        assert_eq!(p.chosen(), None);
    }
}
