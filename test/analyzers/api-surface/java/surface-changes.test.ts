import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

async function changesBetween(path: string, base: string, head: string) {
  const [baseSurface, headSurface] = await Promise.all([
    extractApiSurface(path, base),
    extractApiSurface(path, head),
  ]);
  return compareApiSurfaces([{ path, base: baseSurface, head: headSurface }]);
}

const accountController = (methodGuard: string) => `@RestController
@RequestMapping("/api/accounts")
public class AccountController {
    @DeleteMapping("/{id}")
${methodGuard}    public void close(@PathVariable Long id) {
        accounts.close(id);
    }
}
`;

describe("Java changes base vs head", () => {
  it("reports auth-weakened when a method's @PreAuthorize is removed", async () => {
    const path = "src/main/java/AccountController.java";
    const changes = await changesBetween(
      path,
      accountController(`    @PreAuthorize("hasRole('ADMIN')")\n`),
      accountController(""),
    );
    expect(changes.map((change) => change.kind)).toEqual(["auth-weakened"]);
    expect(changes[0]).toMatchObject({
      kind: "auth-weakened",
      removed: [{ name: `@PreAuthorize("hasRole('ADMIN')")`, allowsAll: false, line: 5 }],
      allowsAll: [],
    });
  });

  it("reports auth-weakened with the @PermitAll line when a class @PreAuthorize gives way to a method @PermitAll", async () => {
    const base = `@RestController
@RequestMapping("/api/reports")
@PreAuthorize("hasRole('ANALYST')")
class ReportController {
    @GetMapping("/daily")
    Report daily() { return reports.daily(); }
}
`;
    const head = `@RestController
@RequestMapping("/api/reports")
class ReportController {
    @PermitAll
    @GetMapping("/daily")
    Report daily() { return reports.daily(); }
}
`;
    const changes = await changesBetween("ReportController.java", base, head);
    expect(changes).toEqual([
      expect.objectContaining({
        kind: "auth-weakened",
        removed: [{ name: `@PreAuthorize("hasRole('ANALYST')")`, allowsAll: false, line: 3 }],
        allowsAll: [{ name: "@PermitAll", allowsAll: true, line: 4 }],
      }),
    ]);
  });

  it("reports auth-weakened when a security rule turns from authenticated() to permitAll()", async () => {
    const config = (rule: string) => `@Configuration
class SecurityConfig {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth
            .requestMatchers("/api/exports/**").${rule}
            .anyRequest().authenticated()).build();
    }
}
`;
    const changes = await changesBetween(
      "SecurityConfig.java",
      config("authenticated()"),
      config("permitAll()"),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        kind: "auth-weakened",
        base: expect.objectContaining({ key: "security /api/exports/**" }),
        removed: [{ name: "authenticated()", allowsAll: false, line: 6 }],
        allowsAll: [{ name: "permitAll()", allowsAll: true, line: 6 }],
      }),
    ]);
  });

  it("reports a request record field that became @NotNull as newly required", async () => {
    const request = (annotation: string) => `public record CreatePaymentRequest(
        @NotNull Long orderId,
        ${annotation}String currency,
        BigDecimal amount) {}
`;
    const changes = await changesBetween("CreatePaymentRequest.java", request(""), request("@NotNull "));
    expect(changes).toEqual([
      expect.objectContaining({
        kind: "fields-newly-required",
        fields: [{ name: "currency", required: true, line: 3 }],
      }),
    ]);
  });

  it("reports a component dropped from a response record as a removed field", async () => {
    const base = `public record PaymentResponse(Long id, String status, @JsonProperty("paid_at") Instant paidAt) {}\n`;
    const head = `public record PaymentResponse(Long id, String status) {}\n`;
    const changes = await changesBetween("PaymentResponse.java", base, head);
    expect(changes).toEqual([
      expect.objectContaining({
        kind: "fields-removed",
        fields: [{ name: "paid_at", required: false, line: 1 }],
      }),
    ]);
  });

  it("reports a removed endpoint and a changed success status", async () => {
    const base = `@RestController
@RequestMapping("/api/carts")
class CartController {
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Cart create() { return carts.create(); }

    @DeleteMapping("/{id}")
    void clear(@PathVariable String id) {}
}
`;
    const head = `@RestController
@RequestMapping("/api/carts")
class CartController {
    @PostMapping
    ResponseEntity<Cart> create() { return ResponseEntity.ok(carts.create()); }
}
`;
    const changes = await changesBetween("CartController.java", base, head);
    expect(changes.map((change) => change.kind)).toEqual(["status-changed", "endpoint-removed"]);
    expect(changes[0]).toMatchObject({ removed: [201], added: [200] });
    expect(changes[1]).toMatchObject({ endpoint: { key: "DELETE /api/carts/{}" } });
  });
});
