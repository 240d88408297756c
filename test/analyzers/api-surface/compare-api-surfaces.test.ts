import { describe, expect, it } from "vitest";
import type { ApiSurface, Endpoint, Guard, Shape } from "../../../src/analyzers/api-surface/api-surface.js";
import { compareApiSurfaces } from "../../../src/analyzers/api-surface/compare-api-surfaces.js";

const guard = (name: string, line: number, allowsAll = false): Guard => ({ name, allowsAll, line });

function route(method: string, path: string, line: number, extra: Partial<Endpoint> = {}): Endpoint {
  return {
    key: `${method} ${path.replace(/:\w+/g, "{}")}`,
    label: `${method} ${path}`,
    framework: "express",
    method,
    path,
    guards: [],
    statusCodes: [],
    line,
    endLine: line,
    ...extra,
  };
}

function shape(
  name: string,
  role: Shape["role"],
  fields: Array<[string, boolean, number]>,
  open = false,
): Shape {
  return {
    name,
    role,
    fields: fields.map(([fieldName, required, line]) => ({ name: fieldName, required, line })),
    open,
    line: 1,
    endLine: 10,
  };
}

const surface = (endpoints: Endpoint[], shapes: Shape[] = []): ApiSurface => ({ endpoints, shapes });

describe("comparing the API surface of a PR", () => {
  it("reports an endpoint that is gone from every head file", () => {
    const destroy = route("DELETE", "/v1/orders/:id", 12);
    const changes = compareApiSurfaces([
      {
        path: "routes/orders.ts",
        base: surface([route("GET", "/v1/orders", 10), destroy]),
        head: surface([route("GET", "/v1/orders", 10)]),
      },
    ]);
    expect(changes).toEqual([{ kind: "endpoint-removed", path: "routes/orders.ts", endpoint: destroy }]);
  });

  it("takes an endpoint that left one file for another as moved, not removed", () => {
    const list = route("GET", "/v1/orders", 3, { guards: [guard("requireAuth", 3)] });
    const changes = compareApiSurfaces([
      { path: "routes/index.ts", base: surface([list]) },
      {
        path: "routes/orders.ts",
        head: surface([{ ...list, line: 8, endLine: 8, guards: [guard("requireAuth", 8)] }]),
      },
    ]);
    expect(changes).toEqual([]);
  });

  it("reports a renamed path parameter as nothing, and a changed path as a removal", () => {
    const changes = compareApiSurfaces([
      {
        path: "routes/orders.ts",
        base: surface([route("GET", "/v1/orders/:id", 4), route("GET", "/v1/order-items", 5)]),
        head: surface([route("GET", "/v1/orders/:orderId", 4), route("GET", "/v2/order-items", 5)]),
      },
    ]);
    expect(changes.map((change) => change.kind === "endpoint-removed" && change.endpoint.label)).toEqual([
      "GET /v1/order-items",
    ]);
  });

  it("reports a guard removed without a replacement, and an allow-all guard added", () => {
    const base = surface([
      route("GET", "/v1/orders", 4, { guards: [guard("requireAuth", 4)] }),
      route("GET", "/v1/reports", 5, { guards: [guard("IsAuthenticated", 2)] }),
      route("GET", "/v1/admin", 6, { guards: [guard("requireAuth", 6)] }),
    ]);
    const head = surface([
      route("GET", "/v1/orders", 4),
      route("GET", "/v1/reports", 5, { guards: [guard("AllowAny", 2, true)] }),
      route("GET", "/v1/admin", 6, { guards: [guard("requireAdmin", 6)] }),
    ]);
    const changes = compareApiSurfaces([{ path: "routes.ts", base, head }]);
    expect(
      changes.map(
        (change) =>
          change.kind === "auth-weakened" && [
            change.head.label,
            change.removed.map((g) => g.name),
            change.allowsAll.map((g) => g.name),
          ],
      ),
    ).toEqual([
      ["GET /v1/orders", ["requireAuth"], []],
      ["GET /v1/reports", ["IsAuthenticated"], ["AllowAny"]],
    ]);
  });

  it("does not take a reformatted guard for a removed one", () => {
    const changes = compareApiSurfaces([
      {
        path: "OrderController.java",
        base: surface([
          route("GET", "/orders", 4, { guards: [guard(`@PreAuthorize("hasRole('USER')")`, 3)] }),
        ]),
        head: surface([
          route("GET", "/orders", 5, { guards: [guard(`@PreAuthorize( "hasRole('USER')" )`, 4)] }),
        ]),
      },
    ]);
    expect(changes).toEqual([]);
  });

  it("reports a changed success status but not a new error status", () => {
    const base = surface([
      route("POST", "/v1/orders", 4, { statusCodes: [201, 422] }),
      route("GET", "/v1/orders", 9, { statusCodes: [200] }),
    ]);
    const head = surface([
      route("POST", "/v1/orders", 4, { statusCodes: [200, 422] }),
      route("GET", "/v1/orders", 9, { statusCodes: [200, 404] }),
    ]);
    const changes = compareApiSurfaces([{ path: "routes.ts", base, head }]);
    expect(changes).toEqual([
      {
        kind: "status-changed",
        path: "routes.ts",
        base: base.endpoints[0],
        head: head.endpoints[0],
        removed: [201],
        added: [200],
      },
    ]);
  });

  it("reports fields removed from a shape, unless the head's field list is open", () => {
    const base = [
      shape("OrderSerializer", "both", [
        ["id", false, 5],
        ["total", false, 5],
        ["status", false, 5],
      ]),
      shape("UserSerializer", "both", [
        ["id", false, 20],
        ["email", false, 20],
      ]),
    ];
    const head = [
      shape("OrderSerializer", "both", [["id", false, 5]]),
      shape("UserSerializer", "both", [["id", false, 20]], true),
    ];
    const changes = compareApiSurfaces([
      { path: "serializers.py", base: surface([], base), head: surface([], head) },
    ]);
    expect(changes).toEqual([
      {
        kind: "fields-removed",
        path: "serializers.py",
        base: base[0],
        head: head[0],
        fields: base[0]?.fields.slice(1),
      },
    ]);
  });

  it("reports request fields that became required, and not a shape that is new or removed", () => {
    const base = [
      shape("CreateOrder", "request", [
        ["sku", true, 3],
        ["note", false, 4],
      ]),
      shape("Gone", "response", [["a", false, 9]]),
    ];
    const head = [
      shape("CreateOrder", "request", [
        ["sku", true, 3],
        ["note", true, 4],
        ["currency", true, 5],
        ["coupon", false, 6],
      ]),
      shape("OrderOut", "response", [["id", true, 9]]),
    ];
    const changes = compareApiSurfaces([
      { path: "schema.ts", base: surface([], base), head: surface([], head) },
    ]);
    expect(changes).toEqual([
      {
        kind: "fields-newly-required",
        path: "schema.ts",
        base: base[0],
        head: head[0],
        fields: head[0]?.fields.slice(1, 3),
      },
    ]);
  });

  it("finds nothing in an added file, and removes every endpoint of a deleted one", () => {
    const list = route("GET", "/v1/orders", 3);
    expect(compareApiSurfaces([{ path: "new.ts", head: surface([list]) }])).toEqual([]);
    expect(compareApiSurfaces([{ path: "old.ts", base: surface([list]) }])).toEqual([
      { kind: "endpoint-removed", path: "old.ts", endpoint: list },
    ]);
  });
});
