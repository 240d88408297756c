# syntax=docker/dockerfile:1
# backend-architect: the webhook server (ROLE=web), a queue worker (ROLE=worker) or both (default), one image.
#
# Node 24 is a maintained LTS that every dependency's `engines` accepts (package.json: ^20.19.0 || >=22.12.0).
# The tag pins the exact release; in production pin the digest too (`node:24.21.0-bookworm-slim@sha256:…`)
# and let Renovate or Dependabot propose upgrades.

# Build: dev dependencies (TypeScript) compile src/ to dist/.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: no dependency needs one to work (tree-sitter grammars, libpg-query and hcl2json are
# WebAssembly inside their packages), and skipping them keeps a compromised package from running at build time.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies, the compiled app and the files it reads at run time.
FROM node:24.21.0-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# agents/*.md: the bundled architect agent (found next to package.json). app.yml: the manifest for the
# set-up flow. Grammars (WASM) come with node_modules.
COPY agents ./agents
COPY app.yml ./
# The image's own `node` user (uid 1000); files stay owned by root, so the process cannot rewrite the app.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
