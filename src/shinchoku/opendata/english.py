"""The open data's tables and columns described in English, for ``/en/data/``.

The files keep one header in every language: the stable column codes (``year``,
``value`` …), which the Frictionless schema describes in Japanese. An English reader gets
the same codes explained here; a test fails when a table or column has no English.
"""

from __future__ import annotations

from .schema import Table

# Table name → (title, description).
TABLES: dict[str, tuple[str, str]] = {
    "observations": ("Indicator values (every revision)",
                     "Values of published years, with revised and withdrawn ones, each with its "
                     "source, publication date and edition"),
    "evaluations": ("Evaluation results",
                    "Each published year's evaluation (by the plan version in force that year)"),
    "plan-versions": ("Plan versions", "Each version of the plan and the first year it applies"),
    "policies": ("Basic policies", "The plan's basic policies (current version)"),
    "projects": ("Priority projects", "The priority projects (current version)"),
    "indicators": ("Indicators", "Indicators: unit, baseline, desired direction, source"),
    "targets": ("Targets", "The yearly targets each version of the plan sets"),
    "series-breaks": ("Series breaks",
                      "Years where the source statistic changed and values before and after do "
                      "not compare directly"),
    "products": ("Tokorozawa brand products", "Certified brand products"),
    "shops": ("Cooperating shops", "Registered shops selling brand products"),
    "shop-products": ("Products by shop", "Which shop sells which brand product"),
    "places": ("Farm direct-sales places", "Places listed on the direct-sales guide map"),
    "courses": ("Walking courses", "The listed “Town × Green” walking courses"),
    "course-points": ("Points of interest", "Each course's points of interest, in order"),
    "signs": ("Signs and guide boards", "Signs of the listed courses and their languages"),
    "tourism-places": ("Farm direct-sales places (tourist facility list layout)",
                       "The listed direct-sales places in the columns of the municipal standard "
                       "open data set “tourist facility list” (Kankō shisetsu ichiran), whose "
                       "Japanese column names are the standard's own"),
    "tourism-shops": ("Cooperating shops (tourist facility list layout)",
                      "The registered shops in the columns of the municipal standard open data "
                      "set “tourist facility list” (Kankō shisetsu ichiran)"),
}  # fmt: skip

# Column code → what it holds (the same code means the same thing in every table).
COLUMNS: dict[str, str] = {
    "id": "ID", "indicator": "Indicator code", "year": "Year (Western; a fiscal year by "
    "its first year: 2023 = FY2023)", "value": "Value", "unit": "Unit (Japanese)",
    "counts": "Used in the evaluation", "withdrawn": "Withdrawn",
    "withdrawal_reason": "Why it was withdrawn", "source": "Source",
    "published_on": "Publication date", "edition": "Edition of the source",
    "source_value": "Value as published", "source_unit": "Unit as published",
    "conversion": "Conversion", "source_ref": "Table and cell of the source",
    "latest_year": "Year of the latest value", "latest_value": "Latest value",
    "latest_published_on": "Publication date of the latest value",
    "expected": "Target line value", "target": "Target for the year", "progress": "Progress",
    "attainment": "Attainment", "rating": "Rating", "rated": "Rated",
    "reason": "Reason", "projection_year": "Year of the projection",
    "projection_value": "Projected value in the final year",
    "on_course": "Final target expected to be met", "status": "Status (growth-rate method)",
    "series_break_year": "Year of the series break", "comparable": "Comparable",
    "version": "Plan version", "valid_from": "First year it applies",
    "meeting": "Meeting that approved it", "recorded_on": "Recorded on", "code": "Code",
    "title": "Title", "summary": "Summary", "number": "Number",
    "measures": "Measure codes (; separated)", "lead": "Lead organisation",
    "partners": "Partners (; separated)", "name": "Name (Japanese)", "policy": "Basic policy",
    "period_kind": "Period kind (fiscal or calendar year)",
    "direction": "Desired direction", "baseline_year": "Baseline year",
    "baseline_value": "Baseline value", "baseline_source": "Source of the baseline",
    "rule": "How the targets are set", "definition": "Definition", "note": "Note",
    "plan_version": "Plan version", "label": "Statistic from the break",
    "previous": "Statistic before the break", "name_en": "Name (English)",
    "maker": "Maker or seller", "category": "Category",
    "story": "What makes it Tokorozawa's", "description_en": "Description (English)",
    "contact": "Contact", "certified_on": "Certified on", "address": "Address",
    "hours": "Opening hours and closing days", "phone": "Telephone", "lat": "Latitude",
    "lng": "Longitude", "registered_on": "Registered on", "shop": "Shop ID",
    "product": "Product ID", "opening": "Opening days and hours",
    "produce_spring": "Produce in spring (Mar–May)",
    "produce_summer": "Produce in summer (Jun–Aug)",
    "produce_autumn": "Produce in autumn (Sep–Nov)",
    "produce_winter": "Produce in winter (Dec–Feb)", "slug": "Code",
    "name_ja": "Name (Japanese)", "name_zh": "Name (Chinese)", "name_ko": "Name (Korean)",
    "description_ja": "Description (Japanese)", "description_zh": "Description (Chinese)",
    "description_ko": "Description (Korean)", "length_km": "Length (km)",
    "course": "Course", "position": "Order", "kind": "Kind",
    "label_ja": "Label (Japanese)", "label_en": "Label (English)",
    "label_zh": "Label (Chinese)", "label_ko": "Label (Korean)",
    "installed_year": "Year installed", "languages": "Languages on the sign",
    # The standard "tourist facility list" keeps its own Japanese column names.
    "都道府県コード又は市区町村コード": "Prefecture or municipality code", "NO": "Number",
    "都道府県名": "Prefecture", "市区町村名": "Municipality", "名称": "Name",
    "名称_カナ": "Name in kana", "名称_英語": "Name in English", "POIコード": "POI code",
    "住所": "Address", "方書": "Building, floor", "緯度": "Latitude", "経度": "Longitude",
    "利用可能曜日": "Days open", "開始時間": "Opening time", "終了時間": "Closing time",
    "利用可能日時特記事項": "Notes on opening days and hours", "料金（基本）": "Fee (basic)",
    "料金（詳細）": "Fee (details)", "説明": "Description", "説明_英語": "Description in English",
    "アクセス方法": "Access", "駐車場情報": "Parking", "バリアフリー情報": "Accessibility",
    "連絡先名称": "Contact name", "連絡先電話番号": "Contact telephone",
    "連絡先内線番号": "Extension", "画像": "Image", "画像_ライセンス": "Image licence",
    "URL": "URL", "備考": "Note",
}  # fmt: skip


def title(table: Table, lang: str) -> str:
    """The table's title in ``lang`` (ja or en)."""
    return TABLES[table.name][0] if lang == "en" else table.title


def description(table: Table, lang: str) -> str:
    """The table's description in ``lang`` (ja or en)."""
    return TABLES[table.name][1] if lang == "en" else table.description


def columns(table: Table, lang: str) -> list[tuple[str, str]]:
    """Each column as (code, what it holds in ``lang``): the header the files carry."""
    return [(f.name, COLUMNS[f.name] if lang == "en" else f.title) for f in table.fields]
