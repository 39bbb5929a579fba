"""Architecture rules: services import shared, never each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(path.name for path in (ROOT / "services").iterdir() if path.is_dir())


def _imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_service_imports_no_other_service(service: str) -> None:
    others = {f"peerline_{name}" for name in SERVICES if name != service}
    offending = []
    for source in (ROOT / "services" / service).rglob("*.py"):
        for module in _imported_modules(source):
            if module.split(".")[0] in others:
                offending.append(f"{source.relative_to(ROOT)} imports {module}")
    assert not offending, "\n".join(offending)


def test_shared_imports_no_service() -> None:
    services = {f"peerline_{name}" for name in SERVICES}
    for source in (ROOT / "shared").rglob("*.py"):
        assert not {m.split(".")[0] for m in _imported_modules(source)} & services, source


def test_every_service_is_a_package_with_its_own_pyproject() -> None:
    assert SERVICES == ["directory", "gateway", "notifications", "telegram", "triage"]
    for service in SERVICES:
        assert (ROOT / "services" / service / "pyproject.toml").is_file()
        assert (ROOT / "services" / service / "src" / f"peerline_{service}" / "__init__.py").is_file()
