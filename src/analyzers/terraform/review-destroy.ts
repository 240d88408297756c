// I11: changes that make Terraform destroy stateful resources, or remove what would have stopped it.
import type { Finding } from "../../domain/model.js";
import { infraRules } from "../infra/infra-rules.js";
import { asList, asMap } from "../infra/plain-data.js";
import { makeFinding } from "../make-finding.js";
import { attributeOf } from "./locate-hcl-blocks.js";
import { isStatefulResourceType } from "./stateful-resource-types.js";
import type { ModuleAddresses, TerraformBlock, TerraformFile } from "./terraform-blocks.js";
import { attributeSpan, reportAt, type TerraformScope, touched } from "./terraform-scope.js";

const removalQuestion = (address: string, type: string) =>
  `Removing or renaming \`${address}\` makes Terraform destroy \`${type}\`. Is a \`moved {}\` block, an import ` +
  "or a final backup planned?";

/** `deletion_protection = false` and `skip_final_snapshot = true` written by the PR. */
export function reviewDestroySafeguards(block: TerraformBlock, scope: TerraformScope): Finding[] {
  if (block.kind !== "resource") return [];
  const { address, body, type } = block;
  const findings: Finding[] = [];
  for (const flag of ["deletion_protection", "deletion_protection_enabled"]) {
    const span = body[flag] === false ? touched(scope, attributeSpan(block, flag)) : undefined;
    if (span === undefined) continue;
    findings.push(
      reportAt(scope, infraRules.statefulResourceDestroy, span, {
        subject: `${address}.${flag}`,
        message:
          `\`${flag} = false\` lets \`${address}\` be deleted by the next \`terraform destroy\`, replacement or ` +
          "console click. Keep it `true` outside a planned decommission.",
        haltQuestion:
          `Turning off deletion protection on \`${address}\` is the step before destroying \`${type}\`. Is a ` +
          "destroy planned, and is there a final backup?",
      }),
    );
  }
  const snapshotSpan =
    body.skip_final_snapshot === true
      ? touched(scope, attributeSpan(block, "skip_final_snapshot"))
      : undefined;
  if (snapshotSpan !== undefined) {
    findings.push(
      reportAt(scope, infraRules.statefulResourceDestroy, snapshotSpan, {
        subject: `${address}.skip_final_snapshot`,
        message:
          `With \`skip_final_snapshot = true\`, destroying or replacing \`${address}\` (a renamed identifier, an ` +
          "engine change) deletes it with no backup to restore from. Set it to `false` with a " +
          "`final_snapshot_identifier`.",
        haltQuestion:
          `With \`skip_final_snapshot = true\`, destroying \`${address}\` leaves no backup of \`${type}\`. Is that ` +
          "intended for this environment?",
      }),
    );
  }
  return findings;
}

export interface DestroyReview {
  path: string;
  addedLines: ReadonlySet<number>;
  /** The file before the PR. */
  base: TerraformFile;
  /** The file after the PR; `undefined` when the PR deletes it. */
  head: TerraformFile | undefined;
  /** Every resource declared in the module after the PR, and every address handed on by `moved`/`removed`. */
  module: ModuleAddresses;
}

/**
 * Base-versus-head: a stateful resource gone from the module, `prevent_destroy` taken off, or `count` /
 * `for_each` added or dropped (which changes every instance address). Removals anchor on the base lines.
 */
export function reviewDestroyedResources(review: DestroyReview): Finding[] {
  const findings: Finding[] = [];
  const headBlocks = new Map(
    (review.head?.blocks ?? []).filter((b) => b.kind === "resource").map((b) => [b.address, b]),
  );
  for (const before of review.base.blocks) {
    if (before.kind !== "resource" || before.source === undefined) continue;
    const { address, type } = before;
    const after = headBlocks.get(address);
    const handedOn = [...review.module.handedOn].some(
      (from) => from === address || from.startsWith(`${address}[`),
    );

    if (isStatefulResourceType(type) && !review.module.declared.has(address) && !handedOn) {
      const renamedTo = likelyRename(before, [...headBlocks.values()], review);
      const hint =
        renamedTo === undefined
          ? "If it moved to another module, add a `moved {}` block; if it should only leave Terraform's " +
            "management, use a `removed {}` block with `lifecycle { destroy = false }`."
          : `If it was renamed, add \`moved { from = ${address}  to = ${renamedTo.address} }\`.`;
      findings.push(
        makeFinding(infraRules.statefulResourceDestroy, {
          path: review.path,
          line: before.source.span.start,
          side: "LEFT",
          subject: address,
          message:
            `\`${address}\` is no longer in the configuration, so the next \`terraform apply\` destroys it and ` +
            `its data. ${hint}`,
          haltQuestion: removalQuestion(address, type),
        }),
      );
      continue;
    }
    if (after === undefined) continue;
    findings.push(...preventDestroyRemoved(before, after, review));
    if (isStatefulResourceType(type) && !handedOn)
      findings.push(...instanceKeysChanged(before, after, review));
  }
  return findings;
}

/**
 * The new resource of the same type most like `before` (most equal attribute values), for the `moved {}`
 * hint; new addresses that already are a `moved` target are someone else's rename.
 */
function likelyRename(
  before: TerraformBlock,
  head: readonly TerraformBlock[],
  review: DestroyReview,
): TerraformBlock | undefined {
  const candidates = head.filter(
    (candidate) =>
      candidate.type === before.type &&
      !review.module.movedTo.has(candidate.address) &&
      !review.base.blocks.some((block) => block.address === candidate.address),
  );
  const likeness = (candidate: TerraformBlock) =>
    Object.entries(before.body).filter(
      ([key, value]) => JSON.stringify(candidate.body[key]) === JSON.stringify(value),
    ).length;
  return candidates.sort((a, b) => likeness(b) - likeness(a))[0];
}

function preventDestroyRemoved(
  before: TerraformBlock,
  after: TerraformBlock,
  review: DestroyReview,
): Finding[] {
  if (lifecycleFlag(before) !== true || lifecycleFlag(after) === true) return [];
  const { address, type } = before;
  const site = {
    subject: `${address}.prevent_destroy`,
    message:
      `This takes \`prevent_destroy\` off \`${address}\`: the next plan that replaces or removes it will ` +
      "destroy it without stopping. Keep the guard unless a destroy is the goal.",
    haltQuestion:
      `Removing \`prevent_destroy\` from \`${address}\` lets Terraform destroy \`${type}\` without a guard. Is ` +
      "a destroy or replacement planned, and is there a backup?",
  };
  const written = after.source?.blocks.find((block) => block.type === "lifecycle");
  const headLine = written === undefined ? undefined : attributeOf(written, "prevent_destroy")?.span;
  if (headLine !== undefined && review.addedLines.has(headLine.start)) {
    return [
      makeFinding(infraRules.statefulResourceDestroy, { ...site, path: review.path, line: headLine.start }),
    ];
  }
  const baseLifecycle = before.source?.blocks.find((block) => block.type === "lifecycle");
  const baseLine =
    baseLifecycle === undefined ? undefined : attributeOf(baseLifecycle, "prevent_destroy")?.span;
  if (baseLine === undefined) return [];
  return [
    makeFinding(infraRules.statefulResourceDestroy, {
      ...site,
      path: review.path,
      line: baseLine.start,
      side: "LEFT",
    }),
  ];
}

function lifecycleFlag(block: TerraformBlock): unknown {
  return asMap(asList(block.body.lifecycle)[0])?.prevent_destroy;
}

function instanceKeysChanged(
  before: TerraformBlock,
  after: TerraformBlock,
  review: DestroyReview,
): Finding[] {
  const keyed = (block: TerraformBlock) =>
    block.body.count !== undefined ? "count" : block.body.for_each !== undefined ? "for_each" : undefined;
  const was = keyed(before);
  const now = keyed(after);
  if (was === now) return [];
  const { address, type } = before;
  const newAddress = now === "count" ? `${address}[0]` : now === "for_each" ? `${address}["<key>"]` : address;
  const oldAddress = was === "count" ? `${address}[0]` : was === "for_each" ? `${address}["<key>"]` : address;
  const change = now === undefined ? `Removing \`${was}\`` : `Adding \`${now}\``;
  const site = {
    path: review.path,
    subject: `${address} instance keys`,
    message:
      `${change} moves \`${oldAddress}\` to \`${newAddress}\`, which Terraform plans as destroying the existing ` +
      `${type} and creating an empty one. Add \`moved { from = ${oldAddress}  to = ${newAddress} }\`.`,
    haltQuestion:
      `${change} on \`${address}\` changes its address to \`${newAddress}\`, so Terraform plans to destroy ` +
      `\`${type}\`. Is a \`moved {}\` block planned?`,
  };
  if (now !== undefined) {
    const span = attributeSpan(after, now);
    if (span === undefined || !review.addedLines.has(span.start)) return [];
    return [makeFinding(infraRules.statefulResourceDestroy, { ...site, line: span.start })];
  }
  const removed = was === undefined ? undefined : attributeSpan(before, was);
  if (removed === undefined) return [];
  return [makeFinding(infraRules.statefulResourceDestroy, { ...site, line: removed.start, side: "LEFT" })];
}
