"""User errors on the command line: one place that turns them into a Japanese message.

Bad input is the user's to fix, a bug is ours (h11's split): every user error ends with
``エラー: …`` on standard error and exit code 2 (click's own exit code for usage errors), and
nothing is changed; anything else is a bug and keeps its traceback. ``shinchoku check`` and
``targets check --strict`` exit 1 on purpose: a status, not an error.

The user-error classes are named by module so that checking an error imports nothing: a
class whose module was never imported cannot have been raised.
"""

from __future__ import annotations

import errno
import re
import sys
from typing import IO, Any

import click

# module → exception classes whose message is written for the user.
USER_ERRORS: dict[str, tuple[str, ...]] = {
    "shinchoku.ingest.errors": ("InputError",),
    "shinchoku.core.calendar": ("YearParseError",),
    "shinchoku.plan.services": ("PlanError",),
    "shinchoku.plan.publication": ("PublicationError",),
    "shinchoku.accounts.permissions": ("NotAllowed",),
    "shinchoku.registries.rules": ("RuleError",),
    "shinchoku.ingest.estat": ("EStatError",),
    "shinchoku.opendata.staticsite": ("SiteError",),
}

FILE_PROBLEMS = {
    errno.ENOENT: "ファイルまたはフォルダがありません",
    errno.EACCES: "読み書きの権限がありません",
    errno.EPERM: "読み書きの権限がありません",
    errno.EISDIR: "フォルダです（ファイルを指定してください）",
    errno.ENOTDIR: "途中にフォルダでないものがあります",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.EEXIST: "すでにあります",
    errno.ENAMETOOLONG: "名前が長すぎます",
}


class UserError(click.ClickException):
    """Bad input or a refused action: a Japanese message, exit 2, nothing changed."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"エラー: {self.format_message()}", file=file or sys.stderr)


class JapaneseUsageError(click.UsageError):
    """A click usage error (missing option, bad value …) told in Japanese, with the usage."""

    def show(self, file: IO[Any] | None = None) -> None:
        file = file or sys.stderr
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), file=file)
            click.echo(f"詳しくは: {self.ctx.command_path} --help", file=file)
        click.echo(f"エラー: {self.format_message()}", file=file)


def file_problem(err: OSError) -> str:
    """``out/map.pdf: フォルダがありません`` — an OSError on a file the user named."""
    what = FILE_PROBLEMS.get(err.errno or 0) or err.strerror or str(err)
    if err.errno == errno.ENOENT and err.filename:
        what = "ファイルまたはフォルダがありません（フォルダは先に作ってください）"
    return f"{err.filename}: {what}" if err.filename else what


def user_error(err: BaseException) -> UserError | None:
    """The user's error ``err`` as a :class:`UserError`, or None when it is a bug."""
    if isinstance(err, UserError):
        return err
    if isinstance(err, click.ClickException) and not isinstance(err, click.UsageError):
        return UserError(err.format_message())
    for module, names in USER_ERRORS.items():
        found = sys.modules.get(module)
        if found is not None and isinstance(err, tuple(getattr(found, n) for n in names)):
            render = getattr(err, "render", None)
            return UserError(render() if render else str(err))
    if isinstance(err, OSError) and err.filename:
        return UserError(file_problem(err))
    if "django" in sys.modules:
        return _database_error(err)
    return None


def _database_error(err: BaseException) -> UserError | None:
    """Django's refusals of bad values, and a database busy with another writer."""
    from django.core.exceptions import ValidationError
    from django.db import DataError

    from ..health import BUSY_MESSAGE, is_database_busy

    if isinstance(err, ValidationError):
        return UserError("、".join(err.messages) + "（何も変更していません）")
    if isinstance(err, DataError):
        return UserError(
            f"データベースが値を受け付けませんでした（長すぎるか形式が違います）: {err}"
            "（何も変更していません）"
        )
    if is_database_busy(err):
        return UserError(f"{BUSY_MESSAGE}（{err}）")
    return None


def _hint(err: click.BadParameter) -> str:
    """The parameter as the user typed it: ``--year`` or ``FILE``."""
    if err.param_hint is not None:
        hint = err.param_hint
        return " / ".join(hint) if not isinstance(hint, str) else hint
    if err.param is None:
        return ""
    if isinstance(err.param, click.Option):
        return " / ".join(err.param.opts)
    return err.param.human_readable_name


def _choices(param: click.Parameter | None) -> str:
    """``table、json のどれか`` for a choice, else empty."""
    if param is not None and isinstance(param.type, click.Choice):
        return f"（{'、'.join(map(str, param.type.choices))} のどれか）"
    return ""


def _value_problem(err: click.BadParameter) -> str:
    """What is wrong with the value, in Japanese (click's own types speak English)."""
    param, message = err.param, err.message
    given = re.match(r"^'(.*)' is not", message)
    value = f"「{given.group(1)}」は" if given else "値が"
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        return f"{value}使えません{_choices(param)}"
    if isinstance(kind, click.types.IntParamType):
        return f"{value}整数ではありません"
    if isinstance(kind, click.types.FloatParamType):
        return f"{value}数値ではありません" if given else f"範囲の外です（{message}）"
    if isinstance(kind, click.Path):
        return _path_problem(message)
    return message


PATH_PROBLEMS = (
    (r"'(.*)' does not exist", "「{}」がありません"),
    (r"'(.*)' is a directory", "「{}」はフォルダです（ファイルを指定してください）"),
    (r"'(.*)' is a file", "「{}」はファイルです（フォルダを指定してください）"),
    (r"'(.*)' is not writable", "「{}」には書き込めません"),
    (r"'(.*)' is not readable", "「{}」は読めません"),
)


def _path_problem(message: str) -> str:
    """click.Path's complaint (``File 'x' is a directory.``) in Japanese."""
    for pattern, text in PATH_PROBLEMS:
        found = re.search(pattern, message)
        if found:
            return text.format(found.group(1))
    return f"使えないパスです（{message}）"


def japanese(err: click.UsageError) -> str:
    """Click's usage error ``err`` as a Japanese sentence."""
    if isinstance(err, click.MissingParameter):
        return f"{_hint(err)} を指定してください{_choices(err.param)}"
    if isinstance(err, click.BadParameter):
        return f"{_hint(err)}: {_value_problem(err)}"
    if isinstance(err, click.NoSuchOption):
        maybe = f"（もしかして: {'、'.join(err.possibilities)}）" if err.possibilities else ""
        return f"{err.option_name} というオプションはありません{maybe}"
    command = re.match(r"No such command '(.*)'", err.message)
    if command:  # NoSuchCommand (click 8.4) or a plain UsageError (8.1)
        possible = getattr(err, "possibilities", None)
        maybe = f"（もしかして: {'、'.join(possible)}）" if possible else ""
        return f"「{command.group(1)}」というコマンドはありません{maybe}"
    if isinstance(err, click.BadOptionUsage) and "requires" in err.message:
        return f"{err.option_name} には値が必要です"
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", err.message)
    if extra:
        return f"余分な引数があります: {extra.group(1)}"
    return err.message


def translated(err: click.UsageError) -> click.UsageError:
    """``err`` re-told in Japanese (the help shown for a bare group is left alone)."""
    if isinstance(err, (JapaneseUsageError, click.exceptions.NoArgsIsHelpError)):
        return err
    return JapaneseUsageError(japanese(err), err.ctx)
