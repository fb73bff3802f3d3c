//! The importer: arbitrary bytes -> `import::import_bytes`, read as a
//! `.txt` and as a `.csv` file.
//!
//! Properties: no panic, no hang, bounded memory; every imported plan
//! serialises with `sitegen::to_yaml` (what `sitegen import` writes) to YAML
//! that `sitegen::parse_plan` (what `sitegen build` reads) loads back as the
//! same plan; for UTF-8 input, every guess in the `--report` names a line of
//! the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The extension only decides between CSV and plain text; binary formats
    // (PDF, Word, spreadsheets) are told by their bytes under either name.
    check(data, "fuzz.txt");
    check(data, "fuzz.csv");
});

fn check(data: &[u8], name: &str) {
    let Ok(imported) = sitegen::import_bytes(data, name) else {
        return;
    };
    // Lines as the importer numbers them (`str::lines` after a BOM).
    let lines = std::str::from_utf8(data)
        .ok()
        .map(|t| t.lines().count().max(1));
    for imp in imported {
        if let Some(n) = lines {
            for g in &imp.report {
                assert!(
                    (1..=n).contains(&g.line),
                    "guess on line {} of a {n}-line file: {}",
                    g.line,
                    g.message
                );
            }
        }
        let yaml = sitegen::to_yaml(&imp.plan);
        match sitegen::parse_plan(&yaml, Path::new("fuzz.yaml")) {
            Ok(back) => assert_eq!(back, imp.plan, "round trip changed the plan; YAML:\n{yaml}"),
            Err(d) => panic!("imported plan's YAML does not load: {d}\nYAML:\n{yaml}"),
        }
    }
}
