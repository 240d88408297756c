import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const apiPath = "app/api/v1/orders.rb";

const api = [
  "module API", // 1
  "  module V1",
  "    class Orders < Grape::API",
  '      version "v1", using: :path',
  "      prefix :api", // 5
  "      format :json",
  "",
  "      before { authenticate! }",
  "",
  "      resource :orders do", // 10
  "        get do",
  "          present current_user.orders",
  "        end",
  "",
  "        params do", // 15
  "          requires :sku, type: String",
  "          optional :quantity, type: Integer, default: 1",
  "        end",
  "        post do",
  "          status 201", // 20
  "          Order.create!(declared(params))",
  "        end",
  "",
  "        route_param :id do",
  "          delete do", // 25
  "            doorkeeper_authorize! :admin",
  "            status :no_content",
  "          end",
  "        end",
  "      end", // 30
  "    end",
  "  end",
  "end",
].join("\n");

const authenticate = { name: "authenticate!", allowsAll: false, line: 8 };

describe("Ruby extractor: Grape", () => {
  it("reads routes under prefix, path version, resources and route params", async () => {
    const surface = await extractApiSurface(apiPath, api);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.label,
        endpoint.guards,
        endpoint.statusCodes,
        endpoint.line,
      ]),
    ).toEqual([
      ["GET /api/v1/orders", "GET /api/v1/orders", [authenticate], [], 11],
      ["POST /api/v1/orders", "POST /api/v1/orders", [authenticate], [201], 19],
      [
        "DELETE /api/v1/orders/{}",
        "DELETE /api/v1/orders/:id",
        [authenticate, { name: "doorkeeper_authorize!", allowsAll: false, line: 26 }],
        [204],
        25,
      ],
    ]);
  });

  it("reads the params block before a route as its request shape", async () => {
    const surface = await extractApiSurface(apiPath, api);
    expect(surface.shapes).toEqual([
      {
        name: "POST /api/v1/orders params",
        role: "request",
        fields: [
          { name: "sku", required: true, line: 16 },
          { name: "quantity", required: false, line: 17 },
        ],
        open: false,
        line: 15,
        endLine: 18,
      },
    ]);
  });

  it("reports a removed before-authenticate as weakened auth", async () => {
    const head = api.replace("      before { authenticate! }", "");
    const changes = compareApiSurfaces([
      {
        path: apiPath,
        base: await extractApiSurface(apiPath, api),
        head: await extractApiSurface(apiPath, head),
      },
    ]);
    expect(changes.map((change) => [change.kind, "removed" in change ? change.removed : undefined])).toEqual([
      ["auth-weakened", [authenticate]],
      ["auth-weakened", [authenticate]],
      ["auth-weakened", [authenticate]],
    ]);
  });

  it("reports a newly required param", async () => {
    const head = api.replace(
      "optional :quantity, type: Integer, default: 1",
      "requires :quantity, type: Integer",
    );
    const changes = compareApiSurfaces([
      {
        path: apiPath,
        base: await extractApiSurface(apiPath, api),
        head: await extractApiSurface(apiPath, head),
      },
    ]);
    expect(changes).toMatchObject([
      { kind: "fields-newly-required", fields: [{ name: "quantity", required: true }] },
    ]);
  });
});
