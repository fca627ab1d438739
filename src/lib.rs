//! quire: a terminal reader for a library of articles.
//!
//! The pure core (`library`, `query`, `highlight`, `text`, `fold`, `sanitize`) knows nothing of the
//! terminal; `app` holds the state and changes only in `App::update`; `ui` draws it.

pub mod config;
pub mod fold;
pub mod highlight;
pub mod library;
pub mod paths;
pub mod query;
pub mod sanitize;
pub mod text;
pub mod theme;
pub mod action;
pub mod app;
pub mod keymap;
pub mod ui;
