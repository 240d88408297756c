import type { Finding, Severity } from "../../domain/model.js";

/**
 * A finding whose rule spans two severities in the catalogue (I8 ingress on ordinary ports, unpinned
 * first-party actions): the rule's severity is the worst case, this lowers it for the milder one.
 */
export function withSeverity(finding: Finding, severity: Severity): Finding {
  return { ...finding, severity };
}
