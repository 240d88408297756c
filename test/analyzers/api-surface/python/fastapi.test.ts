import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const app = (dependency: string) => `from typing import Annotated, Optional

from fastapi import APIRouter, Depends, FastAPI, Security, status
from pydantic import BaseModel, Field

router = APIRouter(prefix="/v1", dependencies=[Depends(verify_token)])


class OrderCreate(BaseModel):
    total: float
    note: Optional[str] = None
    customer_id: int = Field(alias="customerId")
    tags: list[str] = Field(default_factory=list)
    model_config = {"populate_by_name": True}


class Order(BaseModel):
    id: int
    total: float


@router.get("/orders/{order_id}", response_model=Order)
async def get_order(order_id: int, user: Annotated[User, Depends(${dependency})], db=Depends(get_db)):
    return load(order_id)


@router.post("/orders", status_code=status.HTTP_201_CREATED, dependencies=[Depends(require_admin)])
async def create_order(body: OrderCreate, user=Security(current_user, scopes=["orders:write"])):
    return JSONResponse(status_code=202, content={})
`;

describe("FastAPI", () => {
  it("reads routes with the router prefix, Depends/Security guards and status codes", async () => {
    const surface = await extractApiSurface("app/orders.py", app("get_current_user"));
    expect(surface.endpoints).toEqual([
      {
        key: "GET /v1/orders/{}",
        label: "GET /v1/orders/{order_id}",
        framework: "fastapi",
        method: "GET",
        path: "/v1/orders/{order_id}",
        handler: "get_order",
        guards: [
          { name: "verify_token", allowsAll: false, line: 6 },
          { name: "get_current_user", allowsAll: false, line: 23 },
        ],
        statusCodes: [],
        line: 22,
        endLine: 24,
      },
      {
        key: "POST /v1/orders",
        label: "POST /v1/orders",
        framework: "fastapi",
        method: "POST",
        path: "/v1/orders",
        handler: "create_order",
        guards: [
          { name: "verify_token", allowsAll: false, line: 6 },
          { name: "require_admin", allowsAll: false, line: 27 },
          { name: 'Security(current_user, scopes=["orders:write"])', allowsAll: false, line: 28 },
        ],
        statusCodes: [201, 202],
        line: 27,
        endLine: 29,
      },
    ]);
  });

  it("reads pydantic models: role from the name or response_model, defaults, aliases", async () => {
    const surface = await extractApiSurface("app/orders.py", app("get_current_user"));
    expect(surface.shapes).toEqual([
      {
        name: "OrderCreate",
        role: "request",
        fields: [
          { name: "total", required: true, line: 10 },
          { name: "note", required: false, line: 11 },
          { name: "customerId", required: true, line: 12 },
          { name: "tags", required: false, line: 13 },
        ],
        open: false,
        line: 9,
        endLine: 14,
      },
      {
        name: "Order",
        role: "response",
        fields: [
          { name: "id", required: true, line: 18 },
          { name: "total", required: true, line: 19 },
        ],
        open: false,
        line: 17,
        endLine: 19,
      },
    ]);
  });

  it("reports auth-weakened when the user dependency is dropped", async () => {
    const base = await extractApiSurface("app/orders.py", app("get_current_user"));
    const head = await extractApiSurface("app/orders.py", app("get_settings"));
    const changes = compareApiSurfaces([{ path: "app/orders.py", base, head }]);
    expect(
      changes.map((change) =>
        change.kind === "auth-weakened" ? [change.base.key, change.removed] : change.kind,
      ),
    ).toEqual([["GET /v1/orders/{}", [{ name: "get_current_user", allowsAll: false, line: 23 }]]]);
  });

  it("reports a request field that becomes required", async () => {
    const base = await extractApiSurface("app/orders.py", app("get_current_user"));
    const head = await extractApiSurface(
      "app/orders.py",
      app("get_current_user").replace("note: Optional[str] = None", "note: str"),
    );
    const changes = compareApiSurfaces([{ path: "app/orders.py", base, head }]);
    expect(
      changes.map((change) =>
        change.kind === "fields-newly-required" ? [change.head.name, change.fields] : change.kind,
      ),
    ).toEqual([["OrderCreate", [{ name: "note", required: true, line: 11 }]]]);
  });

  it("prefixes routes mounted with include_router in the same file", async () => {
    const source = `from fastapi import APIRouter, FastAPI

app = FastAPI()
admin = APIRouter()

@admin.delete("/users/{id}", status_code=204)
def delete_user(id: int):
    pass

app.include_router(admin, prefix="/admin", dependencies=[Depends(require_staff)])
`;
    const surface = await extractApiSurface("main.py", source);
    expect(
      surface.endpoints.map((endpoint) => [endpoint.key, endpoint.guards, endpoint.statusCodes]),
    ).toEqual([["DELETE /admin/users/{}", [{ name: "require_staff", allowsAll: false, line: 10 }], [204]]]);
  });
});

describe("Flask", () => {
  const blueprint = `from flask import Blueprint, Flask, jsonify
from flask_jwt_extended import jwt_required
from flask_login import login_required

bp = Blueprint("orders", __name__, url_prefix="/v1")


@bp.route("/orders", methods=["GET", "POST"])
@login_required
def orders():
    return jsonify([]), 201


@bp.get("/orders/<int:order_id>")
@jwt_required()
def order(order_id):
    return jsonify({})


@bp.delete("/orders/<int:order_id>")
def delete_order(order_id):
    return "", 204
`;

  it("reads blueprint routes, one endpoint per method, with the url_prefix and auth decorators", async () => {
    const surface = await extractApiSurface("app/orders.py", blueprint);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.label,
        endpoint.framework,
        endpoint.handler,
        endpoint.guards,
        endpoint.statusCodes,
      ]),
    ).toEqual([
      [
        "GET /v1/orders",
        "GET /v1/orders",
        "flask",
        "orders",
        [{ name: "login_required", allowsAll: false, line: 9 }],
        [201],
      ],
      [
        "POST /v1/orders",
        "POST /v1/orders",
        "flask",
        "orders",
        [{ name: "login_required", allowsAll: false, line: 9 }],
        [201],
      ],
      [
        "GET /v1/orders/{}",
        "GET /v1/orders/<int:order_id>",
        "flask",
        "order",
        [{ name: "jwt_required()", allowsAll: false, line: 15 }],
        [],
      ],
      ["DELETE /v1/orders/{}", "DELETE /v1/orders/<int:order_id>", "flask", "delete_order", [], [204]],
    ]);
  });

  it("does not count a decorator above the route decorator, which Flask never applies to the view", async () => {
    const source = `from flask import Flask
app = Flask(__name__)

@login_required
@app.route("/admin")
def admin():
    return "ok"
`;
    const surface = await extractApiSurface("app.py", source);
    expect(surface.endpoints.map((endpoint) => [endpoint.key, endpoint.guards])).toEqual([
      ["GET /admin", []],
    ]);
  });

  it("guards every route of a blueprint whose before_request checks the login", async () => {
    const source = `from flask import Blueprint
admin = Blueprint("admin", __name__)

@admin.before_request
def require_login():
    if not current_user.is_authenticated:
        abort(401)

@admin.get("/stats")
def stats():
    return {}
`;
    const surface = await extractApiSurface("admin.py", source);
    expect(surface.endpoints.map((endpoint) => [endpoint.key, endpoint.guards])).toEqual([
      ["GET /stats", [{ name: "require_login", allowsAll: false, line: 4 }]],
    ]);
  });
});
