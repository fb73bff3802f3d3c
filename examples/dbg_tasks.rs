//! Prints each imported plan's metadata and tasks with their units:
//! `cargo run --example dbg_tasks -- <file>`.
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let b = std::fs::read(&p).unwrap();
    let plans = sitegen::import::import_bytes(&b, &p).unwrap();
    for im in plans {
        let pl = &im.plan;
        println!(
            "== {} | issuer {:?} | issued {:?} | published {:?}",
            pl.title, pl.issuer, pl.issued, pl.published
        );
        for g in &im.report {
            println!("  guess {}: {}", g.line, g.message);
        }
        for (path, t) in pl.tasks_with_path() {
            println!(
                "{:?} {} | L{:?} P{:?} R{:?}",
                path,
                t.title.chars().take(24).collect::<String>(),
                t.lead,
                t.partners,
                t.responsible
            );
        }
    }
}
