# Multi-stage: build with dev dependencies, run with production ones only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The API serves the web app from here (it looks for apps/web/dist above its own directory).
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY --from=build /app/bin ./bin
# Owned by the unprivileged user, so a fresh named volume mounted here is writable by `init-secrets`.
RUN mkdir /secrets && chown node:node /secrets
USER node
EXPOSE 3000
# The API; docker-compose.yml runs the worker and the one-shot steps from the same image.
CMD ["node", "dist/apps/api/src/main.js"]
