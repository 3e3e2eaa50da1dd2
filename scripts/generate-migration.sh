#!/usr/bin/env bash
# Generates a migration for BOTH dialects from the entity set: each against a scratch database that first
# receives every existing migration, so only the difference is written.
#   scripts/generate-migration.sh AddPayments
set -euo pipefail
name=${1:?usage: scripts/generate-migration.sh Name}
cd "$(dirname "$0")/.."
npm run build --silent
pg=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
scratch=$(mktemp -d)
schema="gen_$(date +%s)"
trap 'rm -rf "$scratch"; psql -q "$pg" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT

DATA_DIR=$scratch npx typeorm migration:run -d dist/ormconfig.js >/dev/null
DATA_DIR=$scratch npx typeorm migration:generate -d dist/ormconfig.js "src/database/migrations/sqlite/$name"

psql -q "$pg" -c "CREATE SCHEMA $schema" >/dev/null
DATABASE_URL=$pg DATABASE_SCHEMA=$schema npx typeorm migration:run -d dist/ormconfig.js >/dev/null
DATABASE_URL=$pg DATABASE_SCHEMA=$schema npx typeorm migration:generate -d dist/ormconfig.js "src/database/migrations/postgres/$name"
# Generated SQL must not name the scratch schema: at run time the configured one applies.
sed -i "s/\"$schema\"\.//g" src/database/migrations/postgres/*-"$name".ts
