#!/usr/bin/env bash
# Writes the secret files docker-compose.yml mounts into the apps (/run/secrets/NAME), one value per file:
#   ct_manager_password        the cTrader manager password Spotware gave you          (from $CT_MANAGER_PASSWORD)
#   smtp_password              the SMTP relay's password                               (from $SMTP_PASSWORD)
#   admin_bootstrap_key        the first admin key (write, every broker)               (random, 256 bits)
#   device_cookie_secret       HMAC key of login-protection device cookies             (random, 256 bits)
#   invite_webhook_credential  the Invite webhook's Basic credential, user:password    ($INVITE_WEBHOOK_CREDENTIAL or ctrader-invite:<random>)
#   webhook_secret_key         encrypts outbound webhook endpoints' signing secrets     (random, 256 bits)
# An existing file is never overwritten (rotate by deleting it first). Usage: deploy/generate-secrets.sh [DIR]
# (default: deploy/secrets next to this script). The directory is 0700; each file is 0444, because compose
# bind-mounts secret files with their host permissions and the app runs as the image's `node` user (uid 1000).
set -euo pipefail
dir="${1:-$(dirname "$0")/secrets}"
mkdir -p "$dir"
chmod 700 "$dir"
random() { openssl rand -base64 48 | tr -d '\n=' | tr '+/' '-_'; }
put() {
  local name="$1" value="$2"
  if [ -e "$dir/$name" ]; then echo "kept     $dir/$name"; return; fi
  if [ -z "$value" ]; then echo "missing  $dir/$name: set the variable named above and run again" >&2; missing=1; return; fi
  (umask 077 && printf '%s' "$value" >"$dir/$name")
  chmod 444 "$dir/$name"
  echo "written  $dir/$name"
}
missing=0
put ct_manager_password "${CT_MANAGER_PASSWORD:-}"
put smtp_password "${SMTP_PASSWORD:-}"
put admin_bootstrap_key "$(random)"
put device_cookie_secret "$(random)"
put invite_webhook_credential "${INVITE_WEBHOOK_CREDENTIAL:-ctrader-invite:$(random)}"
put webhook_secret_key "$(random)"
exit "$missing"
