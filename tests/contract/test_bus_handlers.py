"""Message handlers are top-level functions declared on module-level routers (issue 21).

- No bus handler (consumer, batch consumer, RPC, follower) is defined or registered inside
  another function in `services/*/src`: a reader, or a tool, finds the handler for a subject
  as a top-level name.
- Every router of every service holds only such handlers, with unique durables and subjects.
- One messaging library: no package depends on faststream any more.
"""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path

import pytest

from peerline_shared.bus import BusRouter, Declaration

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "services").glob("*/src/**/*.py"))
BUS_VERBS = {"consume", "consume_batch", "rpc", "follow", "rpc_handler", "subscriber"}


def _verb(node: ast.expr) -> str | None:
    """`consume` for `@router.consume(...)`, `consume(...)(f)`, `router.consume(...)`."""
    if isinstance(node, ast.Call):
        return _verb(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr if node.attr in BUS_VERBS else None
    if isinstance(node, ast.Name):
        return node.id if node.id in BUS_VERBS else None
    return None


def _nested_registrations(tree: ast.AST) -> list[str]:
    found: list[str] = []
    for outer in ast.walk(tree):
        if not isinstance(outer, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(outer):
            if inner is outer:
                continue
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                if any(_verb(decorator) for decorator in inner.decorator_list):
                    found.append(f"{inner.name} (line {inner.lineno}) inside {outer.name}")
            elif isinstance(inner, ast.Call) and isinstance(inner.func, ast.Call) and _verb(inner.func):
                found.append(f"a registration (line {inner.lineno}) inside {outer.name}")
    return found


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: str(path.relative_to(ROOT / "services")))
def test_no_bus_handler_is_defined_or_registered_inside_a_function(source: Path) -> None:
    nested = _nested_registrations(ast.parse(source.read_text(encoding="utf-8")))
    assert not nested, "declare bus handlers at module level on the feature's router:\n" + "\n".join(nested)


def test_the_rule_sees_a_nested_handler() -> None:
    nested = _nested_registrations(ast.parse(
        "def register(runtime):\n"
        "    @router.rpc(subject='x', request=A, reply=B, queue='q')\n"
        "    async def answer(query): ...\n"
        "    router.follow(subject='y')(answer)\n"
    ))
    assert len(nested) == 2


def _service_routers() -> list[tuple[str, BusRouter]]:
    routers = []
    for source in SOURCES:
        if "router = BusRouter()" not in source.read_text(encoding="utf-8"):
            continue
        src = next(parent for parent in source.parents if parent.name == "src")
        module = ".".join(source.relative_to(src).with_suffix("").parts)
        routers.append((module, importlib.import_module(module).router))
    return routers


ROUTERS = _service_routers()


def test_every_service_declares_its_handlers_on_routers() -> None:
    services = {module.split(".")[0] for module, _ in ROUTERS}
    assert services == {f"peerline_{name}" for name in ("directory", "gateway", "notifications", "telegram",
                                                          "triage")}


@pytest.mark.parametrize(("module", "router"), ROUTERS, ids=[module for module, _ in ROUTERS])
def test_each_handler_is_a_top_level_function_of_its_module(module: str, router: BusRouter) -> None:
    imported = importlib.import_module(module)
    for declaration in router.declarations:
        handler = declaration.handler
        assert "<locals>" not in handler.__qualname__, declaration.name
        own = getattr(imported, handler.__name__, None)
        assert own is handler, f"{declaration.name} is not {module}'s own"


def test_durables_and_rpc_subjects_are_unique() -> None:
    declarations: list[Declaration] = [d for _, router in ROUTERS for d in router.declarations]
    durables = [d.durable for d in declarations if d.durable is not None]
    rpcs = [d.subject for d in declarations if d.kind == "rpc"]
    assert len(durables) == len(set(durables)) and len(rpcs) == len(set(rpcs))
    assert all(d.reply is not None for d in declarations if d.kind == "rpc"), "every RPC names its reply"


def test_no_package_depends_on_faststream() -> None:
    pyprojects = [ROOT / "pyproject.toml", *ROOT.glob("*/pyproject.toml"),
                  *ROOT.glob("services/*/pyproject.toml")]
    for pyproject in pyprojects:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        wanted = [*project.get("dependencies", []),
                  *(d for group in project.get("optional-dependencies", {}).values() for d in group)]
        assert not [d for d in wanted if d.lower().startswith("faststream")], pyproject
    assert "faststream" not in (ROOT / "uv.lock").read_text(encoding="utf-8")


def _service_of(module: str) -> str:
    return module.split(".")[0].removeprefix("peerline_")


def test_every_rpc_handler_is_the_catalogued_one() -> None:
    """What a service answers is what the published catalogue says it answers."""
    from peerline_shared.events.catalogue import RPCS

    catalogued = {rpc.subject: rpc for rpc in RPCS}
    for module, router in ROUTERS:
        for declaration in router.declarations:
            if declaration.kind != "rpc":
                continue
            rpc = catalogued.get(declaration.subject)
            assert rpc is not None, f"{declaration.name} answers {declaration.subject}, not in the catalogue"
            assert (rpc.receiver, rpc.request) == (_service_of(module), declaration.model), declaration.name
            assert declaration.reply in rpc.replies, declaration.name
    served = {d.subject for _, router in ROUTERS for d in router.declarations if d.kind == "rpc"}
    assert set(catalogued) <= served, f"catalogued, answered by nobody: {set(catalogued) - served}"


def test_every_consumer_reads_a_catalogued_stream_it_receives() -> None:
    from peerline_shared.events.catalogue import STREAMS

    wrong = []
    for module, router in ROUTERS:
        for declaration in router.declarations:
            if declaration.kind not in ("consume", "consume_batch"):
                continue
            streams = [stream for stream in STREAMS if _overlap(declaration.subject, stream.subject)]
            if not any(declaration.model in stream.messages and _service_of(module) in stream.receivers
                       for stream in streams):
                wrong.append(f"{declaration.name} ({declaration.subject}): not a catalogued receiver")
    assert not wrong, "\n".join(wrong)


def _overlap(subject: str, catalogued: str) -> bool:
    """The subjects share messages (`{channel}` in the catalogue is any one token)."""
    from peerline_shared.bus.memory import subject_matches

    template = catalogued.replace("{channel}", "*")
    return subject_matches(template, subject) or subject_matches(subject, template)
