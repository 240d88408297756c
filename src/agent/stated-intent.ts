// Decides whether the PR already states the intent behind an irreversible or contract-breaking change,
// in which case the architect reports it instead of asking (HALT policy, analyzers reference §4).
import type { Finding } from "../domain/model.js";

/** Verbs that, next to the subject, say the author means it. Keyed by the rule id's action. */
const intentVerbs: Array<[RegExp, RegExp]> = [
  [
    /drop|remove|delete|destroy/,
    /\b(drop(s|ped|ping)?|remov(e|es|ed|ing)|delet(e|es|ed|ing)|retir(e|es|ed|ing)|destroy(s|ed|ing)?)\b/i,
  ],
  [/rename/, /\b(renam(e|es|ed|ing))\b/i],
  [
    /type|changed/,
    /\b(type|retype|convert(s|ed|ing)?|chang(e|es|ed|ing)|alter(s|ed|ing)?|widen(s|ed|ing)?)\b/i,
  ],
  [
    /destructive|truncate/,
    /\b(truncat(e|es|ed|ing)|delet(e|es|ed|ing)|wip(e|es|ed|ing)|purg(e|es|ed|ing)|drop(s|ped|ping)?)\b/i,
  ],
  [
    // Opening an endpoint on purpose is said with other words than removing it.
    /^api\/(auth|security)-weakened$/,
    /\b(public(ly)?|anonymous(ly)?|unauthenticated|open(s|ed|ing)? (up|to)|allow(s|ed|ing)? (anyone|everyone|anonymous)|without (auth\w*|login|a session|a token)|no longer requir(e|es|ed)|remov(e|es|ed|ing)|drop(s|ped|ping)?)\b/i,
  ],
  [
    /^(api|graphql)\//,
    /\b(remov(e|es|ed|ing)|delet(e|es|ed|ing)|drop(s|ped|ping)?|renam(e|es|ed|ing)|chang(e|es|ed|ing)|break(s|ing)?|deprecat(e|es|ed|ing|ion)|requir(e|es|ed|ing))\b/i,
  ],
];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * True when the PR text acknowledges this finding: an explicit `architect-ack: <rule-id> [subject]`
 * marker, a `BREAKING CHANGE` note, or a line that names the subject with a matching verb
 * ("drop users.legacy_email — all readers were removed in #123").
 */
export function statesIntent(prText: string, finding: Finding): boolean {
  // A finding merged from several subjects is acknowledged only when each of them is.
  const { subjects, ...single } = finding;
  if (subjects !== undefined && subjects.length > 1)
    return subjects.every((subject) => statesIntent(prText, { ...single, subject }));
  for (const match of prText.matchAll(/architect-ack:\s*([\w/-]+)(?:[ \t]+([^\s]+))?/gi)) {
    const [, ruleId, subject] = match;
    if (ruleId?.toLowerCase() !== finding.ruleId) continue;
    if (subject === undefined || finding.subject === undefined) return true;
    if (subject.toLowerCase() === finding.subject.toLowerCase()) return true;
  }
  if (/\bBREAKING[ -]CHANGE\b/.test(prText)) return true;
  if (finding.subject === undefined) return false;

  const verb = intentVerbs.find(([action]) => action.test(finding.ruleId))?.[1];
  if (verb === undefined) return false;
  // For `table.column` (and a GraphQL `Mutation.field` declared in code) the last part alone names it too;
  // other subjects (`aws_db_instance.main`, `GET /users`) only count when named whole, or "main" would
  // acknowledge every resource.
  const leaf =
    /^(db|graphql)\//.test(finding.ruleId) || /^(Query|Mutation|Subscription)\.\w+$/.test(finding.subject)
      ? (finding.subject.split(".").pop() ?? finding.subject)
      : finding.subject;
  const names = new RegExp(
    `(^|[^\\w])(${escapeRegExp(finding.subject)}|${escapeRegExp(leaf)})([^\\w]|$)`,
    "i",
  );
  // Ack markers for other rules are not prose about this change.
  const prose = prText.replace(/architect-ack:[^\n]*/gi, "");
  return prose.split(/\r?\n|(?<=[.!?])\s/).some((sentence) => names.test(sentence) && verb.test(sentence));
}
