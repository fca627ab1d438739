//! The metadata sidebar: every front-matter field of the selected article, its size and
//! reading time, its path, and how often each highlighted keyword occurs in it.

use super::{highlighted, is_focused, layout, pane_block, safe};
use crate::app::App;
use crate::highlight::Pattern;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let focused = is_focused(app, layout::Focus::Sidebar);
    pane_block(Line::from(" Info "), focused, theme).render(area, buf);
    let inner = layout::inner(area);
    let inner = Rect {
        x: inner.x + inner.width.min(1),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let lines = lines(app, usize::from(inner.width));
    for (row, line) in lines
        .into_iter()
        .take(usize::from(inner.height))
        .enumerate()
    {
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

/// The sidebar's rows at `width` columns.
fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some((index, article)) = app.current_article() else {
        return vec![Line::styled("No article selected.", theme.dim)];
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut add = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            fields.push((key.to_string(), value));
        }
    };
    add("Title", Some(article.title().to_string()));
    add(
        if article.authors().len() > 1 {
            "Authors"
        } else {
            "Author"
        },
        Some(article.authors().join(", ")),
    );
    add("Date", article.date.map(|d| d.to_string()));
    add("Tags", Some(article.tags().join(", ")));
    let owned = |value: Option<&str>| value.map(str::to_string);
    add("Source", owned(article.source()));
    add("URL", owned(article.url()));
    add("Summary", owned(article.summary()));
    add("Language", owned(article.lang()));
    for (key, value) in article.extra() {
        add(key, Some(value.to_string()));
    }
    let mut flags = Vec::new();
    if app.starred.contains(&index) {
        flags.push("starred");
    }
    flags.push(if app.read.contains(&index) {
        "read"
    } else {
        "unread"
    });
    add("State", Some(flags.join(", ")));
    if let Some((_, stats)) = app.stats.as_ref().filter(|(i, _)| *i == index) {
        add(
            "Length",
            // A huge body is counted on a sample: about so many words.
            Some(if stats.approx {
                format!("≈{} words, ≈{} min", stats.words, stats.minutes)
            } else {
                format!("{} words, {} min", stats.words, stats.minutes)
            }),
        );
    }
    add("Path", Some(article.path().display().to_string()));

    let mut out = Vec::new();
    for (key, value) in fields {
        out.push(Line::styled(
            super::fit(&safe(&key), width),
            theme.sidebar_key,
        ));
        let value_style = if key == "Tags" {
            theme.tag
        } else {
            theme.sidebar_value
        };
        let value = safe(&value).into_owned();
        let options = textwrap::Options::new(width.saturating_sub(1).max(1)).break_words(true);
        for part in textwrap::wrap(&value, options) {
            let mut spans = vec![Span::raw(" ")];
            spans.extend(highlighted(app, &part, value_style));
            out.push(Line::from(spans));
        }
    }
    if let Some((_, stats)) = app.stats.as_ref().filter(|(i, _)| *i == index)
        && !app.highlighter.is_empty()
    {
        out.push(Line::styled("Highlights", theme.sidebar_key));
        for (rule_index, rule) in app.highlighter.rules().iter().enumerate() {
            let word = match &rule.pattern {
                Pattern::Word(w) => w.clone(),
                Pattern::Regex(r) => format!("/{r}/"),
            };
            let count = stats.hits.get(rule_index).copied().unwrap_or(0);
            // On a sample of a huge body the count is a lower bound.
            let count = if stats.approx {
                format!(" ≥{count}")
            } else {
                format!(" {count}")
            };
            let room = width.saturating_sub(crate::text::str_width(&count) + 1);
            let style = if app.highlight_on {
                app.highlight_style(rule_index)
            } else {
                theme.sidebar_value
            };
            out.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(super::fit(&safe(&word), room), style),
                Span::styled(count, theme.sidebar_value),
            ]));
        }
    }
    out
}
