"""The built-in plan (Tokorozawa) and its published history, as shipped files."""

from importlib import resources

PLAN_FILE = "tokorozawa.yaml"
HISTORY_FILE = "tokorozawa-history.csv"


def plan_text() -> str:
    """The built-in plan file's text."""
    return resources.files(__package__).joinpath(PLAN_FILE).read_text("utf-8")


def history_bytes() -> bytes:
    """The published history of the built-in plan's indicators (observation CSV)."""
    return resources.files(__package__).joinpath(HISTORY_FILE).read_bytes()
