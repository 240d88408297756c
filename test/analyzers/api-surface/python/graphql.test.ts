import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const schema = `import graphene

from .mutations import OrderAddNote, OrderCancel


class OrderQueries(graphene.ObjectType):
    orders = FilterConnectionField(
        OrderCountableConnection,
        permissions=[OrderPermissions.MANAGE_ORDERS],
    )
    order_by_token = graphene.Field(Order, token=graphene.UUID(required=True))

    @staticmethod
    @permission_required(OrderPermissions.MANAGE_ORDERS)
    def resolve_order_by_token(_root, info, *, token):
        return resolve_order_by_token(info, token)


class OrderMutations(graphene.ObjectType):
    order_add_note = OrderAddNote.Field()
    order_cancel = OrderCancel.Field(name="cancelOrder")
`;

const mutation = (permissions: string) => `import graphene


class OrderAddNoteInput(graphene.InputObjectType):
    message = graphene.String(required=True, description="Note message.")
    is_public = graphene.Boolean()


class OrderAddNote(BaseMutation):
    order = graphene.Field(Order)
    event = graphene.Field(OrderEvent)

    class Arguments:
        id = graphene.ID(required=True, name="order")
        input = OrderAddNoteInput(required=True)

    class Meta:
        description = "Adds note to the order."
        permissions = ${permissions}

    @classmethod
    def perform_mutation(cls, _root, info, /, *, id, input):
        return cls(order=order)


class Order(ModelObjectType):
    id = graphene.GlobalID(required=True)
    user_email = graphene.String()
    total = graphene.Field(TaxedMoney, required=True)
`;

describe("graphene", () => {
  it("keys root query and mutation fields camelCased, with permissions and resolver decorators as guards", async () => {
    const surface = await extractApiSurface("graphql/order/schema.py", schema);
    expect(
      surface.endpoints.map((endpoint) => [endpoint.key, endpoint.handler, endpoint.guards, endpoint.line]),
    ).toEqual([
      [
        "graphql Query.orders",
        undefined,
        [{ name: "OrderPermissions.MANAGE_ORDERS", allowsAll: false, line: 9 }],
        7,
      ],
      [
        "graphql Query.orderByToken",
        "resolve_order_by_token",
        [{ name: "permission_required(OrderPermissions.MANAGE_ORDERS)", allowsAll: false, line: 14 }],
        11,
      ],
      ["graphql Mutation.orderAddNote", "OrderAddNote", [], 20],
      ["graphql Mutation.cancelOrder", "OrderCancel", [], 21],
    ]);
    expect(surface.endpoints.every((endpoint) => endpoint.framework === "graphene")).toBe(true);
  });

  it("reports a mutation removed from the schema", async () => {
    const base = await extractApiSurface("graphql/order/schema.py", schema);
    const head = await extractApiSurface(
      "graphql/order/schema.py",
      schema.replace("    order_add_note = OrderAddNote.Field()\n", ""),
    );
    const changes = compareApiSurfaces([{ path: "graphql/order/schema.py", base, head }]);
    expect(
      changes.map((change) => (change.kind === "endpoint-removed" ? change.endpoint.key : change.kind)),
    ).toEqual(["graphql Mutation.orderAddNote"]);
  });

  it("reads a mutation's Meta.permissions, its arguments, inputs and object types", async () => {
    const surface = await extractApiSurface(
      "graphql/order/mutations.py",
      mutation("(OrderPermissions.MANAGE_ORDERS,)"),
    );
    expect(surface.endpoints).toEqual([
      {
        key: "mutation OrderAddNote",
        label: "OrderAddNote",
        framework: "graphene",
        handler: "OrderAddNote",
        guards: [{ name: "OrderPermissions.MANAGE_ORDERS", allowsAll: false, line: 19 }],
        statusCodes: [],
        line: 9,
        endLine: 9,
      },
    ]);
    expect(
      surface.shapes.map((shape) => [
        shape.name,
        shape.role,
        shape.open,
        shape.fields.map((field) => [field.name, field.required, field.line]),
      ]),
    ).toEqual([
      [
        "OrderAddNoteInput",
        "request",
        false,
        [
          ["message", true, 5],
          ["isPublic", false, 6],
        ],
      ],
      [
        "OrderAddNote",
        "response",
        true,
        [
          ["order", false, 10],
          ["event", false, 11],
        ],
      ],
      [
        "OrderAddNote.Arguments",
        "request",
        false,
        [
          ["order", true, 14],
          ["input", true, 15],
        ],
      ],
      [
        "Order",
        "response",
        false,
        [
          ["id", true, 27],
          ["userEmail", false, 28],
          ["total", true, 29],
        ],
      ],
    ]);
  });

  it("reports auth-weakened when a mutation's permissions are dropped, and a removed type field", async () => {
    const base = await extractApiSurface(
      "graphql/order/mutations.py",
      mutation("(OrderPermissions.MANAGE_ORDERS,)"),
    );
    const head = await extractApiSurface(
      "graphql/order/mutations.py",
      mutation("()").replace("    user_email = graphene.String()\n", ""),
    );
    const changes = compareApiSurfaces([{ path: "graphql/order/mutations.py", base, head }]);
    expect(
      changes.map((change) =>
        change.kind === "auth-weakened"
          ? [change.kind, change.base.key, change.removed.map((guard) => guard.name)]
          : change.kind === "fields-removed"
            ? [change.kind, change.base.name, change.fields.map((field) => field.name)]
            : [change.kind],
      ),
    ).toEqual([
      ["auth-weakened", "mutation OrderAddNote", ["OrderPermissions.MANAGE_ORDERS"]],
      ["fields-removed", "Order", ["userEmail"]],
    ]);
  });
});

describe("strawberry", () => {
  const source = `import strawberry
from typing import Optional


@strawberry.type
class Order:
    id: strawberry.ID
    total_amount: float


@strawberry.input
class OrderInput:
    customer_id: int
    note: Optional[str]
    rush: bool = False


@strawberry.type
class Query:
    orders: list[Order] = strawberry.field(resolver=list_orders)

    @strawberry.field(permission_classes=[IsAuthenticated])
    def order_by_id(self, id: strawberry.ID) -> Order:
        return get_order(id)


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[IsAdmin], name="placeOrder")
    def add_order(self, input: OrderInput) -> Order:
        return place(input)
`;

  it("keys Query and Mutation fields camelCased, with permission_classes as guards", async () => {
    const surface = await extractApiSurface("schema.py", source);
    expect(surface.endpoints).toEqual([
      {
        key: "graphql Query.orders",
        label: "Query.orders",
        framework: "strawberry",
        handler: "list_orders",
        guards: [],
        statusCodes: [],
        line: 20,
        endLine: 20,
      },
      {
        key: "graphql Query.orderById",
        label: "Query.orderById",
        framework: "strawberry",
        handler: "order_by_id",
        guards: [{ name: "IsAuthenticated", allowsAll: false, line: 22 }],
        statusCodes: [],
        line: 22,
        endLine: 24,
      },
      {
        key: "graphql Mutation.placeOrder",
        label: "Mutation.placeOrder",
        framework: "strawberry",
        handler: "add_order",
        guards: [{ name: "IsAdmin", allowsAll: false, line: 29 }],
        statusCodes: [],
        line: 29,
        endLine: 31,
      },
    ]);
  });

  it("reads types as response shapes and inputs as request shapes", async () => {
    const surface = await extractApiSurface("schema.py", source);
    expect(
      surface.shapes.map((shape) => [
        shape.name,
        shape.role,
        shape.fields.map((field) => [field.name, field.required]),
      ]),
    ).toEqual([
      [
        "Order",
        "response",
        [
          ["id", false],
          ["totalAmount", false],
        ],
      ],
      [
        "OrderInput",
        "request",
        [
          ["customerId", true],
          ["note", false],
          ["rush", false],
        ],
      ],
    ]);
  });
});
