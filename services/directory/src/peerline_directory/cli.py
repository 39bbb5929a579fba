"""`peerline directory ...` commands; `peerline consultant …` and `peerline shift …` too.

Every command works directly against the database in PEERLINE_DATABASE_URL (the dev stack's
is `sqlite+aiosqlite:///var/db/directory.sqlite`), bringing its schema up to date first.
"""

from __future__ import annotations

import typer

from peerline_directory.cli_consultants import consultant_app, shift_app
from peerline_directory.cli_helpservices import export_command, import_command, search_command
from peerline_directory.cli_support import MIGRATIONS, VERSION_TABLE
from peerline_directory.settings import DirectorySettings
from peerline_shared.service_cli import add_service_commands

__all__ = ["MIGRATIONS", "VERSION_TABLE", "app", "consultant_app", "shift_app"]

app = typer.Typer(name="directory", help="Consultants, shifts, presence and help services.",
                  no_args_is_help=True)


def _app_factory(settings: DirectorySettings):  # type: ignore[no-untyped-def]
    from peerline_directory.main import create_app

    return create_app(settings)


add_service_commands(app, settings_factory=DirectorySettings, app_factory=_app_factory,
                     migrations_dir=MIGRATIONS, version_table=VERSION_TABLE)
app.add_typer(consultant_app, name="consultant")
app.add_typer(shift_app, name="shift")
app.command("import")(import_command)
app.command("export")(export_command)
app.command("search")(search_command)
