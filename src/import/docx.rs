//! Word documents (`.docx`): the paragraphs and tables of
//! `word/document.xml` in body order. Word's automatic numbering
//! (`word/numbering.xml`) is rendered into the text as a reader sees it
//! (`一、`, `（一）`, `1.`), because the text stages find the plan's structure
//! in those numbers and many government files leave them to Word. Heading
//! styles (`word/styles.xml`) make heading candidates; tables keep their
//! merged cells spread over every row and column they cover.
//!
//! A Word file has no source lines, so a block's `line` is its place in a
//! running 1-based count of the paragraphs and table rows read (a table's
//! line is its first row's). That is the line the block has in the blocks'
//! text rendering (`blocks::to_text`), which the report's line numbers
//! refer to.
//!
//! No file can make the reader hang or exhaust memory: a part that unpacks
//! to more than [`MAX_PART`] bytes, an archive of more than [`MAX_MEMBERS`]
//! members, XML of more than [`MAX_NODES`] nodes or tables spreading to
//! more than [`MAX_CELLS`] cells are refused; nesting deeper than
//! [`MAX_DEPTH`] is not followed.

use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use roxmltree::{Document, Node, ParsingOptions};

use super::blocks::{Block, BlockKind, Cell, Row, Table};
use super::ImportError;

/// The largest part unpacked (document, styles, numbering): a zip bomb
/// unpacks to gigabytes from a few kilobytes.
const MAX_PART: u64 = 64 << 20;
/// Members in the archive; a Word file has a few dozen, a few hundred with
/// many images.
const MAX_MEMBERS: usize = 20_000;
/// XML nodes in one part: about four times what a 64 MiB document holds.
const MAX_NODES: u32 = 16_000_000;
/// Tables inside tables, text boxes, content controls: real files nest a
/// few levels; hostile ones deep enough to overflow the stack.
const MAX_DEPTH: usize = 16;
/// Columns a cell may span (`w:gridSpan`), and columns of a row.
const MAX_SPAN: usize = 1000;
/// Cells of all tables, merged copies included; a row of 1000-column spans
/// repeated would otherwise grow the output a thousandfold.
const MAX_CELLS: usize = 2_000_000;
/// Bytes of text copied into merged cells.
const MAX_COPIED: usize = 64 << 20;
/// A level's number text (`w:lvlText`, like `第%1章`) is short; a long one
/// would be repeated into every paragraph of the list.
const MAX_LVL_TEXT: usize = 64;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Strict Open XML (ISO 29500 strict) names the same elements in another namespace.
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads a Word document's body into blocks. Never panics.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("it is not a readable ZIP package ({e})")))?;
    if zip.len() > MAX_MEMBERS {
        return Err(bad(format!(
            "the package has {} members (more than {MAX_MEMBERS}), which no Word document has",
            zip.len()
        )));
    }
    let Some(document) = part(&mut zip, "word/document.xml")? else {
        return Err(bad(
            "the package has no word/document.xml, the part that holds a Word document's text",
        ));
    };
    let styles = part(&mut zip, "word/styles.xml")?;
    let numbering = part(&mut zip, "word/numbering.xml")?;

    let document = parse("word/document.xml", &document)?;
    let root = document.root_element();
    if !is(root, "document") {
        return Err(bad(format!(
            "word/document.xml holds <{}>, not a Word document",
            root.tag_name().name()
        )));
    }
    let Some(body) = child(root, "body") else {
        return Err(bad("word/document.xml has no body (w:body)"));
    };
    let styles = match &styles {
        Some(s) => Styles::read(parse("word/styles.xml", s)?.root_element()),
        None => Styles::default(),
    };
    let numbering = match &numbering {
        Some(s) => Numbering::read(parse("word/numbering.xml", s)?.root_element()),
        None => Numbering::default(),
    };
    let mut r = Reader {
        styles: &styles,
        numbering: &numbering,
        counters: HashMap::new(),
        line: 0,
        out: Vec::new(),
        cells: 0,
        copied: 0,
        overflow: false,
    };
    r.blocks(body, 0);
    if r.overflow {
        return Err(bad(format!(
            "its tables spread to more than {MAX_CELLS} cells or {} MiB of merged text",
            MAX_COPIED >> 20
        )));
    }
    Ok(r.out)
}

fn bad(problem: impl Into<String>) -> ImportError {
    ImportError::BadDocx {
        problem: problem.into(),
    }
}

/// The text of a member of the package, `None` when there is none.
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ImportError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("{name} cannot be unpacked ({e})"))),
    };
    let too_big = || {
        bad(format!(
            "{name} unpacks to more than {} MiB (a damaged file or a zip bomb)",
            MAX_PART >> 20
        ))
    };
    if file.size() > MAX_PART {
        return Err(too_big());
    }
    let mut buf = Vec::new();
    // The declared size can lie: `take` bounds what is really unpacked.
    (&mut file)
        .take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| bad(format!("{name} is damaged ({e})")))?;
    if buf.len() as u64 > MAX_PART {
        return Err(too_big());
    }
    xml_text(name, buf).map(Some)
}

/// XML parts are UTF-8 or UTF-16 with a byte-order mark.
fn xml_text(name: &str, buf: Vec<u8>) -> Result<String, ImportError> {
    let utf16 = match buf.get(..2) {
        Some([0xFF, 0xFE]) => Some(encoding_rs::UTF_16LE),
        Some([0xFE, 0xFF]) => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(enc) = utf16 {
        return enc
            .decode_without_bom_handling_and_without_replacement(&buf[2..])
            .map(|t| t.into_owned())
            .ok_or_else(|| bad(format!("{name} is not valid UTF-16 text")));
    }
    let buf = match buf.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => buf,
    };
    String::from_utf8(buf).map_err(|e| {
        bad(format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn parse<'i>(name: &str, text: &'i str) -> Result<Document<'i>, ImportError> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => {
            bad(format!("{name} has more than {MAX_NODES} XML nodes"))
        }
        e => bad(format!("{name} is not well-formed XML ({e})")),
    })
}

// ---- XML helpers ----

fn is_w(n: Node<'_, '_>) -> bool {
    n.is_element() && matches!(n.tag_name().namespace(), Some(W | W_STRICT))
}

fn is(n: Node<'_, '_>, name: &str) -> bool {
    is_w(n) && n.tag_name().name() == name
}

fn is_mc(n: Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(MC) && n.tag_name().name() == name
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(*c, name))
}

/// A `w:` attribute (un-namespaced too: some generators leave the prefix off).
fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == name && matches!(a.namespace(), None | Some(W | W_STRICT)))
        .map(|a| a.value())
}

fn val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    attr(n, "val")
}

/// `w:val` of child `name`.
fn child_val<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(n, name).and_then(val)
}

/// An on/off property: present and not switched off.
fn on(n: Option<Node<'_, '_>>) -> bool {
    n.is_some_and(|n| !matches!(val(n), Some("0" | "false" | "off")))
}

fn num_val<T: std::str::FromStr>(n: Option<Node<'_, '_>>) -> Option<T> {
    n.and_then(val).and_then(|v| v.trim().parse().ok())
}

/// The elements under `n`, seen through the wrappers Word puts around
/// paragraphs, tables, rows and cells: content controls (`w:sdt`), custom
/// XML, tracked insertions and moves, markup-compatibility choices.
fn items<'a, 'i>(n: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    fn go<'a, 'i>(n: Node<'a, 'i>, depth: usize, out: &mut Vec<Node<'a, 'i>>) {
        for c in n.children().filter(Node::is_element) {
            let inner = if is(c, "sdt") && is_toc(c) {
                None
            } else if is(c, "sdt") {
                child(c, "sdtContent")
            } else if ["customXml", "ins", "moveTo", "smartTag"]
                .iter()
                .any(|w| is(c, w))
            {
                Some(c)
            } else if is_mc(c, "AlternateContent") {
                c.children().find(|x| is_mc(*x, "Choice"))
            } else {
                out.push(c);
                continue;
            };
            if let Some(inner) = inner.filter(|_| depth < MAX_DEPTH) {
                go(inner, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    go(n, 0, &mut out);
    out
}

/// A table of contents: a content control of Word's "Table of Contents"
/// gallery. Its entries repeat the headings (with page numbers), which the
/// text stages would read as a second set of chapters.
fn is_toc(sdt: Node<'_, '_>) -> bool {
    child(sdt, "sdtPr")
        .and_then(|p| child(p, "docPartObj"))
        .and_then(|o| child_val(o, "docPartGallery"))
        .is_some_and(|g| g.eq_ignore_ascii_case("Table of Contents"))
}

/// The rows of a table or the cells of a row.
fn kids<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    items(n).into_iter().filter(|c| is(*c, name)).collect()
}

/// Pre-order walk of the nodes under `root` (not `root` itself), without
/// recursion; `f` says whether to go into a node's children.
fn visit<'a, 'i>(root: Node<'a, 'i>, mut f: impl FnMut(Node<'a, 'i>) -> bool) {
    let mut cur = root.first_child();
    while let Some(n) = cur {
        let down = if f(n) { n.first_child() } else { None };
        cur = down.or_else(|| {
            let mut a = n;
            loop {
                if let Some(s) = a.next_sibling() {
                    return Some(s);
                }
                a = a.parent()?;
                if a == root {
                    return None;
                }
            }
        });
    }
}

// ---- styles ----

#[derive(Debug, Default)]
struct Style {
    /// Lower case, spaces removed: `heading1`, `标题1`.
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    /// The style of paragraphs that name none.
    default_para: Option<String>,
}

impl Styles {
    fn read(root: Node<'_, '_>) -> Styles {
        let mut s = Styles::default();
        for st in root.children().filter(|n| is(*n, "style")) {
            let Some(id) = attr(st, "styleId") else {
                continue;
            };
            let ppr = child(st, "pPr");
            let num = ppr.and_then(|p| child(p, "numPr"));
            let style = Style {
                name: child_val(st, "name")
                    .unwrap_or("")
                    .to_lowercase()
                    .replace(' ', ""),
                based_on: child_val(st, "basedOn").map(str::to_string),
                outline: num_val(ppr.and_then(|p| child(p, "outlineLvl"))),
                num_id: num.and_then(|n| child_val(n, "numId")).map(str::to_string),
                ilvl: num_val(num.and_then(|n| child(n, "ilvl"))),
            };
            if attr(st, "type") == Some("paragraph") && on_attr(attr(st, "default")) {
                s.default_para = Some(id.to_string());
            }
            s.by_id.insert(id.to_string(), style);
        }
        s
    }

    /// The style and those it is based on, nearest first (a loop of
    /// `basedOn` is cut).
    fn chain(&self, id: Option<&str>) -> Vec<(&str, &Style)> {
        let mut out: Vec<(&str, &Style)> = Vec::new();
        let mut id = id;
        while let Some((k, s)) = id.and_then(|i| self.by_id.get_key_value(i)) {
            if out.len() >= MAX_DEPTH || out.iter().any(|(o, _)| *o == k.as_str()) {
                break;
            }
            out.push((k.as_str(), s));
            id = s.based_on.as_deref();
        }
        out
    }
}

fn on_attr(v: Option<&str>) -> bool {
    matches!(v, Some("1" | "true" | "on"))
}

/// Styles of table-of-contents entries (`toc 1`, WPS's `目录 1`): the same
/// trouble as [`is_toc`], for a contents field outside a content control.
fn toc_name(name: &str) -> bool {
    let n = name.to_lowercase().replace(' ', "");
    ["toc", "目录"].iter().any(|p| {
        n.strip_prefix(p)
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Style names (or, without styles.xml, ids) of headings: `heading 1`…,
/// WPS's `标题 1`…, and the document title.
fn heading_name(name: &str) -> bool {
    let n = name.to_lowercase().replace(' ', "");
    let level = |prefix: &str| {
        n.strip_prefix(prefix)
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    };
    level("heading") || level("标题") || n == "title" || n == "标题"
}

// ---- numbering ----

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
    /// What follows the number: `tab` (the default), `space`, `nothing`.
    suffix: String,
    /// `w:lvlRestart`: 0 = never restart, n = restart when level n
    /// (1-based) or a higher one advances.
    restart: Option<u32>,
    /// `w:isLgl`: every level's number in decimal (`1.1` under `第一章`).
    legal: bool,
    /// The paragraph style this level belongs to.
    pstyle: Option<String>,
}

impl Level {
    fn read(lvl: Node<'_, '_>) -> Level {
        let text = child_val(lvl, "lvlText").unwrap_or("");
        Level {
            // Absent, the start is 0 (ISO 29500 17.9.25), as Word shows it.
            start: num_val(child(lvl, "start")).unwrap_or(0),
            fmt: num_fmt(lvl),
            text: if text.chars().count() > MAX_LVL_TEXT {
                String::new()
            } else {
                text.to_string()
            },
            suffix: child_val(lvl, "suff").unwrap_or("tab").to_string(),
            restart: num_val(child(lvl, "lvlRestart")),
            legal: on(child(lvl, "isLgl")),
            pstyle: child_val(lvl, "pStyle").map(str::to_string),
        }
    }
}

/// The level's number format. Newer Word writes some formats as a
/// markup-compatibility choice between `custom` and a classic format; the
/// classic one is the one this reader knows.
fn num_fmt(lvl: Node<'_, '_>) -> String {
    let mut fmts: Vec<&str> = child_val(lvl, "numFmt").into_iter().collect();
    for alt in lvl.children().filter(|n| is_mc(*n, "AlternateContent")) {
        for branch in alt.children() {
            fmts.extend(child_val(branch, "numFmt"));
        }
    }
    fmts.iter()
        .find(|f| **f != "custom")
        .or(fmts.first())
        .unwrap_or(&"decimal")
        .to_string()
}

#[derive(Debug, Default)]
struct Abstract {
    levels: Vec<Option<Level>>,
    /// `w:numStyleLink`: the levels are those of the list this numbering
    /// style points at.
    style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    overrides: HashMap<usize, Override>,
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
}

/// Word has nine list levels, 0–8.
const LEVELS: usize = 9;

fn ilvl_of(n: Node<'_, '_>) -> Option<usize> {
    attr(n, "ilvl")
        .and_then(|v| v.trim().parse().ok())
        .filter(|&i| i < LEVELS)
}

impl Numbering {
    fn read(root: Node<'_, '_>) -> Numbering {
        let mut out = Numbering::default();
        for a in root.children().filter(|n| is(*n, "abstractNum")) {
            let Some(id) = attr(a, "abstractNumId") else {
                continue;
            };
            let mut levels = vec![None; LEVELS];
            for lvl in a.children().filter(|n| is(*n, "lvl")) {
                if let Some(i) = ilvl_of(lvl) {
                    levels[i] = Some(Level::read(lvl));
                }
            }
            let style_link = child_val(a, "numStyleLink").map(str::to_string);
            out.abstracts
                .insert(id.to_string(), Abstract { levels, style_link });
        }
        for n in root.children().filter(|n| is(*n, "num")) {
            let (Some(id), Some(abstract_id)) = (attr(n, "numId"), child_val(n, "abstractNumId"))
            else {
                continue;
            };
            let mut overrides = HashMap::new();
            for o in n.children().filter(|c| is(*c, "lvlOverride")) {
                if let Some(i) = ilvl_of(o) {
                    overrides.insert(
                        i,
                        Override {
                            start: num_val(child(o, "startOverride")),
                            level: child(o, "lvl").map(Level::read),
                        },
                    );
                }
            }
            out.nums.insert(
                id.to_string(),
                Num {
                    abstract_id: abstract_id.to_string(),
                    overrides,
                },
            );
        }
        out
    }

    fn levels(&self, styles: &Styles, num: &str) -> Option<&Abstract> {
        let n = self.nums.get(num)?;
        let abs = self.abstracts.get(&n.abstract_id)?;
        let linked = abs
            .style_link
            .as_deref()
            .and_then(|s| styles.by_id.get(s))
            .and_then(|s| s.num_id.as_deref())
            .and_then(|id| self.nums.get(id))
            .and_then(|n| self.abstracts.get(&n.abstract_id));
        Some(linked.unwrap_or(abs))
    }

    fn level(&self, styles: &Styles, num: &str, i: usize) -> Option<&Level> {
        let n = self.nums.get(num)?;
        if let Some(l) = n.overrides.get(&i).and_then(|o| o.level.as_ref()) {
            return Some(l);
        }
        self.levels(styles, num)?.levels.get(i)?.as_ref()
    }

    fn start(&self, styles: &Styles, num: &str, i: usize) -> u32 {
        let over = self
            .nums
            .get(num)
            .and_then(|n| n.overrides.get(&i))
            .and_then(|o| o.start);
        over.or_else(|| self.level(styles, num, i).map(|l| l.start))
            .unwrap_or(0)
    }
}

/// `n` in a Word number format. The one-character forms `⑴` and `⒈` are
/// written `（1）` and `1.`, the forms the text stages read (and a person
/// types); formats with no form for `n` fall back to decimal, as Word does.
fn format_number(fmt: &str, n: u32) -> String {
    const CN: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const CN_LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const CN_LEGAL_T: [char; 10] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];
    const GAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const ZHI: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    let from = |set: &[char]| {
        (1..=set.len() as u32)
            .contains(&n)
            .then(|| set[n as usize - 1].to_string())
    };
    let s = match fmt {
        "none" | "bullet" => Some(String::new()),
        "decimalZero" => Some(format!("{n:02}")),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
                .collect(),
        ),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n, CN, ['千', '百', '十'], true),
        "chineseLegalSimplified" => chinese(n, CN_LEGAL, ['仟', '佰', '拾'], false),
        "ideographLegalTraditional" | "japaneseLegal" => {
            chinese(n, CN_LEGAL_T, ['仟', '佰', '拾'], false)
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => Some(
            n.to_string()
                .chars()
                .map(|c| CN[c as usize - '0' as usize])
                .collect(),
        ),
        "ideographTraditional" => from(&GAN),
        "ideographZodiac" => from(&ZHI),
        "ideographEnclosedCircle" => (1..=10)
            .contains(&n)
            .then(|| char::from_u32(0x3280 + n - 1).map(String::from))
            .flatten(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => (1..=20)
            .contains(&n)
            .then(|| char::from_u32(0x2460 + n - 1).map(String::from))
            .flatten(),
        "decimalEnclosedParen" => Some(format!("（{n}）")),
        "decimalEnclosedFullstop" => Some(format!("{n}.")),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).map(|r| r.to_lowercase()),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        _ => None,
    };
    s.unwrap_or_else(|| n.to_string())
}

/// 0–9999 in Chinese numerals: 10 十 (壹拾 in legal form), 101 一百零一.
fn chinese(n: u32, digits: [char; 10], units: [char; 3], short_ten: bool) -> Option<String> {
    if n == 0 {
        return Some(digits[0].to_string());
    }
    if n > 9999 {
        return None;
    }
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut s = String::new();
    let mut gap = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            gap |= !s.is_empty();
            continue;
        }
        if gap {
            s.push('零');
            gap = false;
        }
        if !(short_ten && i == 2 && d == 1 && s.is_empty()) {
            s.push(digits[d as usize]);
        }
        if i < 3 {
            s.push(units[i]);
        }
    }
    Some(s)
}

fn roman(mut n: u32) -> Option<String> {
    if !(1..=3999).contains(&n) {
        return None;
    }
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    Some(s)
}

/// Word's letters: a…z, then aa, bb…
fn letters(n: u32, base: u8) -> Option<String> {
    if !(1..=26 * 30).contains(&n) {
        return None;
    }
    let c = char::from(base + ((n - 1) % 26) as u8);
    Some(std::iter::repeat_n(c, (n as usize - 1) / 26 + 1).collect())
}

// ---- the body ----

/// One paragraph read: its text split at line breaks, and the text boxes
/// anchored in it (read after it).
struct Para<'a, 'i> {
    parts: Vec<String>,
    heading: bool,
    boxes: Vec<Node<'a, 'i>>,
}

struct Reader<'s> {
    styles: &'s Styles,
    numbering: &'s Numbering,
    /// Current value of each level of each list instance (`w:num`); `None`
    /// until the level is used or after a higher level advanced.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    line: usize,
    out: Vec<Block>,
    cells: usize,
    copied: usize,
    overflow: bool,
}

impl Reader<'_> {
    fn push(&mut self, heading: bool, text: String) {
        self.line += 1;
        self.out.push(Block {
            line: self.line,
            col: 1,
            kind: if heading {
                BlockKind::Heading(text)
            } else {
                BlockKind::Para(text)
            },
        });
    }

    /// The paragraphs and tables of a body, table cell or text box, as blocks.
    fn blocks(&mut self, container: Node<'_, '_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for n in items(container) {
            if is(n, "p") {
                let p = self.paragraph(n, false);
                for t in p.parts {
                    self.push(p.heading, t);
                }
                for b in p.boxes {
                    self.blocks(b, depth + 1);
                }
            } else if is(n, "tbl") {
                self.table(n, depth + 1);
            }
        }
    }

    /// The text lines of a table cell or text box: paragraphs, and each row
    /// of a nested table as one line.
    fn lines(&mut self, container: Node<'_, '_>, depth: usize, out: &mut Vec<String>) {
        if depth > MAX_DEPTH {
            return;
        }
        for n in items(container) {
            if is(n, "p") {
                let p = self.paragraph(n, true);
                out.extend(p.parts);
                for b in p.boxes {
                    self.lines(b, depth + 1, out);
                }
            } else if is(n, "tbl") {
                for tr in kids(n, "tr") {
                    let mut cells = Vec::new();
                    for tc in kids(tr, "tc") {
                        let mut l = Vec::new();
                        self.lines(tc, depth + 1, &mut l);
                        if !l.is_empty() {
                            cells.push(l.join(" "));
                        }
                    }
                    if !cells.is_empty() {
                        out.push(cells.join(" "));
                    }
                }
            }
        }
    }

    /// A paragraph's text with its number. `bare` keeps the number of a
    /// paragraph with no text: in a table's 序号 column that number is the
    /// cell; in running text it is a stray list item.
    fn paragraph<'a, 'i>(&mut self, p: Node<'a, 'i>, bare: bool) -> Para<'a, 'i> {
        let ppr = child(p, "pPr");
        let style = ppr
            .and_then(|x| child_val(x, "pStyle"))
            .or(self.styles.default_para.as_deref());
        let chain = self.styles.chain(style);
        if chain.iter().any(|(_, s)| toc_name(&s.name))
            || (chain.is_empty() && style.is_some_and(toc_name))
        {
            return Para {
                parts: Vec::new(),
                heading: false,
                boxes: Vec::new(),
            };
        }
        let heading = self.is_heading(ppr, style);
        let number = self
            .num_of(ppr, style)
            .and_then(|(num, ilvl)| self.number(&num, ilvl));
        let (mut parts, mut cur) = (Vec::new(), String::new());
        let mut boxes = Vec::new();
        visit(p, |n| {
            if !n.is_element() {
                return false;
            }
            if is_mc(n, "Fallback") {
                // The same content as the choice taken (a text box twice).
                return false;
            }
            if !is_w(n) {
                return true;
            }
            match n.tag_name().name() {
                "t" => cur.push_str(n.text().unwrap_or("")),
                "tab" | "ptab" => cur.push('\t'),
                "noBreakHyphen" => cur.push('-'),
                "br" | "cr" => parts.push(std::mem::take(&mut cur)),
                "txbxContent" => boxes.push(n),
                "r" => return !on(child(n, "rPr").and_then(|r| child(r, "vanish"))),
                // Deleted text, field codes, properties, note marks: not text
                // a reader sees in the paragraph.
                "pPr" | "rPr" | "del" | "moveFrom" | "instrText" | "delText" | "delInstrText"
                | "footnoteReference" | "endnoteReference" | "commentReference" => {}
                _ => return true,
            }
            false
        });
        parts.push(cur);
        if !bare && parts.iter().all(|t| t.trim().is_empty()) {
            // Word still counts an empty numbered paragraph (and shows its
            // number); there is no text to import.
            parts.clear();
        } else if let Some(num) = number {
            parts[0].insert_str(0, &num);
        }
        parts = parts
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        Para {
            parts,
            heading,
            boxes,
        }
    }

    fn is_heading(&self, ppr: Option<Node<'_, '_>>, style: Option<&str>) -> bool {
        if let Some(l) = num_val::<u8>(ppr.and_then(|p| child(p, "outlineLvl"))) {
            return l < 9;
        }
        let chain = self.styles.chain(style);
        for (_, s) in &chain {
            if heading_name(&s.name) {
                return true;
            }
            if let Some(l) = s.outline {
                return l < 9;
            }
        }
        chain.is_empty() && style.is_some_and(heading_name)
    }

    /// The list instance and level of a paragraph: its own `w:numPr`, else
    /// its style's (the usual way heading styles are numbered).
    fn num_of(&self, ppr: Option<Node<'_, '_>>, style: Option<&str>) -> Option<(String, usize)> {
        let direct = ppr.and_then(|p| child(p, "numPr"));
        let ilvl = num_val::<usize>(direct.and_then(|n| child(n, "ilvl")));
        if let Some(id) = direct.and_then(|n| child_val(n, "numId")) {
            return (id.trim() != "0").then(|| (id.trim().to_string(), ilvl.unwrap_or(0)));
        }
        let chain = self.styles.chain(style);
        let (owner, s) = chain.iter().find(|(_, s)| s.num_id.is_some())?;
        let id = s.num_id.as_deref()?.trim();
        if id == "0" {
            return None;
        }
        // A level tied to the style (`w:pStyle` in the level) says which level.
        let tied = || {
            let abs = self.numbering.levels(self.styles, id)?;
            abs.levels.iter().position(|l| {
                l.as_ref()
                    .and_then(|l| l.pstyle.as_deref())
                    .is_some_and(|p| Some(p) == style || p == *owner)
            })
        };
        let ilvl = ilvl.or(s.ilvl).or_else(tied).unwrap_or(0);
        Some((id.to_string(), ilvl))
    }

    /// Advances list `num` at level `ilvl` and renders the paragraph's number.
    fn number(&mut self, num: &str, ilvl: usize) -> Option<String> {
        let (nb, st) = (self.numbering, self.styles);
        let ilvl = ilvl.min(LEVELS - 1);
        let lvl = nb.level(st, num, ilvl)?;
        let state = self
            .counters
            .entry(num.to_string())
            .or_insert([None; LEVELS]);
        state[ilvl] = Some(match state[ilvl] {
            Some(v) => v.saturating_add(1),
            None => nb.start(st, num, ilvl),
        });
        for (j, slot) in state.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = match nb.level(st, num, j).and_then(|l| l.restart) {
                None => true,
                Some(0) => false,
                // A restart level at or below this level is ignored (17.9.10).
                Some(r) if r as usize > j => true,
                Some(r) => ilvl < r as usize,
            };
            if restart {
                *slot = None;
            }
        }
        if lvl.fmt == "bullet" {
            // A bullet is a glyph of a symbol font, not a number to read.
            return None;
        }
        let mut s = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            let k = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=LEVELS as u32).contains(d));
            match k {
                Some(k) if c == '%' => {
                    chars.next();
                    let k = k as usize - 1;
                    let v = state[k].unwrap_or_else(|| nb.start(st, num, k));
                    let fmt = match nb.level(st, num, k) {
                        Some(l) if !lvl.legal => l.fmt.as_str(),
                        _ => "decimal",
                    };
                    s.push_str(&format_number(fmt, v));
                }
                _ => s.push(c),
            }
        }
        // The tab or space after `一、` is layout; after `第一章` it keeps
        // the number apart from the title.
        if lvl.suffix != "nothing"
            && s.chars()
                .last()
                .is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit())
        {
            s.push(' ');
        }
        Some(s)
    }

    fn push_cell(&mut self, cells: &mut Vec<Cell>, cell: Cell) {
        if cells.len() >= MAX_SPAN || self.overflow {
            return;
        }
        self.cells += 1;
        if cell.copy {
            self.copied += cell.text.len();
        }
        if self.cells > MAX_CELLS || self.copied > MAX_COPIED {
            self.overflow = true;
            return;
        }
        cells.push(cell);
    }

    fn table(&mut self, tbl: Node<'_, '_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let rows = kids(tbl, "tr");
        if !rows.iter().any(|tr| kids(*tr, "tc").len() >= 2) {
            // A one-column table is a frame around text (a boxed note, the
            // whole body of some templates), not data.
            for tr in rows {
                for tc in kids(tr, "tc") {
                    self.blocks(tc, depth + 1);
                }
            }
            return;
        }
        let mut out: Vec<Row> = Vec::new();
        // Per grid column: the text of the cell a vertical merge started with.
        let mut above: Vec<Option<String>> = Vec::new();
        for tr in rows {
            let trpr = child(tr, "trPr");
            if trpr.is_some_and(|p| child(p, "del").is_some()) {
                continue;
            }
            let skip = |name| {
                num_val::<usize>(trpr.and_then(|p| child(p, name)))
                    .unwrap_or(0)
                    .min(MAX_SPAN)
            };
            let mut cells: Vec<Cell> = Vec::new();
            for _ in 0..skip("gridBefore") {
                if let Some(a) = above.get_mut(cells.len()) {
                    *a = None;
                }
                self.push_cell(&mut cells, Cell::new(""));
            }
            for tc in kids(tr, "tc") {
                let tcpr = child(tc, "tcPr");
                let span = num_val::<usize>(tcpr.and_then(|p| child(p, "gridSpan")))
                    .unwrap_or(1)
                    .clamp(1, MAX_SPAN);
                // `restart` starts a vertical merge; `continue` (or no value) goes on with it.
                let vmerge = tcpr
                    .and_then(|p| child(p, "vMerge"))
                    .map(|v| val(v) == Some("restart"));
                let hcontinue = tcpr
                    .and_then(|p| child(p, "hMerge"))
                    .is_some_and(|v| val(v) != Some("restart"));
                let mut lines = Vec::new();
                self.lines(tc, depth + 1, &mut lines);
                // Tabs would read as column breaks in the text rendering.
                let text = lines
                    .iter()
                    .map(|l| l.replace('\t', " ").trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                let col = cells.len();
                if above.len() < col + span {
                    above.resize(col + span, None);
                }
                let origin = |k: usize| above.get(col + k).cloned().flatten();
                if vmerge == Some(false) && origin(0).is_some() {
                    for k in 0..span {
                        let t = origin(k).or_else(|| origin(0)).unwrap_or_default();
                        self.push_cell(&mut cells, Cell::copy(t));
                    }
                    continue;
                }
                if hcontinue && col > 0 {
                    let t = cells[col - 1].text.clone();
                    self.push_cell(&mut cells, Cell::copy(t));
                    continue;
                }
                for k in 0..span {
                    let cell = if k == 0 {
                        Cell::new(text.clone())
                    } else {
                        Cell::copy(text.clone())
                    };
                    self.push_cell(&mut cells, cell);
                    if let Some(a) = above.get_mut(col + k) {
                        *a = (vmerge == Some(true)).then(|| text.clone());
                    }
                }
            }
            for _ in 0..skip("gridAfter") {
                self.push_cell(&mut cells, Cell::new(""));
            }
            if cells.iter().any(|c| !c.text.is_empty()) {
                self.line += 1;
                out.push(Row {
                    line: self.line,
                    cells,
                });
            }
        }
        if let Some(first) = out.first() {
            self.out.push(Block {
                line: first.line,
                col: 1,
                kind: BlockKind::Table(Table { rows: out }),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn package(members: &[(&str, &str)]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in members {
            z.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn xml(root: &str, inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NS}>{inner}</w:{root}>"#
        )
    }

    fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
        let doc = xml("document", &format!("<w:body>{body}</w:body>"));
        let numbering = numbering.map(|n| xml("numbering", n));
        let styles = styles.map(|s| xml("styles", s));
        let mut members = vec![("word/document.xml", doc.as_str())];
        members.extend(numbering.as_deref().map(|n| ("word/numbering.xml", n)));
        members.extend(styles.as_deref().map(|s| ("word/styles.xml", s)));
        package(&members)
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    fn pn(text: &str, num: u32, ilvl: u32) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    fn tc(props: &str, content: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
    }

    fn lvl(i: u32, fmt: &str, text: &str, extra: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>"#
        )
    }

    fn text(b: &Block) -> String {
        match &b.kind {
            BlockKind::Para(t) => t.clone(),
            BlockKind::Heading(t) => format!("# {t}"),
            BlockKind::Table(t) => format!("table of {}", t.rows.len()),
        }
    }

    fn texts(bytes: &[u8]) -> Vec<String> {
        read(bytes).unwrap().iter().map(text).collect()
    }

    fn problem(bytes: &[u8]) -> String {
        match read(bytes) {
            Err(ImportError::BadDocx { problem }) => problem,
            other => panic!("{other:?}"),
        }
    }

    /// A task-division table: numbered 序号 column, the lead unit and the
    /// deadline merged down, partner and deadline merged across, a nested
    /// table, a tracked deletion and insertion, an empty row.
    #[test]
    fn task_division_table_spreads_merges() {
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, "decimal", "%1", "")
        );
        let cell = |t: &str| tc("", &p(t));
        let num = |n: &str| tc("", &pn(n, 1, 0));
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let header: String = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
            .iter()
            .map(|t| cell(t))
            .collect();
        let nested = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let rows = [
            header,
            [
                num(""),
                cell("扩大学前教育资源"),
                tc(restart, &p("市教育局")),
                tc("", &(p("市财政局") + &p("市自然资源局"))),
                tc(restart, &p("2023年底前")),
            ]
            .concat(),
            [
                num(""),
                tc(
                    "",
                    &(r#"<w:p><w:r><w:t>推进</w:t></w:r><w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:ins><w:r><w:t>新建</w:t></w:r></w:ins><w:r><w:t>学校</w:t></w:r></w:p>"#.to_string() + nested),
                ),
                tc(cont, "<w:p/>"),
                cell("市住房城乡建设局"),
                tc(cont, "<w:p/>"),
            ]
            .concat(),
            [
                num(""),
                cell("加强教师队伍建设"),
                cell("市教育局"),
                tc(r#"<w:gridSpan w:val="2"/>"#, &p("持续推进")),
            ]
            .concat(),
            [cell(""), cell(""), cell(""), cell(""), cell("")].concat(),
        ];
        let rows: String = rows.iter().map(|r| format!("<w:tr>{r}</w:tr>")).collect();
        let body = format!("{}<w:tbl>{rows}</w:tbl>{}", p("附件"), p("二、保障措施"));
        let blocks = read(&docx(&body, Some(&numbering), None)).unwrap();
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        assert_eq!(blocks[0], Block::para(1, "附件"));
        assert_eq!(blocks[2], Block::para(6, "二、保障措施"));
        let BlockKind::Table(t) = &blocks[1].kind else {
            panic!("{blocks:?}")
        };
        assert_eq!(blocks[1].line, 2);
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 4, 5], "the empty row is dropped");
        assert_eq!(
            t.rows[0].texts(),
            ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
        );
        assert_eq!(
            t.rows[1].texts(),
            [
                "1",
                "扩大学前教育资源",
                "市教育局",
                "市财政局\n市自然资源局",
                "2023年底前"
            ]
        );
        assert_eq!(
            t.rows[2].texts(),
            [
                "2",
                "推进新建学校\n甲 乙",
                "市教育局",
                "市住房城乡建设局",
                "2023年底前"
            ]
        );
        assert_eq!(
            t.rows[3].texts(),
            ["3", "加强教师队伍建设", "市教育局", "持续推进", "持续推进"]
        );
        let copies: Vec<Vec<bool>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.copy).collect())
            .collect();
        assert_eq!(copies[1], [false; 5]);
        assert_eq!(copies[2], [false, false, true, false, true]);
        assert_eq!(copies[3], [false, false, false, false, true]);
        assert_eq!(
            super::super::blocks::to_text(&blocks),
            "附件\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t扩大学前教育资源\t市教育局\t市财政局 市自然资源局\t2023年底前\n2\t推进新建学校 甲 乙\t\t市住房城乡建设局\t\n3\t加强教师队伍建设\t市教育局\t持续推进\t\n二、保障措施\n"
        );
    }

    #[test]
    fn one_column_table_is_text() {
        let body = format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            p("一、总体要求"),
            p("坚持发展。")
        );
        assert_eq!(
            texts(&docx(&body, None, None)),
            ["一、总体要求", "坚持发展。"]
        );
    }

    /// Levels, restarts of deeper levels, a start override, numbering by a
    /// heading style, a level that never restarts, legal numbering.
    #[test]
    fn word_numbering_is_rendered_as_printed() {
        let numbering = [
            format!(
                r#"<w:abstractNum w:abstractNumId="0">{}{}{}{}{}</w:abstractNum>"#,
                lvl(0, "chineseCounting", "%1、", ""),
                lvl(1, "chineseCounting", "（%2）", ""),
                lvl(2, "decimal", "%3.", ""),
                lvl(3, "decimalEnclosedParen", "%4", ""),
                lvl(4, "decimalEnclosedCircle", "%5", r#"<w:suff w:val="nothing"/>"#),
            ),
            format!(
                r#"<w:abstractNum w:abstractNumId="1">{}</w:abstractNum>"#,
                lvl(0, "chineseCountingThousand", "第%1章", r#"<w:pStyle w:val="1"/><w:suff w:val="space"/>"#),
            ),
            format!(
                r#"<w:abstractNum w:abstractNumId="2">{}{}</w:abstractNum>"#,
                lvl(0, "chineseCounting", "%1、", ""),
                lvl(1, "chineseCounting", "（%2）", r#"<w:lvlRestart w:val="0"/>"#),
            ),
            format!(
                r#"<w:abstractNum w:abstractNumId="3">{}{}</w:abstractNum>"#,
                lvl(0, "chineseCounting", "第%1章", ""),
                lvl(1, "decimal", "%1.%2", "<w:isLgl/>"),
            ),
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
               <w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>"#
                .to_string(),
        ]
        .concat();
        let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#;
        let heading = |t: &str| {
            format!(r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#)
        };
        let body = [
            heading("总则"),
            pn("总体要求", 1, 0),
            pn("指导思想。", 1, 1),
            pn("基本原则。", 1, 1),
            pn("问题导向。", 1, 2),
            pn("主要任务", 1, 0),
            pn("实施计划。", 1, 1),
            pn("增强实效。", 1, 2),
            pn("开展教育", 1, 3),
            pn("建设学校", 1, 4),
            pn("", 1, 0),
            pn("组织实施", 1, 0),
            pn("另一清单", 2, 0),
            pn("不编号", 0, 0),
            heading("任务"),
            pn("甲", 4, 0),
            pn("子一", 4, 1),
            pn("乙", 4, 0),
            pn("子二", 4, 1),
            pn("总则", 5, 0),
            pn("范围", 5, 1),
        ]
        .concat();
        let blocks = read(&docx(&body, Some(&numbering), Some(styles))).unwrap();
        let got: Vec<String> = blocks.iter().map(text).collect();
        assert_eq!(
            got,
            [
                "# 第一章 总则",
                "一、总体要求",
                "（一）指导思想。",
                "（二）基本原则。",
                "1.问题导向。",
                "二、主要任务",
                "（一）实施计划。",
                "1.增强实效。",
                "（1）开展教育",
                "①建设学校",
                "四、组织实施",
                "三、另一清单",
                "不编号",
                "# 第二章 任务",
                "一、甲",
                "（一）子一",
                "二、乙",
                "（二）子二",
                "第一章 总则",
                "1.1 范围",
            ]
        );
        let lines: Vec<usize> = blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, (1..=20).collect::<Vec<_>>());
    }

    #[test]
    fn number_formats() {
        let cn: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100, 101, 110, 1001]
            .iter()
            .map(|&n| format_number("chineseCounting", n))
            .collect();
        assert_eq!(
            cn,
            [
                "一",
                "九",
                "十",
                "十一",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千零一"
            ]
        );
        assert_eq!(format_number("chineseLegalSimplified", 10), "壹拾");
        assert_eq!(format_number("ideographTraditional", 3), "丙");
        assert_eq!(format_number("ideographTraditional", 11), "11");
        assert_eq!(format_number("decimalEnclosedCircle", 20), "⑳");
        assert_eq!(format_number("decimalEnclosedCircle", 21), "21");
        assert_eq!(format_number("decimalEnclosedParen", 2), "（2）");
        assert_eq!(format_number("decimalEnclosedFullstop", 2), "2.");
        assert_eq!(format_number("lowerLetter", 27), "aa");
        assert_eq!(format_number("upperRoman", 14), "XIV");
        assert_eq!(format_number("decimalFullWidth", 12), "１２");
        assert_eq!(format_number("ideographDigital", 105), "一〇五");
        assert_eq!(format_number("decimalZero", 7), "07");
        assert_eq!(format_number("someNewFormat", 7), "7");
        assert_eq!(format_number("upperLetter", u32::MAX), u32::MAX.to_string());
    }

    #[test]
    fn headings_by_style_or_outline_level() {
        let styles = r#"<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="my"><w:name w:val="我的标题"/><w:basedOn w:val="2"/></w:style>
            <w:style w:type="paragraph" w:styleId="body"><w:name w:val="Body"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="wps"><w:name w:val="标题 3"/></w:style>"#;
        let styled = |s: &str, t: &str| {
            format!(r#"<w:p><w:pPr><w:pStyle w:val="{s}"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#)
        };
        let body = [
            styled("2", "甲"),
            styled("my", "乙"),
            styled("body", "丙"),
            styled("wps", "丁"),
            r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>戊</w:t></w:r></w:p>"#
                .to_string(),
            p("己"),
        ]
        .concat();
        assert_eq!(
            texts(&docx(&body, None, Some(styles))),
            ["# 甲", "# 乙", "丙", "# 丁", "# 戊", "己"]
        );
        // Without styles.xml the style ids are all there is.
        assert_eq!(
            texts(&docx(&styled("Heading1", "一、总则"), None, None)),
            ["# 一、总则"]
        );
    }

    #[test]
    fn runs_tabs_breaks_revisions_fields_and_text_boxes() {
        let body = [
            r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">　　到2023年，</w:t></w:r><w:r><w:t>建成</w:t></w:r><w:ins><w:r><w:t>5所</w:t></w:r></w:ins><w:del><w:r><w:delText>3所</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>学校。</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>标题上行</w:t><w:br/><w:t>标题下行</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>框外</w:t></w:r></w:p>"#,
            r#"<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件内</w:t></w:r></w:p></w:sdtContent></w:sdt>"#,
            "<w:p/><w:p><w:r><w:t>　</w:t></w:r></w:p><w:sectPr/>",
        ]
        .concat();
        let blocks = read(&docx(&body, None, None)).unwrap();
        let got: Vec<String> = blocks.iter().map(text).collect();
        assert_eq!(
            got,
            [
                "到2023年，建成5所学校。",
                "标题上行",
                "标题下行",
                "甲\t乙3",
                "框外",
                "框内",
                "控件内"
            ]
        );
        assert_eq!(blocks.last().unwrap().line, 7);
    }

    #[test]
    fn tables_of_contents_are_skipped() {
        let styles =
            r#"<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>"#;
        let entry = |s: &str, t: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{s}"/></w:pPr><w:r><w:t>{t}</w:t></w:r><w:r><w:tab/><w:t>3</w:t></w:r></w:p>"#
            )
        };
        let body = [
            p("某市行动计划"),
            format!(
                r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{}{}</w:sdtContent></w:sdt>"#,
                p("目录"),
                entry("TOC1", "一、总体要求")
            ),
            entry("TOC1", "二、主要任务"),
            entry("目录1", "三、保障措施"),
            p("一、总体要求"),
        ]
        .concat();
        assert_eq!(
            texts(&docx(&body, None, Some(styles))),
            ["某市行动计划", "一、总体要求"]
        );
    }

    #[test]
    fn damaged_packages_are_errors_that_say_what_is_wrong() {
        assert!(problem(b"PK\x03\x04 not really").contains("not a readable ZIP"));
        let p = problem(&package(&[("word/styles.xml", "<x/>")]));
        assert!(p.contains("no word/document.xml"), "{p}");
        let p = problem(&package(&[("word/document.xml", "garbage <w:p>")]));
        assert!(
            p.contains("word/document.xml is not well-formed XML"),
            "{p}"
        );
        let p = problem(&package(&[("word/document.xml", "<html/>")]));
        assert!(p.contains("holds <html>"), "{p}");
        let p = problem(&package(&[(
            "word/document.xml",
            &xml("document", "<w:body/>").replace(
                "<w:document",
                "<!DOCTYPE d [<!ENTITY a \"aaaa\">]><w:document",
            ),
        )]));
        assert!(p.contains("not well-formed XML"), "{p}");
        let p = problem(&docx("<w:p/>", Some("<w:abstractNum"), None));
        assert!(
            p.contains("word/numbering.xml is not well-formed XML"),
            "{p}"
        );
        let mut bad_utf8 = xml("document", "<w:body/>").into_bytes();
        bad_utf8.insert(60, 0xFF);
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(&bad_utf8).unwrap();
        let p = problem(&z.finish().unwrap().into_inner());
        assert!(p.contains("not UTF-8"), "{p}");
    }

    #[test]
    fn hostile_nesting_and_spans_are_bounded() {
        let deep = "<w:tbl><w:tr><w:tc><w:tc>".repeat(50_000);
        let body = format!("{deep}{}", p("内"));
        // Not closed: bad XML, read without overflowing the stack.
        assert!(read(&docx(&body, None, None)).is_err());
        let nested = "<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc>".repeat(100_000)
            + &"</w:tc></w:tr></w:tbl>".repeat(100_000);
        assert!(read(&docx(&nested, None, None)).is_ok());
        let wide = format!(
            "<w:tbl>{}</w:tbl>",
            format!(
                r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>"#,
                p("甲"),
                p("乙")
            )
            .repeat(3)
        );
        let blocks = read(&docx(&wide, None, None)).unwrap();
        let BlockKind::Table(t) = &blocks[0].kind else {
            panic!()
        };
        assert_eq!(t.rows[0].cells.len(), MAX_SPAN);
    }
}
