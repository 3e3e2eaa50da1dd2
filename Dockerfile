# syntax=docker/dockerfile:1
# Multi-stage: build with the toolchain (better-sqlite3 compiles natively), run slim as a non-root user.
# The deploy smoke test (scripts/deploy-smoke.sh) reproduces the runtime stage's layout: /app holds the production
# node_modules, dist/, package.json, config/ and scripts/run-built.js, all owned by root; only /app/data is writable.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ormconfig.ts ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && rm -f dist/.build-stamp.json && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root scripts/run-built.js ./scripts/run-built.js
COPY --chown=root:root config ./config
# /app/data/kyc is where docker-compose.yml mounts the shared kyc-documents volume; a new volume takes this owner.
RUN mkdir -p /app/data/kyc && chown -R node:node /app/data
USER node
EXPOSE 3000
# Liveness, not readiness: /health/ready includes each broker's cTrader host, and an outage at Spotware must not
# mark every container unhealthy (and get it restarted). Load balancers and dashboards use /health/ready.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
