//! The reading pane: the open article wrapped to the pane, keyword and search hits marked.

use super::{apply_hits, fit, is_focused, keyword_hits, layout, pane_block};
use crate::app::{App, Position};
use crate::text::Look;
use crate::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Widget;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let focused = is_focused(app, layout::Focus::Reader);
    let text_area = layout::reader_text(area, app.reading_width);
    let height = usize::from(text_area.height);
    // Laying out what shows comes first: the position depends on it.
    let shown = match &app.reader {
        Some(reader) if text_area.width > 0 => reader.shown(height),
        _ => Vec::new(),
    };
    let mut block = pane_block(Line::from(" Reader "), focused, theme);
    if let Some(reader) = &app.reader {
        block = block
            .title_bottom(Line::from(position(reader.position(height), height)).right_aligned());
        if !reader.search.is_empty() {
            let search = super::safe(&reader.search).into_owned();
            block = block.title_bottom(Line::from(format!(" /{} ", fit(&search, 20))));
        }
    }
    block.render(area, buf);
    if text_area.width == 0 || text_area.height == 0 {
        return;
    }
    let Some(reader) = &app.reader else {
        let hint = "Enter opens the selected article.";
        Line::styled(fit(hint, usize::from(text_area.width)), theme.dim).render(text_area, buf);
        return;
    };
    let search = app.reader_search();
    for (row, shown) in shown.iter().enumerate().take(height) {
        let line = &shown.text;
        let runs: Vec<(String, Style)> = line
            .spans
            .iter()
            .map(|s| (s.text.clone(), look_style(theme, s.look)))
            .collect();
        let text: String = line.spans.iter().map(|s| s.text.as_str()).collect();
        let mut hits = keyword_hits(app, &text);
        if let Some(search) = &search {
            // Search hits win over keyword hits where both fall.
            let found: Vec<_> = search
                .find(&text)
                .into_iter()
                .map(|h| {
                    let current = reader.current_hit.is_some_and(|c| {
                        (c.segment, c.line, c.byte) == (shown.segment, shown.line, h.start)
                    });
                    let style = if current {
                        theme.search_current
                    } else {
                        theme.search_match
                    };
                    (h.start, h.end, style)
                })
                .collect();
            hits.retain(|(s, e, _)| !found.iter().any(|(fs, fe, _)| s < fe && fs < e));
            hits.extend(found);
            hits.sort_by_key(|h| h.0);
        }
        let y = text_area.y + row as u16;
        Line::from(apply_hits(runs, &hits)).render(
            Rect {
                y,
                height: 1,
                ..text_area
            },
            buf,
        );
    }
}

/// `Top`, `Bot`, `All` or a percentage, as less and vim show it, with the line numbers. While
/// part of a huge article is not laid out yet, the total is marked `~` (an estimate) and the
/// percentage is by bytes of the body.
fn position(p: Position, height: usize) -> String {
    let where_ = if !p.approx && p.total <= height {
        "All".to_string()
    } else if p.first <= 1 {
        "Top".to_string()
    } else if p.last >= p.total {
        "Bot".to_string()
    } else {
        format!("{}%", p.percent)
    };
    let tilde = if p.approx { "~" } else { "" };
    format!(" {}-{}/{tilde}{} {where_} ", p.first, p.last, p.total)
}

/// How a run of article text looks in this theme.
pub fn look_style(theme: &Theme, look: Look) -> Style {
    let mut style = theme.base;
    if look.heading > 0 {
        let level = usize::from(look.heading.clamp(1, 3)) - 1;
        style = style.patch(theme.heading[level]);
    }
    if look.quote {
        style = style.patch(theme.quote);
    }
    if look.code {
        style = style.patch(theme.code);
    }
    if look.link {
        style = style.patch(theme.link);
    }
    if look.emphasis {
        style = style.patch(theme.emphasis);
    }
    if look.strong {
        style = style.patch(theme.strong);
    }
    if look.strike {
        style = style.add_modifier(Modifier::CROSSED_OUT);
    }
    if look.dim {
        style = style.patch(theme.dim);
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(first: usize, last: usize, total: usize) -> Position {
        Position {
            first,
            last,
            total,
            approx: false,
            percent: last * 100 / total.max(1),
        }
    }

    #[test]
    fn position_reads_like_less() {
        assert_eq!(position(exact(1, 5, 5), 10), " 1-5/5 All ");
        assert_eq!(position(exact(1, 10, 100), 10), " 1-10/100 Top ");
        assert_eq!(position(exact(91, 100, 100), 10), " 91-100/100 Bot ");
        assert_eq!(position(exact(41, 50, 100), 10), " 41-50/100 50% ");
        assert_eq!(position(exact(0, 0, 0), 10), " 0-0/0 All ");
        let approx = Position {
            approx: true,
            percent: 12,
            ..exact(41, 50, 9000)
        };
        assert_eq!(position(approx, 10), " 41-50/~9000 12% ");
    }
}
