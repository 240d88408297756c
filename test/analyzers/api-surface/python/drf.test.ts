import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const views = (permission: string) => `from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response


class OrderViewSet(viewsets.ModelViewSet):
    permission_classes = [${permission}]
    serializer_class = OrderSerializer

    def create(self, request):
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], permission_classes=[IsAdminUser])
    def refund(self, request, pk=None):
        return Response(status=202)

    @action(detail=False)
    def recent(self, request):
        return Response([])
`;

describe("Django REST Framework views", () => {
  it("reads a viewset, its permission classes, status codes and @action methods", async () => {
    const surface = await extractApiSurface("orders/views.py", views("IsAuthenticated"));
    expect(surface.endpoints).toEqual([
      {
        key: "view OrderViewSet",
        label: "OrderViewSet",
        framework: "drf",
        handler: "OrderViewSet",
        guards: [{ name: "IsAuthenticated", allowsAll: false, line: 8 }],
        statusCodes: [201],
        line: 7,
        endLine: 7,
      },
      {
        key: "view OrderViewSet.refund",
        label: "OrderViewSet.refund",
        framework: "drf",
        handler: "OrderViewSet.refund",
        guards: [{ name: "IsAdminUser", allowsAll: false, line: 14 }],
        statusCodes: [202],
        line: 14,
        endLine: 16,
      },
      {
        key: "view OrderViewSet.recent",
        label: "OrderViewSet.recent",
        framework: "drf",
        handler: "OrderViewSet.recent",
        guards: [{ name: "IsAuthenticated", allowsAll: false, line: 8 }],
        statusCodes: [],
        line: 18,
        endLine: 20,
      },
    ]);
  });

  it("reports auth-weakened when IsAuthenticated becomes AllowAny, anchored on the AllowAny line", async () => {
    const base = await extractApiSurface("orders/views.py", views("IsAuthenticated"));
    const head = await extractApiSurface("orders/views.py", views("AllowAny"));
    const changes = compareApiSurfaces([{ path: "orders/views.py", base, head }]);
    const weakened = changes.filter((change) => change.kind === "auth-weakened");
    expect(
      weakened.map((change) =>
        change.kind === "auth-weakened" ? [change.head.key, change.removed, change.allowsAll] : [],
      ),
    ).toEqual([
      [
        "view OrderViewSet",
        [{ name: "IsAuthenticated", allowsAll: false, line: 8 }],
        [{ name: "AllowAny", allowsAll: true, line: 8 }],
      ],
      [
        "view OrderViewSet.recent",
        [{ name: "IsAuthenticated", allowsAll: false, line: 8 }],
        [{ name: "AllowAny", allowsAll: true, line: 8 }],
      ],
    ]);
  });

  it("splits composed permissions and treats an empty authentication_classes as allowing everyone", async () => {
    const source = `from rest_framework.views import APIView

class ExportView(APIView):
    permission_classes = (IsAuthenticated & IsOwner, permissions.DjangoModelPermissions)
    authentication_classes = []

    def get(self, request):
        return Response(data, 200)
`;
    const surface = await extractApiSurface("exports/views.py", source);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.framework,
        endpoint.guards,
        endpoint.statusCodes,
      ]),
    ).toEqual([
      [
        "view ExportView",
        "drf",
        [
          { name: "IsAuthenticated", allowsAll: false, line: 4 },
          { name: "IsOwner", allowsAll: false, line: 4 },
          { name: "permissions.DjangoModelPermissions", allowsAll: false, line: 4 },
          { name: "authentication_classes = []", allowsAll: true, line: 5 },
        ],
        [200],
      ],
    ]);
  });

  it("reads @api_view function views with @permission_classes", async () => {
    const source = `from rest_framework.decorators import api_view, permission_classes

@api_view(["GET", "POST"])
@permission_classes([AllowAny])
def order_list(request):
    return Response(status=status.HTTP_204_NO_CONTENT)
`;
    const surface = await extractApiSurface("orders/api.py", source);
    expect(surface.endpoints).toEqual([
      {
        key: "view order_list",
        label: "order_list",
        framework: "drf",
        handler: "order_list",
        guards: [{ name: "AllowAny", allowsAll: true, line: 4 }],
        statusCodes: [204],
        line: 3,
        endLine: 6,
      },
    ]);
  });
});

const serializer = (fields: string) => `from rest_framework import serializers


class OrderSerializer(serializers.ModelSerializer):
    total = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    note = serializers.CharField(required=False)
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())

    class Meta:
        model = Order
        fields = [
${fields}
        ]
        brief_fields = ("id", "total")
`;

describe("Django REST Framework serializers", () => {
  it("reads Meta.fields with each entry's line and declared fields' required-ness", async () => {
    const surface = await extractApiSurface(
      "orders/serializers.py",
      serializer('            "id", "total",\n            "note", "customer",'),
    );
    expect(surface.shapes).toEqual([
      {
        name: "OrderSerializer",
        role: "both",
        fields: [
          { name: "id", required: false, line: 12 },
          { name: "total", required: false, line: 12 },
          { name: "note", required: false, line: 13 },
          { name: "customer", required: true, line: 13 },
        ],
        open: false,
        line: 4,
        endLine: 15,
      },
      {
        name: "OrderSerializer.brief",
        role: "response",
        fields: [
          { name: "id", required: false, line: 15 },
          { name: "total", required: false, line: 15 },
        ],
        open: false,
        line: 15,
        endLine: 15,
      },
    ]);
  });

  it("reports a field removed from Meta.fields", async () => {
    const base = await extractApiSurface(
      "orders/serializers.py",
      serializer('            "id", "total",\n            "note", "customer",'),
    );
    const head = await extractApiSurface(
      "orders/serializers.py",
      serializer('            "id", "total",\n            "customer",'),
    );
    const changes = compareApiSurfaces([{ path: "orders/serializers.py", base, head }]);
    expect(
      changes.map((change) =>
        change.kind === "fields-removed" ? [change.base.name, change.fields] : change.kind,
      ),
    ).toEqual([["OrderSerializer", [{ name: "note", required: false, line: 13 }]]]);
  });

  it("treats __all__ and exclude as open, and a plain Serializer as its declared fields", async () => {
    const source = `from rest_framework import serializers

class AllSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = "__all__"

class ExcludeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        exclude = ["secret"]

class RefundSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    reason = serializers.CharField(allow_null=True)
`;
    const surface = await extractApiSurface("orders/serializers.py", source);
    expect(
      surface.shapes.map((shape) => [
        shape.name,
        shape.open,
        shape.fields.map((field) => [field.name, field.required]),
      ]),
    ).toEqual([
      ["AllSerializer", true, []],
      ["ExcludeSerializer", true, []],
      [
        "RefundSerializer",
        false,
        [
          ["amount", true],
          ["reason", false],
        ],
      ],
    ]);
  });
});
