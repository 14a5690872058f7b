"""The REST API: the same JSON as the command line (the evaluation a page of indicators
at a time), from the same services."""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..accounts.permissions import NotAllowed, allowed
from ..core.calendar import YearParseError, format_year, parse_year
from ..core.i18n import localized, untranslated
from ..core.serialize import evaluation_dict, observation_dict, plan_dict
from ..ingest.errors import InputError
from ..observations import services as observations
from ..observations.years import newest_data_year
from ..plan.selection import plan_for
from ..plan.services import require_plan_year, to_core
from .conditional import Pages, canonical_query, conditional
from .permissions import TablePermission
from .serializers import ObservationIn, ObservationOut, WithdrawalIn

# The public indicator page shows year, value, source, edition, publication date and a
# withdrawal's reason; a staff note on a value and who withdrew it are for staff only, in the
# API as on the pages.
STAFF_ONLY_FIELDS = ("note",)


def _revision_dict(r: observations.Revision, public: bool = False) -> dict:
    """One stored revision as the API gives it: its id, whether it counts, whether and why it
    was withdrawn, and the large change confirmed when it was recorded; for the public
    (``public``) only what the public page shows."""
    w = r.withdrawal
    found = (
        {"id": r.observation.seq}
        | observation_dict(r.observation)
        | {
            "current": r.current,
            "withdrawal": (
                {"reason": w.reason, "by": w.withdrawn_by, "at": w.withdrawn_at.isoformat()}
                if w
                else None
            ),
            "confirmed_change": r.confirmed_change,
        }
    )
    if not public:
        return found
    if w:
        found["withdrawal"] = {"reason": w.reason, "at": w.withdrawn_at.isoformat()}
    return {k: v for k, v in found.items() if k not in STAFF_ONLY_FIELDS}


def request_lang(request: Request, offered: tuple[str, ...] = ("ja", "en")) -> str:
    """The language asked for: ``?lang=`` first, else the best of ``Accept-Language``;
    Japanese when neither names one offered."""
    asked = request.query_params.get("lang", "").strip()
    if asked:
        return asked if asked in offered else "ja"
    ranked = []
    for n, part in enumerate(request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(",")):
        code, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        base = code.strip().lower().split("-")[0]
        if base in offered and weight > 0:
            ranked.append((-weight, n, base))
    return min(ranked)[2] if ranked else "ja"


def _public(request: Request) -> bool:
    """Whether this caller sees only what is published (``Plan.is_published``)."""
    return not allowed(request.user, "shinchoku.view_drafts")


# Every endpoint works on one plan: ``?plan=<slug>``, else the default (plan/selection.py).
PLAN_PARAMETER = OpenApiParameter(
    "plan", str, description="the plan's slug (default: the default plan); unknown: 404"
)

# What ``/api/evaluation`` answers: the CLI's top-level fields, one page of its rows and
# the page links (each row as ``core.serialize.evaluation_dict`` writes it).
EVALUATION_PAGE = inline_serializer(
    "EvaluationPage",
    {
        "year": serializers.IntegerField(),
        "as_of": serializers.DateField(allow_null=True),
        "count": serializers.IntegerField(help_text="indicators in the whole evaluation"),
        "next": serializers.URLField(allow_null=True, help_text="the next page (null: last)"),
        "previous": serializers.URLField(allow_null=True),
        "indicators": serializers.ListField(
            child=serializers.DictField(), help_text="this page's indicators, in plan order"
        ),
    },
)


class PlanView(APIView):
    """The plan: policies, measures, projects and indicators."""

    @extend_schema(
        parameters=[
            PLAN_PARAMETER,
            OpenApiParameter(
                "lang",
                str,
                description="language of the plan's text: ja (default) or en; or Accept-Language",
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        lang = request_lang(request)
        plan = to_core(plan_for(request, query=True))
        if lang == "ja":  # the same JSON as ``plan show --format json``
            return Response(plan_dict(plan))
        # ``untranslated`` lists the fields given in Japanese for want of a translation.
        return Response(
            plan_dict(localized(plan, lang))
            | {"lang": lang, "untranslated": untranslated(plan, lang)}
        )


EVALUATION_PARAMS = ("plan", "year", "as_of", "lang", "format", "page", "page_size")


class EvaluationView(APIView):
    """Each indicator's progress for a year, a page of indicators at a time: the JSON of
    ``shinchoku evaluate --format json`` with ``indicators`` cut to one page (the same rows
    in the same order) and ``count``, ``next`` and ``previous``. Following ``next`` from
    the first page gives every row of the CLI's list."""

    @extend_schema(
        parameters=[
            PLAN_PARAMETER,
            OpenApiParameter(
                "year", str, description="2023, 令和5年度, R5 … (default: newest published)"
            ),
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description="only what was published by then"
            ),
            OpenApiParameter(
                "lang",
                str,
                description="language of names, units and display strings: ja (default) or en;"
                " or Accept-Language",
            ),
            OpenApiParameter(
                "page", int, description="page number (1 by default); past the end: 404"
            ),
            OpenApiParameter(
                "page_size", int, description="indicators per page: 50 by default, at most 200"
            ),
        ],
        responses=EVALUATION_PAGE,
    )
    def get(self, request: Request) -> Response:
        canonical_query(request, EVALUATION_PARAMS)  # one ETag and cache entry per page
        row = plan_for(request, query=True)
        public = _public(request)
        text = request.query_params.get("year", "")
        try:
            year = parse_year(text).year if text else row.published_year
            if year is not None:
                require_plan_year(row, year, "year")
        except YearParseError as err:
            raise ValidationError({"year": [str(err)]}) from None
        except InputError as err:
            raise ValidationError({p.where: [p.message] for p in err.problems}) from None
        if year is None and public:
            first = format_year(row.period_start, "fiscal")
            raise NotFound(f"公表された評価はまだありません（最初の評価は{first}）")
        if year is None:
            year = newest_data_year(row)
        if public and not row.is_published(year):
            raise PermissionDenied(f"{year}年度のデータはまだ公表されていません")
        as_of = None
        if request.query_params.get("as_of"):
            try:
                as_of = datetime.date.fromisoformat(request.query_params["as_of"])
            except ValueError:
                raise ValidationError({"as_of": ["YYYY-MM-DD で指定してください"]}) from None
        lang = request_lang(request)

        def compute() -> dict:
            # The plan's evaluation arrays are cached per data version; only this page's
            # rows become results and JSON (one query for their latest actuals).
            evaluated = observations.evaluation_of_year(row, year, as_of)
            pages = Pages()
            rows = pages.paginate_queryset(range(len(evaluated.tables.plan.indicators)), request)
            found = evaluation_dict(year, as_of, evaluated.results_for(rows), lang)
            return {
                "year": found["year"],
                "as_of": found["as_of"],
                "count": pages.page.paginator.count,
                "next": pages.get_next_link(),
                "previous": pages.get_previous_link(),
                "indicators": found["indicators"],
            }

        return conditional(request, lang, compute, public=public)


class IndicatorObservationsView(APIView):
    """Every revision of an indicator's values, the counting one marked, withdrawn ones
    listed as withdrawn."""

    @extend_schema(parameters=[PLAN_PARAMETER], responses=ObservationOut(many=True))
    def get(self, request: Request, code: str) -> Response:
        row = plan_for(request, query=True)
        ind = row.indicators.filter(code=code).first()
        if ind is None:
            raise NotFound(f"指標「{code}」はありません")
        public = _public(request)
        return Response(
            [
                _revision_dict(r, public=public)
                for r in observations.all_revisions(row, ind)
                if not public or row.is_published(r.observation.year)
            ]
        )


class ObservationsView(APIView):
    """Record a value (a second one for the same year is a revision)."""

    permission_classes = (TablePermission,)
    permission = "shinchoku.add_value"

    @extend_schema(
        parameters=[PLAN_PARAMETER], request=ObservationIn, responses={201: ObservationOut}
    )
    def post(self, request: Request) -> Response:
        body = ObservationIn(data=request.data)
        body.is_valid(raise_exception=True)
        row = plan_for(request, query=True)
        fields = dict(body.validated_data)
        confirm = fields.pop("confirm", False)
        try:
            run = observations.add(row, fields, request.user, options=False, confirm=confirm)
        except InputError as err:
            errors: dict[str, list[str]] = {}
            for p in err.problems:
                errors.setdefault(p.where, []).append(p.message)
            raise ValidationError(errors) from None
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        stored = run.observations.select_related("indicator").first()
        if stored is None:  # identical to a stored revision: nothing new was written
            return Response({"detail": "同じ値がすでに登録されています"}, status=status.HTTP_200_OK)
        revision = next(
            r
            for r in observations.revisions(row, stored.indicator)
            if r.observation.seq == stored.id
        )
        return Response(_revision_dict(revision), status=status.HTTP_201_CREATED)


class ObservationWithdrawView(APIView):
    """Withdraw a value entered by mistake (whoever may record the indicator's values)."""

    permission_classes = (TablePermission,)
    permission = "shinchoku.add_value"

    @extend_schema(
        parameters=[PLAN_PARAMETER], request=WithdrawalIn, responses={200: ObservationOut}
    )
    def post(self, request: Request, pk: int) -> Response:
        body = WithdrawalIn(data=request.data)
        body.is_valid(raise_exception=True)
        row = plan_for(request, query=True)
        if not row.indicators.filter(observations__pk=pk).exists():
            raise NotFound(f"実績値 ID {pk} はありません")
        try:
            revision = observations.withdraw(row, pk, body.validated_data["reason"], request.user)
        except InputError as err:
            raise ValidationError({p.where: [p.message] for p in err.problems}) from None
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        return Response(_revision_dict(revision))
