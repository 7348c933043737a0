"""The package's shape: every module imports alone in a fresh interpreter (no import cycle), and
no SQL is written outside the store modules."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import PROJECT

MODULES = sorted(
    ".".join(path.relative_to(PROJECT).with_suffix("").parts).removesuffix(".__init__")
    for folder in ("graph", "server")
    for path in (PROJECT / folder).rglob("*.py")
)


def test_imports_every_module_alone_in_a_fresh_interpreter():
    def load(module: str) -> tuple[str, int, str]:
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            capture_output=True,
            text=True,
            cwd=PROJECT,
            timeout=300,
            check=False,
        )
        return (
            module,
            result.returncode,
            result.stderr.strip().splitlines()[-1:] and result.stderr.strip().splitlines()[-1],
        )

    with ThreadPoolExecutor(2) as pool:
        failed = [(module, error) for module, code, error in pool.map(load, MODULES) if code]
    assert "server.app" in MODULES and "graph.store.postgres" in MODULES
    assert failed == []


@pytest.mark.parametrize("module", [m for m in MODULES if not m.startswith("graph.store")])
def test_imports_no_sql_outside_the_store(module):
    source = (PROJECT / module.replace(".", "/")).with_suffix(".py")
    if not source.exists():
        source = PROJECT / module.replace(".", "/") / "__init__.py"
    found = [
        line
        for line in source.read_text(encoding="utf-8").splitlines()
        if re.search(r"\b(SELECT|INSERT)\b", line)
    ]
    assert found == []
