#!/usr/bin/env bash
# Conformance kit against a freshly started demo-like server, as CI runs it: first on SQLite (a data dir in a temp
# dir), then on PostgreSQL (a fresh schema). Fails on any failed check. Needs a build (npm run build) and Chromium.
#   scripts/conformance-ci.sh                  # both databases
#   DATABASES=sqlite scripts/conformance-ci.sh # one
# 6.1.7 waits a real 61 s alongside the other checks. Extra kit options go through KIT_ARGS (e.g. KIT_ARGS="--only 6.1"). JUnit files land in $OUT_DIR (default: temp).
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASES="${DATABASES:-sqlite postgres}"
PG_URL="${CONFORMANCE_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
OUT_DIR="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$OUT_DIR"
PORT="${CONFORMANCE_PORT:-3390}"
SIM_PORT="${CONFORMANCE_SIM_PORT:-3391}"
# The demo's admin key (write, every broker): the kit's built-in hook for payment approval and the email outbox.
ADMIN_KEY="conformance-ci-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

[ -f dist/src/main.js ] && [ -f dist/src/conformance/cli.js ] || npm run build --silent

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

run_against() {
  local db="$1" data_dir log
  data_dir="$(mktemp -d)"
  log="$OUT_DIR/server-$db.log"
  local -a env_db=(DATA_DIR="$data_dir")
  if [ "$db" = postgres ]; then
    env_db+=(DATABASE_URL="$PG_URL" DATABASE_SCHEMA="conformance_$(date +%s)_$$")
  fi
  echo "== conformance kit on $db (server log: $log) =="
  env "${env_db[@]}" PORT="$PORT" HOST=127.0.0.1 SIMULATOR_PORT="$SIM_PORT" BASE_URL="http://localhost:$PORT" \
    DEMO_ADMIN_KEY="$ADMIN_KEY" LOG_LEVEL=warn node dist/src/main.js >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then break; fi
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited:"; tail -20 "$log"; return 1; }
    sleep 0.5
  done
  # The demo trader is seeded after listen; give the kit a server that has finished starting.
  until grep -q "App simulator page\|Demo login" "$log"; do sleep 0.5; done
  local status=0
  # shellcheck disable=SC2086
  node dist/src/conformance/cli.js \
    --base-url "http://localhost:$PORT" --password demo-crm-password \
    --broker-name demo_broker --broker-crm-name demo_crm \
    --simulator-url "http://localhost:$SIM_PORT" --admin-key "$ADMIN_KEY" \
    --legal-entity "Demo Broker Ltd" --wait-expiry \
    --junit "$OUT_DIR/conformance-$db.xml" ${KIT_ARGS:-} || status=$?
  stop_server
  rm -rf "$data_dir"
  return "$status"
}

overall=0
for db in $DATABASES; do
  run_against "$db" || overall=1
done
echo "JUnit files: $OUT_DIR"
exit "$overall"
