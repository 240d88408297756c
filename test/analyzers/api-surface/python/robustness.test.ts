import { describe, expect, it } from "vitest";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

describe("Python extraction on odd input", () => {
  it("still reads the intact routes of a file with a syntax error", async () => {
    const source = `from fastapi import APIRouter
router = APIRouter(prefix="/v1")

@router.get("/orders")
def list_orders():
    return []

def broken(:
    return (

@router.delete("/orders/{id}", status_code=204)
def delete_order(id: int):
    pass
`;
    const surface = await extractApiSurface("api.py", source);
    expect(surface.endpoints.map((endpoint) => endpoint.key)).toContain("GET /v1/orders");
  });

  it("yields nothing for a module without an API", async () => {
    const source = `import math

def area(radius: float) -> float:
    return math.pi * radius ** 2

class Circle:
    radius: float = 1.0
`;
    expect(await extractApiSurface("geometry.py", source)).toEqual({ endpoints: [], shapes: [] });
  });

  it("skips routes whose path is not a literal", async () => {
    const source = `from flask import Flask
app = Flask(__name__)
PREFIX = "/v1"

@app.route(PREFIX + "/orders")
def orders():
    return []
`;
    expect((await extractApiSurface("app.py", source)).endpoints).toEqual([]);
  });
});

describe("Python shapes whose fields are partly elsewhere", () => {
  it("treats strawberry_django fields='__all__' and inherited types as open", async () => {
    const source = `import strawberry
import strawberry_django

@strawberry_django.type(models.Prefix, fields="__all__")
class PrefixType(NetBoxObjectType):
    vrf: VRFType | None
`;
    const surface = await extractApiSurface("ipam/graphql/types.py", source);
    expect(
      surface.shapes.map((shape) => [shape.name, shape.open, shape.fields.map((field) => field.name)]),
    ).toEqual([["PrefixType", true, ["vrf"]]]);
  });

  it("does not call a project's own serializer field required without required=True", async () => {
    const source = `from rest_framework import serializers

class RegionSerializer(NestedGroupModelSerializer):
    prefix_count = RelatedObjectCountField("_prefixes")
    name = serializers.CharField()

    class Meta:
        fields = ["id", "name", "prefix_count"]
`;
    const surface = await extractApiSurface("dcim/api/serializers.py", source);
    expect(surface.shapes[0]?.fields.map((field) => [field.name, field.required])).toEqual([
      ["id", false],
      ["name", true],
      ["prefix_count", false],
    ]);
  });
});
