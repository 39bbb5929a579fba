#!/usr/bin/env bash
# Writes the secret files docker-compose.prod.yml mounts (one value a file), each a fresh random
# value unless the file exists already: run it again after adding a secret, nothing is replaced.
#
#   infra/scripts/make-secrets.sh [folder]        (default ./secrets, or $PEERLINE_SECRETS_DIR)
#
# The URL files carry the passwords, so they are written from the password files. The folder is
# readable by root only; the files in it are readable by the containers' users (Compose mounts
# them as they are), which cannot reach the folder itself.
set -euo pipefail
dir="${1:-${PEERLINE_SECRETS_DIR:-./secrets}}"
mkdir -p "$dir"
chmod 700 "$dir"

random() { tr -dc 'A-Za-z0-9' < /dev/urandom | head -c "${1:-48}" || true; }

write() {  # name value: only when the file is missing
    local file="$dir/$1"
    if [[ ! -e "$file" ]]; then
        printf '%s' "$2" > "$file"
        echo "wrote $file"
    fi
    chmod 644 "$file"
}

for name in nats_password redis_password postgres_password grafana_admin_password \
            peerline_pseudonym_key peerline_gateway_session_secret peerline_telegram_map_key \
            peerline_telegram_webhook_secret peerline_directory_admin_token; do
    write "$name" "$(random 48)"
done
# Optional: empty means Telegram stays off (PEERLINE_TELEGRAM_ENABLED=false).
write peerline_telegram_bot_token ""

nats="$(cat "$dir/nats_password")"
write peerline_nats_url "nats://peerline:$nats@nats-1:4222,nats://peerline:$nats@nats-2:4222,nats://peerline:$nats@nats-3:4222"
write peerline_redis_url "redis://:$(cat "$dir/redis_password")@redis:6379/0"
write peerline_database_url "postgresql+asyncpg://peerline:$(cat "$dir/postgres_password")@postgres:5432/peerline"
