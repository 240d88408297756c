import { describe, expect, it } from "vitest";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

describe("Spring functional routes", () => {
  it("reads builder routes with their nested path prefixes and predicate-style routes", async () => {
    const source = `@Configuration
class OrderRoutes {
  @Bean
  RouterFunction<ServerResponse> routes(OrderHandler handler) {
    return RouterFunctions.route()
        .path("/api/orders", builder -> builder
            .GET("/{id}", handler::getOrder)
            .POST("", accept(APPLICATION_JSON), handler::create))
        .DELETE("/api/carts/{id}", handler::clear)
        .GET(paths.dynamic(), handler::unknown)
        .build();
  }

  @Bean
  RouterFunction<ServerResponse> legacy(OrderHandler h) {
    return route(GET("/legacy/orders"), h::list).andRoute(POST("/legacy/orders"), h::create);
  }
}
`;
    const { endpoints } = await extractApiSurface("OrderRoutes.java", source);
    expect(endpoints.map((endpoint) => [endpoint.key, endpoint.handler, endpoint.line])).toEqual([
      ["GET /api/orders/{}", "handler::getOrder", 7],
      ["POST /api/orders", "handler::create", 8],
      ["DELETE /api/carts/{}", "handler::clear", 9],
      ["GET /legacy/orders", "h::list", 16],
      ["POST /legacy/orders", "h::create", 16],
    ]);
  });
});
