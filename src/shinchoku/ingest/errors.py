"""Located input problems: bad input is the user's to fix, so say where and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.messages import tr

# A refused input's problems listed on a terminal before the rest are only counted: enough
# to see what kind of mistake it is, short of 1,000 lines for 1,000 bad rows.
SHOWN_PROBLEMS = 20


def row_at(source: str, line: int) -> str:
    """Where a row is: ``obs.csv 3行目`` (``obs.csv row 3``)."""
    return tr("{source} {line}行目", source=source, line=line)


def cell_at(source: str, line: int, column: str) -> str:
    """Where a cell is: ``obs.csv 3行目 C列`` (``obs.csv row 3, column C``)."""
    return tr("{source} {line}行目 {column}列", source=source, line=line, column=column)


def cell_problem(source: str, line: int, column: str, field: str, message: str) -> Problem:
    """A problem in one cell of a row-and-column file, its field named:
    ``obs.csv 3行目 C列 [value]``, with the parts set."""
    where = cell_at(source, line, column) + (f" [{field}]" if field else "")
    return Problem(where, message, source, line, column, field)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where: ``plan.yaml:12:5 indicators[0].unit``.

    A reader of rows and cells also says where as parts (``file``, ``row``, ``column``,
    ``field``), for the table of problems a user sorts and fixes a file with."""

    where: str
    message: str
    file: str = ""
    row: int | None = None
    column: str = ""
    field: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(Exception):
    """The input was rejected as a whole; every problem found is listed."""

    def __init__(self, problems: Sequence[Problem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self.render())

    def render(self, shown: int | None = None, how: str = "") -> str:
        """The problems, one per line, after a summary line naming the input; with ``shown``,
        only the first ``shown`` and a line counting the rest (``how``: the command that
        lists them all)."""
        head = f"{self.source}: " if self.source else ""
        # Said of every refused input (a file, a form, a command): nothing was changed.
        lines = [head + tr("{n}件の問題があるため、何も変更していません。", n=len(self.problems))]
        listed = self.problems if shown is None else self.problems[:shown]
        lines += [f"  {p}" for p in listed]
        if len(listed) < len(self.problems):
            lines.append("  " + omitted(len(self.problems) - len(listed), how))
        return "\n".join(lines)

    def shown(self) -> tuple[tuple[Problem, ...], str]:
        """The first ``SHOWN_PROBLEMS`` problems, and the line counting the rest ("" when
        none are left out): what a page lists."""
        listed = self.problems[:SHOWN_PROBLEMS]
        rest = len(self.problems) - len(listed)
        return listed, omitted(rest) if rest else ""

    def brief(self, sep: str = " ", where: bool = True) -> str:
        """The first ``SHOWN_PROBLEMS`` problems on one line, joined by ``sep`` (each with
        where it is, or its message alone), then the line counting the rest: a flash
        message's text by the same rule as ``shown``."""
        listed, more = self.shown()
        parts = [str(p) if where else p.message for p in listed]
        return sep.join([*parts, more] if more else parts)


def omitted(n: int, how: str = "") -> str:
    """The line that counts ``n`` problems left out of a list (``how``: what lists them)."""
    if how:
        return tr("ほか{n}件の問題は省略しました。すべて表示するには: {how}", n=n, how=how)
    return tr("ほか{n}件の問題は省略しました。", n=n)
