"""活動指標 (output indicators): how far a year's actual went towards its target."""

from __future__ import annotations

from decimal import Decimal


def attainment(target: Decimal | None, actual: Decimal | None) -> float | None:
    """達成率 = actual ÷ target (1.0 = 100 %); None without both figures or with a zero target."""
    if target is None or actual is None or target == 0:
        return None
    return float(actual / target)
