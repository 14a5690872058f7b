"""The observations app's verbs: record revisions, list them, evaluate a year."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ..accounts.permissions import SYSTEM, require
from ..audit.models import AuditEntry
from ..audit.services import actor_name, log
from ..core import model as core
from ..core.calendar import year_text as year_text
from ..core.evaluation import IndicatorEvaluation, winning_revisions
from ..core.messages import language, local, tr
from ..core.plausibility import jumps, refusals
from ..core.serialize import observation_dict
from ..ingest.errors import InputError, Problem
from ..ingest.limits import Limits
from ..ingest.observation_rows import parse_fields, read_csv_bytes, read_observation_file
from ..plan import builtin
from ..plan import services as plan_services
from ..plan.models import Indicator, Plan, PlanVersion
from ..uploads import limits as upload_limits
from . import store
from .counting import insert_rows, refresh_counting
from .models import ImportRun, Observation, ObservationWithdrawal

AUDIT_ROWS = 1000  # revised values listed in an import's audit entry (all are stored)


class LargeChange(InputError):
    """Values refused for want of confirmation; ``changes`` names each large change."""

    def __init__(self, problems: Sequence[Problem], source: str, changes: Sequence[str]) -> None:
        super().__init__(problems, source)
        self.changes = tuple(changes)


@dataclass(frozen=True)
class Revision:
    """A stored observation with whether it is the revision that counts for its year
    (a withdrawn one never counts: ``withdrawal`` says why, who and when)."""

    observation: core.Observation
    current: bool
    recorded_at: datetime.datetime
    run: ImportRun
    withdrawal: ObservationWithdrawal | None = None
    confirmed_change: str = ""  # the large change its recorder confirmed, if any


def _key(o: core.Observation) -> tuple:
    return (o.indicator, o.year, o.value, o.source, o.published_on, o.edition, o.note)


def stored(
    plan: Plan,
    indicator: Indicator | None = None,
    withdrawn: bool = False,
    codes: Sequence[str] | None = None,
) -> list[Observation]:
    """The observation rows of the plan (or one indicator) that count, oldest record first.

    This is where every evaluation, page, report, export and importer reads values, so a
    withdrawn observation is left out here, once. ``withdrawn=True`` gives the withdrawn
    rows instead (with their withdrawal), for the lists that show them as withdrawn.
    ``codes`` limits the rows to those indicators (an import reads only what it touches).
    """
    rows = Observation.objects.filter(indicator__plan=plan, withdrawal__isnull=not withdrawn)
    rows = rows.select_related("indicator", "run", "withdrawal")
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if codes is not None:
        ids = Indicator.objects.filter(plan=plan, code__in=sorted(set(codes))).values("id")
        rows = rows.filter(indicator_id__in=ids)  # by id: the (indicator, year) index serves
    return list(rows.order_by("id"))


def _insert(
    new: Sequence[core.Observation],
    indicators: dict[str, Indicator],
    run: ImportRun,
    confirmed: dict[int, str],
) -> None:
    """Insert rows in one statement (``counting.insert_rows``): 100,000 model objects would
    cost seconds (bench/)."""
    ops, meta = connection.ops, Observation._meta
    value_field = meta.get_field("value")
    now = ops.adapt_datetimefield_value(timezone.now())
    columns = [
        "indicator_id",
        "year",
        "value",
        "decimals",
        "source",
        "published_on",
        "edition",
        "note",
        "source_value",
        "source_unit",
        "conversion",
        "source_ref",
        "run_id",
        "confirmed_change",
        "recorded_at",
    ]
    digits = value_field.max_digits, value_field.decimal_places
    rows = [
        (
            indicators[o.indicator].pk,
            o.year,
            ops.adapt_decimalfield_value(o.value, *digits),
            core.decimals_of(o.value),
            o.source,
            ops.adapt_datefield_value(o.published_on),
            o.edition,
            o.note,
            ops.adapt_decimalfield_value(o.source_value, *digits),
            o.source_unit[:20],
            o.conversion[:200],
            o.source_ref[:300],
            run.pk,
            confirmed.get(n, "")[:300],
            now,
        )
        for n, o in enumerate(new)
    ]
    with connection.cursor() as cursor:
        insert_rows(cursor, meta.db_table, columns, rows, connection.vendor)


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


def _existing(
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
    return indicators, current, {_key(o) for o in values}, values


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
class _Checked:
    """What ``record`` read and decided before writing."""

    indicators: dict[str, Indicator]
    current: dict[tuple[str, int], core.Observation]
    new: list[core.Observation]
    revised: list[tuple[core.Observation, core.Observation]]
    confirmed: dict[int, str]


def _check(
    plan: Plan,
    observations: Sequence[core.Observation],
    actor: Any,
    confirm: bool,
    file_name: str,
    name: Callable[[str], str] | None,
    hint: str,
    fresh: bool = False,
) -> _Checked:
    """Rights, the stored revisions, which rows are new, and plausibility (raises);
    ``fresh``: the plan and the actor's role read again from the database first."""
    if fresh:
        plan.refresh_from_db()
        if getattr(actor, "pk", None) is not None and hasattr(actor, "refresh_from_db"):
            actor.refresh_from_db()  # drops the cached profile: the role is read again
    indicators, current, known, stored_values = _existing(plan, observations, actor)
    new: list[core.Observation] = []
    revised = []
    for o in observations:
        if _key(o) in known:
            continue
        known.add(_key(o))
        if before := current.get((o.indicator, o.year)):
            revised.append((before, o))
        new.append(o)
    confirmed = plausible(plan, new, confirm, file_name, name, stored_values, hint, fresh)
    return _Checked(indicators, current, new, revised, confirmed)


def _written_mark() -> tuple[int | None, ...]:
    """Changes whenever anything ``_check`` reads may have changed: an observation, a
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


def record(
    plan: Plan,
    observations: Sequence[core.Observation],
    kind: str,
    file_name: str = "",
    data: bytes = b"",
    actor: Any = None,
    confirm: bool = False,
    name: Callable[[str], str] | None = None,
    hint: str = "--confirm",
) -> ImportRun:
    """Append the observations as one run; a row identical to a stored one is not repeated.

    ``actor`` is the user acting (``SYSTEM``: the command line); each value must be theirs to add.
    Every new value must be plausible (``plausible``); ``confirm`` accepts large changes, and
    each is stored with the change confirmed.
    A typed value is audited with the revision it supersedes; a file import is audited as
    one entry (file, fingerprint, counts, and the revised values), since each stored row
    already names its run, and the revisions it supersedes stay stored beside it.

    On SQLite, whose writers wait for each other, the reading and checking (most of an
    import's time) happen before the write lock is taken; under the lock they are done again
    only if another writer wrote meanwhile. So a user saving a value waits for an import's
    inserts, not for its checks.
    """
    args = (plan, observations, actor, confirm, file_name, name, hint)
    ahead = connection.vendor == "sqlite" and not connection.in_atomic_block
    mark = _written_mark() if ahead else None  # read before the checks read anything
    checked = _check(*args) if ahead else None
    with transaction.atomic():
        if checked is None or _written_mark() != mark:
            # After another writer, read the plan and the actor's role again too.
            checked = _check(*args, fresh=checked is not None)
        return _write(plan, observations, kind, file_name, data, actor, checked)


def _write(
    plan: Plan,
    observations: Sequence[core.Observation],
    kind: str,
    file_name: str,
    data: bytes,
    actor: Any,
    checked: _Checked,
) -> ImportRun:
    """``record``'s writes, under the write lock: the run, its rows, the counting revisions
    and the audit."""
    indicators, current, new = checked.indicators, checked.current, checked.new
    revised, confirmed = checked.revised, checked.confirmed
    run = ImportRun.objects.create(
        kind=kind,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest() if data else "",
        user=actor_name(actor),
    )
    _insert(new, indicators, run, confirmed)
    if new:  # the counting revisions of the indicators written, in this transaction
        table = Observation._meta.db_table
        refresh_counting(f"SELECT indicator_id FROM {table} WHERE run_id = %s", [run.pk])
    run.added, run.unchanged = len(new), len(observations) - len(new)
    ImportRun.objects.filter(pk=run.pk).update(added=run.added, unchanged=run.unchanged)
    if kind == "entry":
        for n, o in enumerate(new):
            before = current.get((o.indicator, o.year))
            after = observation_dict(o)
            if n in confirmed:
                after["confirmed_change"] = confirmed[n]
            log(
                actor,
                "observation.add",
                f"{indicators[o.indicator].name} {o.year}",
                observation_dict(before) if before else None,
                after,
            )
    elif new:
        log(
            actor,
            "observation.import",
            file_name or kind,
            {"revised": [observation_dict(b) for b, _ in revised[:AUDIT_ROWS]]},
            {
                "kind": kind,
                "sha256": run.sha256,
                "added": run.added,
                "unchanged": run.unchanged,
                "revisions": len(revised),
                "values": [observation_dict(o) for _, o in revised[:AUDIT_ROWS]],
                "confirmed_changes": list(confirmed.values())[:AUDIT_ROWS],
            },
        )
    return run


def add(
    plan: Plan,
    fields: dict[str, str],
    actor: Any = None,
    options: bool = True,
    confirm: bool = False,
    hint: str = "",
) -> ImportRun:
    """Record one typed value, validated exactly like a file row.

    Errors name the field as a command-line option (``--year``) or, for forms and the
    API (``options=False``), as the field itself (``year``). ``confirm`` accepts a large
    change from the previous value; ``hint`` says how to confirm (default: the field).
    """
    obs, errors = parse_fields(fields, store.plan_core(plan))
    name = (lambda f: "--" + f.replace("_", "-")) if options else (lambda f: f)
    if errors or obs is None:
        raise InputError([Problem(name(e.field), e.message) for e in errors])
    _, current, known, _ = _existing(plan, [obs], actor)
    before = current.get((obs.indicator, obs.year))
    if before and _key(obs) not in known and not obs.note:
        reason = tr(
            "この年にはすでに {value} が登録されています。訂正の理由を備考（note）に書いてください",
            value=f"{before.value:,}",
        )
        raise InputError([Problem(name("note"), reason)])
    hint = hint or name("confirm")
    return record(plan, [obs], "entry", actor=actor, confirm=confirm, name=name, hint=hint)


def import_file(
    plan: Plan,
    path: Path,
    actor: Any = None,
    encoding: str = "auto",
    limits: Limits | None = None,
    confirm: bool = False,
) -> ImportRun:
    """Import a CSV (UTF-8 or Shift_JIS) or XLSX file whole, or nothing, within the limits;
    ``confirm`` accepts large changes."""
    plan_core = store.plan_core(plan)
    observations, data = read_observation_file(path, plan_core, encoding, limits or upload_limits())
    kind = path.suffix.lower().lstrip(".")
    return record(plan, observations, kind, path.name, data, actor, confirm)


def load_history(plan: Plan) -> ImportRun:
    """Load the real published history shipped with the built-in plan."""
    data = builtin.history_bytes()
    observations = read_csv_bytes(data, plan_services.to_core(plan), builtin.HISTORY_FILE)
    return record(plan, observations, "builtin", builtin.HISTORY_FILE, data, SYSTEM)


def revisions(
    plan: Plan, indicator: Indicator | None = None, codes: Sequence[str] | None = None
) -> list[Revision]:
    """Every stored revision not withdrawn (of ``indicator`` or the ``codes`` only, when
    given), marking the one that counts for each year."""
    rows = stored(plan, indicator, codes=codes)
    values = [store.to_core(r) for r in rows]
    winners = winning_revisions(values)
    return [
        Revision(o, n in winners, r.recorded_at, r.run, confirmed_change=r.confirmed_change)
        for n, (o, r) in enumerate(zip(values, rows, strict=True))
    ]


def withdrawn_revisions(
    plan: Plan, indicator: Indicator | None = None, codes: Sequence[str] | None = None
) -> list[Revision]:
    """The withdrawn observations, each with its withdrawal, for the lists that show them."""
    return [
        Revision(store.to_core(r), False, r.recorded_at, r.run, r.withdrawal, r.confirmed_change)
        for r in stored(plan, indicator, withdrawn=True, codes=codes)
    ]


def all_revisions(plan: Plan, indicator: Indicator | None = None) -> list[Revision]:
    """Every stored observation, counting or withdrawn, in the order recorded (for lists)."""
    found = revisions(plan, indicator) + withdrawn_revisions(plan, indicator)
    return sorted(found, key=lambda r: r.observation.seq)


@transaction.atomic
def withdraw(plan: Plan, observation_id: int, reason: str, actor: Any = None) -> Revision:
    """Withdraw an observation entered by mistake: a new append-only record says so and why;
    the observation stays stored and listed, and the revision before it counts again."""
    row = (
        Observation.objects.filter(pk=observation_id, indicator__plan=plan)
        .select_related("indicator__owner", "run")
        .first()
    )
    where = tr("実績値 ID {id}", id=observation_id)
    if row is None:
        message = tr("その実績値はありません（ID は shinchoku observe list で確かめてください）")
        raise InputError([Problem(where, message)])
    ind = row.indicator
    require(
        actor,
        "shinchoku.add_value",
        ind,
        tr("「{name}」の実績値を取り下げる権限がありません", name=ind.name),
    )
    done = ObservationWithdrawal.objects.filter(observation=row).first()
    if done is not None:
        when = timezone.localtime(done.withdrawn_at)
        message = tr(
            "すでに取り下げられています（{date}、理由: {reason}）",
            date=f"{when:%Y-%m-%d}",
            reason=done.reason,
        )
        raise InputError([Problem(where, message)])
    if not reason.strip():
        raise InputError([Problem("reason", tr("取り下げの理由を書いてください"))])
    counted = any(r.current and r.observation.seq == row.pk for r in revisions(plan, ind))
    w = ObservationWithdrawal.objects.create(
        observation=row, reason=reason.strip(), withdrawn_by=actor_name(actor)
    )
    now = next(
        (
            r.observation
            for r in revisions(plan, ind)
            if r.current and r.observation.year == row.year
        ),
        None,
    )
    o = store.to_core(row)
    log(
        actor,
        "observation.withdraw",
        f"{ind.name} {row.year}",
        observation_dict(o) | {"id": row.pk, "counted": counted},
        {"reason": w.reason, "counts_now": observation_dict(now) if now else None},
    )
    return Revision(o, False, row.recorded_at, row.run, w, row.confirmed_change)


def evaluate_year(
    plan: Plan, year: int, as_of: datetime.date | None = None
) -> tuple[IndicatorEvaluation, ...]:
    """The evaluation of ``year`` as known on ``as_of``, against the plan in force that year
    (read from the store set-based and cached per data version: ``observations.store``)."""
    return evaluation_of_year(plan, year, as_of).results


def evaluation_of_year(
    plan: Plan, year: int, as_of: datetime.date | None = None
) -> store.StoreEvaluation:
    """``evaluate_year`` before any result object is made: its arrays give the counts of a
    summary (``core.tally``) at any size, its ``results`` every indicator's evaluation."""
    plan_services.require_plan_year(plan, year)
    return store.evaluation(plan, year, as_of)
