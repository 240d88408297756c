// The base → head endpoint and shape table of a PR's API files, for the Claude architect: what the parsers
// found, so the model judges scoping, pagination and error formats against facts instead of guessing them
// from the diff's fragments.
import type { Endpoint, Shape } from "./api-surface.js";
import type { FileSurfaces } from "./compare-api-surfaces.js";

export interface EndpointRow {
  label: string;
  state: "added" | "removed" | "changed";
  /** Guard names on each side (absent on the side where the endpoint does not exist). */
  guards: { base?: string[]; head?: string[] };
  statusCodes: { base?: number[]; head?: number[] };
}

export interface ShapeRow {
  name: string;
  role: Shape["role"];
  state: "added" | "removed" | "changed";
  fieldsAdded: string[];
  fieldsRemoved: string[];
  newlyRequired: string[];
}

export interface FileSurfaceTable {
  path: string;
  endpoints: EndpointRow[];
  shapes: ShapeRow[];
  /** Endpoints and shapes present on both sides with nothing changed: counted, not listed. */
  unchanged: number;
}

export function surfaceTable(files: readonly FileSurfaces[]): FileSurfaceTable[] {
  return files
    .map((file) => {
      const table: FileSurfaceTable = { path: file.path, endpoints: [], shapes: [], unchanged: 0 };
      const base = new Map((file.base?.endpoints ?? []).map((endpoint) => [endpoint.key, endpoint]));
      const head = new Map((file.head?.endpoints ?? []).map((endpoint) => [endpoint.key, endpoint]));
      for (const key of new Set([...base.keys(), ...head.keys()])) {
        const row = endpointRow(base.get(key), head.get(key));
        if (row === undefined) table.unchanged++;
        else table.endpoints.push(row);
      }
      const baseShapes = new Map((file.base?.shapes ?? []).map((shape) => [shape.name, shape]));
      const headShapes = new Map((file.head?.shapes ?? []).map((shape) => [shape.name, shape]));
      for (const name of new Set([...baseShapes.keys(), ...headShapes.keys()])) {
        const row = shapeRow(baseShapes.get(name), headShapes.get(name));
        if (row === undefined) table.unchanged++;
        else table.shapes.push(row);
      }
      return table;
    })
    .filter((table) => table.endpoints.length > 0 || table.shapes.length > 0);
}

function endpointRow(base: Endpoint | undefined, head: Endpoint | undefined): EndpointRow | undefined {
  const either = head ?? base;
  if (either === undefined) return undefined;
  const guards = (endpoint: Endpoint) => endpoint.guards.map((guard) => guard.name);
  const row: EndpointRow = {
    label: either.label,
    state: base === undefined ? "added" : head === undefined ? "removed" : "changed",
    guards: {},
    statusCodes: {},
  };
  if (base !== undefined) {
    row.guards.base = guards(base);
    row.statusCodes.base = base.statusCodes;
  }
  if (head !== undefined) {
    row.guards.head = guards(head);
    row.statusCodes.head = head.statusCodes;
  }
  const same = (a: readonly unknown[] = [], b: readonly unknown[] = []) =>
    a.length === b.length && a.every((item, index) => item === b[index]);
  if (
    row.state === "changed" &&
    same(row.guards.base, row.guards.head) &&
    same(row.statusCodes.base, row.statusCodes.head)
  ) {
    return undefined;
  }
  return row;
}

function shapeRow(base: Shape | undefined, head: Shape | undefined): ShapeRow | undefined {
  const either = head ?? base;
  if (either === undefined) return undefined;
  const names = (shape: Shape | undefined) => new Set((shape?.fields ?? []).map((field) => field.name));
  const before = names(base);
  const after = names(head);
  const wasRequired = new Set(
    (base?.fields ?? []).filter((field) => field.required).map((field) => field.name),
  );
  const row: ShapeRow = {
    name: either.name,
    role: either.role,
    state: base === undefined ? "added" : head === undefined ? "removed" : "changed",
    fieldsAdded: [...after].filter((name) => !before.has(name)),
    fieldsRemoved: head?.open === true ? [] : [...before].filter((name) => !after.has(name)),
    newlyRequired:
      base === undefined
        ? []
        : (head?.fields ?? [])
            .filter((field) => field.required && !wasRequired.has(field.name))
            .map((field) => field.name),
  };
  const changed = row.fieldsAdded.length + row.fieldsRemoved.length + row.newlyRequired.length > 0;
  return row.state === "changed" && !changed ? undefined : row;
}
