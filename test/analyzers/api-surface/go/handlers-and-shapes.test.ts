import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const path = "internal/api/token.go";

const tokenFile = (status: string, responseFields: string) => `package api

import "net/http"

type AccessTokenResponse struct {
	Token     string \`json:"access_token"\`
	TokenType string \`json:"token_type"\`
${responseFields}
	internal  string
}

type RefreshTokenGrantParams struct {
	RefreshToken string \`json:"refresh_token" validate:"required"\`
	Scope        string \`json:"scope,omitempty"\`
	Secret       string \`json:"-"\`
	ClientID     string
}

func (a *API) RefreshTokenGrant(w http.ResponseWriter, r *http.Request) error {
	if r.Body == nil {
		return httpError(http.StatusBadRequest, "missing body")
	}
	return sendJSON(w, ${status}, &AccessTokenResponse{})
}

func (a *API) adminRefresh(w http.ResponseWriter, r *http.Request) error {
	return sendJSON(w, http.StatusAccepted, nil)
}

func writeError(w http.ResponseWriter, code int) {
	w.WriteHeader(http.StatusTeapot)
}
`;

describe("Go handler functions and json structs", () => {
  it("emits HTTP handlers (unexported ones with the full w, r signature) with the status codes they write", async () => {
    const surface = await extractApiSurface(path, tokenFile("http.StatusOK", ""));
    expect(surface.endpoints).toEqual([
      {
        key: "handler API.RefreshTokenGrant",
        label: "API.RefreshTokenGrant",
        framework: "net/http",
        handler: "API.RefreshTokenGrant",
        guards: [],
        statusCodes: [200, 400],
        line: 19,
        endLine: 24,
      },
      {
        key: "handler API.adminRefresh",
        label: "API.adminRefresh",
        framework: "net/http",
        handler: "API.adminRefresh",
        guards: [],
        statusCodes: [202],
        line: 26,
        endLine: 28,
      },
    ]);
  });

  it('reads json tags: wire names, omitempty, json:"-", untagged exported fields; a request field is required only when validated', async () => {
    const surface = await extractApiSurface(
      path,
      tokenFile("http.StatusOK", '\tExpiresIn int `json:"expires_in,omitempty"`'),
    );
    expect(surface.shapes).toEqual([
      {
        name: "AccessTokenResponse",
        role: "response",
        open: false,
        fields: [
          { name: "access_token", required: true, line: 6 },
          { name: "token_type", required: true, line: 7 },
          { name: "expires_in", required: false, line: 8 },
        ],
        line: 5,
        endLine: 10,
      },
      {
        name: "RefreshTokenGrantParams",
        role: "request",
        open: false,
        fields: [
          { name: "refresh_token", required: true, line: 13 },
          { name: "scope", required: false, line: 14 },
          { name: "ClientID", required: false, line: 16 },
        ],
        line: 12,
        endLine: 17,
      },
    ]);
  });

  it("reports a handler whose success status constant changed", async () => {
    const base = await extractApiSurface(path, tokenFile("http.StatusOK", ""));
    const head = await extractApiSurface(path, tokenFile("http.StatusCreated", ""));
    expect(compareApiSurfaces([{ path, base, head }])).toMatchObject([
      {
        kind: "status-changed",
        base: { key: "handler API.RefreshTokenGrant" },
        removed: [200],
        added: [201],
      },
    ]);
  });

  it("reports a field removed from a json-tagged response struct", async () => {
    const base = await extractApiSurface(
      path,
      tokenFile("http.StatusOK", '\tExpiresIn int `json:"expires_in"`'),
    );
    const head = await extractApiSurface(path, tokenFile("http.StatusOK", ""));
    expect(compareApiSurfaces([{ path, base, head }])).toMatchObject([
      {
        kind: "fields-removed",
        base: { name: "AccessTokenResponse" },
        fields: [{ name: "expires_in", line: 8 }],
      },
    ]);
  });

  it("marks a struct embedding another without a json name as open, and ignores structs without json tags", async () => {
    const surface = await extractApiSurface(
      "models/user.go",
      `package models

type Claims struct {
	jwt.StandardClaims
	Email string \`json:"email"\`
	Meta  Meta   \`json:"meta,omitempty"\`
}

type Audit struct {
	Base \`json:"base"\`
}

type config struct {
	Port int
}
`,
    );
    expect(
      surface.shapes.map((shape) => [shape.name, shape.role, shape.open, shape.fields.map((f) => f.name)]),
    ).toEqual([
      ["Claims", "unknown", true, ["email", "meta"]],
      ["Audit", "unknown", false, ["base"]],
    ]);
  });
});

describe("Go gRPC servers", () => {
  it("keys the methods of a server embedding Unimplemented<Service>Server or registered for a service", async () => {
    const surface = await extractApiSurface(
      "internal/grpc/server.go",
      `package grpcserver

import pb "example.com/orders/gen/orderpb"

type server struct {
	pb.UnimplementedOrderServiceServer
	store Store
}

type inventory struct{}

func (s *server) GetOrder(ctx context.Context, req *pb.GetOrderRequest) (*pb.GetOrderResponse, error) {
	return s.store.Get(ctx, req.Id)
}

func (s *server) load(id string) {}

func (i inventory) Reserve(ctx context.Context, req *pb.ReserveRequest) (*pb.ReserveReply, error) {
	return nil, nil
}

func Register(g *grpc.Server) {
	pb.RegisterOrderServiceServer(g, &server{})
	pb.RegisterInventoryServer(g, new(inventory))
}
`,
    );
    expect(surface.endpoints).toEqual([
      {
        key: "rpc OrderService.GetOrder",
        label: "OrderService.GetOrder",
        framework: "grpc",
        handler: "server.GetOrder",
        guards: [],
        statusCodes: [],
        line: 12,
        endLine: 14,
      },
      {
        key: "rpc Inventory.Reserve",
        label: "Inventory.Reserve",
        framework: "grpc",
        handler: "inventory.Reserve",
        guards: [],
        statusCodes: [],
        line: 18,
        endLine: 20,
      },
    ]);
  });
});
