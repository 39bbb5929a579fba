"""Client messages from Telegram: pseudonymise, scrub, throttle, publish."""
