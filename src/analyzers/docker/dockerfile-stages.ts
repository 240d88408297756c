// A Dockerfile's build stages, each with its instructions and the stage it builds on.
import { type Dockerfile, From, type Instruction } from "dockerfile-ast";
import type { LineSpan } from "../infra/line-span.js";

export interface DockerStage {
  from: From;
  /** `AS name`, lower-cased (Docker compares stage names case-insensitively). */
  alias?: string;
  /** The earlier stage this one builds on (`FROM build`), when it does. */
  parent?: DockerStage;
  /** Instructions after the `FROM`, up to the next `FROM`. */
  instructions: Instruction[];
  span: LineSpan;
}

/** The 1-based lines of an instruction, continuation lines included. */
export function instructionSpan(instruction: Instruction): LineSpan {
  const range = instruction.getRange();
  return { start: range.start.line + 1, end: range.end.line + 1 };
}

export function dockerStages(dockerfile: Dockerfile): DockerStage[] {
  const stages: DockerStage[] = [];
  const byAlias = new Map<string, DockerStage>();
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      const stage: DockerStage = { from: instruction, instructions: [], span: instructionSpan(instruction) };
      const parent = byAlias.get(instruction.getImage()?.toLowerCase() ?? "");
      if (parent !== undefined) stage.parent = parent;
      const alias = instruction.getBuildStage()?.toLowerCase();
      if (alias !== undefined) {
        stage.alias = alias;
        byAlias.set(alias, stage);
      }
      stages.push(stage);
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) continue; // ARGs before the first FROM
    stage.instructions.push(instruction);
    stage.span = { start: stage.span.start, end: instructionSpan(instruction).end };
  }
  return stages;
}

/** The stage and the stages it builds on, base first: what the final image inherits. */
export function stageLineage(stage: DockerStage): DockerStage[] {
  const lineage: DockerStage[] = [];
  const seen = new Set<DockerStage>();
  for (let current: DockerStage | undefined = stage; current !== undefined; current = current.parent) {
    if (seen.has(current)) break;
    seen.add(current);
    lineage.unshift(current);
  }
  return lineage;
}
