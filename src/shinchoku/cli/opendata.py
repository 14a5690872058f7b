"""``shinchoku opendata``: write the bulk open data and its catalogue to a folder.

Wired into the command by ``main.add_command(opendata.group)`` in ``shinchoku.cli``.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..core.messages import tr
from .common import FORMAT_JSON, YEAR, echo_json, pass_plan


@click.group("opendata")
def group() -> None:
    """Open data: CSV, XLSX, datapackage.json and the DCAT catalogue of the published data."""


@group.command("build")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base-url",
    metavar="URL",
    help="Address of the public site, for the catalogue's links (default: SITE_URL).",
)
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def build(row, directory: Path, base_url: str | None, fmt: str) -> None:
    """Write every open-data file of the published years into DIRECTORY (only changed files)."""
    from django.conf import settings

    from ..opendata.package import build as build_bundle
    from ..opendata.writing import write_files

    bundle = build_bundle(row, base_url or settings.SITE_URL)
    written = write_files(directory, bundle.files)
    notes = [r.describe() for r in bundle.replacements]
    if fmt == "json":
        echo_json({"directory": str(directory), "files": sorted(bundle.files),
                   "written": written, "sjis_replacements": notes})  # fmt: skip
        return
    for path in written:
        click.echo(tr("書き出し: {path}", path=directory / path))
    unchanged = len(bundle.files) - len(written)
    if not written:
        message = tr(
            "変更はありません（{n}件すべて前回と同じです）: {folder}", n=unchanged, folder=directory
        )
    else:
        message = tr(
            "{n}件を書き出しました（変更なし {unchanged}件）: {folder}",
            n=len(written),
            unchanged=unchanged,
            folder=directory,
        )
    click.echo(message)
    for note in notes:
        click.echo(tr("注意: {note}", note=note), err=True)


@click.group("site")
def site_group() -> None:
    """The public site as static files, for a web server or CMS outside the staff network."""


@site_group.command("build")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base-url",
    metavar="URL",
    default="",
    help="Where the static site will be served (absolute links in the catalogue, sitemap).",
)
@click.option(
    "--year",
    type=YEAR,
    help="The edition's year: refused unless it is the newest published year.",
)
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def site_build(row, directory: Path, base_url: str, year: int | None, fmt: str) -> None:
    """Write the public pages of the published years, their downloads and the open data."""
    from ..opendata.staticsite import SiteError, build_site

    try:
        result = build_site(row, directory, base_url, year)
    except SiteError as err:
        raise click.ClickException(str(err)) from None
    if fmt == "json":
        echo_json({"directory": str(directory), "files": len(result.files),
                   "written": result.written, "removed": result.removed})  # fmt: skip
        return
    for path in result.written:
        click.echo(tr("書き出し: {path}", path=path))
    for path in result.removed:
        click.echo(tr("削除: {path}", path=path))
    total = len(result.files)
    if not result.written and not result.removed:
        click.echo(
            tr(
                "変更はありません（全{n}件すべて前回と同じです）: {folder}",
                n=total,
                folder=directory,
            )
        )
        return
    click.echo(
        tr(
            "{written}件を書き出し、{removed}件を削除しました（全{n}件）: {folder}",
            written=len(result.written),
            removed=len(result.removed),
            n=total,
            folder=directory,
        )
    )
