"""活動指標 (output indicators): how far a year's actual went towards its target."""

from __future__ import annotations

from decimal import Decimal


def attainment(target: float | Decimal | None, actual: float | Decimal | None) -> float | None:
    """達成率 = actual ÷ target (1.0 = 100 %); None without both figures or with a zero target.

    Figures are taken as decimals (a float through its shortest repr), so 19 / 25 is exact."""
    if target is None or actual is None:
        return None
    t, a = (v if isinstance(v, Decimal) else Decimal(repr(v)) for v in (target, actual))  # repr-ok
    return None if t == 0 else float(a / t)
