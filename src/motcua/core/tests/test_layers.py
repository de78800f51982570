"""Pure domain modules load without Django: the rule of docs/architecture.md, checked in a fresh process."""

import subprocess
import sys

import pytest

PURE_MODULES = ["motcua.core.text", "motcua.workdays.engine", "motcua.workdays.ontime", "motcua.workdays.durations",
                "motcua.workdays.seed_data", "motcua.workdays.parsing", "motcua.catalog.document",
                "motcua.catalog.search_text", "motcua.processes.graph", "motcua.dossiers.states",
                "motcua.dossiers.codes", "motcua.dossiers.chain", "motcua.reports.index766"]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_without_django(module):
    code = f"import sys, {module}; sys.exit(1 if 'django' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or f"{module} pulled in Django"
