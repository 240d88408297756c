// The GraphQL schema rules A10–A11 of the catalogue (shared reference analyzers.md §3.2, §5.4).
import type { RuleDefinition } from "../rule.js";

export const graphqlRules = {
  breakingChange: {
    id: "graphql/breaking-change",
    category: "api",
    severity: "blocker",
    halts: true,
    title: "Breaking GraphQL schema change",
    why:
      "Operations that clients already ship (persisted queries, mobile apps, other teams' services) stop " +
      "validating or stop returning what they select: a removed type, field, argument or enum value, a changed " +
      "type, or a newly required argument or input field fails every query that relies on the old schema.",
    doInstead:
      "Add the new shape next to the old one, mark the old element `@deprecated(reason: …)` with a removal " +
      "date, watch field usage until it drops to zero, and remove it only then.",
  },
  dangerousChange: {
    id: "graphql/dangerous-change",
    category: "api",
    severity: "major",
    halts: false,
    title: "Dangerous GraphQL schema change",
    why:
      "Existing queries still validate, but clients may behave differently: an exhaustive switch meets a new " +
      "enum value or union member, a changed argument default changes results silently, and a new interface " +
      "changes fragment matching.",
    doInstead:
      "Make sure clients handle unknown enum values and union members (a default branch), announce default " +
      "changes, and prefer a new argument over a new default.",
  },
} satisfies Record<string, RuleDefinition>;

/** Every GraphQL rule, in catalogue order (A10–A11). */
export const graphqlRuleList: readonly RuleDefinition[] = Object.values(graphqlRules);
