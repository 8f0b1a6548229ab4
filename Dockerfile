# krastie-mcp over Streamable HTTP. The build stage bundles everything into dist/ (no runtime
# dependencies), so the image holds Node and dist/ only.
#
#   docker build -t krastie-mcp .
#   docker run -p 8787:8787 -e KRASTIE_MCP_TOKEN=... -e KRASTIE_API_KEY=krastie_... krastie-mcp
#
# It binds 0.0.0.0 inside the container, so KRASTIE_MCP_TOKEN is required (it refuses to start, exit 2,
# without one). Add the public host name clients use to KRASTIE_MCP_ALLOWED_HOSTS.

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build.mjs

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/dist ./dist
COPY LICENSE ./
COPY --from=build /src/THIRD_PARTY_NOTICES.md ./
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) lets requests in flight finish for up to KRASTIE_MCP_SHUTDOWN_GRACE_MS (10 s):
# give docker stop more than that, e.g. docker stop -t 15.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli.js", "--http", "--host", "0.0.0.0", "--port", "8787"]
