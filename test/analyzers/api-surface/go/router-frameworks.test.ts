import { describe, expect, it } from "vitest";
import type { Endpoint } from "../../../../src/analyzers/api-surface/api-surface.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const summary = (endpoint: Endpoint) => ({
  key: endpoint.key,
  framework: endpoint.framework,
  handler: endpoint.handler,
  guards: endpoint.guards.map((guard) => `${guard.name}@${guard.line}`),
  statusCodes: endpoint.statusCodes,
});

describe("Go routes in net/http, gorilla/mux, gin and echo", () => {
  it("reads Go 1.22 method patterns, plain patterns as ANY and access-control handler wrappers", async () => {
    const surface = await extractApiSurface(
      "cmd/server/main.go",
      `package main

import "net/http"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", getOrder)
	mux.HandleFunc("POST /orders", createOrder)
	mux.Handle("/admin/", requireAdmin(http.HandlerFunc(adminPage)))
	http.HandleFunc("/healthz", health)
	http.ListenAndServe(":8080", mux)
}

func getOrder(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func CreateOrder(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(201)
}
`,
    );
    expect(surface.endpoints.map(summary)).toEqual([
      { key: "GET /orders/{}", framework: "net/http", handler: "getOrder", guards: [], statusCodes: [200] },
      { key: "POST /orders", framework: "net/http", handler: "createOrder", guards: [], statusCodes: [] },
      {
        key: "ANY /admin",
        framework: "net/http",
        handler: "adminPage",
        guards: ["requireAdmin@9"],
        statusCodes: [],
      },
      { key: "ANY /healthz", framework: "net/http", handler: "health", guards: [], statusCodes: [] },
      { key: "handler getOrder", framework: "net/http", handler: "getOrder", guards: [], statusCodes: [200] },
      {
        key: "handler CreateOrder",
        framework: "net/http",
        handler: "CreateOrder",
        guards: [],
        statusCodes: [201],
      },
    ]);
    expect(surface.endpoints[0]).toMatchObject({ method: "GET", path: "/orders/{id}", line: 7, endLine: 7 });
  });

  it("reads gorilla subrouters and one endpoint per listed method", async () => {
    const surface = await extractApiSurface(
      "router.go",
      `package main

import "github.com/gorilla/mux"

func NewRouter() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/", home)
	api := r.PathPrefix("/api/v1").Subrouter()
	api.Use(authMiddleware)
	api.HandleFunc("/items/{id:[0-9]+}", item).
		Methods(http.MethodGet, "PUT").
		Name("item")
	return r
}
`,
    );
    expect(surface.endpoints.map(summary)).toEqual([
      { key: "ANY /", framework: "net/http", handler: "home", guards: [], statusCodes: [] },
      {
        key: "GET /api/v1/items/{}",
        framework: "net/http",
        handler: "item",
        guards: ["authMiddleware@9"],
        statusCodes: [],
      },
      {
        key: "PUT /api/v1/items/{}",
        framework: "net/http",
        handler: "item",
        guards: ["authMiddleware@9"],
        statusCodes: [],
      },
    ]);
    expect(surface.endpoints[1]).toMatchObject({ line: 10, endLine: 12 });
  });

  it("reads gin groups with their middleware, Use, per-route middleware and inline handlers", async () => {
    const surface = await extractApiSurface(
      "routes.go",
      `package main

import "github.com/gin-gonic/gin"

func setup(r *gin.Engine) {
	r.GET("/ping", ping)
	v1 := r.Group("/v1", authMiddleware())
	v1.Use(requireAdmin)
	{
		v1.GET("/orders/:id", rateLimit(), requireOwner, h.getOrder)
		v1.POST("/orders", func(c *gin.Context) {
			c.JSON(http.StatusCreated, gin.H{})
		})
	}
	r.Any("/legacy", legacy)
}
`,
    );
    expect(surface.endpoints.map(summary)).toEqual([
      { key: "GET /ping", framework: "gin", handler: "ping", guards: [], statusCodes: [] },
      {
        key: "GET /v1/orders/{}",
        framework: "gin",
        handler: "h.getOrder",
        guards: ["authMiddleware()@7", "requireAdmin@8", "requireOwner@10"],
        statusCodes: [],
      },
      {
        key: "POST /v1/orders",
        framework: "gin",
        handler: undefined,
        guards: ["authMiddleware()@7", "requireAdmin@8"],
        statusCodes: [201],
      },
      { key: "ANY /legacy", framework: "gin", handler: "legacy", guards: [], statusCodes: [] },
    ]);
    expect(surface.endpoints[2]).toMatchObject({ line: 11, endLine: 13 });
  });

  it("reads echo routes with middleware after the handler and groups with middleware", async () => {
    const surface = await extractApiSurface(
      "server.go",
      `package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func main() {
	e := echo.New()
	e.GET("/users/:id", GetUser, middleware.JWT([]byte("secret")))
	admin := e.Group("/admin", requireAdmin, middleware.Logger())
	admin.DELETE("/users/:id", deleteUser)
	e.Logger.Fatal(e.Start(":1323"))
}

func GetUser(c echo.Context) error {
	return c.JSON(http.StatusOK, nil)
}
`,
    );
    expect(surface.endpoints.map(summary)).toEqual([
      {
        key: "GET /users/{}",
        framework: "echo",
        handler: "GetUser",
        guards: ['middleware.JWT([]byte("secret"))@12'],
        statusCodes: [200],
      },
      {
        key: "DELETE /admin/users/{}",
        framework: "echo",
        handler: "deleteUser",
        guards: ["requireAdmin@13"],
        statusCodes: [],
      },
      { key: "handler GetUser", framework: "echo", handler: "GetUser", guards: [], statusCodes: [200] },
    ]);
  });
});
