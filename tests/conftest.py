"""Shared fixtures: the built-in plan in the test database, a CLI runner against it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result


@pytest.fixture
def plan(db):
    """The built-in plan with its published history, as a fresh database gets it."""
    from shinchoku.observations.services import load_history
    from shinchoku.plan.services import load_builtin

    row = load_builtin()
    load_history(row)
    return row


@pytest.fixture
def cli(db) -> Callable[..., Result]:
    """Run ``shinchoku ARGS`` in-process against the test database."""
    from shinchoku.cli import main

    def run(*args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture
def cli_json(cli) -> Callable[..., object]:
    """Run a command with ``--format json`` and parse what it printed."""

    def run(*args: str) -> object:
        return json.loads(cli(*args, "--format", "json").stdout)

    return run
