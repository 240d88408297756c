import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const expressRouter = `const express = require("express");
const { requireAuth, validate } = require("./middleware");
const app = express();
const router = express.Router();

router.get("/health", (req, res) => res.json({ ok: true }));
router.use(requireAuth);
router.get("/orders/:id", validate(orderId), async (req, res) => {
  res.status(200).json(await find(req.params.id));
});
router.post("/orders", passport.authenticate("jwt", { session: false }), createOrder);
router.route("/items/:id").get(getItem).delete(requireAdmin, (req, res) => res.sendStatus(204));
router.all("/ping", ping);
app.use("/api/v1", rateLimit(), router);

function createOrder(req, res) {
  res.status(201).json({});
}
`;

describe("extracting Express, Koa, Hono and Fastify routes", () => {
  it("reads an Express router: mount prefix, router-level guards after the use, inline and local handlers", async () => {
    const surface = await extractApiSurface("src/routes/orders.js", expressRouter);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.label,
        endpoint.handler,
        endpoint.guards.map((guard) => [guard.name, guard.line]),
        endpoint.statusCodes,
        endpoint.line,
        endpoint.endLine,
      ]),
    ).toEqual([
      ["GET /api/v1/health", "GET /api/v1/health", undefined, [], [], 6, 6],
      ["GET /api/v1/orders/{}", "GET /api/v1/orders/:id", undefined, [["requireAuth", 7]], [200], 8, 10],
      [
        "POST /api/v1/orders",
        "POST /api/v1/orders",
        "createOrder",
        [
          ["requireAuth", 7],
          ['passport.authenticate("jwt", { session: false })', 11],
        ],
        [201],
        11,
        11,
      ],
      ["GET /api/v1/items/{}", "GET /api/v1/items/:id", "getItem", [["requireAuth", 7]], [], 12, 12],
      [
        "DELETE /api/v1/items/{}",
        "DELETE /api/v1/items/:id",
        undefined,
        [
          ["requireAuth", 7],
          ["requireAdmin", 12],
        ],
        [204],
        12,
        12,
      ],
      ["ANY /api/v1/ping", "ANY /api/v1/ping", "ping", [["requireAuth", 7]], [], 13, 13],
    ]);
    expect(surface.endpoints.every((endpoint) => endpoint.framework === "express")).toBe(true);
  });

  it("reports auth weakened when the router-level requireAuth is removed", async () => {
    const head = expressRouter.replace("router.use(requireAuth);\n", "\n");
    const base = await extractApiSurface("src/routes/orders.js", expressRouter);
    const changes = compareApiSurfaces([
      { path: "src/routes/orders.js", base, head: await extractApiSurface("src/routes/orders.js", head) },
    ]);
    const weakened = changes.filter((change) => change.kind === "auth-weakened");
    expect(
      weakened.map((change) => [change.base.key, change.removed.map((guard) => [guard.name, guard.line])]),
    ).toEqual([
      ["GET /api/v1/orders/{}", [["requireAuth", 7]]],
      ["POST /api/v1/orders", [["requireAuth", 7]]],
      ["GET /api/v1/items/{}", [["requireAuth", 7]]],
      ["DELETE /api/v1/items/{}", [["requireAuth", 7]]],
      ["ANY /api/v1/ping", [["requireAuth", 7]]],
    ]);
  });

  it("reads an Outline-style Koa route file: dotted paths, auth() guards, optional auth allows all", async () => {
    const source = `import Router from "koa-router";
import auth from "@server/middlewares/authentication";
import validate from "@server/middlewares/validate";
import pagination from "../middlewares/pagination";
import * as T from "./schema";

const router = new Router();

router.post(
  "groups.list",
  auth(),
  pagination(),
  validate(T.GroupsListSchema),
  async (ctx: APIContext<T.GroupsListReq>) => {
    ctx.body = { data: [] };
  }
);

router.post("groups.info", auth({ optional: true }), validate(T.GroupsInfoSchema), async (ctx) => {
  ctx.body = {};
});

router.post("groups.delete", auth({ role: UserRole.Admin }), async (ctx) => {
  ctx.status = 204;
});

export default router;
`;
    const surface = await extractApiSurface("server/routes/api/groups/groups.ts", source);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.label,
        endpoint.framework,
        endpoint.guards,
        endpoint.statusCodes,
        endpoint.line,
        endpoint.endLine,
      ]),
    ).toEqual([
      [
        "POST /groups.list",
        "POST groups.list",
        "koa",
        [{ name: "auth()", allowsAll: false, line: 11 }],
        [],
        9,
        17,
      ],
      [
        "POST /groups.info",
        "POST groups.info",
        "koa",
        [{ name: "auth({ optional: true })", allowsAll: true, line: 19 }],
        [],
        19,
        21,
      ],
      [
        "POST /groups.delete",
        "POST groups.delete",
        "koa",
        [{ name: "auth({ role: UserRole.Admin })", allowsAll: false, line: 23 }],
        [204],
        23,
        25,
      ],
    ]);
  });

  it("applies a Koa router prefix and reads named routes", async () => {
    const source = `import Router from "@koa/router";
const router = new Router({ prefix: "/v1" });
router.get("user", "/users/:id", requireUser, async (ctx) => { ctx.status = 200; });
router.use(requireAuth);
router.post("/users", async (ctx) => { ctx.status = 201; });
`;
    const surface = await extractApiSurface("src/users.ts", source);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.guards.map((guard) => guard.name),
        endpoint.statusCodes,
      ]),
    ).toEqual([
      ["GET /v1/users/{}", ["requireUser"], [200]],
      ["POST /v1/users", ["requireAuth"], [201]],
    ]);
  });

  it("reads Hono routes with a base path, path-scoped middleware, sub-app mounts and chained routes", async () => {
    const source = `import { Hono } from "hono";
import { jwt } from "hono/jwt";
const app = new Hono().basePath("/api");
const admin = new Hono();
app.use("/admin/*", bearerAuth({ token }));
app.get("/health", (c) => c.text("ok"));
app.post("/posts", jwt({ secret: "x" }), async (c) => c.json({ ok: true }, 201));
admin.get("/stats", (c) => c.json({}));
app.route("/admin", admin);
app.get("/admin/users", (c) => c.json([])).delete("/admin/users/:id", (c) => c.body(null, 204));
`;
    const surface = await extractApiSurface("src/index.ts", source);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.framework,
        endpoint.guards.map((guard) => [guard.name, guard.line]),
        endpoint.statusCodes,
      ]),
    ).toEqual([
      ["GET /api/health", "hono", [], []],
      ["POST /api/posts", "hono", [['jwt({ secret: "x" })', 7]], [201]],
      ["GET /api/admin/stats", "hono", [["bearerAuth({ token })", 5]], []],
      ["GET /api/admin/users", "hono", [["bearerAuth({ token })", 5]], []],
      ["DELETE /api/admin/users/{}", "hono", [["bearerAuth({ token })", 5]], [204]],
    ]);
  });

  it("reads Fastify shorthand routes with preHandler options, route() declarations and hooks", async () => {
    const source = `import Fastify from "fastify";
const fastify = Fastify();
fastify.get("/orders/:id", { preHandler: [fastify.authenticate] }, async (request, reply) => {
  reply.code(200);
  return {};
});
fastify.route({ method: ["PUT", "PATCH"], url: "/orders/:id", onRequest: verifyJwt, handler: update });
fastify.addHook("onRequest", requireSession);
fastify.post("/orders", async (req, reply) => reply.code(201).send({}));
`;
    const surface = await extractApiSurface("src/server.ts", source);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.framework,
        endpoint.handler,
        endpoint.guards.map((guard) => [guard.name, guard.line]),
        endpoint.statusCodes,
      ]),
    ).toEqual([
      ["GET /orders/{}", "fastify", undefined, [["fastify.authenticate", 3]], [200]],
      ["PUT /orders/{}", "fastify", "update", [["verifyJwt", 7]], []],
      ["PATCH /orders/{}", "fastify", "update", [["verifyJwt", 7]], []],
      ["POST /orders", "fastify", undefined, [["requireSession", 8]], [201]],
    ]);
  });

  it("still reads the intact routes of a file with a syntax error", async () => {
    const source = `const router = require("express").Router();
router.get("/a", requireAuth, listA);
const broken = {{ ;
router.post("/b", requireAuth, createB);
`;
    const surface = await extractApiSurface("src/routes.js", source);
    expect(
      surface.endpoints.map((endpoint) => [endpoint.key, endpoint.guards.map((guard) => guard.name)]),
    ).toEqual([
      ["GET /a", ["requireAuth"]],
      ["POST /b", ["requireAuth"]],
    ]);
  });

  it("finds nothing in a file without an API", async () => {
    const source = `export function add(a: number, b: number) {
  const cache = new Map();
  cache.get("x");
  return a + b;
}
`;
    expect(await extractApiSurface("src/math.ts", source)).toEqual({ endpoints: [], shapes: [] });
  });

  it("does not take a test file's requests (supertest) for routes", async () => {
    const source = `it("lists", async () => {
  const res = await server.post("/api/shares.list", { body: { token } });
  expect(res.status).toEqual(200);
});
`;
    expect(await extractApiSurface("server/routes/api/shares/shares.test.ts", source)).toEqual({
      endpoints: [],
      shapes: [],
    });
  });
});
