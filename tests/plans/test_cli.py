"""``--plan`` on every command that reads or writes plan data; ``plan load`` and ``plan list``."""

from __future__ import annotations

import pytest

from shinchoku.cli import main

from .conftest import HANNO, HANNO_FILE


def plan_commands(group=main, prefix=()) -> list[tuple[str, ...]]:
    """Every command, with its path."""
    import click

    found = []
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            found += plan_commands(cmd, (*prefix, name))
        else:
            found.append(((*prefix, name), cmd))
    return found


# Commands about no single plan: users and tokens, the server, checks and upload cleaning,
# validating a file, loading a new plan, listing plans, the registries' sample and map.
NOT_ABOUT_ONE_PLAN = {
    ("user", "add"), ("token", "create"), ("serve",), ("check",), ("clean-uploads",),
    ("plan", "validate"), ("plan", "load"), ("plan", "list"), ("plan", "default"),
    ("registries", "load-sample"), ("registries", "guide-map"),
}  # fmt: skip


@pytest.mark.parametrize(
    "path", [p for p, _ in plan_commands() if p not in NOT_ABOUT_ONE_PLAN], ids=" ".join
)
def test_every_plan_command_takes_plan(path):
    command = dict(plan_commands())[path]
    assert "--plan" in [o for p in command.params for o in p.opts], path


def test_load_list_and_work_on_another_plan(cli, cli_json):
    loaded = cli("plan", "load", str(HANNO_FILE))
    assert "計画「飯能市 テスト産業計画」を登録しました（--plan hanno-test-plan）" in loaded.stdout
    plans = cli_json("plan", "list")["plans"]
    assert [(p["slug"], p["owner_code"], p["default"]) for p in plans] == [
        ("tokorozawa-industrial-vision-latter", "112089", True),
        (HANNO, "112097", False),
    ]
    cli(
        "observe", "add", "--plan", HANNO, "--indicator", "観光入込客数", "--year", "令和5年度",
        "--value", "120", "--source", "テスト用の公表値", "--published-on", "2025-03-01",
    )  # fmt: skip
    other = cli_json("evaluate", "--plan", HANNO, "--year", "2023")
    mine = {r["code"]: r for r in other["indicators"]}
    assert mine["visitors"]["latest"]["value"] == 120
    assert mine["visitors"]["rating"] == "A"  # (120 − 100) / (110 − 100) = 2
    default = cli_json("evaluate", "--year", "2023")
    assert "visitors" not in {r["code"] for r in default["indicators"]}
    assert cli_json("plan", "show")["title"] == "所沢市 産業振興ビジョン 後期アクションプラン"
    assert cli_json("plan", "show", "--plan", HANNO)["title"] == "飯能市 テスト産業計画"


def test_an_unknown_plan_is_a_clear_error(cli):
    result = cli("evaluate", "--plan", "nope", "--year", "2023", ok=False)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "エラー: 計画「nope」は登録されていません"
        "（登録されている計画: tokorozawa-industrial-vision-latter）"
    )
    assert result.stdout == ""


def test_the_default_plan_can_be_changed_and_is_audited(cli, cli_json, client):
    from shinchoku.audit.models import AuditEntry
    from shinchoku.plan.selection import default_plan

    cli("plan", "load", str(HANNO_FILE))
    changed = cli("plan", "default", HANNO)
    assert changed.stdout.strip() == (
        "既定の計画を「飯能市 テスト産業計画」にしました"
        "（以前: tokorozawa-industrial-vision-latter）"
    )
    assert default_plan().slug == HANNO
    plans = cli_json("plan", "list")["plans"]
    assert [(p["slug"], p["default"]) for p in plans] == [
        (HANNO, True),
        ("tokorozawa-industrial-vision-latter", False),
    ]
    listed = cli("plan", "list").stdout.splitlines()
    assert [line.split()[:2] for line in listed if line.startswith("*")] == [["*", HANNO]]
    entry = AuditEntry.objects.get(action="plan.default")
    assert entry.before == {"slug": "tokorozawa-industrial-vision-latter"}
    assert entry.after == {"slug": HANNO} and entry.actor.endswith("(CLI)")
    assert "飯能市 テスト産業計画" in client.get("/").content.decode()  # / shows it now
    assert cli_json("plan", "show")["title"] == "飯能市 テスト産業計画"
    again = cli("plan", "default", HANNO)  # already the default: nothing to change or audit
    assert "すでに既定の計画です" in again.stdout
    assert AuditEntry.objects.filter(action="plan.default").count() == 1
    english = cli("--lang", "en", "plan", "default", "tokorozawa-industrial-vision-latter")
    assert english.stdout.strip() == (
        "The default plan is now “Tokorozawa City Industrial Promotion Vision, Latter Action"
        f" Plan” (before: {HANNO})"
    )


def test_an_unknown_default_plan_is_refused_and_changes_nothing(cli):
    from shinchoku.audit.models import AuditEntry
    from shinchoku.plan.selection import default_plan

    result = cli("plan", "default", "nope", ok=False)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "エラー: 計画「nope」は登録されていません"
        "（登録されている計画: tokorozawa-industrial-vision-latter）"
    )
    assert default_plan().slug == "tokorozawa-industrial-vision-latter"
    assert not AuditEntry.objects.filter(action="plan.default").exists()


def test_loading_the_same_plan_twice_changes_nothing(cli):
    cli("plan", "load", str(HANNO_FILE))
    again = cli("plan", "load", str(HANNO_FILE), ok=False)
    assert again.exit_code == 2
    assert "計画「hanno-test-plan」はすでに登録されています" in again.stderr


def test_site_build_of_another_plan(cli, tmp_path):
    cli("plan", "load", str(HANNO_FILE))
    cli("site", "build", str(tmp_path / "site"), "--plan", HANNO)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "飯能市 テスト産業計画" in home and "所沢市 産業振興ビジョン" not in home
    assert 'href="indicators/visitors/index.html"' in home  # relative, without the prefix
    assert "/plans/" not in home
    assert (tmp_path / "site" / "en" / "indicators" / "gross-product" / "index.html").exists()
