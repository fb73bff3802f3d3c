//! Identity of a department name: how two spellings of one body compare.

/// Whitespace inside a name is an artefact of the source layout.
pub(crate) fn normalize(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Identity of a department: whitespace folded and script folded to
/// simplified, so 市教育局 in a traditional-script plan (市教育局 / 市敎育局)
/// is the same body as in a simplified one.
pub(crate) fn department_key(jurisdiction: &str, name: &str) -> (String, String) {
    let fold = |s: &str| zhconv::zhconv(&normalize(s), zhconv::Variant::ZhHans);
    (fold(jurisdiction), fold(name))
}
