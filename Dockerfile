# The ledger as a container: built once, run as an unprivileged user.
FROM node:20-bookworm-slim AS build
# better-sqlite3 builds from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    TS_NODE_BASEURL=/app/dist \
    LEDGER_HOST=0.0.0.0 \
    LEDGER_PORT=3000 \
    LEDGER_DATA_DIR=/var/lib/consent-ledger
WORKDIR /app
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /var/lib/consent-ledger && chown node:node /var/lib/consent-ledger
USER node
EXPOSE 3000
VOLUME ["/var/lib/consent-ledger"]
# The readiness probe needs no token and tells nothing but ready or not (/health/ready is for operators).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.LEDGER_PORT || process.env.PORT || 3000) + '/health/probe').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# A young generation of 64 MB: requests waiting for their fsync outlive the default one, and GC took a tenth of a check.
# An old space of at most 1 GB: unbounded, V8 sizes its heap for the host and held seven times the live heap
# (docs/benchmarks.md, the memory row). The container needs about 1.5 GB.
CMD ["node", "--max-semi-space-size=64", "--max-old-space-size=1024", "-r", "tsconfig-paths/register", "dist/apps/ledger/src/main.js"]
