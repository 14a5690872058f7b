"""Workspace forms. Validation of values is the importer's (one path for form, API and file)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from ..council.models import FOLLOW_UPS
from ..cycle.models import DIRECTIONS
from ..uploads.handlers import BoundedFileField


class ValueForm(forms.Form):
    """One value for an indicator; the indicator is given by the page."""

    year = forms.CharField(
        label=_("年度・年"), max_length=20, help_text=_("例: 令和5年度, R5, 2023")
    )
    value = forms.CharField(label=_("値"), max_length=40)
    source = forms.CharField(label=_("出典"), max_length=500)
    published_on = forms.DateField(
        label=_("公表日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    edition = forms.CharField(label=_("版"), max_length=100, required=False)
    note = forms.CharField(
        label=_("備考"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Shown only once a large change was found; its label then names the change.
    confirm = forms.BooleanField(required=False)

    def ask_confirmation(self, changes: Sequence[str]) -> None:
        """Offer the checkbox that accepts these changes (「… 10.0 倍です。この値で記録する」)."""
        named = "".join(f"{c}。" for c in changes)
        self.fields["confirm"].label = named + str(_("この値で記録する"))
        self._bound_fields_cache.pop("confirm", None)  # bound before the label was known
        self.confirming = True

    def without_confirmation(self) -> None:
        """Drop the checkbox unless a change is to be confirmed."""
        if not getattr(self, "confirming", False):
            del self.fields["confirm"]


class ImportForm(forms.Form):
    """A CSV or XLSX file of observations."""

    file = BoundedFileField(label=_("CSV または XLSX ファイル"))


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


class CommentaryForm(forms.Form):
    """The secretariat's commentary on an indicator for the year shown."""

    text = forms.CharField(label=_("所見"), widget=forms.Textarea(attrs={"rows": 4}))


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
        label=_("目的（対象・意図）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    activities = forms.CharField(label=_("取組内容"), widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(
        label=_("成果"), required=False, widget=forms.Textarea(attrs={"rows": 3})
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
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    issues = forms.CharField(
        label=_("課題"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    direction = forms.ChoiceField(label=_("今後の方向性"), choices=[])
    direction_reason = forms.CharField(
        label=_("今後の方向性の理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
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


class OpinionForm(forms.Form):
    """A council member's opinion or proposal on one plan item."""

    item = forms.ChoiceField(label=_("対象"), choices=[])
    kind = forms.ChoiceField(
        label=_("種別"), choices=[("opinion", _("意見")), ("proposal", _("提案"))]
    )
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: object, items: list[tuple[str, str]] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = list(items)


class ResponseForm(forms.Form):
    """The city's response to an opinion and its follow-up state."""

    text = forms.CharField(label=_("対応方針"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.ChoiceField(label=_("対応状況"), choices=[])
    reason = forms.CharField(
        label=_("対応しない理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].choices = FOLLOW_UPS


class MeetingForm(forms.Form):
    """A council meeting and its minutes."""

    held_on = forms.DateField(label=_("開催日"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("会議名"), max_length=200)
    document_number = forms.CharField(label=_("資料番号"), max_length=32, required=False)
    attendees = forms.CharField(
        label=_("出席者"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agenda = forms.CharField(
        label=_("議題"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = BoundedFileField(label=_("議事録（PDF など）"), required=False)
