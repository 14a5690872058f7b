"""``shinchoku registries``: sample data, the computed output indicators, the guide map PDF.

Wired into the command by ``main.add_command(registries.group)`` in ``shinchoku.cli``.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..core.calendar import year_text as fy
from ..core.messages import N_, listed, tr
from .common import FORMAT_JSON, YEAR, echo_json, pass_plan, table

SAMPLE_KINDS = {
    "products": N_("ブランド産品"),
    "shops": N_("販売店"),
    "places": N_("直売所"),
    "courses": N_("散策コース"),
    "signs": N_("案内サイン"),
}


@click.group("registries")
def group() -> None:
    """Registries of projects 8, 10, 11 and 12: brand products, shops, places, courses."""


@group.command("load-sample")
@pass_plan
def load_sample(row) -> None:
    """Load the clearly labelled SAMPLE data set (fictional; never counted in indicators)."""
    from ..accounts.permissions import SYSTEM
    from ..registries.sample import load

    counts = load(SYSTEM)
    if not any(counts.values()):
        click.echo(tr("サンプルデータはすでに読み込まれています"))
        return
    click.echo(
        tr("サンプルデータを読み込みました（架空のデータです）: ")
        + listed(f"{tr(SAMPLE_KINDS.get(k, k))} {v}" for k, v in counts.items())
    )


def _figure_rows(year: int, include_sample: bool) -> list[dict]:
    from ..registries.figures import output_figures

    return [
        {
            "key": f.definition.key,
            "project": f.definition.project,
            "name": f.definition.name,
            "unit": f.definition.unit,
            "year": f.year,
            "value": None if f.value is None else float(f.value),
            "definition": f.definition.definition,
        }
        for f in output_figures(year, include_sample=include_sample)
    ]


@group.command("outputs")
@click.option("--year", required=True, type=YEAR)
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@click.option("--include-sample", is_flag=True, help="Count the sample data too (a preview).")
@pass_plan
def outputs_(row, year: int, fmt: str, include_sample: bool) -> None:
    """The output indicators computed from the registries for a fiscal year."""
    from ..plan.services import require_plan_year

    require_plan_year(row, year)
    rows = _figure_rows(year, include_sample)
    if fmt == "json":
        echo_json({"year": year, "include_sample": include_sample, "outputs": rows})
        return
    lines = [
        [r["project"], r["name"], "—" if r["value"] is None else f"{r['value']:,.0f}", r["unit"]]
        for r in rows
    ]
    headers = [tr("事業"), tr("活動指標"), tr("値"), tr("単位")]
    click.echo(table(lines, headers=headers, disable_numparse=True))


@group.command("record-outputs")
@click.option("--year", required=True, type=YEAR)
@pass_plan
def record_outputs(row, year: int) -> None:
    """Write the computed figures into the projects' 活動指標 (only what changed)."""
    from ..accounts.permissions import SYSTEM
    from ..registries.counts import record_outputs as record

    written = record(row, year, SYSTEM)
    if not written:
        click.echo(
            tr(
                "記録する変化はありません（{year}: 集計した値はすべて記録済みです）",
                year=fy(year, style="western"),
            )
        )
        return
    click.echo(
        tr(
            "{n}件の活動指標の実績を記録しました（{year}）",
            n=len(written),
            year=fy(year, style="western"),
        )
    )


@group.command("guide-map")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--size", type=click.Choice(["A4", "A3"]), default="A4")
@pass_plan
def guide_map(row, out: Path, size: str) -> None:
    """The printable 直売所ガイドマップ as PDF, from the same data as the web page."""
    from ..registries.guidemap import render_pdf

    out.write_bytes(render_pdf(size))
    click.echo(tr("{file} を書き出しました（{size}）", file=out, size=size))
