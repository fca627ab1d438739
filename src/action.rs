//! Everything a user can ask for. Keys map to these (see `keymap`); `App::update` carries them out.

use crate::library::{Article, Problem};
use serde::{Deserialize, Serialize};

/// An action. The unit variants are the ones keys can be bound to, by their snake_case name in the
/// config (`keys: { quit: [q, ctrl-c] }`); the others come from the terminal or text input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    MoveDown,
    MoveUp,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    BackToList,
    /// Esc: closes the reader, or in the list drops the last filter.
    Back,
    NextPane,
    PrevPane,
    Search,
    NextHit,
    PrevHit,
    TagPicker,
    AuthorPicker,
    FilterByTags,
    FilterByAuthors,
    ClearFilters,
    CycleSort,
    ReverseSort,
    ToggleStar,
    ToggleRead,
    CopyUrl,
    ToggleHighlight,
    ToggleSidebar,
    Problems,
    Help,
    /// The terminal changed size (columns, rows).
    #[serde(skip)]
    Resize(u16, u16),
    /// A character typed into the prompt or a picker.
    #[serde(skip)]
    Input(char),
    /// Backspace in the prompt or a picker.
    #[serde(skip)]
    DeleteBack,
    /// Enter in the prompt or a picker.
    #[serde(skip)]
    Submit,
    /// Esc in the prompt, a picker or an overlay.
    #[serde(skip)]
    Cancel,
    /// Articles the scan has read.
    #[serde(skip)]
    Loaded(Batch),
    /// How many files the scan has found so far.
    #[serde(skip)]
    ScanProgress(usize),
    /// The scan is over.
    #[serde(skip)]
    ScanDone,
    /// Articles whose bodies match the query of search `generation`, and how many bodies that
    /// search has read so far.
    #[serde(skip)]
    BodyMatches {
        generation: u64,
        matches: Vec<usize>,
        done: usize,
    },
    /// Body search `generation` has read every body.
    #[serde(skip)]
    BodySearchDone {
        generation: u64,
    },
}

/// Articles and problems that arrived together from the scan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

// Every field compares exactly (no floating point): equality is an equivalence.
impl Eq for Batch {}

impl Action {
    /// Every action a key can be bound to, in the order the help screen lists them.
    pub const BINDABLE: &'static [Action] = &[
        Action::MoveDown,
        Action::MoveUp,
        Action::Top,
        Action::Bottom,
        Action::PageDown,
        Action::PageUp,
        Action::Open,
        Action::BackToList,
        Action::Back,
        Action::NextPane,
        Action::PrevPane,
        Action::Search,
        Action::NextHit,
        Action::PrevHit,
        Action::TagPicker,
        Action::AuthorPicker,
        Action::FilterByTags,
        Action::FilterByAuthors,
        Action::ClearFilters,
        Action::CycleSort,
        Action::ReverseSort,
        Action::ToggleStar,
        Action::ToggleRead,
        Action::CopyUrl,
        Action::ToggleHighlight,
        Action::ToggleSidebar,
        Action::Problems,
        Action::Help,
        Action::Quit,
    ];

    /// The config name of a bindable action (`move_down`).
    pub fn name(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The bindable action called `name` in the config.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::BINDABLE.iter().find(|a| a.name() == name).cloned()
    }

    /// What the help screen says the action does.
    pub fn description(&self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::MoveDown => "next article / scroll down",
            Action::MoveUp => "previous article / scroll up",
            Action::Top => "first article / top of the article",
            Action::Bottom => "last article / end of the article",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Open => "open the selected article",
            Action::BackToList => "back to the list",
            Action::Back => "back to the list; in the list, drop the last filter",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::Search => "list: filter with a query; reader: search the article",
            Action::NextHit => "next search or keyword hit",
            Action::PrevHit => "previous search or keyword hit",
            Action::TagPicker => "pick a tag to filter by",
            Action::AuthorPicker => "pick an author to filter by",
            Action::FilterByTags => "filter by the selected article's tags",
            Action::FilterByAuthors => "filter by the selected article's authors",
            Action::ClearFilters => "clear all filters",
            Action::CycleSort => "cycle the sort field",
            Action::ReverseSort => "reverse the sort order",
            Action::ToggleStar => "star / unstar the article",
            Action::ToggleRead => "mark read / unread",
            Action::CopyUrl => "copy the article's URL (OSC 52)",
            Action::ToggleHighlight => "keyword highlighting on / off",
            Action::ToggleSidebar => "show / hide the metadata sidebar",
            Action::Problems => "list the problems found while loading",
            Action::Help => "this help",
            Action::Resize(..)
            | Action::Input(_)
            | Action::DeleteBack
            | Action::Submit
            | Action::Cancel
            | Action::Loaded(_)
            | Action::ScanProgress(_)
            | Action::ScanDone
            | Action::BodyMatches { .. }
            | Action::BodySearchDone { .. } => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindable_actions_round_trip_through_their_names() {
        for action in Action::BINDABLE {
            let name = action.name();
            assert!(!name.is_empty(), "{action:?} has no name");
            assert_eq!(Action::from_name(&name).as_ref(), Some(action));
        }
        assert_eq!(Action::MoveDown.name(), "move_down");
        assert_eq!(Action::from_name("resize"), None);
    }

    #[test]
    fn every_bindable_action_is_described() {
        for action in Action::BINDABLE {
            assert!(!action.description().is_empty(), "{action:?}");
        }
    }
}
