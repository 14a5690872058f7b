"""Forms of the value pages: one value, a file to import, the commentary on an indicator.

Validation of values is the importer's (one path for form, API and file).
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.messages import BASE, current
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
        end = "。" if current() == BASE else ". "  # the changes are in the page's language
        named = "".join(f"{c}{end}" for c in changes)
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


class CommentaryForm(forms.Form):
    """The secretariat's commentary on an indicator for the year shown."""

    text = forms.CharField(label=_("所見"), widget=forms.Textarea(attrs={"rows": 4}))
