"""`python -m peerline_telegram`: run the Telegram adapter."""

from peerline_shared.runtime import run_service
from peerline_telegram.main import create_app
from peerline_telegram.settings import TelegramSettings

if __name__ == "__main__":
    run_service(TelegramSettings, create_app)
