import { describe, expect, it } from "vitest";
import {
  endpointKey,
  joinRoutePath,
  looksLikeAccessControl,
} from "../../../src/analyzers/api-surface/api-surface.js";

describe("the API surface model", () => {
  it("keys a route by method and path with parameters of every framework normalised", () => {
    const forms = [
      "/v1/orders/:id",
      "/v1/orders/{order_id}",
      "v1/orders/<int:pk>/",
      "^v1/orders/(?P<pk>[^/.]+)/$",
      "/v1/orders/[id]",
      "//v1//orders/*rest",
    ];
    expect(forms.map((form) => endpointKey("get", form))).toEqual(
      Array(forms.length).fill("GET /v1/orders/{}"),
    );
    expect(endpointKey("POST", "groups.list")).toBe("POST /groups.list");
  });

  it("joins prefixes and paths the way routers do", () => {
    expect(joinRoutePath("/v1/", "/orders/:id")).toBe("/v1/orders/:id");
    expect(joinRoutePath("", "orders")).toBe("orders");
    expect(joinRoutePath("/v1", "")).toBe("/v1");
  });

  it("counts access-control names as guards and leaves look-alikes out", () => {
    const guards = [
      "requireAuth",
      "auth()",
      "passport.authenticate('jwt')",
      "IsAuthenticated",
      "login_required",
      "JwtAuthGuard",
      "authenticate_user!",
      "api.requireAdmin",
      "hasRole('ADMIN')",
      "permitAll()",
      "AllowAny",
      "protectedProcedure",
      "verifyToken",
      "checkApiKey",
    ];
    const lookAlikes = [
      "verifyCaptcha",
      "set_session",
      "log_api_access",
      "api.requireOAuthServerEnabled",
      "csrfProtection",
      "cors({ origin })",
      "rateLimitByToken",
      "cacheControl('public')",
      "auditLog",
      "validate(T.GroupsListSchema)",
      "pagination()",
    ];
    expect(guards.filter((name) => !looksLikeAccessControl(name))).toEqual([]);
    expect(lookAlikes.filter(looksLikeAccessControl)).toEqual([]);
  });
});
