// Rules only code-defined APIs need. Removed endpoints and fields, and newly required inputs, reuse the
// API contract rules (openapi/openapi-rules.ts): a client breaks the same way whether a spec or a router
// declared the endpoint.
import type { RuleDefinition } from "../rule.js";

export const apiSurfaceRules = {
  authWeakened: {
    id: "api/auth-weakened",
    category: "api",
    severity: "blocker",
    halts: true,
    title: "Authentication or authorization weakened",
    why:
      "The endpoint lost a guard (an authentication middleware, a permission class, a security annotation) or " +
      "gained an allow-all one (`AllowAny`, `@Public()`, `permitAll()`, `skip_before_action :authenticate…`): " +
      "callers who were refused yesterday — anonymous ones, or users without the role — are let in as soon as " +
      "this deploys, and nothing in the tests of the happy path notices.",
    doInstead:
      "Keep the guard. If the endpoint really must be public, say so in the PR, make the exception explicit " +
      "next to the route (a named public decorator with a comment on why), and add a compensating control such " +
      "as rate limiting and a test that anonymous callers get only what they should.",
  },
  statusCodeChanged: {
    id: "api/status-code-changed",
    category: "api",
    severity: "minor",
    halts: false,
    title: "Success status code changed",
    why:
      "Clients that check for the old status (`201` after a create, `204` after a delete) treat the new one as " +
      "unexpected: generated clients raise, and retries or error handling kick in on a request that succeeded.",
    doInstead:
      "Keep the status the contract promised, or announce the change and ship it in a new API version; make " +
      "sure clients accept every 2xx where they can.",
  },
} satisfies Record<string, RuleDefinition>;

export const apiSurfaceRuleList: readonly RuleDefinition[] = Object.values(apiSurfaceRules);
