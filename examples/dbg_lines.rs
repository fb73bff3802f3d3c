fn main() {
    let p = std::env::args().nth(1).unwrap();
    let t = std::fs::read_to_string(p).unwrap();
    for l in sitegen::import::debug_lines(&t) {
        println!("{l}");
    }
}
