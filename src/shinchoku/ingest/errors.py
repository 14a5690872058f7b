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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where: ``plan.yaml:12:5 indicators[0].unit``."""

    where: str
    message: str

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
            n = len(self.problems) - len(listed)
            rest = (
                tr("ほか{n}件の問題は省略しました。すべて表示するには: {how}", n=n, how=how)
                if how
                else tr("ほか{n}件の問題は省略しました。", n=n)
            )
            lines.append(f"  {rest}")
        return "\n".join(lines)
