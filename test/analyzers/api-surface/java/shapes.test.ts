import { describe, expect, it } from "vitest";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

describe("Java request/response shapes", () => {
  it("reads records and classes by how handlers use them and by name, with Jackson wire names", async () => {
    const source = `package com.example.orders;

@RestController
@RequestMapping("/api/orders")
class OrderController {
    @PostMapping
    ResponseEntity<OrderView> create(@Valid @RequestBody NewOrder body) { return null; }

    record NewOrder(
        @NotBlank @JsonProperty("customer_id") String customerId,
        @NotEmpty List<LineItem> items,
        String note,
        @JsonIgnore String internalRef) {}

    record OrderView(Long id, @JsonProperty("total_cents") long totalCents) {}
}

@Data
@JsonIgnoreProperties({"legacyCode"})
class ShippingAddressDto {
    @NotNull
    private String street;
    private String city;
    private String legacyCode;
    private static final long serialVersionUID = 1L;
    private transient String cache;
}

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class RefundResponse extends BaseResponse {
    private BigDecimal refundedAmount;
}

class Helper { private String notAShape; }
`;
    const { shapes } = await extractApiSurface("OrderController.java", source);
    expect(shapes).toEqual([
      {
        name: "NewOrder",
        role: "request",
        fields: [
          { name: "customer_id", required: true, line: 10 },
          { name: "items", required: true, line: 11 },
          { name: "note", required: false, line: 12 },
        ],
        open: false,
        line: 9,
        endLine: 13,
      },
      {
        name: "OrderView",
        role: "response",
        fields: [
          { name: "id", required: false, line: 15 },
          { name: "total_cents", required: false, line: 15 },
        ],
        open: false,
        line: 15,
        endLine: 15,
      },
      {
        name: "ShippingAddressDto",
        role: "both",
        fields: [
          { name: "street", required: true, line: 22 },
          { name: "city", required: false, line: 23 },
        ],
        open: false,
        line: 18,
        endLine: 27,
      },
      {
        name: "RefundResponse",
        role: "response",
        fields: [{ name: "refunded_amount", required: false, line: 31 }],
        open: true,
        line: 29,
        endLine: 32,
      },
    ]);
  });

  it("takes the unannotated parameter of a JAX-RS method as its request body", async () => {
    const source = `@Path("/tickets")
class TicketResource {
    @POST
    public Ticket open(@HeaderParam("X-Tenant") String tenant, TicketDraft draft) { return null; }

    public static class TicketDraft { public String title; }
    public static class Ticket { public String id; }
}
`;
    const { shapes } = await extractApiSurface("TicketResource.java", source);
    expect(shapes.map((shape) => [shape.name, shape.role, shape.fields.map((field) => field.name)])).toEqual([
      ["TicketDraft", "request", ["title"]],
      ["Ticket", "response", ["id"]],
    ]);
  });
});
