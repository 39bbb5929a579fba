"""`python -m peerline_notifications`: run the notifications service."""

from peerline_notifications.main import create_app
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.runtime import run_service

if __name__ == "__main__":
    run_service(NotificationsSettings, create_app)
