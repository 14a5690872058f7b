"""API request bodies; validation itself is the importer's, shared with files and forms."""

from __future__ import annotations

from rest_framework import serializers


class ObservationIn(serializers.Serializer):
    """Fields as the observation CSV columns (DESIGN.md)."""

    indicator = serializers.CharField(help_text="Indicator code or Japanese name.")
    year = serializers.CharField(help_text="2023, 令和5年度, R5, 2023年度, 令和5年 …")
    value = serializers.CharField(help_text="In the indicator's unit; 1,234 allowed.")
    source = serializers.CharField()
    published_on = serializers.CharField(required=False, allow_blank=True, help_text="YYYY-MM-DD")
    edition = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Accept a value differing from the previous one by more than the plan's share.",
    )


class WithdrawalIn(serializers.Serializer):
    """Why a value is withdrawn."""

    reason = serializers.CharField(help_text="Why the value was entered by mistake.")


class WithdrawalOut(serializers.Serializer):
    """When, by whom and why a value was withdrawn."""

    reason = serializers.CharField()
    by = serializers.CharField()
    at = serializers.DateTimeField()


class ObservationOut(serializers.Serializer):
    """One stored revision."""

    id = serializers.IntegerField(help_text="The value's ID (to withdraw it).")
    indicator = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.FloatField()
    source = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    edition = serializers.CharField()
    note = serializers.CharField(
        required=False, help_text="Staff only: the public indicator page does not show notes."
    )
    source_value = serializers.FloatField(
        allow_null=True, help_text="The figure as published, before unit conversion."
    )
    source_unit = serializers.CharField(help_text="The published unit (百万円, 人 …).")
    conversion = serializers.CharField(help_text="How it was converted and rounded.")
    source_ref = serializers.CharField(help_text="The table cell or e-Stat table it came from.")
    current = serializers.BooleanField(required=False)
    confirmed_change = serializers.CharField(
        required=False, help_text="The large change confirmed when it was recorded."
    )
    withdrawal = WithdrawalOut(
        allow_null=True, required=False, help_text="Set when withdrawn; it never counts then."
    )
