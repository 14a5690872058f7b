"""The observations app's verbs: record revisions, list them, evaluate a year."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ..accounts.permissions import require
from ..audit.services import actor_name, log
from ..core import model as core
from ..core.evaluation import IndicatorEvaluation, evaluate, winning_revisions
from ..core.serialize import observation_dict
from ..ingest.errors import InputError, Problem
from ..ingest.observation_rows import parse_fields, read_csv_bytes, read_observation_file
from ..plan import builtin
from ..plan import services as plan_services
from ..plan.models import Indicator, Plan
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


def _key(o: core.Observation) -> tuple:
    return (o.indicator, o.year, o.value, o.source, o.published_on, o.edition, o.note)


def _to_core(row: Observation) -> core.Observation:
    return core.Observation(
        indicator=row.indicator.code,
        year=row.year,
        value=plan_services.restore(row.value, row.decimals),
        source=row.source,
        published_on=row.published_on,
        edition=row.edition,
        note=row.note,
        seq=row.id,
        source_value=_plain(row.source_value),
        source_unit=row.source_unit,
        conversion=row.conversion,
        source_ref=row.source_ref,
    )


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored published value without the store's trailing zeros (909533, not 909533.000000)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def stored(
    plan: Plan, indicator: Indicator | None = None, withdrawn: bool = False
) -> list[Observation]:
    """The observation rows of the plan (or one indicator) that count, oldest record first.

    This is where every evaluation, page, report, export and importer reads values, so a
    withdrawn observation is left out here, once. ``withdrawn=True`` gives the withdrawn
    rows instead (with their withdrawal), for the lists that show them as withdrawn.
    """
    rows = Observation.objects.filter(indicator__plan=plan, withdrawal__isnull=not withdrawn)
    rows = rows.select_related("indicator", "run", "withdrawal")
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    return list(rows.order_by("id"))


def _insert(
    new: Sequence[core.Observation], indicators: dict[str, Indicator], run: ImportRun
) -> None:
    """Insert rows with one executemany: 100,000 model objects would cost seconds (bench/)."""
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
            now,
        )
        for o in new
    ]
    sql = (
        f"INSERT INTO {meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def check_rights(
    plan: Plan, observations: Sequence[core.Observation], actor: Any
) -> dict[str, Indicator]:
    """Refuse unless ``actor`` may add values to every indicator named; the plan's indicators."""
    indicators = {i.code: i for i in plan.indicators.select_related("owner")}
    for code in dict.fromkeys(o.indicator for o in observations):
        ind = indicators[code]
        require(actor, "add_value", ind, f"「{ind.name}」の実績値を登録する権限がありません")
    return indicators


def _existing(
    plan: Plan, observations: Sequence[core.Observation], actor: Any
) -> tuple[dict[str, Indicator], dict[tuple[str, int], core.Observation], set[tuple]]:
    """Check ``actor`` may add these values; the plan's indicators, counting and known rows."""
    indicators = check_rights(plan, observations, actor)
    revs = revisions(plan)
    current = {
        (r.observation.indicator, r.observation.year): r.observation for r in revs if r.current
    }
    return indicators, current, {_key(r.observation) for r in revs}


@transaction.atomic
def record(
    plan: Plan,
    observations: Sequence[core.Observation],
    kind: str,
    file_name: str = "",
    data: bytes = b"",
    actor: Any = None,
) -> ImportRun:
    """Append the observations as one run; a row identical to a stored one is not repeated.

    ``actor`` is the user acting (None: the command line); each value must be theirs to add.
    A typed value is audited with the revision it supersedes; a file import is audited as
    one entry (file, fingerprint, counts, and the revised values), since each stored row
    already names its run, and the revisions it supersedes stay stored beside it.
    """
    indicators, current, known = _existing(plan, observations, actor)
    run = ImportRun.objects.create(
        kind=kind,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest() if data else "",
        user=actor_name(actor),
    )
    new: list[core.Observation] = []
    revised = []
    for o in observations:
        if _key(o) in known:
            continue
        known.add(_key(o))
        if before := current.get((o.indicator, o.year)):
            revised.append((before, o))
        new.append(o)
    _insert(new, indicators, run)
    run.added, run.unchanged = len(new), len(observations) - len(new)
    ImportRun.objects.filter(pk=run.pk).update(added=run.added, unchanged=run.unchanged)
    if kind == "entry":
        for o in new:
            before = current.get((o.indicator, o.year))
            log(
                actor,
                "observation.add",
                f"{indicators[o.indicator].name} {o.year}",
                observation_dict(before) if before else None,
                observation_dict(o),
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
            },
        )
    return run


def add(plan: Plan, fields: dict[str, str], actor: Any = None, options: bool = True) -> ImportRun:
    """Record one typed value, validated exactly like a file row.

    Errors name the field as a command-line option (``--year``) or, for forms and the
    API (``options=False``), as the field itself (``year``).
    """
    obs, errors = parse_fields(fields, plan_services.to_core(plan))
    name = (lambda f: "--" + f.replace("_", "-")) if options else (lambda f: f)
    if errors or obs is None:
        raise InputError([Problem(name(e.field), e.message) for e in errors])
    _, current, known = _existing(plan, [obs], actor)
    before = current.get((obs.indicator, obs.year))
    if before and _key(obs) not in known and not obs.note:
        reason = f"この年にはすでに {before.value:,} が登録されています。"
        reason += "訂正の理由を備考（note）に書いてください"
        raise InputError([Problem(name("note"), reason)])
    return record(plan, [obs], "entry", actor=actor)


def import_file(plan: Plan, path: Path, actor: Any = None) -> ImportRun:
    """Import a CSV or XLSX file whole, or nothing."""
    observations, data = read_observation_file(path, plan_services.to_core(plan))
    return record(plan, observations, path.suffix.lower().lstrip("."), path.name, data, actor)


def load_history(plan: Plan) -> ImportRun:
    """Load the real published history shipped with the built-in plan."""
    data = builtin.history_bytes()
    observations = read_csv_bytes(data, plan_services.to_core(plan), builtin.HISTORY_FILE)
    return record(plan, observations, "builtin", builtin.HISTORY_FILE, data)


def revisions(plan: Plan, indicator: Indicator | None = None) -> list[Revision]:
    """Every stored revision not withdrawn, marking the one that counts for each year."""
    rows = stored(plan, indicator)
    values = [_to_core(r) for r in rows]
    winners = winning_revisions(values)
    return [
        Revision(o, n in winners, r.recorded_at, r.run)
        for n, (o, r) in enumerate(zip(values, rows, strict=True))
    ]


def withdrawn_revisions(plan: Plan, indicator: Indicator | None = None) -> list[Revision]:
    """The withdrawn observations, each with its withdrawal, for the lists that show them."""
    return [
        Revision(_to_core(r), False, r.recorded_at, r.run, r.withdrawal)
        for r in stored(plan, indicator, withdrawn=True)
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
    where = f"実績値 ID {observation_id}"
    if row is None:
        message = "その実績値はありません（ID は shinchoku observe list で確かめてください）"
        raise InputError([Problem(where, message)])
    ind = row.indicator
    require(actor, "add_value", ind, f"「{ind.name}」の実績値を取り下げる権限がありません")
    done = ObservationWithdrawal.objects.filter(observation=row).first()
    if done is not None:
        when = timezone.localtime(done.withdrawn_at)
        message = f"すでに取り下げられています（{when:%Y-%m-%d}、理由: {done.reason}）"
        raise InputError([Problem(where, message)])
    if not reason.strip():
        raise InputError([Problem("reason", "取り下げの理由を書いてください")])
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
    o = _to_core(row)
    log(
        actor,
        "observation.withdraw",
        f"{ind.name} {row.year}",
        observation_dict(o) | {"id": row.pk, "counted": counted},
        {"reason": w.reason, "counts_now": observation_dict(now) if now else None},
    )
    return Revision(o, False, row.recorded_at, row.run, w)


def evaluate_year(
    plan: Plan, year: int, as_of: datetime.date | None = None
) -> tuple[IndicatorEvaluation, ...]:
    """The evaluation of ``year`` as known on ``as_of``, against the plan in force that year."""
    from ..plan.revisions import plan_for_year

    plan_core = plan_for_year(plan, year)
    values = [_to_core(r) for r in stored(plan)]
    return evaluate(plan_core.indicators, values, year, as_of, plan_core.thresholds)
