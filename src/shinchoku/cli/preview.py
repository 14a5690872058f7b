"""How an import's preview is shown: what will change, what is not published, what to check."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import click

from ..core.calendar import format_year
from .common import table
from .errors import UserError, file_problem

STATUS = {"new": "新規", "revision": "改訂", "unchanged": "変更なし"}


def outcome_dict(outcome: Any, dry_run: bool) -> dict[str, Any]:
    """The preview as JSON: every change with the revision it supersedes, and the run."""

    run = outcome.run
    return {
        "source": outcome.source,
        "dry_run": dry_run,
        "added": outcome.added,
        "unchanged": len(outcome.changes) - outcome.added,
        "changes": [change_dict(c) for c in outcome.changes],
        "not_published": outcome.not_published,
        "notes": outcome.notes,
        "confirmed_changes": outcome.confirmed,
        "run": None
        if run is None
        else {
            "kind": run.kind,
            "file_name": run.file_name,
            "sha256": run.sha256,
            "user": run.user,
            "created_at": run.created_at.isoformat(),
        },
    }


def change_dict(c: Any) -> dict[str, Any]:
    """One row of the preview: the value, new/revision/unchanged, and what it supersedes."""
    from ..core.serialize import observation_dict

    return {
        **observation_dict(c.observation),
        "status": c.status,
        "counts": c.counts,
        "previous": observation_dict(c.previous) if c.previous else None,
    }


SUMMARY_LINES = 20  # notes and confirmed changes shown before "… and N more"


def _listed(head: str, lines: list[str], full: bool) -> None:
    """Lines under a heading; without ``full`` only the first SUMMARY_LINES."""
    shown = lines if full else lines[:SUMMARY_LINES]
    for line in shown:
        click.echo(f"{head}{line}")
    if len(lines) > len(shown):
        click.echo(f"{head}… ほか {len(lines) - len(shown):,}件（--full で全件）")


def echo_outcome(outcome: Any, plan: Any, dry_run: bool, full: bool = True) -> None:
    """The preview: a line saying whether anything was stored, with the counts by status and
    by indicator; every row in a table when ``full``."""
    counts = {s: sum(c.status == s for c in outcome.changes) for s in STATUS}
    tally = "・".join(f"{STATUS[s]} {n}" for s, n in counts.items())
    if not outcome.changes:
        head = f"{outcome.source}: 取り込める値がありません。何も変更していません。"
    elif outcome.added == 0:
        same = f"（{len(outcome.changes)}件すべて登録済みの値と同じです）。"
        head = f"{outcome.source}: 何も追加していません{same}"
        if dry_run:
            head = f"{outcome.source}: 取り込んでも追加される値はありません{same}"
    elif dry_run:
        head = f"{outcome.source}: 取り込むと {outcome.added}件を追加します（{tally}）。"
        head += "--dry-run のため何も変更していません。"
    else:
        head = f"{outcome.source}: {outcome.added}件を追加しました（{tally}）。"
    click.echo(head)
    if full:
        _table(outcome, plan)
    elif outcome.changes:
        per = Counter(c.observation.indicator for c in outcome.changes)
        years = sorted({c.observation.year for c in outcome.changes})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        click.echo(
            f"  {len(outcome.changes):,}行: 指標 {len(per):,}件、年 {span}"
            "（1行ずつの表は --full または --format table）"
        )
    if outcome.not_published:
        if full:
            click.echo("未公表のため取り込まない値:")
            _listed("  ", outcome.not_published, True)
        else:
            click.echo(
                f"未公表のため取り込まない値: {len(outcome.not_published):,}件（--full で一覧）"
            )
    _listed("注意: ", list(outcome.notes), full)
    _listed("確認済みの大きな変化: ", list(outcome.confirmed), full)


def _table(outcome: Any, plan: Any) -> None:
    """Every row of the preview with the revision it supersedes."""
    indicators = {i.code: i for i in plan.indicators.all()}
    published = any(c.observation.source_value is not None for c in outcome.changes)
    rows = []
    for c in outcome.changes:
        o, ind = c.observation, indicators[c.observation.indicator]
        before = ""
        if c.previous is not None:
            p = c.previous
            when = p.published_on.isoformat() if p.published_on else "公表日不明"
            before = f"{p.value:,}（{', '.join(x for x in (p.edition, when) if x)}）"
        rows.append(
            (
                ind.name,
                format_year(o.year, ind.period_kind),
                f"{o.value:,}{ind.unit}",
                STATUS[c.status],
                "◎" if c.counts else "",
                before,
                o.edition,
                *([published_text(o)] if published else []),
            )
        )
    if rows:
        headers = ["指標", "年", "値", "状態", "採用", "これまでの採用値", "版"]
        headers += ["公表値"] if published else []
        click.echo(table(rows, headers=headers, disable_numparse=True))


def published_text(o: Any) -> str:
    """The figure as published and where: 909,533百万円（saitama-gdp-r1.xlsx F8）."""
    if o.source_value is None:
        return ""
    ref = f"（{o.source_ref}）" if o.source_ref else ""
    return f"{o.source_value:,}{o.source_unit}{ref}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a failed write never leaves half a workbook behind."""
    path = path.resolve()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as err:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        err.filename = str(path)  # not the temporary file's name
        raise UserError(f"書き込めません: {file_problem(err)}") from None
