"""What changed between two versions of a plan, item by item (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .messages import N_, tr
from .model import Plan
from .serialize import plan_dict

# Each list in the plan's JSON form, the key that identifies its items, and how to name one.
_LISTS = {
    "policies": ("code", N_("基本方針{}")),
    "projects": ("number", N_("重点推進事業{}")),
    "indicators": ("code", N_("評価指標 {}")),
}
_PLAN_FIELDS = ("title", "edition", "period", "vision", "philosophy", "structure", "evaluation")


@dataclass(frozen=True)
class Change:
    """One difference: an item added, removed, or one of its fields changed."""

    item: str
    field: str  # "" for a whole item added or removed
    kind: str  # added, removed, changed
    before: Any = None
    after: Any = None


def _items(doc: dict[str, Any], key: str, ident: str) -> dict[Any, dict[str, Any]]:
    found = {item[ident]: item for item in doc[key]}
    if key == "policies":  # measures are items too, named by their own code
        for policy in doc[key]:
            found |= {("measure", m["code"]): m for m in policy["measures"]}
    return found


def _name(key: str, ident: Any, item: dict[str, Any]) -> str:
    if isinstance(ident, tuple):
        return tr("施策の柱{code}", code=ident[1])
    return tr(_LISTS[key][1]).format(item.get("name") or ident)


def _same(a: Any, b: Any) -> bool:
    """Equal, where a list of names (partners, measures) is a set: stored order is not kept."""
    names = isinstance(a, list) and isinstance(b, list) and all(isinstance(x, str) for x in a + b)
    return sorted(a) == sorted(b) if names else a == b


def changes(old: Plan, new: Plan) -> list[Change]:
    """Every difference from ``old`` to ``new``, in the plan's order."""
    a, b = plan_dict(old), plan_dict(new)
    found = [
        Change(tr("計画"), field, "changed", a[field], b[field])
        for field in _PLAN_FIELDS
        if a[field] != b[field]
    ]
    for key, (ident, _label) in _LISTS.items():
        before, after = _items(a, key, ident), _items(b, key, ident)
        for code, item in after.items():
            name = _name(key, code, item)
            if code not in before:
                found.append(Change(name, "", "added", None, item.get("title") or item.get("name")))
                continue
            for field, value in item.items():
                if field == "measures" and key == "policies":
                    continue  # compared as items of their own
                if not _same(before[code].get(field), value):
                    found.append(Change(name, field, "changed", before[code].get(field), value))
        found += [
            Change(_name(key, code, item), "", "removed", item.get("title") or item.get("name"))
            for code, item in before.items()
            if code not in after
        ]
    return found
