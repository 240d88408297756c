import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const path = "internal/api/api.go";

// Supabase auth's layout: a chi wrapper type whose methods keep chi's names.
const supabaseStyle = `package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func NewAPI() *API {
	api := &API{}
	r := newRouter()
	r.Get("/health", api.HealthCheck)
	r.Route("/", func(r *router) {
		r.With(api.limitHandler(api.limiterOpts.Verify)).Post("/signup", api.Signup)
		r.With(api.requireAuthentication).Route("/user", func(r *router) {
			r.Get("/", api.UserGet)
			r.Put("/", api.UserUpdate)
		})
		r.Route("/admin", func(r *router) {
			r.Use(api.requireAdmin)
			r.Route("/users/{user_id}", func(r *router) {
				r.Use(api.loadUser)
				r.Delete("/", api.adminUserDelete)
			})
		})
		r.Group(func(r *router) {
			r.Use(api.requireAuthentication)
			r.Post("/logout", api.Logout)
		})
		r.Get("/settings", api.Settings)
	})
	return api
}

func (a *API) UserGet(w http.ResponseWriter, r *http.Request) error {
	return sendJSON(w, http.StatusOK, a.user)
}
`;

const auth = (line: number) => ({ name: "api.requireAuthentication", allowsAll: false, line });
const admin = { name: "api.requireAdmin", allowsAll: false, line: 20 };

describe("Go chi routes", () => {
  it("joins nested Route prefixes and inherits With, Use and Group guards in a chi-style wrapper", async () => {
    const surface = await extractApiSurface(path, supabaseStyle);
    expect(
      surface.endpoints.map((endpoint) => ({
        key: endpoint.key,
        label: endpoint.label,
        handler: endpoint.handler,
        guards: endpoint.guards,
        line: endpoint.line,
      })),
    ).toEqual([
      { key: "GET /health", label: "GET /health", handler: "api.HealthCheck", guards: [], line: 12 },
      { key: "POST /signup", label: "POST /signup", handler: "api.Signup", guards: [], line: 14 },
      { key: "GET /user", label: "GET /user/", handler: "api.UserGet", guards: [auth(15)], line: 16 },
      { key: "PUT /user", label: "PUT /user/", handler: "api.UserUpdate", guards: [auth(15)], line: 17 },
      {
        key: "DELETE /admin/users/{}",
        label: "DELETE /admin/users/{user_id}/",
        handler: "api.adminUserDelete",
        guards: [admin],
        line: 23,
      },
      { key: "POST /logout", label: "POST /logout", handler: "api.Logout", guards: [auth(27)], line: 28 },
      { key: "GET /settings", label: "GET /settings", handler: "api.Settings", guards: [], line: 30 },
      { key: "handler API.UserGet", label: "API.UserGet", handler: "API.UserGet", guards: [], line: 35 },
    ]);
    expect(surface.endpoints.every((e) => e.framework === "chi" || e.key.startsWith("handler"))).toBe(true);
  });

  it("gives a route the status codes of the same-file handler it names", async () => {
    const surface = await extractApiSurface(path, supabaseStyle);
    const userGet = surface.endpoints.find((endpoint) => endpoint.key === "GET /user");
    expect(userGet?.statusCodes).toEqual([200]);
    expect(userGet?.method).toBe("GET");
    expect(userGet?.path).toBe("/user/");
  });

  it("reports auth-weakened when r.Use(requireAuth) is removed from a router", async () => {
    const source = (use: string) => `package api

import "github.com/go-chi/chi/v5"

func Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/status", status)
${use}
	r.Get("/orders", h.listOrders)
	r.Mount("/admin", adminRouter())
	return r
}

func adminRouter() chi.Router {
	r := chi.NewRouter()
	r.Use(requireAdmin)
	r.Delete("/orders/{id}", h.deleteOrder)
	return r
}
`;
    const base = await extractApiSurface("routes.go", source("\tr.Use(requireAuth)"));
    const head = await extractApiSurface("routes.go", source(""));
    expect(base.endpoints.map((e) => [e.key, e.guards.map((g) => `${g.name}@${g.line}`)])).toEqual([
      ["GET /status", []],
      ["GET /orders", ["requireAuth@8"]],
      ["DELETE /admin/orders/{}", ["requireAuth@8", "requireAdmin@16"]],
    ]);
    const changes = compareApiSurfaces([{ path: "routes.go", base, head }]);
    expect(changes.map((change) => change.kind)).toEqual(["auth-weakened", "auth-weakened"]);
    expect(changes[0]).toMatchObject({
      kind: "auth-weakened",
      base: { key: "GET /orders" },
      removed: [{ name: "requireAuth", allowsAll: false, line: 8 }],
    });
  });

  it("reads chi Method and Handle registrations, and an allow-anonymous middleware added in head weakens auth", async () => {
    const source = (extra: string) => `package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes(r chi.Router) {
	r.Use(requireAuth)
	r.Method(http.MethodPatch, "/orders/{id}", h.patchOrder)
	r${extra}.Handle("/files/*", files)
}
`;
    const base = await extractApiSurface("routes.go", source(""));
    const head = await extractApiSurface("routes.go", source(".With(allowAnonymous)"));
    expect(base.endpoints.map((e) => [e.key, e.framework, e.handler])).toEqual([
      ["PATCH /orders/{}", "chi", "h.patchOrder"],
      ["ANY /files/*", "chi", "files"],
    ]);
    expect(compareApiSurfaces([{ path: "routes.go", base, head }])).toMatchObject([
      {
        kind: "auth-weakened",
        base: { key: "ANY /files/*" },
        removed: [],
        allowsAll: [{ name: "allowAnonymous", allowsAll: true, line: 12 }],
      },
    ]);
  });

  it("still reads the intact routes of a file with a syntax error", async () => {
    const surface = await extractApiSurface(
      "routes.go",
      `package main

import "github.com/go-chi/chi/v5"

func routes() {
	r := chi.NewRouter()
	r.Use(requireAuth)
	r.Get("/orders", listOrders)
	r.Post("/orders", func(w http.ResponseWriter, r *http.Request) {
		if x := {{{ ;
	})
	r.Delete("/orders/{id}", deleteOrder)
}
`,
    );
    expect(surface.endpoints.map((e) => [e.key, e.guards.map((g) => g.name)])).toEqual([
      ["GET /orders", ["requireAuth"]],
      ["DELETE /orders/{}", ["requireAuth"]],
    ]);
  });

  it("finds nothing in a Go file without routes, handlers or json structs", async () => {
    const surface = await extractApiSurface(
      "cache.go",
      `package cache

type entry struct { value string }

func (c *Cache) Lookup(key string) string {
	v, _ := c.store.Get("key", &entry{})
	return v
}
`,
    );
    expect(surface).toEqual({ endpoints: [], shapes: [] });
  });
});
