"""The registries' answers to other apps' signals (connected in ``apps.RegistriesConfig``)."""

from __future__ import annotations

from typing import Any

from ..cycle.models import Round
from .counts import record_outputs


def fill_outputs(sender: Any, round: Round, actor: Any, **kwargs: Any) -> None:
    """A round just opened: the counts the registries already know (certified products,
    shops, signs) go into its 活動指標, so nobody types them."""
    record_outputs(round.plan, round.year, actor)
