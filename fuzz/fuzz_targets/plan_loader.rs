//! Plan files: arbitrary bytes -> `sitegen::parse_plan` -> link -> render.
//!
//! Properties: no panic, no hang, bounded memory; an error's line and
//! column lie inside the input; a plan that loads serialises with
//! `sitegen::to_yaml` to YAML that loads back as the same plan; a plan that
//! loads renders with the default theme (all in memory, nothing written).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitegen::{Config, Content, LoadedPlan, Renderer};

fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| {
        // The repository's own default theme: fuzz/ sits in the repo root.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        Renderer::load(&root, "default")
            .unwrap_or_else(|d| panic!("cannot load themes/default: {d}"))
    })
}

fuzz_target!(
    init: {
        // One rendering thread: libFuzzer measures and limits one process, and
        // a single thread keeps findings reproducible.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
        renderer();
    },
    |data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let shown = Path::new("fuzz.yaml");
        let plan = match sitegen::parse_plan(text, shown) {
            Ok(p) => p,
            Err(d) => {
                check_position(text, d.line, d.column);
                let _ = d.to_string();
                return;
            }
        };

        // What sitegen writes (import, to_yaml) must read back unchanged.
        let yaml = sitegen::to_yaml(&plan);
        match sitegen::parse_plan(&yaml, shown) {
            Ok(back) => assert_eq!(back, plan, "round trip changed the plan; YAML:\n{yaml}"),
            Err(d) => panic!("to_yaml wrote YAML that does not load: {d}\nYAML:\n{yaml}"),
        }

        // `load_plan_file` refuses an invalid `slug:`; otherwise the file stem.
        let slug = match &plan.slug {
            Some(s) if sitegen::is_valid_slug(s) => s.clone(),
            Some(_) => return,
            None => "fuzz".to_string(),
        };
        let content = Content {
            plans: vec![LoadedPlan {
                slug,
                file: PathBuf::from("content/plans/fuzz.yaml"),
                positions: sitegen::plan_positions(text),
                plan,
            }],
            ..Default::default()
        };
        if let Err(d) = renderer().render(Config::default(), content) {
            panic!("a plan that loads failed to render with the default theme:\n{d}");
        }
    }
);

/// A diagnostic's 1-based line and character column point into the text
/// (column one past the end of the line is allowed: "expected more here").
fn check_position(text: &str, line: usize, column: usize) {
    if line == 0 {
        return;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        line <= lines.len(),
        "diagnostic line {line} but the input has {} lines",
        lines.len()
    );
    let chars = lines[line - 1].chars().count();
    assert!(
        column <= chars + 1,
        "diagnostic column {column} but line {line} has {chars} characters"
    );
}
