//! Where each pane goes for a terminal size. Shared by drawing and by `App::update`, which needs
//! the reader's width to wrap and the list's height to page.

use ratatui::layout::Rect;

/// Below this width the sidebar folds away unless asked for.
pub const SIDEBAR_MIN_WIDTH: u16 = 100;
/// Below this width one pane shows at a time.
pub const TWO_PANE_MIN_WIDTH: u16 = 60;
/// Columns the sidebar takes when shown.
const SIDEBAR_WIDTH: u16 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Sidebar,
}

/// The areas of one frame; a pane that is not shown has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub sidebar: Option<Rect>,
    pub status: Option<Rect>,
}

/// Splits `area`: panes on top, one status line at the bottom.
pub fn panes(area: Rect, sidebar_shown: bool, focus: Focus) -> Panes {
    let mut out = Panes::default();
    if area.width == 0 || area.height == 0 {
        return out;
    }
    let (main, status) = if area.height >= 2 {
        let main = Rect {
            height: area.height - 1,
            ..area
        };
        let status = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        (main, Some(status))
    } else {
        (area, None)
    };
    out.status = status;

    if area.width < TWO_PANE_MIN_WIDTH {
        match focus {
            Focus::List => out.list = Some(main),
            Focus::Reader => out.reader = Some(main),
            Focus::Sidebar => out.sidebar = Some(main),
        }
        return out;
    }

    let mut rest = main;
    if sidebar_shown {
        let width = SIDEBAR_WIDTH.min(rest.width / 3);
        out.sidebar = Some(Rect {
            x: rest.x + rest.width - width,
            width,
            ..rest
        });
        rest.width -= width;
    }
    // The list gets about two fifths: enough for titles, leaving the reader a comfortable measure.
    let list_width = (rest.width * 2 / 5).clamp(20.min(rest.width), 60);
    out.list = Some(Rect {
        width: list_width,
        ..rest
    });
    out.reader = Some(Rect {
        x: rest.x + list_width,
        width: rest.width - list_width,
        ..rest
    });
    out
}

/// Where the reader's text goes inside its pane: one column of padding each side (text against
/// a border reads badly), at most `reading_width` wide.
pub fn reader_text(pane: Rect, reading_width: Option<u16>) -> Rect {
    let inner = inner(pane);
    let padded = inner.width.saturating_sub(2).max(1).min(inner.width);
    let width = reading_width.map_or(padded, |w| w.clamp(1, padded.max(1)));
    Rect {
        x: inner.x + inner.width.min(1),
        width,
        ..inner
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers(p: &Panes, area: Rect) -> u32 {
        [p.list, p.reader, p.sidebar, p.status]
            .iter()
            .flatten()
            .map(|r| u32::from(r.width) * u32::from(r.height))
            .sum::<u32>()
            .min(u32::from(area.width) * u32::from(area.height))
    }

    #[test]
    fn wide_screens_show_three_panes_that_tile_the_screen() {
        let area = Rect::new(0, 0, 120, 35);
        let p = panes(area, true, Focus::List);
        assert!(p.list.is_some() && p.reader.is_some() && p.sidebar.is_some());
        assert_eq!(covers(&p, area), 120 * 35);
    }

    #[test]
    fn narrow_screens_show_only_the_focused_pane() {
        let area = Rect::new(0, 0, 40, 12);
        let p = panes(area, false, Focus::Reader);
        assert_eq!(p.reader, Some(Rect::new(0, 0, 40, 11)));
        assert!(p.list.is_none() && p.sidebar.is_none());
    }

    #[test]
    fn tiny_sizes_never_underflow() {
        for w in 0..70 {
            for h in 0..5 {
                for focus in [Focus::List, Focus::Reader, Focus::Sidebar] {
                    let area = Rect::new(0, 0, w, h);
                    let p = panes(area, true, focus);
                    for r in [p.list, p.reader, p.sidebar, p.status].iter().flatten() {
                        assert!(r.right() <= area.right() && r.bottom() <= area.bottom());
                    }
                }
            }
        }
    }
}
