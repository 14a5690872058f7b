"""The compact report of a large plan (core.layout): above the limit the indicators are one
table row each, by basic policy, with the same figures and verdicts in every format."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace

import pytest

from shinchoku.core.context import build_report_context
from shinchoku.core.layout import DEFAULT_DETAIL_LIMIT, is_compact
from shinchoku.ingest.errors import InputError
from shinchoku.ingest.observation_rows import read_csv_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin
from shinchoku.reports import compact, render, rows

from .conftest import NEWER, D, source_date_epoch

SIZE = DEFAULT_DETAIL_LIMIT + 10  # 60: just above the default limit


def large_context(n: int = SIZE, lang: str = "ja", limit: int | None = None):
    """The built-in plan with its four indicators copied ``n`` times over (ind-0000 …, each
    with the history of the indicator it copies), evaluated for 令和5年度."""
    plan = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    history = [*read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE), *NEWER]
    base = plan.indicators
    copies = []
    observations = []
    for k in range(n):
        ind = base[k % len(base)]
        code = f"ind-{k:04d}"
        names = {lang: {**t, "name": f"Indicator {k:04d}"} for lang, t in ind.translations.items()}
        copies.append(replace(ind, code=code, name=f"指標{k:04d}", translations=names))
        observations += [replace(o, indicator=code) for o in history if o.indicator == ind.code]
    return build_report_context(
        plan=replace(plan, indicators=tuple(copies)),
        observations=observations,
        year=2023,
        as_of=None,
        published=True,
        commentaries={},
        generated_on=D("2024-11-28"),
        lang=lang,
        detail_limit=limit,
    )


@pytest.fixture(scope="module")
def large():
    return large_context()


@pytest.fixture(scope="module")
def files(large):
    with source_date_epoch():
        return {fmt: render(large, fmt) for fmt in ("html", "pdf", "docx", "xlsx")}


# 指標0002 copies 観光入込客数 (基本方針3): 476 万人 (R3), 547 (R5) against a target of 536.
TOURISM = ["指標0002（万人）", "476（R3）", "547（R5）", "536（R5の目標値）", "118.3%", "102.1%",
           "A 達成", "656（R9）", "届く見込み（685）"]  # fmt: skip


def test_the_limit_is_the_plans_else_the_sites_else_the_default():
    assert DEFAULT_DETAIL_LIMIT == 50
    assert not is_compact(50, None) and is_compact(51, None)
    assert is_compact(5, None, 4) and not is_compact(5, None, 5)  # the site's setting
    assert not is_compact(500, 1000, 4) and is_compact(5, 4, 1000)  # the plan's wins
    assert is_compact(1, 0)  # 0: every report compact


def test_a_large_plan_takes_the_compact_layout_and_the_built_in_one_does_not(large, context):
    assert large.compact and len(large.indicators) == SIZE
    assert not context.compact  # four indicators: a section and a chart each
    assert large_context(SIZE, limit=100).compact is False


def test_the_rows_are_cores_figures_grouped_by_basic_policy(large):
    groups = compact.groups(large)
    assert [g.label for g in groups][2] == "基本方針3\u3000観光を軸とした新たな魅力とにぎわいの創出"
    assert sum(len(g.rows) for g in groups) == SIZE
    by_code = {r.code: r for g in groups for r in g.rows}
    ir = next(i for i in large.indicators if i.indicator.code == "ind-0002")
    row = by_code["ind-0002"]
    assert row.cells() == TOURISM
    assert (row.progress, row.attainment) == (ir.evaluation.progress, ir.evaluation.attainment)
    assert row.rating == ir.verdict.label == "A 達成"
    assert groups[2].heading.endswith("（15指標）")
    assert [r.code for r in groups[2].rows][:3] == ["ind-0002", "ind-0006", "ind-0010"]


def test_the_tally_per_policy_adds_up_to_the_legend(large):
    headers, tally = compact.tally_headers(large), compact.tally_rows(large)
    assert headers[0] == "基本方針" and headers[-1] == "計" and "A 達成" in headers
    assert len(tally) == 5  # four basic policies and the plan
    assert tally[-1] == ["計", *(str(r.count) for r in large.rating_legend), str(SIZE)]
    a = headers.index("A 達成")
    assert [row[a] for row in tally] == ["0", "0", "15", "0", "15"]
    for column in range(1, len(headers)):
        assert sum(int(r[column]) for r in tally[:-1]) == int(tally[-1][column])


def test_html_has_the_tables_and_no_section_or_chart_per_indicator(files):
    html = files["html"].decode()
    assert html.count('<table class="summary compact">') == 4
    assert '<section class="policy-table" id="policy-table-3">' in html
    assert 'id="indicator-ind-0002"' not in html and "<svg" not in html
    row = html.split('<th scope="row">指標0002（万人）</th>', 1)[1].split("</tr>", 1)[0]
    row = re.sub(r'</?span(?: class="word")?>', "", row)  # the rating's words, kept whole
    for cell in TOURISM[1:]:
        assert f">{cell}</td>" in row, cell
    assert "評価指標の状況（基本方針別）" in html and "基本方針別の評価の集計" in html
    assert "評価指標: 15指標（2章の表）" in html  # not fifteen names in a sentence


def test_pdf_shows_the_rows_on_a_few_pages(files, tmp_path):
    path = tmp_path / "large.pdf"
    path.write_bytes(files["pdf"])
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    line = next(x for x in text.splitlines() if "指標0002" in x)
    for cell in ("476（R3）", "547（R5）", "118.3%", "102.1%", "A 達成"):
        assert cell in line, (cell, line)
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    count = int(next(x for x in pages.splitlines() if x.startswith("Pages:")).split()[1])
    assert count < 30  # a full report would be a page or more per indicator


def test_docx_has_a_table_per_policy_with_the_same_cells(files, large):
    from docx import Document

    doc = Document(io.BytesIO(files["docx"]))
    headers = rows.summary_headers(large)
    tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == headers]
    assert len(tables) == 4
    cells = next(
        [c.text.replace("\n", "") for c in r.cells]
        for t in tables for r in t.rows if r.cells[0].text.startswith("指標0002")
    )  # fmt: skip
    assert cells == TOURISM
    assert not doc.inline_shapes  # no chart per indicator
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "基本方針3\u3000観光を軸とした新たな魅力とにぎわいの創出（15指標）" in headings


def test_xlsx_has_one_sheet_of_rows_with_numbers_and_the_tally(files, large):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(files["xlsx"]))
    assert not any(name.startswith("1 ") for name in wb.sheetnames)  # no sheet per indicator
    ws = wb["総括"]
    assert ws.cell(4, 1).value == "基本方針" and ws.cell(4, 2).value == "指標"
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "指標0002")
    assert row[0] == "基本方針3\u3000観光を軸とした新たな魅力とにぎわいの創出"
    assert row[3:6] == (476, "R3", 547) and row[11] == "A 達成"
    assert row[9] == pytest.approx(1.183, abs=5e-4) and row[10] == pytest.approx(1.021, abs=5e-4)
    tally = [list(r) for r in wb["基本方針別の評価の集計"].iter_rows(min_row=5, values_only=True)]
    assert tally[-1] == ["計", *(r.count for r in large.rating_legend), SIZE]


def test_english_compact_report(tmp_path):
    html = render(large_context(lang="en"), "html").decode()
    assert "Indicators by basic policy" in html and "Ratings by basic policy" in html
    assert "15 indicators (tables in chapter 2)" in html


def test_a_plan_file_sets_its_own_limit():
    text = builtin.plan_text() + "\nevaluation:\n  report_detail_limit: 3\n"
    plan = read_plan_text(text, "plan.yaml")
    assert plan.thresholds.report_detail_limit == 3
    history = read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE)
    ctx = build_report_context(plan, history, 2023, None, True, {}, D("2024-11-28"))
    assert ctx.compact and len(ctx.indicators) == 4  # four is more than three
    bad = builtin.plan_text() + "\nevaluation:\n  report_detail_limit: -1\n"
    with pytest.raises(InputError) as err:
        read_plan_text(bad, "plan.yaml")
    assert "report_detail_limit" in str(err.value)
    assert "0 以上の指標数を書いてください" in str(err.value)


def test_the_sites_setting_and_the_stored_plan(plan, publish, settings):
    from shinchoku.reports.context import load_context

    publish(2023)
    assert settings.SHINCHOKU_REPORT_DETAIL_LIMIT == 50
    assert not load_context(plan, 2023).compact
    settings.SHINCHOKU_REPORT_DETAIL_LIMIT = 3
    assert load_context(plan, 2023).compact
    html = render(load_context(plan, 2023), "html").decode()
    assert '<table class="summary compact">' in html and "総生産額" in html


def builtin_compact(lang: str):
    """The built-in plan's four indicators in the compact layout (limit 1), 令和5年度."""
    plan = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    history = [*read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE), *NEWER]
    return build_report_context(
        plan, history, 2023, None, True, {}, D("2024-11-28"), lang=lang, detail_limit=1
    )


def test_the_english_compact_target_column_is_a_short_tag_the_lead_explains():
    ctx = builtin_compact("en")
    cells = {r.code: r.cells() for g in compact.groups(ctx) for r in g.rows}
    # 総生産額: 9,141 lies on the straight line from the 2019 baseline to the 2023 target.
    targets = [c[3] for c in cells.values()]
    assert targets == ["9,141 (2019–23 line)", "1,791 (2023 target)", "536 (2023 target)", "—"]
    assert all(len(t) <= 20 for t in targets)  # was "9,141 (straight line between the …)"
    html = render(ctx, "html").decode()
    tags = "&quot;2019–23 line&quot; a straight line drawn between the baseline"
    assert html.count(tags) == 1 and html.index(tags) > html.index('id="indicators"')
    assert "Creating innovation for growth (1 indicator)</h3>" in html
    # The spreadsheet keeps the full wording in its own column; Japanese is as before.
    summary = {r.code: r for r in rows.summary_rows(ctx)}
    line_sources = [r.line_source for r in summary.values()]
    assert line_sources[0] == "straight line between the 2019 baseline and the 2023 target"
    # The full report's summary table (chapter 1) writes the same tags, explained there.
    full = replace(ctx, compact=False)
    assert [r.cells()[3] for r in rows.summary_rows(full)] == targets
    assert rows.summary_lead(full).startswith(
        'The state of the 4 evaluation indicators for FY2023. In the target line column, "2023'
    )
    ja = [r.cells()[3] for g in compact.groups(builtin_compact("ja")) for r in g.rows]
    assert ja[:3] == ["9,141（R1の基準値とR5の目標値の間を直線で補った値）", "1,791（R5の目標値）",
                      "536（R5の目標値）"]  # fmt: skip


@pytest.mark.parametrize(("lang", "limit"), [("en", 1), ("ja", None)])
def test_the_summary_tables_stay_inside_the_page(lang, limit, tmp_path):
    """No word of the PDF lies beyond the right margin (16 mm, pdf.css): English names and
    the long target-line text pushed the summary tables up to 57 mm off the A4 page."""
    import re

    plan = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    history = [*read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE), *NEWER]
    ctx = build_report_context(
        plan, history, 2023, None, True, {}, D("2024-11-28"), lang=lang, detail_limit=limit
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(render(ctx, "pdf"))
    boxes = subprocess.run(["pdftotext", "-bbox", "-l", "5", str(path), "-"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # 595.3 pt: A4
    margin = width - 16 / 25.4 * 72
    words = [(float(x), w) for x, w in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', boxes)]
    assert len(words) > 500  # the summary (and chapter 2's tables) are among them
    assert [w for x, w in words if x > margin + 0.5] == []
