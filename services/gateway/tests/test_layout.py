"""Every handler and route of the gateway is a top-level name a reader can find: no function
defined inside another (lambdas aside), none longer than 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "peerline_gateway"
MAX_LINES = 60
NOT_YET = {"live/handlers.py"}
"""The NATS side, moved to module-level bus routers with the messaging layer (issue 21)."""

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(SOURCE)) not in NOT_YET
    ]


def _nested(tree: ast.AST) -> list[str]:
    found = []
    for outer in ast.walk(tree):
        if isinstance(outer, Function):
            found += [
                f"{outer.name}.{inner.name}"
                for inner in ast.walk(outer)
                if inner is not outer and isinstance(inner, Function)
            ]
    return found


def test_no_function_is_defined_inside_another() -> None:
    nested = {str(path.relative_to(SOURCE)): _nested(ast.parse(path.read_text())) for path in _modules()}
    assert {path: names for path, names in nested.items() if names} == {}


def test_no_function_is_longer_than_60_lines() -> None:
    long = [
        f"{path.relative_to(SOURCE)}:{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, Function)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno >= MAX_LINES
    ]
    assert long == []


def test_the_check_finds_a_nested_function() -> None:
    assert _nested(ast.parse("def outer():\n    def inner(): pass\n")) == ["outer.inner"]
