"""The browser frames are a contract with pages already open in browsers: each is frozen,
typed and versioned, listed in docs/console.md, and its shape changes only on purpose
(the snapshot; a breaking change is a new `v`)."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from pydantic import ValidationError

from peerline_gateway.chat import frames as chat
from peerline_gateway.console import frames as console
from peerline_gateway.frames import BrowserFrame

ROOT = Path(__file__).resolve().parents[3]
SNAPSHOT = Path(__file__).parent / "snapshots" / "browser_frames.json"
FRAMES: dict[str, type[BrowserFrame]] = {
    f"{module.__name__.split('.')[-2]}.{name}": model
    for module in (chat, console)
    for name, model in vars(module).items()
    if isinstance(model, type) and issubclass(model, BrowserFrame) and model is not BrowserFrame
}


def _literal(model: type[BrowserFrame], field: str) -> tuple[object, ...]:
    return typing.get_args(model.model_fields[field].annotation)


def test_every_frame_has_a_literal_type_and_version() -> None:
    assert len(FRAMES) == 14
    for name, model in FRAMES.items():
        assert len(_literal(model, "type")) == 1, name
        assert _literal(model, "v") == (1,), name


def test_frames_are_frozen() -> None:
    frame = chat.Ack(id="m1")
    with pytest.raises(ValidationError):
        frame.id = "m2"  # type: ignore[misc]


def test_every_frame_type_is_in_the_catalogue() -> None:
    catalogue = (ROOT / "docs" / "console.md").read_text(encoding="utf-8")
    rows = {name: f"| `{_literal(model, 'type')[0]}` |" for name, model in FRAMES.items()}
    missing = [name for name, row in rows.items() if row not in catalogue]
    assert missing == []


def test_the_shape_of_every_frame_is_the_recorded_one() -> None:
    shapes = {name: _shape(model.model_json_schema(by_alias=True)) for name, model in sorted(FRAMES.items())}
    if not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(shapes, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        pytest.fail(f"{SNAPSHOT.name} written: commit it")
    recorded = json.loads(SNAPSHOT.read_text())
    names = shapes.keys() | recorded.keys()
    changed = sorted(name for name in names if shapes.get(name) != recorded.get(name))
    assert changed == [], (
        "frames changed shape: a compatible change (an optional field) may update the snapshot "
        "(delete it and run this test); anything else is a new model with the next `v`"
    )


def _shape(schema: object) -> object:
    """The schema without its prose: a docstring edit is no change of shape."""
    if isinstance(schema, dict):
        return {key: _shape(value) for key, value in schema.items() if key not in ("description", "title")}
    if isinstance(schema, list):
        return [_shape(value) for value in schema]
    return schema
