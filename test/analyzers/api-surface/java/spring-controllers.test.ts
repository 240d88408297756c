import { describe, expect, it } from "vitest";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const orderController = `package com.example.orders;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/orders")
@PreAuthorize("isAuthenticated()")
public class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @GetMapping("/{id}")
    public ResponseEntity<OrderResponse> getOrder(@PathVariable Long id) {
        return ResponseEntity.ok(orders.find(id));
    }

    @GetMapping
    public List<OrderResponse> listOrders(@RequestParam(defaultValue = "0") int page) {
        return orders.list(page);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public OrderResponse createOrder(
            @Valid @RequestBody CreateOrderRequest request) {
        return orders.create(request);
    }

    @PatchMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    public ResponseEntity<Void> updateOrder(@PathVariable Long id, @RequestBody UpdateOrderRequest request) {
        orders.update(id, request);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}")
    @Secured({"ROLE_ADMIN", "ROLE_SUPPORT"})
    public ResponseEntity<Void> deleteOrder(@PathVariable Long id) throws OrderLockedException {
        if (!orders.delete(id)) {
            return new ResponseEntity<>(HttpStatus.ACCEPTED);
        }
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    private void audit(String action) {}
}
`;

const classGuard = { name: `@PreAuthorize("isAuthenticated()")`, allowsAll: false, line: 10 };

describe("Spring MVC controllers", () => {
  it("reads one endpoint per mapped method with the class prefix, handler, guards, status codes and lines", async () => {
    const { endpoints } = await extractApiSurface("src/main/java/OrderController.java", orderController);
    expect(endpoints).toEqual([
      {
        key: "GET /api/orders/{}",
        label: "GET /api/orders/{id}",
        framework: "spring",
        method: "GET",
        path: "/api/orders/{id}",
        handler: "OrderController#getOrder",
        guards: [classGuard],
        statusCodes: [200],
        line: 19,
        endLine: 20,
      },
      {
        key: "GET /api/orders",
        label: "GET /api/orders",
        framework: "spring",
        method: "GET",
        path: "/api/orders",
        handler: "OrderController#listOrders",
        guards: [classGuard],
        statusCodes: [],
        line: 24,
        endLine: 25,
      },
      {
        key: "POST /api/orders",
        label: "POST /api/orders",
        framework: "spring",
        method: "POST",
        path: "/api/orders",
        handler: "OrderController#createOrder",
        guards: [classGuard],
        statusCodes: [201],
        line: 29,
        endLine: 32,
      },
      {
        key: "PATCH /api/orders/{}",
        label: "PATCH /api/orders/{id}",
        framework: "spring",
        method: "PATCH",
        path: "/api/orders/{id}",
        handler: "OrderController#updateOrder",
        guards: [classGuard, { name: `@PreAuthorize("hasRole('ADMIN')")`, allowsAll: false, line: 37 }],
        statusCodes: [204],
        line: 36,
        endLine: 38,
      },
      {
        key: "DELETE /api/orders/{}",
        label: "DELETE /api/orders/{id}",
        framework: "spring",
        method: "DELETE",
        path: "/api/orders/{id}",
        handler: "OrderController#deleteOrder",
        guards: [
          classGuard,
          { name: `@Secured({"ROLE_ADMIN", "ROLE_SUPPORT"})`, allowsAll: false, line: 44 },
        ],
        statusCodes: [202, 204],
        line: 43,
        endLine: 45,
      },
    ]);
  });

  it("maps @RequestMapping value/path arrays and methods, ANY when no method is given", async () => {
    const source = `@Controller
@RequestMapping(path = {"/v1/shipments", "/v2/shipments"})
class ShipmentController {
    @RequestMapping(value = "/{id}/cancel", method = RequestMethod.POST)
    String cancel(@PathVariable String id) { return "redirect:/"; }

    @RequestMapping(value = "/search", method = {RequestMethod.GET, RequestMethod.HEAD})
    String search() { return "search"; }

    @RequestMapping("/legacy")
    String legacy() { return "legacy"; }
}
`;
    const { endpoints } = await extractApiSurface("ShipmentController.java", source);
    expect(endpoints.map((endpoint) => [endpoint.key, endpoint.handler])).toEqual([
      ["POST /v1/shipments/{}/cancel", "ShipmentController#cancel"],
      ["POST /v2/shipments/{}/cancel", "ShipmentController#cancel"],
      ["GET /v1/shipments/search", "ShipmentController#search"],
      ["HEAD /v1/shipments/search", "ShipmentController#search"],
      ["GET /v2/shipments/search", "ShipmentController#search"],
      ["HEAD /v2/shipments/search", "ShipmentController#search"],
      ["ANY /v1/shipments/legacy", "ShipmentController#legacy"],
      ["ANY /v2/shipments/legacy", "ShipmentController#legacy"],
    ]);
  });

  it("resolves same-file string constants and skips paths it cannot know", async () => {
    const source = `@RestController
@RequestMapping(ApiPaths.BASE + "/invoices")
class InvoiceController {
    static final String BASE = "/api/v3";
    @GetMapping(ApiPaths.BY_ID) Invoice one() { return null; }
}

@RestController
@RequestMapping(PaymentController.BASE + "/payments")
class PaymentController {
    static final String BASE = "/api/v3";
    static final String BY_ID = "/{paymentId}";
    @GetMapping(BY_ID) Payment one() { return null; }
    @PostMapping(Paths.dynamic()) Payment make() { return null; }
}
`;
    const { endpoints } = await extractApiSurface("Controllers.java", source);
    expect(endpoints.map((endpoint) => endpoint.key)).toEqual(["GET /api/v3/payments/{}"]);
  });

  it("marks @PermitAll and permitAll()/isAnonymous() expressions as allowing everyone", async () => {
    const source = `@RestController
@RequestMapping("/api/catalog")
class CatalogController {
    @PermitAll
    @GetMapping("/items") List<Item> items() { return List.of(); }

    @PreAuthorize("permitAll()")
    @GetMapping("/featured") List<Item> featured() { return List.of(); }

    @PreAuthorize("isAnonymous()")
    @PostMapping("/signup") void signup() {}

    @DenyAll
    @RolesAllowed("ADMIN")
    @DeleteMapping("/items/{id}") void delete() {}
}
`;
    const { endpoints } = await extractApiSurface("CatalogController.java", source);
    expect(endpoints.map((endpoint) => endpoint.guards)).toEqual([
      [{ name: "@PermitAll", allowsAll: true, line: 4 }],
      [{ name: `@PreAuthorize("permitAll()")`, allowsAll: true, line: 7 }],
      [{ name: `@PreAuthorize("isAnonymous()")`, allowsAll: true, line: 10 }],
      [
        { name: "@DenyAll", allowsAll: false, line: 13 },
        { name: `@RolesAllowed("ADMIN")`, allowsAll: false, line: 14 },
      ],
    ]);
  });

  it("ignores Feign clients, which call an API rather than serve it", async () => {
    const source = `@FeignClient(name = "billing")
interface BillingClient {
    @GetMapping("/invoices/{id}") Invoice invoice(@PathVariable String id);
}
`;
    expect(await extractApiSurface("BillingClient.java", source)).toEqual({ endpoints: [], shapes: [] });
  });

  it("still reads the intact methods of a file with a syntax error", async () => {
    const source = `@RestController
@RequestMapping("/api/users")
public class UserController {
    @GetMapping("/{id}")
    public UserDto getUser(@PathVariable Long id) {
        return users.find(id)
    }

    @PostMapping("/broken"
    public UserDto broken( {
    }

    @DeleteMapping("/{id}")
    public void deleteUser(@PathVariable Long id) {
        users.delete(id);
    }
}
`;
    const { endpoints } = await extractApiSurface("UserController.java", source);
    expect(endpoints.map((endpoint) => [endpoint.key, endpoint.line, endpoint.endLine])).toEqual([
      ["GET /api/users/{}", 4, 5],
      ["DELETE /api/users/{}", 13, 14],
    ]);
  });

  it("finds nothing in a file without an API", async () => {
    const source = `package com.example.util;

public final class Money {
    private final long cents;
    public Money(long cents) { this.cents = cents; }
    public Money plus(Money other) { return new Money(cents + other.cents); }
}
`;
    expect(await extractApiSurface("Money.java", source)).toEqual({ endpoints: [], shapes: [] });
  });
});
