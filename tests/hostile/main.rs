//! Hostile and pathological input, one module per stage: each attack is
//! refused with a clear message, or handled, in bounded time and memory
//! (enforced by the harness: `common::sitegen_within` kills a child that
//! passes its bounds, and the test fails), and nothing outside the site is
//! read or published. `cargo test --test hostile -- --nocapture` prints
//! what each attack costs now.

#[path = "../common/mod.rs"]
mod common;

mod import;
mod link;
mod load;
mod render;
mod serve;
