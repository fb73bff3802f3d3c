//! sitegen turns structured action-plan files into a cross-linked static portal.
//!
//! Pipeline (one stage, one type transition):
//! `load` (files -> [`model::Plan`]) -> `link` (plans -> [`link::Site`]) ->
//! `render` (site -> pages in memory) -> `output` (pages -> output dir, atomically).
//! `import` turns raw policy text into plans.

pub mod build;
pub mod bundle;
pub mod check;
pub mod config;
pub mod date;
pub mod diag;
pub mod import;
pub mod link;
pub mod load;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod slug;
