// What the route walk knows about routers while reading a function: each router variable's path prefix and
// the guards routes registered on it inherit (`r.Use(requireAuth)` adds to them for later routes).
import { type Guard, joinRoutePath } from "../api-surface.js";

export interface RouterState {
  prefix: string;
  guards: Guard[];
}

/** Router variables visible at one point: a function body, or a closure (`func(r chi.Router) {…}`) in it. */
export interface RouterScope {
  routers: Map<string, RouterState>;
  parent?: RouterScope;
  /** Where routers created in this function are mounted (`r.Mount("/admin", adminRouter())`). */
  mountedAt?: RouterState;
}

export function rootScope(mountedAt?: RouterState): RouterScope {
  return mountedAt === undefined ? { routers: new Map() } : { routers: new Map(), mountedAt };
}

export function childScope(parent: RouterScope): RouterScope {
  return { routers: new Map(), parent };
}

export function lookupRouter(scope: RouterScope, name: string): RouterState | undefined {
  for (let current: RouterScope | undefined = scope; current !== undefined; current = current.parent) {
    const found = current.routers.get(name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A new router: at the mount point when this function's router is mounted, else at the root. */
export function newRouter(scope: RouterScope): RouterState {
  const mountedAt = outermost(scope).mountedAt;
  return mountedAt === undefined ? { prefix: "", guards: [] } : derive(mountedAt);
}

/** A router first seen as a name (a parameter, a field, `http`): remembered for the whole function. */
export function implicitRouter(scope: RouterScope, name: string): RouterState {
  const found = lookupRouter(scope, name);
  if (found !== undefined) return found;
  const created = newRouter(scope);
  outermost(scope).routers.set(name, created);
  return created;
}

/** A sub-router: same prefix and guards, its own list so its `Use` does not reach the parent. */
export function derive(state: RouterState, path = "", guards: readonly Guard[] = []): RouterState {
  const prefix = joinRoutePath(state.prefix, path);
  return { prefix, guards: [...state.guards, ...guards] };
}

function outermost(scope: RouterScope): RouterScope {
  let current = scope;
  while (current.parent !== undefined) current = current.parent;
  return current;
}
