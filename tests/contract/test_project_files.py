"""The files an open-source project is expected to carry, and that they agree with each other."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The official text of https://www.gnu.org/licenses/agpl-3.0.txt, unchanged.
AGPL_3_SHA256 = "0d96a4ff68ad6d4b6f1f30f713b18d5184912ba8dd389f86aa7710db079abcb0"


def test_the_licence_is_the_official_agpl_3_text() -> None:
    text = (ROOT / "LICENSE").read_bytes()
    assert text.startswith(b"                    GNU AFFERO GENERAL PUBLIC LICENSE\n")
    assert hashlib.sha256(text).hexdigest() == AGPL_3_SHA256, "LICENSE differs from the official text"


def test_the_readme_states_the_licence_and_links_the_project_files() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "AGPL-3.0-or-later" in readme
    for name in ("LICENSE", "CONTRIBUTING.md", "SECURITY.md", "CHANGELOG.md"):
        assert (ROOT / name).is_file(), name
        assert f"]({name})" in readme, f"the README does not link {name}"


def test_the_changelog_has_the_current_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"\n## {version} - " in (ROOT / "CHANGELOG.md").read_text()
