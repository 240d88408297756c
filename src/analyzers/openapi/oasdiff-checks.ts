// The oasdiff check ids our differ reports, with oasdiff's level and the catalogue rule each one maps to.
// Ids and levels follow oasdiff `checker/rules.go` at 4553c69 (analyzers.md §5.3); the ids are sub-codes in
// every finding so a reader can look the check up upstream.
import type { Severity } from "../../domain/model.js";
import type { OpenApiRuleName } from "./openapi-rules.js";

/** oasdiff's levels: ERR = definite break, WARN = likely break, INFO = not breaking. */
export type OasdiffLevel = "ERR" | "WARN" | "INFO";

export interface OasdiffCheck {
  level: OasdiffLevel;
  rule: OpenApiRuleName;
  /** When the finding is less severe than its rule (A3 optional removal, A5 response addition). */
  severity?: Severity;
}

const check = (level: OasdiffLevel, rule: OpenApiRuleName, severity?: Severity): OasdiffCheck =>
  severity === undefined ? { level, rule } : { level, rule, severity };

export const oasdiffChecks = {
  // A1 — paths and operations
  "api-path-removed-without-deprecation": check("ERR", "endpointRemoved"),
  "api-removed-without-deprecation": check("ERR", "endpointRemoved"),
  "api-path-removed-before-sunset": check("ERR", "endpointRemoved"),
  "api-removed-before-sunset": check("ERR", "endpointRemoved"),
  "api-path-sunset-parse": check("ERR", "endpointRemoved"),
  // Deprecated first: sanctioned by oasdiff; still A1 unless the sunset date has passed.
  "api-path-removed-with-deprecation": check("INFO", "endpointRemoved"),
  "api-removed-with-deprecation": check("INFO", "endpointRemoved"),

  // A2 — newly required request input
  "new-required-request-parameter": check("ERR", "requestNewlyRequired"),
  "new-request-path-parameter": check("ERR", "requestNewlyRequired"),
  "request-parameter-became-required": check("ERR", "requestNewlyRequired"),
  "new-required-request-property": check("ERR", "requestNewlyRequired"),
  "new-required-request-property-with-default": check("INFO", "requestNewlyRequired"),
  "request-property-became-required": check("ERR", "requestNewlyRequired"),
  "request-body-became-required": check("ERR", "requestNewlyRequired"),
  "request-body-added-required": check("ERR", "requestNewlyRequired"),

  // A3 — response fields
  "response-required-property-removed": check("ERR", "responseFieldRemoved"),
  "response-property-became-optional": check("ERR", "responseFieldRemoved"),
  "response-optional-property-removed": check("WARN", "responseFieldRemoved", "major"),

  // A4 — type and nullability
  "request-body-type-changed": check("ERR", "typeOrNullabilityChanged"),
  "request-property-type-changed": check("ERR", "typeOrNullabilityChanged"),
  "request-parameter-type-changed": check("ERR", "typeOrNullabilityChanged"),
  "request-parameter-property-type-changed": check("WARN", "typeOrNullabilityChanged"),
  "response-body-type-changed": check("ERR", "typeOrNullabilityChanged"),
  "response-property-type-changed": check("ERR", "typeOrNullabilityChanged"),
  "response-body-became-nullable": check("ERR", "typeOrNullabilityChanged"),
  "response-property-became-nullable": check("ERR", "typeOrNullabilityChanged"),
  "request-body-became-not-nullable": check("ERR", "typeOrNullabilityChanged"),
  "request-property-became-not-nullable": check("ERR", "typeOrNullabilityChanged"),
  "request-parameter-became-not-nullable": check("ERR", "typeOrNullabilityChanged"),
  "request-parameter-property-became-not-nullable": check("ERR", "typeOrNullabilityChanged"),

  // A5 — enums
  "request-body-enum-value-removed": check("ERR", "enumChanged"),
  "request-property-enum-value-removed": check("ERR", "enumChanged"),
  "request-parameter-enum-value-removed": check("ERR", "enumChanged"),
  "request-parameter-property-enum-value-removed": check("ERR", "enumChanged"),
  "request-body-became-enum": check("ERR", "enumChanged"),
  "request-property-became-enum": check("ERR", "enumChanged"),
  "request-parameter-became-enum": check("ERR", "enumChanged"),
  "response-property-enum-value-added": check("WARN", "enumChanged", "major"),
  "response-mediatype-enum-value-added": check("WARN", "enumChanged", "major"),

  // A6 — request validation tightened
  "request-body-max-length-decreased": check("ERR", "requestConstraintTightened"),
  "request-property-max-length-decreased": check("ERR", "requestConstraintTightened"),
  "request-parameter-max-length-decreased": check("ERR", "requestConstraintTightened"),
  "request-body-max-length-set": check("ERR", "requestConstraintTightened"),
  "request-property-max-length-set": check("ERR", "requestConstraintTightened"),
  "request-parameter-max-length-set": check("ERR", "requestConstraintTightened"),
  "request-body-min-length-increased": check("ERR", "requestConstraintTightened"),
  "request-property-min-length-increased": check("ERR", "requestConstraintTightened"),
  "request-parameter-min-length-increased": check("ERR", "requestConstraintTightened"),
  "request-body-max-decreased": check("ERR", "requestConstraintTightened"),
  "request-property-max-decreased": check("ERR", "requestConstraintTightened"),
  "request-parameter-max-decreased": check("ERR", "requestConstraintTightened"),
  "request-body-max-set": check("ERR", "requestConstraintTightened"),
  "request-property-max-set": check("ERR", "requestConstraintTightened"),
  "request-parameter-max-set": check("ERR", "requestConstraintTightened"),
  "request-body-min-increased": check("ERR", "requestConstraintTightened"),
  "request-property-min-increased": check("ERR", "requestConstraintTightened"),
  "request-parameter-min-increased": check("ERR", "requestConstraintTightened"),
  "request-body-min-set": check("ERR", "requestConstraintTightened"),
  "request-property-min-set": check("ERR", "requestConstraintTightened"),
  "request-parameter-min-set": check("ERR", "requestConstraintTightened"),
  "request-body-max-items-decreased": check("ERR", "requestConstraintTightened"),
  "request-property-max-items-decreased": check("ERR", "requestConstraintTightened"),
  "request-parameter-max-items-decreased": check("ERR", "requestConstraintTightened"),
  "request-body-min-items-increased": check("ERR", "requestConstraintTightened"),
  "request-property-min-items-increased": check("ERR", "requestConstraintTightened"),
  "request-parameter-min-items-increased": check("ERR", "requestConstraintTightened"),
  "request-property-pattern-added": check("WARN", "requestConstraintTightened"),
  "request-parameter-pattern-added": check("WARN", "requestConstraintTightened"),
  "request-property-pattern-changed": check("WARN", "requestConstraintTightened"),
  "request-parameter-pattern-changed": check("WARN", "requestConstraintTightened"),
  "request-parameter-default-value-changed": check("ERR", "requestConstraintTightened"),
  "request-property-default-value-changed": check("INFO", "requestConstraintTightened"),

  // A7 — success status and media types
  "response-success-status-removed": check("ERR", "statusOrMediaTypeRemoved"),
  "response-media-type-removed": check("ERR", "statusOrMediaTypeRemoved"),
  "request-body-media-type-removed": check("ERR", "statusOrMediaTypeRemoved"),

  // A8 — security (oasdiff INFO at 4553c69; escalated by the catalogue)
  "api-security-removed": check("INFO", "securityWeakened"),
  "api-global-security-removed": check("INFO", "securityWeakened"),
  "api-security-scope-removed": check("INFO", "securityWeakened"),
  "api-global-security-scope-removed": check("INFO", "securityWeakened"),

  // Request inputs removed: clients still send them (oasdiff WARN; INFO once the parameter was deprecated)
  "request-property-removed": check("WARN", "requestPropertyRemoved"),
  "request-parameter-removed": check("WARN", "requestPropertyRemoved"),
  "request-parameter-removed-with-deprecation": check("INFO", "requestPropertyRemoved", "info"),
} satisfies Record<string, OasdiffCheck>;

export type OasdiffCheckId = keyof typeof oasdiffChecks;

/** Not an oasdiff check: a new write operation without security (Spectral OWASP's id, kept as our sub-code). */
export const writeRestrictedCode = "owasp:api2:2023-write-restricted";
