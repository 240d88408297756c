// Base against head: which models changed a column or table declaration, and where.
import type { DataModel, ModelDeclaration } from "./data-model.js";

export interface ModelChange {
  model: string;
  family: DataModel["family"];
  /** `added`: the model is new; `removed`: it is gone; `changed`: some of its declarations differ. */
  kind: "added" | "removed" | "changed";
  /** Column names by what happened to them. */
  columns: { added: string[]; removed: string[]; changed: string[] };
  /** Table-level declarations that differ (`__table_args__`, `@Entity`). */
  options: string[];
  /** The differing declarations on each side, for anchoring. */
  head: ModelDeclaration[];
  base: ModelDeclaration[];
}

/**
 * Models match by family and name. Active Record models only count added `belongs_to` columns: dropping an
 * association, or the model, leaves the column in place and needs no migration.
 */
export function modelChanges(base: readonly DataModel[], head: readonly DataModel[]): ModelChange[] {
  const keyOf = (model: DataModel) => `${model.family}:${model.name}`;
  const before = new Map(base.map((model) => [keyOf(model), model]));
  const after = new Map(head.map((model) => [keyOf(model), model]));
  const changes: ModelChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const current = after.get(key);
    const model = (current ?? old) as DataModel;
    const additionsOnly = model.family === "rails";
    if (additionsOnly && current === undefined) continue;
    const change: ModelChange = {
      model: model.name,
      family: model.family,
      kind: old === undefined ? "added" : current === undefined ? "removed" : "changed",
      columns: { added: [], removed: [], changed: [] },
      options: [],
      head: [],
      base: [],
    };
    const record = (from?: ModelDeclaration, to?: ModelDeclaration) => note(change, from, to);
    for (const name of differing(old?.columns, current?.columns, additionsOnly, record)) {
      const how =
        old?.columns.has(name) !== true
          ? "added"
          : current?.columns.has(name) !== true
            ? "removed"
            : "changed";
      change.columns[how].push(name);
    }
    change.options = differing(old?.options, current?.options, additionsOnly, record);
    const columns = Object.values(change.columns).flat();
    if (columns.length === 0 && change.options.length === 0) continue;
    // A new model is anchored on its declaration, a removed one on where it was.
    if (change.kind === "added") change.head = [{ text: "", ...model.lines }];
    if (change.kind === "removed") change.base = [{ text: "", ...model.lines }];
    changes.push(change);
  }
  return changes;
}

function note(change: ModelChange, from?: ModelDeclaration, to?: ModelDeclaration): void {
  if (to !== undefined) change.head.push(to);
  if (from !== undefined) change.base.push(from);
}

function differing(
  before: ReadonlyMap<string, ModelDeclaration> | undefined,
  after: ReadonlyMap<string, ModelDeclaration> | undefined,
  additionsOnly: boolean,
  found: (from?: ModelDeclaration, to?: ModelDeclaration) => void,
): string[] {
  const names: string[] = [];
  for (const name of new Set([...(after?.keys() ?? []), ...(before?.keys() ?? [])])) {
    const from = before?.get(name);
    const to = after?.get(name);
    if (from?.text === to?.text || (additionsOnly && to === undefined)) continue;
    names.push(name);
    found(from, to);
  }
  return names;
}
