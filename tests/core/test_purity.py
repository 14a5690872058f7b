"""The core must run without Django, files or the network."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import shinchoku.core

CORE_MODULES = sorted(
    f"shinchoku.core.{m.name}"
    for m in pkgutil.iter_modules([str(Path(shinchoku.core.__file__).parent)])
)


def test_every_core_module_is_checked():
    assert "shinchoku.core.context" in CORE_MODULES
    assert len(CORE_MODULES) >= 8


def test_core_imports_no_django():
    code = (
        f"import sys, {', '.join(CORE_MODULES)}; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'yaml', 'openpyxl')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
