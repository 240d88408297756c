// The API contract rules A1–A9 of the catalogue (shared reference analyzers.md §3.2, HALT policy §4), and
// request inputs removed (oasdiff WARN, below the catalogue's breaks). Severity follows the catalogue:
// error → blocker, warning → major, info → info. Where a rule has two levels (A3, A5, A9) the finding
// carries the lower one explicitly.
import type { RuleDefinition } from "../rule.js";

export const openApiRules = {
  endpointRemoved: {
    id: "api/endpoint-removed",
    category: "api",
    severity: "blocker",
    halts: true,
    title: "API operation removed",
    why:
      "Every client that still calls this operation gets a 404 or 405 as soon as the change is deployed; " +
      "mobile apps and third-party integrations cannot be updated in step with the server.",
    doInstead:
      "Mark the operation `deprecated: true` with an `x-sunset` date (and a `Sunset` header), tell its " +
      "consumers, and remove it only after the date has passed and traffic has stopped.",
  },
  requestNewlyRequired: {
    id: "api/request-newly-required",
    category: "api",
    severity: "blocker",
    halts: true,
    title: "Request input newly required",
    why:
      "Clients built against the previous contract do not send the new required parameter, header, property " +
      "or body, so their requests start failing validation — even when the server has a default for it.",
    doInstead:
      "Add the input as optional with a server-side default, ship clients that send it, and only then make " +
      "it required (or put the requirement behind a new API version).",
  },
  responseFieldRemoved: {
    id: "api/response-field-removed",
    category: "api",
    severity: "blocker",
    halts: true,
    title: "Response field removed or made optional",
    why:
      "Clients that read the field get `undefined`/`null` where the contract promised a value, and typed " +
      "clients generated from the previous spec fail to deserialise the response.",
    doInstead:
      "Keep returning the field (deprecate it in the schema with `deprecated: true`) until consumers have " +
      "stopped reading it; remove it in a new API version.",
  },
  typeOrNullabilityChanged: {
    id: "api/type-or-nullability-changed",
    category: "api",
    severity: "blocker",
    halts: true,
    title: "Type or nullability changed",
    why:
      "A changed type or format breaks deserialisation in typed clients; a response that may now be null " +
      "crashes clients that never checked for null, and a request that no longer accepts null rejects clients " +
      "that send it.",
    doInstead:
      "Add a new field with the new type next to the old one, migrate clients, then retire the old field; " +
      "never make an existing response field nullable in place.",
  },
  enumChanged: {
    id: "api/enum-changed",
    category: "api",
    severity: "blocker",
    halts: false,
    title: "Enum values changed",
    why:
      "Removing a value a client may send makes its requests fail validation; adding a value to a response " +
      "breaks clients with exhaustive switches or strict enum deserialisation.",
    doInstead:
      "Keep accepting removed request values (map them server-side); document new response values in advance " +
      "and make sure clients treat unknown values as a fallback.",
  },
  requestConstraintTightened: {
    id: "api/request-constraint-tightened",
    category: "api",
    severity: "major",
    halts: false,
    title: "Request validation tightened",
    why:
      "Requests that were valid yesterday (a longer string, a larger number, more items, a value the new " +
      "pattern rejects, a changed default) start failing or behaving differently without any client change.",
    doInstead:
      "Tighten limits only after checking real traffic for values outside the new range, or apply the new " +
      "limit to a new field or API version.",
  },
  statusOrMediaTypeRemoved: {
    id: "api/status-or-media-type-removed",
    category: "api",
    severity: "blocker",
    halts: false,
    title: "Success status or media type removed",
    why:
      "Clients that handle the removed success status, or that send or accept the removed media type, get " +
      "responses they do not understand or have their requests rejected with 415.",
    doInstead:
      "Keep the status and media types the previous contract promised; add new ones alongside and retire the " +
      "old ones through a deprecation period.",
  },
  securityWeakened: {
    id: "api/security-weakened",
    category: "api",
    severity: "blocker",
    halts: true,
    title: "Authentication removed or weakened",
    why:
      "An operation that no longer requires authentication (or fewer OAuth scopes) is open to anyone who can " +
      "reach the API: the perimeter widens silently, and write operations without security let anonymous " +
      "callers change data.",
    doInstead:
      "Keep the security requirement, or make the exception explicit (`security: []` with a comment on why the " +
      "operation is public) together with a compensating control such as rate limiting.",
  },
  owaspOnChangedOperations: {
    id: "api/owasp-on-changed-operations",
    category: "api",
    severity: "major",
    halts: false,
    title: "OWASP API security check",
    why:
      "The OWASP API Security Top 10 checks flag insecure authentication schemes, credentials in URLs, plain " +
      "HTTP servers, missing 401 responses and unbounded strings or arrays in the operations this PR touches.",
    doInstead:
      "Use OAuth 2/OpenID or bearer tokens over HTTPS, keep credentials out of URLs, document 401 responses, " +
      "and bound every string (`maxLength`) and array (`maxItems`).",
  },
  requestPropertyRemoved: {
    id: "api/request-property-removed",
    category: "api",
    severity: "minor",
    halts: false,
    title: "Request property or parameter removed",
    why:
      "Clients built against the previous contract still send the removed request property or parameter: the " +
      "server now ignores it, so whatever it controlled silently stops happening, or rejects the whole request " +
      "where additional properties are forbidden.",
    doInstead:
      "Keep accepting the request property or parameter and ignore it for a deprecation period (mark it " +
      "`deprecated: true` meanwhile), document the removal for clients, and drop it from the contract once they " +
      "have stopped sending it.",
  },
} satisfies Record<string, RuleDefinition>;

export type OpenApiRuleName = keyof typeof openApiRules;

/** Every OpenAPI rule, in catalogue order (A1–A9), then the request inputs removed. */
export const openApiRuleList: readonly RuleDefinition[] = Object.values(openApiRules);
