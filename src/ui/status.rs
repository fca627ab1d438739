//! The status bar: shown/total, sort, the filters in force, problems, a message, key hints. While
//! the `/` prompt is open it is the prompt, with the parse error in place.

use super::{fit, safe};
use crate::app::{App, Overlay, PromptKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.status);
    let width = usize::from(area.width);
    if let Overlay::Prompt(prompt) = &app.overlay {
        let label = match prompt.kind {
            PromptKind::Query => "filter /",
            PromptKind::Search => "search /",
        };
        let input = safe(&prompt.input).into_owned();
        let mut spans = vec![
            Span::styled(label, theme.status_key),
            Span::styled(input, theme.prompt),
            Span::styled("█", theme.prompt),
        ];
        if let Some(error) = &prompt.error {
            spans.push(Span::styled(format!("  {}", safe(error)), theme.error));
        } else if prompt.kind == PromptKind::Query {
            let mut text = format!("  {} match", app.visible.len());
            if let Some(search) = &app.body_search {
                let percent = search.done * 100 / search.total.max(1);
                text.push_str(&format!(", searching bodies {percent}%"));
            }
            spans.push(Span::styled(text, theme.status));
        }
        Line::from(spans).render(area, buf);
        return;
    }

    let mut left = vec![
        Span::styled(
            format!(" {}/{} ", app.visible.len(), app.library.articles.len()),
            theme.status_key,
        ),
        Span::styled(format!(" {} ", app.sort.label()), theme.status),
    ];
    if let Some(scan) = &app.scan {
        left.push(Span::styled(
            format!(
                " scanning {}/{} ",
                app.library.articles.len(),
                scan.found.max(app.library.articles.len())
            ),
            theme.status_key,
        ));
    }
    if let Some(search) = &app.body_search {
        let text = if app.scan.is_some() {
            " bodies: after the scan ".to_string()
        } else {
            format!(" searching bodies {}/{} ", search.done, search.total)
        };
        left.push(Span::styled(text, theme.status_key));
    }
    for filter in &app.filters {
        left.push(Span::styled(
            format!(" {} ", safe(&filter.label())),
            theme.status_filter,
        ));
        left.push(Span::raw(" "));
    }
    let problems = app.library.problems.len();
    if problems > 0 {
        left.push(Span::styled(
            format!(
                " {problems} problem{} (!) ",
                if problems == 1 { "" } else { "s" }
            ),
            theme.error,
        ));
    }
    if let Some(message) = &app.message {
        left.push(Span::styled(format!(" {} ", safe(message)), theme.status));
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let full = "/ filter  t tags  a authors  ? help  q quit ";
    let hints = if used + full.width() < width {
        full
    } else {
        "? help "
    };
    if used + hints.width() < width {
        left.push(Span::raw(" ".repeat(width - used - hints.width())));
        left.push(Span::styled(hints, theme.status));
    } else if used > width {
        // Too narrow for everything: keep the count and the newest part, cut the rest.
        let text: String = left.iter().map(|s| s.content.as_ref()).collect();
        Line::styled(fit(&text, width), theme.status).render(area, buf);
        return;
    }
    Line::from(left).render(area, buf);
}
