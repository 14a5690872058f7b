"""What ``record`` checks before it writes: the actor's rights, the stored revisions, which
rows are new, and the plausibility gate (``plausible``, every way of recording passes it);
and the mark that tells whether another writer wrote meanwhile, so that on SQLite the
checks run before the write lock is taken and again under it only when needed
(``services.record``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from ..accounts.permissions import require
from ..audit.models import AuditEntry
from ..core import model as core
from ..core.calendar import year_text
from ..core.evaluation import winning_revisions
from ..core.messages import language, local, tr
from ..core.plausibility import jumps, refusals
from ..ingest.errors import InputError, Problem
from ..plan import services as plan_services
from ..plan.models import Indicator, Plan, PlanVersion
from . import store
from .models import Observation, ObservationWithdrawal


class LargeChange(InputError):
    """Values refused for want of confirmation; ``changes`` names each large change."""

    def __init__(self, problems: Sequence[Problem], source: str, changes: Sequence[str]) -> None:
        super().__init__(problems, source)
        self.changes = tuple(changes)


def row_key(o: core.Observation) -> tuple:
    """What makes a row the same as a stored one (an identical row is not stored again)."""
    return (o.indicator, o.year, o.value, o.source, o.published_on, o.edition, o.note)


def check_rights(
    plan: Plan, observations: Sequence[core.Observation], actor: Any
) -> dict[str, Indicator]:
    """Refuse unless ``actor`` may add values to every indicator named; those indicators
    by code (read in chunks of 900 codes: a batch of a large plan reads its own only)."""
    require(actor, "shinchoku.add_value", what="実績値を登録する権限がありません")
    codes = list(dict.fromkeys(o.indicator for o in observations))
    indicators: dict[str, Indicator] = {}
    for start in range(0, len(codes), 900):
        part = plan.indicators.select_related("owner").filter(code__in=codes[start : start + 900])
        indicators.update((i.code, i) for i in part)
    for code in codes:
        ind = indicators[code]
        require(
            actor,
            "shinchoku.add_value",
            ind,
            tr("「{name}」の実績値を登録する権限がありません", name=ind.name),
        )
    return indicators


def stored_values(plan: Plan, codes: Sequence[str]) -> list[core.Observation]:
    """The stored revisions not withdrawn of the indicators ``codes`` as core values, oldest
    record first (what an import compares itself with; no model object per row)."""
    ids = Indicator.objects.filter(plan=plan, code__in=sorted(set(codes))).values("id")
    rows = Observation.objects.filter(indicator_id__in=ids, withdrawal__isnull=True)
    return store.core_values(rows.order_by("id"))


def existing(
    plan: Plan, observations: Sequence[core.Observation], actor: Any
) -> tuple[
    dict[str, Indicator],
    dict[tuple[str, int], core.Observation],
    set[tuple],
    list[core.Observation],
]:
    """Check ``actor`` may add these values; the plan's indicators, counting and known rows,
    and every stored revision of those indicators."""
    indicators = check_rights(plan, observations, actor)
    values = stored_values(plan, [o.indicator for o in observations])
    current = {(values[i].indicator, values[i].year): values[i] for i in winning_revisions(values)}
    return indicators, current, {row_key(o) for o in values}, values


def _row(plan_core: core.Plan, o: core.Observation, field: str, source: str) -> str:
    """Where a value of a file is: its indicator, year and cell, and the field at fault."""
    ind = plan_core.indicator(o.indicator)
    kind = ind.period_kind if ind else None
    cell = f" {o.source_ref}" if o.source_ref else ""
    head = f"{source} " if source else ""
    label = local(ind, "name") if ind else o.indicator
    return (
        head
        + tr("{name} {year}の行", name=label, year=year_text(o.year, kind))
        + f"{cell} [{field}]"
    )


def plausible(
    plan: Plan,
    new: Sequence[core.Observation],
    confirm: bool = False,
    source: str = "",
    name: Callable[[str], str] | None = None,
    stored: Sequence[core.Observation] | None = None,
    hint: str = "--confirm",
    fresh: bool = False,
) -> dict[int, str]:
    """Refuse values the plan cannot mean, and large changes unless ``confirm``; InputError
    naming each value (by ``name`` of the field for a typed value, else by its row) and what
    to do. Returns the confirmed change of each new value (by position) that has one.

    The one gate of every way of recording (``record``, and the importers' dry run); the
    rules are ``core.plausibility``'s. ``fresh``: the plan read from its rows, not the
    process's copy (which another process's edit of a row does not renew).
    """
    plan_core = plan_services.to_core(plan) if fresh else store.plan_core(plan)
    if stored is None:
        stored = stored_values(plan, [o.indicator for o in new])

    def at(n: int, field: str, message: str) -> Problem:
        if name:
            return Problem(name(field), message)
        return Problem(_row(plan_core, new[n], field, source), message, source, field=field)

    refused = refusals(plan_core, new, plan_services.today())
    problems = [at(r.index, r.field, r.message) for r in refused]
    # A refused value is neither a change to confirm nor a reference for the others.
    kept = sorted(set(range(len(new))) - {r.index for r in refused})
    found = [(kept[n], j) for n, j in jumps(plan_core, stored, [new[k] for k in kept])]
    if not confirm:
        problems += [
            at(
                n,
                "value",
                tr(
                    "{change}。桁や単位を確かめ、この値で正しければ確認（{hint}）を付けて"
                    "もう一度記録してください",
                    change=j.describe(),
                    hint=hint,
                ),
            )
            for n, j in found
        ]
    if problems and found and not confirm:
        raise LargeChange(problems, source, [j.describe() for _, j in found])
    if problems:
        raise InputError(problems, source)
    with language("ja"):  # stored with the value: data, in the plan's language
        return {n: j.describe() for n, j in found}


@dataclass(frozen=True)
class Checked:
    """What ``record`` read and decided before writing."""

    indicators: dict[str, Indicator]
    current: dict[tuple[str, int], core.Observation]
    new: list[core.Observation]
    revised: list[tuple[core.Observation, core.Observation]]
    confirmed: dict[int, str]


def check(
    plan: Plan,
    observations: Sequence[core.Observation],
    actor: Any,
    confirm: bool,
    file_name: str,
    name: Callable[[str], str] | None,
    hint: str,
    fresh: bool = False,
) -> Checked:
    """Rights, the stored revisions, which rows are new, and plausibility (raises);
    ``fresh``: the plan and the actor's role read again from the database first."""
    if fresh:
        plan.refresh_from_db()
        if getattr(actor, "pk", None) is not None and hasattr(actor, "refresh_from_db"):
            actor.refresh_from_db()  # drops the cached profile: the role is read again
    indicators, current, known, stored_values = existing(plan, observations, actor)
    new: list[core.Observation] = []
    revised = []
    for o in observations:
        if row_key(o) in known:
            continue
        known.add(row_key(o))
        if before := current.get((o.indicator, o.year)):
            revised.append((before, o))
        new.append(o)
    confirmed = plausible(plan, new, confirm, file_name, name, stored_values, hint, fresh)
    return Checked(indicators, current, new, revised, confirmed)


def written_mark() -> tuple[int | None, ...]:
    """Changes whenever anything ``check`` reads may have changed: an observation, a
    withdrawal or a plan version is written, or anything audited, which every other write
    is, in its own transaction: an admin's edit of a plan row (a target, an indicator's
    range or owner) and a change of a user's role included (``audit.admin``,
    ``accounts.services``). SQLite's writers take turns, so its ids grow in commit order."""
    tables = (Observation, ObservationWithdrawal, PlanVersion, AuditEntry)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT MAX(id) FROM {m._meta.db_table})" for m in tables)
        )
        return tuple(cursor.fetchone())
