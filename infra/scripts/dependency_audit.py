"""`make audit`: pip-audit over the locked dependencies, tolerant of having no network.

Exports the lock (`uv export`, third-party packages only), runs pip-audit on it and reads its
JSON. Known vulnerabilities fail the build. When the vulnerability service cannot be reached
(offline CI, a proxy), pip-audit skips every package: that is reported as a warning and the
build goes on, so an air-gapped machine can still run `make test`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def export_requirements(target: Path) -> None:
    subprocess.run(
        [
            os.environ.get("UV", "uv"),
            "export",
            "--format",
            "requirements-txt",
            "--no-hashes",
            "--all-packages",
            "--no-emit-workspace",
            "--quiet",
            "--output-file",
            str(target),
        ],
        check=True,
    )


def run_audit(requirements: Path) -> dict[str, object] | None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "-r",
            str(requirements),
            "--disable-pip",
            "--no-deps",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report: dict[str, object] = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(f"warning: pip-audit could not run: {result.stderr.strip().splitlines()[-1:]}")
        return None
    return report


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        export_requirements(requirements)
        report = run_audit(requirements)
    if report is None:
        return 0
    dependencies = report.get("dependencies", [])
    assert isinstance(dependencies, list)
    audited = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [d for d in audited if d.get("vulns")]
    if not audited:
        print(
            f"warning: the vulnerability database could not be reached; {len(dependencies)} "
            "dependencies NOT audited (run `make audit` where PyPI is reachable)"
        )
        return 0
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"VULNERABLE {dependency['name']} {dependency['version']}: {ids}")
    skipped = len(dependencies) - len(audited)
    print(f"pip-audit: {len(audited)} dependencies audited, {len(vulnerable)} vulnerable, {skipped} skipped")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
