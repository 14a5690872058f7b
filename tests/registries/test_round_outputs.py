"""Opening a round records the counts the registries already know: the cycle sends
``round_opened`` and the registries answer it (the cycle does not import them, refs #11)."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.cycle import services as cycle
from shinchoku.cycle.models import OutputValue
from shinchoku.cycle.signals import round_opened
from shinchoku.registries.receivers import fill_outputs


def test_opening_a_round_records_the_registries_counts(plan, users, certified):
    assert not OutputValue.objects.exists()
    cycle.open_round(plan, 2024, datetime.date(2099, 6, 30), users["secretariat"])
    values = {
        (v.output.project.number, v.output.name): (v.year, v.value, v.note)
        for v in OutputValue.objects.select_related("output__project")
    }
    assert values[(10, "所沢ブランド特産品 認定数")] == (2024, 1, "登録簿から自動集計")


def test_the_registries_answer_the_signal_once():
    receivers = [r for r in round_opened._live_receivers(sender=None)[0] if r is fill_outputs]
    assert len(receivers) == 1


def test_a_refusal_of_the_receiver_reaches_the_caller(plan, users, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("refused")

    monkeypatch.setattr("shinchoku.registries.receivers.record_outputs", refuse)
    with pytest.raises(RuntimeError, match="refused"):
        cycle.open_round(plan, 2024, datetime.date(2099, 6, 30), users["secretariat"])
