"""Where the fuzzed system listens for Telegram: the webhook route and its secret."""

WEBHOOK_SECRET = "fuzz-webhook-secret_0123456789"
WEBHOOK_PATH = "/telegram/webhook"
