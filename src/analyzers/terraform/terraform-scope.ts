// What every Terraform rule needs: the file, the PR's changed lines, and how to report on a block.
import type { Finding } from "../../domain/model.js";
import { anchorLine, type LineSpan, spanTouches } from "../infra/line-span.js";
import { type FindingSite, makeFinding } from "../make-finding.js";
import type { RuleDefinition } from "../rule.js";
import { attributeOf, nestedBlockOf } from "./locate-hcl-blocks.js";
import type { TerraformBlock, TerraformFile } from "./terraform-blocks.js";

export interface TerraformScope {
  path: string;
  addedLines: ReadonlySet<number>;
  file: TerraformFile;
}

/** Lines of `attribute` of `block` (or of its `index`-th nested `nested` block) when written in the file. */
export function attributeSpan(
  block: TerraformBlock,
  attribute: string,
  nested?: { type: string; index: number },
): LineSpan | undefined {
  const source = nested === undefined ? block.source : nestedSpanOwner(block, nested);
  return source === undefined ? undefined : attributeOf(source, attribute)?.span;
}

/** Lines of the `index`-th nested block `type` of `block`. */
export function nestedSpan(block: TerraformBlock, type: string, index: number): LineSpan | undefined {
  return nestedSpanOwner(block, { type, index })?.span;
}

function nestedSpanOwner(block: TerraformBlock, nested: { type: string; index: number }) {
  return block.source === undefined ? undefined : nestedBlockOf(block.source, nested.type, nested.index);
}

/** `span` when the PR changed one of its lines. */
export function touched(scope: TerraformScope, span: LineSpan | undefined): LineSpan | undefined {
  return span !== undefined && spanTouches(span, scope.addedLines) ? span : undefined;
}

/** The first of `spans` the PR touched. */
export function firstTouched(
  scope: TerraformScope,
  ...spans: Array<LineSpan | undefined>
): LineSpan | undefined {
  return spans.map((span) => touched(scope, span)).find((span) => span !== undefined);
}

export function reportAt(
  scope: TerraformScope,
  rule: RuleDefinition,
  span: LineSpan,
  site: Omit<FindingSite, "path" | "line" | "endLine">,
): Finding {
  return makeFinding(rule, { ...site, path: scope.path, line: anchorLine(span, scope.addedLines) });
}

/** A literal string value (not a `${reference}`), or `undefined`. */
export function literalString(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}
