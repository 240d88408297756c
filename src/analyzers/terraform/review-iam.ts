// I10: administrator wildcards in IAM policies, and credentials written into the configuration
// (checkov CKV_AWS_1/62/63/41/45/46).
import type { Finding } from "../../domain/model.js";
import { infraRules } from "../infra/infra-rules.js";
import { asList, asMap } from "../infra/plain-data.js";
import { isSecretName } from "../infra/secret-name.js";
import { documentStatements, type PolicyStatement, policyStatements } from "./policy-statements.js";
import type { TerraformBlock } from "./terraform-blocks.js";
import {
  attributeSpan,
  firstTouched,
  literalString,
  nestedSpan,
  reportAt,
  type TerraformScope,
  touched,
} from "./terraform-scope.js";

const policyResources = new Set([
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
]);

const isAdministrator = (statement: PolicyStatement) =>
  statement.effect === "Allow" && statement.actions.includes("*") && statement.resources.includes("*");

const wildcardMessage = (label: string) =>
  `${label} allows \`Action: "*"\` on \`Resource: "*"\`: administrator access to the whole account, so a bug or ` +
  "a leaked credential in whatever holds it is a full compromise. List the actions and ARNs it actually uses " +
  "(IAM Access Analyzer can generate them from CloudTrail).";

export async function reviewIam(block: TerraformBlock, scope: TerraformScope): Promise<Finding[]> {
  const { address, body, type } = block;
  const findings: Finding[] = [];

  // A policy built from a data document is reported on the document, where the statement is written.
  const fromDocument = /^\$\{data\.aws_iam_policy_document\./.test(String(body.policy));
  if (block.kind === "resource" && policyResources.has(type) && !fromDocument) {
    const statements = await policyStatements(body.policy, scope.file.json);
    const span = touched(scope, attributeSpan(block, "policy"));
    if (span !== undefined && statements?.some(isAdministrator)) {
      findings.push(
        reportAt(scope, infraRules.iamWildcardOrStaticCredentials, span, {
          subject: `${address}.policy`,
          message: wildcardMessage(`The policy of \`${address}\``),
        }),
      );
    }
  }
  if (block.kind === "data" && type === "aws_iam_policy_document") {
    documentStatements(body).forEach((statement, index) => {
      const span = touched(scope, nestedSpan(block, "statement", index));
      if (span === undefined || !isAdministrator(statement)) return;
      findings.push(
        reportAt(scope, infraRules.iamWildcardOrStaticCredentials, span, {
          subject: `${address}.statement[${index}]`,
          message: wildcardMessage(`Statement ${index + 1} of \`${address}\``),
        }),
      );
    });
  }

  if (block.kind === "provider") {
    for (const [name, value] of Object.entries(body)) {
      const literal = literalString(value);
      if (!isSecretName(name) || literal === undefined || literal === "" || /^[~./]/.test(literal)) continue;
      const span = touched(scope, attributeSpan(block, name));
      if (span === undefined) continue;
      findings.push(
        reportAt(scope, infraRules.iamWildcardOrStaticCredentials, span, {
          subject: `${address}.${name}`,
          message:
            `\`${name}\` of \`provider "${block.type}"\` is written in the configuration: it is now in git history ` +
            "and in every state file, and rotating it means rewriting both. Remove it and let the provider read " +
            "credentials from the environment, a profile, an assumed role or OIDC.",
        }),
      );
    }
  }

  if (block.kind === "resource" && type === "aws_lambda_function") {
    asList(body.environment).forEach((entry, index) => {
      const variables = asMap(asMap(entry)?.variables) ?? {};
      const secrets = Object.entries(variables)
        .filter(([name, value]) => isSecretName(name) && literalString(value) !== undefined && value !== "")
        .map(([name]) => name);
      const span = firstTouched(
        scope,
        attributeSpan(block, "variables", { type: "environment", index }),
        nestedSpan(block, "environment", index),
      );
      if (secrets.length === 0 || span === undefined) return;
      findings.push(
        reportAt(scope, infraRules.iamWildcardOrStaticCredentials, span, {
          subject: `${address}.environment`,
          message:
            `\`${address}\` sets ${secrets.map((name) => `\`${name}\``).join(", ")} to literal values: they sit in ` +
            "git, the state file and the function configuration, visible to anyone with `lambda:GetFunction`. " +
            "Read them at runtime from Secrets Manager or SSM Parameter Store.",
        }),
      );
    });
  }
  return findings;
}
