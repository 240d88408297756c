import { describe, expect, it } from "vitest";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

describe("JAX-RS resources", () => {
  it("reads @Path classes with @GET/@POST methods, role annotations and Response statuses", async () => {
    const source = `package com.example.inventory;

import jakarta.ws.rs.*;
import jakarta.ws.rs.core.Response;

@Path("/inventory")
@RolesAllowed({"staff"})
@Produces(MediaType.APPLICATION_JSON)
public class InventoryResource {

    @GET
    @Path("{sku}")
    public Item get(@PathParam("sku") String sku) {
        return items.find(sku);
    }

    @POST
    @PermitAll
    public Response restock(RestockRequest request) {
        return Response.status(Response.Status.ACCEPTED).build();
    }

    @DELETE
    @Path("/{sku: [A-Z0-9]+}")
    public Response remove(@PathParam("sku") String sku) {
        return Response.noContent().build();
    }

    @Path("{sku}/history")
    public HistoryResource history() { return new HistoryResource(); }
}
`;
    const { endpoints } = await extractApiSurface("InventoryResource.java", source);
    const staff = { name: `@RolesAllowed({"staff"})`, allowsAll: false, line: 7 };
    expect(endpoints).toEqual([
      {
        key: "GET /inventory/{}",
        label: "GET /inventory/{sku}",
        framework: "jaxrs",
        method: "GET",
        path: "/inventory/{sku}",
        handler: "InventoryResource#get",
        guards: [staff],
        statusCodes: [],
        line: 11,
        endLine: 13,
      },
      {
        key: "POST /inventory",
        label: "POST /inventory",
        framework: "jaxrs",
        method: "POST",
        path: "/inventory",
        handler: "InventoryResource#restock",
        guards: [staff, { name: "@PermitAll", allowsAll: true, line: 18 }],
        statusCodes: [202],
        line: 17,
        endLine: 19,
      },
      {
        key: "DELETE /inventory/{}",
        label: "DELETE /inventory/{sku: [A-Z0-9]+}",
        framework: "jaxrs",
        method: "DELETE",
        path: "/inventory/{sku: [A-Z0-9]+}",
        handler: "InventoryResource#remove",
        guards: [staff],
        statusCodes: [204],
        line: 23,
        endLine: 25,
      },
    ]);
  });
});

describe("gRPC Java services", () => {
  it("reads each overridden method of a generated ImplBase as an rpc", async () => {
    const source = `package com.example.orders.grpc;

@GrpcService
public class OrderGrpcService extends OrderServiceGrpc.OrderServiceImplBase {

    @Override
    public void getOrder(GetOrderRequest request, StreamObserver<Order> responseObserver) {
        responseObserver.onNext(orders.find(request.getId()));
        responseObserver.onCompleted();
    }

    @Override
    @Secured("ROLE_ADMIN")
    public void cancelOrder(CancelOrderRequest request, StreamObserver<Empty> responseObserver) {
        responseObserver.onCompleted();
    }

    private Order toProto(OrderEntity entity) { return null; }
}
`;
    const { endpoints } = await extractApiSurface("OrderGrpcService.java", source);
    expect(endpoints).toEqual([
      {
        key: "rpc OrderService.GetOrder",
        label: "OrderService.GetOrder",
        framework: "grpc",
        handler: "OrderGrpcService#getOrder",
        guards: [],
        statusCodes: [],
        line: 6,
        endLine: 7,
      },
      {
        key: "rpc OrderService.CancelOrder",
        label: "OrderService.CancelOrder",
        framework: "grpc",
        handler: "OrderGrpcService#cancelOrder",
        guards: [{ name: `@Secured("ROLE_ADMIN")`, allowsAll: false, line: 13 }],
        statusCodes: [],
        line: 12,
        endLine: 14,
      },
    ]);
  });
});
