"""The report as an editable Word document: heading styles, real tables, charts as images."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..core.context import ReportContext
from . import compact, paper_rows, rows
from .charts import chart_png
from .context import source_date
from .html import project_rows
from .paper_strings import paper_text
from .reproducible import fix_package
from .strings import GLOSSARY, text

# A cell that is a figure (9,186 / −657.5% / 1,741億円 / 100.0%): right-aligned, never wrapped.
NUMBER = re.compile(r"^[−\-+]?[\d,]+(\.\d+)?\s*(%|％|億円|万人|人|件|円)?$")
EAST_ASIA_FONT = "游ゴシック"  # Windows and Office for Mac have it; others substitute
LATIN_FONT = "游ゴシック"
RED = RGBColor(0xC0, 0x00, 0x00)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
HEAD_SHADE = "EEF1F5"


def _fonts(style: Any, size: float | None = None) -> None:
    """Set the style's Latin and East Asian fonts (w:eastAsia)."""
    style.font.name = LATIN_FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), EAST_ASIA_FONT if attr == "w:eastAsia" else LATIN_FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    if size:
        style.font.size = Pt(size)


def _field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE …) with the text shown until Word updates it."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _shade(cell: Any, color: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    props.append(shd)


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    props.append(el)


def _no_split(row: Any, keep: bool) -> None:
    """Keep a row on one page; with ``keep``, also keep it with the next row."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if keep:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _table(
    doc: Any,
    headers: list[str] | None,
    body: list[list[str]],
    widths: list[float] | None = None,
    size: float = 8.5,
    red: set[tuple[int, int]] | None = None,
    together: bool = True,
) -> Any:
    """A real Word table with a shaded, repeating header row."""
    n_cols = len(headers) if headers else len(body[0])
    table = doc.add_table(rows=0, cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if widths:
        for c, w in enumerate(widths):
            table.columns[c].width = Cm(w)
    all_rows = ([headers] if headers else []) + body
    for r, values in enumerate(all_rows):
        row = table.add_row()
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(value))
            run.font.size = Pt(size)
            if NUMBER.match(str(value).strip()):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
            is_head = headers is not None and r == 0
            if is_head:
                run.bold = True
                _shade(cell, HEAD_SHADE)
            elif headers is None and c == 0:
                _shade(cell, "F8F9FB")
            if red and (r - (1 if headers else 0), c) in red:
                run.font.color.rgb = RED
                run.bold = True
            if widths:
                cell.width = Cm(widths[c])
        if headers is not None and r == 0:
            _repeat_header(row)
        _no_split(row, keep=together and r < len(all_rows) - 1)
    doc.add_paragraph()
    return table


def _language(doc: Any, lang: str) -> None:
    """The document's language (spelling, hyphenation, screen readers): ja-JP, or en-GB with
    Japanese for East Asian text."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), "ja-JP" if lang == "ja" else "en-GB")
    el.set(qn("w:eastAsia"), "ja-JP")
    el.set(qn("w:bidi"), "ar-SA")
    rpr.append(el)


def _setup(doc: Any, ctx: ReportContext) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    _language(doc, ctx.lang)
    for name, size in (("Normal", 10), ("Title", 20), ("Caption", 8.5)):
        _fonts(doc.styles[name], size)
    for level, size in ((1, 15), (2, 12.5), (3, 11), (4, 10.5)):
        style = doc.styles[f"Heading {level}"]
        _fonts(style, size)
        style.font.color.rgb = ACCENT
        style.paragraph_format.keep_with_next = True
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = f"{ctx.plan.title}{gap}{rows.title(ctx)}"
    header.runs[0].font.size = Pt(7.5)
    if number := paper_rows.document_number(ctx):
        run = header.add_run(f"{gap}{number}")
        run.font.size, run.bold = Pt(9), True
    if ctx.draft:
        mark = header.add_run(rows.GAP[ctx.lang] + rows.BRACKETS[ctx.lang].format(t["draft"]))
        mark.font.color.rgb = RED
        mark.bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")


def _cover(doc: Any, ctx: ReportContext) -> None:
    t = text(ctx.lang)
    if number := paper_rows.document_number(ctx):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(number)
        run.font.size, run.bold = Pt(14), True
    if ctx.draft:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(rows.BRACKETS[ctx.lang].format(t["draft"]))
        run.font.size, run.font.color.rgb, run.bold = Pt(28), RED, True
    doc.add_paragraph(ctx.plan.municipality).runs[0].font.size = Pt(14)
    doc.add_paragraph(ctx.plan.title, style="Title")
    p = doc.add_paragraph()
    run = p.add_run(rows.title(ctx))
    run.font.size, run.font.color.rgb, run.bold = Pt(18), ACCENT, True
    doc.add_paragraph()
    fields = rows.cover_fields(ctx) + paper_rows.meeting_fields(ctx)
    _table(doc, None, [list(f) for f in fields], [4.5, 12], size=10)
    doc.add_paragraph(f"{t['philosophy']}: {ctx.plan.philosophy}")
    if ctx.draft:
        note = doc.add_paragraph().add_run(t["draft_note"])
        note.font.color.rgb, note.bold = RED, True
    _page_break(doc)


def _page_break(doc: Any) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(doc: Any, ctx: ReportContext) -> None:
    """A real TOC field over headings 1–2; its shown entries are what Word replaces, with
    page numbers, when it updates fields on opening (``w:updateFields``)."""
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    p = doc.add_paragraph()
    run = p.add_run(t["toc"])
    run.bold, run.font.size = True, Pt(14)
    entries = [f"1{gap}{t['summary']}", f"2{gap}{_chapter2(ctx)}"]
    if ctx.compact:
        entries += [f"{gap}{g.label}" for g in compact.groups(ctx)]
    else:
        entries += [f"{gap}2.{n}{gap}{ir.indicator.name}" for n, ir in enumerate(ctx.indicators, 1)]
    entries += [f"3{gap}{t['policies']}"]
    entries += [f"{gap}{t['policy_n'].format(n=pol.code)}{gap}{pol.title}" for pol in ctx.policies]
    pt = paper_text(ctx.lang)
    entries += [f"4{gap}{t['council']}", f"{gap}4.1{gap}{pt['follow_ups']}"]
    entries += [f"{gap}4.2{gap}{pt['current_opinions']}", f"5{gap}{t['appendix']}"]
    appendix = ("method", "sources", "glossary")
    entries += [f"{gap}5.{n}{gap}{t[k]}" for n, k in enumerate(appendix, 1)]
    first = doc.add_paragraph()
    _field_char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    first.add_run()._r.append(instr)
    _field_char(first, "separate")
    first.add_run(entries[0])
    last = first
    for entry in entries[1:]:
        last = doc.add_paragraph(entry)
    _field_char(last, "end")
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    _page_break(doc)


def _field_char(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _summary(doc: Any, ctx: ReportContext) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    doc.add_heading(f"1{gap}{t['summary']}", level=1)
    if overview := paper_rows.overview_paragraphs(ctx):
        doc.add_heading(paper_text(ctx.lang)["overview"], level=3)
        for para in overview:
            doc.add_paragraph(para)
    doc.add_paragraph(rows.summary_lead(ctx))
    if ctx.compact:  # the rows are in chapter 2, by basic policy
        doc.add_paragraph(t["policy_tally"]).runs[0].bold = True
        headers = compact.tally_headers(ctx)
        rest = 12.0 / (len(headers) - 1)
        _table(doc, headers, compact.tally_rows(ctx), [5.0] + [rest] * (len(headers) - 1), 7.5)
    else:
        _summary_table(doc, ctx, rows.summary_rows(ctx), rows.caveat_lines(ctx))
    doc.add_paragraph(rows.counts_text(ctx)).runs[0].bold = True
    doc.add_heading(t["legend_rating"], level=3)
    legend = [[rows.legend_code(r), r.rule, str(r.count)] for r in ctx.rating_legend]
    _table(doc, [t["code"], t["rule"], t["count"]], legend, [4, 10, 2])


def _summary_table(doc: Any, ctx: ReportContext, data: list[Any], caveats: list[str]) -> None:
    """The summary table (one row per indicator) and its notes on 参考 ratings."""
    body = [[c.replace("（", "\n（").replace(" (", "\n(") for c in r.cells()] for r in data]
    widths = [2.8, 1.9, 1.9, 3.0, 1.4, 1.4, 1.5, 1.9, 2.0]
    _table(doc, rows.summary_headers(ctx), body, widths, 7.5, together=len(body) < 12)
    for caveat in caveats:
        doc.add_paragraph().add_run(caveat).font.color.rgb = RED


def _chapter2(ctx: ReportContext) -> str:
    return text(ctx.lang)["compact_indicators" if ctx.compact else "indicators"]


def _indicators(doc: Any, ctx: ReportContext) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    titles = {p.number: p.title for p in ctx.plan.projects}
    _page_break(doc)
    doc.add_heading(f"2{gap}{_chapter2(ctx)}", level=1)
    if ctx.compact:  # a table per basic policy instead of a section and chart per indicator
        doc.add_paragraph(rows.compact_lead(ctx))
        for g in compact.groups(ctx):
            doc.add_heading(g.heading, level=2)
            _summary_table(doc, ctx, g.rows, g.caveats)
        return
    for n, ir in enumerate(ctx.indicators, 1):
        ind = ir.indicator
        if n > 1:
            _page_break(doc)
        doc.add_heading(f"2.{n}{gap}{ind.name}" + rows.paren(ctx.lang, ind.unit), level=2)
        doc.add_paragraph(f"{t['policy_n'].format(n=ind.policy)}{gap}{ir.policy_title}")
        related = rows.join(ctx.lang, [f"{k} {titles[k]}" for k in ir.projects]) or t["none"]
        about = [[t["definition"], ind.definition or rows.DASH]]
        if ind.rule:
            about.append([t["rule_text"], ind.rule.text])
        about.append([t["related"], related])
        _table(doc, None, about, [3.5, 13.5])
        for line in rows.verdict_lines(ctx, ir):
            doc.add_paragraph(line)
        doc.add_paragraph(ir.lag).runs[0].bold = True
        if ir.breaks:
            doc.add_paragraph().add_run(rows.break_text(ctx, ir)).font.color.rgb = RED
        shape = doc.add_picture(io.BytesIO(chart_png(ctx, ir)), width=Cm(16.5))
        shape._inline.docPr.set("descr", t["chart"].format(name=ind.name))  # alternate text
        shape._inline.docPr.set("title", t["chart"].format(name=ind.name))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(t["chart"].format(name=ind.name), style="Caption")
        figures = rows.key_figures(ctx, ir)
        pairs = figures + [("", "")] * (len(figures) % 2)
        body = [[*pairs[k], *pairs[k + 1]] for k in range(0, len(pairs), 2)]
        _table(doc, None, body, [3.5, 5, 3.5, 5])
        _years(doc, ctx, ir)
        doc.add_heading(t["values"], level=3)
        cells = rows.revision_cells(ctx, ir)
        if cells:
            widths = [2.2, 1.8, 6.2, 2.3, 2.5, 2.0]
            _table(
                doc, rows.revision_headers(ctx, ir), cells, widths, 7.5, together=len(cells) < 12
            )
        else:
            doc.add_paragraph(t["no_values"])
        if ir.commentary:
            doc.add_heading(t["commentary"], level=3)
            for para in ir.commentary.splitlines():
                if para.strip():
                    doc.add_paragraph(para)


def _policies(doc: Any, ctx: ReportContext) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    _page_break(doc)
    doc.add_heading(f"3{gap}{t['policies']}", level=1)
    for n, pol in enumerate(ctx.policies):
        if n:
            _page_break(doc)
        doc.add_heading(f"{t['policy_n'].format(n=pol.code)}{gap}{pol.title}", level=2)
        doc.add_paragraph(pol.summary)
        measured = compact.indicator_names(ctx, pol.indicators)
        doc.add_paragraph(f"{t['policy_indicators']}: {measured}")
        for m in pol.measures:
            doc.add_heading(f"{t['measure']} {m.code}{gap}{m.title}", level=3)
            if not m.projects:
                doc.add_paragraph(t["no_projects"])
            _measure(doc, ctx, m)
            for p in m.projects:
                doc.add_heading(f"{t['project_n'].format(n=p.number)}{gap}{p.title}", level=4)
                data = project_rows(ctx, p)
                red = {(k, 1) for k, (_, _, missing) in enumerate(data) if missing}
                _table(
                    doc, None, [[label, value] for label, value, _ in data], [3.5, 13.5], 8.5, red
                )
                if outputs := paper_rows.output_rows(ctx, p):
                    widths = [5.0, 1.5, 2.6, 2.6, 2.6, 2.4]
                    _table(doc, paper_rows.output_headers(ctx), outputs, widths, 8.5)


def _years(doc: Any, ctx: ReportContext, ir: Any) -> None:
    """The indicator's multi-year table and last year's rating beside this year's."""
    doc.add_heading(paper_text(ctx.lang)["years"], level=3)
    change = doc.add_paragraph(paper_rows.rating_change(ctx, ir))
    change.runs[0].bold = True
    change.paragraph_format.keep_with_next = True
    headers = paper_rows.year_headers(ctx, ir)
    first = 2.0
    rest = (17.0 - first) / (len(headers) - 1)
    _table(doc, headers, paper_rows.year_rows(ctx, ir), [first] + [rest] * (len(headers) - 1), 7)


def _measure(doc: Any, ctx: ReportContext, m: Any) -> None:
    """A measure's indicators, its projects' ratings and directions, the secretariat's review."""
    p = paper_text(ctx.lang)
    doc.add_paragraph(f"{p['measure_indicators']}: {paper_rows.measure_indicator_text(ctx, m)}")
    if table := paper_rows.measure_project_rows(ctx, m):
        headers = paper_rows.measure_project_headers(ctx)
        _table(doc, headers, table, [7.0, 2.2, 2.0, 3.0, 2.8], 8.5)
    review = paper_rows.review_rows(ctx, m)
    doc.add_paragraph(p["measure_review"]).runs[0].bold = True
    red = {(k, 1) for k, (_, _, missing) in enumerate(review) if missing}
    _table(doc, None, [[label, value] for label, value, _ in review], [3.5, 13.5], 8.5, red)


def _appendix(doc: Any, ctx: ReportContext) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    _page_break(doc)
    doc.add_heading(f"4{gap}{t['council']}", level=1)
    pt = paper_text(ctx.lang)
    headers = paper_rows.follow_up_headers(ctx)
    widths = [1.9, 3.3, 3.6, 3.6, 1.7, 2.9]
    for n, (key, opinions, empty) in enumerate(
        (
            ("follow_ups", ctx.follow_ups, pt["follow_ups_empty"]),
            ("current_opinions", ctx.current_opinions, t["council_empty"]),
        ),
        1,
    ):
        doc.add_heading(f"4.{n}{gap}{pt[key]}", level=2)
        if opinions:
            body = paper_rows.opinion_rows(ctx, opinions)
            _table(doc, headers, body, widths, 8, together=False)
        else:
            doc.add_paragraph(empty)
    _page_break(doc)
    doc.add_heading(f"5{gap}{t['appendix']}", level=1)
    doc.add_heading(f"5.1{gap}{t['method']}", level=2)
    _table(doc, None, [list(m) for m in ctx.method], [3.5, 13.5])
    doc.add_heading(f"5.2{gap}{t['sources']}", level=2)
    headers = [t["indicator"], t["statistic"], t["baseline_source"], t["used_sources"]]
    _table(doc, headers, rows.source_rows(ctx), [2.6, 4.2, 4.2, 6], 7.5, together=False)
    doc.add_heading(f"5.3{gap}{t['glossary']}", level=2)
    _table(doc, None, [list(g) for g in GLOSSARY[ctx.lang]], [3.5, 13.5])


def render(ctx: ReportContext) -> bytes:
    """The report as DOCX bytes."""
    doc = Document()
    _setup(doc, ctx)
    props = doc.core_properties
    props.title = f"{ctx.plan.title} {rows.title(ctx)}"
    props.author = props.last_modified_by = ctx.plan.municipality
    props.language = ctx.lang
    props.revision = 1
    when = source_date() or datetime.datetime.combine(ctx.generated_on, datetime.time())
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
    _cover(doc, ctx)
    _toc(doc, ctx)
    _summary(doc, ctx)
    _indicators(doc, ctx)
    _policies(doc, ctx)
    _appendix(doc, ctx)
    out = io.BytesIO()
    doc.save(out)
    return fix_package(out.getvalue())
