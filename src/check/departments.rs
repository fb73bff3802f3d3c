//! Department names: misspellings (a name used once, close to one used
//! often) and, when `content/departments.yaml` exists, names it lacks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Pos};
use crate::load::DepartmentDef;

/// One mention of a department in a task, as written.
pub(super) struct DeptUse {
    pub(super) jurisdiction: String,
    pub(super) name: String,
    pub(super) file: PathBuf,
    pub(super) pos: Pos,
}

/// The largest edit distance a suggestion is looked for at.
const MAX_DISTANCE: usize = 2;

/// Longest name, in characters, that gets suggestions: a name's deletion
/// variants grow with the square of its length, and no department is named
/// in more than a few dozen characters.
const MAX_NAME_CHARS: usize = 48;

/// Most names compared with one name. Only a crowd of near-identical names
/// (a generated register) reaches it, and there a suggestion means little.
const MAX_CANDIDATES: usize = 256;

/// Levenshtein distance over characters when it is at most `max`: only the
/// diagonal band that can stay within `max` is computed.
fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let inf = max + 1;
    let n = b.len();
    let mut prev: Vec<usize> = (0..=n).map(|j| j.min(inf)).collect();
    for i in 1..=a.len() {
        let mut cur = vec![inf; n + 1];
        cur[0] = i.min(inf);
        let mut row_min = cur[0];
        for j in i.saturating_sub(max).max(1)..=(i + max).min(n) {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(inf);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return None;
        }
        prev = cur;
    }
    (prev[n] <= max).then_some(prev[n])
}

/// Hashes of the strings left by deleting at most `max` characters of
/// `chars`, fewest deletions first, each once.
fn deletion_variants(chars: &[char], max: usize) -> Vec<u64> {
    let hash = |skip: &[usize]| {
        let mut h = std::hash::DefaultHasher::new();
        for (i, c) in chars.iter().enumerate() {
            if !skip.contains(&i) {
                h.write_u32(u32::from(*c));
            }
        }
        h.finish()
    };
    let mut out = vec![hash(&[])];
    if max >= 1 {
        out.extend((0..chars.len()).map(|i| hash(&[i])));
    }
    if max >= 2 {
        for i in 0..chars.len() {
            out.extend((i + 1..chars.len()).map(|j| hash(&[i, j])));
        }
    }
    let mut seen = HashSet::with_capacity(out.len());
    out.retain(|v| seen.insert(*v));
    out
}

/// Names near a given name, found without comparing every pair: two names
/// within distance d leave a common string when at most d characters are
/// deleted from each (a substitution deletes one on both sides), so each
/// name is filed under its deletion variants and a query looks up its own.
struct NearNames<'a> {
    names: Vec<(&'a str, Vec<char>)>,
    by_variant: HashMap<u64, Vec<usize>>,
}

impl<'a> NearNames<'a> {
    fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = NearNames {
            names: Vec::new(),
            by_variant: HashMap::new(),
        };
        for name in names {
            let chars: Vec<char> = name.chars().collect();
            if chars.len() > MAX_NAME_CHARS {
                continue;
            }
            let ix = index.names.len();
            for v in deletion_variants(&chars, MAX_DISTANCE) {
                index.by_variant.entry(v).or_default().push(ix);
            }
            index.names.push((name, chars));
        }
        index
    }

    /// The names within `max` (at most [`MAX_DISTANCE`]) edits of `name`,
    /// with their distances.
    fn near(&self, name: &str, max: usize) -> Vec<(&'a str, usize)> {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() > MAX_NAME_CHARS {
            return Vec::new();
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for v in deletion_variants(&chars, max.min(MAX_DISTANCE)) {
            for &ix in self.by_variant.get(&v).map(Vec::as_slice).unwrap_or(&[]) {
                if !seen.insert(ix) {
                    continue;
                }
                if seen.len() > MAX_CANDIDATES {
                    return out;
                }
                let (other, other_chars) = &self.names[ix];
                if let Some(d) = distance_within(&chars, other_chars, max) {
                    out.push((*other, d));
                }
            }
        }
        out
    }
}

/// How far a name may be from another to count as a misspelling: one
/// character for short names (two would pair most four-character bureaus),
/// two from six characters on.
fn max_typo_distance(name: &str) -> usize {
    if name.chars().count() >= 6 {
        2
    } else {
        1
    }
}

pub(super) fn check_departments(
    uses: &[DeptUse],
    register: &[DepartmentDef],
    diags: &mut Vec<Diagnostic>,
) {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for u in uses {
        *counts.entry((&u.jurisdiction, &u.name)).or_default() += 1;
    }
    let warn = |u: &DeptUse, msg: String, help: String| {
        Diagnostic::warning(&u.file, msg).at_pos(u.pos).help(help)
    };
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    if register.is_empty() {
        let mut by_jurisdiction: HashMap<&str, Vec<&str>> = HashMap::new();
        for (&(j, n), &c) in &counts {
            if c > 1 {
                by_jurisdiction.entry(j).or_default().push(n);
            }
        }
        let frequent: HashMap<&str, NearNames<'_>> = by_jurisdiction
            .into_iter()
            .map(|(j, names)| (j, NearNames::new(names)))
            .collect();
        for u in uses {
            let k = (u.jurisdiction.as_str(), u.name.as_str());
            if counts[&k] != 1 || !reported.insert(k) {
                continue;
            }
            let best = frequent
                .get(k.0)
                .map(|near| near.near(k.1, max_typo_distance(k.1)))
                .unwrap_or_default()
                .into_iter()
                .filter(|&(n, d)| n != k.1 && d >= 1)
                .map(|(n, d)| (d, std::cmp::Reverse(counts[&(k.0, n)]), n))
                .min();
            if let Some((_, std::cmp::Reverse(c), n)) = best {
                diags.push(warn(
                    u,
                    format!(
                        "department `{}` appears only once; did you mean {n}?",
                        u.name
                    ),
                    format!("`{n}` is named {c} times in {}", u.jurisdiction),
                ));
            }
        }
        return;
    }
    // (jurisdiction, name or alias) -> canonical names it stands for.
    let mut known: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    let mut by_jurisdiction: HashMap<&str, Vec<&str>> = HashMap::new();
    for d in register {
        for n in std::iter::once(&d.name).chain(&d.aliases) {
            let canon = known.entry((&d.jurisdiction, n)).or_default();
            if canon.is_empty() {
                by_jurisdiction.entry(&d.jurisdiction).or_default().push(n);
            }
            canon.push(&d.name);
        }
    }
    let near: HashMap<&str, NearNames<'_>> = by_jurisdiction
        .into_iter()
        .map(|(j, names)| (j, NearNames::new(names)))
        .collect();
    for u in uses {
        let k = (u.jurisdiction.as_str(), u.name.as_str());
        if known.contains_key(&k) || !reported.insert(k) {
            continue;
        }
        let nearest = near
            .get(k.0)
            .map(|n| n.near(k.1, MAX_DISTANCE))
            .unwrap_or_default()
            .into_iter()
            .flat_map(|(n, d)| known[&(k.0, n)].iter().map(move |&canon| (d, canon)))
            .min();
        let help = match nearest {
            Some((_, canon)) => format!(
                "did you mean {canon}? otherwise add `{}` to content/departments.yaml",
                u.name
            ),
            None => format!(
                "add `{}` under jurisdiction `{}` to content/departments.yaml",
                u.name, u.jurisdiction
            ),
        };
        diags.push(warn(
            u,
            format!(
                "department `{}` is not in content/departments.yaml{}",
                u.name,
                nearest.map_or(String::new(), |(_, c)| format!("; did you mean {c}?"))
            ),
            help,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(a: &str, b: &str, max: usize) -> Option<usize> {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        distance_within(&c(a), &c(b), max)
    }

    #[test]
    fn distance_counts_chars() {
        assert_eq!(within("市教育局", "市教肓局", 2), Some(1));
        assert_eq!(within("市教育局", "市敎育局", 2), Some(1));
        assert_eq!(within("市财政局", "市民政局", 2), Some(1));
        assert_eq!(within("市发展改革委", "市发展和改革委员会", 3), Some(3));
        assert_eq!(within("市发展改革委", "市发展和改革委员会", 2), None);
        assert_eq!(within("", "ab", 2), Some(2));
        assert_eq!(within("abcd", "dcba", 2), None);
        assert_eq!(within("kitten", "sitting", 3), Some(3));
    }

    #[test]
    fn near_names_are_those_within_the_distance() {
        let names = ["市教育局", "市财政局", "市人力资源和社会保障局", "教育局"];
        let near = NearNames::new(names);
        let mut got = near.near("市教肓局", 1);
        got.sort();
        assert_eq!(got, vec![("市教育局", 1)]);
        let mut got = near.near("市教局", 2);
        got.sort();
        assert_eq!(got, vec![("市教育局", 1), ("市财政局", 2), ("教育局", 2)]);
        assert!(near
            .near("市人力资源和社会保障", 1)
            .contains(&("市人力资源和社会保障局", 1)));
        assert!(near.near("县公安局", 1).is_empty());
    }

    #[test]
    fn near_names_agree_with_comparing_every_pair() {
        // Every name of up to four letters over a small alphabet: dense
        // enough that each variant is shared by many names.
        let mut names = Vec::new();
        for len in 1..=4u32 {
            for n in 0..3u32.pow(len) {
                let s: String = (0..len)
                    .map(|i| char::from(b'a' + ((n / 3u32.pow(i)) % 3) as u8))
                    .collect();
                names.push(s);
            }
        }
        let near = NearNames::new(names.iter().map(String::as_str));
        for q in ["ab", "abca", "cc", "bbbb"] {
            for max in 1..=2 {
                let mut got = near.near(q, max);
                got.sort();
                let mut want: Vec<(&str, usize)> = names
                    .iter()
                    .filter_map(|n| within(n, q, max).map(|d| (n.as_str(), d)))
                    .collect();
                want.sort();
                if want.len() <= MAX_CANDIDATES {
                    assert_eq!(got, want, "{q} within {max}");
                }
            }
        }
    }
}
