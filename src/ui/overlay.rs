//! Screens drawn over the panes: the tag and author pickers, help, and the problems list.

use super::{fit, safe};
use crate::action::Action;
use crate::app::{App, Overlay, Picker};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    match &app.overlay {
        Overlay::Picker(picker) => render_picker(app, picker, area, buf),
        Overlay::Help { scroll } => {
            let lines = help_lines(app);
            render_scrolled(app, " Keys — Esc closes ", lines, *scroll, area, buf);
        }
        Overlay::Problems { scroll } => {
            let lines = problem_lines(app);
            render_scrolled(app, " Problems — Esc closes ", lines, *scroll, area, buf);
        }
        Overlay::Prompt(_) | Overlay::None => {}
    }
}

/// A box centred on the screen, leaving a margin where there is room for one.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height
        .min(area.height.saturating_sub(1).max(1))
        .min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height.saturating_sub(1).saturating_sub(height)) / 2,
        width,
        height,
    }
}

fn frame(app: &App, title: String, rect: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(rect, buf);
    buf.set_style(rect, app.theme.base);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(app.theme.border_focused)
        .title(Line::styled(title, app.theme.border_focused));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

fn render_picker(app: &App, picker: &Picker, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let rect = centred(area, 50, 20);
    let title = format!(" {} — type to narrow, Enter applies ", picker.kind.title());
    let inner = frame(app, title, rect, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let input = safe(&picker.input).into_owned();
    Line::from(vec![
        Span::styled("> ", theme.status_key),
        Span::styled(input, theme.prompt),
        Span::styled("█", theme.prompt),
    ])
    .render(Rect { height: 1, ..inner }, buf);
    let rows = usize::from(inner.height.saturating_sub(1));
    if rows == 0 {
        return;
    }
    if picker.shown.is_empty() {
        Line::styled("no match", theme.dim).render(
            Rect {
                y: inner.y + 1,
                height: 1,
                ..inner
            },
            buf,
        );
        return;
    }
    let first = picker.selected.saturating_sub(rows.saturating_sub(1));
    for (row, position) in (first..picker.shown.len()).take(rows).enumerate() {
        let Some((value, count)) = picker
            .shown
            .get(position)
            .and_then(|&i| picker.items.get(i))
        else {
            continue;
        };
        let count = format!(" {count}");
        let value = fit(&safe(value), width.saturating_sub(count.width() + 1));
        let pad = width.saturating_sub(value.width() + count.width());
        let style = if position == picker.selected {
            theme.list_selected
        } else {
            theme.base
        };
        let line_area = Rect {
            y: inner.y + 1 + row as u16,
            height: 1,
            ..inner
        };
        buf.set_style(line_area, style);
        Line::from(vec![
            Span::styled(value, style),
            Span::styled(" ".repeat(pad), style),
            Span::styled(count, style.patch(theme.dim)),
        ])
        .render(line_area, buf);
    }
}

fn render_scrolled(
    app: &App,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let rect = centred(area, 72, area.height.saturating_sub(2).max(1));
    let inner = frame(app, title.to_string(), rect, buf);
    let height = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(height));
    for (row, line) in lines.into_iter().skip(scroll).take(height).enumerate() {
        line.render(
            Rect {
                y: inner.y + row as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}

/// Every bindable action with its keys, drawn from the keymap in force.
fn help_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = Vec::new();
    for action in Action::BINDABLE {
        let keys: Vec<String> = app
            .keymap
            .keys_for(action)
            .iter()
            .map(|k| k.to_string())
            .collect();
        let keys = if keys.is_empty() {
            "(unbound)".to_string()
        } else {
            keys.join(" ")
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys:<18}"), theme.status_key),
            Span::styled(format!(" {}", action.description()), theme.base),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        " Queries: tag:x author:x title: source: lang: date:2014 date:2013..2016",
        theme.dim,
    ));
    lines.push(Line::styled(
        "   date:>=2020-03 \"a phrase\" -not a OR b (group) is:read is:unread is:starred",
        theme.dim,
    ));
    lines
}

fn problem_lines(app: &App) -> Vec<Line<'static>> {
    if app.library.problems.is_empty() {
        return vec![Line::styled(" No problems.", app.theme.dim)];
    }
    app.library
        .problems
        .iter()
        .map(|p| Line::styled(format!(" {}", safe(&p.to_string())), app.theme.base))
        .collect()
}
