import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const controllerPath = "app/controllers/api/v1/orders_controller.rb";

const controller = [
  "module Api", // 1
  "  module V1",
  "    class OrdersController < ApplicationController",
  "      before_action :authenticate_user!",
  "      before_action :set_order, only: %i[show update destroy]", // 5
  "      before_action :require_admin, only: [:destroy]",
  "",
  "      def index",
  "        render json: policy_scope(Order).order(created_at: :desc)",
  "      end", // 10
  "",
  "      def show",
  "        authorize @order",
  "        render json: @order, serializer: OrderSerializer",
  "      end", // 15
  "",
  "      def create",
  "        @order = current_user.orders.new(order_params)",
  "        if @order.save",
  "          render json: @order, status: :created", // 20
  "        else",
  "          render json: @order.errors, status: :unprocessable_entity",
  "        end",
  "      end",
  "", // 25
  "      def update",
  "        authorize @order",
  "        @order.update!(order_params)",
  "        render json: @order, status: 200",
  "      end", // 30
  "",
  "      def destroy",
  "        @order.destroy!",
  "        head :no_content",
  "      end", // 35
  "",
  "      private",
  "",
  "      def set_order",
  "        @order = Order.find(params.require(:id))", // 40
  "      end",
  "",
  "      def order_params",
  "        params.require(:order).permit(:note, :shipping_address_id, items: [:sku, :quantity])",
  "      end", // 45
  "    end",
  "  end",
  "end",
].join("\n");

const authenticate = { name: "before_action :authenticate_user!", allowsAll: false, line: 4 };

async function compare(base: string, head: string) {
  return compareApiSurfaces([
    {
      path: controllerPath,
      base: await extractApiSurface(controllerPath, base),
      head: await extractApiSurface(controllerPath, head),
    },
  ]);
}

describe("Ruby extractor: Rails controllers", () => {
  it("turns each public method into an action named after the fully qualified controller", async () => {
    const surface = await extractApiSurface(controllerPath, controller);
    expect(
      surface.endpoints.map((endpoint) => [endpoint.key, endpoint.label, endpoint.line, endpoint.endLine]),
    ).toEqual([
      ["action Api::V1::OrdersController#index", "Api::V1::OrdersController#index", 8, 10],
      ["action Api::V1::OrdersController#show", "Api::V1::OrdersController#show", 12, 15],
      ["action Api::V1::OrdersController#create", "Api::V1::OrdersController#create", 17, 24],
      ["action Api::V1::OrdersController#update", "Api::V1::OrdersController#update", 26, 30],
      ["action Api::V1::OrdersController#destroy", "Api::V1::OrdersController#destroy", 32, 35],
    ]);
    expect(surface.endpoints[0]).toMatchObject({
      framework: "rails",
      handler: "Api::V1::OrdersController#index",
    });
    expect(surface.endpoints[0]?.method).toBeUndefined();
  });

  it("applies access-control filters to the actions only:/except: select, plus Pundit checks inside", async () => {
    const surface = await extractApiSurface(controllerPath, controller);
    expect(surface.endpoints.map((endpoint) => endpoint.guards)).toEqual([
      [authenticate, { name: "policy_scope", allowsAll: false, line: 9 }],
      [authenticate, { name: "authorize", allowsAll: false, line: 13 }],
      [authenticate],
      [authenticate, { name: "authorize", allowsAll: false, line: 27 }],
      [authenticate, { name: "before_action :require_admin", allowsAll: false, line: 6 }],
    ]);
  });

  it("maps the statuses actions answer with to numbers", async () => {
    const surface = await extractApiSurface(controllerPath, controller);
    expect(surface.endpoints.map((endpoint) => endpoint.statusCodes)).toEqual([
      [],
      [],
      [201, 422],
      [200],
      [204],
    ]);
  });

  it("reads strong parameters as a request shape with optional permitted fields", async () => {
    const surface = await extractApiSurface(controllerPath, controller);
    expect(surface.shapes).toEqual([
      {
        name: "Api::V1::OrdersController#set_order",
        role: "request",
        fields: [{ name: "id", required: true, line: 40 }],
        open: false,
        line: 39,
        endLine: 41,
      },
      {
        name: "Api::V1::OrdersController#order_params",
        role: "request",
        fields: [
          { name: "note", required: false, line: 44 },
          { name: "shipping_address_id", required: false, line: 44 },
          { name: "items", required: false, line: 44 },
        ],
        open: false,
        line: 43,
        endLine: 45,
      },
    ]);
  });

  it("reports skip_before_action :authenticate_user! on index as weakened auth, with the allow-all guard", async () => {
    const head = controller.replace(
      "      before_action :set_order,",
      "      skip_before_action :authenticate_user!, only: [:index]\n      before_action :set_order,",
    );
    const changes = await compare(controller, head);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: "auth-weakened",
      base: { key: "action Api::V1::OrdersController#index" },
      removed: [authenticate],
      allowsAll: [{ name: "skip_before_action :authenticate_user!", allowsAll: true, line: 5 }],
    });
  });

  it("reports a removed Pundit authorize call and a changed success status", async () => {
    const head = controller
      .replace("        authorize @order\n        @order.update!", "        @order.update!")
      .replace("status: 200", "status: :accepted");
    const changes = await compare(controller, head);
    expect(changes.map((change) => change.kind)).toEqual(["auth-weakened", "status-changed"]);
    expect(changes[0]).toMatchObject({ removed: [{ name: "authorize", line: 27 }] });
    expect(changes[1]).toMatchObject({ removed: [200], added: [202] });
  });

  it("reads Rails 8 allow_unauthenticated_access, CanCanCan and private :name", async () => {
    const source = [
      "class SessionsController < ApplicationController",
      "  allow_unauthenticated_access only: %i[new create]",
      "  load_and_authorize_resource except: :new",
      "  def new; end",
      "  def create",
      "    head :see_other",
      "  end",
      "  def destroy; end",
      "  def helper; end",
      "  private :helper",
      "end",
    ].join("\n");
    const surface = await extractApiSurface("app/controllers/sessions_controller.rb", source);
    expect(
      surface.endpoints.map((endpoint) => [endpoint.key, endpoint.guards, endpoint.statusCodes]),
    ).toEqual([
      [
        "action SessionsController#new",
        [{ name: "allow_unauthenticated_access", allowsAll: true, line: 2 }],
        [],
      ],
      [
        "action SessionsController#create",
        [
          { name: "allow_unauthenticated_access", allowsAll: true, line: 2 },
          { name: "load_and_authorize_resource", allowsAll: false, line: 3 },
        ],
        [303],
      ],
      [
        "action SessionsController#destroy",
        [{ name: "load_and_authorize_resource", allowsAll: false, line: 3 }],
        [],
      ],
    ]);
  });

  it("still yields the intact actions of a controller with a syntax error", async () => {
    const broken = controller.replace(
      "        @order = current_user.orders.new(order_params)",
      "        @order = current_user.orders.new(order_params",
    );
    const surface = await extractApiSurface(controllerPath, broken);
    // The unclosed call swallows `create` and the method after it; the others survive, still guarded.
    expect(surface.endpoints.map((endpoint) => [endpoint.key, endpoint.guards[0]])).toEqual([
      ["action Api::V1::OrdersController#index", authenticate],
      ["action Api::V1::OrdersController#show", authenticate],
      ["action Api::V1::OrdersController#update", authenticate],
    ]);
  });

  it("finds no API in a model", async () => {
    const model =
      "class Order < ApplicationRecord\n  has_many :items\n  def total; items.sum(&:price); end\nend\n";
    expect(await extractApiSurface("app/models/order.rb", model)).toEqual({ endpoints: [], shapes: [] });
  });
});
