// Terraform's addressable blocks, joining hcl2json's values with the located source lines.
import { asList, asMap } from "../infra/plain-data.js";
import { type HclBlock, locateHclBlocks } from "./locate-hcl-blocks.js";
import type { TerraformJson } from "./parse-terraform.js";

export interface TerraformBlock {
  kind: "resource" | "data" | "provider";
  /** Resource or data source type (`aws_s3_bucket`), provider name (`aws`). */
  type: string;
  /** Block name; for providers, the `alias` or the provider name. */
  name: string;
  /** `aws_s3_bucket.logs`, `data.aws_iam_policy_document.read`, `provider.aws`. */
  address: string;
  /** hcl2json's body: attributes, nested blocks as arrays. */
  body: Record<string, unknown>;
  /** Where it is written; `undefined` only if the source could not be followed. */
  source?: HclBlock;
}

export interface TerraformFile {
  json: TerraformJson;
  blocks: TerraformBlock[];
  located: HclBlock[];
}

export function terraformFile(json: TerraformJson, text: string): TerraformFile {
  const located = locateHclBlocks(text);
  const blocks: TerraformBlock[] = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries(asMap(json[kind]) ?? {})) {
      for (const [name, bodies] of Object.entries(asMap(byName) ?? {})) {
        const body = asMap(asList(bodies)[0]) ?? {};
        const source = located.find(
          (block) => block.type === kind && block.labels[0] === type && block.labels[1] === name,
        );
        const address = kind === "resource" ? `${type}.${name}` : `data.${type}.${name}`;
        blocks.push(withSource({ kind, type, name, address, body }, source));
      }
    }
  }
  for (const [type, bodies] of Object.entries(asMap(json.provider) ?? {})) {
    const sources = located.filter((block) => block.type === "provider" && block.labels[0] === type);
    asList(bodies).forEach((entry, index) => {
      const body = asMap(entry) ?? {};
      const name = typeof body.alias === "string" ? body.alias : type;
      blocks.push(
        withSource({ kind: "provider", type, name, address: `provider.${name}`, body }, sources[index]),
      );
    });
  }
  // hcl2json sorts keys; findings read better in source order.
  blocks.sort((a, b) => (a.source?.span.start ?? 0) - (b.source?.span.start ?? 0));
  return { json, blocks, located };
}

function withSource(block: TerraformBlock, source: HclBlock | undefined): TerraformBlock {
  if (source !== undefined) block.source = source;
  return block;
}

export interface ModuleAddresses {
  /** `type.name` of every resource declared. */
  declared: Set<string>;
  /** `from` of every `moved {}` and `removed {}` block, as written (`aws_db_instance.main[0]`). */
  handedOn: Set<string>;
  /** `to` of every `moved {}` block: new addresses that already have a predecessor. */
  movedTo: Set<string>;
}

/** What a module's files declare, and which old addresses they account for with `moved`/`removed`. */
export function moduleAddresses(located: readonly HclBlock[]): ModuleAddresses {
  const declared = new Set<string>();
  const handedOn = new Set<string>();
  const movedTo = new Set<string>();
  for (const block of located) {
    if (block.type === "resource" && block.labels.length >= 2) {
      declared.add(`${block.labels[0]}.${block.labels[1]}`);
    }
    if (block.type === "moved" || block.type === "removed") {
      const from = block.attributes.find((attribute) => attribute.name === "from")?.expression;
      if (from !== undefined) handedOn.add(from.replace(/\s+/g, ""));
      const to = block.attributes.find((attribute) => attribute.name === "to")?.expression;
      if (block.type === "moved" && to !== undefined)
        movedTo.add(to.replace(/\s+/g, "").replace(/\[[^\]]*\]$/, ""));
    }
  }
  return { declared, handedOn, movedTo };
}
