"""Publishing a fiscal year's results: a gate, not a click.

The one service behind the workspace's 公表 page, ``shinchoku publish`` and
``shinchoku unpublish``:

- :func:`checklist` — what stands between a year and the public: items of the year's
  round not approved (by state and owner), indicators without a value for the year,
  and any reason the year cannot be published at all;
- :func:`publish` — refuses a fiscal year that has not ended (FY Y ends 31 March Y+1,
  judged on today's date in the site's time zone), a year before the plan, a year already
  published or one that would skip an unpublished year; needs the confirmation phrase
  that names the year (and, with items not approved, how many);
- :func:`unpublish` — takes a year (and every later one) back, with a reason.

Each act writes one :class:`~shinchoku.plan.models.Publication` row and one audit entry.
What is public is decided by ``Plan.is_published`` alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..accounts.permissions import require
from ..audit.services import actor_name, log
from ..core.calendar import format_year
from ..core.calendar import year_text as fy_text
from ..core.messages import local, tr
from ..observations.models import Observation
from ..plan import models
from .models import APPROVED, Round
from .services import label, state_label


class PublicationError(Exception):
    """A publication that cannot be done as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Item:
    """An item of the round that is not approved yet."""

    item: str
    kind: str  # indicator or project
    owner: str
    state: str  # state code (not_started, drafting, submitted) or "no_round"
    state_label: str


@dataclass(frozen=True)
class Missing:
    """An indicator with no value stored for the year."""

    code: str
    name: str
    owner: str


@dataclass(frozen=True)
class Checklist:
    """What stands between ``year`` and the public."""

    year: int
    published_year: int | None
    round_opened: bool
    items: int  # items in the round (or that a round would have)
    unapproved: tuple[Item, ...]
    missing: tuple[Missing, ...]
    refusal: str | None  # why the year cannot be published at all (None: it can)

    @property
    def phrase(self) -> str:
        """The confirmation a person gives: it names the year and the items not approved."""
        year = fy_text(self.year)
        if self.unapproved:
            return tr(
                "未承認の項目が{n}件あるまま{year}の結果を公表する",
                n=len(self.unapproved),
                year=year,
            )
        return tr("{year}の結果を公表する", year=year)


def fiscal_year_ended(year: int, today: datetime.date) -> bool:
    """Whether fiscal ``year`` (April ``year`` – 31 March ``year + 1``) is over on ``today``."""
    return today > datetime.date(year + 1, 3, 31)


def today() -> datetime.date:
    """Today in the site's time zone."""
    return timezone.localdate()


def next_year(row: models.Plan) -> int:
    """The year the next publication is for: the one after the last published round."""
    return row.period_start if row.published_year is None else row.published_year + 1


def _refusal(row: models.Plan, year: int, on: datetime.date) -> str | None:
    fy = fy_text(year)
    if year < row.period_start or year > row.period_end:
        first, last = fy_text(row.period_start), fy_text(row.period_end)
        return tr(
            "{year}は計画期間（{first}～{last}）の外です。公表できるのは計画期間の年度だけです",
            year=fy,
            first=first,
            last=last,
        )
    if not fiscal_year_ended(year, on):
        return tr(
            "{year}はまだ終わっていません（{end}年3月31日まで）。"
            "年度が終わってから公表してください（今日は{today}）",
            year=fy,
            end=year + 1,
            today=on.isoformat(),
        )
    expected = next_year(row)
    if row.is_published(year):
        shown = fy_text(expected - 1)
        return tr("{year}はすでに公表しています（公表済み: {shown}まで）", year=fy, shown=shown)
    if year > expected:
        return tr(
            "{expected}がまだ公表されていません。年度は順に公表します。先に{expected}を公表してください",
            expected=fy_text(expected),
        )
    return None


def checklist(row: models.Plan, year: int, on: datetime.date | None = None) -> Checklist:
    """The round's open items and the missing values for ``year``, and any refusal."""
    on = on or today()
    round_ = Round.objects.filter(plan=row, year=year).first()
    if round_ is not None:
        requests = round_.requests.select_related("indicator", "project", "owner")
        total = len(requests)
        unapproved = tuple(
            Item(
                label(r),
                "project" if r.project_id else "indicator",
                local(r.owner, "name"),
                r.state,
                state_label(r),
            )
            for r in requests
            if r.state != APPROVED
        )
    else:  # no round opened: nothing was asked, so nothing is approved
        indicators = row.indicators.select_related("owner")
        projects = row.projects.select_related("lead")
        unapproved = tuple(
            Item(tr("評価指標 {name}", name=local(i, "name")), "indicator",
                 local(i.owner, "name") if i.owner else "—", "no_round", tr("回が開かれていません"))
            for i in indicators
        ) + tuple(
            Item(tr("重点推進事業{number} {title}", number=p.number, title=local(p, "title")),
                 "project", local(p.lead, "name") if p.lead else "—", "no_round",
                 tr("回が開かれていません"))
            for p in projects
        )  # fmt: skip
        total = len(unapproved)
    valued = set(
        Observation.objects.filter(
            indicator__plan=row, year=year, withdrawal__isnull=True
        ).values_list("indicator_id", flat=True)
    )
    missing = tuple(
        Missing(i.code, local(i, "name"), local(i.owner, "name") if i.owner else "—")
        for i in row.indicators.select_related("owner")
        if i.pk not in valued
    )
    return Checklist(
        year=year,
        published_year=row.published_year,
        round_opened=round_ is not None,
        items=total,
        unapproved=unapproved,
        missing=missing,
        refusal=_refusal(row, year, on),
    )


def _lock(row: models.Plan) -> None:
    """Lock the plan's row for this transaction and read its current published year."""
    row.published_year = (
        models.Plan.objects.select_for_update().values_list("published_year", flat=True)
    ).get(pk=row.pk)


def _set(row: models.Plan, year: int | None) -> None:
    models.Plan.objects.filter(pk=row.pk).update(published_year=year)
    row.published_year = year


@transaction.atomic
def publish(
    row: models.Plan,
    year: int,
    confirmation: str,
    actor: Any = None,
    on: datetime.date | None = None,
) -> models.Publication:
    """Publish fiscal ``year``'s results once its checklist has been seen and confirmed."""
    require(actor, "shinchoku.publish", what="公表できるのは事務局だけです")
    _lock(row)
    found = checklist(row, year, on)
    if found.refusal:
        raise PublicationError(found.refusal)
    if confirmation.strip() != found.phrase:
        raise PublicationError(
            tr("確認が必要です: 「{phrase}」と確認してから公表してください", phrase=found.phrase)
        )
    before = row.published_year
    _set(row, year)
    entry = models.Publication.objects.create(
        plan=row,
        year=year,
        action=models.Publication.PUBLISH,
        confirmation=found.phrase,
        unapproved=len(found.unapproved),
        missing=len(found.missing),
        actor=actor_name(actor),
    )
    log(
        actor,
        "plan.publish",
        f"{row.title} {format_year(year, 'fiscal')}",
        {"published_year": before},
        {"published_year": year, "unapproved": entry.unapproved, "missing": entry.missing},
    )
    return entry


@transaction.atomic
def unpublish(row: models.Plan, year: int, reason: str, actor: Any = None) -> models.Publication:
    """Take ``year`` and every later year back from the public, saying why."""
    require(actor, "shinchoku.unpublish", what="公表を取り消せるのは事務局だけです")
    _lock(row)
    fy = format_year(year, "fiscal")
    if not reason.strip():
        raise PublicationError(tr("公表を取り消す理由を書いてください（--reason）"))
    if year < row.period_start or not row.is_published(year):
        shown = fy_text(row.published_year) if row.published_year else tr("なし")
        raise PublicationError(
            tr("{year}は公表されていません（公表済み: {shown}）", year=fy_text(year), shown=shown)
        )
    before = row.published_year
    after = year - 1 if year - 1 >= row.period_start else None
    _set(row, after)
    entry = models.Publication.objects.create(
        plan=row,
        year=year,
        action=models.Publication.UNPUBLISH,
        reason=reason.strip(),
        actor=actor_name(actor),
    )
    log(
        actor,
        "plan.unpublish",
        f"{row.title} {fy}",
        {"published_year": before},
        {"published_year": after, "reason": entry.reason},
    )
    return entry


def published_rounds(row: models.Plan) -> list[models.Publication]:
    """The publication in force for each published year, oldest year first (for the feed):
    one per year, however often it was taken back and published again."""
    latest: dict[int, models.Publication] = {}
    for p in row.publications.filter(action=models.Publication.PUBLISH).order_by("at", "id"):
        if row.is_published(p.year) and p.year >= row.period_start:
            latest[p.year] = p
    return [latest[y] for y in sorted(latest)]
