//! The article list: two rows an article (title; authors and date), the selection visible.

use super::{fit, highlighted, is_focused, layout, pane_block, safe};
use crate::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let focused = is_focused(app, layout::Focus::List);
    let title = Line::from(format!(
        " Articles {}/{} ",
        app.visible.len(),
        app.library.articles.len()
    ));
    let mut block = pane_block(title, focused, theme);
    if !app.visible.is_empty() {
        block = block.title_bottom(
            Line::from(format!(" {} of {} ", app.selected + 1, app.visible.len())).right_aligned(),
        );
    }
    let inner = layout::inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.visible.is_empty() {
        let text = if app.library.articles.is_empty() {
            "No articles here."
        } else {
            "Nothing matches. Esc drops the last filter, c clears all."
        };
        Line::styled(fit(text, usize::from(inner.width)), theme.dim).render(inner, buf);
        return;
    }
    let width = usize::from(inner.width);
    let rows = usize::from(inner.height).div_ceil(2);
    for (row, position) in (app.list_offset..app.visible.len()).take(rows).enumerate() {
        let Some(article) = app
            .visible
            .get(position)
            .and_then(|&i| app.library.articles.get(i).map(|a| (i, a)))
        else {
            continue;
        };
        let (index, article) = article;
        let y = inner.y + (row as u16) * 2;
        let item = Rect {
            y,
            height: 2.min(inner.bottom() - y),
            ..inner
        };
        let selection = (position == app.selected).then_some(if focused {
            theme.list_selected
        } else {
            theme.list_selected_unfocused
        });
        if let Some(style) = selection {
            buf.set_style(item, style);
        }
        // The selection's colours under every span, so that only keyword hits stand out of it.
        let look = |style: Style| selection.map_or(style, |sel| style.patch(sel));
        let unread = !app.read.contains(&index);
        let marker = match (app.starred.contains(&index), unread) {
            (true, _) => "★ ",
            (false, true) => "• ",
            (false, false) => "  ",
        };
        let title_style = if unread {
            theme.list_title.add_modifier(Modifier::BOLD)
        } else {
            theme.list_title.patch(theme.list_read)
        };
        let title = fit(&safe(article.title()), width.saturating_sub(2));
        let marker_style = if marker == "★ " {
            theme.star
        } else {
            theme.dim
        };
        let mut spans = vec![Span::styled(marker, look(marker_style))];
        spans.extend(highlighted(app, &title, look(title_style)));
        Line::from(spans).render(Rect { height: 1, ..item }, buf);

        if item.height > 1 {
            let date = article.date.map(|d| d.to_string()).unwrap_or_default();
            let authors = safe(&article.authors().join(", ")).into_owned();
            let room = width.saturating_sub(2 + date.len() + 2);
            let mut spans = vec![Span::styled("  ", look(theme.base))];
            spans.extend(highlighted(
                app,
                &fit(&authors, room),
                look(theme.list_author),
            ));
            let used: usize = spans.iter().map(|s| s.width()).sum();
            let pad = width.saturating_sub(used + date.len());
            spans.push(Span::styled(" ".repeat(pad), look(theme.base)));
            spans.push(Span::styled(date, look(theme.list_date)));
            Line::from(spans).render(
                Rect {
                    y: y + 1,
                    height: 1,
                    ..item
                },
                buf,
            );
        }
    }
}
