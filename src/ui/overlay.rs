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
            let lines = |width| help_lines(app, width);
            render_scrolled(app, " Keys — Esc closes ", lines, *scroll, area, buf);
        }
        Overlay::Problems { scroll } => {
            let lines = |width| problem_lines(app, width);
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
    // The hint goes where it would be cut: a title cut mid-word reads as a fault.
    let kind = picker.kind.title();
    let hinted = format!(" {kind} — type to narrow, Enter applies ");
    let title = if hinted.width() + 2 <= usize::from(rect.width) {
        hinted
    } else {
        format!(" {kind} ")
    };
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
    lines: impl Fn(usize) -> Vec<Line<'static>>,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let rect = centred(area, 76, area.height.saturating_sub(2).max(1));
    let inner = frame(app, title.to_string(), rect, buf);
    let height = usize::from(inner.height);
    let lines = lines(usize::from(inner.width));
    let total = lines.len();
    let scroll = scroll.min(total.saturating_sub(height));
    if total > height && rect.height > 1 && rect.width > 2 {
        // Where the view is, on the bottom border, as the reader shows it.
        let shown = format!(
            " {}-{}/{} ",
            scroll + 1,
            (scroll + height).min(total),
            total
        );
        let border = Rect {
            x: rect.x + 1,
            y: rect.bottom() - 1,
            width: rect.width - 2,
            height: 1,
        };
        Line::styled(shown, app.theme.border_focused)
            .right_aligned()
            .render(border, buf);
    }
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

/// `text` wrapped to `width` columns (long words broken), every line after the first indented
/// to `indent`.
fn wrapped(text: &str, width: usize, indent: usize) -> Vec<String> {
    let indent = " ".repeat(indent.min(width / 2));
    let options = textwrap::Options::new(width.max(1))
        .subsequent_indent(&indent)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// Every bindable action with its keys, drawn from the keymap in force, fitted to `width`.
fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let entries: Vec<(String, &str)> = Action::BINDABLE
        .iter()
        .map(|action| {
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
            (keys, action.description())
        })
        .collect();
    let longest = entries.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    // The key column takes what it needs, up to a third of the box; keys beyond that are cut.
    let key_width = longest.min(width / 3);
    let text_width = width.saturating_sub(key_width + 3).max(1);
    let mut lines = Vec::new();
    for (keys, description) in entries {
        let keys = fit(&keys, key_width);
        let pad = " ".repeat(key_width.saturating_sub(keys.width()));
        for (i, part) in wrapped(description, text_width, 0).into_iter().enumerate() {
            let key_cell = if i == 0 {
                format!(" {keys}{pad}  ")
            } else {
                " ".repeat(key_width + 3)
            };
            lines.push(Line::from(vec![
                Span::styled(key_cell, theme.status_key),
                Span::styled(part, theme.base),
            ]));
        }
    }
    lines.push(Line::default());
    let queries = "Queries: tag:x tag:x* author:x title:x source:x lang:x date:2014 \
         date:2013..2016 date:>=2020-03 date:<2015 \"a phrase\" -not a OR b (grouped) \
         is:read is:unread is:starred";
    for part in wrapped(queries, width.saturating_sub(1).max(1), 2) {
        lines.push(Line::styled(format!(" {part}"), theme.dim));
    }
    lines
}

fn problem_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    if app.library.problems.is_empty() {
        return vec![Line::styled(" No problems.", app.theme.dim)];
    }
    app.library
        .problems
        .iter()
        .flat_map(|p| wrapped(&safe(&p.to_string()), width.saturating_sub(1).max(1), 2))
        .map(|l| Line::styled(format!(" {l}"), app.theme.base))
        .collect()
}
