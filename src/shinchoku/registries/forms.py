"""Forms of the registries: applications, sign-up, review, hand-outs and yearly figures.

Forms check shape; the rules (transitions, photo types, carried products) are the
service modules' and reach the form as errors.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import machines
from ..uploads import limits
from ..uploads.handlers import BoundedFileField
from ..widgets import MarkedSelect, MarkedTextarea
from . import routefiles, rules
from .applications import photo_type
from .models import CATEGORIES, GOODS, Place, Product, Shop, Sign

DATE = forms.DateInput(attrs={"type": "date"})


def _photo_limit() -> int:
    return limits().max_photo_bytes


class SignupForm(UserCreationForm):
    """An account for a business that applies (no staff role)."""

    email = forms.EmailField(label=_("メールアドレス"), required=False)

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class ProductForm(forms.ModelForm):
    """Application for certification as a 所沢ブランド特産品, with up to two photos."""

    photo1 = BoundedFileField(
        label=_("写真1（JPEG・PNG、2MBまで）"),
        required=False,
        max_bytes=_photo_limit,
        what=_("写真"),
    )
    alt1 = forms.CharField(label=_("写真1の説明"), max_length=200, required=False)
    photo2 = BoundedFileField(
        label=_("写真2（JPEG・PNG、2MBまで）"),
        required=False,
        max_bytes=_photo_limit,
        what=_("写真"),
    )
    alt2 = forms.CharField(label=_("写真2の説明"), max_length=200, required=False)

    class Meta:
        model = Product
        fields = ("name", "name_en", "maker", "category", "story", "description_en", "contact")
        widgets: ClassVar[dict[str, Any]] = {
            "story": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, slots: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in (1, 2)[slots:]:  # an edited application keeps the photos it has
            del self.fields[f"photo{n}"], self.fields[f"alt{n}"]

    def _photo(self, n: int) -> Any:
        """An uploaded photo checked by the same rule as the service (type, size)."""
        upload = self.cleaned_data.get(f"photo{n}")
        if upload:
            try:
                photo_type(upload.read())
            except rules.RuleError as err:
                raise forms.ValidationError(str(err)) from None
            upload.seek(0)
        return upload

    def clean_photo1(self) -> Any:
        return self._photo(1)

    def clean_photo2(self) -> Any:
        return self._photo(2)

    def show_held(self, held: dict[int, dict[str, str]]) -> None:
        """Say which photo is kept from an earlier try, and offer to drop it."""
        for n, found in held.items():
            if f"photo{n}" not in self.fields:
                continue
            self.fields[f"photo{n}"].help_text = format_html(
                "{}: <strong>{}</strong>（{}）",
                gettext("選択済みの写真"),
                found["name"],
                gettext("このまま送れます。別の写真を選ぶと置き換わります"),
            )
            self._bound_fields_cache.pop(f"photo{n}", None)  # bound before: shows the new text
            self.fields[f"drop{n}"] = forms.BooleanField(
                label=gettext("写真%(n)dを使わない") % {"n": n}, required=False
            )
        names = [k for k in self.fields if not k.startswith("drop")]
        for n in held:  # each drop box right after its photo
            if f"drop{n}" in self.fields:
                names.insert(names.index(f"photo{n}") + 1, f"drop{n}")
        self.order_fields(names)


class ShopForm(forms.ModelForm):
    """Application for registration as a 販売協力店."""

    products = forms.ModelMultipleChoiceField(
        label=_("取り扱う特産品"),
        queryset=Product.objects.filter(state=rules.APPROVED).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Shop
        fields = ("name", "address", "hours", "phone", "lat", "lng")
        help_texts: ClassVar[dict[str, Any]] = {
            "lat": _("地図に表示する位置（任意）。例: 35.7869"),
            "lng": _("例: 139.4733"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lat, lng = data.get("lat"), data.get("lng")
        if "lat" in self.errors or "lng" in self.errors:
            return data
        if (lat is None) != (lng is None):
            self.add_error("lng" if lng is None else "lat", _("緯度と経度は両方入力してください"))
        elif lat is not None:
            try:
                rules.check_point(lat, lng)
            except rules.FieldError as err:
                self.add_error(err.field, str(err))
        return data


class ReviewForm(forms.Form):
    """One review action with its reason (required for reject, suspend and end)."""

    action = forms.ChoiceField(
        choices=lambda: [(a, machines.label(Product, a)) for a in machines.declared(Product)],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    effective_on = forms.DateField(label=_("日付"), required=False, widget=DATE)


class GoodsForm(forms.Form):
    """PR goods handed to a shop."""

    item = forms.ChoiceField(label=_("品目"), choices=GOODS)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=100000)
    handed_on = forms.DateField(label=_("提供日"), widget=DATE)
    note = forms.CharField(label=_("備考"), max_length=300, required=False)


class GuideMapForm(forms.Form):
    """Guide map copies printed and distributed in a fiscal year."""

    year = forms.IntegerField(label=_("年度（西暦）"), min_value=2000, max_value=2100)
    edition = forms.CharField(label=_("版"), max_length=100)
    printed = forms.IntegerField(label=_("印刷部数"), min_value=0)
    distributed = forms.IntegerField(label=_("配布部数"), min_value=0)


class LunchForm(forms.Form):
    """Local produce in school lunches for a fiscal year."""

    year = forms.IntegerField(label=_("年度（西暦）"), min_value=2000, max_value=2100)
    items = forms.IntegerField(label=_("市内産農産物の品目数"), min_value=0)
    usage_kg = forms.DecimalField(label=_("使用量（kg）"), required=False, min_value=0)
    share_percent = forms.DecimalField(
        label=_("使用割合（%）"), required=False, min_value=0, max_value=100
    )
    source = forms.CharField(label=_("出典"), max_length=300)


class CatalogueFilter(forms.Form):
    """Search and filter of the public catalogue (GET)."""

    q = forms.CharField(label=_("キーワード"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("分類"), required=False, choices=[("", _("すべて")), *CATEGORIES]
    )


# ---- the secretariat keeps the places, courses and signs ------------------------------

# Each language named in itself, and marked so (a screen reader reads 中文 as Chinese).
LANGUAGE_CHOICES = [
    (code, format_html('<span lang="{}">{}</span>', code, name))
    for code, name in (("ja", "日本語"), ("en", "English"), ("zh", "中文"), ("ko", "한국어"))
]
NO_ROUTE = _("地図をクリックしてルートを描くか、GPX・GeoJSON のファイルを選んでください")
COORDINATE_HELP = _("所沢市内（北緯35.74〜35.84度、東経139.38〜139.53度）。例: 35.7869")


class PlaceForm(forms.ModelForm):
    """A farm direct-sales place of the guide map."""

    class Meta:
        model = Place
        fields = (
            "name",
            "name_en",
            "address",
            "lat",
            "lng",
            "opening",
            "contact",
            "produce_spring",
            "produce_summer",
            "produce_autumn",
            "produce_winter",
        )
        help_texts: ClassVar[dict[str, Any]] = {"lat": COORDINATE_HELP, "lng": _("例: 139.4733")}


class CourseForm(forms.Form):
    """A walking course: names and descriptions per language, route, points of interest."""

    slug = forms.SlugField(
        label=_("URL名（英数字とハイフン）"),
        max_length=50,
        help_text=_("例: sayama-hills。コースのページの URL になります"),
    )
    # Each language's field says its language (lang), whatever the page's.
    name_ja = forms.CharField(label=_("コース名（日本語）"), max_length=200,
                              widget=forms.TextInput(attrs={"lang": "ja"}))  # fmt: skip
    name_en = forms.CharField(label=_("コース名（English）"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"lang": "en"}))  # fmt: skip
    name_zh = forms.CharField(label=_("コース名（中文）"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"lang": "zh-Hans"}))  # fmt: skip
    name_ko = forms.CharField(label=_("コース名（한국어）"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"lang": "ko"}))  # fmt: skip
    description_ja = forms.CharField(
        label=_("紹介文（日本語）"), widget=forms.Textarea(attrs={"rows": 3, "lang": "ja"})
    )
    description_en = forms.CharField(
        label=_("紹介文（English）"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
    )  # fmt: skip
    description_zh = forms.CharField(
        label=_("紹介文（中文）"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "zh-Hans"}),
    )  # fmt: skip
    description_ko = forms.CharField(
        label=_("紹介文（한국어）"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "ko"}),
    )  # fmt: skip
    route = forms.CharField(
        label=_("ルート（地図で描いた線。GeoJSON）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "class": "route-data"}),
        help_text=_("地図をクリックして描くと、ここに自動で入ります。手で書く必要はありません。"),
    )
    route_file = BoundedFileField(
        label=_("またはルートのファイル（GPX・GeoJSON、5MBまで）"),
        required=False,
        max_bytes=lambda: routefiles.MAX_BYTES,
        what=_("ルートのファイル"),
        help_text=_(
            "GPS ロガーや地図アプリから書き出した .gpx か .geojson。選ぶと地図の線より優先します"
        ),
    )
    points = forms.CharField(
        label=_("立ち寄りスポット（1行に1か所）"), required=False,
        widget=MarkedTextarea(attrs={"rows": 4, "spellcheck": "false", "class": "points-data"}),
        help_text=_("地図の「見どころを置く」を押してからクリックすると、緯度と経度の入った行が"
                    "加わります。続けて名称を書いてください。1行の形: "
                    "緯度 | 経度 | 名称 | Name | 説明 | Description"),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        """The route from the file, else from the map (GeoJSON); ``route`` holds the result."""
        data = super().clean()
        upload = data.get("route_file")
        if upload and "route_file" not in self.errors:
            try:
                data["route"] = routefiles.parse_route_file(upload.name or "", upload.read())
            except rules.RuleError as err:
                self.add_error("route_file", f"{upload.name}: {err}")
        elif not (data.get("route") or "").strip() and "route" not in self.errors:
            self.add_error("route", NO_ROUTE)
        return data

    def route_geojson(self) -> Any:
        """The route for the service: GeoJSON text from the map, or a parsed file's geometry."""
        route = self.cleaned_data["route"]
        return route.geojson() if isinstance(route, rules.Route) else route

    def texts(self) -> dict[str, str]:
        return {
            k: v for k, v in self.cleaned_data.items() if k.startswith(("name_", "description_"))
        }


class SignForm(forms.ModelForm):
    """A sign or guide board along a course."""

    installed_year = forms.CharField(label=_("設置年度（西暦）"), max_length=8,
                                     help_text=_("例: 2024（2024年度）"))  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=_("表示言語"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Sign
        fields = ("course", "kind", "label_ja", "label_en", "label_zh", "label_ko", "lat", "lng")
        labels: ClassVar[dict[str, Any]] = {
            "course": _("コース"),
            "label_ja": _("表示名（日本語）"),
            "label_en": _("表示名（English）"),
            "label_zh": _("表示名（中文）"),
            "label_ko": _("表示名（한국어）"),
        }
        help_texts: ClassVar[dict[str, Any]] = {"lat": COORDINATE_HELP, "lng": _("例: 139.4733")}
        widgets: ClassVar[dict[str, Any]] = {
            "course": MarkedSelect,
            **{f"label_{c}": forms.TextInput(attrs={"lang": lang})
               for c, lang in (("ja", "ja"), ("en", "en"), ("zh", "zh-Hans"), ("ko", "ko"))},
        }  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.language_codes)

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["languages"] = ",".join(data["languages"])
        return data
