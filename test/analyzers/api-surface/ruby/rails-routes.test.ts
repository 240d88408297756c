import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const routesPath = "config/routes.rb";

const routes = [
  "Rails.application.routes.draw do", // 1
  '  root to: "home#index"',
  '  get "up" => "rails/health#show", as: :rails_health_check',
  "  authenticate :user, ->(user) { user.admin? } do",
  '    mount Sidekiq::Web => "/sidekiq"', // 5
  "  end",
  "",
  "  namespace :api do",
  "    namespace :v1 do",
  "      resources :orders, only: [:index, :show, :create, :destroy] do", // 10
  "        resources :items, only: %i[index create]",
  "        member do",
  "          post :cancel",
  "        end",
  "        collection do", // 15
  "          get :search",
  "        end",
  "      end",
  "      resource :profile, only: [:show, :update]",
  '      get "orders/:id/receipt", to: "receipts#show"', // 20
  '      match "webhooks/:provider", to: "webhooks#receive", via: [:get, :post]',
  "    end",
  "  end",
  "",
  '  scope "/v2", module: "v2" do', // 25
  "    constraints(format: :json) do",
  '      delete "sessions", to: "sessions#destroy"',
  "    end",
  "  end",
  "end", // 30
].join("\n");

describe("Ruby extractor: Rails routes", () => {
  it("expands routes.rb into one endpoint per route, with Rails' controller#action", async () => {
    const surface = await extractApiSurface(routesPath, routes);
    expect(surface.endpoints.map((endpoint) => [endpoint.key, endpoint.handler, endpoint.line])).toEqual([
      ["GET /", "home#index", 2],
      ["GET /up", "rails/health#show", 3],
      ["ANY /sidekiq", "Sidekiq::Web", 5],
      ["GET /api/v1/orders", "api/v1/orders#index", 10],
      ["POST /api/v1/orders", "api/v1/orders#create", 10],
      ["GET /api/v1/orders/{}", "api/v1/orders#show", 10],
      ["DELETE /api/v1/orders/{}", "api/v1/orders#destroy", 10],
      ["GET /api/v1/orders/{}/items", "api/v1/items#index", 11],
      ["POST /api/v1/orders/{}/items", "api/v1/items#create", 11],
      ["POST /api/v1/orders/{}/cancel", "api/v1/orders#cancel", 13],
      ["GET /api/v1/orders/search", "api/v1/orders#search", 16],
      ["GET /api/v1/profile", "api/v1/profiles#show", 19],
      ["PATCH /api/v1/profile", "api/v1/profiles#update", 19],
      ["PUT /api/v1/profile", "api/v1/profiles#update", 19],
      ["GET /api/v1/orders/{}/receipt", "api/v1/receipts#show", 20],
      ["GET /api/v1/webhooks/{}", "api/v1/webhooks#receive", 21],
      ["POST /api/v1/webhooks/{}", "api/v1/webhooks#receive", 21],
      ["DELETE /v2/sessions", "v2/sessions#destroy", 27],
    ]);
  });

  it("labels routes with their declared path and marks them rails", async () => {
    const surface = await extractApiSurface(routesPath, routes);
    const items = surface.endpoints.find((endpoint) => endpoint.key === "GET /api/v1/orders/{}/items");
    expect(items).toEqual({
      key: "GET /api/v1/orders/{}/items",
      label: "GET /api/v1/orders/:order_id/items",
      framework: "rails",
      method: "GET",
      path: "/api/v1/orders/:order_id/items",
      handler: "api/v1/items#index",
      guards: [],
      statusCodes: [],
      line: 11,
      endLine: 11,
    });
  });

  it("guards routes inside Devise's authenticate block", async () => {
    const surface = await extractApiSurface(routesPath, routes);
    const sidekiq = surface.endpoints.find((endpoint) => endpoint.key === "ANY /sidekiq");
    expect(sidekiq?.guards).toEqual([
      { name: "authenticate :user, ->(user) { user.admin? }", allowsAll: false, line: 4 },
    ]);
  });

  it("draws all seven actions for a plain resources, none with except:, and routes shallow members at the top", async () => {
    const source = [
      "Rails.application.routes.draw do",
      "  resources :categories, except: :destroy, shallow: true do",
      "    resources :products, only: [:index, :show]",
      "  end",
      "end",
    ].join("\n");
    const surface = await extractApiSurface(routesPath, source);
    expect(surface.endpoints.map((endpoint) => endpoint.label)).toEqual([
      "GET /categories",
      "POST /categories",
      "GET /categories/new",
      "GET /categories/:id/edit",
      "GET /categories/:id",
      "PATCH /categories/:id",
      "PUT /categories/:id",
      "GET /categories/:category_id/products",
      "GET /products/:id",
    ]);
  });

  it("reports the route a narrower only: removes", async () => {
    const head = routes.replace("only: [:index, :show, :create, :destroy]", "only: [:index, :show, :create]");
    const changes = compareApiSurfaces([
      {
        path: routesPath,
        base: await extractApiSurface(routesPath, routes),
        head: await extractApiSurface(routesPath, head),
      },
    ]);
    expect(changes.map((change) => [change.kind, "endpoint" in change ? change.endpoint.key : ""])).toEqual([
      ["endpoint-removed", "DELETE /api/v1/orders/{}"],
    ]);
  });

  it("reports routes moved out of the authenticate block as weakened", async () => {
    const head = routes.replace("  authenticate :user, ->(user) { user.admin? } do\n", "  begin\n");
    const changes = compareApiSurfaces([
      {
        path: routesPath,
        base: await extractApiSurface(routesPath, routes),
        head: await extractApiSurface(routesPath, head),
      },
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: "auth-weakened",
      removed: [{ name: "authenticate :user, ->(user) { user.admin? }", allowsAll: false, line: 4 }],
      allowsAll: [],
    });
  });

  it("still reads the intact routes of a routes file with a syntax error", async () => {
    const source = [
      "Rails.application.routes.draw do",
      "  resources :orders, only: [:index]",
      "  namespace :admin do",
      '    get "reports", to: )',
      "  end",
      '  post "payments", to: "payments#create"',
      "end",
    ].join("\n");
    const surface = await extractApiSurface(routesPath, source);
    expect(surface.endpoints.map((endpoint) => [endpoint.key, endpoint.handler, endpoint.line])).toEqual([
      ["GET /orders", "orders#index", 2],
      ["GET /admin/reports", undefined, 4],
      ["POST /payments", "payments#create", 6],
    ]);
  });

  it("reads routes only from routes files", async () => {
    const source = 'get "orders", to: "orders#index"\n';
    expect(await extractApiSurface("app/models/order.rb", source)).toEqual({ endpoints: [], shapes: [] });
    expect((await extractApiSurface("config/routes/admin.rb", source)).endpoints.map((e) => e.key)).toEqual([
      "GET /orders",
    ]);
  });
});
