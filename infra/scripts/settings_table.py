"""The configuration table for the README: every setting of every service, with its
environment variable and default. `uv run python infra/scripts/settings_table.py --write`
rewrites the table between the markers in README.md; without `--write` it prints it."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

from pydantic import AliasChoices, SecretStr
from pydantic.fields import FieldInfo

from peerline_shared.settings import BaseServiceSettings

SERVICES = ("gateway", "telegram", "triage", "directory", "notifications")


def env_name(settings: type[BaseServiceSettings], name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[-1])
    prefix = str(settings.model_config.get("env_prefix", ""))
    return f"{prefix}{name}".upper()


def default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if isinstance(value, SecretStr):
        return "development value (must be set in production)" if value.get_secret_value() else "(empty)"
    if isinstance(value, list) and value:
        value = ",".join(str(each) for each in value)
    return f"`{value}`" if value not in (None, "", [], {}) else "(empty)"


def rows() -> list[tuple[str, str, str, str]]:
    seen: set[str] = set()
    table: list[tuple[str, str, str, str]] = []
    classes: list[tuple[str, type[BaseServiceSettings]]] = [("all", BaseServiceSettings)]
    for service in SERVICES:
        module = import_module(f"peerline_{service}.settings")
        cls = next(
            value
            for key, value in vars(module).items()
            if key.endswith("Settings")
            and isinstance(value, type)
            and issubclass(value, BaseServiceSettings)
            and value is not BaseServiceSettings
        )
        classes.append((service, cls))
    for scope, cls in classes:
        for name, field in cls.model_fields.items():
            variable = env_name(cls, name, field)
            if variable in seen:
                continue
            seen.add(variable)
            table.append((variable, scope, default(field), field.description or ""))
    return table


START, END = "<!-- settings-table:start -->", "<!-- settings-table:end -->"


def table() -> str:
    lines = ["| variable | service | default | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{variable}` | {scope} | {value} | {meaning} |" for variable, scope, value, meaning in rows()
    ]
    return "\n".join(lines)


def write_readme(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    if "--write" in sys.argv:
        write_readme(Path(__file__).resolve().parents[2] / "README.md")
    else:
        print(table())


if __name__ == "__main__":
    main()
