// Rails `resources :orders` / `resource :profile`: the standard REST routes (narrowed by `only:`/`except:`)
// and the scope a `do … end` block after them opens for nested resources, `member` and `collection`.
import type { Endpoint } from "../api-surface.js";
import { joinRoutePath } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { pluralize, singularize } from "./inflection.js";
import { qualify, type RouteScope, routeEndpoint, routesIn } from "./rails-routes.js";
import { blockStatements, literalName, optionValue, positionalArguments, symbolList } from "./ruby-calls.js";

type Place = "collection" | "new" | "edit" | "member";
type StandardRoute = readonly [action: string, method: string, place: Place];

/** Rails' own order of the routes `resources` draws. */
const standardRoutes: readonly StandardRoute[] = [
  ["index", "GET", "collection"],
  ["create", "POST", "collection"],
  ["new", "GET", "new"],
  ["edit", "GET", "edit"],
  ["show", "GET", "member"],
  ["update", "PATCH", "member"],
  ["update", "PUT", "member"],
  ["destroy", "DELETE", "member"],
];

export function resourceRoutes(call: SyntaxNode, plural: boolean, scope: RouteScope): Endpoint[] {
  const names = positionalArguments(call).map(literalName);
  if (names.length === 0 || names.some((name) => name === undefined)) return [];
  return names.flatMap((name) => (name === undefined ? [] : oneResource(call, name, plural, scope)));
}

function oneResource(call: SyntaxNode, name: string, plural: boolean, scope: RouteScope): Endpoint[] {
  const actions = selectedActions(call);
  if (actions === undefined) return [];
  const segment = literalName(optionValue(call, "path")) ?? name;
  const moduleName = literalName(optionValue(call, "module"));
  const module = moduleName === undefined ? scope.module : qualify(scope.module, moduleName);
  const controller = qualify(
    module,
    literalName(optionValue(call, "controller")) ?? (plural ? name : pluralize(name)),
  );
  const shallow = scope.shallow || hasTrueOption(call, "shallow");
  const collectionPath = joinRoutePath(scope.path, segment);
  const param = literalName(optionValue(call, "param")) ?? "id";
  const memberPath = plural ? joinRoutePath(collectionPath, `:${param}`) : collectionPath;
  // Shallow nesting: member routes of a nested resource drop the parent's segments.
  const shallowMember = plural
    ? joinRoutePath(joinRoutePath(scope.shallowPath, segment), `:${param}`)
    : memberPath;
  const memberBase = shallow && scope.memberPath !== undefined ? shallowMember : memberPath;
  const pathOf: Record<Place, string> = {
    collection: collectionPath,
    new: joinRoutePath(collectionPath, "new"),
    edit: joinRoutePath(memberBase, "edit"),
    member: memberBase,
  };
  const routes = standardRoutes
    .filter(([action]) => actions.has(action) && (plural || action !== "index"))
    .map(([action, method, place]) =>
      routeEndpoint(method, pathOf[place], `${controller}#${action}`, scope, call),
    );
  const nestedPath = plural ? joinRoutePath(collectionPath, `:${singularize(name)}_id`) : collectionPath;
  const inner: RouteScope = {
    ...scope,
    path: nestedPath,
    controller,
    memberPath: memberBase,
    collectionPath,
    shallow,
  };
  return [...routes, ...routesIn(blockStatements(call), inner)];
}

/** The actions `only:`/`except:` leave; undefined when either is not a literal list. */
function selectedActions(call: SyntaxNode): Set<string> | undefined {
  const all = new Set(standardRoutes.map(([action]) => action));
  const onlyNode = optionValue(call, "only");
  const exceptNode = optionValue(call, "except");
  const only = onlyNode === undefined ? [...all] : symbolList(onlyNode);
  const except = exceptNode === undefined ? [] : symbolList(exceptNode);
  if (only === undefined || except === undefined) return undefined;
  return new Set(only.filter((action) => all.has(action) && !except.includes(action)));
}

function hasTrueOption(call: SyntaxNode, name: string): boolean {
  return optionValue(call, name)?.type === "true";
}
