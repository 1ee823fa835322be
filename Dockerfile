# syntax=docker/dockerfile:1
# Build: npm ci && npm run build. Run: node dist/main.js as a non-root user.
# The same image runs the worker: `node dist/cli/main.js worker` (with REDIS_URL; see the README).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor ./vendor
# No install scripts yet: `prepare` builds, and the sources come next.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
# node_modules/pako links to the node:zlib shim in vendor/ (see package.json overrides).
COPY --from=build --chown=node:node /app/vendor ./vendor
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json app.yml ./
USER node
EXPOSE 3000
# The server answers /ping (alive) and /ready (credentials, queue and model key usable; for an
# orchestrator's readiness probe). A worker container serves no HTTP: run it with --no-healthcheck.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=1", "dist/main.js"]
