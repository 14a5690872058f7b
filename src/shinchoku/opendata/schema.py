"""The shape of an open-data table: fields with types and units, keys, rows, its dataset.

One ``Table`` feeds every format (CSV UTF-8, CSV Shift_JIS, XLSX sheet), the Frictionless
schema in ``datapackage.json`` and the DCAT distributions, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The datasets the tables belong to (one DCAT dataset each), with their titles.
DATASETS = {
    "progress": ("評価指標の実績値と評価結果", "Indicator values and evaluation results"),
    "plan": ("計画（評価指標・目標値・計画の版）", "The plan: indicators, targets and versions"),
    "registries": ("登録簿（特産品・販売協力店・直売所・おさんぽコース・道標）", "Registries"),
}


@dataclass(frozen=True)
class Field:
    """A column: its name, Frictionless type, Japanese title, description and unit."""

    name: str
    type: str  # string, integer, number, boolean, date
    title: str
    description: str = ""
    unit: str = ""  # a fixed unit; a per-row unit is a column of its own

    def descriptor(self) -> dict[str, Any]:
        """The field as in a Frictionless Table Schema (the unit also as ``unit``)."""
        text = self.description
        if self.unit:
            text = f"{text}（単位: {self.unit}）" if text else f"単位: {self.unit}"
        out: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title}
        if text:
            out["description"] = text
        if self.unit:
            out["unit"] = self.unit
        return out


@dataclass(frozen=True)
class ForeignKey:
    """Columns of this table that name a row of another table."""

    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One table of the open data, with its rows as plain Python values."""

    name: str  # the file stem and Frictionless resource name: lower case, hyphens
    title: str
    description: str
    dataset: str  # a key of DATASETS
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    def schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema."""
        out: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }
        if self.foreign_keys:
            out["foreignKeys"] = [
                {
                    "fields": list(k.fields),
                    "reference": {"resource": k.table, "fields": list(k.reference)},
                }
                for k in self.foreign_keys
            ]
        return out


def fields(*specs: tuple[str, ...]) -> tuple[Field, ...]:
    """Fields from ``(name, type, title[, description[, unit]])`` tuples."""
    return tuple(Field(*spec) for spec in specs)
