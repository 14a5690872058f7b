"""The cycle's verbs: open a round, move requests through their states, self-evaluate, remind.

A request's states and who may move it are declared once, as the state machine of
``models.Request`` (django-fsm-2); :func:`move` is the one caller of its transitions.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import get_language, gettext

from .. import machines
from ..accounts.permissions import NotAllowed, owners, require, require_actor
from ..audit.services import actor_name, log
from ..core.calendar import format_year, year_text
from ..core.context import date_label
from ..core.i18n import plain
from ..core.messages import current, language, local, quoted, tr
from ..core.plausibility import due_problem
from ..ingest.errors import InputError, Problem
from ..locks import lock_row
from ..plan import services as plans
from ..plan.models import Plan, Project
from ..plan.selection import path_prefix
from .models import (
    APPROVED,
    DIRECTIONS,
    DRAFTING,
    NOT_STARTED,
    SHEET_FIELDS,
    STATES,
    OutputIndicator,
    OutputValue,
    Request,
    Round,
    SelfEvaluation,
    Transition,
)
from .papers import report_submissions as full_sheets
from .signals import round_opened

STATE_LABELS = dict(STATES)
OPEN = (NOT_STARTED, DRAFTING)


def _lang() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def owner_name(org: Any) -> str:
    """An organisation's name in the active language (産業振興課 / Industrial Promotion …)."""
    return plain(org, "name", _lang())


def label(request: Request) -> str:
    """How people name a request's item: 重点推進事業3 農商工連携推進事業, or the indicator."""
    return request.label


def state_label(request: Request) -> str:
    """未着手 / 作成中 / 提出済 / 承認, and 差戻し for a returned request being redone (in the
    active language)."""
    return gettext("差戻し（作成中）") if request.returned else str(STATE_LABELS[request.state])


def check_round(
    plan: Plan, year: int, due: datetime.date, today: datetime.date | None = None
) -> None:
    """Refuse a round for a year outside the vision period or with a deadline already past."""
    problems = []
    try:
        plans.require_plan_year(plan, year)
    except InputError as err:
        problems += err.problems
    if why := due_problem(due, today or plans.today()):
        problems.append(Problem("--due", why))
    if problems:
        raise InputError(problems)


@transaction.atomic
def open_round(plan: Plan, year: int, due: datetime.date, actor: Any = None) -> Round:
    """Open the round for fiscal ``year``: one request per indicator and project, to its owner."""
    require(actor, "shinchoku.open_round", what=tr("進捗管理の回を開けるのは事務局だけです"))
    check_round(plan, year, due)
    problems = [
        Problem(
            tr("評価指標 {name}", name=local(i, "name")),
            tr("担当の組織（owner）が決まっていません"),
        )
        for i in plan.indicators.filter(owner__isnull=True)
    ] + [
        Problem(tr("重点推進事業{n}", n=p.number), tr("所管の組織（lead）が決まっていません"))
        for p in plan.projects.filter(lead__isnull=True)
    ]
    if problems:
        raise InputError(problems, tr("計画"))
    try:
        with transaction.atomic():
            round_ = Round.objects.create(
                plan=plan, year=year, due=due, opened_by=actor_name(actor)
            )
    except IntegrityError:
        raise InputError(
            [Problem("--year", tr("{year}の回はすでに開いています", year=year_text(year)))]
        ) from None
    Request.objects.bulk_create(
        [Request(round=round_, indicator=i, owner_id=i.owner_id) for i in plan.indicators.all()]
        + [Request(round=round_, project=p, owner_id=p.lead_id) for p in plan.projects.all()]
    )
    log(actor, "cycle.open", f"{format_year(year, 'fiscal')}", None, {"due": due.isoformat()})
    # Apps above the cycle act on it (the registries fill in the counts they already know).
    round_opened.send(sender=Round, round=round_, actor=actor)
    return round_


def current_round(plan: Plan, year: int | None = None) -> Round | None:
    """The round for ``year``, or the newest one."""
    rounds = plan.rounds.all()
    return rounds.filter(year=year).first() if year else rounds.first()


def latest_evaluation(project: Project, year: int) -> SelfEvaluation | None:
    """The counting (latest) version of a project's self-evaluation for a year."""
    return project.evaluations.filter(year=year).first()


def _named(request: Request) -> str:
    """A request as a lock message names it (「…」の依頼, in the language of the run)."""
    return tr("{item}の依頼", item=quoted(label(request)))


@transaction.atomic
def move(request: Request, action: str, actor: Any = None, reason: str = "") -> Request:
    """Move a request by one transition of its state machine; every move is logged and
    audited. ``action`` is ``draft``, ``submit``, ``approve`` or ``return``."""
    if action not in machines.declared(Request):
        raise ValueError(f"unknown action {action!r}")
    require_actor(actor, f"cycle.move {action}")  # the machine asks the permission table
    request = lock_row(request, _named(request))
    try:
        before = machines.fire(request, action, actor, reason)
    except machines.Refused as err:
        if err.why == "permission":
            raise NotAllowed(
                tr("「{item}」にこの操作をする権限がありません", item=label(request))
            ) from None
        raise InputError(
            [
                Problem(
                    label(request),
                    tr("{state}の依頼にはこの操作はできません", state=state_label(request)),
                )
            ]
        ) from None
    request.save(update_fields=["state", "returned", "updated_at"])
    Transition.objects.create(
        request=request,
        action=action,
        before=before,
        after=request.state,
        reason=reason.strip(),
        actor=actor_name(actor),
    )
    with translation.override("ja"):  # stored: in the plan's language, whatever the page's
        target = f"{request.round.year} {label(request)}"
    log(
        actor,
        f"cycle.{action}",
        target,
        {"state": before},
        {"state": request.state, "reason": reason.strip()} if reason else {"state": request.state},
    )
    return request


def _amount(text: Any, field: str, problems: list[Problem]) -> Decimal | None:
    """An amount in 千円; blank means not known yet."""
    raw = unicodedata.normalize("NFKC", str(text or "")).replace(",", "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
        # The store keeps 18 digits before the point (plan.models.DIGITS).
        if value.is_finite() and 0 <= value < Decimal(10) ** 18:
            return value
    except InvalidOperation:
        pass
    problems.append(Problem(field, tr("「{text}」は数値として読めません（例: 12,500）", text=text)))
    return None


def _lock_item(project: Project, year: int) -> Request | None:
    """The round item of ``project`` for ``year`` (None before a round), locked until the
    transaction ends: a sheet or an output value is written only while the item is open, and
    a submission waits for a save under way (or the save for the submission). Without a
    round, the project row is locked instead, so two saves still take turns."""
    request = Request.objects.filter(round__year=year, project=project).first()
    if request is None:
        lock_row(project, tr("重点推進事業{n}", n=project.number))
        return None
    return lock_row(request, _named(request))


def sheet_unchanged(latest: SelfEvaluation | None, fields: Mapping[str, Any]) -> bool:
    """Whether ``fields`` say what the latest stored version says, field for field (saving
    them again would add a version that changes nothing: 12,500 and 12500 are the same)."""
    if latest is None:
        return False
    for name in SHEET_FIELDS:
        typed, stored = fields.get(name), getattr(latest, name)
        if name in ("budget", "settled"):
            problems: list[Problem] = []
            if _amount(typed, name, problems) != stored or problems:
                return False
        elif str(typed if typed is not None else "").strip() != str(stored or ""):
            return False
    return True


@transaction.atomic
def save_evaluation(
    project: Project, year: int, fields: Mapping[str, Any], actor: Any = None
) -> SelfEvaluation:
    """Save a new version of the project's 事業評価シート for ``year``."""
    require(
        actor,
        "shinchoku.self_evaluate",
        project,
        tr("重点推進事業{n}を評価する権限がありません", n=project.number),
    )
    request = _lock_item(project, year)
    if request and request.state not in OPEN:
        raise InputError(
            [
                Problem(
                    "state",
                    tr(
                        "{state}のため変更できません（差戻し後に直せます）",
                        state=state_label(request),
                    ),
                )
            ]
        )
    problems: list[Problem] = []
    text = {
        k: str(fields.get(k) or "").strip()
        for k in ("purpose", "activities", "results", "reason", "issues", "direction_reason")
    }
    rating = str(fields.get("rating") or "")
    direction = str(fields.get("direction") or "")
    if not text["activities"]:
        problems.append(Problem("activities", tr("取組内容を書いてください")))
    if rating not in ("A", "B", "C", "D"):
        problems.append(Problem("rating", tr("自己評価は A・B・C・D から選んでください")))
    elif rating in ("C", "D") and not text["reason"]:
        problems.append(Problem("reason", tr("C・D の評価には理由が必要です")))
    if direction not in dict(DIRECTIONS):
        problems.append(Problem("direction", tr("今後の方向性を選んでください")))
    budget = _amount(fields.get("budget"), "budget", problems)
    settled = _amount(fields.get("settled"), "settled", problems)
    if problems:
        raise InputError(problems, tr("重点推進事業{n}", n=project.number))
    before = latest_evaluation(project, year)
    sheet = SelfEvaluation.objects.create(
        project=project,
        year=year,
        **text,
        budget=budget,
        settled=settled,
        rating=rating,
        direction=direction,
        written_by=actor_name(actor),
    )
    log(
        actor,
        "evaluation.save",
        f"{year} 重点推進事業{project.number}",
        {"rating": before.rating, "direction": before.direction} if before else None,
        {"rating": rating, "direction": direction},
    )
    if request and request.state == NOT_STARTED:
        move(request, "draft", actor)
    return sheet


@dataclass(frozen=True)
class StatusRow:
    """One line of ``cycle status``."""

    request: Request
    item: str
    owner: str
    state: str
    due: datetime.date
    updated: datetime.datetime
    overdue: bool


def status(round_: Round, today: datetime.date) -> list[StatusRow]:
    """Every request of the round with its owner, state, due date and overdue flag."""
    rows = round_.requests.select_related("indicator", "project", "owner")
    return [
        StatusRow(
            request=r,
            item=label(r),
            owner=owner_name(r.owner),
            state=state_label(r),
            due=round_.due,
            updated=r.updated_at,
            overdue=r.state in OPEN and today > round_.due,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class Reminder:
    """One e-mail: a recipient and only their own open items."""

    username: str
    email: str
    items: tuple[Request, ...]


def reminders(round_: Round) -> list[Reminder]:
    """Who would be reminded of which of their open items (users with an e-mail address)."""
    open_requests = list(
        round_.requests.filter(state__in=OPEN).select_related("indicator", "project", "owner")
    )
    found = []
    users = get_user_model().objects.filter(profile__organisation__isnull=False, is_active=True)
    for user in users.exclude(email="").select_related("profile").order_by("username"):
        mine = tuple(r for r in open_requests if user.profile.organisation_id in owners(r))
        if mine:
            found.append(Reminder(user.get_username(), user.email, mine))
    return found


# The language of reminder e-mails: the city's (users have no language preference).
MAIL_LANGUAGE = "ja"


def _reminder_mail(round_: Round, rem: Reminder, base_url: str) -> tuple[str, str, None, list[str]]:
    """One reminder as (subject, body, sender, recipients), in the active language."""
    year = year_text(round_.year)
    lines = [
        tr("{name} 様", name=rem.username),
        "",
        tr("{year}の進捗管理で、次の項目の提出をお願いします。", year=year),
        tr("提出期限: {due}", due=date_label(round_.due, current())),
        "",
    ]
    lines += [
        tr("・{item}（{state}）", item=label(r), state=state_label(r))
        + f"\n  {base_url}/workspace/cycle/{r.pk}/"
        for r in rem.items
    ]
    lines += ["", tr("{plan} 進捗管理（shinchoku）", plan=local(round_.plan, "title"))]
    subject = tr("【提出のお願い】{year} 進捗管理（{n}件）", year=year, n=len(rem.items))
    return subject, "\n".join(lines), None, [rem.email]


def send_reminders(
    round_: Round, base_url: str, dry_run: bool = False, actor: Any = None
) -> list[Reminder]:
    """E-mail each owner their open items with direct links (or, dry, only say who)."""
    found = reminders(round_)
    if dry_run:
        return found
    require(actor, "shinchoku.send_reminders", what=tr("督促を送れるのは事務局だけです"))
    base_url = base_url.rstrip("/") + path_prefix(round_.plan)
    # Users store no language preference, so every mail is in the city's language,
    # whatever the language of the page or command that sends it.
    with translation.override(MAIL_LANGUAGE), language(MAIL_LANGUAGE):
        messages = [_reminder_mail(round_, rem, base_url) for rem in found]
    send_mass_mail(messages, fail_silently=False)
    log(
        actor,
        "cycle.remind",
        format_year(round_.year, "fiscal"),
        None,
        {"recipients": [r.username for r in found]},
    )
    return found


def report_submissions(plan: Plan, year: int, approved_only: bool = False) -> dict[int, Any]:
    """Each project's submitted (or, for a published report, approved) full sheet, by number."""
    return full_sheets(plan, year, approved_only)


def published_sheets(project: Project) -> list[SelfEvaluation]:
    """The approved sheets of published years, newest year first (for the public page)."""
    approved = Request.objects.filter(project=project, state=APPROVED)
    years = project.plan.published_only(approved, "round__year").values_list(
        "round__year", flat=True
    )
    return [s for y in sorted(years, reverse=True) if (s := latest_evaluation(project, y))]


@transaction.atomic
def define_output(project: Project, name: str, unit: str, definition: str = "", actor: Any = None):
    """Define an output indicator (活動指標) of a project (secretariat)."""
    require(actor, "shinchoku.define_output", what=tr("活動指標を定めるのは事務局です"))
    problems = [
        Problem(f, tr("入力してください")) for f, v in (("name", name), ("unit", unit)) if not v
    ]
    if project.outputs.filter(name=name.strip()).exists():
        problems.append(Problem("name", tr("「{name}」はすでに定められています", name=name)))
    if problems:
        raise InputError(problems)
    output = OutputIndicator.objects.create(
        project=project,
        name=name.strip(),
        unit=unit.strip(),
        definition=definition.strip(),
        position=project.outputs.count(),
    )
    log(actor, "output.define", f"重点推進事業{project.number} {name}", None, {"unit": unit})
    return output


@transaction.atomic
def record_output(output: Any, year: int, kind: str, value: Any, actor: Any = None, note: str = ""):
    """A target or actual of an output indicator for a year; a later one is a revision."""
    require(
        actor,
        "shinchoku.self_evaluate",
        output.project,
        tr("重点推進事業{n}の活動指標を入力する権限がありません", n=output.project.number),
    )
    request = _lock_item(output.project, year)
    if request and request.state not in OPEN:
        raise InputError(
            [
                Problem(
                    "state",
                    tr(
                        "{state}のため変更できません（差戻し後に直せます）",
                        state=state_label(request),
                    ),
                )
            ]
        )
    problems: list[Problem] = []
    amount = _amount(value, f"{kind}-{output.pk}", problems)
    if kind not in ("target", "actual"):
        problems.append(Problem("kind", tr("目標か実績かを選んでください")))
    if problems or amount is None:
        raise InputError(problems or [Problem(f"{kind}-{output.pk}", tr("数値を入力してください"))])
    before = output.values.filter(year=year, kind=kind).order_by("-recorded_at", "-id").first()
    row = OutputValue.objects.create(
        output=output,
        year=year,
        kind=kind,
        value=amount,
        note=note,
        recorded_by=actor_name(actor),
        user=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log(
        actor,
        f"output.{kind}",
        f"{year} {output.name}",
        {"value": str(before.value)} if before else None,
        {"value": str(amount)},
    )
    return row


def output_table(project: Project, year: int) -> list[dict[str, Any]]:
    """Each output indicator with this year's latest target and actual (None if missing)."""
    rows = []
    for output in project.outputs.all():
        latest = {}
        for kind in ("target", "actual"):
            v = output.values.filter(year=year, kind=kind).order_by("-recorded_at", "-id").first()
            latest[kind] = v.value if v else None
        rows.append({"output": output, **latest})
    return rows
