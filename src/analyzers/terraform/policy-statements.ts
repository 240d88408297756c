// IAM policy statements from the ways Terraform writes them: a JSON string or heredoc, `jsonencode({…})`,
// or a reference to a `data "aws_iam_policy_document"` block of the same file.
import { asList, asMap } from "../infra/plain-data.js";
import { parseTerraform, type TerraformJson } from "./parse-terraform.js";

export interface PolicyStatement {
  effect: "Allow" | "Deny";
  actions: string[];
  resources: string[];
  /** `*` for anyone; AWS account/role ARNs, service names otherwise. */
  principals: string[];
  /** A `Condition` usually scopes a wildcard principal (source VPC endpoint, organisation id). */
  conditional: boolean;
}

/** The statements of a policy attribute's value, or `undefined` when it cannot be read statically. */
export async function policyStatements(
  value: unknown,
  file: TerraformJson,
): Promise<PolicyStatement[] | undefined> {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const reference = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(text);
  if (reference !== null) {
    const documents = asMap(asMap(file.data)?.aws_iam_policy_document);
    const body = asMap(asList(documents?.[reference[1] ?? ""])[0]);
    return body === undefined ? undefined : documentStatements(body);
  }
  const encoded = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(text);
  if (encoded !== null) {
    // hcl2json evaluates the object literal for us when it is the value of an attribute.
    const parsed = await parseTerraform("policy.tf", `policy = ${encoded[1] ?? ""}\n`);
    return parsed.ok ? jsonStatements(parsed.json.policy) : undefined;
  }
  if (text.includes("${")) return undefined;
  try {
    return jsonStatements(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Statements of a `data "aws_iam_policy_document"` body (hcl2json form). */
export function documentStatements(body: Record<string, unknown>): PolicyStatement[] {
  return asList(body.statement).flatMap((entry) => {
    const statement = asMap(entry);
    if (statement === undefined) return [];
    const principals = asList(statement.principals).flatMap((principal) => {
      const map = asMap(principal);
      if (map?.type === "*") return ["*"];
      return strings(map?.identifiers);
    });
    return [
      {
        effect: statement.effect === "Deny" ? "Deny" : "Allow",
        actions: strings(statement.actions),
        resources: strings(statement.resources),
        principals,
        conditional: asList(statement.condition).length > 0,
      },
    ];
  });
}

function jsonStatements(policy: unknown): PolicyStatement[] | undefined {
  const document = asMap(policy);
  if (document === undefined) return undefined;
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((entry) => {
    const statement = asMap(entry);
    if (statement === undefined) return [];
    return [
      {
        effect: statement.Effect === "Deny" ? "Deny" : "Allow",
        actions: strings(statement.Action),
        resources: strings(statement.Resource),
        principals: principalsOf(statement.Principal),
        conditional: asMap(statement.Condition) !== undefined,
      },
    ];
  });
}

/** `"*"`, `{ AWS: "*" }`, `{ AWS: ["arn:…", "*"] }`, `{ Service: "…" }`. */
function principalsOf(principal: unknown): string[] {
  if (typeof principal === "string") return [principal];
  const map = asMap(principal);
  if (map === undefined) return [];
  return Object.values(map).flatMap((value) => strings(value));
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return asList(value).filter((item): item is string => typeof item === "string");
}
