// The secrets rule: a credential committed in an added line. Not a HALT: there is no legitimate intent to ask about.
import type { RuleDefinition } from "../rule.js";

export const secretRules = {
  hardcodedSecret: {
    id: "secrets/hardcoded-secret",
    category: "infra",
    severity: "blocker",
    halts: false,
    title: "Hardcoded secret",
    why:
      "A credential in the repository is readable by everyone with access to it, its forks and every clone, and it " +
      "stays in the Git history after the line is deleted.",
    doInstead:
      "Revoke or rotate the credential now, then load it at runtime from the environment or a secret manager " +
      "(GitHub Actions secrets, Vault, AWS Secrets Manager…).",
  },
} satisfies Record<string, RuleDefinition>;

/**
 * In test and fixture paths the same finding is `major`, not `blocker`: such files routinely hold deliberately
 * fake keys in the real format (for parsers, scanners, signature tests). A real key there is still leaked, so
 * it is still reported, with the advice to make fakes recognisable.
 */
export const fixtureSecretRule: RuleDefinition = { ...secretRules.hardcodedSecret, severity: "major" };
