//! quire: a terminal reader for a library of articles.
//!
//! The pure core (`library`, `query`, `highlight`, `text`, `fold`, `sanitize`) knows nothing of the
//! terminal; `app` holds the state and changes only in `App::update`; `ui` draws it; `tui` runs the
//! event loop; `commands` are the headless subcommands.

pub mod action;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod fold;
pub mod highlight;
pub mod keymap;
pub mod library;
pub mod paths;
pub mod process;
pub mod query;
pub mod sanitize;
pub mod setup;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
