"""Every command, run with bad arguments: a Japanese message on stderr, exit 2, no traceback,
and nothing changed in the database or on disk.

The commands are found by walking the ``shinchoku`` group, so a new command fails
``test_every_command_has_a_shape`` until it is given a shape here; the bad cases are then
derived from its parameters (a required one left out, an unknown option, a year that is not
one or is outside the plan, a bad date, a choice not offered, a number that is not one, a
missing input file, an output into a missing folder, a file where a folder is wanted) plus
the semantic cases listed in ``EXTRA``.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from shinchoku.cli import main
from shinchoku.cli.common import DateType, YearType


def walk(group: click.Group, prefix: tuple[str, ...] = ()) -> dict[str, click.Command]:
    """Every runnable command by its words: ``{"plan diff": <Command>, "evaluate": …}``."""
    found: dict[str, click.Command] = {}
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            found |= walk(cmd, (*prefix, name))
        else:
            found[" ".join((*prefix, name))] = cmd
    return found


COMMANDS = walk(main)
ESTAT = Path(__file__).resolve().parents[1] / "fixtures" / "estat"

# A well-formed call of each command (placeholders: {tmp} a fresh folder, {plan} a valid
# plan file, {csv} a valid observation CSV). Only ever run broken by one mutation.
SHAPES: dict[str, list[str]] = {
    "plan validate": ["{plan}"],
    "plan show": [],
    "plan load": ["{plan}"],
    "plan list": [],
    "plan default": ["tokorozawa-industrial-vision-latter"],
    "plan revise": ["{plan}", "--from-year", "2025", "--reason", "改定"],
    "plan versions": [],
    "plan withdraw": ["2", "--reason", "誤り"],
    "plan diff": ["1", "1"],
    "targets check": [],
    "observe add": [
        "--indicator",
        "gross-product",
        "--year",
        "2022",
        "--value",
        "9300",
        "--source",
        "s",
    ],
    "observe import": ["{csv}"],
    "observe list": ["--indicator", "gross-product"],
    "observe withdraw": ["1", "--reason", "誤り"],
    "evaluate": ["--year", "2023"],
    "user add": ["newcomer", "--role", "council"],
    "token create": ["newcomer"],
    "serve": ["--port", "8123"],
    "check": [],
    "cycle open": ["--year", "2024", "--due", "2099-01-31"],
    "cycle status": ["--year", "2024"],
    "cycle remind": ["--year", "2024", "--dry-run"],
    "cycle import-sheets": ["{tmp}/sheets.xlsx"],
    "report": ["--year", "2023", "--format", "html", "--out", "{tmp}/r.html"],
    "publish": ["--year", "2023", "--yes"],
    "unpublish": ["--year", "2023", "--reason", "誤り"],
    "template": ["--year", "2024", "--out", "{tmp}/t.xlsx"],
    "import": ["{csv}"],
    "import-table": ["{tmp}/table.xlsx", "--mapping", "saitama-gross-product"],
    "fetch estat": [
        "--sources",
        "{estat}/sources.yaml",
        "--response",
        "{estat}/employees-page1.json",
    ],
    "registries load-sample": [],
    "registries outputs": ["--year", "2024"],
    "registries record-outputs": ["--year", "2024"],
    "registries guide-map": ["--out", "{tmp}/map.pdf"],
    "opendata build": ["{tmp}/opendata"],
    "site build": ["{tmp}/site", "--year", "2023"],
    "clean-uploads": ["--older-than", "24"],
}

# Semantic mistakes the parameter types cannot catch: (command words, arguments, in the message).
EXTRA: list[tuple[str, list[str], str]] = [
    (
        "observe add",
        ["--indicator", "no-such", "--year", "2022", "--value", "1", "--source", "s"],
        "「no-such」という指標は計画にありません",
    ),
    (
        "observe add",
        ["--indicator", "gross-product", "--year", "2022", "--value", "-5", "--source", "s"],
        "--value",
    ),
    ("observe list", ["--indicator", "no-such"], "「no-such」という指標は計画にありません"),
    ("observe withdraw", ["99999", "--reason", "誤り"], "その実績値はありません"),
    ("observe withdraw", ["1", "--reason", " "], "取り下げの理由を書いてください"),
    ("evaluate", ["--year", "1990"], "計画の期間外です"),
    ("user add", ["", "--role", "council"], "NAME"),
    ("user add", ["あ" * 200, "--role", "council"], "150 文字以下"),
    ("user add", ["a b!", "--role", "council"], "NAME"),
    ("user add", ["newcomer", "--role", "council", "--email", "not-an-address"], "--email"),
    ("user add", ["newcomer", "--role", "department"], "組織が必要です"),
    ("token create", ["nobody"], "「nobody」という利用者はいません"),
    ("plan diff", ["1", "9"], "第9版はありません"),
    ("plan show", ["--plan", "nope"], "計画「nope」は登録されていません"),
    ("plan load", ["{plan}"], "はすでに登録されています"),
    ("plan default", ["nope"], "計画「nope」は登録されていません"),
    ("plan withdraw", ["1", "--reason", "誤り"], "当初の計画（第1版）は取り下げられません"),
    ("plan revise", ["{tmp}", "--from-year", "2025", "--reason", "r"], "フォルダです"),
    (
        "report",
        ["--year", "2023", "--format", "html", "--out", "{tmp}/r.pdf"],
        ".html にしてください",
    ),
    ("report", ["--year", "2023", "--out", "{tmp}/r.txt"], "拡張子から形式がわかりません"),
    (
        "template",
        ["--year", "2024", "--organisation", "no-such", "--out", "{tmp}/t.xlsx"],
        "「no-such」という組織は計画にありません",
    ),
    ("template", ["--year", "2024", "--out", "{tmp}/t.csv"], ".xlsx にしてください"),
    (
        "import-table",
        ["{csv}", "--mapping", "no-such"],
        "「no-such」という表の対応づけはありません",
    ),
    ("fetch estat", ["--indicator", "no-such", "--response", "{tmp}/e.json"], "no-such"),
    ("fetch estat", ["--save", "{tmp}/a.json", "--response", "{tmp}/b.json"], "同時に使えません"),
    ("fetch estat", ["--sources", "{estat}/sources.yaml", "--response", "{csv}"], "obs.csv"),
    ("publish", ["--year", "2023"], "--yes を付けて"),
    ("publish", ["--year", "2030", "--yes"], "計画の期間外です"),
    ("unpublish", ["--year", "2023", "--reason", "誤り"], "公表されていません"),
    ("cycle status", ["--year", "2099"], "まだ開いていません"),
    ("cycle open", ["--year", "2024", "--due", "2020-01-31"], "すでに過ぎています"),
    ("site build", ["{tmp}/site", "--year", "2030"], "公表されていません"),
    ("nosuch", [], "「nosuch」というコマンドはありません"),
    ("plan nosuch", [], "「nosuch」というコマンドはありません"),
    ("evaluate", ["extra"], "余分な引数があります: extra"),
    ("observe withdraw", ["1", "--reason"], "--reason には値が必要です"),
]


def _with(args: list[str], option: str, value: str) -> list[str]:
    """``args`` with ``option`` set to ``value`` (replaced where given, else added)."""
    if option in args:
        at = args.index(option)
        return [*args[: at + 1], value, *args[at + 2 :]]
    return [*args, option, value]


def _positions(cmd: click.Command) -> list[click.Argument]:
    return [p for p in cmd.params if isinstance(p, click.Argument)]


def _cases() -> list[tuple[str, list[str], str]]:
    """(command words, arguments, a fragment of the message) for every derived bad call."""
    cases = []
    for words, cmd in COMMANDS.items():
        shape = SHAPES.get(words)
        if shape is None:
            continue
        cases.append((words, [*shape, "--no-such-option"], "--no-such-option というオプション"))
        if any(p.required for p in cmd.params):
            cases.append((words, [], "を指定してください"))
        for p in cmd.params:
            if isinstance(p, click.Option) and not p.is_flag:
                opt = max(p.opts, key=len)
                given = shape[shape.index(opt) + 1] if opt in shape else ""
                bad = _bad_values(p, given)
                cases += [(words, _with(shape, opt, v), why) for v, why in bad]
        for i, p in enumerate(_positions(cmd)):
            for v, why in _bad_values(p, shape[i]):
                cases.append((words, [*shape[:i], v, *shape[i + 1 :]], why))
    return cases + EXTRA


def _bad_values(p: click.Parameter, given: str) -> list[tuple[str, str]]:
    """Values the parameter's type refuses (``given``: its value in the shape), each with a
    fragment of the expected message."""
    kind = p.type
    if isinstance(kind, YearType):
        return [("abc", "年として読めません"), ("令和99年度", "")]
    if isinstance(kind, DateType):
        return [("2023-13-45", "日付として読めません")]
    if isinstance(kind, click.Choice):
        return [("bogus", "「bogus」は使えません")]
    if isinstance(kind, click.types.IntParamType):
        return [("abc", "「abc」は整数ではありません")]
    if isinstance(kind, click.types.FloatParamType):
        return [("abc", "「abc」は数値ではありません")]
    if isinstance(kind, click.Path):
        if not kind.file_okay:  # a folder is wanted
            return [("{plan}", "はファイルです")]
        if p.name == "save":  # with --response, refused before any file is touched
            return [("{tmp}/no-folder/a.json", "同時に使えません")]
        if p.name == "out":
            return [(f"{{tmp}}/no-folder/{Path(given).name}", "ありません")]
        return [("{tmp}/missing.csv", "missing.csv")]
    return []


CASES = _cases()


def test_every_command_has_a_shape():
    assert sorted(COMMANDS) == sorted(SHAPES), "give each new command a shape in SHAPES"


def test_every_command_gets_bad_arguments():
    covered = {words for words, _, _ in CASES}
    assert covered >= set(COMMANDS)
    assert len(CASES) > 3 * len(COMMANDS)


def _state() -> dict:
    """Rows per table and the plan's publication state: what a failed command must not touch."""
    from django.apps import apps

    from shinchoku.plan.models import Plan

    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    return counts | {"published": list(Plan.objects.values_list("published_year", flat=True))}


@pytest.fixture
def folder(tmp_path, plan):
    """A folder holding a valid plan file and a valid CSV (the placeholders' targets)."""
    from shinchoku.plan.builtin import plan_text

    (tmp_path / "plan.yaml").write_text(plan_text(), encoding="utf-8")
    (tmp_path / "obs.csv").write_text(
        "indicator,year,value,source\n総生産額,R4,9300,s\n", encoding="utf-8"
    )
    return tmp_path


def _fill(args: list[str], folder: Path) -> list[str]:
    places = {"{tmp}": str(folder), "{plan}": str(folder / "plan.yaml"),
              "{csv}": str(folder / "obs.csv"), "{estat}": str(ESTAT)}  # fmt: skip
    for key, value in places.items():
        args = [a.replace(key, value) for a in args]
    return args


@pytest.mark.parametrize(
    ("words", "args", "says"),
    CASES,
    ids=[f"{w} {' '.join(a)}"[:80] for w, a, _ in CASES],
)
def test_bad_arguments_end_cleanly(cli, folder, monkeypatch, words, args, says):
    monkeypatch.setenv("SHINCHOKU_PASSWORD", "a-long-test-password-2026")
    before, files = _state(), sorted(folder.rglob("*"))
    result = cli(*words.split(), *_fill(args, folder), ok=False)
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert "エラー: " in message and re.search(r"[ぁ-んァ-ヶ一-龥]", message), message
    assert says in message
    assert "Traceback" not in result.output
    assert _state() == before
    assert sorted(folder.rglob("*")) == files


JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    ("words", "args", "says"),
    CASES,
    ids=[f"{w} {' '.join(a)}"[:80] for w, a, _ in CASES],
)
def test_bad_arguments_end_cleanly_in_english(cli, folder, monkeypatch, words, args, says):
    """The same calls with ``--lang en``: an English message (the user's own Japanese input
    aside), exit 2, nothing changed."""
    monkeypatch.setenv("SHINCHOKU_PASSWORD", "a-long-test-password-2026")
    before = _state()
    filled = _fill(args, folder)
    result = cli("--lang", "en", *words.split(), *filled, ok=False)
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert "Error: " in message and "エラー" not in message, message
    for given in filled:  # what the user typed may be Japanese: it is quoted back
        if JAPANESE.search(given):
            message = message.replace(given, "")
    assert not JAPANESE.search(message), message
    assert "Traceback" not in result.output
    assert _state() == before
