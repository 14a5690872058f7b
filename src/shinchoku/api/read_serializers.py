"""The read API's records as OpenAPI sees them; the views render their dicts through these,
so the documentation and the JSON cannot drift apart."""

from __future__ import annotations

from rest_framework import serializers as s


class Multilingual(s.Serializer):
    """A registry text in each language it is kept in ('' when not written)."""

    ja = s.CharField()
    en = s.CharField()
    zh = s.CharField()
    ko = s.CharField()


class OrganisationRef(s.Serializer):
    code = s.CharField()
    name = s.CharField()


class ProjectOut(s.Serializer):
    """重点推進事業."""

    number = s.IntegerField()
    title = s.CharField()
    summary = s.CharField()
    measures = s.ListField(child=s.CharField(), help_text="施策の柱の番号 (1-1 …)")
    lead = OrganisationRef(allow_null=True, help_text="所管")
    partners = OrganisationRef(many=True, help_text="連携機関")


class SheetOut(s.Serializer):
    """事業評価シート as the project page shows it (approved, published years only)."""

    project = s.IntegerField()
    project_title = s.CharField()
    year = s.IntegerField(help_text="fiscal year (2023 = 令和5年度)")
    activities = s.CharField(help_text="取組内容")
    budget = s.FloatField(allow_null=True, help_text="予算額（千円）")
    settled = s.FloatField(allow_null=True, help_text="決算額（千円）")
    rating = s.CharField(help_text="自己評価 A–D")
    reason = s.CharField(help_text="評価の理由")
    issues = s.CharField(help_text="課題")
    direction = s.CharField(help_text="今後の方向性 (expand, continue, improve, reduce, stop)")
    direction_label = s.CharField()


class OutputYear(s.Serializer):
    year = s.IntegerField()
    target = s.FloatField(allow_null=True)
    actual = s.FloatField(allow_null=True)


class OutputOut(s.Serializer):
    """活動指標 with the latest target and actual of each published year."""

    id = s.IntegerField()
    project = s.IntegerField()
    name = s.CharField()
    unit = s.CharField()
    definition = s.CharField()
    values = OutputYear(many=True)


class ResponseOut(s.Serializer):
    text = s.CharField(help_text="市の対応方針")
    follow_up = s.CharField(help_text="considering, in_progress, done, later, declined")
    follow_up_label = s.CharField()
    reason = s.CharField(help_text="対応しない理由")
    written_on = s.DateField()


class OpinionOut(s.Serializer):
    """推進会議の意見・提案 (published years) with the city's latest response."""

    id = s.IntegerField()
    year = s.IntegerField(help_text="the evaluated fiscal year")
    kind = s.CharField(help_text="opinion or proposal")
    kind_label = s.CharField()
    item_kind = s.CharField(help_text="plan, policy, measure, project, indicator")
    item_code = s.CharField()
    item = s.CharField(help_text="the item by name")
    text = s.CharField()
    written_on = s.DateField()
    response = ResponseOut(allow_null=True, help_text="null until the city answers")


class VersionWithdrawal(s.Serializer):
    reason = s.CharField()
    on = s.DateField()


class PlanVersionOut(s.Serializer):
    """計画の版."""

    number = s.IntegerField()
    valid_from = s.IntegerField(help_text="in force from this fiscal year")
    reason = s.CharField()
    meeting = s.CharField(help_text="approved at")
    in_force = s.BooleanField()
    withdrawal = VersionWithdrawal(allow_null=True)


class ProductOut(s.Serializer):
    """所沢ブランド特産品 (certified)."""

    id = s.IntegerField()
    number = s.CharField(help_text="認定番号")
    name = s.CharField()
    name_en = s.CharField()
    maker = s.CharField()
    category = s.CharField()
    category_label = s.CharField()
    story = s.CharField()
    description_en = s.CharField()
    contact = s.CharField()
    certified_on = s.DateField(allow_null=True)
    sample = s.BooleanField(help_text="a fictional SAMPLE record (labelled so on the pages)")


class ShopOut(s.Serializer):
    """販売協力店 (registered)."""

    id = s.IntegerField()
    number = s.CharField(help_text="登録番号")
    name = s.CharField()
    address = s.CharField()
    hours = s.CharField()
    phone = s.CharField()
    lat = s.FloatField(allow_null=True)
    lng = s.FloatField(allow_null=True)
    registered_on = s.DateField(allow_null=True)
    products = s.ListField(child=s.IntegerField(), help_text="ids of the products it sells")
    sample = s.BooleanField()


class Produce(s.Serializer):
    spring = s.CharField()
    summer = s.CharField()
    autumn = s.CharField()
    winter = s.CharField()


class PlaceOut(s.Serializer):
    """農産物直売所 (listed)."""

    id = s.IntegerField()
    name = s.CharField()
    name_en = s.CharField()
    address = s.CharField()
    lat = s.FloatField()
    lng = s.FloatField()
    opening = s.CharField()
    contact = s.CharField()
    produce = Produce()
    sample = s.BooleanField()


class CoursePointOut(s.Serializer):
    position = s.IntegerField()
    name = Multilingual()
    lat = s.FloatField()
    lng = s.FloatField()


class CourseOut(s.Serializer):
    """おさんぽコース (listed)."""

    slug = s.CharField()
    name = Multilingual()
    description = Multilingual()
    length_km = s.FloatField()
    route = s.JSONField(help_text="GeoJSON geometry (LineString), coordinates [lng, lat]")
    points = CoursePointOut(many=True)
    sample = s.BooleanField()


class SignOut(s.Serializer):
    """道標・案内板 (listed, on a listed course)."""

    id = s.IntegerField()
    course = s.CharField()
    kind = s.CharField()
    kind_label = s.CharField()
    label = Multilingual()
    lat = s.FloatField()
    lng = s.FloatField()
    installed_year = s.IntegerField()
    languages = s.ListField(child=s.CharField())
    sample = s.BooleanField()
