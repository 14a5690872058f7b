"""Forms of the council pages: an opinion, the city's response, a meeting and its minutes.

The rules (who may respond, follow-up states) are ``council/services.py``'s.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..observations.pages import lang
from ..uploads.handlers import BoundedFileField
from ..widgets import MarkedSelect
from .models import FOLLOW_UPS


class OpinionForm(forms.Form):
    """A council member's opinion or proposal on one plan item."""

    item = forms.ChoiceField(label=_("対象"), choices=[], widget=MarkedSelect)
    kind = forms.ChoiceField(
        label=_("種別"), choices=[("opinion", _("意見")), ("proposal", _("提案"))]
    )
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: object, items: list[tuple[str, str]] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A measure indented under its basic policy in the list only (spaces a browser keeps
        # in an option: full-width in Japanese, no-break elsewhere, so an English option is
        # not marked Japanese); the item's own label, shown on an opinion's card, has none.
        indent = "\u3000" if lang() == "ja" else "\u00a0\u00a0"
        self.fields["item"].choices = [
            (value, f"{indent}{label}" if value.startswith("measure:") else label)
            for value, label in items
        ]


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
