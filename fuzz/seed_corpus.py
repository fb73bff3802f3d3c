#!/usr/bin/env python3
"""Writes the hand-made seed inputs of both fuzz targets into
fuzz/corpus/<target>/seed-*: small pieces of the repository's own plans
and source documents plus edge cases. Run from the repository root; then
fuzz and minimise (docs/fuzzing.md). Safe to re-run: it only (re)writes
seed-* files."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PL = os.path.join(ROOT, "fuzz/corpus/plan_loader")
IM = os.path.join(ROOT, "fuzz/corpus/importer")
os.makedirs(PL, exist_ok=True)
os.makedirs(IM, exist_ok=True)


def put(d, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def head_lines(text, limit):
    """The longest prefix of whole lines within `limit` UTF-8 bytes."""
    out, n = [], 0
    for line in text.splitlines(keepends=True):
        b = len(line.encode())
        if n + b > limit:
            break
        out.append(line)
        n += b
    return "".join(out)


def middle_lines(text, limit):
    lines = text.splitlines(keepends=True)
    return head_lines("".join(lines[len(lines) // 2:]), limit)


# ---- plan_loader: pieces of content/plans and edge cases ----
plans = sorted(os.listdir(os.path.join(ROOT, "content/plans")))
for i, f in enumerate(plans):
    text = open(os.path.join(ROOT, "content/plans", f), encoding="utf-8").read()
    put(PL, f"plan{i}-head2k.yaml", head_lines(text, 2048))
    put(PL, f"plan{i}-head6k.yaml", head_lines(text, 6144))

MIN = "title: T\nsections: []\n"
FULL = """slug: demo-plan
title: 贵港市教育提质行动计划
issuer: [贵港市人民政府, 中共贵港市委]
jurisdiction: 贵港市
doc_number: 贵政通〔2022〕12号
issued: 2022-03-19
published: 2022-04-19
period: [2021, 2023]
basis: [广西教育提质振兴三年行动计划(2021—2023年)]
lang: zh-Hans
source: seeds/x.txt
intro: |-
  为促进教育高质量发展,**加快**推进[教育现代化](https://example.org)。

  ```rust
  fn main() {}
  ```
targets:
- {year: 2023, text: 新建28所公办幼儿园, value: 28, unit: 所}
sections:
- number: 一
  title: 总体要求
  body: 到2023年,全市……
  sections:
  - number: (一)
    title: 学前教育
    tasks:
    - number: '1'
      title: 扩大普惠资源
      body: 新建公办幼儿园。(牵头单位:市教育局;配合单位:市财政局)
      lead: [市教育局]
      partners: [市财政局, 市发展改革委]
      targets:
      - year: 2025
        text: 普惠率达92.4%
        value: 92.4
        unit: '%'
  tasks:
  - number: u1
    title: 无编号任务
    responsible: [各县(市、区)人民政府]
"""
edge = {
    "empty.yaml": "",
    "null.yaml": "~\n",
    "docstart.yaml": "---\n",
    "min.yaml": MIN,
    "full.yaml": FULL,
    "bom.yaml": "\ufeff" + MIN,
    "crlf.yaml": FULL.replace("\n", "\r\n"),
    "tabs.yaml": "title: T\nsections:\n\t- title: S\n",
    "multi-doc.yaml": MIN + "---\n" + MIN,
    "anchors.yaml": "title: &t T\nissuer: *t\nsections:\n  - &s {title: S, tasks: [{number: '1', title: X}]}\n  - *s\n  - {<<: *s, number: 二}\n",
    "alias-bomb.yaml": "title: b\nsections:\n  - &a {title: x}\n  - &b {title: x, sections: [*a,*a,*a,*a]}\n  - &c {title: x, sections: [*b,*b,*b,*b]}\n  - {title: x, sections: [*c,*c,*c,*c]}\n",
    "deep-flow.yaml": "title: T\nintro: " + "[" * 200 + "]" * 200 + "\n",
    "deep-sections.yaml": "title: T\nsections: " + "[{title: s, sections: " * 60 + "[]" + "}]" * 60 + "\n",
    "tags.yaml": "title: !!str 123\nissuer: !custom x\nintro: !!binary aGVsbG8=\nsections: !!seq []\n",
    "dates.yaml": "title: T\nissued: 2024-02-29\npublished: 2023-02-29\n",
    "date-zero.yaml": "title: T\nissued: 0000-01-01\n",
    "date-huge.yaml": "title: T\nissued: 9999999999-01-01\n",
    "date-short.yaml": "title: T\nissued: 2022-3-9\n",
    "date-time.yaml": "title: T\nissued: 2022-03-19T10:00:00Z\n",
    "date-quoted.yaml": "title: T\nissued: '2022-03-19'\npublished: 20220319\n",
    "period-bad.yaml": "title: T\nperiod: [2025, 2021]\n",
    "period-three.yaml": "title: T\nperiod: [2021, 2022, 2023]\n",
    "numeric-title.yaml": "title: 2025\nsections:\n- title: 1.5\n  tasks:\n  - {number: 1, title: -7}\n",
    "empty-title.yaml": "title: '  '\n",
    "dup-keys.yaml": "title: A\ntitle: B\n",
    "unknown-key.yaml": "title: T\ntitel: T\n",
    "values.yaml": "title: T\ntargets:\n- {text: a, value: 1e400}\n- {text: b, value: .nan}\n- {text: c, value: -.inf}\n- {text: d, value: 0x1F}\n- {text: e, value: 3万, year: -5}\n- {text: f, year: 99999999999}\n",
    "html.yaml": "title: <script>alert(1)</script>\nintro: '[x](javascript:alert(1)) <img src=x onerror=y>'\nsections:\n- title: '{{ site.title }} {% raw %}'\n  body: '<details><summary>s</summary></details>'\n",
    "slug-bad.yaml": "slug: Bad Slug\ntitle: T\n",
    "slug-dash.yaml": "slug: -x\ntitle: T\n",
    "lang-hant.yaml": "title: 實施方案\nlang: zh-Hant\nsections:\n- title: 總體要求\n",
    "long-line.yaml": "title: " + "长" * 3000 + "\n",
    "numbers.yaml": "title: T\nsections:\n- number: 十二\n  title: S\n  tasks:\n  - {number: (三), title: a}\n  - {number: ⑤, title: b}\n  - {number: (三), title: dup}\n  - {number: '', title: empty}\n",
    "block-scalars.yaml": "title: >-\n  folded\n  title\nintro: |+\n  keep\n\n\nsections: []\n",
    "quotes.yaml": "title: \"esc \\u00e9 \\x41 \\U0001F600\"\nintro: 'it''s'\n",
    "json.yaml": '{"title": "T", "sections": [{"title": "S", "tasks": [{"number": "1", "title": "X"}]}]}',
    "directive.yaml": "%YAML 1.2\n%TAG ! tag:example.org,2000:\n---\ntitle: T\n",
    "complex-key.yaml": "? title\n: T\n? [a, b]\n: c\n",
    # Issue 11's shapes: nesting that made the YAML scanner quadratic,
    # aliases measured by what they expand to, Markdown nested past the cap.
    "flow-bomb.yaml": "title: x\nsections: " + "[" * 16000 + "\n",
    "flow-map-bomb.yaml": "title: x\nsections: " + "[{a: " * 3000 + "\n",
    "alias-size.yaml": "title: x\nintro: &s " + "政" * 2500 + "\nbasis: [" + ", ".join(["*s"] * 400) + "]\n",
    "md-nest-quote.yaml": "title: x\nintro: '" + ">" * 12000 + " 引文'\n",
    "md-nest-list.yaml": "title: x\nintro: '" + "- " * 6000 + "条目'\n",
    "md-nest-ordered.yaml": "title: x\nintro: |\n" + "".join("  " + "   " * i + "1. x\n" for i in range(80)),
    "md-nest-div.yaml": "title: x\nintro: '" + "<div>" * 2500 + "正文'\n",
    "md-nest-inline.yaml": "title: x\nintro: '" + "<em>" * 2500 + "正文'\n",
}
for name, text in edge.items():
    put(PL, name, text)

# ---- importer: pieces of seeds/ and tests/fixtures/corpus/ ----
docs = [os.path.join("seeds", f) for f in sorted(os.listdir(os.path.join(ROOT, "seeds")))]
docs += [os.path.join("tests/fixtures/corpus", f)
         for f in sorted(os.listdir(os.path.join(ROOT, "tests/fixtures/corpus"))) if f.endswith(".txt")]
for i, f in enumerate(docs):
    text = open(os.path.join(ROOT, f), encoding="utf-8").read()
    head, mid = head_lines(text, 3072), middle_lines(text, 3072)
    put(IM, f"doc{i}-head.txt", head)
    put(IM, f"doc{i}-mid.txt", mid)
    if i % 3 == 0:
        put(IM, f"doc{i}-head.gbk", head.encode("gb18030", "replace"))
    if i % 3 == 1:
        put(IM, f"doc{i}-head.big5", head.encode("big5", "replace"))
    if i % 3 == 2:
        put(IM, f"doc{i}-head.utf16le", b"\xff\xfe" + head[:800].encode("utf-16-le"))
    if i == 0:
        put(IM, "doc0-head.utf16be", b"\xfe\xff" + head[:800].encode("utf-16-be"))
        put(IM, "doc0-head.bom", "\ufeff" + head[:1500])
        put(IM, "doc0-head.crlf", head[:1500].replace("\n", "\r\n"))
        # Converter garbage: UTF-8 read as Latin-1 and written back as UTF-8.
        put(IM, "doc0-mojibake.txt", head[:600].encode("utf-8").decode("latin-1"))
        put(IM, "doc0-cut-utf8.txt", head.encode("utf-8")[:1001])

imp_edge = {
    "empty.txt": "",
    "spaces.txt": "  \n\t\n",
    "nul.txt": "一、总体要求\0\n",
    "zip.txt": b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
    "pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "one-heading.txt": "一、总体要求\n",
    "numbering.txt": "某某行动计划\n一、总体要求\n（一）指导思想。坚持……\n1.加强领导。\n（1）落实责任。\n①细化分工。\n第一章 总则\n第一条 为了……\n二、主要任务\n",
    "units.txt": "某市实施方案\n一、重点任务\n（一）扩大资源。到2025年，新建幼儿园10所，普及率达到92.4%。（牵头单位：市教育局；配合单位：市财政局、市发展改革委，各县（市、区）人民政府）\n（二）改善条件。（责任单位：市教育局，市住建局）\n",
    "targets.txt": "行动计划(2021—2023年)\n一、目标\n到2023年，全市建成20个以上，达到95%，不低于3万人次，控制在1‰以内，202*年完成。2025年底前实现全覆盖。\n",
    "meta.txt": "发文单位: | 成文日期:2022年03月19日 |\n标 题:某某市人民政府关于印发某某行动计划的通知 | |\n发文字号:某政发〔2022〕12号 | 发布日期:2022年04月19日 |\n各县人民政府:\n现印发给你们，请认真贯彻执行。\n某某市人民政府\n2022年3月19日\n某某行动计划\n一、总体要求\n",
    "two-plans.txt": "甲市行动计划\n一、任务\n（一）甲。\n\n附件2\n\n乙市实施方案\n一、任务\n（一）乙。（牵头单位：乙局）\n",
    "traditional.txt": "西寧市人民政府辦公廳關於印發實施方案的通知\n一、總體要求\n（一）貫徹落實。（牽頭單位：市教育局）\n",
    "run-in.txt": "一、任务（一）甲负责)(二)让企业……（三）丙\n",
    "long-line.txt": "一、" + "长" * 5000 + "\n",
    "many-headings.txt": "".join(f"{n}、标题\n" for n in "一二三四五六七八九十" * 5),
    "html.txt": "<html><body>首页 > 通知公告\n一、<b>任务</b>\n打印本页 关闭窗口\n</body></html>\n",
}
for name, text in imp_edge.items():
    put(IM, name, text)

# ---- importer: Word files (zip packages built here, fixed timestamps) ----
import io
import zipfile

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def wxml(root, inner):
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {W_NS}>{inner}</w:{root}>'


def docx(body, numbering=None, styles=None):
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "word/document.xml": wxml("document", f"<w:body>{body}</w:body>"),
    }
    if numbering:
        parts["word/numbering.xml"] = wxml("numbering", numbering)
    if styles:
        parts["word/styles.xml"] = wxml("styles", styles)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def wp(text, ppr=""):
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def numpr(num, ilvl):
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'


def wlvl(i, fmt, text, extra=""):
    return f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>'


# Chapters numbered by the heading style, items by a multi-level list with a
# restart (startOverride), numbers removed from the text.
numbering = (
    '<w:abstractNum w:abstractNumId="0">'
    + wlvl(0, "chineseCounting", "%1、")
    + wlvl(1, "chineseCounting", "（%2）")
    + wlvl(2, "decimal", "%3.")
    + wlvl(3, "decimalEnclosedParen", "%4")
    + wlvl(4, "decimalEnclosedCircle", "%5")
    + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
)
styles = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
)
body = "".join(
    [
        wp("某市教育提质行动计划"),
        wp("为促进教育高质量发展，根据《上级行动计划（2021—2023年）》，制定本行动计划。"),
        wp("总体要求", '<w:pStyle w:val="1"/>'),
        wp("到2023年，全市新建28所公办幼儿园，学前教育毛入园率达92.4%。"),
        wp("主要任务", '<w:pStyle w:val="1"/>'),
        wp("实施新时代立德树人计划。", numpr(1, 1)),
        wp("增强德育工作实效性。建设6所中小学德育工作示范校。〔牵头单位：市教育局；配合单位：市委宣传部，团市委〕", numpr(1, 2)),
        wp("开展教育", numpr(1, 3)),
        wp("建设学校", numpr(1, 4)),
        wp("实施学前教育优质普惠发展计划。", numpr(2, 1)),
        wp("继续扩大普惠性学前教育资源。（责任单位：市教育局，各县（市、区）人民政府）", numpr(2, 2)),
        wp("保障措施", '<w:pStyle w:val="1"/>'),
        '<w:p><w:r><w:t>加强</w:t></w:r><w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:ins><w:r><w:t>组织</w:t></w:r></w:ins><w:r><w:t>领导。</w:t><w:br/><w:t>市人民政府</w:t><w:tab/><w:t>2022年3月19日</w:t></w:r></w:p>',
    ]
)
put(IM, "docx-numbered.docx", docx(body, numbering, styles))


# A task-division table: 序号 numbered by Word, lead and deadline merged
# down (vMerge), partner and deadline merged across (gridSpan), a nested
# table in a cell.
def tc(text, props="", num=None):
    ppr = numpr(num, 0) if num else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{wp(text, ppr)}</w:tc>"


restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
rows = [
    "".join(tc(t) for t in ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]),
    tc("", num=1) + tc("扩大学前教育资源") + tc("市教育局", restart) + tc("市财政局") + tc("2023年底前", restart),
    tc("", num=1)
    + '<w:tc><w:p><w:r><w:t>推进学校建设</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>'
    + tc("", cont)
    + tc("市住房城乡建设局")
    + tc("", cont),
    tc("", num=1) + tc("加强教师队伍建设") + tc("市人力资源社会保障局") + tc("持续推进", '<w:gridSpan w:val="2"/>'),
]
table = "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"
body = wp("某市教育提质行动计划") + wp("一、重点任务分工") + table + wp("二、保障措施")
put(IM, "docx-table.docx", docx(body, '<w:abstractNum w:abstractNumId="0">' + wlvl(0, "decimal", "%1") + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'))


# ---- importer: PDF files (hand-written: objects, a correct xref table) ----
import zlib


def pdf(objects):
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def pdf_stream(data, dict_=b""):
    return b"<< %s /Length %d >>\nstream\n" % (dict_, len(data)) + data + b"\nendstream"


CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def page(resources):
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 5 0 R >>" % resources


# Helvetica, numbered lines in Latin letters, content compressed.
latin = b"BT /F1 12 Tf 14 TL 72 760 Td (Plan) Tj T* (1. Build schools.) Tj T* (2. Train teachers.) Tj ET"
put(IM, "pdf-latin.pdf", pdf(CATALOG + [
    page(b"<< /Font << /F1 4 0 R >> >>"),
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    pdf_stream(zlib.compress(latin), b"/Filter /FlateDecode"),
]))

# A plan drawn with a CID font known only by its ToUnicode map, which names
# radicals for some ideographs (as Noto CJK's do), a form and an image.
lines = ["某市行动计划（2021—2023年）", "一、总体目标", "到2023年，新建5所学校。", "二、主要任务",
         "1.扩大资源。（牵头单位：市教育局；配合单位：市人民政府）"]
chars = sorted(set("".join(lines)))
code = {c: i + 1 for i, c in enumerate(chars)}
twin = {"一": "\u2f00", "人": "\u2f08", "民": "\u2ea0", "—": "\u2015"}
content = b"BT /F1 12 Tf 16 TL 72 760 Td\n" + b"".join(
    b"<" + "".join("%04X" % code[c] for c in l).encode() + b"> Tj T*\n" for l in lines) + b"ET /X0 Do /Im0 Do"
cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
cmap += "%d beginbfchar\n" % len(chars) + "".join(
    "<%04X> <%s>\n" % (code[c], twin.get(c, c).encode("utf-16-be").hex().upper()) for c in chars)
cmap += "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
put(IM, "pdf-cid.pdf", pdf(CATALOG + [
    page(b"<< /Font << /F1 4 0 R >> /XObject << /X0 7 0 R /Im0 8 0 R >> >>"),
    b"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 9 0 R >>",
    pdf_stream(content),
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000"
    b" /FontDescriptor << /Type /FontDescriptor /FontName /F /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> >>",
    pdf_stream(b"BT /F1 10 Tf 72 60 Td <0001> Tj ET", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"),
    pdf_stream(zlib.compress(bytes(range(256)) * 3), b"/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"),
    pdf_stream(cmap.encode()),
]))

# ---- importer: task tables as CSV and as spreadsheets ----
TABLE = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
         ["一、基础设施方面", "", "", "", ""],
         ["1", "建设智慧校园，推进数字化", "市教育局", "市财政局、各县（市、区）人民政府", "2024年12月底前"],
         ["2", "改善办学条件\n新建学校3所", "市教育局", "市发展改革委", "长期坚持"]]


def csv_text(rows, sep=","):
    q = lambda c: '"' + c.replace('"', '""') + '"' if any(x in c for x in (sep, '"', "\n")) else c
    return "".join(sep.join(q(c) for c in r) + "\n" for r in rows)


put(IM, "table-comma.txt", csv_text(TABLE))
put(IM, "table-semicolon.txt", csv_text(TABLE, ";"))
put(IM, "table-ragged.txt", csv_text(TABLE)[:-40] + '"unclosed,\n')


def xlsx(rows, merges=()):
    def cell(r, c, v):
        ref = chr(ord("A") + c) + str(r + 1)
        if v.isdigit():
            return f'<c r="{ref}"><v>{v}</v></c>'
        v = v.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>'
    data = "".join(f'<row r="{r + 1}">' + "".join(cell(r, c, v) for c, v in enumerate(row) if v) + "</row>"
                   for r, row in enumerate(rows))
    merge = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
             + "</mergeCells>") if merges else ""
    S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {S} {R}><sheets><sheet name="分工表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {S}><sheetData>{data}</sheetData>{merge}</worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text)
    return buf.getvalue()


put(IM, "table.xlsx", xlsx(TABLE, ["A2:E2"]))
put(IM, "table-bad-merge.xlsx", xlsx(TABLE, ["A2:XFD1048576", "E1:A1"]))
