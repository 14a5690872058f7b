"""The read API: projects, sheets, output indicators, council exchanges, plan versions and
the registries, as the public pages show them, paged, filtered by year, with ETags.

Every caller gets the public view (signed-in staff read drafts in the workspace), so the
ETag is the public data version's (``conditional``) and a cache between the API and its
readers may keep a page until something public changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from ..plan.models import Plan
from ..plan.selection import plan_for
from . import read_serializers as out
from . import records
from .conditional import COMMON_PARAMS, LANG, YEAR, Pages, canonical_query, conditional, year_param
from .views import PLAN_PARAMETER, request_lang


class ReadList(ListAPIView):
    """A public list: ``?year=`` (where it applies), ``?lang=``, pages and an ETag."""

    pagination_class = Pages
    by_year: ClassVar[bool] = True  # whether ``?year=`` applies to this list
    registry: ClassVar[bool] = False  # the registries are the default plan's (docs/plans.md)
    params: ClassVar[tuple[str, ...]] = COMMON_PARAMS  # the query it reads; others are dropped

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        """The rows of the list, in order (every page of them)."""
        raise NotImplementedError

    def get_queryset(self) -> list:  # the rows come from ``records``; only the schema asks
        return []

    def check_params(self, request: Request) -> None:
        """Check the list's own query parameters (400 on a bad one)."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        canonical_query(request, self.params)  # one ETag and cache entry per page
        row = plan_for(request, query=True)
        if self.registry and not row.is_default:
            raise NotFound("登録簿は既定の計画のものです（他の計画にはありません）")
        if self.by_year:
            year = year_param(request, row)
        elif request.query_params.get("year"):
            raise ValidationError({"year": ["この一覧は年度で絞り込めません"]})
        else:
            year = None
        self.check_params(request)
        lang = request_lang(request)

        def compute() -> Any:
            rows = self.records(row, year, lang)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(self.get_serializer(page, many=True).data).data

        return conditional(request, lang, compute)


def _listed(
    serializer: type, summary: str, parameters: list[OpenApiParameter], by_year: bool = True
) -> Callable[[type], type]:
    """Document a list: its record, its summary and its query parameters."""
    params = [PLAN_PARAMETER] + ([YEAR] if by_year else []) + parameters
    return extend_schema(summary=summary, parameters=params, responses=serializer(many=True))


class ProjectsView(ReadList):
    """重点推進事業 of the plan in force; with ``?year=``, of the version applied that year."""

    serializer_class = out.ProjectOut

    @_listed(out.ProjectOut, "Priority projects (重点推進事業)", [LANG])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.projects(row, year, lang)


PROJECT = OpenApiParameter("project", int, description="only this project's number")


class SheetsView(ReadList):
    """事業評価シート: approved sheets of published years, newest year first."""

    serializer_class = out.SheetOut
    params = (*COMMON_PARAMS, "project")

    @_listed(out.SheetOut, "Project self-evaluation sheets (事業評価シート)", [PROJECT, LANG])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def check_params(self, request: Request) -> None:
        text = request.query_params.get("project", "").strip()
        if text and not text.isdigit():
            raise ValidationError({"project": [f"「{text}」は事業番号として読めません（例: 3）"]})
        self.project = int(text) if text else None

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.sheets(row, year, self.project, lang)


class OutputsView(ReadList):
    """活動指標 with the latest target and actual of each published year."""

    serializer_class = out.OutputOut

    @_listed(out.OutputOut, "Output indicators of the projects (活動指標)", [])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.outputs(row, year)


class OpinionsView(ReadList):
    """推進会議の意見・提案 of published years with the city's latest response."""

    serializer_class = out.OpinionOut

    @_listed(out.OpinionOut, "Council opinions and the city's responses", [LANG])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.opinions(row, year, lang)


class PlanVersionsView(ReadList):
    """Every version of the plan; with ``?year=``, the version applied to that year."""

    serializer_class = out.PlanVersionOut

    @_listed(out.PlanVersionOut, "Plan versions (計画の版)", [])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.plan_versions(row, year)


class ProductsView(ReadList):
    """Certified 所沢ブランド特産品; with ``?year=``, those certified in that fiscal year."""

    serializer_class = out.ProductOut
    registry = True

    @_listed(out.ProductOut, "Certified brand products", [LANG])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.products(year, lang)


class ShopsView(ReadList):
    """Registered 販売協力店; with ``?year=``, those registered in that fiscal year."""

    serializer_class = out.ShopOut
    registry = True

    @_listed(out.ShopOut, "Registered shops selling brand products", [])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.shops(year)


class PlacesView(ReadList):
    """Listed 農産物直売所 (no year: a place is listed or not)."""

    serializer_class = out.PlaceOut
    registry = True
    by_year = False

    @_listed(out.PlaceOut, "Farm direct-sales places", [], by_year=False)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.places()


class CoursesView(ReadList):
    """Listed おさんぽコース with route and points (no year)."""

    serializer_class = out.CourseOut
    registry = True
    by_year = False

    @_listed(out.CourseOut, "Walking courses", [], by_year=False)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.courses()


class SignsView(ReadList):
    """Listed 道標・案内板; with ``?year=``, those installed in that fiscal year."""

    serializer_class = out.SignOut
    registry = True

    @_listed(out.SignOut, "Signs along the courses", [LANG])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def records(self, row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
        return records.signs(year, lang)
