"""The core must run without Django, files or the network."""

import subprocess
import sys


def test_core_imports_no_django():
    code = (
        "import sys, shinchoku.core.calendar, shinchoku.core.model, shinchoku.core.targets, "
        "shinchoku.core.evaluation, shinchoku.core.serialize, shinchoku.core.labels, "
        "shinchoku.core.plausibility; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'yaml', 'openpyxl')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
