"""The audit log names an automatically counted output by its name, not ``output 5 2024``
(refs #12)."""

from __future__ import annotations

from shinchoku.audit.models import AuditEntry
from shinchoku.registries.counts import record_outputs


def test_recorded_outputs_are_audited_by_name(plan, users):
    record_outputs(plan, 2024, users["secretariat"])
    targets = set(
        AuditEntry.objects.filter(action="registries.outputs").values_list("target", flat=True)
    )
    assert "2024 所沢ブランド特産品 認定数" in targets
    assert not any(t.startswith("output ") for t in targets)
