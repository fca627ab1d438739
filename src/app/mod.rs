//! The reader's state, and the one place it changes: [`App::update`].

mod filter;
mod index;
mod picker;
mod prompt;
mod reader;
mod sort;

pub use filter::Filter;
pub use index::{Facet, Index, Interner, Marks, facet_counts};
pub use picker::{Picker, PickerKind};
pub use prompt::{Prompt, PromptKind};
pub use reader::{Position, Reader, Stats};
pub use sort::{Sort, SortKey};

use crate::action::Action;
use crate::fold::fold;
use crate::highlight::{Highlighter, MatchMode, Pattern, Rule};
use crate::keymap::{Key, Keymap};
use crate::library::{self, Article, Library, Problem};
use crate::query::{self, Query, Subject};
use crate::theme::Theme;
use crate::ui::layout::{self, Focus, Panes, SIDEBAR_MIN_WIDTH, TWO_PANE_MIN_WIDTH};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

/// Something `update` wants done outside the app (the event loop does it).
#[derive(Debug, Clone)]
pub enum Effect {
    /// Put text on the clipboard through OSC 52.
    Copy(String),
    /// Test `query` against the bodies of `candidates` in the background, reporting back with
    /// `Action::BodyMatches` and `Action::BodySearchDone` under `generation`. A newer search
    /// makes older ones pointless: the loop cancels them.
    SearchBodies {
        generation: u64,
        articles: Arc<Vec<Article>>,
        candidates: Vec<usize>,
        query: Query,
        /// The read and starred marks, for `is:` terms.
        read: Marks,
        starred: Marks,
    },
}

/// The articles as far as they are loaded. Shared with background searches, which read it
/// while the app goes on.
#[derive(Debug, Clone, Default)]
pub struct Shelf {
    pub articles: Arc<Vec<Article>>,
    pub problems: Vec<Problem>,
}

/// A scan still running: how many files it has found and how many articles arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scan {
    pub found: usize,
}

/// A body search still running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodySearch {
    pub generation: u64,
    pub total: usize,
    pub done: usize,
    /// Articles whose bodies matched so far.
    pub matched: Vec<usize>,
}

/// A screen drawn over the panes.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Prompt(Prompt),
    Picker(Picker),
    Help { scroll: usize },
    Problems { scroll: usize },
}

/// Settings the app starts with.
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: Theme,
    pub keymap: Keymap,
    /// `--highlight` words and the config's rules.
    pub highlight: Vec<Rule>,
    pub sort: Sort,
    /// Widest measure the reader wraps to.
    pub reading_width: Option<u16>,
}

/// The default theme in true colour, the default keys and sort, no keywords: what the tests,
/// benches and fuzzers start from (the binary builds its own from config and flags).
impl Default for Options {
    fn default() -> Self {
        Options {
            theme: Theme::default_for(crate::theme::ColorDepth::TrueColor),
            keymap: Keymap::default(),
            highlight: Vec::new(),
            sort: Sort::default(),
            reading_width: None,
        }
    }
}

pub struct App {
    pub library: Shelf,
    /// Folded fields, interned tags and authors, sort keys: one entry per article.
    pub index: Index,
    /// Every article in sort order: filtering walks it, so results come out sorted.
    pub sorted: Vec<usize>,
    /// Each article's place in `sorted`: lists already in sort order are merged by comparing
    /// two numbers, not two articles (body matches arrive by the thousand while keys are typed).
    rank: Vec<u32>,
    /// `Some` while the library is still being scanned.
    pub scan: Option<Scan>,
    /// `Some` while bodies are searched for the query in force.
    pub body_search: Option<BodySearch>,
    generation: u64,
    pub theme: Theme,
    pub keymap: Keymap,
    pub filters: Vec<Filter>,
    /// Indices into `library.articles` that pass the filters, in sort order.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// First entry of `visible` shown in the list.
    pub list_offset: usize,
    pub focus: Focus,
    pub sort: Sort,
    pub reader: Option<Reader>,
    /// Word count, reading time and keyword hits of one article (the selected one).
    pub stats: Option<(usize, Stats)>,
    /// Rules from `--highlight` and the config.
    pub base_rules: Vec<Rule>,
    /// `base_rules` plus the active query's words.
    pub highlighter: Highlighter,
    pub highlight_on: bool,
    pub overlay: Overlay,
    /// `Some` once the user has shown or hidden the sidebar; `None` follows the width.
    pub sidebar_override: Option<bool>,
    pub size: Rect,
    pub should_quit: bool,
    /// One line for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub effects: Vec<Effect>,
    pub read: Marks,
    pub starred: Marks,
    pub reading_width: Option<u16>,
}

impl App {
    pub fn new(library: Library, options: Options) -> App {
        let mut app = App {
            library: Shelf::default(),
            index: Index::default(),
            sorted: Vec::new(),
            rank: Vec::new(),
            scan: None,
            body_search: None,
            generation: 0,
            theme: options.theme,
            keymap: options.keymap,
            filters: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            list_offset: 0,
            focus: Focus::List,
            sort: options.sort,
            reader: None,
            stats: None,
            base_rules: options.highlight,
            highlighter: Highlighter::default(),
            highlight_on: true,
            overlay: Overlay::None,
            sidebar_override: None,
            size: Rect::new(0, 0, 80, 24),
            should_quit: false,
            message: None,
            effects: Vec::new(),
            read: Marks::default(),
            starred: Marks::default(),
            reading_width: options.reading_width,
        };
        app.add_articles(library.articles, library.problems);
        app
    }

    /// An app whose library is still being scanned: articles arrive with `Action::Loaded`.
    pub fn loading(options: Options) -> App {
        let mut app = App::new(Library::default(), options);
        app.scan = Some(Scan::default());
        app
    }

    /// Applies a query as the first filter (`-q`). An error is the parser's.
    pub fn set_initial_query(&mut self, text: &str) -> Result<(), query::QueryError> {
        self.set_query(text)
    }

    // ----- derived state, shared with drawing -----

    pub fn sidebar_shown(&self) -> bool {
        if self.size.width < TWO_PANE_MIN_WIDTH {
            return self.focus == Focus::Sidebar;
        }
        self.sidebar_override
            .unwrap_or(self.size.width >= SIDEBAR_MIN_WIDTH)
    }

    pub fn panes(&self) -> Panes {
        layout::panes(self.size, self.sidebar_shown(), self.focus)
    }

    pub fn selected_article(&self) -> Option<(usize, &Article)> {
        let index = *self.visible.get(self.selected)?;
        self.library.articles.get(index).map(|a| (index, a))
    }

    /// The article the sidebar and article keys act on: the open one while the reader has focus.
    pub fn current_article(&self) -> Option<(usize, &Article)> {
        match (&self.reader, self.focus) {
            (Some(r), Focus::Reader) => {
                self.library.articles.get(r.article).map(|a| (r.article, a))
            }
            _ => self.selected_article(),
        }
    }

    /// How many list entries fit (each takes two rows).
    pub fn list_rows(&self) -> usize {
        let area = layout::panes(self.size, self.sidebar_shown(), Focus::List)
            .list
            .unwrap_or_default();
        (usize::from(layout::inner(area).height) / 2).max(1)
    }

    /// The reader's text area: its width for wrapping and height for paging.
    pub fn reader_text_area(&self) -> Rect {
        let area = layout::panes(self.size, self.sidebar_shown(), Focus::Reader)
            .reader
            .unwrap_or_default();
        layout::reader_text(area, self.reading_width)
    }

    /// The highlight rule for keyword `rule`'s colour: its own, else the theme's palette.
    pub fn highlight_style(&self, rule: usize) -> ratatui::style::Style {
        let own = self
            .highlighter
            .rules()
            .get(rule)
            .and_then(|r| r.color.as_deref())
            .and_then(|c| self.theme.highlight_style(c));
        own.unwrap_or_else(|| {
            let palette = &self.theme.highlights;
            palette
                .get(rule % palette.len().max(1))
                .copied()
                .unwrap_or_default()
        })
    }

    // ----- input -----

    /// The action a key stands for in the current state: text input while a prompt or picker is
    /// open, the keymap otherwise.
    pub fn action_for_key(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        if key.ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        match &self.overlay {
            Overlay::Prompt(_) | Overlay::Picker(_) => match event.code {
                KeyCode::Esc => Some(Action::Cancel),
                KeyCode::Enter => Some(Action::Submit),
                KeyCode::Backspace => Some(Action::DeleteBack),
                KeyCode::Up => Some(Action::MoveUp),
                KeyCode::Down | KeyCode::Tab => Some(Action::MoveDown),
                KeyCode::BackTab => Some(Action::MoveUp),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown => Some(Action::PageDown),
                KeyCode::Char('n') if event.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::MoveDown)
                }
                KeyCode::Char('p') if event.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::MoveUp)
                }
                KeyCode::Char(c) if !key.ctrl && !key.alt => Some(Action::Input(c)),
                _ => None,
            },
            Overlay::Help { .. } | Overlay::Problems { .. }
                if key == Key::plain(KeyCode::Char('q')) =>
            {
                Some(Action::Cancel)
            }
            _ => self.keymap.action(&key).cloned(),
        }
    }

    // ----- the one place state changes -----

    pub fn update(&mut self, action: Action) {
        // Results from background work change the list, never the overlay or the message.
        match action {
            Action::Loaded(batch) => return self.add_articles(batch.articles, batch.problems),
            Action::ScanProgress(found) => {
                if let Some(scan) = &mut self.scan {
                    scan.found = scan.found.max(found);
                }
                return;
            }
            Action::ScanDone => {
                self.scan = None;
                self.index.arrange(&self.sorted);
                if self.body_search.is_some() {
                    self.start_body_search();
                }
                return;
            }
            Action::BodyMatches {
                generation,
                matches,
                done,
            } => return self.add_body_matches(generation, matches, done),
            Action::BodySearchDone { generation } => return self.finish_body_search(generation),
            _ => {}
        }
        if !matches!(action, Action::Resize(..)) {
            self.message = None;
        }
        if let Action::Resize(w, h) = action {
            self.size = Rect::new(0, 0, w, h);
            self.preview_selected();
            self.relayout();
            return;
        }
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        match &self.overlay {
            Overlay::Prompt(_) => self.update_prompt(action),
            Overlay::Picker(_) => self.update_picker(action),
            Overlay::Help { .. } | Overlay::Problems { .. } => self.update_overlay(action),
            Overlay::None => self.update_panes(action),
        }
    }

    fn update_panes(&mut self, action: Action) {
        match action {
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => {
                if self.focus == Focus::List {
                    self.open_selected();
                }
            }
            Action::BackToList => self.focus = Focus::List,
            Action::Back => {
                if self.focus != Focus::List {
                    self.focus = Focus::List;
                } else if let Some(dropped) = self.filters.pop() {
                    self.message = Some(format!("dropped {}", dropped.label()));
                    self.refilter();
                }
            }
            Action::NextPane => self.cycle_focus(1),
            Action::PrevPane => self.cycle_focus(-1),
            Action::Search => {
                let kind = if self.focus == Focus::Reader && self.reader.is_some() {
                    PromptKind::Search
                } else {
                    PromptKind::Query
                };
                let before = match kind {
                    PromptKind::Search => self
                        .reader
                        .as_ref()
                        .map(|r| r.search.clone())
                        .unwrap_or_default(),
                    PromptKind::Query => self.query_text().unwrap_or_default(),
                };
                self.overlay = Overlay::Prompt(Prompt::new(kind, before));
            }
            Action::NextHit => self.jump_to_hit(true),
            Action::PrevHit => self.jump_to_hit(false),
            Action::TagPicker => self.open_picker(PickerKind::Tag),
            Action::AuthorPicker => self.open_picker(PickerKind::Author),
            Action::FilterByTags => self.filter_by_current(PickerKind::Tag),
            Action::FilterByAuthors => self.filter_by_current(PickerKind::Author),
            Action::ClearFilters => {
                if !self.filters.is_empty() {
                    self.filters.clear();
                    self.message = Some("all filters cleared".into());
                    self.refilter();
                }
            }
            Action::CycleSort => {
                self.sort.key = self.sort.key.next();
                self.resort();
            }
            Action::ReverseSort => {
                self.sort.reverse = !self.sort.reverse;
                self.resort();
            }
            Action::ToggleStar => {
                if let Some((i, _)) = self.current_article() {
                    self.starred.toggle(i);
                }
            }
            Action::ToggleRead => {
                if let Some((i, _)) = self.current_article() {
                    self.read.toggle(i);
                }
            }
            Action::CopyUrl => {
                let url = self
                    .current_article()
                    .and_then(|(_, a)| a.url().map(str::to_string));
                self.message = Some(match url {
                    Some(url) => {
                        let shown = crate::sanitize::sanitize(&url).into_owned();
                        self.effects.push(Effect::Copy(url));
                        format!("copied {shown}")
                    }
                    None => "this article has no url".into(),
                });
            }
            Action::ToggleHighlight => {
                self.highlight_on = !self.highlight_on;
                self.message = Some(format!(
                    "highlighting {}",
                    if self.highlight_on { "on" } else { "off" }
                ));
            }
            Action::ToggleSidebar => self.toggle_sidebar(),
            Action::Problems => self.overlay = Overlay::Problems { scroll: 0 },
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Quit
            | Action::Resize(..)
            | Action::Input(_)
            | Action::DeleteBack
            | Action::Submit
            | Action::Cancel
            | Action::Loaded(_)
            | Action::ScanProgress(_)
            | Action::ScanDone
            | Action::BodyMatches { .. }
            | Action::BodySearchDone { .. } => {}
        }
    }

    fn update_overlay(&mut self, action: Action) {
        let scroll = match &mut self.overlay {
            Overlay::Help { scroll } | Overlay::Problems { scroll } => scroll,
            _ => return,
        };
        match action {
            Action::MoveDown => *scroll = scroll.saturating_add(1),
            Action::MoveUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = usize::MAX / 2,
            Action::Cancel
            | Action::Back
            | Action::Help
            | Action::Problems
            | Action::BackToList => self.overlay = Overlay::None,
            _ => {}
        }
    }

    fn update_prompt(&mut self, action: Action) {
        let Overlay::Prompt(prompt) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Input(c) => prompt.input.push(c),
            Action::DeleteBack => {
                prompt.input.pop();
            }
            Action::Submit => {
                let kind = prompt.kind;
                let has_error = prompt.error.is_some();
                self.overlay = Overlay::None;
                if kind == PromptKind::Search {
                    self.jump_to_hit(true);
                } else if has_error {
                    self.message = Some("query not applied: it does not parse".into());
                }
                return;
            }
            Action::Cancel => {
                let (kind, before) = (prompt.kind, prompt.before.clone());
                self.overlay = Overlay::None;
                match kind {
                    PromptKind::Query => {
                        // `before` parsed when it was applied, so this cannot fail.
                        let _ = self.set_query(&before);
                    }
                    PromptKind::Search => self.set_search(&before),
                }
                return;
            }
            _ => return,
        }
        let (kind, input) = (prompt.kind, prompt.input.clone());
        match kind {
            PromptKind::Query => {
                let result = self.set_query(&input);
                if let Overlay::Prompt(prompt) = &mut self.overlay {
                    prompt.error = result.err().map(|e| e.to_string());
                }
            }
            PromptKind::Search => self.set_search(&input),
        }
    }

    fn update_picker(&mut self, action: Action) {
        let Overlay::Picker(picker) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Input(c) => {
                picker.input.push(c);
                picker.narrow();
            }
            Action::DeleteBack => {
                picker.input.pop();
                picker.narrow();
            }
            Action::MoveDown => picker.move_by(1),
            Action::MoveUp => picker.move_by(-1),
            Action::PageDown => picker.move_by(10),
            Action::PageUp => picker.move_by(-10),
            Action::Submit => {
                let chosen = picker.chosen().map(str::to_owned);
                let kind = picker.kind;
                self.overlay = Overlay::None;
                if let Some(value) = chosen {
                    self.add_filter(match kind {
                        PickerKind::Tag => Filter::Tags(vec![value]),
                        PickerKind::Author => Filter::Authors(vec![value]),
                    });
                }
            }
            Action::Cancel => self.overlay = Overlay::None,
            _ => {}
        }
    }

    // ----- list -----

    fn page(&self) -> usize {
        match self.focus {
            Focus::Reader => usize::from(self.reader_text_area().height)
                .saturating_sub(1)
                .max(1),
            _ => self.list_rows(),
        }
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::List | Focus::Sidebar => {
                if self.visible.is_empty() {
                    return;
                }
                let last = self.visible.len() - 1;
                self.selected = self.selected.saturating_add_signed(delta).min(last);
                self.scroll_list_to_selection();
                self.refresh_stats();
            }
            Focus::Reader => {
                let height = usize::from(self.reader_text_area().height);
                if let Some(reader) = &mut self.reader {
                    let max = reader.max_scroll(height);
                    reader.scroll = reader.scroll.saturating_add_signed(delta).min(max);
                }
            }
        }
    }

    fn scroll_list_to_selection(&mut self) {
        let rows = self.list_rows();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        let max_offset = self.visible.len().saturating_sub(rows);
        self.list_offset = self.list_offset.min(max_offset);
    }

    fn cycle_focus(&mut self, step: isize) {
        let mut order = vec![Focus::List, Focus::Reader];
        let narrow = self.size.width < TWO_PANE_MIN_WIDTH;
        // One pane at a time: Tab visits the info pane too, since nothing else shows it there.
        if narrow || self.sidebar_shown() {
            order.push(Focus::Sidebar);
        }
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let next = (at + step).rem_euclid(order.len() as isize) as usize;
        self.focus = order[next];
        if self.focus == Focus::Reader && self.reader.is_none() {
            self.open_selected();
        }
        self.relayout();
    }

    fn toggle_sidebar(&mut self) {
        if self.size.width < TWO_PANE_MIN_WIDTH {
            // One pane at a time: the key shows the sidebar, or goes back from it.
            if self.focus == Focus::Sidebar {
                self.sidebar_override = Some(false);
                self.focus = if self.reader.is_some() {
                    Focus::Reader
                } else {
                    Focus::List
                };
            } else {
                self.sidebar_override = Some(true);
                self.focus = Focus::Sidebar;
            }
        } else {
            let shown = !self.sidebar_shown();
            self.sidebar_override = Some(shown);
            if !shown && self.focus == Focus::Sidebar {
                self.focus = Focus::List;
            }
        }
        self.relayout();
    }

    // ----- filters -----

    fn query_text(&self) -> Option<String> {
        self.filters.iter().find_map(|f| match f {
            Filter::Query { text, .. } => Some(text.clone()),
            _ => None,
        })
    }

    /// Parses `text` and makes it the query filter (in place of the old one); an empty text
    /// removes it. On a parse error nothing changes. A query that only adds to the old one
    /// filters the articles shown now instead of all of them.
    fn set_query(&mut self, text: &str) -> Result<(), query::QueryError> {
        let parsed = query::parse(text)?;
        let position = self
            .filters
            .iter()
            .position(|f| matches!(f, Filter::Query { .. }));
        let narrows = match position.and_then(|p| self.filters.get(p)) {
            Some(Filter::Query { query, .. }) => !parsed.is_empty() && parsed.narrows(query),
            _ => !parsed.is_empty(),
        };
        let new = (!parsed.is_empty()).then(|| Filter::Query {
            text: text.trim().to_string(),
            query: parsed,
        });
        match (position, new) {
            (Some(p), Some(f)) => {
                if self.filters[p] == f {
                    return Ok(());
                }
                self.filters[p] = f;
            }
            (Some(p), None) => {
                self.filters.remove(p);
            }
            (None, Some(f)) => self.filters.push(f),
            (None, None) => return Ok(()),
        }
        // A body search only narrows what it has finished confirming.
        let scope = if narrows && self.body_search.is_none() {
            Scope::Shown
        } else {
            Scope::All
        };
        self.refilter_in(scope);
        Ok(())
    }

    fn add_filter(&mut self, filter: Filter) {
        if self.filters.contains(&filter) {
            return;
        }
        // No message: the filter's own chip in the status bar says it is in force.
        self.filters.push(filter);
        let scope = if self.body_search.is_none() {
            Scope::Shown
        } else {
            Scope::All
        };
        self.refilter_in(scope);
    }

    fn filter_by_current(&mut self, kind: PickerKind) {
        let Some((_, article)) = self.current_article() else {
            return;
        };
        let values = match kind {
            PickerKind::Tag => article.tags().to_vec(),
            PickerKind::Author => article.authors().to_vec(),
        };
        if values.is_empty() {
            self.message = Some(format!(
                "this article has no {}",
                match kind {
                    PickerKind::Tag => "tags",
                    PickerKind::Author => "authors",
                }
            ));
            return;
        }
        self.add_filter(match kind {
            PickerKind::Tag => Filter::Tags(values),
            PickerKind::Author => Filter::Authors(values),
        });
        self.focus = Focus::List;
    }

    fn open_picker(&mut self, kind: PickerKind) {
        let items = self.index.counts(kind.facet(), &self.visible);
        if items.is_empty() {
            self.message = Some(format!("no {} here", kind.title().to_lowercase()));
            return;
        }
        self.overlay = Overlay::Picker(Picker::new(kind, items));
    }

    /// Takes in articles from the scan: indexes them and puts those that pass the filters in
    /// their place in the list.
    fn add_articles(&mut self, articles: Vec<Article>, problems: Vec<Problem>) {
        self.library.problems.extend(problems);
        if articles.is_empty() {
            return;
        }
        let first_new = self.library.articles.len();
        // Room for every file the walk has found so far (it runs ahead of the workers): grown
        // by doubling instead, 100k articles were copied again and again into fresh memory.
        let expected = self.scan.as_ref().map_or(0, |s| s.found);
        let all = Arc::make_mut(&mut self.library.articles);
        all.reserve(expected.max(first_new + articles.len()) - first_new);
        all.extend(articles);
        let all = &self.library.articles;
        self.index.extend(all, self.sort);
        let mut new: Vec<usize> = (first_new..all.len()).collect();
        let (sort, index) = (self.sort, &self.index);
        new.sort_by(|&a, &b| index.compare(sort, all, a, b));
        merge_into(&mut self.sorted, &new, |a, b| {
            index.compare(sort, all, a, b)
        });
        self.rerank();
        let prepared = self.prepare_filters();
        let mut passing: Vec<usize> = new
            .into_iter()
            .filter(|&i| self.passes(i, &prepared))
            .collect();
        let keep = self.kept_through_arrivals();
        let rank = &self.rank;
        let place = |i: usize| rank.get(i).copied().unwrap_or(u32::MAX);
        passing.sort_unstable_by_key(|&i| place(i));
        merge_into(&mut self.visible, &passing, |a, b| place(a).cmp(&place(b)));
        self.select_again(keep);
        if self.filters.iter().any(Filter::needs_body) {
            // Bodies of the new articles are searched with the rest, once the scan is over.
            self.start_body_search();
        }
        if first_new == 0 {
            self.rebuild_highlighter();
        }
    }

    /// Each query filter's tag and author terms decided for every distinct tag and author (see
    /// `query::Prepared`), in the order of `self.filters`.
    fn prepare_filters(&self) -> Vec<Option<query::Prepared>> {
        let values = query::FacetValues {
            tags: self.index.tags.folded(),
            authors: self.index.authors.folded(),
        };
        self.filters
            .iter()
            .map(|f| match f {
                Filter::Query { query, .. } => Some(query.prepare(&values)),
                _ => None,
            })
            .collect()
    }

    /// Whether article `i` passes every filter, on its metadata. A query with bare words then
    /// matches them in the metadata only; the body search adds the rest. `prepared` comes from
    /// `prepare_filters`.
    fn passes(&self, i: usize, prepared: &[Option<query::Prepared>]) -> bool {
        let Some(article) = self.library.articles.get(i) else {
            return false;
        };
        let subject = Subject {
            article,
            body: None,
            read: self.read.contains(&i),
            starred: self.starred.contains(&i),
        };
        self.filters.iter().enumerate().all(|(n, f)| match f {
            Filter::Tags(values) => self.has_any(Facet::Tag, i, values),
            Filter::Authors(values) => self.has_any(Facet::Author, i, values),
            Filter::Query { query, .. } => {
                match (
                    self.index.folded.get(i),
                    prepared.get(n).and_then(Option::as_ref),
                ) {
                    (Some(folded), Some(prepared)) => {
                        // Looked up only for tag and author terms: two more places in memory
                        // per article, which a bare word would pay for nothing.
                        let ids = if prepared.has_facet_terms() {
                            query::FacetIds {
                                tags: self.index.ids(Facet::Tag, i),
                                authors: self.index.ids(Facet::Author, i),
                            }
                        } else {
                            query::FacetIds::default()
                        };
                        query.matches_prepared(&subject, folded, prepared, ids)
                    }
                    (Some(folded), None) => query.matches_folded(&subject, folded),
                    _ => query.matches(&subject),
                }
            }
        })
    }

    fn has_any(&self, facet: Facet, i: usize, values: &[String]) -> bool {
        let interner = self.index.interner(facet);
        let ids = self.index.ids(facet, i);
        values
            .iter()
            .filter_map(|v| interner.find(v))
            .any(|id| ids.contains(&id))
    }

    /// Recomputes the visible articles from the filters, keeping the selection where it can.
    fn refilter(&mut self) {
        self.refilter_in(Scope::All);
    }

    fn refilter_in(&mut self, scope: Scope) {
        let keep = self.visible.get(self.selected).copied();
        let candidates = match scope {
            Scope::Shown => std::mem::take(&mut self.visible),
            Scope::All => self.sorted.clone(),
        };
        // Over 100,000 articles a keystroke must stay within a frame: both cores share the work,
        // and the result keeps the candidates' (sorted) order.
        let prepared = self.prepare_filters();
        self.visible = {
            use rayon::prelude::*;
            let this = &*self;
            candidates
                .into_par_iter()
                .with_min_len(4096)
                .filter(|&i| this.passes(i, &prepared))
                .collect()
        };
        self.list_offset = 0;
        self.select_again(keep);
        self.rebuild_highlighter();
        self.start_body_search();
    }

    /// What stays selected while articles arrive (scan batches, body matches): an article
    /// chosen further down is followed, but the top stays the top as the list fills (the newest
    /// first, say, not whichever article happened to arrive first).
    fn kept_through_arrivals(&self) -> Option<usize> {
        self.visible
            .get(self.selected)
            .copied()
            .filter(|_| self.selected > 0)
    }

    /// Puts the selection back on article `keep` if it is still shown, else on the first.
    fn select_again(&mut self, keep: Option<usize>) {
        self.selected = keep
            .and_then(|k| self.visible.iter().position(|&v| v == k))
            .unwrap_or(0);
        self.scroll_list_to_selection();
        // Articles that arrive later (scan, body search) may bring a selection: preview it.
        self.refresh_stats();
    }

    /// Starts (or restarts) the body search for the query in force, if it needs one. Articles
    /// that pass every other filter are candidates; while the scan runs, it waits for the end.
    fn start_body_search(&mut self) {
        self.generation += 1;
        let query = self.filters.iter().find_map(|f| match f {
            Filter::Query { query, .. } if query.needs_body() => Some(query.clone()),
            _ => None,
        });
        let Some(query) = query else {
            self.body_search = None;
            return;
        };
        if self.scan.is_some() {
            self.body_search = Some(BodySearch {
                generation: self.generation,
                total: 0,
                done: 0,
                matched: Vec::new(),
            });
            return;
        }
        let others: Vec<&Filter> = self
            .filters
            .iter()
            .filter(|f| !matches!(f, Filter::Query { .. }))
            .collect();
        let candidates: Vec<usize> = self
            .sorted
            .iter()
            .copied()
            .filter(|&i| {
                others.iter().all(|f| match f {
                    Filter::Tags(values) => self.has_any(Facet::Tag, i, values),
                    Filter::Authors(values) => self.has_any(Facet::Author, i, values),
                    Filter::Query { .. } => true,
                })
            })
            .collect();
        self.body_search = Some(BodySearch {
            generation: self.generation,
            total: candidates.len(),
            done: 0,
            matched: Vec::new(),
        });
        self.effects.push(Effect::SearchBodies {
            generation: self.generation,
            articles: Arc::clone(&self.library.articles),
            candidates,
            query,
            read: self.read.clone(),
            starred: self.starred.clone(),
        });
    }

    fn add_body_matches(&mut self, generation: u64, matches: Vec<usize>, done: usize) {
        let Some(search) = self
            .body_search
            .as_mut()
            .filter(|s| s.generation == generation)
        else {
            return;
        };
        search.done = search.done.max(done);
        search.matched.extend(&matches);
        let mut shown = vec![false; self.library.articles.len()];
        for &i in &self.visible {
            if let Some(s) = shown.get_mut(i) {
                *s = true;
            }
        }
        let mut new: Vec<usize> = matches
            .into_iter()
            .filter(|&i| !shown.get(i).copied().unwrap_or(true))
            .collect();
        if new.is_empty() {
            return;
        }
        let rank = &self.rank;
        let place = |i: usize| rank.get(i).copied().unwrap_or(u32::MAX);
        new.sort_unstable_by_key(|&i| place(i));
        let keep = self.kept_through_arrivals();
        merge_into(&mut self.visible, &new, |a, b| place(a).cmp(&place(b)));
        self.select_again(keep);
    }

    /// Every body has been read: the list becomes exactly what the query matches (a negated
    /// word can drop an article that matched on its metadata).
    fn finish_body_search(&mut self, generation: u64) {
        let Some(search) = self.body_search.take() else {
            return;
        };
        if search.generation != generation {
            self.body_search = Some(search);
            return;
        }
        let mut matched = Marks::default();
        for i in search.matched {
            matched.insert(i);
        }
        let keep = self.visible.get(self.selected).copied();
        self.visible.retain(|i| matched.contains(i));
        self.select_again(keep);
    }

    /// Brings `rank` in line with `sorted`.
    fn rerank(&mut self) {
        self.rank.resize(self.sorted.len(), u32::MAX);
        for (place, &i) in self.sorted.iter().enumerate() {
            if let Some(r) = self.rank.get_mut(i) {
                *r = place as u32;
            }
        }
        // While the scan runs the order changes with every batch: articles stay where they
        // arrived until it is over (see `Action::ScanDone`).
        if self.scan.is_none() {
            self.index.arrange(&self.sorted);
        }
    }

    fn resort(&mut self) {
        let keep = self.visible.get(self.selected).copied();
        let (sort, all) = (self.sort, &self.library.articles);
        self.index.resort_keys(all, sort);
        let index = &self.index;
        self.sorted.sort_by(|&a, &b| index.compare(sort, all, a, b));
        self.rerank();
        let rank = &self.rank;
        self.visible
            .sort_unstable_by_key(|&i| rank.get(i).copied().unwrap_or(u32::MAX));
        self.select_again(keep);
        self.message = Some(format!("sorted by {}", self.sort.label()));
    }

    /// The highlighter is the configured rules plus the words of the query in force.
    fn rebuild_highlighter(&mut self) {
        let mut rules = self.base_rules.clone();
        let mut seen: HashSet<String> = rules
            .iter()
            .filter_map(|r| match &r.pattern {
                Pattern::Word(w) => Some(fold(w)),
                Pattern::Regex(_) => None,
            })
            .collect();
        for filter in &self.filters {
            if let Filter::Query { query, .. } = filter {
                for word in query.words() {
                    if seen.insert(fold(&word)) {
                        rules.push(Rule {
                            pattern: Pattern::Word(word),
                            mode: MatchMode::WordStart,
                            color: None,
                        });
                    }
                }
            }
        }
        if rules != self.highlighter.rules() {
            // Config rules were checked at start-up and query words are plain words.
            self.highlighter = Highlighter::new(rules).unwrap_or_default();
            self.stats = None;
        }
        self.refresh_stats();
    }

    // ----- reader -----

    fn open_selected(&mut self) {
        let Some((index, article)) = self.selected_article() else {
            return;
        };
        let body = library::read_body(article)
            .map_err(|e| format!("cannot read {}: {e}", article.path().display()));
        let mut reader = Reader::new(index, article, body);
        let width = self.reader_text_area().width;
        reader.layout(article, width);
        self.reader = Some(reader);
        self.read.insert(index);
        self.focus = Focus::Reader;
        self.relayout();
    }

    /// Re-wraps the reader for the current size and keeps scroll positions in range.
    fn relayout(&mut self) {
        let area = self.reader_text_area();
        if let Some(reader) = &mut self.reader {
            if let Some(article) = self.library.articles.get(reader.article) {
                reader.layout(article, area.width);
            }
            let max = reader.max_scroll(usize::from(area.height));
            reader.scroll = reader.scroll.min(max);
        }
        self.scroll_list_to_selection();
    }

    fn search_highlighter(search: &str) -> Option<Highlighter> {
        if search.trim().is_empty() {
            return None;
        }
        Highlighter::new(vec![Rule {
            pattern: Pattern::Word(search.to_string()),
            mode: MatchMode::Anywhere,
            color: None,
        }])
        .ok()
    }

    /// The highlighter for the reader's `/` search, when one is active.
    pub fn reader_search(&self) -> Option<Highlighter> {
        self.reader
            .as_ref()
            .and_then(|r| Self::search_highlighter(&r.search))
    }

    fn set_search(&mut self, search: &str) {
        let height = usize::from(self.reader_text_area().height);
        let Some(reader) = &mut self.reader else {
            return;
        };
        reader.search = search.to_string();
        reader.current_hit = None;
        reader.resume = None;
        // Incremental: the view follows the first hit from where the reader was, looking through
        // a bounded part of a huge article per key.
        let Some(hl) = Self::search_highlighter(search) else {
            return;
        };
        let prefilter = reader::prefilter(search).unwrap_or_else(|| hl.clone());
        let start = reader::Resume {
            from: reader.top_hit(),
            inclusive: true,
            forward: true,
            visit: 0,
            percent: 0,
        };
        match reader.find(&hl, &prefilter, start, reader::SEARCH_BUDGET / 4) {
            reader::Found::Hit(hit) => {
                reader.current_hit = Some(hit);
                let max = reader.max_scroll(height);
                let line = reader.line_of(hit);
                reader.scroll = scroll_to_show(line, reader.scroll, height, max);
            }
            reader::Found::Stopped(resume) => {
                reader.resume = Some(resume);
                self.message = Some(format!(
                    "searched {}% of the article: n goes on",
                    resume.percent
                ));
            }
            reader::Found::None => {}
        }
    }

    /// `n`/`N`: the next search hit, or without a search the next keyword hit. In a huge
    /// article one key looks through a bounded part of it; the next key goes on from there.
    fn jump_to_hit(&mut self, forward: bool) {
        let search = self.reader.as_ref().map(|r| r.search.clone());
        let (highlighter, prefilter) = match self.reader_search() {
            Some(h) => {
                let p = search
                    .as_deref()
                    .and_then(reader::prefilter)
                    .unwrap_or_else(|| h.clone());
                (h, p)
            }
            None if self.highlight_on && !self.highlighter.is_empty() => {
                (self.highlighter.clone(), self.highlighter.clone())
            }
            None => {
                self.message = Some("nothing to jump to: search with / or highlight words".into());
                return;
            }
        };
        let height = usize::from(self.reader_text_area().height);
        let Some(reader) = &mut self.reader else {
            return;
        };
        let start = match reader.resume.take() {
            Some(r) if r.forward == forward => r,
            _ => reader::Resume {
                from: reader.current_hit.unwrap_or_else(|| reader.top_hit()),
                inclusive: forward && reader.current_hit.is_none(),
                forward,
                visit: 0,
                percent: 0,
            },
        };
        let message = match reader.find(&highlighter, &prefilter, start, reader::SEARCH_BUDGET) {
            reader::Found::Hit(hit) => {
                reader.current_hit = Some(hit);
                let max = reader.max_scroll(height);
                let line = reader.line_of(hit);
                reader.scroll = scroll_to_show(line, reader.scroll, height, max);
                match reader.all_hits(&highlighter) {
                    Some(all) => {
                        let number = all.iter().position(|h| *h == hit).unwrap_or(0) + 1;
                        format!("hit {number} of {}", all.len())
                    }
                    None => format!("hit at {}%", reader.percent_of(hit)),
                }
            }
            reader::Found::Stopped(resume) => {
                reader.resume = Some(resume);
                format!("searched {}% of the article: n goes on", resume.percent)
            }
            reader::Found::None => "no hits in this article".into(),
        };
        self.message = Some(message);
    }

    /// While the list has focus and the reading pane shows beside it, the pane previews the
    /// selected article (without marking it read), as a mail reader's preview pane does.
    fn preview_selected(&mut self) {
        if self.focus != Focus::List || self.size.width < TWO_PANE_MIN_WIDTH {
            return;
        }
        let Some((index, article)) = self.selected_article() else {
            self.reader = None;
            return;
        };
        if self.reader.as_ref().is_some_and(|r| r.article == index) {
            return;
        }
        let body = library::read_body(article)
            .map_err(|e| format!("cannot read {}: {e}", article.path().display()));
        let mut reader = Reader::new(index, article, body);
        reader.layout(article, self.reader_text_area().width);
        self.reader = Some(reader);
    }

    /// Keeps the preview and the sidebar's counts for the selected article current.
    fn refresh_stats(&mut self) {
        self.preview_selected();
        let Some((index, article)) = self.selected_article() else {
            self.stats = None;
            return;
        };
        if matches!(self.stats, Some((i, _)) if i == index) {
            return;
        }
        // Bounded work for any size: exact for ordinary bodies, sampled for huge ones.
        let stats = match &self.reader {
            Some(r) if r.article == index && r.error.is_none() => r.stats(&self.highlighter),
            _ => match library::read_body(article) {
                Ok(body) => Stats::of_source(
                    &body,
                    article.format == library::Format::Markdown,
                    &self.highlighter,
                ),
                Err(_) => Stats::default(),
            },
        };
        self.stats = Some((index, stats));
    }

    /// Drains the effects for the event loop.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}

/// The scroll position that shows `line`, moving as little as possible; a jump puts the line a
/// few rows from the top so its context shows.
fn scroll_to_show(line: usize, scroll: usize, height: usize, max: usize) -> usize {
    if line >= scroll && line < scroll + height.max(1) {
        return scroll;
    }
    line.saturating_sub(height / 4).min(max)
}

/// Which articles a refilter looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Only those shown now: the new filters only narrow the old ones.
    Shown,
    All,
}

/// Merges `b` into `a`, both sorted by `cmp` (of equal items, `a`'s first), in place: filled
/// from the back, so that no second list of 100k is made for each batch of a scan (a new one
/// per batch was most of the fresh memory the event loop touched while a library loaded).
fn merge_into(a: &mut Vec<usize>, b: &[usize], cmp: impl Fn(usize, usize) -> Ordering) {
    let (mut i, mut j) = (a.len(), b.len());
    a.resize(i + j, 0);
    let mut k = a.len();
    if b.len() < i / 16 {
        // A few into many (body matches, a scan batch into 100k shown): each one's place found
        // by binary search, not by comparing along the whole list on the event loop's thread.
        while let Some(&y) = j.checked_sub(1).and_then(|last| b.get(last)) {
            let at = a[..i].partition_point(|&x| cmp(y, x) != Ordering::Less);
            a.copy_within(at..i, k - (i - at));
            k -= i - at + 1;
            a[k] = y;
            (i, j) = (at, j - 1);
        }
        return;
    }
    while j > 0 {
        k -= 1;
        if i > 0 && cmp(b[j - 1], a[i - 1]) == Ordering::Less {
            a[k] = a[i - 1];
            i -= 1;
        } else {
            a[k] = b[j - 1];
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests;
