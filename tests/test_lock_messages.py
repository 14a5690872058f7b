"""What a writer stuck behind another's row lock is told, in the language of the run (the
lock itself is PostgreSQL's and tested in test_locks.py; the words are tested here, on any
database): the row is named in that language and the message keeps ``lock timeout``."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from shinchoku.core.messages import language
from shinchoku.health import is_database_busy
from shinchoku.locks import RowBusy, busy_message


def test_the_busy_message_in_japanese_and_english():
    japanese = busy_message("計画「産業振興ビジョン」", 0.4)
    assert japanese == (
        "計画「産業振興ビジョン」は他の利用者が更新中です（0.4秒待ちました: lock timeout）。"
        "何も変更していません。しばらくしてからもう一度お試しください"
    )
    with language("en"):
        english = busy_message("the plan “Vision”", 5.0)
    assert english == (
        "Another user is updating the plan “Vision” (waited 5 s: lock timeout). "
        "Nothing was changed; try again shortly"
    )
    assert is_database_busy(RowBusy(english)) and is_database_busy(RowBusy(japanese))


def test_a_round_item_busy_in_english_is_named_in_english(plan, users, monkeypatch):
    from shinchoku.cycle import services as cycle

    round_ = cycle.open_round(plan, 2024, datetime.date(2099, 6, 30), users["secretariat"])
    request = round_.requests.get(indicator__code="tourist-visits")

    def busy(row: object, what: str) -> object:  # as PostgreSQL answers after the timeout
        raise RowBusy(busy_message(what, 0.4))

    monkeypatch.setattr(cycle, "lock_row", busy)
    with translation.override("en"), language("en"), pytest.raises(RowBusy) as caught:
        cycle.move(request, "draft", users["department"])
    assert str(caught.value) == (
        "Another user is updating the request for “Indicator: Tourist visits” "
        "(waited 0.4 s: lock timeout). Nothing was changed; try again shortly"
    )
    with pytest.raises(RowBusy) as caught:
        cycle.move(request, "draft", users["department"])
    assert str(caught.value).startswith("「評価指標 観光入込客数」の依頼は他の利用者が更新中です")
