"""The vocabulary is defined once: `peerline_shared.events.vocabulary`.

A second `Literal`, enum, tuple, set or rank table spelling all the values of urgency, topic,
language, channel, role, presence, conversation state or shift-override kind anywhere in
`services/` or `shared/` fails here: import the word from the contract instead.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest

from peerline_shared.events import vocabulary
from peerline_shared.events.vocabulary import (
    URGENCY_ORDER,
    has_role,
    is_at_least,
    is_more_urgent,
    most_urgent,
    urgency_rank,
)

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "shared" / "src" / "peerline_shared" / "events" / "vocabulary.py"
WORDS: dict[str, frozenset[str]] = {
    name: frozenset(get_args(getattr(vocabulary, name)))
    for name in ("Channel", "Urgency", "Topic", "Lang", "Role", "Presence", "ConversationState",
                 "OverrideKind")
}


def _strings(nodes: list[ast.expr]) -> frozenset[str] | None:
    values = [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return frozenset(values) if len(values) == len(nodes) and len(values) >= 2 else None


def _assigned_values(tree: ast.Module) -> Iterator[ast.expr]:
    """Values given a name at module or class level: where a vocabulary would be defined (a
    list of languages passed to a function call is data, not a second definition)."""
    bodies = [tree.body] + [n.body for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for statement in body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
                yield statement.value


def _spelled_sets(tree: ast.Module) -> Iterator[tuple[int, str, frozenset[str]]]:
    """Every place a set of words is defined: Literal[...] anywhere; a tuple, list or set given
    a name; a rank table (words to numbers); the members of an Enum."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value).split(".")[-1] == "Literal":
            elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            if (found := _strings(elements)) is not None:
                yield node.lineno, "Literal", found
        elif isinstance(node, ast.Dict) and all(
                isinstance(v, ast.Constant) and isinstance(v.value, int) for v in node.values):
            keys = [k for k in node.keys if k is not None]
            if len(keys) == len(node.keys) and (found := _strings(keys)) is not None:
                yield node.lineno, "rank table", found
        elif isinstance(node, ast.ClassDef) and any("Enum" in ast.unparse(b) for b in node.bases):
            members = [s.value for s in node.body if isinstance(s, ast.Assign)]
            if (found := _strings(members)) is not None:
                yield node.lineno, "enum", found
    for value in _assigned_values(tree):
        if isinstance(value, (ast.Tuple, ast.List, ast.Set)) and (found := _strings(value.elts)):
            yield value.lineno, "named collection", found


def _python_files() -> Iterator[Path]:
    for top in ("services", "shared"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if path != HOME and "/tests/" not in path.as_posix():
                yield path


def test_each_vocabulary_is_defined_once() -> None:
    second_definitions = []
    for path in _python_files():
        for line, kind, found in _spelled_sets(ast.parse(path.read_text(encoding="utf-8"))):
            for name, values in WORDS.items():
                if found == values:
                    second_definitions.append(f"{path.relative_to(ROOT)}:{line}: {kind} spells {name}")
    assert not second_definitions, "import these from peerline_shared.events.vocabulary:\n" + "\n".join(
        second_definitions)


def test_the_scan_would_see_a_second_definition() -> None:
    planted = ast.parse('Urgency = Literal["low", "normal", "high", "emergency"]\n'
                        'RANK = {"emergency": 3, "high": 2, "normal": 1, "low": 0}\n'
                        'LANGS = ("en", "ru", "uk")\n'
                        'class Role(StrEnum):\n    A = "consultant"\n    B = "supervisor"\n    C = "admin"\n')
    kinds = {(kind, found) for _, kind, found in _spelled_sets(planted)}
    assert ("Literal", WORDS["Urgency"]) in kinds
    assert ("rank table", WORDS["Urgency"]) in kinds
    assert ("enum", WORDS["Role"]) in kinds
    assert ("named collection", WORDS["Lang"]) in kinds


def test_urgency_has_one_order_most_urgent_first() -> None:
    assert URGENCY_ORDER == ("emergency", "high", "normal", "low")
    assert sorted(["low", "emergency", "normal", "high"], key=urgency_rank) == list(URGENCY_ORDER)
    assert is_more_urgent("emergency", "high") and not is_more_urgent("low", "normal")
    assert is_at_least("high", "high") and is_at_least("emergency", "high")
    assert not is_at_least("normal", "high")
    assert most_urgent(["normal", "emergency", "low"]) == "emergency"
    assert most_urgent([]) is None
    assert urgency_rank("unheard-of") > urgency_rank("low")


@pytest.mark.parametrize(("role", "needed", "allowed"), [
    ("admin", "supervisor", True), ("supervisor", "supervisor", True),
    ("consultant", "supervisor", False), ("stranger", "consultant", False),
])
def test_roles_include_the_ones_below(role: str, needed: vocabulary.Role, allowed: bool) -> None:
    assert has_role(role, needed) is allowed


def test_editors_edit_content_and_the_library_and_nothing_on_the_ladder() -> None:
    assert vocabulary.LIBRARY_EDITING_ROLES == vocabulary.CONTENT_ROLES == {"editor", "supervisor", "admin"}
    assert "consultant" not in vocabulary.LIBRARY_EDITING_ROLES
    assert vocabulary.edits_content("editor") and not vocabulary.works_conversations("editor")
    assert not any(has_role("editor", role) for role in vocabulary.ROLES)
    assert "editor" not in vocabulary.ROLES and not vocabulary.SUPERVISING_ROLES & {"editor"}
