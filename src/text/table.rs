//! Tables: drawn with dim box-drawing borders, columns as wide as their content, shrunk in
//! proportion (cell text wrapped inside its cell) when the table is wider than the screen; when
//! even that does not fit, each row becomes `header: value` lines.

use super::block::push_spans_text;
use super::wrap::{spans_width, wrap_spans};
use super::{Look, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A cell is styled text; rows may have fewer cells than the header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Table {
    pub aligns: Vec<Align>,
    pub head: Vec<Vec<Span>>,
    pub rows: Vec<Vec<Vec<Span>>>,
}

/// A column is not shrunk below this (or its content, if narrower) before falling back to
/// `header: value` lines.
const MIN_COLUMN: usize = 4;

fn natural_width(cell: &[Span]) -> usize {
    wrap_spans(cell, usize::MAX / 4)
        .iter()
        .map(|l| spans_width(l))
        .max()
        .unwrap_or(0)
}

fn border(text: String) -> Span {
    Span::new(text, Look::DIM)
}

fn strong(cell: &[Span]) -> Vec<Span> {
    cell.iter()
        .map(|s| {
            let mut s = s.clone();
            if !s.look.dim {
                s.look.strong = true;
            }
            s
        })
        .collect()
}

/// Column widths summing to at most `avail`: each column keeps its natural width if all fit;
/// else columns narrower than half an even share keep theirs and the wide ones split the rest in
/// proportion to their natural widths, never below their minimum.
fn fit_widths(natural: &[usize], mins: &[usize], avail: usize) -> Vec<usize> {
    let total: usize = natural.iter().sum();
    if total <= avail {
        return natural.to_vec();
    }
    let n = natural.len();
    let mut fixed = vec![false; n];
    let mut left = avail;
    loop {
        let open = fixed.iter().filter(|f| !**f).count();
        if open == 0 {
            break;
        }
        let share = left / open;
        let narrow: Vec<usize> = (0..n)
            .filter(|&i| !fixed[i] && natural[i] <= share / 2)
            .collect();
        if narrow.is_empty() {
            break;
        }
        for i in narrow {
            fixed[i] = true;
            left -= natural[i];
        }
    }
    let wide_total: usize = (0..n).filter(|&i| !fixed[i]).map(|i| natural[i]).sum();
    let mut widths: Vec<usize> = (0..n)
        .map(|i| {
            if fixed[i] {
                natural[i]
            } else {
                (natural[i] * left / wide_total.max(1)).max(mins[i])
            }
        })
        .collect();
    let mut sum: usize = widths.iter().sum();
    while sum > avail {
        // Take a column from the one with the most room above its minimum.
        let Some(i) = (0..n)
            .filter(|&i| widths[i] > mins[i])
            .max_by_key(|&i| widths[i] - mins[i])
        else {
            break;
        };
        widths[i] -= 1;
        sum -= 1;
    }
    while sum < avail {
        // Give a spare column to the one that lost the most.
        let Some(i) = (0..n)
            .filter(|&i| widths[i] < natural[i])
            .max_by_key(|&i| natural[i] - widths[i])
        else {
            break;
        };
        widths[i] += 1;
        sum += 1;
    }
    widths
}

fn pad_cell(line: Vec<Span>, width: usize, align: Align, out: &mut Vec<Span>) {
    let w = spans_width(&line);
    let space = width.saturating_sub(w);
    let (left, right) = match align {
        Align::Left => (0, space),
        Align::Right => (space, 0),
        Align::Center => (space / 2, space - space / 2),
    };
    out.push(Span::new(" ".repeat(left + 1), Look::default()));
    out.extend(line);
    out.push(Span::new(" ".repeat(right + 1), Look::default()));
}

impl Table {
    fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(self.head.len()))
            .max()
            .unwrap_or(0)
    }

    fn align(&self, col: usize) -> Align {
        self.aligns.get(col).copied().unwrap_or_default()
    }

    pub fn layout(&self, width: usize) -> Vec<Vec<Span>> {
        let n = self.columns();
        if n == 0 {
            return Vec::new();
        }
        let mut natural = vec![1; n];
        for row in std::iter::once(&self.head).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                natural[i] = natural[i].max(natural_width(cell));
            }
        }
        let mins: Vec<usize> = natural.iter().map(|&w| w.min(MIN_COLUMN)).collect();
        let borders = 3 * n + 1;
        if width < borders + mins.iter().sum::<usize>() {
            return self.layout_as_records(width);
        }
        let widths = fit_widths(&natural, &mins, width - borders);
        self.layout_boxed(&widths)
    }

    fn rule(widths: &[usize], left: &str, mid: &str, right: &str) -> Vec<Span> {
        let mut s = String::from(left);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                s.push_str(mid);
            }
            s.push_str(&"─".repeat(w + 2));
        }
        s.push_str(right);
        vec![border(s)]
    }

    /// The lines of one row: each cell wrapped in its column, padded to the column's width.
    fn row_lines(&self, row: &[Vec<Span>], widths: &[usize], head: bool) -> Vec<Vec<Span>> {
        let cells: Vec<Vec<Vec<Span>>> = widths
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let cell = row.get(i).map(Vec::as_slice).unwrap_or(&[]);
                if head {
                    wrap_spans(&strong(cell), w)
                } else {
                    wrap_spans(cell, w)
                }
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        (0..height)
            .map(|line| {
                let mut spans = vec![border("│".into())];
                for (i, cell) in cells.iter().enumerate() {
                    let text = cell.get(line).cloned().unwrap_or_default();
                    pad_cell(text, widths[i], self.align(i), &mut spans);
                    spans.push(border("│".into()));
                }
                spans
            })
            .collect()
    }

    fn layout_boxed(&self, widths: &[usize]) -> Vec<Vec<Span>> {
        let mut out = vec![Self::rule(widths, "┌", "┬", "┐")];
        out.extend(self.row_lines(&self.head, widths, true));
        let rows: Vec<Vec<Vec<Span>>> = self
            .rows
            .iter()
            .map(|r| self.row_lines(r, widths, false))
            .collect();
        // Rows that wrapped need lines between them to be told apart.
        let separated = rows.iter().any(|r| r.len() > 1);
        for (i, lines) in rows.into_iter().enumerate() {
            if i == 0 || separated {
                out.push(Self::rule(widths, "├", "┼", "┤"));
            }
            out.extend(lines);
        }
        out.push(Self::rule(widths, "└", "┴", "┘"));
        out
    }

    /// Too narrow for columns: each row as `header: value` lines, rows apart by a blank line.
    fn layout_as_records(&self, width: usize) -> Vec<Vec<Span>> {
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            if r > 0 {
                out.push(Vec::new());
            }
            for (i, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let mut spans = Vec::new();
                if let Some(head) = self.head.get(i).filter(|h| !h.is_empty()) {
                    spans = strong(head);
                    spans.push(Span::new(": ", Look::DIM));
                }
                spans.extend(cell.iter().cloned());
                out.extend(wrap_spans(&spans, width));
            }
        }
        if self.rows.is_empty() {
            out.extend(wrap_spans(
                &self.head.join(&Span::new(" ", Look::DIM)),
                width,
            ));
        }
        out
    }

    pub fn plain_text(&self, out: &mut String) {
        for (r, row) in std::iter::once(&self.head).chain(&self.rows).enumerate() {
            if r > 0 {
                out.push('\n');
            }
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    out.push('\t');
                }
                push_spans_text(cell, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_shrink_in_proportion_and_keep_minimums() {
        assert_eq!(fit_widths(&[10, 20], &[4, 4], 40), [10, 20]);
        // The narrow column keeps its width; the wide ones share the rest in proportion.
        assert_eq!(fit_widths(&[5, 3, 41], &[4, 3, 4], 30), [5, 3, 22]);
        assert_eq!(fit_widths(&[20, 60], &[4, 4], 40), [10, 30]);
        let w = fit_widths(&[2, 50, 100], &[2, 4, 4], 30);
        assert_eq!(w, [2, 9, 19]);
        // Minimums win over proportion.
        assert_eq!(fit_widths(&[100, 5, 100], &[4, 4, 4], 12), [4, 4, 4]);
    }
}
