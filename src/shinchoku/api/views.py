"""The REST API: the same JSON as the command line, from the same services."""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..accounts.permissions import NotAllowed, allowed
from ..core.calendar import YearParseError, parse_year
from ..core.serialize import evaluation_dict, observation_dict, plan_dict
from ..ingest.errors import InputError
from ..observations import services as observations
from ..plan.services import current_plan, to_core
from ..web.cache import cached
from .serializers import ObservationIn, ObservationOut


def _visible_through(request: Request) -> int | None:
    """The newest year this caller may see: everything for staff, the published year otherwise."""
    row = current_plan()
    return None if allowed(request.user, "view_drafts") else (row.published_year or 0)


class PlanView(APIView):
    """The plan: policies, measures, projects and indicators."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(plan_dict(to_core(current_plan())))


class EvaluationView(APIView):
    """Each indicator's progress for a year, as ``shinchoku evaluate --format json``."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", str, description="2023, 令和5年度, R5 … (default: newest public)"
            ),
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description="only what was published by then"
            ),
            OpenApiParameter(
                "lang", str, description="language of the display strings: ja (default) or en"
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        row = current_plan()
        limit = _visible_through(request)
        text = request.query_params.get("year", "")
        try:
            year = parse_year(text).year if text else (limit or row.published_year or 0)
        except YearParseError as err:
            raise ValidationError({"year": [str(err)]}) from None
        if limit is not None and year > limit:
            raise PermissionDenied(f"{year}年度のデータはまだ公表されていません")
        as_of = None
        if request.query_params.get("as_of"):
            try:
                as_of = datetime.date.fromisoformat(request.query_params["as_of"])
            except ValueError:
                raise ValidationError({"as_of": ["YYYY-MM-DD で指定してください"]}) from None
        lang = "en" if request.query_params.get("lang") == "en" else "ja"
        return Response(
            cached(
                f"api-evaluation:{year}:{as_of}:{lang}",
                lambda: evaluation_dict(
                    year, as_of, observations.evaluate_year(row, year, as_of), lang
                ),
            )
        )


class IndicatorObservationsView(APIView):
    """Every revision of an indicator's values, the counting one marked."""

    @extend_schema(responses=ObservationOut(many=True))
    def get(self, request: Request, code: str) -> Response:
        row = current_plan()
        ind = row.indicators.filter(code=code).first()
        if ind is None:
            raise NotFound(f"指標「{code}」はありません")
        limit = _visible_through(request)
        return Response(
            [
                observation_dict(r.observation) | {"current": r.current}
                for r in observations.revisions(row, ind)
                if limit is None or r.observation.year <= limit
            ]
        )


class ObservationsView(APIView):
    """Record a value (a second one for the same year is a revision)."""

    @extend_schema(request=ObservationIn, responses={201: ObservationOut})
    def post(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        body = ObservationIn(data=request.data)
        body.is_valid(raise_exception=True)
        row = current_plan()
        try:
            run = observations.add(row, dict(body.validated_data), request.user, options=False)
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
        return Response(
            observation_dict(revision.observation) | {"current": revision.current},
            status=status.HTTP_201_CREATED,
        )
