"""User errors on the command line: one place that turns them into a message in the run's
language (Japanese, or English with ``--lang en``; see ``language``).

Bad input is the user's to fix, a bug is ours (h11's split): every user error ends with
``エラー: …`` (``Error: …``) on standard error and exit code 2 (click's own exit code for usage
errors), and nothing is changed; anything else is a bug and keeps its traceback.
``shinchoku check`` and ``targets check --strict`` exit 1 on purpose: a status, not an error.

The user-error classes are named by module so that checking an error imports nothing: a
class whose module was never imported cannot have been raised.
"""

from __future__ import annotations

import errno
import re
import sys
from typing import IO, Any

import click

from ..core.messages import N_, current, listed, quoted, tr

# module → exception classes whose message is written for the user.
USER_ERRORS: dict[str, tuple[str, ...]] = {
    "shinchoku.ingest.errors": ("InputError",),
    "shinchoku.core.calendar": ("YearParseError",),
    "shinchoku.plan.services": ("PlanError",),
    "shinchoku.cycle.publication": ("PublicationError",),
    "shinchoku.accounts.permissions": ("NotAllowed",),
    "shinchoku.registries.rules": ("RuleError",),
    "shinchoku.ingest.estat": ("EStatError",),
    "shinchoku.opendata.staticsite": ("SiteError",),
    "shinchoku.health": ("SettingError",),
}

FILE_PROBLEMS = {
    errno.ENOENT: N_("ファイルまたはフォルダがありません"),
    errno.EACCES: N_("読み書きの権限がありません"),
    errno.EPERM: N_("読み書きの権限がありません"),
    errno.EISDIR: N_("フォルダです（ファイルを指定してください）"),
    errno.ENOTDIR: N_("途中にフォルダでないものがあります"),
    errno.ENOSPC: N_("ディスクの空きがありません"),
    errno.EROFS: N_("読み取り専用の場所です"),
    errno.EEXIST: N_("すでにあります"),
    errno.ENAMETOOLONG: N_("名前が長すぎます"),
}


class UserError(click.ClickException):
    """Bad input or a refused action: a message in the run's language, exit 2, nothing
    changed."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(tr("エラー: {message}", message=self.format_message()), file=file or sys.stderr)


class JapaneseUsageError(click.UsageError):
    """A click usage error (missing option, bad value …) told in the run's language (click's
    own sentences, in Japanese by default), with the usage."""

    def show(self, file: IO[Any] | None = None) -> None:
        file = file or sys.stderr
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), file=file)
            click.echo(tr("詳しくは: {command} --help", command=self.ctx.command_path), file=file)
        click.echo(tr("エラー: {message}", message=self.format_message()), file=file)


def file_problem(err: OSError) -> str:
    """``out/map.pdf: フォルダがありません`` — an OSError on a file the user named."""
    known = FILE_PROBLEMS.get(err.errno or 0)
    what = tr(known) if known else err.strerror or str(err)
    if err.errno == errno.ENOENT and err.filename:
        what = tr("ファイルまたはフォルダがありません（フォルダは先に作ってください）")
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
            return UserError(refused(err) if hasattr(err, "render") else str(err))
    if isinstance(err, OSError) and err.filename:
        return UserError(file_problem(err))
    if "django" in sys.modules:
        return _database_error(err)
    return None


def refused(err: Any) -> str:
    """A refused input (``InputError``) as the command line prints it: its first
    SHOWN_PROBLEMS problems and how to see the rest, or all of them with --all-problems."""
    from ..ingest.errors import SHOWN_PROBLEMS

    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().params.get("all_problems"):
        return err.render()
    # The command to run again: `shinchoku --all-problems observe import …` (the root's own
    # options go before the subcommand; the name is the command's, whatever the program's).
    words = ctx.command_path.split()[1:] if ctx is not None else []
    again = " ".join(["shinchoku", "--all-problems", *words, "…"])
    return err.render(SHOWN_PROBLEMS, again)


def _database_error(err: BaseException) -> UserError | None:
    """Django's refusals of bad values, and a database busy with another writer."""
    from django.core.exceptions import ValidationError
    from django.db import DataError

    from ..health import BUSY_MESSAGE, BUSY_MESSAGE_EN, is_database_busy

    if isinstance(err, ValidationError):
        return UserError(tr("{problems}（何も変更していません）", problems=listed(err.messages)))
    if isinstance(err, DataError):
        return UserError(
            tr(
                "データベースが値を受け付けませんでした（長すぎるか形式が違います）: {err}"
                "（何も変更していません）",
                err=err,
            )
        )
    if is_database_busy(err):
        busy = BUSY_MESSAGE if current() == "ja" else BUSY_MESSAGE_EN
        return UserError(tr("{busy}（{err}）", busy=busy, err=err))
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
    """``（table、json のどれか）`` for a choice, else empty."""
    if param is not None and isinstance(param.type, click.Choice):
        return tr("（{choices} のどれか）", choices=listed(param.type.choices))
    return ""


def _value_problem(err: click.BadParameter) -> str:
    """What is wrong with the value, in the run's language (click's own types speak English,
    with Python's quotes)."""
    param, message = err.param, err.message
    given = re.match(r"^'(.*)' is not", message)
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        if given:
            return tr("{value}は使えません", value=quoted(given.group(1))) + _choices(param)
        return tr("値が使えません") + _choices(param)
    if isinstance(kind, click.types.IntParamType):
        if given:
            return tr("{value}は整数ではありません", value=quoted(given.group(1)))
        return tr("値が整数ではありません")
    if isinstance(kind, click.types.FloatParamType):
        if given:
            return tr("{value}は数値ではありません", value=quoted(given.group(1)))
        return tr("範囲の外です（{message}）", message=message)
    if isinstance(kind, click.Path):
        return _path_problem(message)
    return message


PATH_PROBLEMS = (
    (r"'(.*)' does not exist", N_("{path}がありません")),
    (r"'(.*)' is a directory", N_("{path}はフォルダです（ファイルを指定してください）")),
    (r"'(.*)' is a file", N_("{path}はファイルです（フォルダを指定してください）")),
    (r"'(.*)' is not writable", N_("{path}には書き込めません")),
    (r"'(.*)' is not readable", N_("{path}は読めません")),
)


def _path_problem(message: str) -> str:
    """click.Path's complaint (``File 'x' is a directory.``) in the run's language."""
    for pattern, text in PATH_PROBLEMS:
        found = re.search(pattern, message)
        if found:
            return tr(text, path=quoted(found.group(1)))
    return tr("使えないパスです（{message}）", message=message)


def _maybe(possible: Any) -> str:
    """``（もしかして: --year）`` when click has suggestions, else empty."""
    return tr("（もしかして: {names}）", names=listed(possible)) if possible else ""


def japanese(err: click.UsageError) -> str:
    """Click's usage error ``err`` as a sentence in the run's language (Japanese by default)."""
    if isinstance(err, click.MissingParameter):
        return tr("{name} を指定してください", name=_hint(err)) + _choices(err.param)
    if isinstance(err, click.BadParameter):
        return f"{_hint(err)}: {_value_problem(err)}"
    if isinstance(err, click.NoSuchOption):
        name = err.option_name
        return tr("{name} というオプションはありません", name=name) + _maybe(err.possibilities)
    command = re.match(r"No such command '(.*)'", err.message)
    if command:  # NoSuchCommand (click 8.4) or a plain UsageError (8.1)
        name = quoted(command.group(1))
        possible = getattr(err, "possibilities", None)
        return tr("{name}というコマンドはありません", name=name) + _maybe(possible)
    if isinstance(err, click.BadOptionUsage) and "requires" in err.message:
        return tr("{name} には値が必要です", name=err.option_name)
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", err.message)
    if extra:
        return tr("余分な引数があります: {extra}", extra=extra.group(1))
    return err.message


def translated(err: click.UsageError) -> click.UsageError:
    """``err`` re-told in the run's language (the help shown for a bare group is left alone)."""
    if isinstance(err, (JapaneseUsageError, click.exceptions.NoArgsIsHelpError)):
        return err
    return JapaneseUsageError(japanese(err), err.ctx)
