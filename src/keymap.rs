//! Keys to actions: one table, the defaults of DESIGN.md, rebindable from the config.

use crate::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// A key with the modifiers that matter (Shift is folded into the character for printable keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Parses `q`, `G`, `?`, `ctrl-c`, `alt-x`, `enter`, `esc`, `tab`, `shift-tab`, `space`,
    /// `up`, `pgdn`, `home`, `f1`…
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else if rest.chars().count() > 1 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if shift => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "delete" | "del" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            lower => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if shift => KeyCode::Char(c.to_ascii_uppercase()),
                    (Some(c), None) => KeyCode::Char(c),
                    _ => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                        Some(n @ 1..=24) => KeyCode::F(n),
                        _ => return Err(format!("unknown key '{s}'")),
                    },
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    /// The key a terminal event stands for.
    pub fn from_event(event: &KeyEvent) -> Key {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let code = match event.code {
            // Terminals report Ctrl-letters in either case: bind them by the lower-case letter.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        Key { code, ctrl, alt }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The defaults, as DESIGN.md lists them.
const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::MoveDown, &["j", "down"]),
    (Action::MoveUp, &["k", "up"]),
    (Action::Top, &["g", "home"]),
    (Action::Bottom, &["G", "end"]),
    (Action::PageDown, &["space", "pgdn", "ctrl-f", "ctrl-d"]),
    (Action::PageUp, &["b", "pgup", "ctrl-b", "ctrl-u"]),
    (Action::Open, &["enter", "l", "right"]),
    (Action::BackToList, &["h", "left"]),
    (Action::Back, &["esc"]),
    (Action::NextPane, &["tab"]),
    (Action::PrevPane, &["shift-tab"]),
    (Action::Search, &["/"]),
    (Action::NextHit, &["n"]),
    (Action::PrevHit, &["N"]),
    (Action::TagPicker, &["t"]),
    (Action::AuthorPicker, &["a"]),
    (Action::FilterByTags, &["T"]),
    (Action::FilterByAuthors, &["A"]),
    (Action::ClearFilters, &["c"]),
    (Action::CycleSort, &["s"]),
    (Action::ReverseSort, &["S"]),
    (Action::ToggleStar, &["*"]),
    (Action::ToggleRead, &["r"]),
    (Action::CopyUrl, &["y"]),
    (Action::ToggleHighlight, &["H"]),
    (Action::ToggleSidebar, &["i"]),
    (Action::Problems, &["!"]),
    (Action::Help, &["?"]),
    (Action::Quit, &["q", "ctrl-c"]),
];

/// Keys to actions.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: std::collections::HashMap<Key, Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = std::collections::HashMap::new();
        for (action, keys) in DEFAULTS {
            for key in *keys {
                // The table is ours: a key that does not parse is a bug caught by the tests.
                if let Ok(key) = Key::parse(key) {
                    bindings.insert(key, action.clone());
                }
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with the config's `keys:` applied: each named action gets exactly the keys
    /// given (its default keys are dropped), and a key taken by another action moves.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for (name, keys) in overrides {
            let action = Action::from_name(name).ok_or_else(|| {
                format!("keys: unknown action '{name}' (see `?` in quire for the list)")
            })?;
            map.bindings.retain(|_, a| *a != action);
            for key in keys {
                let key = Key::parse(key).map_err(|e| format!("keys: {name}: {e}"))?;
                map.bindings.insert(key, action.clone());
            }
        }
        // Quitting must stay possible whatever the config says.
        if !map.bindings.values().any(|a| *a == Action::Quit) {
            map.bindings
                .insert(Key::plain(KeyCode::Char('q')), Action::Quit);
        }
        Ok(map)
    }

    pub fn action(&self, key: &Key) -> Option<&Action> {
        self.bindings.get(key)
    }

    /// The keys bound to `action`, in a stable order.
    pub fn keys_for(&self, action: &Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect();
        // Show the letter before arrows and named keys, as the DESIGN table does.
        keys.sort_by_key(|k| (!matches!(k.code, KeyCode::Char(_)) || k.ctrl, k.to_string()));
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses_and_none_is_bound_twice() {
        let mut seen = std::collections::HashMap::new();
        for (action, keys) in DEFAULTS {
            for key in *keys {
                let parsed = Key::parse(key).unwrap_or_else(|e| panic!("{e}"));
                if let Some(other) = seen.insert(parsed, action.clone()) {
                    panic!("{key} is bound to both {other:?} and {action:?}");
                }
            }
        }
    }

    #[test]
    fn every_bindable_action_has_a_default_key() {
        let map = Keymap::default();
        for action in Action::BINDABLE {
            assert!(!map.keys_for(action).is_empty(), "{action:?} has no key");
        }
    }

    #[test]
    fn upper_case_letters_are_their_own_keys() {
        let map = Keymap::default();
        let g = Key::parse("g").unwrap();
        let big_g = Key::parse("G").unwrap();
        assert_eq!(map.action(&g), Some(&Action::Top));
        assert_eq!(map.action(&big_g), Some(&Action::Bottom));
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            map.action(&Key::from_event(&shift_g)),
            Some(&Action::Bottom)
        );
    }

    #[test]
    fn ctrl_c_quits_whatever_case_the_terminal_sends() {
        let map = Keymap::default();
        let event = KeyEvent::new(KeyCode::Char('C'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&Key::from_event(&event)), Some(&Action::Quit));
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        let mut over = BTreeMap::new();
        over.insert("quit".to_string(), vec!["x".to_string()]);
        let map = Keymap::with_overrides(&over).unwrap();
        assert_eq!(map.action(&Key::parse("x").unwrap()), Some(&Action::Quit));
        assert_eq!(map.action(&Key::parse("q").unwrap()), None);
    }

    #[test]
    fn unknown_action_and_key_are_errors() {
        let mut over = BTreeMap::new();
        over.insert("fly".to_string(), vec!["x".to_string()]);
        assert!(Keymap::with_overrides(&over).unwrap_err().contains("fly"));
        let mut over = BTreeMap::new();
        over.insert("quit".to_string(), vec!["hyper-x".to_string()]);
        assert!(Keymap::with_overrides(&over).is_err());
    }
}
