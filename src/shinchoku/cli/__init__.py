"""The ``shinchoku`` command: a thin front over the services, one module per noun."""

from __future__ import annotations

from typing import Any

import click

from ..ingest.errors import SHOWN_PROBLEMS
from . import (
    check,
    cycle,
    evaluate,
    fetch,
    import_table,
    language,
    observe,
    opendata,
    plan,
    publish,
    registries,
    report,
    serve,
    targets,
    template,
    uploads,
    users,
)
from .errors import translated, user_error


class Shinchoku(click.Group):
    """The command group: every user error of every command ends here as one line in the
    run's language on stderr with exit 2 (see ``errors``); bugs keep their traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # The locale's language until --lang is read; undone at the end of the run.
        token = language.activate(language.from_environment())
        try:
            return super().main(*args, **kwargs)
        finally:
            language.deactivate(token)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        language.from_arguments(args)  # so that an error in the arguments speaks it too
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as err:
            raise translated(err) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            raise translated(err) from None
        except click.ClickException as err:
            raise user_error(err) or err from None
        except Exception as err:
            found = user_error(err)
            if found is None:
                raise
            raise found from None


@click.group(cls=Shinchoku, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    metavar="URL",
    envvar="SHINCHOKU_DATABASE_URL",
    help="Database URL (default: SQLite file shinchoku.sqlite3 in the working directory).",
)
@language.LANG
@click.option(
    "--all-problems",
    is_flag=True,
    envvar="SHINCHOKU_ALL_PROBLEMS",
    help=f"List every problem of a refused file (default: the first {SHOWN_PROBLEMS} and a count "
    "of the rest).",
)
@click.version_option(package_name="shinchoku")
def main(database: str | None, all_problems: bool) -> None:
    """shinchoku (進捗): a municipal plan's progress, evaluated."""


main.add_command(plan.group)
main.add_command(targets.group)
main.add_command(observe.group)
main.add_command(evaluate.command)
main.add_command(users.user_group)
main.add_command(users.token_group)
main.add_command(serve.command)
main.add_command(check.command)
main.add_command(cycle.group)
main.add_command(report.command)
main.add_command(publish.publish_command)
main.add_command(publish.unpublish_command)
main.add_command(template.template_command)
main.add_command(template.import_command)
main.add_command(import_table.command)
main.add_command(fetch.group)
main.add_command(registries.group)
main.add_command(opendata.group)
main.add_command(opendata.site_group)
main.add_command(uploads.command)
