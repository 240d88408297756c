import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const urls = `from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register(r"orders", views.OrderViewSet, basename="order")

urlpatterns = [
    path("api/", include(router.urls)),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    re_path(r"^invoices/(?P<number>[0-9]+)/$", login_required(views.invoice), name="invoice"),
    path("reports/", views.ReportView.as_view()),
    path("shop/", include([
        path("cart/", views.cart),
    ])),
    path("accounts/", include("accounts.urls")),
]
`;

describe("Django URLconfs", () => {
  it("keys path, re_path, inline include, included modules and router registrations as ANY routes", async () => {
    const surface = await extractApiSurface("shop/urls.py", urls);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.label,
        endpoint.handler,
        endpoint.framework,
        endpoint.line,
      ]),
    ).toEqual([
      ["ANY /orders/{}", "ANY /orders/<int:pk>/", "views.order_detail", "django", 12],
      ["ANY /invoices/{}", "ANY /invoices/(?P<number>[0-9]+)/", "views.invoice", "django", 13],
      ["ANY /reports", "ANY /reports/", "views.ReportView", "django", 14],
      ["ANY /shop/cart", "ANY /shop/cart/", "views.cart", "django", 16],
      ["ANY /accounts", "ANY /accounts/", "accounts.urls", "django", 18],
      ["ANY /api/orders", "ANY /api/orders", "views.OrderViewSet", "drf", 8],
    ]);
    expect(surface.endpoints[1]?.guards).toEqual([{ name: "login_required", allowsAll: false, line: 13 }]);
    expect(surface.endpoints.every((endpoint) => endpoint.method === "ANY")).toBe(true);
  });

  it("reports a route removed from urlpatterns", async () => {
    const base = await extractApiSurface("shop/urls.py", urls);
    const head = await extractApiSurface(
      "shop/urls.py",
      urls.replace('    path("reports/", views.ReportView.as_view()),\n', ""),
    );
    const changes = compareApiSurfaces([{ path: "shop/urls.py", base, head }]);
    expect(
      changes.map((change) => (change.kind === "endpoint-removed" ? change.endpoint.key : change.kind)),
    ).toEqual(["ANY /reports"]);
  });
});

describe("Django views", () => {
  it("reads function views' auth decorators and class-based views' auth mixins", async () => {
    const source = `from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.admin.views.decorators import staff_member_required
from django.views.decorators.csrf import csrf_exempt


@login_required
@permission_required("orders.view_order", raise_exception=True)
def order_detail(request, pk):
    return JsonResponse(data, status=200)


@csrf_exempt
@staff_member_required
def export(request):
    return HttpResponse(status=204)


@login_not_required
def landing(request):
    return render(request, "landing.html")


class ReportView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "orders.view_report"


def helper(value):
    return value
`;
    const surface = await extractApiSurface("orders/views.py", source);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.framework,
        endpoint.guards,
        endpoint.statusCodes,
      ]),
    ).toEqual([
      [
        "view ReportView",
        "django",
        [
          { name: "LoginRequiredMixin", allowsAll: false, line: 23 },
          { name: "PermissionRequiredMixin", allowsAll: false, line: 23 },
        ],
        [],
      ],
      [
        "view order_detail",
        "django",
        [
          { name: "login_required", allowsAll: false, line: 6 },
          {
            name: 'permission_required("orders.view_order", raise_exception=True)',
            allowsAll: false,
            line: 7,
          },
        ],
        [200],
      ],
      ["view export", "django", [{ name: "staff_member_required", allowsAll: false, line: 13 }], [204]],
      ["view landing", "django", [{ name: "login_not_required", allowsAll: true, line: 18 }], []],
    ]);
  });

  it("reports auth-weakened when @login_required is removed from a function view", async () => {
    const view = (decorator: string) =>
      `${decorator}\ndef order_detail(request, pk):\n    return JsonResponse(data)\n`;
    const base = await extractApiSurface("orders/views.py", view("@login_required"));
    const head = await extractApiSurface("orders/views.py", view("@require_GET"));
    const changes = compareApiSurfaces([{ path: "orders/views.py", base, head }]);
    expect(
      changes.map((change) =>
        change.kind === "auth-weakened" ? [change.base.key, change.removed] : change.kind,
      ),
    ).toEqual([["view order_detail", [{ name: "login_required", allowsAll: false, line: 1 }]]]);
  });
});
