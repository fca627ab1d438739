//! Drawing: `impl Widget for &App`, one file per pane. Reads state only.

pub mod layout;
mod list;
mod overlay;
mod reader;
mod sidebar;
mod status;

use crate::app::App;
use crate::highlight::Highlighter;
use crate::sanitize::sanitize;
use crate::theme::Theme;
use layout::Focus;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Widget};
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.theme.base);
        let panes = layout::panes(area, self.sidebar_shown(), self.focus);
        if let Some(r) = panes.list {
            list::render(self, r, buf);
        }
        if let Some(r) = panes.reader {
            reader::render(self, r, buf);
        }
        if let Some(r) = panes.sidebar {
            sidebar::render(self, r, buf);
        }
        if let Some(r) = panes.status {
            status::render(self, r, buf);
        }
        overlay::render(self, area, buf);
    }
}

/// Text from a file, made safe for the terminal.
pub(crate) fn safe(s: &str) -> Cow<'_, str> {
    sanitize(s)
}

/// A pane's frame: the focused one stands out by colour and by a heavier line, so it shows even
/// without colour.
pub(crate) fn pane_block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let (border, kind) = if focused {
        (theme.border_focused, BorderType::Thick)
    } else {
        (theme.border, BorderType::Plain)
    };
    let title_style = if focused {
        theme.border_focused.add_modifier(Modifier::BOLD)
    } else {
        theme.pane_title
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(border)
        .title(title.style(title_style))
}

pub(crate) fn is_focused(app: &App, pane: Focus) -> bool {
    app.focus == pane && matches!(app.overlay, crate::app::Overlay::None)
}

/// Cuts `s` to `width` columns, ending with `…` when something was cut.
pub(crate) fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(s, true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Splits styled runs of text where keyword hits fall and patches the hit style over them.
/// `hits` are (start, end, style) byte ranges into the runs' concatenated text, sorted and disjoint.
pub(crate) fn apply_hits<'a>(
    runs: Vec<(String, Style)>,
    hits: &[(usize, usize, Style)],
) -> Vec<Span<'a>> {
    if hits.is_empty() {
        return runs.into_iter().map(|(t, s)| Span::styled(t, s)).collect();
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for (text, style) in runs {
        let end = offset + text.len();
        let mut cut = 0; // bytes of `text` already emitted
        for &(hs, he, hstyle) in hits {
            if he <= offset + cut || hs >= end {
                continue;
            }
            let from = hs.max(offset + cut) - offset;
            let to = he.min(end) - offset;
            if !text.is_char_boundary(from) || !text.is_char_boundary(to) {
                continue;
            }
            if from > cut {
                out.push(Span::styled(text[cut..from].to_string(), style));
            }
            out.push(Span::styled(
                text[from..to].to_string(),
                style.patch(hstyle),
            ));
            cut = to;
        }
        if cut < text.len() {
            out.push(Span::styled(text[cut..].to_string(), style));
        }
        offset = end;
    }
    out
}

/// Keyword hits in `text` with each keyword's style, when highlighting is on.
pub(crate) fn keyword_hits(app: &App, text: &str) -> Vec<(usize, usize, Style)> {
    if !app.highlight_on || app.highlighter.is_empty() {
        return Vec::new();
    }
    hits_with(app, &app.highlighter, text)
}

fn hits_with(app: &App, hl: &Highlighter, text: &str) -> Vec<(usize, usize, Style)> {
    hl.find(text)
        .into_iter()
        .map(|h| (h.start, h.end, app.highlight_style(h.rule)))
        .collect()
}

/// Highlights a one-line piece of metadata.
pub(crate) fn highlighted<'a>(app: &App, text: &str, style: Style) -> Vec<Span<'a>> {
    let text = safe(text).into_owned();
    let hits = keyword_hits(app, &text);
    apply_hits(vec![(text, style)], &hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis_by_width() {
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("日本語の本", 5), "日本…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn hits_split_runs_and_keep_the_rest() {
        let base = Style::default();
        let hl = Style::default().add_modifier(Modifier::REVERSED);
        let spans = apply_hits(
            vec![("Kuril ".into(), base), ("Islands".into(), base)],
            &[(0, 5, hl), (6, 9, hl)],
        );
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["Kuril", " ", "Isl", "ands"]);
        assert_eq!(spans[0].style, hl);
        assert_eq!(spans[1].style, base);
    }
}
