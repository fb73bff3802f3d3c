//! sitegen turns structured action-plan files into a cross-linked static
//! portal: a page per plan and per task, a department index, a target
//! timeline, search and open data, working from any static host and from disk.
//!
//! Pipeline (one stage, one type transition, see `docs/architecture.md`):
//! `load` (files -> [`Content`]) -> `link` (content -> the site graph) ->
//! `render` (graph -> [`Page`]s in memory) -> `output` (pages -> the output
//! directory, swapped in atomically). [`import_bytes`] turns the documents
//! publishers have into [`Plan`]s.
//!
//! Every fallible function returns [`Diagnostic`]s (`file:line:col: level:
//! message`, with a help line); the library never prints: the `sitegen`
//! binary does.

mod build;
mod bundle;
mod check;
mod config;
mod date;
mod diag;
mod import;
mod link;
mod load;
mod model;
mod names;
mod output;
mod progress;
mod render;
mod scaffold;
mod schema;
mod serve;
mod slug;

pub use build::{build, render_in_memory, BuildOptions, BuildReport, Rendered};
pub use bundle::{bundle, BundleOptions, BundleReport};
pub use check::{check, check_links, format_json, format_text, LinkReport};
pub use config::Config;
pub use date::Date;
pub use diag::{escape_json, escape_line, escape_text, Diagnostic, Diagnostics, Level, Pos};
pub use import::{
    debug_lines, import_bytes, import_text, run as import_files, FileOutcome, Guess, ImportOptions,
    Imported, PlanOutcome, Written,
};
pub use load::{
    parse_plan, plan_positions, to_yaml, Content, DepartmentDef, LoadedPlan, PlanPositions,
    SectionPositions, TaskPositions,
};
pub use model::{Period, Plan, Section, Target, Task};
pub use progress::{Progress, Reporter, Stage};
pub use render::{Page, Renderer};
pub use scaffold::init;
pub use schema::plan_schema_json;
pub use serve::{serve, ServeLog, ServeMessage, ServeOptions};
pub use slug::is_valid as is_valid_slug;
