"""Workspace forms. Validation of values is the importer's (one path for form, API and file)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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


class ImportForm(forms.Form):
    """A CSV or XLSX file of observations."""

    file = forms.FileField(label=_("CSV または XLSX ファイル"))


class PublishForm(forms.Form):
    """The newest fiscal year whose data is public."""

    year = forms.IntegerField(
        label=_("公表する年度（この年度まで）"), min_value=1900, max_value=2200
    )


class CommentaryForm(forms.Form):
    """The secretariat's commentary on an indicator for the year shown."""

    text = forms.CharField(label=_("所見"), widget=forms.Textarea(attrs={"rows": 4}))
