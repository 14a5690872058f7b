"""Forms of the round's pages: open a round, an item's sheet and values, send an item back,
publish or take back a year. The rules are the services' (cycle/services.py,
cycle/publication.py); the forms collect fields and show the services' problems at them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from ..observations.forms import ValueForm
from ..widgets import MarkedTextarea
from .models import DIRECTIONS


class PublishForm(forms.Form):
    """Publish one fiscal year; ``confirm`` carries the phrase the person ticked."""

    year = forms.IntegerField(label=_("公表する年度"), min_value=1900, max_value=2200)
    confirm = forms.CharField(required=False, max_length=200)


class UnpublishForm(forms.Form):
    """Take a published year (and every later one) back, with a reason."""

    year = forms.IntegerField(label=_("取り消す年度"), min_value=1900, max_value=2200)
    reason = forms.CharField(
        label=_("取り消す理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AmountField(forms.CharField):
    """An amount in 千円, typed as text (the service reads 12,500); a stored figure is shown
    as people write it: 1,200, not 1200.000000."""

    def prepare_value(self, value: object) -> object:
        from decimal import Decimal

        if isinstance(value, Decimal):
            return format(value.normalize(), ",f")
        return value


class SheetForm(forms.Form):
    """事業評価シート; the rules (reason for C and D, amounts) are checked by the service."""

    purpose = forms.CharField(
        label=_("目的（対象・意図）"), required=False, widget=MarkedTextarea(attrs={"rows": 2})
    )
    activities = forms.CharField(label=_("取組内容"), widget=MarkedTextarea(attrs={"rows": 4}))
    results = forms.CharField(
        label=_("成果"), required=False, widget=MarkedTextarea(attrs={"rows": 3})
    )
    budget = AmountField(label=_("予算額（千円）"), required=False, max_length=30)
    settled = AmountField(label=_("決算額（千円）"), required=False, max_length=30)
    rating = forms.ChoiceField(
        label=_("自己評価"),
        choices=[
            ("", "—"),
            ("A", _("A 目標を上回った")),
            ("B", _("B 概ね目標どおり")),
            ("C", _("C 目標を下回った")),
            ("D", _("D 大きく下回った")),
        ],
    )
    reason = forms.CharField(
        label=_("評価の理由（C・D は必須）"),
        required=False,
        widget=MarkedTextarea(attrs={"rows": 2}),
    )
    issues = forms.CharField(
        label=_("課題"), required=False, widget=MarkedTextarea(attrs={"rows": 2})
    )
    direction = forms.ChoiceField(label=_("今後の方向性"), choices=[])
    direction_reason = forms.CharField(
        label=_("今後の方向性の理由"), required=False, widget=MarkedTextarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = [("", "—"), *DIRECTIONS]


def _for_drafts(form: forms.Form) -> None:
    """Make every field optional (a draft may be incomplete); ``needed`` keeps the 必須 mark:
    the whole item is checked by the services at submission."""
    for field in form.fields.values():
        field.needed = field.required  # type: ignore[attr-defined]
        field.required = False


class ItemSheetForm(SheetForm):
    """A project's round item as one form: its 事業評価シート and each output indicator's
    target and actual (``target-<id>``, ``actual-<id>``)."""

    def __init__(self, *args: object, outputs: Sequence[object] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for output in outputs:
            for kind, word in (("target", _("目標")), ("actual", _("実績"))):
                self.fields[f"{kind}-{output.pk}"] = forms.CharField(  # type: ignore[attr-defined]
                    label=f"{output} {word}",
                    required=False,
                    max_length=30,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
                )
        _for_drafts(self)


class ItemValueForm(ValueForm):
    """An indicator's round item as one form: the value to submit (blank: submit the
    values already stored)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        _for_drafts(self)


class OpenRoundForm(forms.Form):
    """Open the round for a fiscal year with a deadline."""

    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=2200)
    due = forms.DateField(label=_("提出期限"), widget=forms.DateInput(attrs={"type": "date"}))


class ReturnForm(forms.Form):
    """Why a submission goes back to its owner."""

    reason = forms.CharField(label=_("差戻しの理由"), widget=forms.Textarea(attrs={"rows": 2}))
