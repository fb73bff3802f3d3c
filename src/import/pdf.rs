//! PDF files: the text layer, through `pdf-extract` (on `lopdf`), which
//! decodes the fonts printers and browsers embed (simple, Type 3 and CID
//! fonts through their ToUnicode maps). Glyphs become lines by their
//! baseline; the lines a paragraph wraps into are joined again, because the
//! text stages read a paragraph a line (a wrapped task would otherwise be
//! cut into fragments). A paragraph ends where the layout says so: a gap
//! wider than the page's line spacing, a line that stops short of the right
//! edge, an indented line, a change of font size, a heading after a
//! finished sentence. Pages follow each other like lines; a page number
//! printed in the footer stays a line of its own, which the text stages
//! drop (joining the sentence it cut).
//!
//! Not read: scanned pages (images: no text to read, [`ImportError::NoText`]),
//! text drawn rotated (watermarks, vertical side notes). Tables come as
//! lines of text.
//!
//! No file can make the reader panic, hang or exhaust memory: the crates'
//! panics on damaged files are caught; inputs over [`MAX_INPUT`] bytes,
//! compressed streams unpacking to more than [`MAX_UNPACKED`] bytes, pages
//! whose drawing (forms drawn inside forms counted each time) runs over
//! [`MAX_DRAWN`] bytes or nests forms deeper than [`MAX_DEPTH`], page trees
//! that loop, and text over [`MAX_TEXT`] bytes are refused. The crates
//! follow forms and page-tree parents by recursion without a limit, so such
//! files are found before they run: a stack overflow is an abort that
//! `catch_unwind` cannot catch.

use std::cell::Cell;
use std::collections::HashMap;

use pdf_extract::content::Content;
use pdf_extract::{
    Dictionary, Document, LoadOptions, MediaBox, Object, ObjectId, OutputDev, OutputError, Stream,
    Transform,
};
use unicode_normalization::UnicodeNormalization;

use super::blocks::{self, Block};
use super::ImportError;

/// The largest file read: a long plan is a few MiB, a scanned one tens.
const MAX_INPUT: usize = 64 << 20;
/// Text extracted, in bytes: many times any plan, small enough to hold.
const MAX_TEXT: usize = 32 << 20;
/// Bytes all compressed streams unpack to: a deflate bomb of a few MiB
/// unpacks to gigabytes.
const MAX_UNPACKED: u64 = 512 << 20;
/// Bytes of drawing operators the pages run, a form counted each time it is
/// drawn: forms that draw forms ten times over, ten deep, are ten billion
/// drawings.
const MAX_DRAWN: u64 = 1 << 30;
/// Forms drawn inside forms; real files nest a few.
const MAX_DEPTH: usize = 64;

/// Reads a PDF's text layer into blocks. Never panics.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    if bytes.len() > MAX_INPUT {
        return Err(unreadable(format!(
            "it is {} MiB, more than the {} MiB read",
            bytes.len() >> 20,
            MAX_INPUT >> 20
        )));
    }
    let (out, pages) = super::panics::quietly(|| extract(bytes)).unwrap_or_else(|| {
        Err(unreadable(
            "its structure is damaged (the PDF reader gave up on it)",
        ))
    })?;
    let text = normalise(&paragraphs(&out.lines));
    if text.trim().is_empty() && out.rotated > 0 {
        return Err(unreadable(
            "its only text is drawn turned or slanted, which is not read; turn its pages upright and save it again",
        ));
    }
    if text.trim().is_empty() {
        return Err(ImportError::NoText { pages });
    }
    Ok(blocks::from_text(&text))
}

fn unreadable(why: impl Into<String>) -> ImportError {
    ImportError::Unreadable {
        format: super::read::Format::Pdf.name(),
        why: why.into(),
    }
}

/// The text lines of the document, in drawing order, and its page count.
fn extract(bytes: &[u8]) -> Result<(Lines, usize), ImportError> {
    UNPACKED.with(|u| u.set(0));
    let options = LoadOptions {
        filter: Some(bound_stream),
        ..LoadOptions::default()
    };
    let mut doc = Document::load_mem_with_options(bytes, options)
        .map_err(|e| unreadable(format!("it is damaged or cut short ({e})")))?;
    if doc.encryption_state.is_some() {
        // lopdf decrypts a file locked with an empty password (one that only
        // forbids copying or printing) without running the filter.
        for (&id, object) in doc.objects.iter_mut() {
            if matches!(object, Object::Stream(_)) {
                bound_stream(id, object);
            }
        }
    }
    if UNPACKED.with(Cell::get) > MAX_UNPACKED {
        return Err(unreadable(format!(
            "its compressed streams unpack to more than {} MiB",
            MAX_UNPACKED >> 20
        )));
    }
    if doc.is_encrypted() {
        return Err(unreadable(
            "it is protected by a password; open it with the password and save a copy without one",
        ));
    }
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err(unreadable("it has no pages"));
    }
    check_drawing(&doc).map_err(unreadable)?;
    let mut out = Lines::default();
    let done = pdf_extract::output_doc(&doc, &mut out);
    if out.overflow {
        return Err(unreadable(format!(
            "its text is longer than {} MiB",
            MAX_TEXT >> 20
        )));
    }
    done.map_err(|e| unreadable(format!("{e}")))?;
    out.end_line();
    Ok((out, pages))
}

thread_local! {
    /// Bytes the compressed streams of the file being loaded unpack to.
    static UNPACKED: Cell<u64> = const { Cell::new(0) };
}

/// Run on every object as it is loaded (a plain function: the loader takes
/// no closure, hence the thread-local count; lopdf loads on the calling
/// thread, its `rayon` feature being off). Images are emptied: the text
/// needs none of their pixels, and pdf-extract runs an image it is told to
/// draw as drawing operators, which for a scan's pages costs time and can
/// read junk text or panic. Every other compressed stream is unpacked into
/// a counter, so a bomb is found before the loader (for object streams) or
/// the extractor unpacks it for real. (LZW, rare in PDFs since 2001, is not
/// counted.)
fn bound_stream(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    let Object::Stream(stream) = object else {
        // The loader keeps the returned copy of an object read from an
        // object stream, and the object itself otherwise.
        return Some((id, object.clone()));
    };
    let name = |key: &[u8]| stream.dict.get(key).and_then(Object::as_name).ok();
    if name(b"Subtype") == Some(b"Image".as_slice()) {
        stream.dict.remove(b"Filter");
        stream.dict.remove(b"DecodeParms");
        stream.set_content(Vec::new());
    } else if first_filter(stream) == Some(b"FlateDecode".as_slice()) {
        let used = UNPACKED.with(Cell::get);
        let room = MAX_UNPACKED.saturating_sub(used) + 1;
        let data = &stream.content;
        // Like lopdf: a stream with a broken zlib header is read as raw deflate.
        let n = match unpacked(&mut flate2::read::ZlibDecoder::new(&data[..]), room) {
            0 => unpacked(
                &mut flate2::read::DeflateDecoder::new(data.get(2..).unwrap_or(&[])),
                room,
            ),
            n => n,
        };
        UNPACKED.with(|u| u.set(used.saturating_add(n)));
        if n >= room {
            stream.set_content(Vec::new());
        }
    }
    // A stream's own object is kept as changed in place.
    Some((id, Object::Null))
}

/// Bytes `r` unpacks to, up to `room`. Counted up to an error too: lopdf
/// keeps what it unpacked before a broken checksum.
fn unpacked(r: &mut dyn std::io::Read, room: u64) -> u64 {
    let mut buf = [0u8; 64 << 10];
    let mut n = 0u64;
    while n < room {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k as u64,
        }
    }
    n
}

fn first_filter(stream: &Stream) -> Option<&[u8]> {
    match stream.dict.get(b"Filter").ok()? {
        Object::Name(n) => Some(n),
        Object::Array(a) => a.first()?.as_name().ok(),
        _ => None,
    }
}

/// Finds what would make pdf-extract recurse without end or run for hours:
/// a page whose parent chain loops (it looks up inherited entries by
/// recursion), a form that draws itself, forms nested deeper than
/// [`MAX_DEPTH`], or pages whose drawing, forms counted each time they are
/// drawn, exceeds [`MAX_DRAWN`] bytes.
fn check_drawing(doc: &Document) -> Result<(), String> {
    let mut forms = Forms {
        doc,
        cost: HashMap::new(),
        path: Vec::new(),
    };
    let mut pages: HashMap<ObjectId, u64> = HashMap::new();
    let mut total = 0u64;
    for id in doc.get_pages().into_values() {
        let cost = match pages.get(&id) {
            Some(&c) => c,
            None => {
                let page = doc.get_dictionary(id).map_err(|e| e.to_string())?;
                let resources = inherited_resources(doc, page)?;
                let content = doc.get_page_content(id).unwrap_or_default();
                let c = forms.cost(&content, resources, 0)?;
                pages.insert(id, c);
                c
            }
        };
        total = total.saturating_add(cost);
        if total > MAX_DRAWN {
            return Err(too_much_drawing());
        }
    }
    Ok(())
}

fn too_much_drawing() -> String {
    format!(
        "drawing its pages would run more than {} MiB of operators (forms drawn inside forms over and over)",
        MAX_DRAWN >> 20
    )
}

/// The page's resources as pdf-extract finds them: its own, else its
/// nearest ancestor's.
fn inherited_resources<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
) -> Result<Option<&'a Dictionary>, String> {
    let mut node = page;
    for _ in 0..MAX_DEPTH {
        if let Ok(r) = node.get(b"Resources") {
            return Ok(doc.dereference(r).ok().and_then(|(_, r)| r.as_dict().ok()));
        }
        match node.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => node = doc.get_dictionary(parent).map_err(|e| e.to_string())?,
            Err(_) => return Ok(None),
        }
    }
    Err("its page tree loops (a page is its own ancestor)".into())
}

/// The cost of drawing content, by form and resources seen.
struct Forms<'a> {
    doc: &'a Document,
    /// Bytes drawn by a form with the resources it finds its names in.
    cost: HashMap<(ObjectId, *const Dictionary), u64>,
    /// The forms being drawn, outermost first.
    path: Vec<ObjectId>,
}

impl<'a> Forms<'a> {
    /// Bytes of operators drawing `content` runs, forms included, its names
    /// found in `resources` as pdf-extract finds them.
    fn cost(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<u64, String> {
        let mut total = content.len() as u64;
        let (Some(resources), Ok(ops)) = (resources, Content::decode(content)) else {
            return Ok(total);
        };
        for op in ops.operations.iter().filter(|op| op.operator == "Do") {
            let Some((id, form)) = op
                .operands
                .first()
                .and_then(|n| n.as_name().ok())
                .and_then(|n| self.form(resources, n))
            else {
                continue;
            };
            if self.path.contains(&id) {
                return Err("a form in it draws itself".into());
            }
            if depth >= MAX_DEPTH {
                return Err(format!("its forms nest more than {MAX_DEPTH} deep"));
            }
            let own = form
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| self.doc.dereference(r).ok())
                .and_then(|(_, r)| r.as_dict().ok());
            let inner = own.unwrap_or(resources);
            let key = (id, inner as *const Dictionary);
            let c = match self.cost.get(&key) {
                Some(&c) => c,
                None => {
                    let body = form
                        .decompressed_content()
                        .unwrap_or_else(|_| form.content.clone());
                    self.path.push(id);
                    let c = self.cost(&body, Some(inner), depth + 1)?;
                    self.path.pop();
                    self.cost.insert(key, c);
                    c
                }
            };
            total = total.saturating_add(c);
            if total > MAX_DRAWN {
                return Err(too_much_drawing());
            }
        }
        Ok(total)
    }

    /// The form XObject `name` in `resources`, if it is one.
    fn form(&self, resources: &'a Dictionary, name: &[u8]) -> Option<(ObjectId, &'a Stream)> {
        let (_, xobjects) = self.doc.dereference(resources.get(b"XObject").ok()?).ok()?;
        let (id, form) = self
            .doc
            .dereference(xobjects.as_dict().ok()?.get(name).ok()?)
            .ok()?;
        let form = form.as_stream().ok()?;
        let is_form =
            form.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice());
        Some((id?, form)).filter(|_| is_form)
    }
}

/// One line of text as drawn: its glyphs on one baseline.
#[derive(Debug, Clone, PartialEq)]
struct TextLine {
    page: u32,
    /// Left and right end, and the baseline measured down from the top of
    /// the page, in points.
    x0: f64,
    x1: f64,
    y: f64,
    /// Font size in points (of the line's last glyph).
    size: f64,
    text: String,
}

/// Collects glyphs into [`TextLine`]s.
#[derive(Default)]
struct Lines {
    lines: Vec<TextLine>,
    cur: Option<TextLine>,
    page: u32,
    top: f64,
    bytes: usize,
    overflow: bool,
    /// Glyphs skipped as not upright.
    rotated: usize,
}

impl Lines {
    fn end_line(&mut self) {
        if let Some(mut l) = self.cur.take() {
            l.text.truncate(l.text.trim_end().len());
            if !l.text.is_empty() {
                self.lines.push(l);
            }
        }
    }
}

/// Ideographs, kana, hangul and CJK punctuation: scripts written without
/// spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

impl OutputDev for Lines {
    fn begin_page(
        &mut self,
        page: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.end_line();
        self.page = page;
        self.top = media_box.ury;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.end_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        s: &str,
    ) -> Result<(), OutputError> {
        // Rotated or mirrored glyphs are watermarks and side notes, not
        // the running text; each would make a line of one glyph.
        if trm.m11 <= 0.0 || trm.m12.abs() > 0.05 * trm.m11 || trm.m21.abs() > 0.05 * trm.m11 {
            self.rotated += 1;
            return Ok(());
        }
        let size = font_size.abs() * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let (x, y) = (trm.m31, self.top - trm.m32);
        if !(size.is_finite() && x.is_finite() && y.is_finite()) || size <= 0.0 {
            return Ok(());
        }
        self.bytes += s.len() + 1;
        if self.bytes > MAX_TEXT {
            self.overflow = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let end = x + width * size;
        if let Some(l) = &mut self.cur {
            if (y - l.y).abs() <= 0.5 * size.max(l.size) {
                let gap = x - l.x1;
                let prev = l.text.chars().next_back();
                let next = s.chars().next();
                // CJK text has no spaces; justified lines still spread its
                // glyphs apart, which must not become spaces. A gap of a
                // whole em is a real space (between table cells, say).
                let spaced =
                    prev.is_some_and(char::is_whitespace) || next.is_some_and(char::is_whitespace);
                if !spaced
                    && (gap > size
                        || (gap > 0.2 * size
                            && !prev.is_some_and(is_cjk)
                            && !next.is_some_and(is_cjk)))
                {
                    l.text.push(' ');
                }
                l.text.push_str(s);
                l.x1 = l.x1.max(end);
                l.size = size;
                return Ok(());
            }
        }
        self.end_line();
        let text = s.trim_start();
        if !text.is_empty() {
            self.cur = Some(TextLine {
                page: self.page,
                x0: x,
                x1: end,
                y,
                size,
                text: text.to_string(),
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The left and right edge of the text on each page and its usual line
/// spacing (the median distance between baselines), by page. The edges are
/// where a tenth of the lines start further left or end further right: one
/// stray line (a long address, a margin note) must not move them.
struct PageBox {
    left: f64,
    right: f64,
    spacing: Option<f64>,
}

fn page_boxes(lines: &[TextLine]) -> HashMap<u32, PageBox> {
    let mut boxes = HashMap::new();
    for page in lines.chunk_by(|a, b| a.page == b.page) {
        let tenth = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 10]
        };
        let left = tenth(page.iter().map(|l| l.x0).collect());
        let right = -tenth(page.iter().map(|l| -l.x1).collect());
        let mut gaps: Vec<f64> = page
            .windows(2)
            .map(|w| w[1].y - w[0].y)
            .filter(|&d| d > 0.0 && d < 3.0 * page[0].size.max(1.0))
            .collect();
        gaps.sort_by(f64::total_cmp);
        let spacing = gaps.get(gaps.len() / 2).copied();
        boxes.insert(
            page[0].page,
            PageBox {
                left,
                right,
                spacing,
            },
        );
    }
    boxes
}

/// The text of the lines, a paragraph a line: lines joined where the
/// layout shows that the next line goes on with the same paragraph.
fn paragraphs(lines: &[TextLine]) -> String {
    let boxes = page_boxes(lines);
    let mut out = String::new();
    for (k, l) in lines.iter().enumerate() {
        if k > 0 && continues(&lines[k - 1], l, &boxes) {
            let prev = out.chars().next_back();
            let next = l.text.chars().next();
            if prev.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
                && next.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
            {
                out.push(' ');
            }
        } else if k > 0 {
            out.push('\n');
        }
        out.push_str(&l.text);
    }
    out.push('\n');
    out
}

/// Whether `next` goes on with the paragraph `prev` is in.
fn continues(prev: &TextLine, next: &TextLine, boxes: &HashMap<u32, PageBox>) -> bool {
    let (Some(pb), Some(nb)) = (boxes.get(&prev.page), boxes.get(&next.page)) else {
        return false;
    };
    let em = prev.size;
    if (next.size - prev.size).abs() > 0.15 * em {
        return false;
    }
    if next.page == prev.page {
        let down = next.y - prev.y;
        // Paragraph spacing, or a line above the last one (a new column or
        // text placed out of order).
        if down <= 0.0 || pb.spacing.is_some_and(|s| down > 1.3 * s + 0.1 * em) {
            return false;
        }
    }
    // A wrapped line runs to the right edge; CJK text breaks anywhere, but a
    // number or a Latin word that did not fit leaves up to a few ems.
    if prev.x1 < pb.right - 3.0 * em {
        return false;
    }
    if next.x0 > nb.left + 0.9 * next.size {
        return false;
    }
    !(super::pages::ends_sentence(&prev.text)
        && super::heading::parse_heading(&next.text).is_some())
}

/// CJK Radicals Supplement characters and the ideographs they look like
/// (Unicode's EquivalentUnifiedIdeograph.txt), in pairs.
const SUPPLEMENT: &str = concat!(
    "⺁厂 ⺂乛 ⺃乚 ⺄乙 ⺅亻 ⺆冂 ⺇𠘨 ⺈刀 ⺉刂 ⺊卜 ⺋㔾 ⺌小 ⺍小 ⺎兀 ⺏尣 ⺐尢 ",
    "⺑𡯂 ⺒巳 ⺓幺 ⺔彑 ⺕彐 ⺖忄 ⺗心 ⺘扌 ⺙攵 ⺛旡 ⺜日 ⺝月 ⺞歺 ⺟母 ⺠民 ⺡氵 ",
    "⺢氺 ⺣灬 ⺤爫 ⺥爫 ⺦丬 ⺧牛 ⺨犭 ⺩王 ⺪𤴔 ⺫目 ⺬示 ⺭礻 ⺮𥫗 ⺯糹 ⺰纟 ⺱罓 ",
    "⺲罒 ⺳㓁 ⺴冗 ⺵𦉫 ⺶羊 ⺷𦍌 ⺸𦍋 ⺹耂 ⺺肀 ⺻聿 ⺼肉 ⺽𦥑 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ",
    "⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻇𧢲 ⻈讠 ⻉贝 ⻊𧾷 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏邑 ⻐钅 ⻑長 ",
    "⻒镸 ⻓长 ⻔门 ⻕𨸏 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻞𩙿 ⻟飠 ⻠饣 ⻡𩠐 ",
    "⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ",
    "⻲亀 ⻳龟",
);

/// The text as the text stages expect it: NFC, no control characters but
/// line breaks, and the characters CJK fonts draw with another character's
/// glyph given back as that character. Fonts such as Noto CJK map a
/// radical (`⼀` U+2F00, `⺠` U+2EA0) and its ideograph (`一`, `民`) to one
/// glyph, and the ToUnicode map a printer writes for that glyph names the
/// radical: `⼀、总体要求` would be no heading, `⼈⺠政府` no unit. The same
/// happens to the em dash, printed as U+2015 (`2021―2023年`).
fn normalise(text: &str) -> String {
    text.nfc()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{2015}' => Some('—'),
            '\u{2F00}'..='\u{2FD5}' => Some(c.nfkc().next().unwrap_or(c)),
            '\u{2E80}'..='\u{2EFF}' => Some(radical(c).unwrap_or(c)),
            c => Some(c),
        })
        .collect()
}

fn radical(c: char) -> Option<char> {
    let mut chars = SUPPLEMENT.chars().filter(|c| *c != ' ');
    while let (Some(r), Some(u)) = (chars.next(), chars.next()) {
        if r == c {
            return Some(u);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs() {
        assert_eq!(normalise("⼀、总体要求"), "一、总体要求");
        assert_eq!(
            normalise("各县⼈⺠政府\u{0}、部⻔\u{7}"),
            "各县人民政府、部门"
        );
        assert_eq!(normalise("(2021―2023年)\t到"), "(2021—2023年) 到");
        assert_eq!(normalise("⻳"), "龟");
        assert_eq!(radical('⺚'), None, "U+2E9A is unassigned");
        assert_eq!(SUPPLEMENT.chars().filter(|c| *c != ' ').count(), 2 * 114);
    }

    fn line(page: u32, x0: f64, x1: f64, y: f64, text: &str) -> TextLine {
        TextLine {
            page,
            x0,
            x1,
            y,
            size: 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn wrapped_lines_are_joined_and_paragraphs_kept() {
        let lines = [
            line(1, 150.0, 250.0, 50.0, "某市行动计划"),
            line(1, 100.0, 300.0, 80.0, "一、总体要求"),
            line(
                1,
                120.0,
                300.0,
                95.0,
                "到2023年,全市新建28所公办幼儿园,学前教育毛入",
            ),
            line(
                1,
                100.0,
                299.0,
                110.0,
                "园率达92.4%。建成5所学校,新建1—2所中等职业",
            ),
            line(1, 100.0, 200.0, 125.0, "学校。"),
            line(
                1,
                120.0,
                300.0,
                140.0,
                "二、主要任务。(牵头单位:市教育局;配合单位:市财",
            ),
            line(1, 100.0, 300.0, 155.0, "政局) see the"),
            line(1, 100.0, 300.0, 170.0, "annex。"),
            line(1, 195.0, 205.0, 400.0, "- 1 -"),
            line(2, 100.0, 300.0, 50.0, "1.甲。"),
        ];
        assert_eq!(
            paragraphs(&lines),
            "某市行动计划\n一、总体要求\n到2023年,全市新建28所公办幼儿园,学前教育毛入园率达92.4%。建成5所学校,新建1—2所中等职业学校。\n二、主要任务。(牵头单位:市教育局;配合单位:市财政局) see the annex。\n- 1 -\n1.甲。\n"
        );
    }

    #[test]
    fn a_stray_long_line_does_not_move_the_right_edge() {
        let mut lines: Vec<TextLine> = (0..10)
            .map(|k| line(1, 100.0, 300.0, 50.0 + 15.0 * k as f64, "续行文字,"))
            .collect();
        lines[3].x1 = 520.0;
        lines[9].x1 = 200.0;
        lines[9].text = "完。".into();
        let text = paragraphs(&lines);
        assert_eq!(text.lines().count(), 1, "{text}");
    }
}
