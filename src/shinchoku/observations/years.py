"""Which year a page opens on when none is asked for: the newest year with a stored value,
and the workspace's default (the open round's year, else that newest year).

The rounds are read through the plan's ``rounds`` relation (declared by ``cycle.Round``):
the year rule sits here, below the cycle app, so every app's pages can use it.
"""

from __future__ import annotations

from ..plan import models
from .models import Observation


def newest_data_year(row: models.Plan) -> int:
    """The newest year with a stored value, within the vision period (the plan's first year
    when there is none): where the workspace, ``evaluate`` and ``scripts/run`` open."""
    newest = (
        Observation.objects.filter(
            indicator__plan=row, year__lte=row.vision_end, withdrawal__isnull=True
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if newest is None:
        return row.period_start
    return max(newest, row.vision_start)


def staff_default_year(row: models.Plan) -> int:
    """The year the workspace opens on: the open round's year (the newest round whose year is
    not published yet), else the newest year with a stored value."""
    newest_round = row.rounds.order_by("-year").values_list("year", flat=True).first()
    if newest_round is not None and not row.is_published(newest_round):
        return newest_round
    return newest_data_year(row)
