"""``shinchoku publish`` / ``unpublish``: the same gate as the workspace's 公表 page."""

from __future__ import annotations

import datetime
import json

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.cycle import publication
from shinchoku.plan.models import Plan, Publication

PHRASE = "未承認の項目が19件あるまま令和5年度の結果を公表する"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The site's today: 1 December 2026 (FY2026 runs until 31 March 2027)."""
    monkeypatch.setattr(publication, "today", lambda: datetime.date(2026, 12, 1))


def published_year(plan) -> int | None:
    return Plan.objects.get(pk=plan.pk).published_year


def test_dry_run_json_is_the_checklist_and_the_preview(plan, cli_json):
    data = cli_json("publish", "--year", "R5", "--dry-run")
    assert list(data) == [
        "year", "year_label", "published_year", "can_publish", "refusal", "confirmation",
        "round_opened", "items", "unapproved", "missing", "preview", "dry_run", "published",
    ]  # fmt: skip
    assert (data["year"], data["year_label"], data["can_publish"]) == (2023, "令和5年度", True)
    assert (data["dry_run"], data["published"], data["published_year"]) == (True, False, None)
    assert data["confirmation"] == PHRASE
    assert (data["round_opened"], data["items"], len(data["unapproved"])) == (False, 19, 19)
    assert data["unapproved"][0] == {
        "item": "評価指標 総生産額",
        "kind": "indicator",
        "owner": "産業振興課",
        "state": "no_round",
        "state_label": "回が開かれていません",
    }
    assert [m["code"] for m in data["missing"]] == [
        "gross-product", "manufacturing-shipments", "tourist-visits", "employees",
    ]  # fmt: skip
    preview = data["preview"]
    assert preview["year"] == 2023 and preview["indicators"][0]["latest"]["value"] == 9095
    assert published_year(plan) is None and not Publication.objects.exists()


def test_a_year_not_ended_is_refused(plan, cli):
    result = cli("publish", "--year", "2027", "--yes", ok=False)
    assert result.exit_code == 2
    assert "令和9年度はまだ終わっていません（2028年3月31日まで）" in result.stderr
    dry = cli("publish", "--year", "2026", "--dry-run", "--format", "json", ok=False)
    assert dry.exit_code == 2 and json.loads(dry.stdout)["can_publish"] is False
    assert published_year(plan) is None


def test_publishing_needs_yes_or_the_year_typed(plan, cli):
    refused = cli("publish", "--year", "2023", ok=False)  # no terminal, no --yes
    assert refused.exit_code == 2
    assert f"確認が必要です: 「{PHRASE}」でよければ --yes を付けて" in refused.stderr
    assert published_year(plan) is None
    done = cli("publish", "--year", "2023", "--yes")
    assert f"令和5年度の結果を公表しました（確認: 「{PHRASE}」）" in done.stdout
    assert published_year(plan) == 2023
    assert Publication.objects.get().confirmation == PHRASE
    again = cli("publish", "--year", "2023", "--yes", ok=False)
    assert "令和5年度はすでに公表しています" in again.stderr


def test_unpublish_requires_a_reason(plan, cli):
    cli("publish", "--year", "2023", "--yes")
    missing = cli("unpublish", "--year", "2023", ok=False)
    assert missing.exit_code == 2 and "--reason" in missing.output
    blank = cli("unpublish", "--year", "2023", "--reason", " ", ok=False)
    assert blank.exit_code == 2 and "理由を書いてください" in blank.stderr
    assert published_year(plan) == 2023
    done = cli("unpublish", "--year", "2023", "--reason", "値の誤り")
    assert "令和5年度以降の公表を取り消しました（公表済み: なし）。理由: 値の誤り" in done.stdout
    assert published_year(plan) is None
    assert AuditEntry.objects.filter(action="plan.unpublish").count() == 1


def test_at_a_terminal_the_year_is_typed_again(plan, monkeypatch):
    from click.testing import CliRunner

    from shinchoku.cli import main
    from shinchoku.cli import publish as command

    monkeypatch.setattr(command, "_terminal", lambda: True)
    wrong = CliRunner().invoke(main, ["publish", "--year", "R5"], input="R6\n")
    assert wrong.exit_code == 2 and "年度が一致しないため公表しませんでした" in wrong.output
    assert published_year(plan) is None
    right = CliRunner().invoke(main, ["publish", "--year", "R5"], input="令和5年度\n")
    assert right.exit_code == 0, right.output
    assert f"「{PHRASE}」" in right.output and published_year(plan) == 2023
