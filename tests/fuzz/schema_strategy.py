"""Hypothesis strategies from a JSON Schema (the subset pydantic emits for our wire models).

Enough of JSON Schema to build likely-valid instances of every event: `$ref`/`$defs`,
`anyOf`/`oneOf`, `enum`, `const`, strings (length, pattern, uuid/date-time/date formats), numbers
(bounds), arrays (items, prefixItems, bounds), objects (properties, required,
additionalProperties). Callers validate the result and discard the rare miss.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import strategies as st

Json = Any
MAX_ITEMS = 4


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Json]:
    return _build(schema, schema.get("$defs", {}))


def _build(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Json]:
    if "$ref" in schema:
        return st.deferred(lambda: _build(defs[schema["$ref"].split("/")[-1]], defs))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([_build(option, defs) for option in schema[key]])
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _build(schema["allOf"][0], defs)
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([_build({**schema, "type": one}, defs) for one in kind])
    builder = _BUILDERS.get(kind or "", _any_json)
    return builder(schema, defs)


def _string(schema: dict[str, Any], _: dict[str, Any]) -> st.SearchStrategy[str]:
    fmt = schema.get("format")
    if fmt == "uuid":
        return st.uuids().map(str)
    if fmt == "date-time":
        return st.datetimes(
            min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
        ).map(datetime.isoformat)
    if fmt == "date":
        return st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat)
    low, high = schema.get("minLength", 0), min(schema.get("maxLength", 200), 200)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True).filter(
            lambda s: low <= len(s) <= schema.get("maxLength", 10**9)
        )
    return st.text(min_size=low, max_size=max(low, high))


def _integer(schema: dict[str, Any], _: dict[str, Any]) -> st.SearchStrategy[int]:
    low = schema.get("minimum", schema.get("exclusiveMinimum", -(2**31) - 1) + 1)
    high = schema.get("maximum", schema.get("exclusiveMaximum", 2**31 + 1) - 1)
    return st.integers(min_value=low, max_value=high)


def _number(schema: dict[str, Any], _: dict[str, Any]) -> st.SearchStrategy[float]:
    return st.floats(
        min_value=schema.get("minimum", schema.get("exclusiveMinimum")),
        max_value=schema.get("maximum", schema.get("exclusiveMaximum")),
        exclude_min="exclusiveMinimum" in schema,
        exclude_max="exclusiveMaximum" in schema,
        allow_nan=False,
        allow_infinity=False,
    )


def _array(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[list[Json]]:
    if "prefixItems" in schema:
        return st.tuples(*(_build(item, defs) for item in schema["prefixItems"])).map(list)
    items = _build(schema.get("items", {}), defs)
    low = schema.get("minItems", 0)
    high = max(low, min(schema.get("maxItems", MAX_ITEMS), MAX_ITEMS))
    return st.lists(items, min_size=low, max_size=high)


def _object(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[dict[str, Json]]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    must = {name: _build(sub, defs) for name, sub in properties.items() if name in required}
    may = {name: _build(sub, defs) for name, sub in properties.items() if name not in required}
    fixed = st.fixed_dictionaries(must, optional=may)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and not properties:
        return st.dictionaries(st.text(max_size=20), _build(extra, defs), max_size=MAX_ITEMS)
    return fixed


def _any_json(_: dict[str, Any], __: dict[str, Any]) -> st.SearchStrategy[Json]:
    scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
        max_leaves=8,
    )


_BUILDERS = {
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": lambda _, __: st.booleans(),
    "null": lambda _, __: st.none(),
    "array": _array,
    "object": _object,
}
