//! Accountable units: brackets such as 〔牵头单位:市教育局;配合单位:市财政局〕
//! or (责任单位:…), split into names with the jurisdiction prefix
//! distributed (市财政局、自然资源局 -> 市财政局, 市自然资源局).

use std::sync::LazyLock;

use regex::Regex;

use super::structure::simp;
use super::text::{fold as fold_width, fold_char};

/// Width fold plus the (temporary) traditional -> simplified keyword fold;
/// both map one char to one char of the same UTF-8 length for CJK text.
fn fold(s: &str) -> String {
    simp(&fold_width(s))
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Units {
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub responsible: Vec<String>,
    /// Bare names found before any prefixed name: prefix unknown.
    pub unprefixed: Vec<String>,
    /// Named without 牵头/配合 labels (`(甲、乙负责)`): lead unknown.
    pub unlabelled: bool,
}

impl Units {
    pub(super) fn is_empty(&self) -> bool {
        self.lead.is_empty() && self.partners.is_empty() && self.responsible.is_empty()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Partner,
    Responsible,
    /// 指导: leads when others take part, else responsible.
    Guide,
}

/// Every label of the family, longest first where one begins another
/// (`牵头责任单位` before `牵头单位`, `责任单位及承办科室` before `责任单位`).
/// Not 主办单位 or 承办单位: on a web page those label the site's footer.
const LABELS: &str = "牵头责任单位|牵头责任部门|牵头单位|牵头部门|主责单位|主要责任单位|责任单位及承办科室|责任单位及责任人|责任单位|责任部门|责任科室|责任主体|配合责任单位|配合单位|配合部门|参与单位|参与部门|协办单位|协同单位|协同部门|协作单位|指导单位|指导部门";

static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"({LABELS})\s*:")).unwrap());
static LABEL_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*({LABELS})\s*:")).unwrap());

fn role(label: &str) -> Role {
    if label.starts_with("牵头") {
        Role::Lead
    } else if label.starts_with("配合") || label.starts_with("参与") || label.starts_with("协")
    {
        Role::Partner
    } else if label.starts_with("指导") {
        Role::Guide
    } else {
        Role::Responsible
    }
}

fn is_open(c: char) -> bool {
    matches!(fold_char(c), '(' | '[' | '{')
        || matches!(c, '〔' | '【' | '《' | '〈' | '“' | '‘' | '［')
}

fn is_close(c: char) -> bool {
    matches!(fold_char(c), ')' | ']' | '}')
        || matches!(c, '〕' | '】' | '》' | '〉' | '”' | '’' | '］')
}

/// Removes every unit bracket from `text`, returning the text without them
/// and the units named. A whole paragraph `牵头单位:…` counts as a bracket.
pub(super) fn extract(text: &str) -> (String, Units) {
    let mut units = Units::default();
    if LABEL_START.is_match(&fold(text)) {
        parse_content(text, &mut units);
        return (String::new(), units);
    }
    if let Some((kept, content)) = run_in(text) {
        parse_suffixed(&content, &mut units);
        if !units.is_empty() {
            let (rest, more) = extract(&kept);
            merge(&mut units, more);
            return (rest, units);
        }
        units = Units::default();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_open(c) && !matches!(c, '《' | '〈' | '“' | '‘') {
            let after: String = chars[i + 1..].iter().take(12).collect();
            let labelled = LABEL_START.is_match(&fold(&after));
            let suffixed = !labelled && suffix_style(&chars[i..]).is_some();
            if suffixed {
                let (len, content) = suffix_style(&chars[i..]).unwrap_or_default();
                parse_suffixed(&content, &mut units);
                i += len;
                continue;
            }
            if labelled {
                // Find the matching close bracket.
                let mut depth = 0i32;
                let mut j = i;
                while j < chars.len() {
                    if is_open(chars[j]) {
                        depth += 1;
                    } else if is_close(chars[j]) {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                let content: String = chars[i + 1..j.min(chars.len())].iter().collect();
                parse_content(&content, &mut units);
                i = j + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    let out = out.trim().to_string();
    (out, units)
}

/// True when `text` names accountable units in a bracket or run-in clause.
pub(super) fn has_units(text: &str) -> bool {
    !extract(text).1.is_empty()
}

fn merge(into: &mut Units, u: Units) {
    for (dst, src) in [
        (&mut into.lead, u.lead),
        (&mut into.partners, u.partners),
        (&mut into.responsible, u.responsible),
    ] {
        for n in src {
            if !dst.contains(&n) {
                dst.push(n);
            }
        }
    }
    into.unprefixed.extend(u.unprefixed);
    into.unlabelled |= u.unlabelled;
}

/// A closing run-in clause `甲牵头,乙、丙负责` (the last sentence, or the
/// one before a closing deadline sentence such as `2024年底前完成。`, or the
/// whole paragraph): (the text without it, the clause). Every part must end
/// in a role word and one must be 牵头, so ordinary sentences never match.
fn run_in(text: &str) -> Option<(String, String)> {
    let t = text.trim_end_matches(['。', ' ', '\u{3000}']);
    let mut end = t.len();
    for _ in 0..2 {
        let start = t[..end].rfind('。').map_or(0, |i| i + '。'.len_utf8());
        let clause = &t[start..end];
        if is_run_in(clause, start == 0) {
            let kept = format!("{}{}", &t[..start], t[end..].trim_start_matches('。'));
            return Some((kept, clause.to_string()));
        }
        if start == 0 {
            break;
        }
        end = start - '。'.len_utf8();
    }
    None
}

/// `whole`: the clause is the whole paragraph, where `甲负责，乙指导。`
/// without 牵头 is a line of units when every name is a unit's name.
fn is_run_in(clause: &str, whole: bool) -> bool {
    let f = fold(clause);
    // A sentence cut out of a bracket (`x(甲、乙等负责。…)`) is not a clause.
    let opens = f.chars().filter(|&c| is_open(c)).count();
    if f.chars().count() > 200
        || f.chars().count() < 4
        || opens != f.chars().filter(|&c| is_close(c)).count()
    {
        return false;
    }
    if !(f.contains("牵头") || (whole && names_are_units(clause))) {
        return false;
    }
    let segs = split_top(clause, &[',', ';']);
    for (k, seg) in segs.iter().enumerate() {
        let sf = fold(seg.trim());
        // `甲牵头,乙、丙,各县政府负责`: a list without its own role word
        // shares the next one; the clause must close on a role word.
        let base = match ROLE_END.captures(&sf).and_then(|c| c.get(1)) {
            Some(m) => m.as_str().to_string(),
            None if k + 1 < segs.len() => sf.clone(),
            None => return false,
        };
        let names = split_list(&base);
        if names.is_empty()
            || names.iter().any(|n| {
                n.chars().count() > 24
                    || n.contains(['“', '”', '《', '由', '在', '对', '把', '将', '以'])
            })
        {
            return false;
        }
    }
    true
}

/// Every part of a `甲负责，乙指导` clause names bodies (their names end as
/// bodies' names do), so `学校负责，家长配合` is a sentence, not units.
fn names_are_units(clause: &str) -> bool {
    static BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(局|委|厅|办|部|院|会|府|中心|公司|集团|队|所|站|行|室|处|科|团|联|馆|社|署|区|县|市)$").unwrap()
    });
    split_top(clause, &[',', ';']).iter().all(|seg| {
        let sf = fold(seg.trim());
        ROLE_END
            .captures(&sf)
            .and_then(|c| c.get(1))
            .is_some_and(|m| split_list(m.as_str()).iter().all(|n| BODY.is_match(n)))
    })
}

static ROLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(.+?)(?:牵头负责|牵头|按职责分工负责|按职责负责|分别负责|负责落实|负责|配合|参与|指导|落实)$",
    )
    .unwrap()
});

fn matching_close(chars: &[char]) -> Option<usize> {
    let mut depth = 0i32;
    for (j, &c) in chars.iter().enumerate() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

static SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(牵头|负责|配合|参与|指导|负责落实)$").unwrap());

/// A bracket naming units by suffix: `(财政部牵头,各地区按职责分工负责)`.
/// Returns the bracket's length in chars and its content.
fn suffix_style(chars: &[char]) -> Option<(usize, String)> {
    if !matches!(fold_char(chars[0]), '(') {
        return None;
    }
    let end = matching_close(&chars[..chars.len().min(300)])?;
    let mut content: String = chars[1..end].iter().collect();
    // `(甲、乙等负责。列第一位者为牵头单位,下同)`, `(甲指导,乙负责落实。以下…)`:
    // drop the trailing note.
    if let Some(p) = content.find('。') {
        if SUFFIX.is_match(fold(&content[..p]).trim()) {
            content.truncate(p);
        }
    }
    let f = fold(&content);
    let f = f.trim();
    // `(甲负责,各县政府落实)`: 落实 closes a list of units only after a
    // part that names a role; alone (`(抓好落实)`) it is an ordinary verb.
    let carried_out = f.ends_with("落实") && (f.contains("负责,") || f.contains("牵头,"));
    if f.contains('。') || f.chars().count() < 3 || !(SUFFIX.is_match(f) || carried_out) {
        return None;
    }
    Some((end + 1, content))
}

fn parse_suffixed(content: &str, units: &mut Units) {
    let mut lead = Vec::new();
    let mut guide = Vec::new();
    let mut partners = Vec::new();
    let mut others = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for seg in split_top(content, &[',', ';']) {
        let seg = seg.trim();
        let f = fold(seg);
        let role = if f.ends_with("牵头") || f.ends_with("牵头负责") {
            Some(Role::Lead)
        } else if f.ends_with("配合") || f.ends_with("参与") {
            Some(Role::Partner)
        } else if f.ends_with("指导") {
            Some(Role::Guide)
        } else if f.ends_with("负责") || f.ends_with("落实") {
            Some(Role::Responsible)
        } else {
            None
        };
        let base = ROLE_END
            .captures(&f)
            .filter(|_| role.is_some())
            .and_then(|c| c.get(1))
            .map_or(seg.to_string(), |m| {
                seg.chars().take(m.as_str().chars().count()).collect()
            });
        pending.extend(split_list(&base));
        match role {
            Some(Role::Lead) => lead.append(&mut pending),
            Some(Role::Guide) => guide.append(&mut pending),
            Some(Role::Partner) => partners.append(&mut pending),
            Some(Role::Responsible) => others.append(&mut pending),
            None => {}
        }
    }
    others.append(&mut pending);
    // 甲指导,乙参与: the guiding unit leads; 甲指导 alone: responsible.
    if lead.is_empty() && !partners.is_empty() {
        lead.append(&mut guide);
    } else {
        guide.append(&mut others);
        others = guide;
    }
    let n_lead = lead.len();
    let n_part = partners.len();
    let mut names: Vec<String> = lead.into_iter().chain(partners).chain(others).collect();
    units.unprefixed.extend(distribute(&mut names));
    let with_lead = n_lead > 0;
    units.unlabelled |= !with_lead;
    for (k, name) in names.into_iter().enumerate() {
        let list = if k < n_lead {
            &mut units.lead
        } else if k < n_lead + n_part || with_lead {
            &mut units.partners
        } else {
            &mut units.responsible
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
}

fn split_top(s: &str, seps: &[char]) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0i32;
    for c in s.chars() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
        }
        if depth <= 0 && seps.contains(&fold_char(c)) {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// `牵头单位:A;配合单位:B、C` -> units, prefix distributed across the lists.
fn parse_content(content: &str, units: &mut Units) {
    let f = fold(content);
    let marks: Vec<(usize, usize, Role)> = LABEL
        .captures_iter(&f)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((m.start(), m.end(), role(c.get(1)?.as_str())))
        })
        .collect();
    let mut all: Vec<(Role, String)> = Vec::new();
    // `责任单位:甲;时间节点:2025年11月`: another field ends the list.
    static FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{Han}{2,6}\s*:").unwrap());
    for (k, &(_, end, r)) in marks.iter().enumerate() {
        let next = marks.get(k + 1).map_or(f.len(), |m| m.0);
        let stop = FIELD.find(&f[end..next]).map_or(next, |m| end + m.start());
        // Byte offsets of the folded text map to chars one for one.
        let seg = char_range(content, &f, end, stop);
        for name in split_list(&seg) {
            all.push((r, name));
        }
    }
    let mut names: Vec<String> = all.iter().map(|(_, n)| without_office(n)).collect();
    units.unprefixed.extend(distribute(&mut names));
    // `指导部门:甲;参与单位:乙`: the guide leads the work others take part in.
    let guide_leads =
        all.iter().any(|(r, _)| *r == Role::Partner) && !all.iter().any(|(r, _)| *r == Role::Lead);
    for ((r, _), name) in all.iter().zip(names) {
        let list = match r {
            Role::Lead => &mut units.lead,
            Role::Guide if guide_leads => &mut units.lead,
            Role::Partner => &mut units.partners,
            Role::Responsible | Role::Guide => &mut units.responsible,
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
}

/// `市市场监管局（登记注册科）` -> `市市场监管局`: the office in brackets
/// (责任单位及承办科室) is part of the unit, which the index lists once.
fn without_office(name: &str) -> String {
    static OFFICE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.{2,}?)[(（][^()（）]{1,20}[科处室股][)）]$").unwrap());
    OFFICE
        .captures(name)
        .map_or_else(|| name.to_string(), |c| c[1].to_string())
}

fn char_range(orig: &str, folded: &str, start: usize, end: usize) -> String {
    let a = folded[..start].chars().count();
    let b = folded[..end].chars().count();
    orig.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// Splits a list on 、,;/ and whitespace, never inside brackets:
/// 各县(市、区)人民政府 stays whole.
pub(super) fn split_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        let f = fold_char(c);
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
        }
        if depth <= 0 && (matches!(f, ',' | ';' | '/' | '、' | '。') || f.is_whitespace()) {
            push_name(&mut out, &cur);
            cur.clear();
            depth = 0;
        } else {
            cur.push(c);
        }
    }
    push_name(&mut out, &cur);
    join_collectives(out)
}

/// `各区、市政府` and `各区、县级市` name one collective: a bare level word
/// after a short `各X` joins it.
fn join_collectives(names: Vec<String>) -> Vec<String> {
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:县级市|[市县区旗](?:人民)?(?:政府)?|[市县区](?:委|党委)?)$").unwrap()
    });
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if let Some(prev) = out.last_mut() {
            if prev.starts_with('各') && prev.chars().count() <= 4 && BARE.is_match(&n) {
                prev.push('、');
                prev.push_str(&n);
                continue;
            }
        }
        out.push(n);
    }
    out
}

/// Words that mark a bracket note, not a unit: `列第一位的为牵头单位`, `下同`.
fn is_note(n: &str) -> bool {
    ["第一位", "下同", "为牵头", "不再列出", "以下均"]
        .iter()
        .any(|w| n.contains(w))
}

fn push_name(out: &mut Vec<String>, raw: &str) {
    let raw = simp(raw);
    if is_note(&fold(&raw)) {
        return;
    }
    // `甲等国务院相关部门及各地区` -> 甲, 国务院相关部门, 各地区.
    let mut parts = vec![raw.clone()];
    for sep in [
        "及各",
        "及相关",
        "及有关",
        "和各",
        "和市",
        "和省",
        "和区",
        "和县",
        "及市",
        "及省",
    ] {
        parts = parts
            .into_iter()
            .flat_map(|p| match p.find(sep) {
                // `…和市场监管局` is one name, `A和市B` two.
                Some(i) if i > 0 && !p[i + sep.len()..].starts_with('场') => {
                    let conj = sep.chars().next().map_or(0, char::len_utf8);
                    vec![p[..i].to_string(), p[i + conj..].to_string()]
                }
                _ => vec![p],
            })
            .collect();
    }
    if parts.len() > 1 {
        for p in parts {
            push_name(out, &p);
        }
        return;
    }
    if let Some(i) = raw.find('等') {
        let right = &raw[i + '等'.len_utf8()..];
        if i > 0
            && right.chars().count() >= 4
            && ["相关", "有关", "部门", "单位", "地区"]
                .iter()
                .any(|w| right.contains(w))
        {
            push_name(out, &raw[..i]);
            push_name(out, right);
            return;
        }
    }
    push_one(out, &raw);
}

fn push_one(out: &mut Vec<String>, raw: &str) {
    let mut n = raw
        .trim()
        .trim_matches(|c: char| matches!(fold_char(c), ':' | '.'))
        .trim();
    if matches!(n, "等" | "等部门" | "等单位") {
        return;
    }
    for suffix in [
        "按职责分工负责",
        "按职责负责",
        "分别负责",
        "负责",
        "等部门",
        "等单位",
        "等",
    ] {
        if let Some(s) = n.strip_suffix(suffix) {
            if s.chars().count() >= 2 {
                n = s;
            }
        }
    }
    if !n.is_empty() {
        out.push(n.to_string());
    }
}

const LEVEL: [char; 5] = ['市', '州', '县', '区', '省'];

/// The level prefix a name starts with (市教育局 -> 市), if any.
fn level_prefix(name: &str) -> Option<char> {
    let c = name.chars().next()?;
    if !LEVEL.contains(&c) || name.starts_with("市场") || name.starts_with("区块") {
        return None;
    }
    Some(c)
}

/// Province-level places: a name starting with one carries its own place.
const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];

/// Undoes a level prefix given to a name that starts with the plan's own
/// place (`市东莞供电局` -> `东莞供电局` in a 东莞市 plan).
pub(super) fn own_place(name: &str, jurisdiction: &str) -> Option<String> {
    let stem = jurisdiction.trim_end_matches(['市', '省', '县', '区', '州']);
    if stem.chars().count() < 2 {
        return None;
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    (LEVEL.contains(&first) && rest.starts_with(stem)).then(|| rest.to_string())
}

/// True when a name carries its own place or level: 市教育局, 团市委,
/// 平南县人民政府, 各县(市、区)人民政府, 中共…, 国家….
fn has_own_prefix(name: &str) -> bool {
    if level_prefix(name).is_some() {
        return true;
    }
    for p in [
        "各",
        "全",
        "中共",
        "中国",
        "国家",
        "国务院",
        "自治区",
        "省",
        "党",
        "人大",
        "政协",
    ] {
        if name.starts_with(p) {
            return true;
        }
    }
    if name.contains("政府") || name.contains("人大") || name.contains("政协") {
        return true;
    }
    // A province-level place (北京金融监管局, 重庆…) or a generic body
    // (有关行业主管部门): no level to add. (The plan's own place, as in
    // 东莞港务集团, is seen by `own_place`.)
    if PROVINCES.iter().any(|p| name.starts_with(p))
        || ["有关", "相关", "其他", "其余", "驻"]
            .iter()
            .any(|p| name.starts_with(p))
    {
        return true;
    }
    // A place name inside the first few characters: 团市委, 港北区教育局, 高新区.
    let mut probe = name.to_string();
    for w in [
        "城市", "市场", "超市", "都市", "社区", "园区", "小区", "景区", "城区", "山区", "街区",
        "校区", "地区",
    ] {
        probe = probe.replace(w, "□□");
    }
    // A branch names its place further in: 人民银行贵港市分行, 国家税务总局X县税务局.
    let reach = if [
        "分行",
        "支行",
        "分局",
        "分公司",
        "分院",
        "分中心",
        "税务局",
        "监管局",
    ]
    .iter()
    .any(|b| name.contains(b))
    {
        usize::MAX
    } else {
        6
    };
    probe
        .chars()
        .take(reach)
        .skip(1)
        .any(|c| LEVEL.contains(&c) || c == '旗' || c == '盟')
}

/// Gives bare names the level prefix of the nearest prefixed name before
/// them. Returns the bare names that had no prefixed name before them.
pub(super) fn distribute(names: &mut [String]) -> Vec<String> {
    let mut prefix: Option<char> = None;
    let mut unknown = Vec::new();
    for n in names.iter_mut() {
        if let Some(p) = level_prefix(n) {
            prefix = Some(p);
        } else if !has_own_prefix(n) {
            match prefix {
                Some(p) => n.insert(0, p),
                None => unknown.push(n.clone()),
            }
        }
    }
    unknown
}

/// "以下均需A、B负责，不再列出": units responsible for every later item, not
/// listed again.
pub(super) fn implied_from_here(text: &str) -> Option<Vec<String>> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"以下(?:各项|各条|任务|措施|工作)?(?:均|都)?(?:需|须|由|要)([^。;,()]{2,80}?)(?:负责|落实|承担)")
            .unwrap()
    });
    let f = fold(text);
    let c = RE.captures(&f)?;
    let m = c.get(1)?;
    // fold keeps one char per char: the same char range of the original.
    let start = f[..m.start()].chars().count();
    let len = m.as_str().chars().count();
    let orig: String = text.chars().skip(start).take(len).collect();
    let names = split_list(&orig);
    (!names.is_empty()).then_some(names)
}

/// "列第一位的为牵头单位": the document says the first unit of a list leads.
pub(super) fn first_listed_leads(text: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(列|排)(在)?(第一|首)位(的|者)?(单位|部门)?(为|是)牵头").unwrap()
    });
    RE.is_match(&fold(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_with_lead_and_partners() {
        let (text, u) = extract("建设10所学校。〔牵头单位:市教育局;配合单位:市委宣传部,团市委,市民宗委、文化广电体育旅游局〕");
        assert_eq!(text, "建设10所学校。");
        assert_eq!(u.lead, ["市教育局"]);
        assert_eq!(
            u.partners,
            ["市委宣传部", "团市委", "市民宗委", "市文化广电体育旅游局"]
        );
    }

    #[test]
    fn fullwidth_and_responsible() {
        let (text, u) = extract("推进衔接。\u{FF08}责任单位\u{FF1A}市教育局\u{FF0C}各县\u{FF08}市、区\u{FF09}人民政府\u{FF09}");
        assert_eq!(text, "推进衔接。");
        assert_eq!(
            u.responsible,
            ["市教育局", "各县\u{FF08}市、区\u{FF09}人民政府"]
        );
    }

    #[test]
    fn prefix_carries_from_lead_to_partners() {
        let (_, u) = extract("x(牵头单位:市教育局;配合单位:大数据发展和政务局)");
        assert_eq!(u.partners, ["市大数据发展和政务局"]);
        let (_, u) = extract(
            "x(牵头单位:市教育局;配合单位:市发展和改革委、财政局、城投集团,平南县人民政府)",
        );
        assert_eq!(
            u.partners,
            ["市发展和改革委", "市财政局", "市城投集团", "平南县人民政府"]
        );
    }

    #[test]
    fn prefixes() {
        let mut v: Vec<String> = [
            "州教育体育局",
            "财政局",
            "团州委",
            "市场监管局",
            "各县(市、区)人民政府",
            "妇联",
        ]
        .map(String::from)
        .to_vec();
        let unknown = distribute(&mut v);
        assert_eq!(
            v,
            [
                "州教育体育局",
                "州财政局",
                "团州委",
                "州市场监管局",
                "各县(市、区)人民政府",
                "州妇联"
            ]
        );
        assert!(unknown.is_empty());
        let mut v = vec!["教育局".to_string()];
        assert_eq!(distribute(&mut v), ["教育局"]);
    }

    #[test]
    fn list_splitting_keeps_brackets() {
        assert_eq!(
            split_list("市财政局、各县(市、区)人民政府;市残联 等"),
            ["市财政局", "各县(市、区)人民政府", "市残联"]
        );
        assert_eq!(split_list("市教育局等部门"), ["市教育局"]);
    }

    #[test]
    fn suffix_style_brackets() {
        let (t, u) = extract("落实政策。(财政部牵头,国务院相关部门及各地区按职责分工负责)下一句");
        assert_eq!(t, "落实政策。下一句");
        assert_eq!(u.lead, ["财政部"]);
        assert_eq!(u.partners, ["国务院相关部门", "各地区"]);
        let (_, u) = extract("做好工作。(市教育局、财政局负责)");
        assert_eq!(u.responsible, ["市教育局", "市财政局"]);
        let (t, u) = extract("高中(完)中(分别由学校负责的事项。)");
        assert!(u.is_empty());
        assert_eq!(t, "高中(完)中(分别由学校负责的事项。)");
    }

    #[test]
    fn label_paragraph_and_plain_parens() {
        let (t, u) = extract("牵头单位:市教育局");
        assert_eq!(
            (t.as_str(), u.lead.as_slice()),
            ("", ["市教育局".to_string()].as_slice())
        );
        let (t, u) = extract("高中(完)中(含职高)");
        assert_eq!(t, "高中(完)中(含职高)");
        assert!(u.is_empty());
        assert!(first_listed_leads("列第一位的为牵头单位"));
        assert!(first_listed_leads("列第一位者为牵头单位，下同"));
        let (_, u) = extract("x(甲部、乙部等负责。列第一位者为牵头单位,下同)");
        assert_eq!(u.responsible, ["甲部", "乙部"]);
        let (_, u) = extract("x(甲部、乙部牵头负责)");
        assert_eq!(u.lead, ["甲部", "乙部"]);
    }
}
