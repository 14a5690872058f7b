"""How an import's preview is shown: what will change, what is not published, what to check."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import click

from ..core.calendar import year_text as year_text
from ..core.messages import N_, tr
from .common import table
from .errors import UserError, file_problem

STATUS = {"new": N_("新規"), "revision": N_("改訂"), "unchanged": N_("変更なし")}


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
        click.echo(head + tr("… ほか {n}件（--full で全件）", n=f"{len(lines) - len(shown):,}"))


def echo_outcome(outcome: Any, plan: Any, dry_run: bool, full: bool = True) -> None:
    """The preview: a line saying whether anything was stored, with the counts by status and
    by indicator; every row in a table when ``full``."""
    counts = {s: sum(c.status == s for c in outcome.changes) for s in STATUS}
    tally = tr("・").join(f"{tr(STATUS[s])} {n}" for s, n in counts.items())
    source, n = outcome.source, len(outcome.changes)
    if not outcome.changes:
        head = tr("{source}: 取り込める値がありません。何も変更していません。", source=source)
    elif outcome.added == 0:
        head = tr(
            "{source}: 何も追加していません（{n}件すべて登録済みの値と同じです）。",
            source=source,
            n=n,
        )
        if dry_run:
            head = tr(
                "{source}: 取り込んでも追加される値はありません"
                "（{n}件すべて登録済みの値と同じです）。",
                source=source,
                n=n,
            )
    elif dry_run:
        head = tr(
            "{source}: 取り込むと {added}件を追加します（{tally}）。"
            "--dry-run のため何も変更していません。",
            source=source,
            added=outcome.added,
            tally=tally,
        )
    else:
        head = tr(
            "{source}: {added}件を追加しました（{tally}）。",
            source=source,
            added=outcome.added,
            tally=tally,
        )
    click.echo(head)
    if full:
        _table(outcome, plan)
    elif outcome.changes:
        per = Counter(c.observation.indicator for c in outcome.changes)
        years = sorted({c.observation.year for c in outcome.changes})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        click.echo(
            tr(
                "  {rows}行: 指標 {n}件、年 {span}（1行ずつの表は --full または --format table）",
                rows=f"{len(outcome.changes):,}",
                n=f"{len(per):,}",
                span=span,
            )
        )
    if outcome.not_published:
        if full:
            click.echo(tr("未公表のため取り込まない値:"))
            _listed("  ", outcome.not_published, True)
        else:
            click.echo(
                tr(
                    "未公表のため取り込まない値: {n}件（--full で一覧）",
                    n=f"{len(outcome.not_published):,}",
                )
            )
    _listed(tr("注意: "), list(outcome.notes), full)
    _listed(tr("確認済みの大きな変化: "), list(outcome.confirmed), full)


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
            when = p.published_on.isoformat() if p.published_on else tr("公表日不明")
            before = tr(
                "{value}（{what}）",
                value=f"{p.value:,}",
                what=", ".join(x for x in (p.edition, when) if x),
            )
        rows.append(
            (
                ind.name,
                year_text(o.year, ind.period_kind),
                f"{o.value:,}{ind.unit}",
                tr(STATUS[c.status]),
                "◎" if c.counts else "",
                before,
                o.edition,
                *([published_text(o)] if published else []),
            )
        )
    if rows:
        headers = [
            tr("指標"),
            tr("年"),
            tr("値"),
            tr("状態"),
            tr("採用"),
            tr("これまでの採用値"),
            tr("版"),
        ]
        headers += [tr("公表値")] if published else []
        click.echo(table(rows, headers=headers, disable_numparse=True))


def published_text(o: Any) -> str:
    """The figure as published and where: 909,533百万円（saitama-gdp-r1.xlsx F8）."""
    if o.source_value is None:
        return ""
    ref = tr("（{ref}）", ref=o.source_ref) if o.source_ref else ""
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
        raise UserError(tr("書き込めません: {problem}", problem=file_problem(err))) from None
