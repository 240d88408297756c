// Reviews one Terraform file: I8–I10 and I11's safeguards on the head, I11's destroys against the base.
import type { ChangedFile, Finding } from "../../domain/model.js";
import type { AnalysisResult } from "../analyzer.js";
import { infraSource, oversizeNote, unparseableNote } from "../infra/infra-source.js";
import { locateHclBlocks } from "./locate-hcl-blocks.js";
import { parseTerraform } from "./parse-terraform.js";
import { reviewDestroyedResources, reviewDestroySafeguards } from "./review-destroy.js";
import { reviewEncryption } from "./review-encryption.js";
import { reviewExposure } from "./review-exposure.js";
import { reviewIam } from "./review-iam.js";
import {
  type ModuleAddresses,
  moduleAddresses,
  type TerraformFile,
  terraformFile,
} from "./terraform-blocks.js";
import type { TerraformScope } from "./terraform-scope.js";

const terraformPath = /\.tf$/i;

export async function analyzeTerraform(
  file: ChangedFile,
  files: readonly ChangedFile[],
): Promise<AnalysisResult> {
  let head: TerraformFile | undefined;
  const findings: Finding[] = [];
  if (file.status !== "removed") {
    const source = infraSource(file, "Terraform");
    if (!source.ok) return source.result;
    const parsed = await parseTerraform(file.path, source.text);
    if (!parsed.ok) return unparseableNote(file.path, "Terraform", parsed.message, parsed.line);
    head = terraformFile(parsed.json, source.text);
    const scope: TerraformScope = { path: file.path, addedLines: file.addedLines, file: head };
    for (const block of head.blocks) {
      findings.push(
        ...(await reviewExposure(block, scope)),
        ...reviewEncryption(block, scope),
        ...(await reviewIam(block, scope)),
        ...reviewDestroySafeguards(block, scope),
      );
    }
  }

  const base = await parseBase(file);
  const module = base === undefined ? undefined : moduleAfterChange(file, head, files);
  if (base !== undefined && module !== undefined) {
    findings.push(
      ...reviewDestroyedResources({ path: file.path, addedLines: file.addedLines, base, head, module }),
    );
  }
  return { findings, notes: [] };
}

/** The base version, when there is one we can read; a base that does not parse only skips destroy checks. */
async function parseBase(file: ChangedFile): Promise<TerraformFile | undefined> {
  const text = file.baseContent;
  const path = file.previousPath ?? file.path;
  if (text === undefined || oversizeNote(path, text, "Terraform") !== undefined) return undefined;
  const parsed = await parseTerraform(path, text);
  return parsed.ok ? terraformFile(parsed.json, text) : undefined;
}

/**
 * Terraform addresses are per module (directory), not per file: a resource moved to a sibling file keeps
 * its address. Every `.tf` file of the base file's directory that the PR changed is read; unchanged files
 * cannot declare an address this file declared. `undefined` when a changed sibling could not be read.
 */
function moduleAfterChange(
  file: ChangedFile,
  head: TerraformFile | undefined,
  files: readonly ChangedFile[],
): ModuleAddresses | undefined {
  const directory = directoryOf(file.previousPath ?? file.path);
  const located = directoryOf(file.path) === directory && head !== undefined ? [...head.located] : [];
  for (const sibling of files) {
    if (sibling.path === file.path || !terraformPath.test(sibling.path)) continue;
    if (directoryOf(sibling.path) !== directory || sibling.status === "removed") continue;
    if (sibling.headContent === undefined) return undefined;
    located.push(...locateHclBlocks(sibling.headContent));
  }
  return moduleAddresses(located);
}

function directoryOf(path: string): string {
  return path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
}
