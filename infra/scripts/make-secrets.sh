#!/usr/bin/env bash
# Writes the secret files docker-compose.prod.yml mounts (one value a file), each a fresh random
# value unless the file exists already: run it again after adding a secret, nothing is replaced.
#
#   infra/scripts/make-secrets.sh [folder]        (default ./secrets, or $PEERLINE_SECRETS_DIR)
#   infra/scripts/make-secrets.sh --rotate-nats NAME [folder]
#                                 a new password for one NATS user (docs/deployment.md, rotation)
#   infra/scripts/make-secrets.sh --rotate-actor-key [folder]
#                                 a new key signing console actors (gateway, notifications, directory)
#
# The URL files carry the passwords, so they are written from the password files. The folder is
# readable by root only; the files in it are readable by the containers' users (Compose mounts
# them as they are), which cannot reach the folder itself.
set -euo pipefail
rotate=""
rotate_actor_key=""
if [[ "${1:-}" == "--rotate-nats" ]]; then
    rotate="${2:?name the NATS user to rotate}"
    shift 2
elif [[ "${1:-}" == "--rotate-actor-key" ]]; then
    rotate_actor_key=1
    shift 1
fi
dir="${1:-${PEERLINE_SECRETS_DIR:-./secrets}}"
# One NATS user per service, and `admin` for operators: the names of
# peerline_shared/nats_identities.py (a test compares them).
nats_services="gateway telegram triage directory notifications"
nats_users="$nats_services admin"
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

if [[ -n "$rotate" ]]; then
    if [[ " $nats_users " != *" $rotate "* ]]; then
        echo "no NATS user $rotate (known: $nats_users)" >&2
        exit 2
    fi
    rm -f "$dir/nats_password_$rotate" "$dir/peerline_nats_url_$rotate"
fi

if [[ -n "$rotate_actor_key" ]]; then
    rm -f "$dir/peerline_actor_key"
fi

for name in $nats_users; do
    write "nats_password_$name" "$(random 48)"
done
for name in redis_password postgres_password grafana_admin_password \
            peerline_pseudonym_key peerline_gateway_session_secret peerline_telegram_map_key \
            peerline_telegram_webhook_secret peerline_directory_admin_token peerline_actor_key; do
    write "$name" "$(random 48)"
done
# Optional: empty means Telegram stays off (PEERLINE_TELEGRAM_ENABLED=false).
write peerline_telegram_bot_token ""

# Each service's NATS URL (every node, its own user), mounted as its /run/secrets/peerline_nats_url.
for name in $nats_services; do
    password="$(cat "$dir/nats_password_$name")"
    write "peerline_nats_url_$name" \
        "nats://$name:$password@nats-1:4222,nats://$name:$password@nats-2:4222,nats://$name:$password@nats-3:4222"
done
write peerline_redis_url "redis://:$(cat "$dir/redis_password")@redis:6379/0"
write peerline_database_url "postgresql+asyncpg://peerline:$(cat "$dir/postgres_password")@postgres:5432/peerline"
