# One image for every Lethe app; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /lethe
COPY package.json package-lock.json .npmrc ./
COPY libs/config/package.json libs/config/
COPY libs/deletion-sdk/package.json libs/deletion-sdk/
RUN npm ci
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /lethe
COPY --from=build /lethe/package.json ./
COPY --from=build /lethe/node_modules node_modules
COPY --from=build /lethe/libs/config/package.json libs/config/
COPY --from=build /lethe/libs/config/dist libs/config/dist
COPY --from=build /lethe/libs/deletion-sdk/package.json libs/deletion-sdk/
COPY --from=build /lethe/libs/deletion-sdk/dist libs/deletion-sdk/dist
COPY --from=build /lethe/dist dist
# the dashboard's static files are served as they are, not compiled
COPY --from=build /lethe/apps/coordinator/src/dashboard/web apps/coordinator/src/dashboard/web
USER node
CMD ["node", "dist/apps/coordinator/src/main.js"]
