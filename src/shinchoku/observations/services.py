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
from ..audit.services import actor_name, log
from ..core import model as core
from ..core.evaluation import IndicatorEvaluation, winning_revisions
from ..core.messages import tr
from ..core.serialize import observation_dict
from ..ingest.errors import InputError, Problem
from ..ingest.limits import Limits
from ..ingest.observation_rows import parse_fields, read_csv_bytes, read_observation_file
from ..plan import builtin
from ..plan import services as plan_services
from ..plan.models import Indicator, Plan
from ..uploads import limits as upload_limits
from . import checks, store
from .counting import insert_rows, refresh_counting
from .models import ImportRun, Observation, ObservationWithdrawal

AUDIT_ROWS = 1000  # revised values listed in an import's audit entry (all are stored)


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
    Every new value must be plausible (``checks.plausible``); ``confirm`` accepts large changes, and
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
    mark = checks.written_mark() if ahead else None  # read before the checks read anything
    checked = checks.check(*args) if ahead else None
    with transaction.atomic():
        if checked is None or checks.written_mark() != mark:
            # After another writer, read the plan and the actor's role again too.
            checked = checks.check(*args, fresh=checked is not None)
        return _write(plan, observations, kind, file_name, data, actor, checked)


def _write(
    plan: Plan,
    observations: Sequence[core.Observation],
    kind: str,
    file_name: str,
    data: bytes,
    actor: Any,
    checked: checks.Checked,
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
    _, current, known, _ = checks.existing(plan, [obs], actor)
    before = current.get((obs.indicator, obs.year))
    if before and checks.row_key(obs) not in known and not obs.note:
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
