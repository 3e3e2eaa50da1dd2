#!/usr/bin/env bash
# The deploy smoke test (issue #18, README "Production: what the deploy smoke test proves"): the production path as
# close to the real thing as a machine without a Docker engine allows. Run as root (it uses mount namespaces):
#   1. docker-compose renders the shipped docker-compose.yml (bare checkout, then with the test's .env);
#   2. the image's runtime layout, built as the Dockerfile builds it: npm ci output pruned with --omit=dev, dist/,
#      package.json, config/, scripts/run-built.js, root-owned, run as uid 1000 (the image's `node` user);
#   3. the operator's files, made as the README says: deploy/generate-secrets.sh, a self-signed certificate in
#      deploy/tls, config/production.yaml from the example (the 4.1 hash made by the admin CLI in the runtime layout);
#   4. test/deploy/production-path.deploy-spec.ts starts two apps with exactly the compose file's environment,
#      secrets and volumes, the shipped nginx config in front, and proves the production path through it.
# Leaves nothing behind but the work directory's logs (printed on failure) and an empty /app mount point.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$SECONDS
step() { echo "[deploy-smoke $((SECONDS - started))s] $*"; }

need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need docker-compose docker-compose
need nginx nginx
need openssl openssl

WORK=$(mktemp -d /tmp/deploy-smoke.XXXXXX)
chmod 755 "$WORK"
export DEPLOY_SMOKE_WORK=$WORK

step "1. docker-compose config on the shipped file"
docker-compose -f docker-compose.yml config -q

step "2. runtime layout (Dockerfile runtime stage) in $WORK/app"
npm run build --silent
APP=$WORK/app
mkdir -p "$APP/scripts"
cp package.json package-lock.json "$APP/"
cp -a node_modules/. "$APP/node_modules"
(cd "$APP" && npm prune --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
cp -a dist "$APP/dist"
rm -f "$APP/dist/.build-stamp.json" "$APP/package-lock.json"
cp scripts/run-built.js "$APP/scripts/"
cp -a config "$APP/config"
# Mount points Docker creates for the compose file's bind mount and volume.
: >"$APP/config/production.yaml"
mkdir -p "$APP/data/kyc"
chown -R root:root "$APP"
chown -R 1000:1000 "$APP/data"
[ -d /app ] || mkdir /app

step "3. operator files in $WORK/project"
PROJECT=$WORK/project
mkdir -p "$PROJECT/config"
cp docker-compose.yml "$PROJECT/"
cp -a deploy "$PROJECT/deploy"
rm -f "$PROJECT"/deploy/secrets/[!.]* "$PROJECT"/deploy/tls/[!.]*
cp config/production.example.yaml "$PROJECT/config/"
CT_MANAGER_PASSWORD=$(openssl rand -hex 16) SMTP_PASSWORD=$(openssl rand -hex 16) "$PROJECT/deploy/generate-secrets.sh" "$PROJECT/deploy/secrets"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=crm.example.com -addext subjectAltName=DNS:crm.example.com \
  -keyout "$PROJECT/deploy/tls/privkey.pem" -out "$PROJECT/deploy/tls/fullchain.pem" 2>/dev/null
POSTGRES_PASSWORD=$(openssl rand -hex 16)
cat >"$PROJECT/.env" <<ENV
POSTGRES_USER=deploy_smoke
POSTGRES_DB=deploy_smoke
POSTGRES_PASSWORD=$POSTGRES_PASSWORD
BASE_URL=https://crm.example.com
SMTP_HOST=smtp.internal
SMTP_USER=relay-user
ENV
# The 4.1 password agreed with "Spotware", hashed by the admin CLI as an operator would, in the runtime layout.
CRM_API_PASSWORD=$(openssl rand -hex 12)
export CRM_API_PASSWORD
HOME_DIR=$WORK/home && mkdir -p "$HOME_DIR" && chown 1000:1000 "$HOME_DIR"
CRM_API_PASSWORD_HASH=$(unshare -m --propagation private sh -c "mount --bind '$APP' /app && cd /app && exec setpriv --reuid=1000 --regid=1000 --clear-groups env -i PATH=/usr/local/bin:/usr/bin:/bin HOME='$HOME_DIR' NODE_ENV=production npm run admin --silent -- hash-password --password '$CRM_API_PASSWORD'")
export CRM_API_PASSWORD_HASH

step "   docker-compose config with the operator's .env"
(cd "$PROJECT" && docker-compose config >"$WORK/compose.rendered.yml")

step "4. two apps + nginx, then the checks (jest)"
status=0
npx jest --config jest.deploy.config.js --runInBand || status=$?
if [ "$status" -ne 0 ]; then
  for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "----- $f (last 60 lines)"; tail -n 60 "$f"; }; done
fi
step "done (exit $status)"
[ "$status" -ne 0 ] || rm -rf "$WORK"
exit "$status"
