// Base vs head of every API file of a PR, compared as one surface: an endpoint that leaves one file for
// another was moved, not removed; a serializer renamed is not a serializer whose fields all disappeared.
import type { ApiSurface, Endpoint, Guard, Shape, ShapeField } from "./api-surface.js";

/** One changed file's surfaces; `base` absent for an added file, `head` absent for a removed one. */
export interface FileSurfaces {
  path: string;
  base?: ApiSurface;
  head?: ApiSurface;
}

export type SurfaceChange =
  | { kind: "endpoint-removed"; path: string; endpoint: Endpoint }
  | {
      kind: "auth-weakened";
      path: string;
      base: Endpoint;
      head: Endpoint;
      /** Guards of the base that the head no longer has. */
      removed: Guard[];
      /** Allow-all guards the head added. */
      allowsAll: Guard[];
    }
  | {
      kind: "status-changed";
      path: string;
      base: Endpoint;
      head: Endpoint;
      removed: number[];
      added: number[];
    }
  | { kind: "fields-removed"; path: string; base: Shape; head: Shape; fields: ShapeField[] }
  | { kind: "fields-newly-required"; path: string; base: Shape; head: Shape; fields: ShapeField[] };

/** Guards compare by what they say, not how they are laid out. */
const guardName = (guard: Guard): string => guard.name.replace(/\s+/g, "");
const isSuccess = (code: number): boolean => code >= 200 && code < 300;

export function compareApiSurfaces(files: readonly FileSurfaces[]): SurfaceChange[] {
  const headEndpoints = indexBy(
    files,
    "head",
    (surface) => surface.endpoints,
    (endpoint) => endpoint.key,
  );
  const headShapes = indexBy(
    files,
    "head",
    (surface) => surface.shapes,
    (shape) => shape.name,
  );
  const changes: SurfaceChange[] = [];
  for (const file of files) {
    if (file.base === undefined) continue;
    const seen = new Set<string>();
    for (const endpoint of file.base.endpoints) {
      if (seen.has(endpoint.key)) continue;
      seen.add(endpoint.key);
      const head = counterpart(headEndpoints.get(endpoint.key), file.path);
      if (head === undefined) changes.push({ kind: "endpoint-removed", path: file.path, endpoint });
      else changes.push(...compareEndpoint(file.path, endpoint, head));
    }
    for (const shape of file.base.shapes) {
      const head = counterpart(headShapes.get(shape.name), file.path);
      if (head !== undefined) changes.push(...compareShape(file.path, shape, head));
    }
  }
  return changes;
}

/** Head items by key, remembering the file each came from. */
function indexBy<T>(
  files: readonly FileSurfaces[],
  side: "base" | "head",
  items: (surface: ApiSurface) => readonly T[],
  keyOf: (item: T) => string,
): Map<string, Array<{ path: string; item: T }>> {
  const index = new Map<string, Array<{ path: string; item: T }>>();
  for (const file of files) {
    const surface = file[side];
    if (surface === undefined) continue;
    for (const item of items(surface)) {
      const key = keyOf(item);
      index.set(key, [...(index.get(key) ?? []), { path: file.path, item }]);
    }
  }
  return index;
}

/** The same file's item first (it stayed where it was), else one that moved to another file. */
function counterpart<T>(
  candidates: Array<{ path: string; item: T }> | undefined,
  path: string,
): T | undefined {
  return (candidates?.find((candidate) => candidate.path === path) ?? candidates?.[0])?.item;
}

function compareEndpoint(path: string, base: Endpoint, head: Endpoint): SurfaceChange[] {
  const changes: SurfaceChange[] = [];
  const baseNames = new Set(base.guards.map(guardName));
  const headNames = new Set(head.guards.map(guardName));
  const removed = base.guards.filter((guard) => !guard.allowsAll && !headNames.has(guardName(guard)));
  const added = head.guards.filter((guard) => !baseNames.has(guardName(guard)));
  const allowsAll = added.filter((guard) => guard.allowsAll);
  // A guard replaced by another (`IsAuthenticated` → `IsAdminUser`) cannot be judged by name: not reported.
  const replaced = added.some((guard) => !guard.allowsAll);
  if (allowsAll.length > 0 || (removed.length > 0 && !replaced)) {
    changes.push({ kind: "auth-weakened", path, base, head, removed, allowsAll });
  }
  // Only success statuses: a new error path (a 404, a 422) is not a changed contract for working clients.
  const baseSuccess = base.statusCodes.filter(isSuccess);
  const headSuccess = head.statusCodes.filter(isSuccess);
  const removedCodes = baseSuccess.filter((code) => !headSuccess.includes(code));
  const addedCodes = headSuccess.filter((code) => !baseSuccess.includes(code));
  if (removedCodes.length > 0 && headSuccess.length > 0) {
    changes.push({ kind: "status-changed", path, base, head, removed: removedCodes, added: addedCodes });
  }
  return changes;
}

function compareShape(path: string, base: Shape, head: Shape): SurfaceChange[] {
  const changes: SurfaceChange[] = [];
  const headFields = new Map(head.fields.map((field) => [field.name, field]));
  const baseFields = new Map(base.fields.map((field) => [field.name, field]));
  if (!head.open) {
    const removed = base.fields.filter((field) => !headFields.has(field.name));
    if (removed.length > 0) changes.push({ kind: "fields-removed", path, base, head, fields: removed });
  }
  if (head.role === "request" || head.role === "both") {
    const required = head.fields.filter(
      (field) => field.required && baseFields.get(field.name)?.required !== true,
    );
    if (required.length > 0)
      changes.push({ kind: "fields-newly-required", path, base, head, fields: required });
  }
  return changes;
}
