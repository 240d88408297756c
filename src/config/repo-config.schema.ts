// `.github/backend-architect.yml`: per-repository settings, read from the default branch only (a PR must
// not change its own review rules). `npm run schemas` writes the JSON Schema editors use.
import { z } from "zod";
import { commandNames } from "../commands/parse-commands.js";

const severity = z.enum(["blocker", "major", "minor", "info"]);

/** A rule's setting: `off`, a severity, or an object with both. */
export const RuleSetting = z.union(
  [
    z.literal("off").describe("Never report this rule."),
    severity.describe("Report this rule with this severity instead of its default."),
    z
      .strictObject({
        /** false turns the rule off. */
        enabled: z.boolean().optional().describe("false turns the rule off."),
        /** Severity to report the rule with. */
        severity: severity.optional().describe("Severity to report the rule with."),
      })
      .describe("Turn the rule off or change its severity."),
  ],
  { error: "must be `off`, a severity (`blocker`, `major`, `minor`, `info`) or `{ enabled, severity }`" },
);
export type RuleSetting = z.infer<typeof RuleSetting>;

export const RepoConfig = z
  .strictObject({
    /** Another file to extend (`owner/repo:path.yml`); handled by Probot before validation. */
    _extends: z
      .string()
      .optional()
      .describe("Configuration to extend, e.g. `my-org/.github:backend-architect.yml`."),
    /** Per-rule settings keyed by rule id (see docs/rules.md), e.g. `db/missing-lock-timeout: off`. */
    rules: z
      .record(z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, "a rule id looks like `db/drop-column`"), RuleSetting)
      .default({})
      .describe(
        "Per-rule settings keyed by rule id (see docs/rules.md), e.g. `db/missing-lock-timeout: off`.",
      ),
    /**
     * Globs that decide a file's category before the built-in classification: a path matching `api` is an API
     * contract, `schema` a schema/migration or data model, `infra` infrastructure, `other` not backend at all.
     * Checked in that order; the first match wins. A path matching none keeps the built-in category.
     */
    paths: z
      .strictObject({
        /** API surface: contracts, routes, handlers, serializers, request/response schemas. */
        api: z
          .array(z.string().min(1))
          .default([])
          .describe("API surface: contracts, routes, handlers, serializers, request/response schemas."),
        /** Schemas, migrations and data models (ORM models, entities). */
        schema: z
          .array(z.string().min(1))
          .default([])
          .describe("Schemas, migrations and data models (ORM models, entities)."),
        /** Infrastructure: containers, deployment manifests, Terraform, CI workflows. */
        infra: z
          .array(z.string().min(1))
          .default([])
          .describe("Infrastructure: containers, deployment manifests, Terraform, CI workflows."),
        /** Never backend: reviewed only for secrets, and never the reason for a review. */
        other: z
          .array(z.string().min(1))
          .default([])
          .describe("Never backend: reviewed only for secrets, and never the reason for a review."),
      })
      .prefault({})
      .describe(
        "Globs that decide a file's category before the built-in classification (first match in the order api, schema, infra, other wins).",
      ),
    review: z
      .strictObject({
        /** HALT questions post as "changes requested" (true) or as a comment that does not block (false). */
        requestChanges: z
          .boolean()
          .default(true)
          .describe(
            'HALT questions post as "changes requested" (true) or as a non-blocking comment (false).',
          ),
        /** Most inline comments in one review; the rest are listed in the summary. */
        maxInlineComments: z
          .number()
          .int()
          .min(0)
          .max(50)
          .default(15)
          .describe("Most inline comments in one review; the rest are listed in the summary."),
        /**
         * Allow an APPROVE review when nothing at all was found (never when a prompt-injection attempt was
         * detected, a file could not be checked, or a question is open). Off: the app only comments.
         */
        approve: z
          .boolean()
          .default(false)
          .describe(
            "Allow an APPROVE review when nothing was found (never with a detected prompt-injection attempt). Off: the app only comments.",
          ),
        /** Paths (globs) never reviewed, in addition to lockfiles, vendored and generated files. */
        ignore: z
          .array(z.string())
          .default([])
          .describe("Paths (globs) never reviewed, in addition to lockfiles, vendored and generated files."),
        /** PRs with this label get no automatic review; `/architect pause` adds it and `resume` removes it. */
        skipLabel: z
          .string()
          .min(1)
          .max(50)
          .default("architect:skip")
          .describe(
            "PRs with this label get no automatic review; `/architect pause` adds it and `/architect resume` removes it.",
          ),
        /** What the "Backend Architect" check run concludes on a HALT. */
        haltConclusion: z
          .enum(["action_required", "failure"])
          .default("action_required")
          .describe(
            'What the "Backend Architect" check run concludes on a HALT: `action_required` (GitHub shows a "Resolve" link to the review) or `failure`.',
          ),
      })
      .prefault({})
      .describe("How reviews are posted."),
    /** Who may run `/architect` commands, and how often. */
    commands: z
      .strictObject({
        /** false: commands are not answered at all (not even refused). */
        enabled: z.boolean().default(true).describe("false: `/architect` commands are ignored."),
        /** The lowest repository permission that may run every command. */
        minPermission: z
          .enum(["read", "triage", "write", "maintain", "admin"])
          .default("write")
          .describe("The lowest repository permission that may run every command."),
        /** Commands the author of a PR or issue may run on their own PR or issue without that permission. */
        authorMay: z
          .array(z.enum(commandNames))
          .default(["answer", "ask", "explain", "propose"])
          .describe(
            "Commands the author of a PR or issue may run on their own PR or issue without that permission.",
          ),
        /** Commands one PR or issue accepts per hour, everyone together; more are refused with a reply. */
        perHour: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(20)
          .describe("Commands one PR or issue accepts per hour, everyone together."),
      })
      .prefault({})
      .describe("Who may run `/architect` commands, and how often."),
    /** Design proposals on issues (`/architect propose`, or the label below). */
    proposals: z
      .strictObject({
        /** An issue opened with this label, or given it later, gets a design proposal; "" turns that off. */
        label: z
          .string()
          .max(50)
          .default("architecture")
          .describe(
            'An issue opened with this label, or given it later, gets a design proposal; "" turns that off.',
          ),
      })
      .prefault({})
      .describe("Design proposals on issues."),
    /** The architect agent on Claude (used when the app has an ANTHROPIC_API_KEY). */
    agent: z
      .strictObject({
        /** Agent to review with: `.github/agents/<name>.md` on the default branch, else the app's bundled one. */
        name: z
          .string()
          .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "an agent name is kebab-case, like `backend-architect`")
          .default("backend-architect")
          .describe(
            "Agent to review with: `.github/agents/<name>.md` on the default branch, else the app's bundled one.",
          ),
        /** Model id; defaults to the app's ANTHROPIC_MODEL. */
        model: z.string().min(1).optional().describe("Model id; defaults to the app's ANTHROPIC_MODEL."),
        /** Tool turns stop before one review's cost would cross this (USD). */
        costCeilingUsd: z
          .number()
          .positive()
          .max(50)
          .default(1)
          .describe("Tool turns stop before one review's cost would cross this (USD)."),
        /** Input-token budget of the first request (system, PR, diff); the rest of the PR is named, not sent. */
        tokenBudget: z
          .number()
          .int()
          .min(10_000)
          .max(900_000)
          .default(150_000)
          .describe("Input-token budget of the first request; files that do not fit are named, not sent."),
      })
      .prefault({})
      .describe("The architect agent on Claude (used when the app has an ANTHROPIC_API_KEY)."),
  })
  .describe(
    "backend-architect settings for this repository (.github/backend-architect.yml on the default branch).",
  );
export type RepoConfig = z.infer<typeof RepoConfig>;

export const defaultRepoConfig: RepoConfig = RepoConfig.parse({});
