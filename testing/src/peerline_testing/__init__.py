"""Development only: the pytest plugin (real servers on free ports) and the Telegram Bot API
emulator. Not a workspace member, so a production install (`uv sync --no-dev
--all-packages`) leaves it out; `make venv` installs it with the dev group."""
