"""What every command shares: options, JSON output, turning input errors into exits."""

from __future__ import annotations

import datetime
import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, ClassVar

import click

from ..core.calendar import YearParseError, parse_year
from ..core.messages import tr
from ..ingest.errors import InputError
from ..ingest.limits import Limits
from .errors import UserError, refused


class OutputFormat(click.Choice):
    """``--format table|json``, the one vocabulary of every command that prints data.

    ``text`` (what ``plan show/versions/diff`` and ``opendata/site build`` took in 0.1)
    is still read as ``table`` for one release, without being offered in the help.
    """

    ALIASES: ClassVar[dict[str, str]] = {"text": "table"}

    def __init__(self, choices: tuple[str, ...] = ("table", "json")) -> None:
        super().__init__(list(choices))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(self.ALIASES.get(value, value), param, ctx)


FORMAT_JSON = OutputFormat()
# ``evaluate`` and ``import``: a summary by default, the full table, JSON, or one JSON
# object a line (NDJSON) for output too large to read as one document.
FORMAT_LARGE = OutputFormat(("summary", "table", "json", "ndjson"))
FULL = click.option(
    "--full", is_flag=True, help="Print the full table after the summary (as --format table)."
)


def table(rows: Any, headers: Any, **options: Any) -> str:
    """A plain-text table (tabulate, imported only when a table is printed)."""
    from tabulate import tabulate

    return tabulate(rows, headers=headers, **options)


def echo_json(data: Any) -> None:
    """Print JSON only, UTF-8, keys in the contract's order, compact (no indentation: the
    national set's evaluation is 62 MB indented); ``| python -m json.tool`` to read it."""
    click.echo(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def echo_ndjson(rows: Iterable[Any]) -> None:
    """Print one compact JSON object a line (NDJSON), written as they come."""
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False, separators=(",", ":")))


class YearType(click.ParamType):
    """A year written any common way: 2023, 令和5年度, R5, Ｒ５ …"""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_year(value).year
        except YearParseError as err:
            self.fail(str(err), param, ctx)


class DateType(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(
                tr("「{value}」は日付として読めません（YYYY-MM-DD で書いてください）", value=value),
                param,
                ctx,
            )


YEAR = YearType()
DATE = DateType()

ENCODING = click.option(
    "--encoding",
    type=click.Choice(["auto", "utf-8", "cp932"]),
    default="auto",
    show_default=True,
    help="CSV text encoding: auto reads UTF-8 (with or without BOM), else Shift_JIS (cp932).",
)
LARGE = click.option(
    "--large",
    is_flag=True,
    help="A trusted large file: allow ten times the upload limits (size, rows, cells …).",
)

CONFIRM = click.option(
    "--confirm",
    is_flag=True,
    help="Accept values that differ from the previous ones by more than the plan's share.",
)
DRY_RUN = click.option("--dry-run", is_flag=True, help="Show what would change; store nothing.")


def file_limits(large: bool) -> Limits:
    """The upload limits in force (settings), raised tenfold for ``--large``."""
    from ..uploads import limits

    return limits().raised(10) if large else limits()


def batch_niceness() -> int:
    """How far an import lowers its CPU priority: ``SHINCHOKU_IMPORT_NICENESS`` (default 10;
    0 leaves it alone, as the tests do: an import run inside the test process would lower
    that whole process)."""
    text = os.environ.get("SHINCHOKU_IMPORT_NICENESS", "10")
    try:
        return int(text)
    except ValueError:
        raise UserError(
            tr(
                "環境変数 SHINCHOKU_IMPORT_NICENESS は 0〜19 の整数で指定してください"
                "（いまは「{value}」）",
                value=text,
            )
        ) from None


def batch_work(f: Callable[..., Any]) -> Callable[..., Any]:
    """Run a bulk import at a lower CPU priority (nice +10 by default), from opening the store on.

    An import is batch work: on a machine that also serves the site, the pages keep
    answering while it runs (bench/load_web.py: it was the main cause of the home page's
    tail on two cores); with idle cores it runs as fast as before. The priority is restored
    afterwards where that is allowed (raising it again needs privilege).
    """

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        niceness = batch_niceness()
        if not niceness:
            return f(*args, **kwargs)
        before = os.getpriority(os.PRIO_PROCESS, 0)
        with suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, 0, before + niceness)
        try:
            return f(*args, **kwargs)
        finally:
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, 0, before)

    return wrapper


@contextmanager
def user_errors() -> Iterator[None]:
    """Report bad input on stderr with exit 2 (the group would too; kept for clarity)."""
    try:
        yield
    except InputError as err:
        raise UserError(refused(err)) from None


def store(ctx: click.Context, plan: str | None = None) -> Any:
    """The plan row ``plan`` names (else the default plan), opening (and if empty,
    seeding) the database first."""
    from .store import open_store

    return open_store(ctx.find_root().params.get("database"), plan)


PLAN = click.option(
    "--plan",
    "plan_slug",
    metavar="SLUG",
    envvar="SHINCHOKU_PLAN",
    help="The plan to work on (its slug; default: the store's default plan).",
)


def pass_plan(f: Callable[..., Any]) -> Callable[..., Any]:
    """Give the command the plan row it works on (``--plan SLUG``, else the default plan)
    as its first argument."""

    @PLAN
    @click.pass_context
    def wrapper(ctx: click.Context, *args: Any, plan_slug: str | None = None, **kwargs: Any) -> Any:
        return f(store(ctx, plan_slug), *args, **kwargs)

    wrapper.__name__ = f.__name__
    wrapper.__doc__ = f.__doc__
    return wrapper
