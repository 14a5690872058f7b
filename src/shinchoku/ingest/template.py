"""The Excel template an owner fills: one row per indicator they own, read back like a CSV row.

Written: an instructions sheet (記入方法), the data sheet (実績値) with the labels locked and
only the input cells open, a drop-down of years and number/date validation on the input
cells, the value on record shown beside each row for reference, and a hidden sheet
(``_shinchoku``) saying which plan, year and columns the template holds.
Read back: every filled row goes through ``observation_rows.parse_fields``, so a template row
and a CSV row with the same content give the same ``Observation``; a row whose value is left
blank is not reported (skipped, counted); errors name the sheet and cell.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.calendar import format_year
from ..core.messages import tr
from ..core.model import Indicator, Observation, Plan
from ..exports import workbook_bytes
from .errors import InputError, Problem
from .limits import DEFAULT, Limits
from .observation_rows import RowError, parse_fields
from .workbooks import Uncalculated, formulas_of, open_workbook

FORMAT = "shinchoku-template/1"
META = "_shinchoku"
DATA = "実績値"
GUIDE = "記入方法"
HEADER_ROW = 3
# Column, heading, field (None: shown for reference only), width, filled by the owner.
COLUMNS: tuple[tuple[str, str, str | None, int, bool], ...] = (
    ("A", "指標コード", "indicator", 22, False),
    ("B", "指標名", None, 18, False),
    ("C", "単位", None, 7, False),
    ("D", "年・年度", "year", 12, True),
    ("E", "値", "value", 12, True),
    ("F", "出典", "source", 40, True),
    ("G", "公表日", "published_on", 12, True),
    ("H", "版", "edition", 14, True),
    ("I", "備考", "note", 24, True),
    ("J", "目標値（参考）", None, 12, False),
    ("K", "前回の年（参考）", None, 14, False),
    ("L", "前回の値（参考）", None, 14, False),
    ("M", "前回の出典・版（参考）", None, 40, False),
)
_INPUT = PatternFill("solid", fgColor="FFF2CC")
_LABEL = PatternFill("solid", fgColor="E7E6E6")
_GUIDE_TEXT = (
    "{title}",
    "",
    "1. 「実績値」シートの黄色いセルだけに記入します（灰色のセルは変更できません）。",
    "2. 「値」には指標の単位（C列）の数値を書きます。桁区切りのコンマは不要です。",
    "   未公表・秘匿（-、x、***など）のときは、値を空欄のままにしてください。0とは扱いません。",
    "3. 「年・年度」は一覧から選びます。年度の指標は「令和6年度」、年の指標は「令和6年」です。",
    "4. 「出典」には数値を引用した統計や資料の名前を書きます（入っている名前は直して構いません）。",
    "5. 「公表日」は出典が公表された日（YYYY-MM-DD）です。分からなければ空欄にします。",
    "6. 「版」は出典の版（例: 令和元年度版）、「備考」は自由記入です。",
    "7. J～M列は参考です: この年の目標値と、登録済みの直近の実績値を示しています。",
    "",
    "記入が終わったら保存し、事務局に提出するか、次のコマンドで取り込みます:",
    "  shinchoku import このファイル.xlsx --dry-run   （変更内容の確認だけ）",
    "  shinchoku import このファイル.xlsx",
    "ファイル全体に誤りがないときだけ取り込まれます。誤りはシート名・セル番地・内容で示されます。",
    "行・列の挿入や削除、シート名の変更はしないでください（読み取れなくなります）。",
    "シートの保護はパスワードなしです。",
)


def _word(indicator: Indicator) -> str:
    return "年度" if indicator.period_kind == "fiscal" else "年"


def _years(indicator: Indicator, year: int) -> list[str]:
    first = min(indicator.baseline.year, year - 5)
    return [format_year(y, indicator.period_kind) for y in range(first, year + 1)]


def write_template(
    plan: Plan,
    year: int,
    indicators: Sequence[Indicator],
    previous: Mapping[str, Observation],
    organisation: str = "",
) -> bytes:
    """The template workbook for ``indicators`` and ``year``, as XLSX bytes."""
    book = Workbook()
    guide = book.active
    guide.title = GUIDE
    who = f"（{organisation}）" if organisation else ""
    title = f"{plan.title} {format_year(year, 'fiscal')} 実績値の記入{who}"
    for n, line in enumerate(_GUIDE_TEXT, start=1):
        guide.cell(n, 1, line.format(title=title))
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110
    guide.protection.sheet = True

    sheet = book.create_sheet(DATA)
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "黄色いセルに記入してください。値を空欄にした行は取り込まれません。"
    for letter, heading, _, width, _ in COLUMNS:
        cell = sheet[f"{letter}{HEADER_ROW}"]
        cell.value = heading
        cell.font = Font(bold=True)
        cell.fill = _LABEL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"D{HEADER_ROW + 1}"
    values = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000",
        formula2="1000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="数値ではありません",
        error="数値を入力してください（未公表のときは空欄のまま）。",
    )
    dates = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(1950,1,1)",
        formula2="DATE(2200,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="日付ではありません",
        error="公表日を YYYY-MM-DD の日付で入力してください（不明なら空欄）。",
    )
    sheet.add_data_validation(values)
    sheet.add_data_validation(dates)
    for row, ind in enumerate(indicators, start=HEADER_ROW + 1):
        target = next((t.value for t in ind.targets if t.year == year), None)
        prev = previous.get(ind.code)
        cells = {
            "A": ind.code,
            "B": ind.name,
            "C": ind.unit,
            "D": format_year(year, ind.period_kind),
            "F": ind.source,
            "J": target,
            "K": format_year(prev.year, ind.period_kind) if prev else "（なし）",
            "L": prev.value if prev else None,
            "M": " ".join(x for x in (prev.source, prev.edition) if x) if prev else "",
        }
        for letter, _, _, _, filled in COLUMNS:
            cell = sheet[f"{letter}{row}"]
            value = cells.get(letter)
            cell.value = value
            cell.fill = _INPUT if filled else _LABEL
            cell.protection = Protection(locked=not filled)
        years = DataValidation(
            type="list",
            formula1='"' + ",".join(_years(ind, year)) + '"',
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="年・年度",
            error=f"{ind.name}は{_word(ind)}で数えます。一覧から選んでください。",
        )
        sheet.add_data_validation(years)
        years.add(f"D{row}")
        values.add(f"E{row}")
        dates.add(f"G{row}")
        sheet[f"G{row}"].number_format = "yyyy-mm-dd"
        sheet[f"E{row}"].number_format = "#,##0.######"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # let the owner widen columns
    book.active = book.index(sheet)

    meta = book.create_sheet(META)
    fields = ",".join(f"{f}={letter}" for letter, _, f, _, _ in COLUMNS if f)
    for n, (key, value) in enumerate(
        (
            ("format", FORMAT),
            ("plan", plan.slug),
            ("year", str(year)),
            ("organisation", organisation),
            ("sheet", DATA),
            ("header_row", str(HEADER_ROW)),
            ("columns", fields),
            ("created", datetime.date.today().isoformat()),
        ),
        start=1,
    ):
        meta.cell(n, 1, key)
        meta.cell(n, 2, value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    return workbook_bytes(book)


@dataclass(frozen=True)
class TemplateRows:
    """What a filled template holds: observations, and how many rows were left blank."""

    observations: list[Observation]
    blank: int
    year: int


def is_template(data: bytes, limits: Limits = DEFAULT) -> bool:
    """True when an XLSX file is one of our templates (it has the hidden ``_shinchoku`` sheet)."""
    try:
        book = open_workbook(data, "", read_only=True, limits=limits)
    except InputError:
        return False
    found = META in book.sheetnames
    book.close()
    return found


def read_template_bytes(
    data: bytes, plan: Plan, source: str, limits: Limits = DEFAULT
) -> TemplateRows:
    """Observations from a filled template, or InputError naming each sheet and cell."""
    book = open_workbook(data, source, read_only=False, limits=limits)
    if META not in book.sheetnames:
        raise InputError([Problem(source, tr("shinchokuのテンプレートではありません"))], source)
    meta = {
        str(r[0]): "" if r[1] is None else str(r[1])
        for r in book[META].iter_rows(values_only=True, max_col=2)
        if r and r[0]
    }
    if meta.get("format") != FORMAT:
        message = tr(
            "テンプレートの形式「{given}」は読めません（{format}）",
            given=meta.get("format"),
            format=FORMAT,
        )
        raise InputError([Problem(source, message)], source)
    if meta.get("plan") != plan.slug:
        message = tr(
            "別の計画（{other}）のテンプレートです: "
            "`shinchoku template` でこの計画（{plan}）のテンプレートを作り直してください",
            other=meta.get("plan"),
            plan=plan.slug,
        )
        raise InputError([Problem(source, message)], source)
    name = meta.get("sheet", DATA)
    if name not in book.sheetnames:
        message = tr("シート「{name}」がありません: シート名を変えずに記入してください", name=name)
        raise InputError([Problem(source, message)], source)
    sheet = book[name]
    where = f"{source} [{name}]"
    header = int(meta.get("header_row", HEADER_ROW))
    columns = dict(part.split("=") for part in meta.get("columns", "").split(",") if "=" in part)
    headings = {f: h for _, h, f, _, _ in COLUMNS if f}
    problems = []
    for field, letter in columns.items():
        got = sheet[f"{letter}{header}"].value
        if field in headings and got != headings[field]:
            problems.append(
                Problem(
                    f"{where} {letter}{header}",
                    tr(
                        "見出しが「{want}」ではなく「{got}」です: "
                        "列を挿入・削除・入れ替えしないで、テンプレートを作り直してください",
                        want=headings[field],
                        got=got,
                    ),
                    where,
                    header,
                    letter,
                    field,
                )
            )
    if problems:
        raise InputError(problems, source)
    formulas = formulas_of(data, source, name, limits)
    found: list[Observation] = []
    blank = 0
    for row in range(header + 1, sheet.max_row + 1):
        fields = {}
        for field, letter in columns.items():
            value = sheet[f"{letter}{row}"].value
            col = column_index_from_string(letter)
            if value is None and (row, col) in formulas:
                value = Uncalculated(formulas[(row, col)])
            fields[field] = value
        if all(v is None or str(v).strip() == "" for v in fields.values()):
            continue
        raw = fields.get("value")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            blank += 1  # not reported this time: a blank value is the owner's "no figure yet"
            continue
        unsaved = {f: v for f, v in fields.items() if isinstance(v, Uncalculated)}
        obs, errors = parse_fields(fields, plan, seq=len(found))
        if unsaved:
            obs = None
            errors = [e for e in errors if e.field not in unsaved]
            errors += [RowError(f, v.message()) for f, v in unsaved.items()]
        for e in sorted(errors, key=lambda e: columns[e.field]):
            letter = columns[e.field]
            at = f"{where} {letter}{row} [{e.field}]"
            problems.append(Problem(at, e.message, where, row, letter, e.field))
        if obs:
            found.append(obs)
    book.close()
    if problems:
        raise InputError(problems, source)
    if not found:
        message = tr("値が1つも記入されていません（E列、{line}行目から）", line=header + 1)
        raise InputError([Problem(where, message)], source)
    return TemplateRows(found, blank, int(meta.get("year") or 0))
