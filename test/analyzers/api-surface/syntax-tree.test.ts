import { describe, expect, it } from "vitest";
import {
  descendantsOfType,
  lineOf,
  sourceLanguageOf,
  stringValue,
  withSyntaxTree,
} from "../../../src/analyzers/api-surface/syntax-tree.js";

describe("syntax trees", () => {
  it("picks the grammar from the extension and leaves declaration files alone", () => {
    expect(sourceLanguageOf("server/routes/orders.ts")).toBe("typescript");
    expect(sourceLanguageOf("app/api/orders/route.tsx")).toBe("tsx");
    expect(sourceLanguageOf("src/routes.mjs")).toBe("javascript");
    expect(sourceLanguageOf("shop/views.py")).toBe("python");
    expect(sourceLanguageOf("config/routes.rb")).toBe("ruby");
    expect(sourceLanguageOf("internal/api/token.go")).toBe("go");
    expect(sourceLanguageOf("src/main/java/shop/OrderController.java")).toBe("java");
    expect(sourceLanguageOf("types/express.d.ts")).toBeUndefined();
    expect(sourceLanguageOf("src/Order.kt")).toBeUndefined();
    expect(sourceLanguageOf("Makefile")).toBeUndefined();
  });

  it("parses every language and reads string literals without their quotes", async () => {
    const samples: Array<[Parameters<typeof withSyntaxTree>[0], string, string, string]> = [
      ["typescript", "router.get('/v1/orders', handler);", "string", "/v1/orders"],
      ["javascript", 'app.delete("/v1/orders/:id", h);', "string", "/v1/orders/:id"],
      ["python", 'path("orders/<int:pk>/", view)', "string", "orders/<int:pk>/"],
      ["ruby", "resources :orders, only: [:index]", "simple_symbol", "orders"],
      ["go", 'r.Get("/orders", h)', "interpreted_string_literal", "/orders"],
      ["java", 'class A { @GetMapping("/orders") void a() {} }', "string_literal", "/orders"],
    ];
    for (const [language, source, type, value] of samples) {
      const found = await withSyntaxTree(language, source, (root) =>
        descendantsOfType(root, type).map((node) => [stringValue(node), lineOf(node)]),
      );
      expect(found[0]).toEqual([value, 1]);
    }
  });

  it("does not take an interpolated string for a literal", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the TypeScript under test has a template literal
    const values = await withSyntaxTree("typescript", "a(`/v1/${x}`, '/plain');", (root) =>
      descendantsOfType(root, ["template_string", "string"]).map((node) => stringValue(node)),
    );
    expect(values).toEqual([undefined, "/plain"]);
  });

  it("recovers from syntax errors instead of throwing", async () => {
    const routes = await withSyntaxTree(
      "typescript",
      "router.get('/a', h);\nfunction (( {\nrouter.post('/b', h);",
      (root) => descendantsOfType(root, "string").map((node) => stringValue(node)),
    );
    expect(routes).toContain("/a");
  });
});
