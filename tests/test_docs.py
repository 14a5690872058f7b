"""Docs that must not drift: every command is in the README, every plan field in its doc."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from shinchoku.cli import main
from shinchoku.ingest.plan_file import IndicatorIn, PlanIn

ROOT = Path(__file__).resolve().parents[1]


def commands(group: click.Group, prefix: str = "shinchoku") -> list[str]:
    found = []
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            found += commands(cmd, f"{prefix} {name}")
        else:
            found.append(f"{prefix} {name}")
    return found


@pytest.mark.parametrize("command", commands(main))
def test_every_command_is_in_the_readme(command):
    assert f"`{command}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("field", [*PlanIn.model_fields, *IndicatorIn.model_fields])
def test_every_plan_field_is_documented(field):
    assert f"`{field}`" in (ROOT / "docs" / "plan-file.md").read_text(encoding="utf-8")


def test_the_command_reference_is_current():
    """docs/cli.md is the --help of every command; regenerate it with scripts/cli-docs."""
    from shinchoku.cli.reference import reference

    found = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert found == reference(), "docs/cli.md is stale: run scripts/cli-docs"


@pytest.mark.parametrize("command", commands(main))
def test_every_command_is_in_the_reference(command):
    assert f"## `{command}`" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
