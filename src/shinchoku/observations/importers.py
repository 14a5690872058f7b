"""Importers: templates, prefectural tables and e-Stat, each previewed, then recorded as one run.

Every reader ends in core ``Observation`` values validated by ``parse_fields``; this module
compares them with what is stored (new, revision, unchanged; which revision will count),
and, unless it is a dry run, appends them with ``services.record`` — whole or not at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..core import model as core
from ..core.evaluation import winning_revisions
from ..core.messages import named, tr
from ..ingest import estat
from ..ingest.errors import InputError, Problem
from ..ingest.limits import Limits
from ..ingest.observation_rows import read_file, read_observation_file
from ..ingest.sources import read_sources, table_source
from ..ingest.tables import Overrides, read_table
from ..ingest.template import is_template, read_template_bytes, write_template
from ..plan import services as plan_services
from ..plan.models import Plan
from ..uploads import limits as upload_limits
from . import checks, services
from .models import ImportRun

Status = Literal["new", "revision", "unchanged"]


@dataclass(frozen=True)
class Change:
    """What importing one observation does: a first value, a revision, or nothing."""

    observation: core.Observation
    status: Status
    previous: core.Observation | None  # the revision that counts now for that year
    counts: bool  # whether it will be the revision that counts


@dataclass(frozen=True)
class Outcome:
    """A previewed import and, unless it was a dry run, the run that recorded it."""

    source: str
    changes: list[Change]
    not_published: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    run: ImportRun | None = None
    confirmed: list[str] = field(default_factory=list)  # large changes accepted with confirm

    @property
    def added(self) -> int:
        """How many observations are (or would be) stored."""
        return sum(c.status != "unchanged" for c in self.changes)


def preview(plan: Plan, observations: Sequence[core.Observation]) -> list[Change]:
    """How each observation compares with what is stored, in order."""
    codes = [o.indicator for o in observations]  # only the indicators the file touches
    stored = checks.stored_values(plan, codes)
    known = {checks.row_key(o) for o in stored}
    years = {(o.indicator, o.year) for o in stored}
    seq = max((o.seq for o in stored), default=0)
    pending: list[core.Observation] = []
    statuses: list[Status] = []
    for o in observations:
        if checks.row_key(o) in known:
            statuses.append("unchanged")
            continue
        known.add(checks.row_key(o))
        seq += 1
        pending.append(core.Observation(**{**vars(o), "seq": seq}))
        statuses.append("revision" if (o.indicator, o.year) in years else "new")
    current = {(stored[i].indicator, stored[i].year): stored[i] for i in winning_revisions(stored)}
    everything = [*stored, *pending]
    winners = {
        (everything[i].indicator, everything[i].year): everything[i]
        for i in winning_revisions(everything)
    }
    changes = []
    for o, status in zip(observations, statuses, strict=True):
        now = current.get((o.indicator, o.year))
        win = winners.get((o.indicator, o.year))
        counts = win is not None and checks.row_key(win) == checks.row_key(o)
        changes.append(Change(o, status, now, counts))
    return changes


def _finish(
    plan: Plan,
    observations: Sequence[core.Observation],
    kind: str,
    file_name: str,
    data: bytes,
    actor: Any,
    dry_run: bool,
    not_published: Sequence[str] = (),
    notes: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    confirm: bool = False,
    hint: str = "--confirm",
) -> Outcome:
    # The same checks record() makes, so a dry run refuses what the real run would refuse.
    checks.check_rights(plan, observations, actor)
    if progress:
        progress(1)  # read and checked
    changes = preview(plan, observations)
    if progress:
        progress(2)  # compared with the store
    new = [c.observation for c in changes if c.status != "unchanged"]
    notes = list(notes)
    undated = [c for c in changes if c.status != "unchanged" and not c.observation.published_on]
    if any(c.previous and c.previous.published_on for c in undated):
        notes.append(
            "公表日のない値は、公表日のある既存の値より後順位です（採用されません）: "
            "公表日が分かれば指定してください"
        )
    run = None
    if dry_run:
        confirmed = list(checks.plausible(plan, new, confirm, file_name, hint=hint).values())
    else:
        run = services.record(
            plan, observations, kind, file_name[:300], data, actor, confirm, hint=hint
        )
        found = run.observations.exclude(confirmed_change="").order_by("id")
        confirmed = list(found.values_list("confirmed_change", flat=True))
    return Outcome(file_name, changes, list(not_published), notes, run, confirmed)


# --- files: CSV, XLSX, filled templates ------------------------------------------------------


def import_any(
    plan: Plan,
    path: Path,
    actor: Any = None,
    dry_run: bool = False,
    encoding: str = "auto",
    limits: Limits | None = None,
    progress: Callable[[int], None] | None = None,
    confirm: bool = False,
    hint: str = "--confirm",
) -> Outcome:
    """Import a CSV, an XLSX sheet or a filled template, whole or not at all.

    A CSV may be UTF-8 or Shift_JIS (``encoding`` forces one); the file is refused if it
    passes the upload limits (those in settings unless ``limits`` is given). ``progress``
    is told each step done (1 read, 2 compared), for a background job's progress bar.
    ``confirm`` accepts large changes from the previous values (``hint`` names how to
    confirm).
    """
    checks = {"confirm": confirm, "hint": hint, "progress": progress}
    limits = limits or upload_limits()
    plan_core = services.store.plan_core(plan)
    if path.suffix.lower() == ".xlsx":
        data = read_file(path, limits)
        if is_template(data, limits):
            rows = read_template_bytes(data, plan_core, path.name, limits)
            notes = [f"値が空欄の行（未記入）: {rows.blank}行"] if rows.blank else []
            return _finish(
                plan,
                rows.observations,
                "template",
                path.name,
                data,
                actor,
                dry_run,
                notes=notes,
                **checks,
            )
    observations, data = read_observation_file(path, plan_core, encoding, limits)
    kind = path.suffix.lower().lstrip(".")
    return _finish(plan, observations, kind, path.name, data, actor, dry_run, **checks)


def template(plan: Plan, year: int, organisation: str = "") -> tuple[bytes, list[str]]:
    """The Excel template for an organisation's indicators (all without one); and their codes."""
    plan_services.require_plan_year(plan, year)
    plan_core = services.store.plan_core(plan)
    indicators = list(plan_core.indicators)
    org_name = ""
    if organisation:
        org = next((o for o in plan_core.organisations if organisation in (o.code, o.name)), None)
        if org is None:
            message = tr(
                "「{name}」という組織は計画にありません: {known}",
                name=organisation,
                known=named(plan_core.organisations),
            )
            raise InputError([Problem("--organisation", message)])
        indicators = [i for i in indicators if i.owner == org.code]
        org_name = org.name
        if not indicators:
            message = f"{org.name}が担当する評価指標はありません（指標の owner を確かめてください）"
            raise InputError([Problem("--organisation", message)])
    previous: dict[str, core.Observation] = {}
    for rev in services.revisions(plan, codes=[i.code for i in indicators]):
        o = rev.observation
        earlier = previous.get(o.indicator)
        if rev.current and o.year <= year and (earlier is None or earlier.year < o.year):
            previous[o.indicator] = o
    data = write_template(plan_core, year, indicators, previous, org_name)
    return data, [i.code for i in indicators]


# --- prefectural tables ----------------------------------------------------------------------


def import_table(
    plan: Plan,
    path: Path,
    mapping: str,
    sources: Path | None = None,
    overrides: Overrides | None = None,
    actor: Any = None,
    dry_run: bool = False,
    confirm: bool = False,
) -> Outcome:
    """Import a prefectural table through its named mapping, whole or not at all."""
    plan_core = services.store.plan_core(plan)
    table = table_source(read_sources(sources, {i.code for i in plan_core.indicators}), mapping)
    data = read_file(path)
    result = read_table(data, table, plan_core, path.name, overrides or Overrides())
    return _finish(
        plan,
        result.observations,
        "table",
        f"{path.name} ({table.name})",
        data,
        actor,
        dry_run,
        result.not_published,
        confirm=confirm,
    )


# --- e-Stat ----------------------------------------------------------------------------------


def _estat_sources(plan_core: core.Plan, sources: Path | None, indicator: str | None) -> list:
    found = read_sources(sources, {i.code for i in plan_core.indicators}).estat
    if indicator:
        ind = plan_core.indicator(indicator)
        if ind is None:
            message = tr("「{name}」という指標は計画にありません", name=indicator)
            message += f": {named(plan_core.indicators)}"
            raise InputError([Problem("--indicator", message)])
        found = [s for s in found if s.indicator == ind.code]
        if not found:
            message = f"{ind.name}はe-Statから取得する対応づけがありません（sources の estat）"
            raise InputError([Problem("--indicator", message)])
    if not found:
        raise InputError([Problem("sources", "e-Statの対応づけ（estat:）がありません")])
    return found


def app_id_from_env() -> str:
    """The e-Stat application id (``ESTAT_APP_ID``), or EStatError saying how to set it."""
    app_id = os.environ.get(estat.ENV_APP_ID, "").strip()
    if not app_id:
        raise estat.EStatError(
            f"e-StatのアプリケーションIDがありません: 環境変数 {estat.ENV_APP_ID} に設定するか、"
            "保存した応答を --response FILE.json で取り込んでください"
        )
    return app_id


def download_estat(
    plan: Plan,
    indicator: str | None = None,
    sources: Path | None = None,
    base_url: str | None = None,
    timeout: float = estat.TIMEOUT,
) -> list[dict[str, Any]]:
    """Every page of every mapped table, as e-Stat sent them (for --save or for import)."""
    plan_core = services.store.plan_core(plan)
    app_id = app_id_from_env()
    pages: list[dict[str, Any]] = []
    for s in _estat_sources(plan_core, sources, indicator):
        area = s.area or plan_core.municipality_code
        pages += estat.fetch_pages(s, app_id, area, base_url, timeout)
    return pages


def fetch_estat(
    plan: Plan,
    indicator: str | None = None,
    responses: Sequence[Path] = (),
    sources: Path | None = None,
    actor: Any = None,
    dry_run: bool = False,
    base_url: str | None = None,
    timeout: float = estat.TIMEOUT,
    confirm: bool = False,
) -> Outcome:
    """Fetch (or read saved responses) and store new values and revisions, whole or not at all."""
    plan_core = services.store.plan_core(plan)
    mappings = _estat_sources(plan_core, sources, indicator)
    named: list[tuple[str, dict[str, Any]]] = []
    if responses:
        for path in responses:
            pages = estat.read_response_file(path)
            named += [(f"{path.name} {n}番目の応答", p) for n, p in enumerate(pages, start=1)]
        file_name = ", ".join(p.name for p in responses)
    else:
        pages = download_estat(plan, indicator, sources, base_url, timeout)
        named = [(f"e-Stat応答 {n}ページ目", p) for n, p in enumerate(pages, start=1)]
        file_name = "e-Stat getStatsData " + ", ".join(m.stats_data_id for m in mappings)
    observations: list[core.Observation] = []
    not_published: list[str] = []
    problems: list[Problem] = []
    for m in mappings:
        try:
            picked = estat.pick(m, named, plan_core, m.area or plan_core.municipality_code)
        except InputError as err:
            problems += err.problems
            continue
        observations += picked.observations
        not_published += picked.not_published
    if problems:
        raise InputError(problems, file_name)
    if not observations and not not_published:
        ids = "、".join(m.stats_data_id for m in mappings)
        message = (
            f"対応づけた統計表（{ids}）の値が応答にありません: 統計表IDと select を確かめてください"
        )
        raise InputError([Problem(file_name, message)], file_name)
    data = json.dumps([p for _, p in named], ensure_ascii=False, sort_keys=True).encode()
    return _finish(
        plan, observations, "estat", file_name, data, actor, dry_run, not_published, confirm=confirm
    )
