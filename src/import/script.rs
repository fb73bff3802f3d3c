//! Chinese script: traditional or simplified, conversion to simplified for
//! matching keywords, and removal of converter garbage (`關(guān)` -> `關`).
//!
//! Matching works on a simplified *shadow* of the text: [`simp_char`] maps
//! one traditional character to one simplified character (positions are
//! kept, so [`super::text::Folded`] can map matches back to the original
//! text), while titles and bodies keep the document's own script.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use zhconv::{zhconv, Variant};

use crate::model::{Plan, Section};

/// Traditional character -> simplified character, where the conversion is
/// one character for one character out of context.
static TO_SIMP: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
    for r in ranges {
        for u in r {
            let Some(c) = char::from_u32(u) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            let h = zhconv(s, Variant::ZhHans);
            let mut it = h.chars();
            if let (Some(x), None) = (it.next(), it.next()) {
                // 乾 (乾坤) is used in simplified text as it is.
                if x != c && c != '乾' {
                    m.insert(c, x);
                }
            }
        }
    }
    m
});

/// The simplified form of one character (itself if it has none).
pub(super) fn simp_char(c: char) -> char {
    if (c as u32) < 0x3400 {
        return c;
    }
    TO_SIMP.get(&c).copied().unwrap_or(c)
}

/// True for a character written differently in simplified script.
pub(super) fn is_traditional(c: char) -> bool {
    (c as u32) >= 0x3400 && TO_SIMP.contains_key(&c)
}

/// Text converted to simplified script, phrase by phrase (`zhconv`).
pub(super) fn to_simplified(s: &str) -> String {
    if !s.chars().any(is_traditional) {
        return s.to_string();
    }
    zhconv(s, Variant::ZhHans)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Simplified,
    Traditional,
}

impl Script {
    /// BCP 47 tag of the script.
    pub(super) fn lang(self) -> &'static str {
        match self {
            Script::Simplified => "zh-Hans",
            Script::Traditional => "zh-Hant",
        }
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The script of a text: traditional when a noticeable share of its Han
/// characters has a distinct simplified form.
pub(super) fn detect(text: &str) -> Script {
    let (mut han, mut trad) = (0usize, 0usize);
    for c in text.chars().filter(|&c| is_han(c)) {
        han += 1;
        if is_traditional(c) {
            trad += 1;
        }
    }
    if trad >= 3 && trad * 25 > han {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

/// A Han character followed by its romanisation in brackets, as left by
/// some web converters: `關(guān)`, `區(qū)`, `強(qiáng)`. Real brackets hold
/// Han text, digits or capitals and are never matched. Where mojibake ate
/// the character (`向?qū)`), the `?` is kept to mark the loss.
static ROMANISATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\p{Han}|[?^\x{FFFD}][(\x{FF08}]?)[(\x{FF08}]?([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜêếềḿńňǹ]{1,6})[)\x{FF09}]",
    )
    .expect("romanisation pattern")
});

/// One pinyin syllable (tone marks removed, ü as v).
static SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|ve|vn|a|e|i|o|u|v)$|^(m|n|ng|hm|hng)$",
    )
    .expect("syllable pattern")
});

fn is_pinyin(s: &str) -> bool {
    let base: String = s
        .chars()
        .map(|c| match c {
            'ā' | 'á' | 'ǎ' | 'à' => 'a',
            'ē' | 'é' | 'ě' | 'è' | 'ê' | 'ế' | 'ề' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'v',
            'ḿ' => 'm',
            'ń' | 'ň' | 'ǹ' => 'n',
            c => c,
        })
        .collect();
    SYLLABLE.is_match(&base)
}

/// Removes romanisation garbage after Han characters; leaves real brackets.
pub(super) fn strip_romanisation(s: &str) -> String {
    if !s.contains(')') && !s.contains('\u{FF09}') {
        return s.to_string();
    }
    ROMANISATION
        .replace_all(s, |c: &regex::Captures<'_>| {
            let lost = c[1].starts_with(['?', '^', '\u{FFFD}']);
            let bracketed = c[0].contains(['(', '\u{FF08}']);
            // A bare letter without tone, `(a)`, is more likely a real label.
            let syllable = &c[2];
            let plausible = syllable.chars().count() > 1 || !syllable.is_ascii();
            if plausible && is_pinyin(syllable) && (bracketed || lost) {
                c[1].chars().next().map(String::from).unwrap_or_default()
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

/// Unit names are stored in simplified script (one name for one
/// department whatever the document's script).
pub(super) fn simplify_units(plan: &mut Plan) {
    fn walk(s: &mut [Section]) {
        for sec in s {
            for t in &mut sec.tasks {
                for list in [&mut t.lead, &mut t.partners, &mut t.responsible] {
                    for u in list.iter_mut() {
                        *u = to_simplified(u);
                    }
                }
            }
            walk(&mut sec.sections);
        }
    }
    walk(&mut plan.sections);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanisation_goes_real_brackets_stay() {
        assert_eq!(
            strip_romanisation("關(guān)于印發(fā)方案,實現(xiàn)目標,堅強(qiáng)領(lǐng)導"),
            "關于印發方案,實現目標,堅強領導"
        );
        assert_eq!(strip_romanisation("執(zhí)行,區(qū)域"), "執行,區域");
        assert_eq!(strip_romanisation("向?qū)W,塔頂?shù)"), "向?W,塔頂?");
        assert_eq!(strip_romanisation("計算(a)+f(x)"), "計算(a)+f(x)");
        for keep in [
            "行动计划(2021—2023年)",
            "(一)指导思想",
            "(责任单位:市教育局)",
            "各县(市、区)人民政府",
            "采用(PPP)模式",
            "平台(app)",
        ] {
            assert_eq!(strip_romanisation(keep), keep);
        }
    }

    #[test]
    fn simplified_shadow_and_detection() {
        assert_eq!(simp_char('務'), '务');
        assert_eq!(simp_char('务'), '务');
        assert_eq!(simp_char('著'), '著');
        assert_eq!(to_simplified("主要任務"), "主要任务");
        assert_eq!(to_simplified("市教育體育局"), "市教育体育局");
        assert_eq!(to_simplified("显著提升"), "显著提升");
        assert_eq!(
            detect("西寧市人民政府辦公廳關于印發實施方案的通知"),
            Script::Traditional
        );
        assert_eq!(detect("贵港市教育提质行动计划"), Script::Simplified);
        assert_eq!(detect("abc"), Script::Simplified);
    }
}
