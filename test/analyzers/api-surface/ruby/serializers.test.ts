import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const serializerPath = "app/serializers/order_serializer.rb";

const serializer = [
  "class OrderSerializer < ActiveModel::Serializer", // 1
  "  attributes :id, :total,",
  "             :currency",
  "  attribute :status",
  "  attribute :placed_at, key: :created", // 5
  "  has_many :items",
  "  belongs_to :customer, serializer: CustomerSerializer",
  "",
  "  def status",
  "    object.status.upcase", // 10
  "  end",
  "end",
].join("\n");

describe("Ruby extractor: serializers", () => {
  it("reads an ActiveModel::Serializer as a response shape with its attributes and associations", async () => {
    const surface = await extractApiSurface(serializerPath, serializer);
    expect(surface).toEqual({
      endpoints: [],
      shapes: [
        {
          name: "OrderSerializer",
          role: "response",
          fields: [
            { name: "id", required: false, line: 2 },
            { name: "total", required: false, line: 2 },
            { name: "currency", required: false, line: 3 },
            { name: "status", required: false, line: 4 },
            { name: "created", required: false, line: 5 },
            { name: "items", required: false, line: 6 },
            { name: "customer", required: false, line: 7 },
          ],
          open: false,
          line: 1,
          endLine: 12,
        },
      ],
    });
  });

  it("reports an attribute removed from a serializer", async () => {
    const head = serializer.replace(
      "  attributes :id, :total,\n             :currency",
      "  attributes :id, :total",
    );
    const changes = compareApiSurfaces([
      {
        path: serializerPath,
        base: await extractApiSurface(serializerPath, serializer),
        head: await extractApiSurface(serializerPath, head),
      },
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: "fields-removed",
      fields: [{ name: "currency", required: false, line: 3 }],
    });
  });

  it("reads Blueprinter fields, views and renamed associations", async () => {
    const source = [
      "module V2",
      "  class OrderBlueprint < Blueprinter::Base",
      "    identifier :uuid",
      "    fields :number, :total",
      "    field :placed_at, name: :created_at",
      "    view :extended do",
      "      association :items, blueprint: ItemBlueprint",
      "    end",
      "  end",
      "end",
    ].join("\n");
    const surface = await extractApiSurface("app/blueprints/v2/order_blueprint.rb", source);
    expect(
      surface.shapes.map((shape) => [shape.name, shape.role, shape.open, shape.fields.map((f) => f.name)]),
    ).toEqual([
      ["V2::OrderBlueprint", "response", false, ["uuid", "number", "total", "created_at", "items"]],
    ]);
  });

  it("reads jsonapi-serializer classes and marks splatted attribute lists open", async () => {
    const source = [
      "class InvoiceSerializer",
      "  include JSONAPI::Serializer",
      "  attributes :number, :amount",
      "  attributes(*EXTRA_ATTRIBUTES)",
      "  has_one :order",
      "end",
    ].join("\n");
    const surface = await extractApiSurface("app/serializers/invoice_serializer.rb", source);
    expect(surface.shapes.map((shape) => [shape.name, shape.open, shape.fields.map((f) => f.name)])).toEqual([
      ["InvoiceSerializer", true, ["number", "amount", "order"]],
    ]);
  });
});
